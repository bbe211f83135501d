//! A unit's need (`[units.need]`, `role`, `catchment`) turned into a yearly need
//! and, when the policy says so, a position schedule that follows it. Reads the
//! bundled projection (`data::projection`); every problem is reported with its
//! TOML path and a fix.

use serde::Deserialize;

use crate::data::{self, projection};
use crate::demand::need::{follow, need_by_year, Follow, NeedSettings, Rounding};
use crate::demand::profile::Profile;
use crate::demography::AgeSex;
use crate::model::Role;
use crate::scenario::problem::{Problem, TomlPath};

/// Default dead band of `follow_need`, in positions (assumption: a quarter of a
/// position keeps need hovering around a half from adding and cutting a post).
pub const DEFAULT_DEAD_BAND: f64 = 0.25;

/// `[units.need]` as written.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNeed {
    /// "fixed" (default), "follow_need" or "planned" (position_changes).
    pub policy: Option<String>,
    pub lag_years: Option<i64>,
    /// "nearest" (default), "up" or "down".
    pub rounding: Option<String>,
    /// "change" (default): positions follow the change in need from the base
    /// year; "level": they follow need itself.
    pub basis: Option<String>,
    /// How far need must pass a rounding threshold before positions change (default 0.25).
    pub dead_band_positions: Option<f64>,
    /// Use profile: gp, psychiatry, internal_medicine, surgery, nursing, flat.
    pub profile: Option<String>,
    /// GP services: patients per GP the plan aims at (default: SSB 2025 mean list length).
    pub list_length_target_patients: Option<f64>,
    /// GP services: share of GP time on municipal tasks (default: today's share).
    pub municipal_task_share: Option<f64>,
    /// Growth in use per person beyond demography, per year (default 0).
    pub use_growth_per_year: Option<f64>,
    /// Other roles: full-time equivalents needed in the base year (default: positions).
    pub base_fte: Option<f64>,
}

/// What a unit's need settings give the model.
pub struct UnitNeed {
    pub role: Role,
    /// Need per year from the base year, if the unit has a population to follow.
    pub need: Option<Vec<f64>>,
    /// Position changes when positions follow need.
    pub follow: Option<Vec<(u32, u32)>>,
    /// Population in the base year from bundled data (kommune or catchment).
    pub population: Option<u32>,
    /// The municipality codes behind `population` and `need`.
    pub areas: Vec<String>,
}

/// The inputs of one unit that need depends on.
pub struct NeedInput<'a> {
    pub role: Option<&'a str>,
    pub kommune: Option<&'a str>,
    pub catchment: Option<&'a [String]>,
    pub need: Option<&'a RawNeed>,
    pub positions: u32,
    pub has_changes: bool,
    pub base_year: i32,
    pub horizon_years: u32,
    pub demography: &'a crate::scenario::demography::Demography,
}

fn role(s: Option<&str>, path: &TomlPath, problems: &mut Vec<Problem>) -> Role {
    match s {
        None | Some("gp") => Role::Gp,
        Some("specialist") => Role::Specialist,
        Some("nurse") => Role::Nurse,
        Some("other") => Role::Other,
        Some(other) => {
            problems.push(
                Problem::new(path.key("role"), format!("unknown role `{other}`"))
                    .fix("use \"gp\", \"specialist\", \"nurse\" or \"other\""),
            );
            Role::Gp
        }
    }
}

/// Sums the projected populations of `codes` for `years` from `base_year`.
fn populations(
    demo: &crate::scenario::demography::Demography,
    codes: &[&str],
    base_year: i32,
    years: u32,
) -> Option<Vec<AgeSex>> {
    let series: Vec<_> = codes
        .iter()
        .map(|c| demo.series(c))
        .collect::<Option<_>>()?;
    (0..years as i32)
        .map(|t| {
            let mut sum = AgeSex::zero();
            for s in &series {
                sum.add(s.get(base_year + t)?);
            }
            Some(sum)
        })
        .collect()
}

fn share(
    v: Option<f64>,
    path: TomlPath,
    lo: f64,
    hi: f64,
    fix: &str,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let v = v?;
    if (lo..=hi).contains(&v) {
        Some(v)
    } else {
        problems.push(Problem::new(path, format!("{v} is outside {lo}..{hi}")).fix(fix));
        None
    }
}

