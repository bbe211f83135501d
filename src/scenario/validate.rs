//! From written scenario parts to the validated `Model`: scenario settings,
//! defaults, retirement and regions. Units are checked in `units`. Every check
//! pushes a `Problem` and carries on, so that all problems are reported at once.

use crate::model::defaults as d;
use crate::model::dist::Dist;
use crate::model::hazard::PiecewiseHazard;
use crate::model::{Model, Param, Region, Retirement};
use crate::scenario::param::ParamSpec;
use crate::scenario::params::{Limits, ParamRegistry};
use crate::scenario::problem::{Problem, TomlPath};
use crate::scenario::raw::{RawDefaults, RawRegion, RawRetirement, RawScenario, RawUnit};
use crate::scenario::raw_measures::{RawComparison, RawMeasure, RawVariant};
use crate::scenario::{defaults, measures, units, variants};

/// All parts of a scenario that parsed (None where a part had type errors, which
/// are already reported).
pub struct Parts {
    pub scenario: Option<RawScenario>,
    pub defaults: Option<RawDefaults>,
    pub retirement: Option<RawRetirement>,
    pub units: Vec<Option<RawUnit>>,
    /// The `id` of every `[[units]]` table as written, even of units that did not
    /// parse, so that regions are checked against what the file says.
    pub unit_ids: Vec<Option<String>>,
    pub regions: Vec<Option<RawRegion>>,
    /// The scenario's own `[[measures]]`, with where each was written.
    pub measures: Vec<Option<(RawMeasure, TomlPath)>>,
    pub variants: Vec<Option<RawVariant>>,
    pub comparison: Option<RawComparison>,
    pub markets: Vec<Option<crate::scenario::raw::RawMarket>>,
    pub demography: Option<crate::scenario::demography::RawDemography>,
    /// Folder that data files named in the scenario are relative to.
    pub base_dir: Option<std::path::PathBuf>,
}

/// Settings shared by all units, resolved from `[scenario]` and `[defaults]`.
pub struct Shared {
    pub base_year: i32,
    pub horizon_years: u32,
    pub band_starts: Vec<f64>,
    pub shape: Vec<f64>,
    pub defaults: RawDefaults,
    /// Populations: bundled SSB data, or the user's SSB files (`[demography]`).
    pub demography: crate::scenario::demography::Demography,
}

fn root() -> TomlPath {
    TomlPath::root()
}

