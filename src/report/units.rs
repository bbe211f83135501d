//! The report's table of every unit at the milestone years, when the summary
//! shows regions only (more than a few units): a county planner wants each
//! municipality's figures next to the county's (fresh-eyes review, session
//! 12). Means only; the bands are in `results.xlsx` and `units_yearly.csv`.
//! Pure: model and results in, blocks out.

use super::Block;
use crate::model::Model;
use crate::output::numfmt::{number, Lang};
use crate::output::staff::Staff;
use crate::output::table::{milestone_years, summary_entities};
use crate::stats::summary::Table;
use crate::stats::Metric;

/// The heading and table, or nothing when the summary already shows every unit.
pub fn section(model: &Model, table: &Table, lang: Lang) -> Vec<Block> {
    let shown = summary_entities(model);
    if model.units.is_empty() || shown.iter().any(|&(e, _)| e < model.units.len()) {
        return Vec::new();
    }
    let nb = lang == Lang::Nb;
    let years = milestone_years(model);
    let staff = Staff::of_model(model);
    let positions = staff.positions(lang);
    let mut header = vec![
        if nb { "Enhet" } else { "Unit" }.to_string(),
        if nb { "Kommunenr." } else { "Municipality no." }.to_string(),
        format!("{} {}", capitalised(positions), model.base_year),
        if nb {
            format!("Ledige 1.1.{}", model.base_year)
        } else {
            format!("Vacant 1 Jan {}", model.base_year)
        },
    ];
    header.extend(years.iter().map(|y| {
        if nb {
            format!("Ledige {y}, snitt")
        } else {
            format!("Vacant {y}, mean")
        }
    }));
    if let Some(y) = years.first() {
        header.push(if nb {
            format!("Vikarutgifter {y}, mill. kr")
        } else {
            format!("Locum costs {y}, NOK million")
        });
    }
    let rows = model
        .units
        .iter()
        .enumerate()
        .map(|(e, u)| {
            let at = |y: i32, m: Metric| table.year(e, (y - model.base_year) as usize, m).mean;
            let mut row = vec![
                u.name.clone(),
                u.kommune.clone().unwrap_or_default(),
                number(f64::from(u.positions.initial), 0, lang),
                number(f64::from(u.initial_vacant), 0, lang),
            ];
            row.extend(
                years
                    .iter()
                    .map(|&y| number(at(y, Metric::VacancyMonths) / 12.0, 1, lang)),
            );
            if let Some(&y) = years.first() {
                row.push(number(at(y, Metric::LocumCostNok) / 1e6, 1, lang));
            }
            row
        })
        .collect();
    vec![
        Block::Heading(if nb { "Per enhet" } else { "Per unit" }.into()),
        Block::Table {
            caption: if nb {
                format!("Hver enhet: {positions} og ledige ved start, ledige {positions} (snitt i året) og vikarutgifter, snitt over replikasjonene; P10–P90 står i results.xlsx (arket Per enhet) og units_yearly.csv")
            } else {
                format!("Each unit: {positions} and vacant at the start, vacant {positions} (year average) and locum costs, means over the replicates; P10–P90 are in results.xlsx (sheet Per unit) and units_yearly.csv")
            },
            header,
            rows,
        },
    ]
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}
