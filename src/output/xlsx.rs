//! `results.xlsx` (rust_xlsxwriter): sheets with numbers as numbers, for
//! planners who continue in a spreadsheet. A run has summary, per year, per unit,
//! need (when units have one: `need::sheet`) and assumptions; a comparison has summary, per year, comparison and
//! assumptions. Sheet names follow the language. Returns bytes; never writes files.

pub use crate::output::workbook::{workbook, Cell, Sheet};

use crate::model::Model;
use crate::output::numfmt::Lang;
use crate::report::Block;
use crate::sim::compare::{CMetric, CompareTable};
use crate::stats::summary::Table;
use crate::stats::{Metric, Stat};

/// Sheet names: (summary, per year, per unit, comparison, assumptions).
pub fn names(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Nb => [
            "Sammendrag",
            "Per år",
            "Per enhet",
            "Sammenligning",
            "Forutsetninger",
        ],
        Lang::En => [
            "Summary",
            "Per year",
            "Per unit",
            "Comparison",
            "Assumptions",
        ],
    }
}

/// The vacant-positions column in Norwegian: GP services count lists
/// ("hjemler"), other units positions ("stillinger").
fn vacant_nb(model: &Model) -> String {
    format!(
        "{} (snitt i året)",
        crate::output::staff::Staff::of_model(model).vacant(Lang::Nb)
    )
}

fn heads(lang: Lang, first: &[&str], nb: &[&str], en: &[&str]) -> Vec<String> {
    first
        .iter()
        .chain(if lang == Lang::Nb { nb } else { en })
        .map(|s| s.to_string())
        .collect()
}

/// The assumptions tables of a report, one after another in one sheet.
pub fn assumptions_sheet(blocks: &[Block], lang: Lang) -> Sheet {
    let mut rows = Vec::new();
    for b in blocks {
        if let Block::Table {
            caption,
            header,
            rows: r,
        } = b
        {
            rows.push(vec![Cell::T(caption.clone())]);
            rows.push(header.iter().map(|h| Cell::T(h.clone())).collect());
            // Numbers as numbers, so that a spreadsheet can reckon with them;
            // codes (municipality numbers) stay text.
            let code = |i: usize| {
                header
                    .get(i)
                    .is_some_and(|h| h.ends_with("nr.") || h.ends_with("no."))
            };
            let cell = |(i, c): (usize, &String)| match crate::output::numfmt::parse_number(c, lang)
            {
                Some(x) if !code(i) => Cell::N(x),
                _ => Cell::T(c.clone()),
            };
            rows.extend(
                r.iter()
                    .map(|row| row.iter().enumerate().map(cell).collect()),
            );
            rows.push(Vec::new());
        }
    }
    (
        names(lang)[4].into(),
        vec![if lang == Lang::Nb {
            "Forutsetninger"
        } else {
            "Assumptions"
        }
        .into()],
        rows,
    )
}

fn stat3(s: &Stat, scale: f64) -> [Cell; 3] {
    [
        Cell::N(s.mean * scale),
        Cell::N(s.p(0.10) * scale),
        Cell::N(s.p(0.90) * scale),
    ]
}

/// Rows of `entities` (units first, then regions, by index) in `years`: the
/// name, whether it is a unit or a region (a region sums units listed in the
/// same sheet, so that summing a column would count them twice), the
/// municipality number (two municipalities share the name Herøy), the year,
/// then the figures.
fn entity_rows(
    model: &Model,
    table: &Table,
    entities: &[(usize, &str)],
    years: &[usize],
    lang: Lang,
) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for (e, name) in entities {
        let unit = model.units.get(*e);
        let level = match (unit.is_some(), lang) {
            (true, Lang::Nb) => "enhet",
            (true, Lang::En) => "unit",
            (false, _) => "region",
        };
        let kommune = unit.and_then(|u| u.kommune.clone()).unwrap_or_default();
        for &y in years {
            let mut row = vec![
                Cell::T(name.to_string()),
                Cell::T(level.into()),
                Cell::T(kommune.clone()),
                Cell::N(f64::from(model.base_year + y as i32)),
            ];
            row.extend(stat3(&table.year(*e, y, Metric::VacancyMonths), 1.0 / 12.0));
            row.extend(stat3(&table.year(*e, y, Metric::LocumCostNok), 1.0));
            row.push(Cell::N(table.year(*e, y, Metric::PatientsWithoutGp).mean));
            row.push(Cell::N(table.year(*e, y, Metric::Departures).mean));
            row.push(Cell::N(table.year(*e, y, Metric::Hires).mean));
            rows.push(row);
        }
    }
    rows
}

