//! Checking records for use as population by single-year age: one series per
//! municipality and year with males and females at ages 0..=105. Reports every
//! problem at once: unknown municipality codes, duplicate cells, missing ages,
//! missing values (symbols, nulls), negative counts, and for 14288 which
//! projection alternative to use (default MMMM when present).
//!
//! Must never: drop a municipality record silently (the whole country and
//! counties are left out, as `read` notes), fill a gap, or stop at the first
//! problem.

use std::collections::{BTreeMap, BTreeSet};

use super::error::SsbProblem;
use super::{Record, Sex, SsbTable, TableId};

/// Population of one municipality on 1 January of one year, by single-year age
/// (index 105 = 105 or older).
#[derive(Debug, Clone, PartialEq)]
pub struct AgeSexSeries {
    pub region: String,
    pub year: i32,
    pub male: [f64; 106],
    pub female: [f64; 106],
}

const FIX_AGES: &str = "download again with all single-year ages (alder 0 … 105+), both sexes and \
all years selected";

/// Ages as ranges: "3, 50–52, 105".
fn ranges(ages: &[u8]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ages.len() {
        let mut j = i;
        while j + 1 < ages.len() && ages[j + 1] == ages[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            ages[i].to_string()
        } else {
            format!("{}–{}", ages[i], ages[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

fn sex_name(s: Sex) -> &'static str {
    match s {
        Sex::Male => "males",
        Sex::Female => "females",
    }
}

fn is_municipality(region: &str) -> bool {
    region.len() == 4
}

/// Chooses the projection alternative, or says why it cannot.
fn choose_alternative(t: &SsbTable, wanted: Option<&str>) -> Result<Option<String>, SsbProblem> {
    let found: BTreeSet<&str> = t
        .records
        .iter()
        .filter_map(|r| r.alternative.as_deref())
        .collect();
    let list = found.iter().copied().collect::<Vec<_>>().join(", ");
    let problem = |what: String, fix: String| SsbProblem {
        file: t.file.clone(),
        line: None,
        what,
        fix,
    };
    if t.table == TableId::Population07459 || found.is_empty() {
        return Ok(None);
    }
    match wanted {
        Some(a) if found.contains(a) => Ok(Some(a.to_string())),
        Some(a) => Err(problem(
            format!("projection alternative {a:?} is not in the file, which has {list}"),
            format!("choose one of {list}, or download table 14288 with alternative {a}"),
        )),
        None if found.len() == 1 => Ok(found.first().map(|a| a.to_string())),
        None if found.contains("MMMM") => Ok(Some("MMMM".to_string())),
        None => Err(problem(
            format!("the file has several projection alternatives ({list}) and no main alternative MMMM"),
            format!("choose one of {list}"),
        )),
    }
}

/// Population by single-year age for every municipality and year in `t`,
/// or every problem found. `known_kommuner` says whether a 4-digit code is a
/// municipality the caller knows; `alternative` picks a 14288 alternative.
pub fn to_population(
    t: &SsbTable,
    known_kommuner: &dyn Fn(&str) -> bool,
    alternative: Option<&str>,
) -> Result<Vec<AgeSexSeries>, Vec<SsbProblem>> {
    let alt = choose_alternative(t, alternative).map_err(|p| vec![p])?;
    let file = t.file.as_str();
    let mut problems = Vec::new();
    let mut problem = |line: Option<usize>, what: String, fix: &str| {
        problems.push(SsbProblem {
            file: file.to_string(),
            line,
            what,
            fix: fix.to_string(),
        })
    };
    // (region, year) → sex → age → record
    type Cells<'a> = BTreeMap<(Sex, u8), &'a Record>;
    let mut groups: BTreeMap<(&str, i32), Cells<'_>> = BTreeMap::new();
    let mut unknown: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for r in &t.records {
        if !is_municipality(&r.region) || (alt.is_some() && r.alternative != alt) {
            continue;
        }
        if !known_kommuner(&r.region) {
            unknown.entry(&r.region).or_insert(r.line);
            continue;
        }
        let cells = groups.entry((&r.region, r.year)).or_default();
        if let Some(first) = cells.insert((r.sex, r.age), r) {
            let at = |l: Option<usize>| l.map(|l| format!(" (line {l})")).unwrap_or_default();
            problem(
                r.line,
                format!(
                    "{} {} {} age {} is given twice{} and{}",
                    r.region,
                    r.year,
                    sex_name(r.sex),
                    r.age,
                    at(first.line),
                    at(r.line)
                ),
                "download the table once, without joining files",
            );
        }
    }
    for (code, line) in &unknown {
        problem(
            *line,
            format!("unknown municipality code {code:?}"),
            "use a file with the current municipality codes (region: municipalities, current \
             structure) or remove that region",
        );
    }
    let mut out = Vec::new();
    for (&(region, year), cells) in &groups {
        let mut series = AgeSexSeries {
            region: region.to_string(),
            year,
            male: [0.0; 106],
            female: [0.0; 106],
        };
        for sex in [Sex::Male, Sex::Female] {
            let missing: Vec<u8> = (0..=105u8)
                .filter(|a| !cells.contains_key(&(sex, *a)))
                .collect();
            if !missing.is_empty() {
                let lines: Vec<usize> = cells.values().filter_map(|r| r.line).collect();
                let near = match (lines.iter().min(), lines.iter().max()) {
                    (Some(a), Some(b)) => format!(" (its rows are on lines {a}–{b})"),
                    _ => String::new(),
                };
                problem(
                    None,
                    format!(
                        "{region} {year} {}: ages {} are missing{near}",
                        sex_name(sex),
                        ranges(&missing)
                    ),
                    FIX_AGES,
                );
            }
            let mut no_value: BTreeMap<&str, (Vec<u8>, Option<usize>)> = BTreeMap::new();
            for age in 0..=105u8 {
                let Some(r) = cells.get(&(sex, age)) else {
                    continue;
                };
                match r.value {
                    Some(v) if v < 0.0 => problem(
                        r.line,
                        format!("{region} {year} {} age {age}: negative count {v}", sex_name(sex)),
                        "check the file: SSB never publishes negative population; download it again",
                    ),
                    Some(v) => match sex {
                        Sex::Male => series.male[age as usize] = v,
                        Sex::Female => series.female[age as usize] = v,
                    },
                    None => {
                        let sym = r.symbol.as_deref().unwrap_or("null");
                        let e = no_value.entry(sym).or_insert((Vec::new(), r.line));
                        e.0.push(age);
                    }
                }
            }
            for (sym, (ages, line)) in no_value {
                problem(
                    line,
                    format!(
                        "{region} {year} {}: no value at ages {} (SSB gave {sym:?})",
                        sex_name(sex),
                        ranges(&ages)
                    ),
                    "choose years and regions where SSB publishes figures, or fill the values in the \
                     scenario yourself",
                );
            }
        }
        out.push(series);
    }
    let nothing = out.is_empty() && unknown.is_empty();
    if nothing {
        problem(
            None,
            "no municipality rows (only the whole country, counties or \"K-Rest\")".to_string(),
            "download table 07459 (or 14288) with municipalities selected in region",
        );
    }
    if problems.is_empty() && !nothing {
        Ok(out)
    } else {
        Err(problems)
    }
}
