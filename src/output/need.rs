//! `need.csv`: per unit and year, the population the unit serves (total, 67+,
//! 80+), its need in positions and the positions in force on 1 January.
//! Deterministic (no replicates). Serialises to bytes; never touches files.

use crate::demography::AgeSex;
use crate::model::Model;
use crate::output::csv::num;

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
