//! Validation of `[[units]]`: positions and their schedule, the start state, and
//! every parameter, falling back from the unit to `[defaults]` to the built-in
//! defaults of the unit's size class.

use crate::data;
use crate::model::defaults::{self as d, SizeClass};
use crate::model::dist::Dist;
use crate::model::{Departure, FillKind, Param, PositionSchedule, Unit};
use crate::rng::name_key;
use crate::scenario::need::{unit_need, NeedInput};
use crate::scenario::param::{DistSpec, ParamSpec};
use crate::scenario::params::{check_limits, to_dist, Limits, ParamRegistry};
use crate::scenario::problem::{Problem, TomlPath};
use crate::scenario::raw::{RawChange, RawUnit};
use crate::scenario::validate::{per_recruit, Shared, AGE_LIMITS};

/// Picks a parameter written in the unit, else in `[defaults]`, and validates it
/// at the path where it was written. `None` if written nowhere (or invalid).
struct Resolver<'a> {
    unit: &'a RawUnit,
    sh: &'a Shared,
    path: &'a TomlPath,
}

impl Resolver<'_> {
    fn pick(
        &self,
        f: impl Fn(&crate::scenario::raw::RawUnitParams) -> Option<ParamSpec>,
        key: &str,
    ) -> Option<(ParamSpec, TomlPath)> {
        if let Some(s) = f(&self.unit.unit_params()) {
            return Some((s, self.path.key(key)));
        }
        f(&self.sh.defaults.unit_params()).map(|s| (s, TomlPath::root().key("defaults").key(key)))
    }
}

fn check_id(id: &str, path: &TomlPath, problems: &mut Vec<Problem>) {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        problems.push(
            Problem::new(
                path.key("id"),
                format!("unit id `{id}` must be lower-case letters a-z, digits, '-' or '_'"),
            )
            .fix(format!(
                "e.g. id = \"{}\" (write the full name with æøå in `name`)",
                crate::scenario::validate::folder_name(id).to_lowercase()
            )),
        );
    }
}

fn count(v: i64, path: TomlPath, what: &str, problems: &mut Vec<Problem>) -> Option<u32> {
    if (0..=1_000_000).contains(&v) {
        Some(v as u32)
    } else {
        problems.push(
            Problem::new(path, format!("{what} must be a whole number ≥ 0, got {v}"))
                .fix("give the count as a non-negative whole number"),
        );
        None
    }
}

fn schedule(
    changes: &[RawChange],
    initial: u32,
    sh: &Shared,
    path: &TomlPath,
    problems: &mut Vec<Problem>,
) -> PositionSchedule {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        let p = path.key("position_changes").index(i);
        let month = c.from_month.unwrap_or(1);
        if !(1..=12).contains(&month) {
            problems.push(
                Problem::new(p.key("from_month"), format!("month {month} does not exist"))
                    .fix("give a month from 1 (January) to 12"),
            );
            continue;
        }
        let index = (c.from_year - i64::from(sh.base_year)) * 12 + month - 1;
        if index <= 0 {
            problems.push(
                Problem::new(
                    p.key("from_year"),
                    format!(
                        "a change from {}-{month:02} is not after the start ({}-01)",
                        c.from_year, sh.base_year
                    ),
                )
                .fix("set the starting number in `positions`; changes must come later"),
            );
            continue;
        }
        if out.last().is_some_and(|&(prev, _)| prev >= index as u32) {
            problems.push(
                Problem::new(
                    p.clone(),
                    "position changes must be in date order, one per date",
                )
                .fix("sort the [[units.position_changes]] tables by from_year and from_month"),
            );
            continue;
        }
        if let Some(n) = count(c.positions, p.key("positions"), "positions", problems) {
            out.push((index.min(u32::MAX as i64) as u32, n));
        }
    }
    PositionSchedule {
        initial,
        changes: out,
    }
}

