//! Turns written parameters (`ParamSpec`) into validated model parameters,
//! checking that every value a distribution can produce lies within the
//! parameter's limits, and registering uncertain ones for per-replicate draws.

use crate::model::dist::Dist;
use crate::model::{Param, UncertainParam};
use crate::rng::name_key;
use crate::scenario::param::{DistSpec, ParamSpec};
use crate::scenario::problem::{Problem, TomlPath};

/// The admissible range of a parameter and how to describe it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub min: f64,
    /// Whether `min` itself is allowed.
    pub min_inclusive: bool,
    pub max: f64,
    /// What the value is, for messages, e.g. "a share between 0 and 1".
    pub what: &'static str,
}

impl Limits {
    pub const NON_NEGATIVE: Limits = Limits {
        min: 0.0,
        min_inclusive: true,
        max: f64::INFINITY,
        what: "a number ≥ 0",
    };
    pub const POSITIVE: Limits = Limits {
        min: 0.0,
        min_inclusive: false,
        max: f64::INFINITY,
        what: "a number > 0",
    };
    pub const SHARE: Limits = Limits {
        min: 0.0,
        min_inclusive: true,
        max: 1.0,
        what: "a share between 0 and 1",
    };

    fn admits(&self, x: f64) -> bool {
        (x > self.min || (self.min_inclusive && x == self.min)) && x <= self.max
    }
}

/// Builds a `Dist` from its written form, or says what is wrong.
pub fn to_dist(spec: &ParamSpec) -> Result<Dist, String> {
    match *spec {
        ParamSpec::Number(x) => Dist::fixed(x),
        ParamSpec::Dist(ref d) => match *d {
            DistSpec::Uniform { min, max } => Dist::uniform(min, max),
            DistSpec::Triangular { min, mode, max } => Dist::triangular(min, mode, max),
            DistSpec::Normal { mean, sd, min, max } => Dist::normal(mean, sd, min, max),
            DistSpec::Lognormal { median, sigma } => Dist::lognormal(median, sigma),
            DistSpec::Beta {
                alpha,
                beta,
                min,
                max,
            } => Dist::beta(alpha, beta, min.unwrap_or(0.0), max.unwrap_or(1.0)),
        },
    }
}

/// Checks a distribution's support against `limits`.
pub fn check_limits(dist: &Dist, limits: Limits) -> Result<(), String> {
    let (lo, hi) = dist.support();
    if limits.admits(lo) && limits.admits(hi) {
        return Ok(());
    }
    let bad = if !limits.admits(lo) { lo } else { hi };
    Err(if dist.is_fixed() {
        format!("must be {}, got {bad}", limits.what)
    } else {
        format!(
            "must be {}, but this distribution can give {bad}; narrow it (add min/max limits or change its parameters)",
            limits.what
        )
    })
}

/// Collects uncertain parameters while a scenario is validated.
#[derive(Debug, Default)]
pub struct ParamRegistry {
    pub uncertain: Vec<UncertainParam>,
}

impl ParamRegistry {
    /// Validates `spec` written at `path`; a distribution becomes a per-replicate
    /// draw keyed by the path (so scenarios sharing the path share the draw).
    pub fn param(
        &mut self,
        spec: &ParamSpec,
        path: &TomlPath,
        limits: Limits,
        problems: &mut Vec<Problem>,
    ) -> Option<Param> {
        self.param_as(spec, path, &path.to_string(), limits, problems)
    }

    /// Like `param`, with the draw keyed by `key` instead of the path (measures
    /// are keyed by their id, wherever they were written).
    pub fn param_as(
        &mut self,
        spec: &ParamSpec,
        path: &TomlPath,
        key: &str,
        limits: Limits,
        problems: &mut Vec<Problem>,
    ) -> Option<Param> {
        let dist = match to_dist(spec) {
            Ok(d) => d,
            Err(msg) => {
                problems.push(
                    Problem::new(path.clone(), msg)
                        .fix("correct the distribution's parameters as the message says"),
                );
                return None;
            }
        };
        if let Err(msg) = check_limits(&dist, limits) {
            let fix = match spec {
                // A percentage where a share belongs (85 for 0.85): say which
                // share. Not for values just above 1, which may be other slips.
                ParamSpec::Number(x) if limits.max == 1.0 && (5.0..=100.0).contains(x) => {
                    format!(
                        "a share is written as a fraction: for {x} % write {}",
                        x / 100.0
                    )
                }
                ParamSpec::Number(_) => format!("write {} here", limits.what),
                ParamSpec::Dist(_) => {
                    format!("make every value the distribution can give {}", limits.what)
                }
            };
            problems.push(Problem::new(path.clone(), msg).fix(fix));
            return None;
        }
        Some(match dist {
            Dist::Fixed(x) => Param::Fixed(x),
            dist => {
                let path_text = key.to_string();
                // A distribution in [defaults] is inherited by many units: one draw for all.
                if let Some(i) = self.uncertain.iter().position(|u| u.path == path_text) {
                    return Some(Param::Draw(i));
                }
                self.uncertain.push(UncertainParam {
                    key: name_key(&path_text),
                    path: path_text,
                    dist,
                });
                Param::Draw(self.uncertain.len() - 1)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_above_one_are_rejected_with_the_limit_named() {
        let mut reg = ParamRegistry::default();
        let mut problems = Vec::new();
        let p = TomlPath::root().key("defaults").key("locum_coverage_share");
        assert!(reg
            .param(&ParamSpec::Number(1.3), &p, Limits::SHARE, &mut problems)
            .is_none());
        assert!(
            problems[0].message.contains("between 0 and 1"),
            "{}",
            problems[0].message
        );
        let spread = ParamSpec::Dist(DistSpec::Uniform { min: 0.5, max: 1.2 });
        assert!(reg
            .param(&spread, &p, Limits::SHARE, &mut problems)
            .is_none());
        assert!(problems[1].message.contains("can give 1.2"));
        // A percentage gets the share it stands for.
        reg.param(&ParamSpec::Number(85.0), &p, Limits::SHARE, &mut problems);
        assert_eq!(
            problems[2].fix.as_deref(),
            Some("a share is written as a fraction: for 85 % write 0.85")
        );
        assert_eq!(
            problems[0].fix.as_deref(),
            Some("write a share between 0 and 1 here")
        );
    }

    #[test]
    fn distributions_become_keyed_draws() {
        let mut reg = ParamRegistry::default();
        let mut problems = Vec::new();
        let p = TomlPath::root()
            .key("defaults")
            .key("locum_price_nok_per_week");
        let spec = ParamSpec::Dist(DistSpec::Triangular {
            min: 1.0,
            mode: 2.0,
            max: 3.0,
        });
        assert_eq!(
            reg.param(&spec, &p, Limits::NON_NEGATIVE, &mut problems),
            Some(Param::Draw(0))
        );
        assert_eq!(
            reg.uncertain[0].key,
            name_key("defaults.locum_price_nok_per_week")
        );
        assert!(problems.is_empty());
    }
}
