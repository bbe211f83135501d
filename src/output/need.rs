//! `need.csv` and the spreadsheet's need sheet: per unit and year, the
//! population the unit serves (total, 67+, 80+), its need in positions and the
//! positions in force on 1 January. Deterministic (no replicates). Serialises
//! to bytes or cells; never touches files.

use crate::demography::AgeSex;
use crate::model::Model;
use crate::output::csv::num;
use crate::output::numfmt::Lang;
use crate::output::xlsx::{Cell, Sheet};

/// The summed population of a unit's areas in `year`, if known.
pub fn population(model: &Model, areas: &[String], year: i32) -> Option<AgeSex> {
    if areas.is_empty() {
        return None;
    }
    let mut sum = AgeSex::zero();
    for c in areas {
        sum.add(model.populations.get(c)?.get(year)?);
    }
    Some(sum)
}

/// One unit's figures in one year, as `need.csv` and the need sheet give them.
struct Row<'a> {
    unit: &'a crate::model::Unit,
    year: i32,
    /// Total, 67 and over, 80 and over (rounded), where the population is known.
    population: Option<[f64; 3]>,
    /// Need in positions, to two decimals.
    need: f64,
    positions: u32,
}

/// The rows of every unit with a need, year by year; empty when none has one.
fn rows(model: &Model) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for u in &model.units {
        let Some(need) = &u.need else { continue };
        for (t, n) in need.iter().enumerate() {
            let year = model.base_year + t as i32;
            out.push(Row {
                unit: u,
                year,
                population: population(model, &u.areas, year)
                    .map(|p| [p.total(), p.sum_ages(67, 200), p.sum_ages(80, 200)].map(f64::round)),
                need: (n * 100.0).round() / 100.0,
                positions: u.positions.at_month(12 * t as u32),
            });
        }
    }
    out
}

/// Need in positions and positions in force on 1 January, summed over
/// `members` (units), per year from the base year; `None` if one of them has
/// no need.
pub fn series(model: &Model, members: &[usize]) -> Option<Vec<NeedYear>> {
    let needs: Vec<&Vec<f64>> = members
        .iter()
        .map(|&u| model.units[u].need.as_ref())
        .collect::<Option<_>>()?;
    Some(
        (0..model.horizon_years as usize)
            .map(|t| {
                let n = needs.iter().map(|v| v[t]).sum();
                let p = members
                    .iter()
                    .map(|&u| model.units[u].positions.at_month(12 * t as u32))
                    .sum();
                (model.base_year + t as i32, n, p)
            })
            .collect(),
    )
}

/// (year, need, positions in force on 1 January).
pub type NeedYear = (i32, f64, u32);

/// `None` when no unit has a need (nothing to write).
pub fn serialize(model: &Model) -> Option<Vec<u8>> {
    let rows = rows(model);
    if rows.is_empty() {
        return None;
    }
    let mut out = String::from("unit,name,role,year,population,population_67_plus,population_80_plus,need_positions,positions\n");
    for r in rows {
        let p = |k: usize| r.population.map_or(String::new(), |p| num(p[k]));
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            r.unit.id,
            crate::output::csv::quote(&r.unit.name),
            r.unit.role.name(),
            r.year,
            p(0),
            p(1),
            p(2),
            num(r.need),
            r.positions,
        ));
    }
    Some(out.into_bytes())
}

/// The need sheet of a run's spreadsheet ("Behov"): `need.csv`'s rows with
/// words for headers; `None` when no unit has a need.
pub fn sheet(model: &Model, lang: Lang) -> Option<Sheet> {
    model.units.iter().find(|u| u.need.is_some())?;
    let (name, header) = match lang {
        Lang::Nb => (
            "Behov",
            [
                "Enhet",
                "År",
                "Innbyggere",
                "67 år og over",
                "80 år og over",
                "Behov, årsverk",
                "Stillinger i drift 1. januar",
            ],
        ),
        Lang::En => (
            "Need",
            [
                "Unit",
                "Year",
                "Population",
                "Aged 67 and over",
                "Aged 80 and over",
                "Need, full-time positions",
                "Positions in force on 1 January",
            ],
        ),
    };
    let rows = rows(model)
        .into_iter()
        .map(|r| {
            let p = |k: usize| {
                r.population
                    .map_or(Cell::T(String::new()), |p| Cell::N(p[k]))
            };
            vec![
                Cell::T(r.unit.name.clone()),
                Cell::N(f64::from(r.year)),
                p(0),
                p(1),
                p(2),
                Cell::N(r.need),
                Cell::N(f64::from(r.positions)),
            ]
        })
        .collect();
    Some((
        name.into(),
        header.iter().map(|s| s.to_string()).collect(),
        rows,
    ))
}
