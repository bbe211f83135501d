//! Tabulated inverse distribution functions for the event loop: one uniform in,
//! one draw out (so streams stay aligned between scenarios), at the cost of a
//! table look-up and a linear interpolation instead of Φ⁻¹, `exp`, `sqrt`, or a
//! logarithm and a walk through hazard bands.
//!
//! Two sources: a distribution (recruit ages, times to fill), and the time a
//! newly hired doctor stays under a departure hazard that is the same in every
//! replicate (the inverse of the cumulative hazard from tenure 0 at −ln u).
//!
//! The values sit on `ProbGrid`'s cache-sized grid, dense towards both ends;
//! within about 0.001 of either end the quantile is computed exactly. The
//! interpolation error is at most w²/8 · max|Q''| on a cell of width w; for
//! the distributions used per event (truncated normal recruit ages, lognormal
//! times to fill with σ up to 1.5, triangular, uniform) it is below 5e-5 of
//! the larger of the interquartile range and the value itself (tested below).
//! That is far inside the sampling error of any run. The time from hire has a
//! kink where a tenure band ends, which the cell straddling it smooths over:
//! with the bundled hazards the error stays below 0.05 months (a day and a
//! half) there and far below elsewhere (tested below). Pure numerics.

use crate::fastmath;
use crate::model::dist::Dist;
use crate::model::grid::ProbGrid;
use crate::model::hazard::PiecewiseHazard;

/// What a table holds the quantile function of.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Dist(Dist),
    /// Time in post from hire (tenure 0) under a departure hazard.
    FromHire(PiecewiseHazard),
}

impl Source {
    fn quantile_exact(&self, u: f64) -> Option<f64> {
        match self {
            Source::Dist(d) => d.quantile_exact(u),
            Source::FromHire(h) => Some(from_hire_exact(h, u)),
        }
    }
}

/// The time in post from hire under `h` at probability `u` of staying longer,
/// computed exactly: the event loop's own arithmetic without a table.
#[inline]
pub fn from_hire_exact(h: &PiecewiseHazard, u: f64) -> f64 {
    h.time_after(0.0, -fastmath::ln(u))
}

/// A quantile function, tabulated.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileTable {
    source: Source,
    grid: ProbGrid,
}

impl QuantileTable {
    /// The table of `dist`; `None` if it has no closed-form quantile (Beta).
    pub fn new(dist: &Dist) -> Option<Self> {
        Self::build(Source::Dist(dist.clone()))
    }

    /// The table of the time in post from hire under `hazard`; `None` if some
    /// doctors never leave (a last band with rate 0).
    pub fn from_hire(hazard: &PiecewiseHazard) -> Option<Self> {
        Self::build(Source::FromHire(hazard.clone()))
    }

    fn build(source: Source) -> Option<Self> {
        let grid = ProbGrid::new(|u| source.quantile_exact(u))?;
        Some(Self { source, grid })
    }

    /// Whether this is the table of `dist`.
    pub fn is_of(&self, dist: &Dist) -> bool {
        matches!(&self.source, Source::Dist(d) if d == dist)
    }

    /// The quantile at `u` in (0, 1).
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        match self.grid.get(u) {
            Some(q) => q,
            None => self.exact(u),
        }
    }

    /// The quantile at the uniform that random bits `r` stand for
    /// (`grid::uniform_of_bits`).
    #[inline]
    pub fn quantile_bits(&self, r: u64) -> f64 {
        match self.grid.get_bits(r) {
            Some(q) => q,
            None => self.exact(crate::model::grid::uniform_of_bits(r)),
        }
    }

    #[cold]
    fn exact(&self, u: f64) -> f64 {
        self.source
            .quantile_exact(u)
            .expect("a table exists only for closed-form quantiles")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Largest |table − exact| over a fine grid, relative to the larger of the
    /// interquartile range and the exact value.
    fn worst_error(d: &Dist) -> f64 {
        let t = QuantileTable::new(d).unwrap();
        let iqr = d.quantile_exact(0.75).unwrap() - d.quantile_exact(0.25).unwrap();
        (1..2_000_000)
            .map(|k| k as f64 / 2_000_000.0)
            .map(|u| {
                let q = d.quantile_exact(u).unwrap();
                (t.quantile(u) - q).abs() / iqr.max(q.abs())
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn tabulated_quantiles_are_within_the_stated_error() {
        let cases = [
            // The default recruit age and times to fill, and wider ones.
            Dist::normal(38.0, 7.0, Some(27.0), Some(62.0)).unwrap(),
            Dist::normal(45.0, 10.0, None, None).unwrap(),
            Dist::lognormal(1.0, 0.8).unwrap(),
            Dist::lognormal(1.0, 1.5).unwrap(),
            Dist::triangular(28.0, 35.0, 60.0).unwrap(),
            Dist::uniform(30.0, 40.0).unwrap(),
        ];
        for d in &cases {
            let e = worst_error(d);
            assert!(e < 5e-5, "{d:?}: {e}");
        }
    }

    #[test]
    fn tails_are_exact_and_the_table_is_monotone() {
        let d = Dist::lognormal(3.0, 0.8).unwrap();
        let t = QuantileTable::new(&d).unwrap();
        for u in [1e-9, 1e-4, 0.000_97, 0.999_04, 1.0 - 1e-9] {
            assert_eq!(t.quantile(u), d.quantile_exact(u).unwrap());
        }
        let mut last = 0.0;
        for k in 1..100_000 {
            let x = t.quantile(k as f64 / 100_000.0);
            assert!(x >= last);
            last = x;
        }
        assert!(QuantileTable::new(&Dist::beta(2.0, 2.0, 0.0, 1.0).unwrap()).is_none());
    }

    /// The bundled default hazard shape at a size class's median, monthly.
    fn default_hazard(median_years: f64) -> PiecewiseHazard {
        use crate::model::defaults::{DEPARTURE_HAZARD_SHAPE, TENURE_BAND_STARTS_YEARS};
        crate::model::to_months(
            &PiecewiseHazard::with_median(
                TENURE_BAND_STARTS_YEARS.to_vec(),
                &DEPARTURE_HAZARD_SHAPE,
                median_years,
            )
            .unwrap(),
        )
    }

    #[test]
    fn time_from_hire_is_close_to_the_exact_inversion() {
        use crate::model::defaults::SizeClass;
        let classes = [
            SizeClass::Under2k,
            SizeClass::From2kTo5k,
            SizeClass::From5kTo10k,
            SizeClass::From10kTo20k,
            SizeClass::From20kTo50k,
            SizeClass::Over50k,
        ];
        for c in classes {
            let h = default_hazard(c.median_contract_years());
            let t = QuantileTable::from_hire(&h).unwrap();
            let mut worst: f64 = 0.0;
            for k in 1..2_000_000 {
                let u = k as f64 / 2_000_000.0;
                worst = worst.max((t.quantile(u) - from_hire_exact(&h, u)).abs());
            }
            // Months: the largest error sits in a cell that straddles a band end.
            assert!(worst < 0.05, "{c:?}: {worst} months");
            for u in [1e-9, 1e-4, 0.000_97, 0.999_04] {
                assert_eq!(t.quantile(u), from_hire_exact(&h, u));
            }
        }
    }

    #[test]
    fn no_table_from_hire_when_some_never_leave() {
        let h = PiecewiseHazard::new(vec![0.0, 12.0], vec![0.1, 0.0]).unwrap();
        assert!(QuantileTable::from_hire(&h).is_none());
    }
}
