//! `[demography]`: SSB files the user downloaded, used instead of (or on top
//! of) the bundled data. `population_file` (table 07459) replaces or extends a
//! municipality's registered history; `projection_file` (table 14288 by sex and
//! age) is taken as is for the years it covers, and the cohort-component
//! projection continues after them. Reading the named files is the one I/O of
//! scenario validation; every problem names the data file and its line.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::data::{self, population, projection};
use crate::demography::project::project;
use crate::demography::rates;
use crate::demography::{AgeSex, Series};
use crate::scenario::problem::{Problem, TomlPath};
use crate::ssb;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemography {
    /// SSB table 07459 (population by region, sex, age, year), any SSB layout.
    pub population_file: Option<String>,
    /// SSB table 14288 (projection by region, sex, age, year).
    pub projection_file: Option<String>,
    /// Which projection alternative to use (default "MMMM").
    pub projection_alternative: Option<String>,
    /// "level" (default): projected totals equal SSB's MMMM totals from the first
    /// projected year; "growth": they follow MMMM's growth from the last
    /// registered year (no jump where SSB's 2024-round figures and the registered
    /// population have drifted apart).
    pub calibration: Option<String>,
}

/// Where populations come from: the bundled data, overridden by user files.
#[derive(Debug, Default)]
pub struct Demography {
    history: HashMap<String, BTreeMap<i32, AgeSex>>,
    projected: HashMap<String, BTreeMap<i32, AgeSex>>,
    /// Calibrate to MMMM's growth from the last registered year instead of its level.
    growth: bool,
    /// Series already projected (units' need and the model's populations ask
    /// for the same municipalities).
    cache: std::cell::RefCell<HashMap<String, Option<Series>>>,
}

fn to_age_sex(s: &ssb::AgeSexSeries) -> AgeSex {
    AgeSex {
        male: s.male,
        female: s.female,
    }
}

fn read(
    file: &str,
    base: Option<&Path>,
    alternative: Option<&str>,
    want: ssb::TableId,
    path: TomlPath,
    problems: &mut Vec<Problem>,
) -> HashMap<String, BTreeMap<i32, AgeSex>> {
    let full: PathBuf = base.map_or_else(|| PathBuf::from(file), |b| b.join(file));
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            problems.push(
                Problem::new(path, format!("cannot read {}: {e}", full.display()))
                    .fix("give the path of the downloaded SSB file, relative to the scenario file"),
            );
            return HashMap::new();
        }
    };
    let label = full.display().to_string();
    let table = match ssb::read(&bytes, &label) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::new(path, e.located()).fix(e.fix));
            return HashMap::new();
        }
    };
    if table.table != want {
        problems.push(
            Problem::new(
                path,
                format!(
                    "{label} holds SSB table {}, not {}",
                    table.table.number(),
                    want.number()
                ),
            )
            .fix(format!("name a download of table {} here", want.number())),
        );
        return HashMap::new();
    }
    match ssb::to_population(&table, &|k| data::municipality(k).is_some(), alternative) {
        Ok(rows) => {
            let mut out: HashMap<String, BTreeMap<i32, AgeSex>> = HashMap::new();
            for r in &rows {
                out.entry(r.region.clone())
                    .or_default()
                    .insert(r.year, to_age_sex(r));
            }
            out
        }
        Err(ps) => {
            for p in ps {
                problems.push(Problem::new(path.clone(), p.located()).fix(p.fix));
            }
            HashMap::new()
        }
    }
}

impl Demography {
    /// Reads the files named in `[demography]` (relative to `base`, the scenario
    /// file's folder).
    pub fn load(
        raw: &RawDemography,
        base: Option<&Path>,
        problems: &mut Vec<Problem>,
    ) -> Demography {
        let p = TomlPath::root().key("demography");
        let alt = raw.projection_alternative.as_deref();
        let growth = match raw.calibration.as_deref() {
            None | Some("level") => false,
            Some("growth") => true,
            Some(o) => {
                problems.push(Problem::new(p.key("calibration"), format!("unknown calibration `{o}`"))
                    .fix("use \"level\" (totals equal SSB's MMMM) or \"growth\" (totals follow MMMM's growth from the last registered year)"));
                false
            }
        };
        Demography {
            cache: Default::default(),
            growth,
            history: raw
                .population_file
                .as_deref()
                .map_or_else(HashMap::new, |f| {
                    read(
                        f,
                        base,
                        None,
                        ssb::TableId::Population07459,
                        p.key("population_file"),
                        problems,
                    )
                }),
            projected: raw
                .projection_file
                .as_deref()
                .map_or_else(HashMap::new, |f| {
                    read(
                        f,
                        base,
                        alt.or(Some("MMMM")),
                        ssb::TableId::Projection14288,
                        p.key("projection_file"),
                        problems,
                    )
                }),
        }
    }

    /// A municipality's population by sex and age from its first year to 2050.
    pub fn series(&self, code: &str) -> Option<Series> {
        if let Some(s) = self.cache.borrow().get(code) {
            return s.clone();
        }
        let s = self.project(code);
        self.cache.borrow_mut().insert(code.to_string(), s.clone());
        s
    }

    fn project(&self, code: &str) -> Option<Series> {
        let (hist, proj) = (self.history.get(code), self.projected.get(code));
        if hist.is_none() && proj.is_none() && !self.growth {
            return projection::municipality(code).cloned();
        }
        let bundled = population::municipality(code)?;
        let mut years: BTreeMap<i32, AgeSex> = (bundled.first_year..=bundled.last_year())
            .filter_map(|y| bundled.get(y).map(|p| (y, p.clone())))
            .collect();
        if let Some(h) = hist {
            years.extend(h.iter().map(|(y, p)| (*y, p.clone())));
        }
        // Registered years must be consecutive: keep the run that ends with the last one.
        let last = *years.keys().next_back()?;
        let first = (bundled.first_year.min(*years.keys().next()?)..=last)
            .rev()
            .take_while(|y| years.contains_key(y))
            .last()?;
        let history = Series {
            first_year: first,
            years: (first..=last).map(|y| years[&y].clone()).collect(),
        };
        let nat = projection::national_rates();
        let local = rates::local(
            &history,
            nat,
            projection::MIGRATION_YEARS.0,
            projection::MIGRATION_YEARS.1,
        );
        let last_total = history.years.last()?.total();
        let mmmm_last = population::projected_total(code, last);
        let total = |y: i32| -> Option<f64> {
            let t = population::projected_total(code, y)?;
            match (self.growth, mmmm_last) {
                (true, Some(m)) if m > 0.0 => Some(last_total * t / m),
                _ => Some(t),
            }
        };
        Some(project(
            &history,
            nat,
            &local,
            projection::LAST_YEAR,
            &total,
            &|y| proj.and_then(|p| p.get(&y).cloned()),
        ))
    }
}
