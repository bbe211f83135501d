//! The short table printed after a run: expected vacancies and locum cost per
//! region (and per unit when there are few, or no regions) in a few milestone
//! years.
//! Returns text; printing is the caller's business.

use crate::model::Model;
use crate::output::numfmt::{mill_kr, number, Lang};
use crate::stats::summary::Table;
use crate::stats::Metric;

/// Milestone years shown (those inside the horizon; the last year if 2045 is not).
pub fn milestone_years(model: &Model) -> Vec<i32> {
    let last = model.base_year + model.horizon_years as i32 - 1;
    let mut ys: Vec<i32> = [2030, 2035, 2045]
        .into_iter()
        .filter(|y| (model.base_year..=last).contains(y))
        .collect();
    if !ys.contains(&last) && last < 2045 {
        ys.push(last);
    }
    ys
}

/// Scenarios with at most this many units show each unit in the summaries,
/// before their regions (a planner of two or three municipalities wants each).
const FEW_UNITS: usize = 4;

/// The entities a summary shows, with their names (entity indices: units
/// first, then regions): the regions; the units when there are none; and with
/// few units, the units and then the regions of more than one unit.
pub fn summary_entities(model: &Model) -> Vec<(usize, &str)> {
    let units = model
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (i, u.name.as_str()));
    let few = model.units.len() <= FEW_UNITS;
    let regions = model
        .regions
        .iter()
        .enumerate()
        .filter(|(_, r)| !few || r.members.len() > 1)
        .map(|(i, r)| (model.units.len() + i, r.name.as_str()));
    if model.regions.is_empty() {
        units.collect()
    } else if few {
        units.chain(regions).collect()
    } else {
        regions.collect()
    }
}

/// The table as text.
pub fn render(model: &Model, table: &Table, lang: Lang) -> String {
    let entities = summary_entities(model);
    // The same words as the report's summary tables.
    let (h_year, h_cost, h_pat) = match lang {
        Lang::Nb => (
            "År",
            "Vikarutgifter i året (P10–P90)",
            "Pasienter uten lege eller vikar",
        ),
        Lang::En => (
            "Year",
            "Locum costs in the year (P10–P90)",
            "Patients without a GP or locum",
        ),
    };
    let mut out = String::new();
    for (e, name) in entities {
        let vacant = crate::output::staff::Staff::of_entity(model, e).vacant(lang);
        let h_vac = match lang {
            Lang::Nb => format!("{vacant}, snitt i året (P10–P90)"),
            Lang::En => format!("{vacant}, year average (P10–P90)"),
        };
        // Only GP services have patients without a GP.
        let h_pat = if crate::output::staff::Staff::has_gp(model, e) {
            h_pat
        } else {
            ""
        };
        out.push_str(&format!("\n{name}\n"));
        out.push_str(format!("  {h_year:<6}{h_vac:<44}{h_cost:<40}{h_pat}").trim_end());
        out.push('\n');
        for y in milestone_years(model) {
            let t = (y - model.base_year) as usize;
            let vm = table.year(e, t, Metric::VacancyMonths);
            let cost = table.year(e, t, Metric::LocumCostNok);
            let pat = table.year(e, t, Metric::PatientsWithoutGp);
            let vac = format!(
                "{} ({}–{})",
                number(vm.mean / 12.0, 1, lang),
                number(vm.p(0.10) / 12.0, 1, lang),
                number(vm.p(0.90) / 12.0, 1, lang)
            );
            let c = format!(
                "{} ({}–{})",
                mill_kr(cost.mean, lang),
                number(cost.p(0.10) / 1e6, 1, lang),
                number(cost.p(0.90) / 1e6, 1, lang)
            );
            let pat = if h_pat.is_empty() {
                String::new()
            } else {
                number(pat.mean, 0, lang)
            };
            out.push_str(format!("  {y:<6}{vac:<44}{c:<40}{pat}").trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(name: &str) -> Vec<String> {
        let text = crate::scenario::bundled::get(name).unwrap();
        let model = crate::scenario::load_str(text, name).unwrap();
        summary_entities(&model)
            .into_iter()
            .map(|(_, n)| n.to_string())
            .collect()
    }

    /// Regression (user trial): three municipalities showed only their
    /// county's sum. A few units are shown each, then the regions of more
    /// than one (a region of one would repeat its unit); many units by region.
    #[test]
    fn few_units_are_shown_each_and_many_by_region() {
        assert_eq!(
            entities("meloy-odda-ardal"),
            ["Meløy", "Ullensvang", "Årdal", "Vestland"]
        );
        assert_eq!(entities("lofoten").len(), 1);
    }
}
