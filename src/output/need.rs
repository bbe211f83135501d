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

/// `None` when no unit has a need (nothing to write).
pub fn serialize(model: &Model) -> Option<Vec<u8>> {
    if model.units.iter().all(|u| u.need.is_none()) {
        return None;
    }
    let mut out = String::from("unit,name,role,year,population,population_67_plus,population_80_plus,need_positions,positions\n");
    for u in &model.units {
        let Some(need) = &u.need else { continue };
        for (t, n) in need.iter().enumerate() {
            let year = model.base_year + t as i32;
            let p = population(model, &u.areas, year);
            let f = |x: Option<f64>| x.map_or(String::new(), |v| num(v.round()));
            out.push_str(&format!(
                "{},{},{},{year},{},{},{},{},{}\n",
                u.id,
                crate::output::csv::quote(&u.name),
                u.role.name(),
                f(p.as_ref().map(AgeSex::total)),
                f(p.as_ref().map(|p| p.sum_ages(67, 200))),
                f(p.as_ref().map(|p| p.sum_ages(80, 200))),
                num((n * 100.0).round() / 100.0),
                u.positions.at_month(12 * t as u32),
            ));
        }
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
    let mut rows = Vec::new();
    for u in &model.units {
        let Some(need) = &u.need else { continue };
        for (t, n) in need.iter().enumerate() {
            let year = model.base_year + t as i32;
            let p = population(model, &u.areas, year);
            let count = |x: Option<f64>| x.map_or(Cell::T(String::new()), |v| Cell::N(v.round()));
            rows.push(vec![
                Cell::T(u.name.clone()),
                Cell::N(f64::from(year)),
                count(p.as_ref().map(AgeSex::total)),
                count(p.as_ref().map(|p| p.sum_ages(67, 200))),
                count(p.as_ref().map(|p| p.sum_ages(80, 200))),
                Cell::N((n * 100.0).round() / 100.0),
                Cell::N(f64::from(u.positions.at_month(12 * t as u32))),
            ]);
        }
    }
    Some((
        name.into(),
        header.iter().map(|s| s.to_string()).collect(),
        rows,
    ))
}
