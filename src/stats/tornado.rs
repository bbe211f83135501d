//! What drives the cumulative locum cost: per-replicate samples of the uncertain
//! parameters' draws and the scenario's cumulative locum cost, and Spearman rank
//! correlations between them (the tornado chart), plus the fan of the cumulative
//! cost taken from the same samples.
//!
//! Memory is bounded: only replicates with an index below a fixed cap are kept,
//! so the samples are the same whatever the number of threads or the order in
//! which replicates finish (they are sorted by replicate index). Pure: knows
//! nothing of files, scenarios or random numbers.

use std::sync::Mutex;

use crate::stats::frame::Frame;

/// Replicates kept for the tornado and the cumulative fan: the first this many.
pub const SAMPLE_CAP: u64 = 20_000;

/// One replicate: its parameter draws and its cumulative locum cost (NOK, all
/// units) at the end of each year.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub rep: u64,
    pub draws: Vec<f64>,
    pub cumulative: Vec<f64>,
}

/// Collects samples of replicates `0..cap` from worker threads.
#[derive(Debug)]
pub struct Collector {
    cap: u64,
    items: Mutex<Vec<Sample>>,
}

impl Collector {
    pub fn new(cap: u64) -> Self {
        Self {
            cap,
            items: Mutex::new(Vec::new()),
        }
    }

    /// Whether replicate `rep` is kept.
    pub fn wants(&self, rep: u64) -> bool {
        rep < self.cap
    }

    /// Keeps replicate `rep` (if below the cap) with its yearly locum costs.
    pub fn offer(&self, rep: u64, draws: &[f64], yearly_cost: &[f64]) {
        if !self.wants(rep) {
            return;
        }
        let mut sum = 0.0;
        let cumulative = yearly_cost
            .iter()
            .map(|c| {
                sum += c;
                sum
            })
            .collect();
        let s = Sample {
            rep,
            draws: draws.to_vec(),
            cumulative,
        };
        self.items.lock().unwrap_or_else(|e| e.into_inner()).push(s);
    }

    /// Keeps replicate `rep` (if below the cap) given all its units' frames
    /// summed, one per reporting bin (`bins_per_year` bins a year).
    pub fn observe(
        &self,
        rep: u64,
        draws: &[f64],
        units: &[Frame],
        years: usize,
        bins_per_year: usize,
    ) {
        if !self.wants(rep) {
            return;
        }
        let yearly: Vec<f64> = units
            .chunks(bins_per_year.max(1))
            .take(years)
            .map(|bins| bins.iter().map(|f| f.locum_cost_nok).sum())
            .collect();
        self.offer(rep, draws, &yearly);
    }

    /// The samples, ordered by replicate index.
    pub fn finish(self) -> Vec<Sample> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by_key(|s| s.rep);
        v
    }
}

/// Ranks 1..n, ties sharing their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    // Values sorted with their positions beside them (one contiguous array, no
    // look-ups through an index while sorting); the order within a run of ties
    // does not matter, as they all get the run's average rank.
    let mut sorted: Vec<(f64, usize)> = x.iter().copied().zip(0..).collect();
    sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j + 1 < sorted.len() && sorted[j + 1].0 == sorted[i].0 {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &(_, k) in &sorted[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation; 0 when either side is constant or n < 3.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 3 {
        return 0.0;
    }
    rank_correlation(&ranks(&x[..n]), &ranks(&y[..n]))
}

/// Pearson's correlation of two rankings of the same n ≥ 3 items (Spearman's
/// ρ of what they rank); 0 when either is constant.
fn rank_correlation(rx: &[f64], ry: &[f64]) -> f64 {
    let mean = (rx.len() as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(ry) {
        let (dx, dy) = (a - mean, b - mean);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Spearman's ρ of each parameter with the cumulative cost over the whole
/// horizon, ordered by |ρ|, largest first: (parameter index, ρ). The outcome
/// is ranked once; the parameters are ranked in parallel.
pub fn drivers(samples: &[Sample], n_params: usize) -> Vec<(usize, f64)> {
    use rayon::prelude::*;
    let outcome: Vec<f64> = samples
        .iter()
        .map(|s| s.cumulative.last().copied().unwrap_or(0.0))
        .collect();
    // Fewer than three samples: every ρ is 0, as in `spearman`.
    let ry = (samples.len() >= 3).then(|| ranks(&outcome));
    let mut out: Vec<(usize, f64)> = (0..n_params)
        .into_par_iter()
        .map(|p| {
            let rho = ry.as_ref().map_or(0.0, |ry| {
                let x: Vec<f64> = samples.iter().map(|s| s.draws[p]).collect();
                rank_correlation(&ranks(&x), ry)
            });
            (p, rho)
        })
        .collect();
    out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    out
}

/// Per year: (p10, p25, p50, p75, p90) of the cumulative cost over the samples
/// (lower quantiles, as everywhere in stabil).
pub fn cumulative_fan(samples: &[Sample], years: usize) -> Vec<[f64; 5]> {
    (0..years)
        .map(|y| {
            let mut v: Vec<f64> = samples.iter().map(|s| s.cumulative[y]).collect();
            v.sort_unstable_by(f64::total_cmp);
            [0.10, 0.25, 0.50, 0.75, 0.90].map(|p| {
                if v.is_empty() {
                    0.0
                } else {
                    v[super::rank(p, v.len() as u64) as usize - 1]
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    }

    /// A deterministic uniform in (0, 1) (splitmix64).
    fn uniform(state: &mut u64) -> f64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    #[test]
    fn monotone_outcome_gives_one_and_independent_parameters_near_zero() {
        let n = 5_000;
        let mut st = 42;
        let c = Collector::new(SAMPLE_CAP);
        for rep in 0..n {
            let (x, z, w) = (uniform(&mut st), uniform(&mut st), uniform(&mut st));
            // Outcome: a decreasing function of w only (cumulated over 2 years).
            let cost = (-3.0 * w).exp();
            c.offer(rep, &[x, w, z], &[cost / 2.0, cost / 2.0]);
        }
        let samples = c.finish();
        let d = drivers(&samples, 3);
        assert_eq!(d[0].0, 1);
        assert!((d[0].1 + 1.0).abs() < 1e-12, "rho of w = {}", d[0].1);
        let bound = 3.0 / (n as f64).sqrt();
        for &(p, rho) in &d[1..] {
            assert!(rho.abs() < bound, "parameter {p}: |rho| = {rho} >= {bound}");
        }
    }

    #[test]
    fn constant_or_tiny_input_gives_zero() {
        assert_eq!(spearman(&[1.0, 1.0, 1.0, 1.0], &[1.0, 2.0, 3.0, 4.0]), 0.0);
        assert_eq!(spearman(&[1.0, 2.0], &[1.0, 2.0]), 0.0);
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn fan_quantiles_are_lower_quantiles() {
        let c = Collector::new(10);
        for rep in 0..10 {
            c.offer(rep, &[], &[rep as f64 + 1.0]);
        }
        let f = cumulative_fan(&c.finish(), 1);
        assert_eq!(f[0], [1.0, 3.0, 5.0, 8.0, 9.0]);
    }

    #[test]
    fn cap_keeps_the_first_replicates_in_order() {
        let c = Collector::new(3);
        for rep in [4, 2, 0, 1, 3] {
            c.offer(rep, &[rep as f64], &[1.0, 2.0]);
        }
        let s = c.finish();
        assert_eq!(s.iter().map(|s| s.rep).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(s[0].cumulative, vec![1.0, 3.0]);
    }
}
