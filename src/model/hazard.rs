//! Piecewise-constant hazards: departure by tenure, retirement by age.
//!
//! Owns the arithmetic of a hazard that is constant within bands: cumulative
//! hazard, event times from an Exp(1) draw (by inverting the cumulative hazard), the median, and the stationary
//! distribution of elapsed tenure used to seed the doctors in post at the start.
//! Pure functions of numbers; never draws random numbers itself (callers pass
//! the uniforms in), never reads files.

/// H(t) of the hazard with these band starts and rates, with the same arithmetic
/// as `PiecewiseHazard::cumulative` (without building one).
pub fn cumulative_of(starts: &[f64], rates: &[f64], t: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let mut acc = 0.0;
    for i in 0..starts.len() {
        match starts.get(i + 1) {
            Some(&next) if next <= t => acc += rates[i] * (next - starts[i]),
            _ => return acc + rates[i] * (t - starts[i]),
        }
    }
    acc
}

/// A hazard that is `rates[i]` per year from `starts[i]` until `starts[i + 1]`
/// (the last band runs forever). `starts[0] == 0`, strictly increasing.
#[derive(Debug, Clone, PartialEq)]
pub struct PiecewiseHazard {
    starts: Vec<f64>,
    rates: Vec<f64>,
    /// Everything about each band in one place, for the hot paths: one bounds
    /// check per band visited instead of one per array.
    bands: Vec<Band>,
}

/// One band, with what event times and the stationary distribution need.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Band {
    start: f64,
    /// The next band's start (infinite for the last band).
    end: f64,
    rate: f64,
    /// Cumulative hazard H at the band's start and end (infinite end for the
    /// last band), for event times by inversion.
    cum: f64,
    cum_end: f64,
    /// ∫ S over the band (S = exp(−H)), the sum of that over the bands before,
    /// and S at the band's start: the stationary distribution of elapsed tenure.
    weight: f64,
    prefix: f64,
    surv_start: f64,
    /// 1 − exp(−rate · width) (1 for the last band).
    span: f64,
}

impl PiecewiseHazard {
    /// Builds a hazard; rejects unsorted bands, negative or non-finite rates.
    // `!(a < b)` on purpose: it also rejects NaN.
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    pub fn new(starts: Vec<f64>, rates: Vec<f64>) -> Result<Self, String> {
        if starts.is_empty() || starts.len() != rates.len() {
            return Err(format!(
                "need one rate per band: {} band starts but {} rates",
                starts.len(),
                rates.len()
            ));
        }
        if starts[0] != 0.0 {
            return Err(format!("the first band must start at 0, not {}", starts[0]));
        }
        if starts.windows(2).any(|w| !(w[0] < w[1])) || starts.iter().any(|s| !s.is_finite()) {
            return Err("band starts must be finite and strictly increasing".into());
        }
        if let Some(r) = rates.iter().find(|r| !r.is_finite() || **r < 0.0) {
            return Err(format!("hazard rates must be finite and ≥ 0, got {r}"));
        }
        let n = starts.len();
        let mut bands = Vec::with_capacity(n);
        let (mut cum, mut prefix) = (0.0, 0.0);
        for i in 0..n {
            let (start, rate) = (starts[i], rates[i]);
            let end = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
            let width = end - start;
            let cum_end = if end.is_finite() {
                cum + rate * width
            } else {
                f64::INFINITY
            };
            let surv_start = (-cum).exp();
            let span = if width.is_finite() {
                1.0 - (-rate * width).exp()
            } else {
                1.0
            };
            let weight = if rate > 0.0 {
                surv_start * span / rate
            } else {
                surv_start * width
            };
            bands.push(Band {
                start,
                end,
                rate,
                cum,
                cum_end,
                weight,
                prefix,
                surv_start,
                span,
            });
            prefix += weight;
            if end.is_finite() {
                cum = cum_end;
            }
        }
        Ok(Self {
            starts,
            rates,
            bands,
        })
    }

    /// Scales `shape` so that the median time to event equals `median` years.
    pub fn with_median(starts: Vec<f64>, shape: &[f64], median: f64) -> Result<Self, String> {
        if !(median > 0.0 && median.is_finite()) {
            return Err(format!("a median duration must be > 0 years, got {median}"));
        }
        let unit = Self::new(starts, shape.to_vec())?;
        let h = unit.cumulative(median);
        if h <= 0.0 {
            return Err("the hazard shape is zero up to the median; give it positive rates".into());
        }
        let c = std::f64::consts::LN_2 / h;
        Self::new(
            unit.starts.clone(),
            unit.rates.iter().map(|r| r * c).collect(),
        )
    }

    pub fn starts(&self) -> &[f64] {
        &self.starts
    }