/// Validates a unit's role, catchment and need settings and computes its need.
/// The problem of a scenario that runs outside the years with population
/// figures, at the year to change: the base year if it lies outside them, else
/// the horizon.
fn period_problem(base_year: i32, last_year: i32) -> Problem {
    let (first, last) = (2005, projection::LAST_YEAR);
    let scenario = TomlPath::root().key("scenario");
    let message = format!(
        "population is known or projected for {first}-{last}, but the scenario runs {base_year}-{last_year} (units with a `kommune` or `catchment` need it)"
    );
    if base_year < first || base_year > last {
        Problem::new(scenario.key("base_year"), message).fix(format!(
            "give a base year from {first} to {last}, e.g. base_year = 2025"
        ))
    } else {
        Problem::new(scenario.key("horizon_years"), message).fix(format!(
            "write horizon_years = {} or less, so that the last year is at most {last}",
            last - base_year + 1
        ))
    }
}

pub fn unit_need(inp: &NeedInput, path: &TomlPath, problems: &mut Vec<Problem>) -> UnitNeed {
    let role = role(inp.role, path, problems);
    let np = path.key("need");
    let raw = inp.need.cloned().unwrap_or_default();
    let mut codes: Vec<&str> = Vec::new();
    if let Some(list) = inp.catchment {
        for (i, c) in list.iter().enumerate() {
            if data::municipality(c).is_some() {
                codes.push(c);
            } else {
                problems.push(
                    Problem::new(
                        path.key("catchment").index(i),
                        format!("`{c}` is not a municipality number in SSB's list for 2024"),
                    )
                    .fix("use 4-digit numbers valid from 1 January 2024, e.g. \"1866\" for Hadsel"),
                );
            }
        }
    } else if let Some(k) = inp.kommune.filter(|k| data::municipality(k).is_some()) {
        codes.push(k);
    }
    let last_year = inp.base_year + inp.horizon_years as i32 - 1;
    let pops = if codes.is_empty() {
        None
    } else if inp.base_year < 2005 || last_year > projection::LAST_YEAR {
        // Once for the file, at the year to change (every unit with a
        // municipality would say the same).
        let problem = period_problem(inp.base_year, last_year);
        if !problems.contains(&problem) {
            problems.push(problem);
        }
        None
    } else {
        populations(inp.demography, &codes, inp.base_year, inp.horizon_years)
    };
    let population = pops.as_ref().map(|p| p[0].total().round() as u32);

    let default_profile = match role {
        Role::Gp => Some(Profile::Gp),
        Role::Nurse => Some(Profile::Nursing),
        Role::Specialist | Role::Other => None,
    };
    let profile = match raw.profile.as_deref() {
        Some(s) => Profile::parse(s).or_else(|| {
            let names: Vec<&str> = Profile::ALL.iter().map(|(n, _)| *n).collect();
            problems.push(
                Problem::new(np.key("profile"), format!("unknown use profile `{s}`"))
                    .fix(format!("use one of: {}", names.join(", "))),
            );
            None
        }),
        None if pops.is_some() && default_profile.is_none() => {
            problems.push(Problem::new(np.key("profile"), "a specialist or other unit needs a use profile to follow its catchment's population")
                .fix("add e.g. need = { profile = \"internal_medicine\" } (psychiatry, internal_medicine, surgery, nursing, flat)"));
            None
        }
        None => default_profile,
    };
    let growth = share(
        raw.use_growth_per_year,
        np.key("use_growth_per_year"),
        -0.05,
        0.05,
        "give a yearly growth such as 0.005 (0.5 %)",
        problems,
    )
    .unwrap_or(0.0);
    let lag = match raw.lag_years {
        None => 1,
        Some(l) if (0..=10).contains(&l) => l as u32,
        Some(l) => {
            problems.push(
                Problem::new(
                    np.key("lag_years"),
                    format!("lag of {l} years is outside 0..10"),
                )
                .fix("give the delay in whole years, e.g. lag_years = 1"),
            );
            1
        }
    };
    let rounding = match raw.rounding.as_deref() {
        None | Some("nearest") => Rounding::Nearest,
        Some("up") => Rounding::Up,
        Some("down") => Rounding::Down,
        Some(o) => {
            problems.push(
                Problem::new(np.key("rounding"), format!("unknown rounding `{o}`"))
                    .fix("use \"nearest\", \"up\" or \"down\""),
            );
            Rounding::Nearest
        }
    };
    let relative = match raw.basis.as_deref() {
        None | Some("change") => true,
        Some("level") => false,
        Some(o) => {
            problems.push(Problem::new(np.key("basis"), format!("unknown basis `{o}`")).fix("use \"change\" (follow the change in need from today's positions) or \"level\" (follow need itself)"));
            true
        }
    };
    let dead_band = share(
        raw.dead_band_positions,
        np.key("dead_band_positions"),
        0.0,
        5.0,
        "give a number of positions such as 0.25",
        problems,
    )
    .unwrap_or(DEFAULT_DEAD_BAND);
    let gp_figures = inp
        .kommune
        .and_then(data::municipality)
        .and_then(|m| m.gp)
        .filter(|_| role == Role::Gp && inp.catchment.is_none());
    let (base_need, task_factor) = if role == Role::Gp {
        let target = share(
            raw.list_length_target_patients,
            np.key("list_length_target_patients"),
            100.0,
            3000.0,
            "give patients per GP, e.g. 800",
            problems,
        )
        .or(gp_figures.map(|g| g.mean_list_length));
        let today = gp_figures
            .and_then(|g| {
                g.list_length_corrected
                    .map(|c| (1.0 - g.mean_list_length / c).clamp(0.0, 0.9))
            })
            .unwrap_or(0.0);
        let planned = share(
            raw.municipal_task_share,
            np.key("municipal_task_share"),
            0.0,
            0.9,
            "give a share from 0 to 0.9, e.g. 0.15",
            problems,
        )
        .unwrap_or(today);
        let base = match (target, population) {
            (Some(l), Some(p)) => f64::from(p) / l,
            _ => f64::from(inp.positions),
        };
        (base, (1.0 - today) / (1.0 - planned))
    } else {
        let base = share(
            raw.base_fte,
            np.key("base_fte"),
            0.0,
            100_000.0,
            "give full-time equivalents in the base year",
            problems,
        )
        .unwrap_or(f64::from(inp.positions));
        (base, 1.0)
    };
    let need = match (&pops, profile) {
        (Some(p), Some(profile)) => Some(need_by_year(
            p,
            &NeedSettings {
                weights: profile.weights(data::population::gp_consultations()),
                base_need,
                growth_per_year: growth,
                task_factor,
            },
        )),
        _ => None,
    };
    let follow_changes = match raw.policy.as_deref() {
        None | Some("fixed") | Some("planned") => None,
        Some("follow_need") => {
            if inp.has_changes {
                problems.push(
                    Problem::new(
                        np.key("policy"),
                        "positions cannot both follow need and have position_changes",
                    )
                    .fix("remove position_changes, or use policy = \"planned\" to keep them"),
                );
            }
            match &need {
                Some(n) => Some(follow(
                    n,
                    inp.positions,
                    &Follow {
                        lag_years: lag,
                        rounding,
                        dead_band,
                        relative,
                    },
                )),
                None => {
                    problems.push(Problem::new(np.key("policy"), "positions can only follow need when the unit has a population: give `kommune` or `catchment`")
                        .fix("add kommune = \"1866\" (or catchment = [...] for a hospital unit), or use policy = \"fixed\""));
                    None
                }
            }
        }
        Some(o) => {
            problems.push(
                Problem::new(np.key("policy"), format!("unknown policy `{o}`"))
                    .fix("use \"fixed\", \"follow_need\" or \"planned\""),
            );
            None
        }
    };
    let areas = if pops.is_some() {
        codes.iter().map(|c| c.to_string()).collect()
    } else {
        Vec::new()
    };
    UnitNeed {
        role,
        need,
        follow: follow_changes,
        population,
        areas,
    }
}
