//! Probability distributions for uncertain parameters and per-event draws.
//!
//! Constructors reject impossible parameters with a message a planner can act on;
//! once built, a `Dist` is always valid. Sampling is by inverse CDF from one
//! uniform wherever a closed form exists, so that two scenarios that share a
//! stream also share the draw (common random numbers). Pure: no I/O.

use crate::model::normal;
use crate::rng::{open01, Stream};

/// A validated univariate distribution.
#[derive(Debug, Clone, PartialEq)]
pub enum Dist {
    /// A point value: no uncertainty.
    Fixed(f64),
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Normal with mean and sd, truncated to [min, max] (either may be infinite).
    /// `p_min`, `p_max`: Φ at the limits, kept so that sampling costs one Φ⁻¹.
    Normal {
        mean: f64,
        sd: f64,
        min: f64,
        max: f64,
        p_min: f64,
        p_max: f64,
    },
    /// Lognormal given by its median and the sd of its logarithm.
    LogNormal {
        median: f64,
        sigma: f64,
    },
    /// Beta(alpha, beta) rescaled from [0, 1] to [min, max].
    Beta {
        alpha: f64,
        beta: f64,
        min: f64,
        max: f64,
    },
}

fn finite(name: &str, x: f64) -> Result<(), String> {
    if x.is_finite() {
        Ok(())
    } else {
        Err(format!("`{name}` must be a finite number"))
    }
}

impl Dist {
    pub fn fixed(x: f64) -> Result<Self, String> {
        finite("value", x)?;
        Ok(Dist::Fixed(x))
    }

    pub fn uniform(min: f64, max: f64) -> Result<Self, String> {
        finite("min", min)?;
        finite("max", max)?;
        if min > max {
            return Err(format!(
                "uniform needs min ≤ max, got min = {min}, max = {max}; swap them"
            ));
        }
        Ok(Dist::Uniform { min, max })
    }

    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Self, String> {
        for (n, v) in [("min", min), ("mode", mode), ("max", max)] {
            finite(n, v)?;
        }
        if !(min <= mode && mode <= max) || min == max {
            return Err(format!(
                "triangular needs min ≤ mode ≤ max with min < max, got {min}, {mode}, {max}"
            ));
        }
        Ok(Dist::Triangular { min, mode, max })
    }

    pub fn normal(mean: f64, sd: f64, min: Option<f64>, max: Option<f64>) -> Result<Self, String> {
        finite("mean", mean)?;
        finite("sd", sd)?;
        if sd <= 0.0 {
            return Err(format!(
                "normal needs sd > 0, got {sd}; use a plain number for no uncertainty"
            ));
        }
        let (lo, hi) = (
            min.unwrap_or(f64::NEG_INFINITY),
            max.unwrap_or(f64::INFINITY),
        );
        if lo >= hi {
            return Err(format!(
                "truncated normal needs min < max, got {lo} and {hi}"
            ));
        }
        let (p_min, p_max) = (normal::cdf((lo - mean) / sd), normal::cdf((hi - mean) / sd));
        if p_max - p_min < 1e-6 {
            return Err(format!(
                "truncated normal has almost no probability in [{lo}, {hi}] with mean {mean} and sd {sd}; \
                 move the mean inside the limits"
            ));
        }
        Ok(Dist::Normal {
            mean,
            sd,
            min: lo,
            max: hi,
            p_min,
            p_max,
        })
    }

    pub fn lognormal(median: f64, sigma: f64) -> Result<Self, String> {
        finite("median", median)?;
        finite("sigma", sigma)?;
        if median <= 0.0 || sigma <= 0.0 {
            return Err(format!(
                "lognormal needs median > 0 and sigma > 0, got {median} and {sigma}"
            ));
        }
        Ok(Dist::LogNormal { median, sigma })
    }

    pub fn beta(alpha: f64, beta: f64, min: f64, max: f64) -> Result<Self, String> {
        for (n, v) in [("alpha", alpha), ("beta", beta), ("min", min), ("max", max)] {
            finite(n, v)?;
        }
        if alpha <= 0.0 || beta <= 0.0 {
            return Err(format!(
                "beta needs alpha > 0 and beta > 0, got {alpha} and {beta}"
            ));
        }
        if min >= max {
            return Err(format!("beta needs min < max, got {min} and {max}"));
        }
        Ok(Dist::Beta {
            alpha,
            beta,
            min,
            max,
        })
    }