    pub fn rates(&self) -> &[f64] {
        &self.rates
    }

    /// The same hazard with every rate multiplied by `m` (≥ 0).
    pub fn scaled(&self, m: f64) -> Self {
        Self::new(
            self.starts.clone(),
            self.rates.iter().map(|r| r * m).collect(),
        )
        .expect("a non-negative multiple of a valid hazard is valid")
    }

    /// The same hazard with band `i`'s rate multiplied by `factors[i]` (≥ 0).
    pub fn scaled_by_band(&self, factors: &[f64]) -> Self {
        Self::new(
            self.starts.clone(),
            self.rates.iter().zip(factors).map(|(r, f)| r * f).collect(),
        )
        .expect("non-negative multiples of a valid hazard are valid")
    }

    /// Index of the band that contains `t` (≥ 0).
    #[inline(always)]
    pub fn band_of(&self, t: f64) -> usize {
        // The number of band ends at or before t (they increase). Bands are
        // few: counting all of them costs less than a walk that stops early,
        // whose exit branch is mispredicted about once a call.
        let n = self.bands.len();
        self.bands[..n - 1]
            .iter()
            .map(|b| usize::from(b.end <= t))
            .sum()
    }

    /// `cumulative(t)` for times that never decrease from call to call with
    /// the same `band` (start it at 0): the band is found by walking on from
    /// the last one instead of counting every band end. The same arithmetic,
    /// so the same value to the bit.
    #[inline]
    pub fn cumulative_onwards(&self, t: f64, band: &mut usize) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let last = self.bands.len() - 1;
        while *band < last && self.bands[*band].end <= t {
            *band += 1;
        }
        let b = &self.bands[*band];
        b.cum + b.rate * (t - b.start)
    }

    /// Cumulative hazard H(t) = ∫₀ᵗ h (t ≥ 0).
    #[inline]
    pub fn cumulative(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let b = &self.bands[self.band_of(t)];
        b.cum + b.rate * (t - b.start)
    }

    /// The time T ≥ `from` at which the hazard accumulated since `from` reaches
    /// `e` (pass an Exp(1) draw to sample the event time): H is inverted with the
    /// cumulative hazard kept at each band's start, in the same few steps
    /// however many bands are crossed. Infinite if never.
    #[inline(always)]
    pub fn time_after(&self, from: f64, e: f64) -> f64 {
        let e = crate::fastmath::max(e, 0.0);
        let bands = &self.bands[..];
        let i = self.band_of(from);
        let b = &bands[i];
        let target = b.cum + b.rate * (from - b.start) + e;
        // The band where H reaches the target: the number of band ends where H
        // is at most the target (H increases, and it is at most the target at
        // every end before `from`), counted without a branch as in `band_of`.
        let j: usize = bands[..bands.len() - 1]
            .iter()
            .map(|b| usize::from(b.cum_end <= target))
            .sum();
        if j > i {
            let b = &bands[j];
            return if b.rate > 0.0 {
                b.start + (target - b.cum) / b.rate
            } else {
                f64::INFINITY
            };
        }
        if b.rate > 0.0 {
            from + e / b.rate
        } else {
            f64::INFINITY
        }
    }

    /// Median time to event from 0 (infinite if the hazard never reaches ln 2).
    pub fn median(&self) -> f64 {
        self.time_after(0.0, std::f64::consts::LN_2)
    }

    /// Mean time to event, ∫₀^∞ S (infinite if the last band's rate is 0).
    pub fn mean(&self) -> f64 {
        self.bands.last().map_or(0.0, |b| b.prefix + b.weight)
    }

    /// Share of the stationary elapsed-tenure distribution below `a`.
    pub fn stationary_cdf(&self, a: f64) -> f64 {
        if a <= 0.0 {
            return 0.0;
        }
        let b = &self.bands[self.band_of(a)];
        let partial = if b.rate > 0.0 {
            b.surv_start * (1.0 - (-b.rate * (a - b.start)).exp()) / b.rate
        } else {
            b.surv_start * (a - b.start)
        };
        ((b.prefix + partial) / self.mean()).min(1.0)
    }

    /// `stationary_elapsed` conditioned on being below `limit` (e.g. so that a
    /// doctor in post at the start has not passed the age everyone retires at).
    pub fn stationary_elapsed_below(&self, u: f64, limit: f64) -> f64 {
        self.stationary_elapsed(u * self.stationary_cdf(limit).max(f64::MIN_POSITIVE))
    }

    /// Elapsed tenure of a post-holder observed at a random time in a stationary
    /// renewal process: density S(a) / ∫S, sampled by inverse CDF at `u` ∈ (0, 1).
    /// Needs a positive rate in the last band.
    pub fn stationary_elapsed(&self, u: f64) -> f64 {
        let target = u * self.mean();
        let i = self
            .bands
            .partition_point(|b| b.prefix < target)
            .saturating_sub(1);
        let b = &self.bands[i];
        let v = ((target - b.prefix) / b.weight).clamp(0.0, 1.0);
        if b.rate > 0.0 {
            b.start - (1.0 - v * b.span).ln() / b.rate
        } else {
            b.start + v * (b.end - b.start)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> Vec<f64> {
        vec![0.0, 1.0, 3.0, 5.0, 10.0]
    }

    #[test]
    fn with_median_reproduces_the_median() {
        for m in [2.75, 5.91, 8.37] {
            let h = PiecewiseHazard::with_median(bands(), &[1.5, 1.2, 1.0, 1.0, 1.0], m).unwrap();
            assert!((h.median() - m).abs() < 1e-9, "{m}: {}", h.median());
        }
    }

    #[test]
    fn constant_hazard_is_exponential() {
        let h = PiecewiseHazard::new(vec![0.0], vec![0.5]).unwrap();
        assert!((h.time_after(3.0, 1.0) - 5.0).abs() < 1e-12);
        assert!((h.mean() - 2.0).abs() < 1e-12);
        // Stationary elapsed time of an exponential is the same exponential.
        assert!((h.stationary_elapsed(1.0 - (-1.0f64).exp()) - 2.0).abs() < 1e-9);
    }

    /// Walking on from the last band gives `cumulative` to the bit, on band
    /// ends and between them, from before 0 to beyond the last band.
    #[test]
    fn cumulative_onwards_is_cumulative() {
        let h = PiecewiseHazard::new(bands(), vec![0.3, 0.0, 0.2, 0.1, 0.05]).unwrap();
        let mut band = 0;
        for i in -4..=60 {
            let t = f64::from(i) * 0.25;
            let got = h.cumulative_onwards(t, &mut band);
            assert_eq!(got.to_bits(), h.cumulative(t).to_bits(), "t = {t}");
        }
    }

    #[test]
    fn time_after_inverts_the_cumulative_hazard() {
        let h = PiecewiseHazard::new(bands(), vec![0.3, 0.0, 0.2, 0.1, 0.05]).unwrap();
        for &from in &[0.0, 0.5, 2.0, 7.0, 12.0] {
            for &e in &[0.01, 0.3, 1.0, 2.5] {
                let t = h.time_after(from, e);
                assert!((h.cumulative(t) - h.cumulative(from) - e).abs() < 1e-9);
            }
        }
        let never = PiecewiseHazard::new(vec![0.0, 1.0], vec![0.1, 0.0]).unwrap();
        assert!(never.time_after(0.0, 5.0).is_infinite());
    }

    #[test]
    fn stationary_elapsed_is_monotone_and_matches_its_cdf() {
        let h = PiecewiseHazard::new(bands(), vec![0.3, 0.25, 0.2, 0.15, 0.1]).unwrap();
        let mut last = -1.0;
        for i in 1..100 {
            let a = h.stationary_elapsed(i as f64 / 100.0);
            assert!(a > last);
            last = a;
        }
        // CDF at a = ∫₀ᵃ S / ∫₀^∞ S, checked by a midpoint rule.
        let a = h.stationary_elapsed(0.4);
        let n = 200_000;
        let part: f64 = (0..n)
            .map(|k| (-h.cumulative((k as f64 + 0.5) * a / n as f64)).exp())
            .sum::<f64>()
            * a
            / n as f64;
        assert!((part / h.mean() - 0.4).abs() < 1e-6);
    }

    #[test]
    fn stationary_cdf_inverts_stationary_elapsed_and_truncation_holds() {
        let h = PiecewiseHazard::new(bands(), vec![0.3, 0.25, 0.2, 0.15, 0.1]).unwrap();
        for i in 1..20 {
            let u = i as f64 / 20.0;
            assert!((h.stationary_cdf(h.stationary_elapsed(u)) - u).abs() < 1e-9);
            assert!(h.stationary_elapsed_below(u, 4.0) < 4.0);
        }
    }

    #[test]
    fn rejects_bad_bands() {
        assert!(PiecewiseHazard::new(vec![0.0, 1.0], vec![0.1]).is_err());
        assert!(PiecewiseHazard::new(vec![0.0, 1.0], vec![0.1, -0.2]).is_err());
        assert!(PiecewiseHazard::new(vec![1.0], vec![0.1]).is_err());
        assert!(PiecewiseHazard::new(vec![0.0, 3.0, 2.0], vec![0.1, 0.1, 0.1]).is_err());
    }
}
