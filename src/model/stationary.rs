//! The stationary distribution of elapsed tenure, tabulated: how long the
//! doctors in post at the start have already been there, drawn from one uniform
//! by a table look-up instead of a band search, an `exp` and a `ln`.
//!
//! Built once per distinct departure hazard that is the same in every replicate
//! (hazards drawn per replicate keep the exact path: a table would cost more
//! than it saves). The quantile function sits on `ProbGrid`'s cache-sized grid
//! and is computed exactly within about 0.001 of either end, where the
//! exponential tail curves sharply. The CDF, used to keep everyone below the
//! retirement age, is held on a grid of a month up to 100 years and computed
//! exactly beyond. Both errors are bounded by w²/8 · max|f''| on a cell of
//! width w and are tested below against the exact functions (a hundredth of a
//! month for the quantile, 10⁻⁴ for the CDF).
//! Pure numerics; never draws random numbers.

use crate::model::grid::ProbGrid;
use crate::model::hazard::PiecewiseHazard;

/// Grid step of the CDF table, months, and its extent (100 years).
const CDF_STEP: f64 = 1.0;
const CDF_MAX: f64 = 1200.0;

/// A hazard's stationary elapsed-tenure distribution, tabulated.
#[derive(Debug, Clone, PartialEq)]
pub struct StationaryTable {
    hazard: PiecewiseHazard,
    quantile: ProbGrid,
    cdf: Vec<f64>,
}

impl StationaryTable {
    /// The table of `hazard` (monthly rates); `None` if its mean is not finite
    /// (a last band with rate 0 has no stationary distribution).
    pub fn new(hazard: &PiecewiseHazard) -> Option<Self> {
        if !(hazard.mean().is_finite() && hazard.mean() > 0.0) {
            return None;
        }
        let quantile = ProbGrid::new(|u| Some(hazard.stationary_elapsed(u)))?;
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

    /// `PiecewiseHazard::stationary_elapsed_below`, from the tables (never
    /// above `limit`, which interpolation could otherwise overshoot by a hair).
    #[inline]
    pub fn elapsed_below(&self, u: f64, limit: f64) -> f64 {
        use crate::fastmath::{max, min};
        min(
            self.elapsed(u * max(self.cdf(limit), f64::MIN_POSITIVE)),
            limit,
        )
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
        let (i, f) = crate::fastmath::split(x);
        let (lo, hi) = (self.cdf[i], self.cdf[i + 1]);
        lo + (hi - lo) * f
    }

    /// `PiecewiseHazard::stationary_elapsed`, from the table.
    #[inline]
    pub fn elapsed(&self, u: f64) -> f64 {
        match self.quantile.get(u) {
            Some(x) => x,
            None => self.hazard.stationary_elapsed(u),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled default shape at the shortest median (2.75 years), monthly.
    fn hazard() -> PiecewiseHazard {
        crate::model::to_months(
            &PiecewiseHazard::with_median(
                vec![0.0, 1.0, 3.0, 5.0, 10.0],
                &[1.5, 1.2, 1.0, 0.9, 0.8],
                2.75,
            )
            .unwrap(),
        )
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
        // Under a hundredth of a month (about 0.6 thousandths measured).
        assert!(worst_q < 0.01, "quantile error {worst_q} months");
        let mut worst_c: f64 = 0.0;
        for k in 0..100_000 {
            let a = k as f64 * 0.0131;
            worst_c = worst_c.max((t.cdf(a) - h.stationary_cdf(a)).abs());
        }
        assert!(worst_c < 1e-4, "cdf error {worst_c}");
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