    /// Smallest and largest value a draw can take.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Dist::Fixed(x) => (x, x),
            Dist::Uniform { min, max } | Dist::Triangular { min, max, .. } => (min, max),
            Dist::Normal { min, max, .. } | Dist::Beta { min, max, .. } => (min, max),
            Dist::LogNormal { .. } => (0.0, f64::INFINITY),
        }
    }

    /// Whether the distribution has uncertainty at all.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Dist::Fixed(_))
    }

    /// Central value used in summaries: the median where it is cheap, else the mean.
    pub fn central(&self) -> f64 {
        match *self {
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => min + (max - min) * alpha / (alpha + beta),
            _ => self.quantile(0.5).unwrap_or(f64::NAN),
        }
    }

    /// Inverse CDF at `u` in (0, 1); `None` for Beta, which has no closed form.
    /// Normal and lognormal use the tabulated Φ⁻¹ (`normal::inv_cdf_fast`).
    pub fn quantile(&self, u: f64) -> Option<f64> {
        self.quantile_with(u, normal::inv_cdf_fast)
    }

    /// `quantile` with Φ⁻¹ by the rational approximation (relative error about
    /// 1e-9), for building tables.
    pub fn quantile_exact(&self, u: f64) -> Option<f64> {
        self.quantile_with(u, normal::inv_cdf)
    }

    #[inline]
    fn quantile_with(&self, u: f64, inv_phi: fn(f64) -> f64) -> Option<f64> {
        Some(match *self {
            Dist::Fixed(x) => x,
            Dist::Uniform { min, max } => min + u * (max - min),
            Dist::Triangular { min, mode, max } => {
                let f = (mode - min) / (max - min);
                if u < f {
                    min + (u * (max - min) * (mode - min)).sqrt()
                } else {
                    max - ((1.0 - u) * (max - min) * (max - mode)).sqrt()
                }
            }
            Dist::Normal {
                mean,
                sd,
                min,
                max,
                p_min,
                p_max,
            } => {
                let x = mean + sd * inv_phi(p_min + u * (p_max - p_min));
                x.clamp(min, max)
            }
            Dist::LogNormal { median, sigma } => median * (sigma * inv_phi(u)).exp(),
            Dist::Beta { .. } => return None,
        })
    }

    /// One draw from the stream.
    pub fn sample(&self, rng: &mut Stream) -> f64 {
        match *self {
            Dist::Beta {
                alpha,
                beta,
                min,
                max,
            } => {
                use rand_distr::Distribution;
                let b = rand_distr::Beta::new(alpha, beta).expect("validated in the constructor");
                min + (max - min) * b.sample(rng)
            }
            _ => self.quantile(open01(rng)).expect("closed-form quantile"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    #[test]
    fn constructors_reject_bad_parameters() {
        assert!(Dist::uniform(2.0, 1.0).is_err());
        assert!(Dist::triangular(0.0, 2.0, 1.0).is_err());
        assert!(Dist::normal(0.0, 0.0, None, None).is_err());
        assert!(Dist::normal(100.0, 1.0, Some(0.0), Some(1.0)).is_err());
        assert!(Dist::lognormal(-1.0, 0.5).is_err());
        assert!(Dist::beta(0.0, 1.0, 0.0, 1.0).is_err());
        assert!(Dist::fixed(f64::NAN).is_err());
    }

    #[test]
    fn quantiles_stay_in_support_and_are_monotone() {
        let ds = [
            Dist::uniform(1.0, 3.0).unwrap(),
            Dist::triangular(0.0, 1.0, 4.0).unwrap(),
            Dist::normal(40.0, 8.0, Some(27.0), Some(62.0)).unwrap(),
            Dist::lognormal(0.5, 0.8).unwrap(),
        ];
        for d in &ds {
            let (lo, hi) = d.support();
            let mut last = f64::NEG_INFINITY;
            for i in 1..200 {
                let x = d.quantile(i as f64 / 200.0).unwrap();
                assert!(x >= lo && x <= hi && x >= last, "{d:?} at {i}");
                last = x;
            }
        }
        assert_eq!(
            Dist::lognormal(2.0, 0.7).unwrap().quantile(0.5).unwrap(),
            2.0
        );
    }

    #[test]
    fn sample_means_match_theory() {
        // Mean of n draws has sd sigma/sqrt(n); allow 5 of those.
        let n = 20_000;
        let cases = [
            (
                Dist::uniform(0.0, 1.0).unwrap(),
                0.5,
                (1.0f64 / 12.0).sqrt(),
            ),
            (
                Dist::triangular(0.0, 0.0, 3.0).unwrap(),
                1.0,
                (9.0f64 / 18.0).sqrt(),
            ),
            (
                Dist::beta(2.0, 6.0, 0.0, 1.0).unwrap(),
                0.25,
                (12.0f64 / (64.0 * 9.0)).sqrt(),
            ),
        ];
        for (d, mean, sd) in cases {
            let mut r = stream(11, 0, 1);
            let m: f64 = (0..n).map(|_| d.sample(&mut r)).sum::<f64>() / n as f64;
            assert!(
                (m - mean).abs() < 5.0 * sd / (n as f64).sqrt(),
                "{d:?}: {m}"
            );
        }
    }
}