fn per_filled(
    v: &Option<Vec<f64>>,
    filled: u32,
    path: TomlPath,
    limits: Limits,
    problems: &mut Vec<Problem>,
) -> Option<Vec<f64>> {
    let v = v.as_ref()?;
    if v.len() != filled as usize {
        problems.push(
            Problem::new(
                path,
                format!(
                    "has {} values but the unit starts with {filled} filled positions",
                    v.len()
                ),
            )
            .fix("give one value per doctor in post (positions − vacant)"),
        );
        return None;
    }
    if let Some(bad) = v
        .iter()
        .find(|&&x| check_limits(&Dist::Fixed(x), limits).is_err())
    {
        problems.push(
            Problem::new(path, format!("{bad} is not {}", limits.what))
                .fix(format!("give {} for each doctor", limits.what)),
        );
        return None;
    }
    Some(v.clone())
}

fn departure(
    r: &Resolver,
    class: SizeClass,
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> Option<Departure> {
    let rates_at = |p: &crate::scenario::raw::RawUnitParams| p.departure_hazard_per_year.clone();
    let unit_rates =
        rates_at(&r.unit.unit_params()).map(|v| (v, r.path.key("departure_hazard_per_year")));
    let unit_median = r.unit.departure_median_years.clone();
    let rates = match (unit_rates, unit_median) {
        (Some(x), _) => Some(x),
        (None, Some(_)) => None,
        (None, None) => rates_at(&r.sh.defaults.unit_params()).map(|v| {
            (
                v,
                TomlPath::root()
                    .key("defaults")
                    .key("departure_hazard_per_year"),
            )
        }),
    };
    if let Some((rates, path)) = rates {
        if rates.len() != r.sh.band_starts.len() {
            problems.push(
                Problem::new(
                    path,
                    format!(
                        "needs {} rates, one per tenure band, got {}",
                        r.sh.band_starts.len(),
                        rates.len()
                    ),
                )
                .fix("give one yearly hazard per band of tenure_band_starts_years"),
            );
            return None;
        }
        let ps: Vec<Option<Param>> = rates
            .iter()
            .enumerate()
            .map(|(i, s)| reg.param(s, &path.index(i), Limits::NON_NEGATIVE, problems))
            .collect();
        let last_zero = matches!(rates.last(), Some(ParamSpec::Number(x)) if *x == 0.0);
        if last_zero {
            problems.push(
                Problem::new(
                    path.index(rates.len() - 1),
                    "the last band's hazard must be > 0 (otherwise doctors in post never leave)",
                )
                .fix("give a small positive rate, e.g. 0.05"),
            );
            return None;
        }
        return ps
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .map(Departure::Rates);
    }
    let median = match r.pick(
        |p| p.departure_median_years.clone(),
        "departure_median_years",
    ) {
        Some((s, p)) => reg.param(&s, &p, Limits::POSITIVE, problems)?,
        None => Param::Fixed(class.median_contract_years()),
    };
    Some(Departure::Median {
        median_years: median,
        shape: r.sh.shape.clone(),
    })
}

fn unit(
    raw: &RawUnit,
    i: usize,
    sh: &Shared,
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> Option<Unit> {
    let path = TomlPath::root().key("units").index(i);
    let before = problems.len();
    check_id(&raw.id, &path, problems);
    let known = match &raw.kommune {
        Some(k) => match data::municipality(k) {
            Some(m) => Some(m),
            None => {
                // A name (or a name with a typo) where the number belongs:
                // the number it stands for.
                let named = crate::scenario::friendly::municipality_candidates(k);
                let fix = if named.is_empty() {
                    "check the number in SSB's municipality list (numbers valid from 1 January 2024), e.g. kommune = \"1866\" for Hadsel".to_string()
                } else {
                    let each: Vec<String> = named
                        .iter()
                        .map(|m| {
                            format!(
                                "kommune = \"{}\" for {} ({})",
                                m.code, m.name, m.county_name
                            )
                        })
                        .collect();
                    format!(
                        "kommune takes the municipality's number: {}",
                        each.join(", or ")
                    )
                };
                problems.push(Problem::new(path.key("kommune"), format!("`{k}` is not a municipality number in SSB's list for 2024 (357 municipalities)")).fix(fix));
                None
            }
        },
        None => None,
    };
    let positions = count(raw.positions, path.key("positions"), "positions", problems);
    let need = unit_need(
        &NeedInput {
            role: raw.role.as_deref(),
            kommune: known.map(|m| m.code.as_str()),
            catchment: raw.catchment.as_deref(),
            need: raw.need.as_ref(),
            positions: positions.unwrap_or(0),
            has_changes: !raw.position_changes.is_empty(),
            base_year: sh.base_year,
            horizon_years: sh.horizon_years,
            demography: &sh.demography,
        },
        &path,
        problems,
    );
    let population = match (raw.population, need.population) {
        (Some(p), _) => count(p, path.key("population"), "population", problems).unwrap_or(0),
        (None, Some(p)) => p,
        (None, None) => {
            problems.push(
                Problem::new(path.key("population"), "population is missing")
                    .fix("give population = <inhabitants>, or kommune = \"<number>\" to take it from SSB's figures"),
            );
            0
        }
    };
    let vacant = count(
        raw.vacant.unwrap_or(0),
        path.key("vacant"),
        "vacant",
        problems,
    )
    .unwrap_or(0);
    // A `positions` that could not be read (reported already) is not 0: no
    // comparison with it.
    let positions_read = !problems.iter().any(|p| p.path == path.key("positions"));
    if positions_read && positions.is_some_and(|p| vacant > p) {
        problems.push(
            Problem::new(
                path.key("vacant"),
                format!(
                    "{vacant} vacant positions but only {} positions",
                    positions.unwrap_or(0)
                ),
            )
            .fix("vacant counts positions without a doctor, so it cannot exceed positions"),
        );
    }
    let positions = positions.unwrap_or(0);
    let filled = positions.saturating_sub(vacant);
    let schedule = match need.follow {
        Some(changes) => PositionSchedule {
            initial: positions,
            changes,
        },
        None => schedule(&raw.position_changes, positions, sh, &path, problems),
    };
    let class = SizeClass::of(population);
    let r = Resolver {
        unit: raw,
        sh,
        path: &path,
    };
    let tenure = per_filled(
        &raw.initial_tenure_years,
        filled,
        path.key("initial_tenure_years"),
        Limits::NON_NEGATIVE,
        problems,
    );
    let ages = per_filled(
        &raw.initial_age_years,
        filled,
        path.key("initial_age_years"),
        AGE_LIMITS,
        problems,
    );

    let departure = departure(&r, class, reg, problems);
    let mut param = |key: &str,
                     get: fn(&crate::scenario::raw::RawUnitParams) -> Option<ParamSpec>,
                     limits: Limits,
                     default: f64,
                     problems: &mut Vec<Problem>| match r.pick(get, key) {
        Some((s, p)) => reg.param(&s, &p, limits, problems),
        None => Some(Param::Fixed(default)),
    };
    let multiplier = param(
        "departure_hazard_multiplier",
        |p| p.departure_hazard_multiplier.clone(),
        Limits::POSITIVE,
        1.0,
        problems,
    );
    let fill_median = param(
        "time_to_fill_median_months",
        |p| p.time_to_fill_median_months.clone(),
        Limits::POSITIVE,
        class.median_fill_months(),
        problems,
    );
    let coverage = param(
        "locum_coverage_share",
        |p| p.locum_coverage_share.clone(),
        Limits::SHARE,
        d::LOCUM_COVERAGE_SHARE,
        problems,
    );
    let default_list = known.and_then(|m| m.gp).map_or(
        if positions > 0 {
            f64::from(population) / f64::from(positions)
        } else {
            0.0
        },
        |g| g.mean_list_length,
    );
    let list_length = param(
        "list_length_patients",
        |p| p.list_length_patients.clone(),
        Limits::NON_NEGATIVE,
        default_list,
        problems,
    );
    let sigma = param(
        "time_to_fill_sigma",
        |p| p.time_to_fill_sigma.clone(),
        Limits::POSITIVE,
        d::FILL_SIGMA,
        problems,
    );
    // The built-in price is uncertain: it is drawn as if written in [defaults].
    let (lo, mode, hi) = d::LOCUM_PRICE_NOK_PER_WEEK;
    let default_price = ParamSpec::Dist(DistSpec::Triangular {
        min: lo,
        mode,
        max: hi,
    });
    let (price_spec, price_path) = r
        .pick(
            |p| p.locum_price_nok_per_week.clone(),
            "locum_price_nok_per_week",
        )
        .unwrap_or((
            default_price,
            TomlPath::root()
                .key("defaults")
                .key("locum_price_nok_per_week"),
        ));
    let price = reg.param(&price_spec, &price_path, Limits::NON_NEGATIVE, problems);
    let fill_kind = match r
        .unit
        .time_to_fill_distribution
        .clone()
        .map(|s| (s, path.key("time_to_fill_distribution")))
        .or_else(|| {
            sh.defaults.time_to_fill_distribution.clone().map(|s| {
                (
                    s,
                    TomlPath::root()
                        .key("defaults")
                        .key("time_to_fill_distribution"),
                )
            })
        }) {
        None => sigma.map(|s| FillKind::LogNormal { sigma: s }),
        Some((k, _)) if k == "lognormal" => sigma.map(|s| FillKind::LogNormal { sigma: s }),
        Some((k, _)) if k == "exponential" => Some(FillKind::Exponential),
        Some((k, p)) => {
            problems.push(
                Problem::new(
                    p,
                    format!("unknown distribution `{k}` for the time to fill"),
                )
                .fix("use \"lognormal\" or \"exponential\""),
            );
            None
        }
    };
    let recruit_age = match r.pick(|p| p.recruit_age_years.clone(), "recruit_age_years") {
        Some((s, p)) => match to_dist(&s)
            .and_then(per_recruit)
            .and_then(|dist| check_limits(&dist, AGE_LIMITS).map(|_| dist))
        {
            Ok(dist) => Some(dist),
            Err(e) => {
                problems.push(
                    Problem::new(p, e)
                        .fix("e.g. { normal = { mean = 38, sd = 7, min = 27, max = 62 } }"),
                );
                None
            }
        },
        None => {
            let (mean, sd, lo, hi) = d::RECRUIT_AGE_YEARS;
            Some(Dist::normal(mean, sd, Some(lo), Some(hi)).expect("valid default"))
        }
    };
    if problems.len() > before {
        return None;
    }
    Some(Unit {
        id: raw.id.clone(),
        name: raw
            .name
            .clone()
            .or_else(|| known.map(|m| m.name.clone()))
            .unwrap_or_else(|| raw.id.clone()),
        key: name_key(&raw.id),
        kommune: raw.kommune.clone(),
        role: need.role,
        population,
        need: need.need,
        areas: need.areas,
        positions: schedule,
        initial_vacant: vacant,
        initial_tenure_years: tenure,
        initial_age_years: ages,
        list_length: list_length?,
        departure: departure?,
        departure_multiplier: multiplier?,
        fill_median_months: fill_median?,
        fill_kind: fill_kind?,
        locum_coverage: coverage?,
        locum_price_per_week: price?,
        recruit_age: recruit_age?,
    })
}

/// Validates every unit that parsed; also checks that ids are unique.
pub fn validate_units(
    raw: &[Option<RawUnit>],
    sh: &Shared,
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for (i, u) in raw.iter().enumerate() {
        let Some(u) = u else { continue };
        if raw[..i].iter().flatten().any(|o| o.id == u.id) {
            problems.push(
                Problem::new(
                    TomlPath::root().key("units").index(i).key("id"),
                    format!("unit id `{}` is used twice", u.id),
                )
                .fix("give each unit its own id"),
            );
        }
        if let Some(v) = unit(u, i, sh, reg, problems) {
            out.push(v);
        }
    }
    out
}
