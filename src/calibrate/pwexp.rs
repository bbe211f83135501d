//! Piecewise-exponential hazards by tenure band, by maximum likelihood: in each
//! band the rate is events ÷ exposure (years in post spent in the band), with
//! exact Poisson (Garwood) 95 % intervals. Handles censoring: a running contract
//! contributes exposure but no event. Pure numbers.

use crate::model::normal;

/// The fitted hazard of one band.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub start_years: f64,
    pub end_years: f64,
    pub events: usize,
    pub exposure_years: f64,
    pub hazard: f64,
    pub lower: f64,
    pub upper: f64,
    /// No contract reached this band: its values are copied from the band before.
    pub pooled: bool,
}

impl Band {
    /// The band's tenure span in years: "1-3", or "10+" for the last band.
    pub fn span(&self) -> String {
        if self.end_years.is_finite() {
            format!("{}-{}", self.start_years, self.end_years)
        } else {
            format!("{}+", self.start_years)
        }
    }
}

/// Quantile of the chi-square distribution with `k` degrees of freedom. The
/// Garwood limits need only even `k` (2·events and 2·events + 2), where the
/// distribution function is a Poisson tail: P(χ²ₖ ≤ x) = P(Poisson(x/2) ≥ k/2).
/// That is solved by bisection, so the limits are exact; odd `k` falls back
/// to Wilson-Hilferty.
fn chi2_quantile(p: f64, k: f64) -> f64 {
    if k <= 0.0 {
        return 0.0;
    }
    if k.fract() != 0.0 || (k as u64) % 2 == 1 {
        let z = normal::inv_cdf(p);
        let c = 2.0 / (9.0 * k);
        return (k * (1.0 - c + z * c.sqrt()).powi(3)).max(0.0);
    }
    let n = (k as u64) / 2;
    let cdf = |x: f64| 1.0 - poisson_below(x / 2.0, n);
    let (mut lo, mut hi) = (0.0, k.max(1.0));
    while cdf(hi) < p {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// P(Poisson(m) < n): the sum of its first `n` terms, added in log space so
/// that a large mean neither underflows nor overflows.
fn poisson_below(m: f64, n: u64) -> f64 {
    if m <= 0.0 {
        return 1.0;
    }
    let ln_m = m.ln();
    let mut ln_term = -m; // ln of e^−m m^i / i!, i = 0
    let mut terms = Vec::with_capacity(n as usize);
    for i in 0..n {
        if i > 0 {
            ln_term += ln_m - (i as f64).ln();
        }
        terms.push(ln_term);
    }
    let top = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (top + terms.iter().map(|t| (t - top).exp()).sum::<f64>().ln())
        .exp()
        .min(1.0)
}

/// Fits one hazard per band (`starts` begin at 0) to (duration, ended) pairs.
/// A band no contract reached takes the estimate of the band before (`pooled`).
pub fn fit(data: &[(f64, bool)], starts: &[f64]) -> Vec<Band> {
    let mut bands = raw_fit(data, starts);
    for i in 1..bands.len() {
        if bands[i].exposure_years <= 0.0 {
            let prev = bands[i - 1].clone();
            let b = &mut bands[i];
            (b.hazard, b.lower, b.upper, b.pooled) = (prev.hazard, prev.lower, prev.upper, true);
        }
    }
    bands
}

fn raw_fit(data: &[(f64, bool)], starts: &[f64]) -> Vec<Band> {
    starts
        .iter()
        .enumerate()
        .map(|(i, &a)| {
            let b = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
            let mut events = 0;
            let mut exposure = 0.0;
            for &(t, ended) in data {
                if t > a {
                    exposure += t.min(b) - a;
                }
                if ended && t > a && t <= b {
                    events += 1;
                }
            }
            let d = events as f64;
            let (hazard, lower, upper) = if exposure > 0.0 {
                (
                    d / exposure,
                    chi2_quantile(0.025, 2.0 * d) / (2.0 * exposure),
                    chi2_quantile(0.975, 2.0 * d + 2.0) / (2.0 * exposure),
                )
            } else {
                (f64::NAN, f64::NAN, f64::NAN)
            };
            Band {
                start_years: a,
                end_years: b,
                events,
                exposure_years: exposure,
                hazard,
                lower,
                upper,
                pooled: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_events_over_exposure() {
        // Durations 0.5 (ended), 2 (ended), 4 (running), bands [0,1), [1,3), [3,∞).
        let bands = fit(&[(0.5, true), (2.0, true), (4.0, false)], &[0.0, 1.0, 3.0]);
        assert_eq!(bands[0].events, 1);
        assert!((bands[0].exposure_years - 2.5).abs() < 1e-12);
        assert!((bands[0].hazard - 0.4).abs() < 1e-12);
        assert_eq!(bands[1].events, 1);
        assert!((bands[1].exposure_years - 3.0).abs() < 1e-12);
        assert_eq!(bands[2].events, 0);
        assert!((bands[2].exposure_years - 1.0).abs() < 1e-12);
        // With no events, the upper limit is −ln(0.025) / exposure.
        assert!((bands[2].upper - 0.025f64.ln().abs()).abs() < 1e-12);
        assert_eq!(bands[2].lower, 0.0);
    }

    #[test]
    fn a_band_nobody_reached_takes_the_band_before() {
        let bands = fit(&[(0.5, true), (2.0, false)], &[0.0, 1.0, 3.0]);
        assert!(bands[2].pooled && bands[2].exposure_years == 0.0);
        assert_eq!(bands[2].hazard, bands[1].hazard);
        assert!(bands.iter().all(|b| b.hazard.is_finite()));
    }

    #[test]
    fn chi_square_quantiles() {
        // Tables: χ²₁₀ at 0.975 and 0.025; χ²₄ at 0.975 (the upper limit for
        // one event, which Wilson-Hilferty put at 11.127 instead of 11.143).
        assert!((chi2_quantile(0.975, 10.0) - 20.4832).abs() < 1e-3);
        assert!((chi2_quantile(0.025, 10.0) - 3.2470).abs() < 1e-3);
        assert!((chi2_quantile(0.975, 4.0) - 11.1433).abs() < 1e-3);
        assert!((chi2_quantile(0.975, 2.0) - -2.0 * 0.025f64.ln()).abs() < 1e-9);
        // Many events: no underflow (χ²₂₀₀₀ at 0.975 ≈ 2125.8).
        assert!((chi2_quantile(0.975, 2000.0) - 2125.84).abs() < 0.1);
    }

    #[test]
    fn one_event_in_6_4189_years_has_the_exact_garwood_upper_limit() {
        // Regression (fresh-eyes review, session 10): 0.8668 per year, the
        // exact limit is 0.8680.
        let b = &fit(&[(6.4189, true)], &[0.0])[0];
        assert!((b.upper - 0.8680).abs() < 5e-5, "{}", b.upper);
    }
}
