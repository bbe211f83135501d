//! Validation of the parameters written in `[defaults]`, each checked once
//! whether or not a unit inherits it.

use crate::scenario::params::{check_limits, to_dist, Limits, ParamRegistry};
use crate::scenario::problem::{Problem, TomlPath};
use crate::scenario::raw::RawUnitParams;
use crate::scenario::validate::{per_recruit, AGE_LIMITS};

/// Checks every parameter written in `[defaults]` once, whether or not a unit
/// inherits it (a unit that sets its own would otherwise hide a bad default).
pub fn validate_defaults(p: &RawUnitParams, reg: &mut ParamRegistry, problems: &mut Vec<Problem>) {
    let at = |k: &str| TomlPath::root().key("defaults").key(k);
    let scalars = [
        (
            "departure_median_years",
            &p.departure_median_years,
            Limits::POSITIVE,
        ),
        (
            "departure_hazard_multiplier",
            &p.departure_hazard_multiplier,
            Limits::POSITIVE,
        ),
        (
            "time_to_fill_median_months",
            &p.time_to_fill_median_months,
            Limits::POSITIVE,
        ),
        (
            "time_to_fill_sigma",
            &p.time_to_fill_sigma,
            Limits::POSITIVE,
        ),
        (
            "locum_coverage_share",
            &p.locum_coverage_share,
            Limits::SHARE,
        ),
        (
            "locum_price_nok_per_week",
            &p.locum_price_nok_per_week,
            Limits::NON_NEGATIVE,
        ),
        (
            "list_length_patients",
            &p.list_length_patients,
            Limits::NON_NEGATIVE,
        ),
    ];
    for (key, spec, limits) in scalars {
        if let Some(s) = spec {
            reg.param(s, &at(key), limits, problems);
        }
    }
    for (i, s) in p.departure_hazard_per_year.iter().flatten().enumerate() {
        reg.param(
            s,
            &at("departure_hazard_per_year").index(i),
            Limits::NON_NEGATIVE,
            problems,
        );
    }
    if let Some(s) = &p.recruit_age_years {
        if let Err(e) = to_dist(s)
            .and_then(per_recruit)
            .and_then(|d| check_limits(&d, AGE_LIMITS))
        {
            problems.push(
                Problem::new(at("recruit_age_years"), e)
                    .fix("e.g. { normal = { mean = 38, sd = 7, min = 27, max = 62 } }"),
            );
        }
    }
    if let Some(k) = p
        .time_to_fill_distribution
        .as_deref()
        .filter(|k| !["lognormal", "exponential"].contains(k))
    {
        problems.push(
            Problem::new(
                at("time_to_fill_distribution"),
                format!("unknown distribution `{k}` for the time to fill"),
            )
            .fix("use \"lognormal\" or \"exponential\""),
        );
    }
}