/// The sheets of a run (the assumptions sheet comes from `assumptions_sheet`).
pub fn run_sheets(model: &Model, table: &Table, lang: Lang) -> Vec<Sheet> {
    let vacant_nb = vacant_nb(model);
    let header = heads(
        lang,
        &[],
        &[
            "Enhet/region",
            "Nivå",
            "Kommunenr.",
            "År",
            &vacant_nb,
            "P10",
            "P90",
            "Vikarutgifter, kr",
            "P10",
            "P90",
            "Pasienter uten lege eller vikar",
            "Avganger",
            "Ansettelser",
        ],
        &[
            "Unit/region",
            "Level",
            "Municipality no.",
            "Year",
            "Vacant positions (year average)",
            "P10",
            "P90",
            "Locum costs, NOK",
            "P10",
            "P90",
            "Patients without a GP or locum",
            "Departures",
            "Hires",
        ],
    );
    let units: Vec<(usize, &str)> = model
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (i, u.name.as_str()))
        .collect();
    let top = crate::output::table::summary_entities(model);
    let milestones: Vec<usize> = crate::output::table::milestone_years(model)
        .into_iter()
        .map(|y| (y - model.base_year) as usize)
        .collect();
    let all: Vec<usize> = (0..table.years).collect();
    let n = names(lang);
    vec![
        (
            n[0].into(),
            header.clone(),
            entity_rows(model, table, &top, &milestones, lang),
        ),
        (
            n[1].into(),
            header.clone(),
            entity_rows(model, table, &top, &all, lang),
        ),
        (
            n[2].into(),
            header,
            entity_rows(model, table, &units, &all, lang),
        ),
    ]
    .into_iter()
    .chain(crate::output::need::sheet(model, lang))
    .collect()
}

/// The sheets of a comparison (the assumptions sheet comes from `assumptions_sheet`).
pub fn compare_sheets(model: &Model, t: &CompareTable, lang: Lang) -> Vec<Sheet> {
    let vacant_nb = vacant_nb(model);
    let n = names(lang);
    let scen = crate::chart::drivers::scenario_names(model, lang);
    let summary = crate::output::compare::ranking(t)
        .into_iter()
        .map(|v| {
            let vm = t.get(v, t.through, CMetric::VacancyMonths, true);
            let mut row = vec![
                Cell::T(model.variants[v].name.clone()),
                Cell::N(-vm.mean),
                Cell::N(-vm.p(0.90)),
                Cell::N(-vm.p(0.10)),
            ];
            row.push(Cell::N(t.pv_savings[v].mean));
            row.push(Cell::N(t.pv_measure[v].mean));
            row.extend(stat3(&t.npv[v], 1.0));
            row.push(Cell::N(t.p_saves[v]));
            row
        })
        .collect();
    let mut per_year = Vec::new();
    for (s, name) in scen.iter().enumerate() {
        for y in 0..t.years {
            let (vm, cost) = &t.levels[s * t.years + y];
            let mut row = vec![
                Cell::T(name.clone()),
                Cell::N(f64::from(model.base_year + y as i32)),
            ];
            row.extend(stat3(vm, 1.0 / 12.0));
            row.extend(stat3(cost, 1.0));
            per_year.push(row);
        }
    }
    let mut diffs = Vec::new();
    for (v, variant) in model.variants.iter().enumerate() {
        for y in 0..t.years {
            for m in CMetric::ALL {
                for cumulative in [false, true] {
                    let mut row = vec![
                        Cell::T(variant.name.clone()),
                        Cell::N(f64::from(model.base_year + y as i32)),
                        Cell::T(crate::output::compare::metric_words(m, lang).into()),
                        Cell::T(
                            match (lang, cumulative) {
                                (Lang::Nb, false) => "i året",
                                (Lang::Nb, true) => "summert fra start",
                                (Lang::En, false) => "in the year",
                                (Lang::En, true) => "summed from the start",
                            }
                            .into(),
                        ),
                    ];
                    row.extend(stat3(&t.get(v, y, m, cumulative), 1.0));
                    diffs.push(row);
                }
            }
        }
    }
    vec![
        (
            n[0].into(),
            heads(
                lang,
                &[],
                &[
                    "Tiltakspakke",
                    "Unngåtte ledige månedsverk",
                    "P10",
                    "P90",
                    "Sparte vikarutgifter, nåverdi kr",
                    "Kostnad for tiltakene, nåverdi kr",
                    "Netto kostnad, nåverdi kr",
                    "P10",
                    "P90",
                    "P(sparer penger)",
                ],
                &[
                    "Package",
                    "Avoided vacancy-months",
                    "P10",
                    "P90",
                    "Locum costs saved, present value NOK",
                    "Cost of the measures, present value NOK",
                    "Net cost, present value NOK",
                    "P10",
                    "P90",
                    "P(saves money)",
                ],
            ),
            summary,
        ),
        (
            n[1].into(),
            heads(
                lang,
                &[],
                &[
                    "Scenario",
                    "År",
                    &vacant_nb,
                    "P10",
                    "P90",
                    "Vikarutgifter, kr",
                    "P10",
                    "P90",
                ],
                &[
                    "Scenario",
                    "Year",
                    "Vacant positions (year average)",
                    "P10",
                    "P90",
                    "Locum costs, NOK",
                    "P10",
                    "P90",
                ],
            ),
            per_year,
        ),
        (
            n[3].into(),
            heads(
                lang,
                &[],
                &[
                    "Tiltakspakke",
                    "År",
                    "Størrelse (tiltakspakke minus dagens)",
                    "Periode",
                    "Snitt",
                    "P10",
                    "P90",
                ],
                &[
                    "Package",
                    "Year",
                    "Metric (package minus baseline)",
                    "Period",
                    "Mean",
                    "P10",
                    "P90",
                ],
            ),
            diffs,
        ),
    ]
    .into_iter()
    .chain(crate::output::compare_roles::sheet(model, t, lang))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_sheets_give_the_same_bytes() {
        let sheets = vec![(
            "Ark".to_string(),
            vec!["år".to_string(), "verdi".to_string()],
            vec![vec![Cell::N(2025.0), Cell::N(1.5)]],
        )];
        let a = workbook(&sheets).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(a, workbook(&sheets).unwrap());
    }
}
