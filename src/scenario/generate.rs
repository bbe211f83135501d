//! Writes a complete, commented scenario for a set of municipalities from the
//! bundled SSB figures (`stabil init`). Returns TOML text; writing it is the
//! caller's job. Regions are the municipalities' counties.

use crate::data::{municipalities, Municipality};

/// National mean GP list length in 2025: lists weighted by their length (SSB 12005).
pub fn national_mean_list_length() -> f64 {
    let (lists, patients) =
        municipalities()
            .iter()
            .filter_map(|m| m.gp)
            .fold((0.0, 0.0), |(l, p), g| {
                (
                    l + f64::from(g.lists_total),
                    p + f64::from(g.lists_total) * g.mean_list_length,
                )
            });
    patients / lists
}

/// A unit id for a municipality: `k` and its number (ids must be ASCII).
pub fn unit_id(m: &Municipality) -> String {
    format!("k{}", m.code)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The scenario text for `chosen` municipalities.
pub fn scenario(name: &str, chosen: &[&Municipality], monthly_results: bool) -> String {
    let mean_list = national_mean_list_length();
    let mut out = format!(
        "# Scenario written by `stabil init` from stabil's bundled SSB data (Kilde: Statistisk sentralbyrå,\n\
         # NLOD 2.0): population 1 January 2025 (table 07459) and GP lists 2025 (table 12005). Where SSB\n\
         # has no GP figures, positions = population / national mean list length ({mean_list:.0}), rounded up,\n\
         # at least 1, none vacant. All other parameters take the built-in defaults of each unit's size\n\
         # class (see README: the model and its defaults, with sources).\n\n\
         [scenario]\nname = {}\nbase_year = 2025\nhorizon_years = 20\nmonthly_results = {monthly_results}\n",
        quote(name)
    );
    let mut counties: Vec<(&str, &str)> = chosen
        .iter()
        .map(|m| (m.county_code.as_str(), m.county_name.as_str()))
        .collect();
    counties.sort();
    counties.dedup();
    for (code, county) in &counties {
        let ids: Vec<String> = chosen
            .iter()
            .filter(|m| m.county_code == *code)
            .map(|m| quote(&unit_id(m)))
            .collect();
        out.push_str(&format!(
            "\n[[regions]]\nid = \"fylke{code}\"\nname = {}\nunits = [{}]\n",
            quote(county),
            ids.join(", ")
        ));
    }
    out.push_str(
        "\n# To compare packages of measures with `stabil compare`, add variants such as\n\
         # (measures: see data/measures.toml and the README):\n\
         #\n\
         # [comparison]\n\
         # through_year = 2035\n\
         #\n\
         # [[variants]]\n\
         # id = \"alis_mentor\"\n\
         # name = \"ALIS og mentorordning\"\n\
         # measures = [{ measure = \"alis\", start_year = 2026 }, { measure = \"mentoring\", start_year = 2026 }]\n",
    );
    for m in chosen {
        let (positions, vacant, list, note) = match m.gp {
            Some(g) => (
                g.lists_total,
                g.lists_without_gp,
                g.mean_list_length,
                "SSB 12005",
            ),
            None => {
                let p = ((f64::from(m.population_2025) / mean_list).ceil() as u32).max(1);
                (
                    p,
                    0,
                    f64::from(m.population_2025) / f64::from(p),
                    "estimated: no SSB 12005 figures",
                )
            }
        };
        out.push_str(&format!(
            "\n[[units]]\nid = \"{}\"\nname = {}\nkommune = \"{}\"\npopulation = {}\npositions = {positions}   # {note}\nvacant = {vacant}\nlist_length_patients = {:.0}\n",
            unit_id(m),
            quote(&m.name),
            m.code,
            m.population_2025,
            list
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_country_scenario_is_valid_and_complete() {
        let all: Vec<&Municipality> = municipalities().iter().collect();
        let text = scenario("norge", &all, false);
        let model =
            crate::scenario::load_str(&text, "norge.toml").unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(model.units.len(), 357);
        assert_eq!(model.regions.len(), 15);
        // Evenes has no 12005 figures: 1,362 inhabitants / ~954 per list, rounded up = 2.
        let evenes = model
            .units
            .iter()
            .find(|u| u.kommune.as_deref() == Some("1853"))
            .unwrap();
        assert_eq!(evenes.positions.initial, 2);
        let total: u32 = model.units.iter().map(|u| u.positions.initial).sum();
        assert!((5944..5944 + 20).contains(&total), "{total}");
    }
}