/// Whether `name` can name a scenario: it names the output directory.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A name that can name a folder, made from `name` ("Vesterålen sør" gives
/// "vesteralen-sor"): æ ø å spelt out, spaces as '-', anything else left out.
pub fn folder_name(name: &str) -> String {
    let folded: String = crate::scenario::bundled::normalise(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if folded.is_empty() {
        "my-scenario".into()
    } else {
        folded
    }
}

/// Checks a scenario name: it names the output directory.
fn check_name(name: &str, problems: &mut Vec<Problem>) {
    if !valid_name(name) {
        problems.push(
            Problem::new(
                root().key("scenario").key("name"),
                format!("`{name}` cannot name an output folder"),
            )
            .fix(format!(
                "use letters a-z, digits, '-' and '_' only, e.g. \"{}\"",
                folder_name(name)
            )),
        );
    }
}

fn years(s: &RawScenario, problems: &mut Vec<Problem>) -> (i32, u32) {
    let base = s.base_year.unwrap_or(i64::from(d::BASE_YEAR));
    let base = if (1990..=2100).contains(&base) {
        base as i32
    } else {
        problems.push(
            Problem::new(
                root().key("scenario").key("base_year"),
                format!("base year {base} is out of range"),
            )
            .fix("give a year between 1990 and 2100, e.g. 2025"),
        );
        d::BASE_YEAR
    };
    let h = s.horizon_years.unwrap_or(i64::from(d::HORIZON_YEARS));
    let years = |h: i64| (1..=100).contains(&h).then_some(h as u32);
    let h = match years(h) {
        Some(h) => h,
        None => {
            let path = root().key("scenario").key("horizon_years");
            let problem = Problem::new(path, format!("horizon of {h} years is not possible"));
            // A last year written instead of a number of years: say so, and go on
            // checking with the horizon meant, so that the year checks that depend
            // on it do not all fail as well.
            let meant = years(h - i64::from(base) + 1).filter(|_| h >= i64::from(base));
            problems.push(match meant {
                Some(m) => problem.fix(format!(
                    "horizon_years counts years, it is not the last year: for {base}–{h} write horizon_years = {m}"
                )),
                None => problem.fix("give a whole number of years from 1 to 100, e.g. 20"),
            });
            meant.unwrap_or(d::HORIZON_YEARS)
        }
    };
    (base, h)
}

fn retirement(
    r: &RawRetirement,
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> Option<Retirement> {
    let p = root().key("retirement");
    let ages = r
        .band_start_ages_years
        .clone()
        .unwrap_or(d::RETIREMENT_BAND_START_AGES_YEARS.to_vec());
    let rates: Vec<ParamSpec> = r.hazard_per_year.clone().unwrap_or(
        d::RETIREMENT_HAZARD_PER_YEAR
            .iter()
            .map(|&x| ParamSpec::Number(x))
            .collect(),
    );
    let max_age = r.max_age_years.unwrap_or(d::RETIREMENT_MAX_AGE_YEARS);
    let before = problems.len();
    if !(40.0..=100.0).contains(&max_age) {
        problems.push(
            Problem::new(
                p.key("max_age_years"),
                format!("{max_age} is not a plausible age by which every doctor has retired"),
            )
            .fix("give an age between 40 and 100, e.g. 70"),
        );
    }
    if ages.iter().any(|&a| !(a > 0.0 && a < max_age)) || ages.windows(2).any(|w| w[0] >= w[1]) {
        problems.push(
            Problem::new(
                p.key("band_start_ages_years"),
                format!(
                    "band start ages must increase and lie between 0 and max_age_years ({max_age})"
                ),
            )
            .fix("e.g. [62, 67]"),
        );
    }
    if rates.len() != ages.len() {
        problems.push(
            Problem::new(
                p.key("hazard_per_year"),
                format!("{} hazards for {} band start ages", rates.len(), ages.len()),
            )
            .fix("give one yearly hazard per band start age, e.g. [0.10, 0.35]"),
        );
    }
    let hazards: Vec<Option<Param>> = rates
        .iter()
        .enumerate()
        .map(|(i, s)| {
            reg.param(
                s,
                &p.key("hazard_per_year").index(i),
                Limits::NON_NEGATIVE,
                problems,
            )
        })
        .collect();
    if problems.len() > before {
        return None;
    }
    Some(Retirement {
        band_start_ages_years: ages,
        hazard_per_year: hazards.into_iter().collect::<Option<Vec<_>>>()?,
        max_age_years: max_age,
    })
}

// `!(x >= 0.0)` on purpose: it also rejects NaN.
#[allow(clippy::neg_cmp_op_on_partial_ord)]
fn shared(s: &RawScenario, defaults: RawDefaults, problems: &mut Vec<Problem>) -> Shared {
    let (base_year, horizon_years) = years(s, problems);
    let p = root().key("defaults");
    let band_starts = defaults
        .tenure_band_starts_years
        .clone()
        .unwrap_or(d::TENURE_BAND_STARTS_YEARS.to_vec());
    if let Err(e) = PiecewiseHazard::new(band_starts.clone(), vec![1.0; band_starts.len()]) {
        problems
            .push(Problem::new(p.key("tenure_band_starts_years"), e).fix("e.g. [0, 1, 3, 5, 10]"));
    }
    let shape = match &defaults.departure_hazard_shape {
        Some(s) => s.clone(),
        None if band_starts.len() == d::DEPARTURE_HAZARD_SHAPE.len() => {
            d::DEPARTURE_HAZARD_SHAPE.to_vec()
        }
        None => vec![1.0; band_starts.len()],
    };
    if shape.len() != band_starts.len()
        || shape.iter().any(|x| !(*x >= 0.0))
        || shape.last().is_some_and(|x| *x <= 0.0)
    {
        problems.push(
            Problem::new(
                p.key("departure_hazard_shape"),
                format!(
                    "needs {} values ≥ 0, one per tenure band, the last > 0",
                    band_starts.len()
                ),
            )
            .fix("e.g. [1.5, 1.2, 1.0, 1.0, 1.0]"),
        );
    }
    Shared {
        base_year,
        horizon_years,
        band_starts,
        shape,
        defaults,
        demography: Default::default(),
    }
}

fn regions(
    raw: &[Option<RawRegion>],
    unit_ids: &[Option<String>],
    problems: &mut Vec<Problem>,
) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let Some(r) = r else { continue };
        let p = root().key("regions").index(i);
        if out.iter().any(|o| o.id == r.id) {
            problems.push(
                Problem::new(p.key("id"), format!("region id `{}` is used twice", r.id))
                    .fix("give each region its own id"),
            );
        }
        if r.units.is_empty() {
            problems.push(
                Problem::new(p.key("units"), "a region needs at least one unit")
                    .fix("list unit ids, e.g. units = [\"andoy\", \"bo\"]"),
            );
        }
        let mut members = Vec::new();
        for (j, id) in r.units.iter().enumerate() {
            match unit_ids.iter().position(|u| u.as_ref() == Some(id)) {
                Some(k) if members.contains(&k) => problems.push(
                    Problem::new(
                        p.key("units").index(j),
                        format!("unit `{id}` is listed twice"),
                    )
                    .fix("list each unit once"),
                ),
                Some(k) => members.push(k),
                None => {
                    // A typo is more likely of a unit the region does not list yet.
                    let all: Vec<&str> = unit_ids.iter().flatten().map(String::as_str).collect();
                    let unlisted: Vec<&str> = all
                        .iter()
                        .copied()
                        .filter(|u| !r.units.iter().any(|x| x == u))
                        .collect();
                    // Otherwise (a unit that is gone, as after a misspelt
                    // `[[units]]` header) the list is of every unit: the
                    // region's own are not the wrong ones.
                    let typo_of_unlisted = !unlisted.is_empty()
                        && crate::scenario::friendly::closest(id, &unlisted).is_some();
                    let known = if typo_of_unlisted { unlisted } else { all };
                    problems.push(
                        Problem::new(
                            p.key("units").index(j),
                            format!("there is no unit with id `{id}`"),
                        )
                        .fix(crate::scenario::friendly::unknown_unit_fix(id, &known)),
                    );
                }
            }
        }
        out.push(Region {
            id: r.id.clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.clone()),
            members,
        });
    }
    out
}

