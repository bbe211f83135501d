//! Tabulated inverse distribution functions for the event loop: one uniform in,
//! one draw out (so streams stay aligned between scenarios), at the cost of a
//! table look-up and a linear interpolation instead of Φ⁻¹, `exp` or `sqrt`.
//!
//! The table holds the quantile function at 2¹⁴ equally spaced probabilities,
//! computed with the accurate Φ⁻¹; for 0.001 ≤ u ≤ 0.999 a draw interpolates
//! linearly between the two nearest entries, and outside that range (where the
//! quantile function of an unbounded distribution curves sharply) the quantile
//! is computed exactly. The interpolation error is at most h²/8 · max|Q''| on a
//! cell of width h = 2⁻¹⁴; for the distributions used per event (truncated
//! normal recruit ages, lognormal times to fill with σ up to 1.5, triangular,
//! uniform) it is below 5e-4 of the larger of the interquartile range and the
//! value itself (tested below; the worst case is the far upper tail of a wide
//! lognormal). That is tighter than the Φ⁻¹ table it replaces, which is good to
//! 1e-3 of a standard deviation near its limits, and far inside the sampling
//! error of any run. Pure numerics.

use crate::model::dist::Dist;

/// Cells of the table (2¹⁴).
const CELLS: usize = 1 << 14;
/// Below this (and above 1 − this) the quantile is computed exactly.
const TAIL: f64 = 0.001;

/// A distribution's quantile function, tabulated.
#[derive(Debug, Clone, PartialEq)]
pub struct QuantileTable {
    dist: Dist,
    q: Vec<f64>,
}

impl QuantileTable {
    /// The table of `dist`; `None` if it has no closed-form quantile (Beta).
    pub fn new(dist: &Dist) -> Option<Self> {
        let q = (0..=CELLS)
            .map(|i| match i {
                0 => dist.quantile_exact(f64::MIN_POSITIVE),
                CELLS => dist.quantile_exact(1.0 - f64::EPSILON / 2.0),
                _ => dist.quantile_exact(i as f64 / CELLS as f64),
            })
            .collect::<Option<Vec<f64>>>()?;
        Some(Self {
            dist: dist.clone(),
            q,
        })
    }

    /// The distribution tabulated.
    pub fn dist(&self) -> &Dist {
        &self.dist
    }

    /// The quantile at `u` in (0, 1).
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        if !(TAIL..=1.0 - TAIL).contains(&u) {
            return self.exact(u);
        }
        let x = u * CELLS as f64;
        let i = x as usize;
        let f = x - i as f64;
        let (a, b) = (self.q[i], self.q[i + 1]);
        a + (b - a) * f
    }

    #[cold]
    fn exact(&self, u: f64) -> f64 {
        self.dist
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
            assert!(e < 5e-4, "{d:?}: {e}");
        }
    }

    #[test]
    fn tails_are_exact_and_the_table_is_monotone() {
        let d = Dist::lognormal(3.0, 0.8).unwrap();
        let t = QuantileTable::new(&d).unwrap();
        for u in [1e-9, 1e-4, 0.000_999, 0.999_01, 1.0 - 1e-9] {
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
}
