//! The stationary distribution of elapsed tenure, tabulated: how long the
//! doctors in post at the start have already been there, drawn from one uniform
//! by a table look-up instead of a band search, an `exp` and a `ln`.
//!
//! Built once per distinct departure hazard that is the same in every replicate
//! (hazards drawn per replicate keep the exact path: a table would cost more
//! than it saves). The quantile function is held at 2¹⁴ equally spaced
//! probabilities and interpolated linearly for u ≤ 1 − 10⁻³; above that, where
//! the exponential tail curves sharply, it is computed exactly. The CDF, used
//! to keep everyone below the retirement age, is held on a grid of a quarter
//! month up to 100 years and computed exactly beyond. Both errors are bounded
//! by h²/8 · max|f''| on a cell and are tested below against the exact
//! functions (a few hundredths of a month for the quantile, 10⁻⁵ for the CDF).
//! Pure numerics; never draws random numbers.

use crate::model::hazard::PiecewiseHazard;

/// Cells of the quantile table (2¹⁴).
const CELLS: usize = 1 << 14;
/// Above 1 − this, the quantile is computed exactly.
const TAIL: f64 = 0.001;
/// Grid step of the CDF table, months, and its extent (100 years).
const CDF_STEP: f64 = 0.25;
const CDF_MAX: f64 = 1200.0;

/// A hazard's stationary elapsed-tenure distribution, tabulated.
#[derive(Debug, Clone, PartialEq)]
pub struct StationaryTable {
    hazard: PiecewiseHazard,
    quantile: Vec<f64>,
    cdf: Vec<f64>,
}

impl StationaryTable {
    /// The table of `hazard` (monthly rates); `None` if its mean is not finite
    /// (a last band with rate 0 has no stationary distribution).
    pub fn new(hazard: &PiecewiseHazard) -> Option<Self> {
        if !(hazard.mean().is_finite() && hazard.mean() > 0.0) {
            return None;
        }
        let quantile = (0..=CELLS)
            .map(|i| hazard.stationary_elapsed(i as f64 / CELLS as f64))
            .collect();
        let points = (CDF_MAX / CDF_STEP) as usize;
        let cdf = (0..=points)
            .map(|i| hazard.stationary_cdf(i as f64 * CDF_STEP))
            .collect();
        Some(Self {
            hazard: hazard.clone(),
            quantile,
            cdf,
        })
    }

    /// The hazard tabulated.
    pub fn hazard(&self) -> &PiecewiseHazard {
        &self.hazard
    }

    /// `PiecewiseHazard::stationary_elapsed_below`, from the tables (never
    /// above `limit`, which interpolation could otherwise overshoot by a hair).
    #[inline]
    pub fn elapsed_below(&self, u: f64, limit: f64) -> f64 {
        self.elapsed(u * self.cdf(limit).max(f64::MIN_POSITIVE))
            .min(limit)
    }

    /// `PiecewiseHazard::stationary_cdf`, from the table.
    #[inline]
    pub fn cdf(&self, a: f64) -> f64 {
        if a <= 0.0 {
            return 0.0;
        }
        if a >= CDF_MAX {
            return self.hazard.stationary_cdf(a);
        }
        let x = a / CDF_STEP;
        let i = x as usize;
        let f = x - i as f64;
        let (lo, hi) = (self.cdf[i], self.cdf[i + 1]);
        lo + (hi - lo) * f
    }

    /// `PiecewiseHazard::stationary_elapsed`, from the table.
    #[inline]
    pub fn elapsed(&self, u: f64) -> f64 {
        if !(0.0..=1.0 - TAIL).contains(&u) {
            return self.hazard.stationary_elapsed(u);
        }
        let x = u * CELLS as f64;
        let i = x as usize;
        let f = x - i as f64;
        let (lo, hi) = (self.quantile[i], self.quantile[i + 1]);
        lo + (hi - lo) * f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled default shape at the shortest median (2.75 years), monthly.
    fn hazard() -> PiecewiseHazard {
        let years = PiecewiseHazard::with_median(
            vec![0.0, 1.0, 3.0, 5.0, 10.0],
            &[1.5, 1.2, 1.0, 0.9, 0.8],
            2.75,
        )
        .unwrap();
        PiecewiseHazard::new(
            years.starts().iter().map(|s| s * 12.0).collect(),
            years.rates().iter().map(|r| r / 12.0).collect(),
        )
        .unwrap()
    }

    #[test]
    fn the_tables_are_close_to_the_exact_functions() {
        let h = hazard();
        let t = StationaryTable::new(&h).unwrap();
        let mut worst_q: f64 = 0.0;
        for k in 1..200_000 {
            let u = k as f64 / 200_000.0;
            worst_q = worst_q.max((t.elapsed(u) - h.stationary_elapsed(u)).abs());
        }
        // A few hundredths of a month at worst, at the start of the exact tail.
        assert!(worst_q < 0.05, "quantile error {worst_q} months");
        let mut worst_c: f64 = 0.0;
        for k in 0..100_000 {
            let a = k as f64 * 0.0131;
            worst_c = worst_c.max((t.cdf(a) - h.stationary_cdf(a)).abs());
        }
        assert!(worst_c < 1e-5, "cdf error {worst_c}");
        // Truncation below a limit holds.
        for k in 1..100 {
            assert!(t.elapsed_below(k as f64 / 100.0, 60.0) <= 60.0);
        }
    }

    #[test]
    fn a_hazard_without_a_stationary_distribution_has_no_table() {
        let h = PiecewiseHazard::new(vec![0.0, 12.0], vec![0.1, 0.0]).unwrap();
        assert!(StationaryTable::new(&h).is_none());
    }
}