/// Validates all parts; returns the model, or nothing when any problem was found.
pub fn validate(parts: Parts, problems: &mut Vec<Problem>) -> Option<Model> {
    let scenario = parts.scenario?;
    check_name(&scenario.name, problems);
    let mut reg = ParamRegistry::default();
    let retirement = retirement(&parts.retirement.unwrap_or_default(), &mut reg, problems);
    let mut sh = shared(&scenario, parts.defaults.unwrap_or_default(), problems);
    sh.demography = crate::scenario::demography::Demography::load(
        &parts.demography.unwrap_or_default(),
        parts.base_dir.as_deref(),
        problems,
    );
    defaults::validate_defaults(&sh.defaults.unit_params(), &mut reg, problems);
    let unit_list = units::validate_units(&parts.units, &sh, &mut reg, problems);
    if parts.units.is_empty() {
        problems.push(
            Problem::new(root(), "the scenario has no units")
                .fix("add at least one [[units]] table with id, population and positions"),
        );
    }
    let regions = regions(&parts.regions, &parts.unit_ids, problems);
    let workload = match &sh.defaults.workload_elasticity {
        Some(s) => reg.param(
            s,
            &root().key("defaults").key("workload_elasticity"),
            WORKLOAD,
            problems,
        ),
        None => Some(Param::Fixed(d::WORKLOAD_ELASTICITY)),
    };
    let last_year = sh.base_year + sh.horizon_years as i32 - 1;
    let (catalogue, catalogue_problems) = crate::scenario::catalogue();
    debug_assert!(
        catalogue_problems.is_empty(),
        "the bundled catalogue is tested to be valid"
    );
    // A scenario's measure with a catalogue id changes only the fields it writes.
    let own: Vec<(RawMeasure, TomlPath)> = parts
        .measures
        .into_iter()
        .flatten()
        .map(
            |(m, path)| match catalogue.iter().find(|(c, _)| c.id == m.id) {
                Some((c, _)) => (m.merged_over(c), path),
                None => (m, path),
            },
        )
        .collect();
    for (i, (m, path)) in own.iter().enumerate() {
        if own[..i].iter().any(|(o, _)| o.id == m.id) {
            problems.push(
                Problem::new(
                    path.key("id"),
                    format!("measure id `{}` is used twice", m.id),
                )
                .fix("give each measure its own id"),
            );
        }
        // Measures no variant uses are still checked.
        measures::measure(
            m,
            path,
            sh.band_starts.len(),
            &mut ParamRegistry::default(),
            problems,
        );
    }
    let comparison = variants::comparison(
        &parts.comparison.unwrap_or_default(),
        sh.base_year,
        last_year,
        problems,
    );
    let markets = crate::scenario::markets::validate_markets(
        &parts.markets,
        &parts.unit_ids,
        &unit_list,
        &regions,
        &mut reg,
        problems,
    );
    let market_ids: Vec<String> = parts
        .markets
        .iter()
        .flatten()
        .map(|m| m.id.clone())
        .collect();
    let ctx = variants::Context {
        units: &unit_list,
        market_ids: &market_ids,
        unit_ids: &parts.unit_ids,
        base_year: sh.base_year,
        last_year,
        through_year: comparison.through_year,
        bands: sh.band_starts.len(),
    };
    let (variants, measure_list) =
        variants::variants(&parts.variants, &own, &catalogue, &ctx, &mut reg, problems);
    if !problems.is_empty() {
        return None;
    }
    // The populations behind every unit's need, for outputs and charts.
    let mut populations = std::collections::BTreeMap::new();
    for code in unit_list.iter().flat_map(|u| u.areas.iter()) {
        if !populations.contains_key(code) {
            if let Some(s) = sh.demography.series(code) {
                populations.insert(code.clone(), s);
            }
        }
    }
    Some(Model {
        title: scenario
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| scenario.name.clone()),
        name: scenario.name,
        description: scenario.description.unwrap_or_default(),
        base_year: sh.base_year,
        horizon_years: sh.horizon_years,
        monthly_results: scenario.monthly_results.unwrap_or(false),
        tenure_band_starts_years: sh.band_starts,
        retirement: retirement?,
        units: unit_list,
        regions,
        uncertain: reg.uncertain,
        workload_elasticity: workload?,
        measures: measure_list,
        variants,
        comparison,
        markets,
        populations,
        warnings: String::new(),
    })
}

/// A per-recruit distribution must have a closed-form quantile (no beta).
pub fn per_recruit(dist: Dist) -> Result<Dist, String> {
    match dist {
        Dist::Beta { .. } => {
            Err("a beta distribution cannot be used for the age of each recruit".into())
        }
        d => Ok(d),
    }
}

const WORKLOAD: Limits = Limits {
    min: 0.0,
    min_inclusive: true,
    max: 5.0,
    what: "an elasticity between 0 and 5",
};

pub const AGE_LIMITS: Limits = Limits {
    min: 18.0,
    min_inclusive: true,
    max: 100.0,
    what: "an age in years between 18 and 100",
};
