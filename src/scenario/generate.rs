//! Writes a complete, commented scenario for a set of municipalities from the
//! bundled SSB figures (`stabil init`). Returns TOML text; writing it is the
//! caller's job. Regions are the municipalities' counties, and, when they lie in
//! more than one county, all of them together (for all 357: "Hele landet").

use crate::data::{municipalities, Municipality};
use crate::model::Role;

/// Nurses in municipal health and care services per 1,000 inhabitants, used as a
/// placeholder starting number in generated nurse units. Assumption (order of
/// magnitude only; the bundled data has no nurse figures): replace it with the
/// municipality's own full-time equivalents.
pub const NURSES_PER_1000_ASSUMED: f64 = 7.0;

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

/// The unit id of a municipality's unit for `role` (GP units keep the short id).
pub fn role_unit_id(m: &Municipality, role: Role) -> String {
    match role {
        Role::Gp => unit_id(m),
        other => format!("{}_{}", unit_id(m), other.name()),
    }
}

/// The scenario text for `chosen` municipalities, GP services only.
pub fn scenario(name: &str, chosen: &[&Municipality], monthly_results: bool) -> String {
    scenario_with_roles(name, chosen, monthly_results, &[Role::Gp])
}

/// The scenario text for `chosen` municipalities with a unit per role (`gp`,
/// `nurse`) and a region per county and role.
pub fn scenario_with_roles(
    name: &str,
    chosen: &[&Municipality],
    monthly_results: bool,
    roles: &[Role],
) -> String {
    let mean_list = national_mean_list_length();
    let mut out = format!(
        "# Scenario written by `stabil init` from stabil's bundled SSB data (Kilde: Statistisk sentralbyrå,\n\
         # NLOD 2.0): population 1 January 2025 (table 07459) and GP lists 2025 (table 12005). Where SSB\n\
         # has no GP figures, positions = population / national mean list length ({mean_list:.0}), rounded up,\n\
         # at least 1, none vacant. All other parameters take the built-in defaults of each unit's size\n\
         # class (see README: the model and its defaults, with sources).\n\n\
         [scenario]\nname = {}\ntitle = {}\nbase_year = 2025\nhorizon_years = 21          # 2025-2045, so that 2045 is in the table\n\
         {:<28}# true: also monthly files, a run takes about twice as long\n",
        quote(name),
        quote(&title(name, chosen)),
        format!("monthly_results = {monthly_results}")
    );
    let mut counties: Vec<(&str, &str)> = chosen
        .iter()
        .map(|m| (m.county_code.as_str(), m.county_name.as_str()))
        .collect();
    counties.sort();
    counties.dedup();
    // One municipality: its units are the whole scenario, and a region of
    // them would repeat every table and chart under the same name.
    let regions: &[Role] = if chosen.len() > 1 { roles } else { &[] };
    for &role in regions {
        // Municipalities in more than one county: a region of them all first,
        // so that a county or national planner has the total (for `norge`, the
        // whole country) as well as each county's.
        if counties.len() > 1 {
            let (id, area) = total_region(chosen);
            out.push_str(&region(&id, &area, chosen.iter().copied(), role));
        }
        for (code, county) in &counties {
            let members: Vec<&Municipality> = chosen
                .iter()
                .copied()
                .filter(|m| m.county_code == *code)
                .collect();
            let area = region_name(county, code, &members);
            let id = format!("fylke{code}");
            out.push_str(&region(&id, &area, members.into_iter(), role));
        }
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
         # measures = [{ measure = \"alis\", start_year = 2026 }, { measure = \"mentoring\", start_year = 2026 }]\n\
         \n\
         # The population is registered to 2026 and follows SSB's 2024 projection (MMMM)\n\
         # from 2027. Where the two have drifted apart, need jumps from 2026 to 2027\n\
         # (`stabil data show` and the report say where). To follow MMMM's growth from\n\
         # the registered level instead, remove the # before these two lines:\n\
         # [demography]\n\
         # calibration = \"growth\"\n",
    );
    for m in chosen {
        if roles.contains(&Role::Gp) {
            out.push_str(&gp_unit(m, mean_list));
        }
        if roles.contains(&Role::Nurse) {
            out.push_str(&nurse_unit(m));
        }
    }
    out
}

/// The county's name when `chosen` is exactly one county's municipalities
/// (of more than one: Oslo is its own county and municipality).
pub fn whole_county<'a>(chosen: &[&'a Municipality]) -> Option<&'a str> {
    let first = chosen.first()?;
    let code = &first.county_code;
    let in_county = municipalities()
        .iter()
        .filter(|m| &m.county_code == code)
        .count();
    (in_county > 1 && chosen.len() == in_county && chosen.iter().all(|m| &m.county_code == code))
        .then_some(first.county_name.as_str())
}

/// The scenario's name in report titles: the municipality's, "Norge" for all
/// of them, the county's for one whole county, up to four names, else `name`.
fn title(name: &str, chosen: &[&Municipality]) -> String {
    match (chosen, whole_county(chosen)) {
        ([one], _) => one.name.clone(),
        _ if chosen.len() == municipalities().len() => "Norge".into(),
        (_, Some(county)) => county.to_string(),
        _ => few_names(chosen).unwrap_or_else(|| name.to_string()),
    }
}

/// The municipalities' names ("Vågan og Vestvågøy") when they are up to four:
/// how titles and regions of a few municipalities are named.
fn few_names(ms: &[&Municipality]) -> Option<String> {
    (ms.len() <= 4).then(|| {
        let names: Vec<&str> = ms.iter().map(|m| m.name.as_str()).collect();
        crate::output::numfmt::and_list(&names, crate::output::numfmt::Lang::Nb)
    })
}

/// The TOML of a region `id` named `area` of the `role` units of `members`
/// (other roles than GP get the role in the id and the name).
fn region<'a>(
    id: &str,
    area: &str,
    members: impl Iterator<Item = &'a Municipality>,
    role: Role,
) -> String {
    let ids: Vec<String> = members.map(|m| quote(&role_unit_id(m, role))).collect();
    let (id, label) = match role {
        Role::Gp => (id.to_string(), area.to_string()),
        r => (
            format!("{id}_{}", r.name()),
            format!("{area}, {}", role_label(r)),
        ),
    };
    format!(
        "\n[[regions]]\nid = \"{id}\"\nname = {}\nunits = [{}]\n",
        quote(&label),
        ids.join(", ")
    )
}

/// Id and name of the region of all `chosen` municipalities: "Hele landet"
/// for the whole country, their names when they are up to four, else how many.
fn total_region(chosen: &[&Municipality]) -> (String, String) {
    if chosen.len() == municipalities().len() {
        return ("landet".into(), "Hele landet".into());
    }
    let name = few_names(chosen).unwrap_or_else(|| format!("Alle de {} kommunene", chosen.len()));
    ("alle".into(), name)
}

/// A region's name: the county's when it has all the county's
/// municipalities, the municipality's when it has one, the municipalities'
/// names when it has up to four, else the county's with
/// how many of them it has (so that a few municipalities' figures are not
/// presented as the county's).
fn region_name(county: &str, code: &str, members: &[&Municipality]) -> String {
    let in_county = municipalities()
        .iter()
        .filter(|m| m.county_code == code)
        .count();
    match members {
        [one] if in_county > 1 => one.name.clone(),
        _ if members.len() >= in_county => county.to_string(),
        // A few: their names, as the scenario's title gives them ("Vågan
        // og Vestvågøy" read better than "Nordland-Nordlándda, 2 av 41
        // kommuner": fresh-eyes review, session 11).
        _ => few_names(members)
            .unwrap_or_else(|| format!("{county}, {} av {in_county} kommuner", members.len())),
    }
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Gp => "fastleger",
        Role::Nurse => "sykepleiere",
        Role::Specialist => "spesialister",
        Role::Other => "andre",
    }
}

const NEED_NOTE: &str = "# Need follows the population by sex and age (SSB 07459 and 14288 MMMM), see docs/demography.md.\n\
     # policy = \"follow_need\" lets positions follow it (rounded, one year late); \"fixed\" keeps them.\n";

fn nurse_unit(m: &Municipality) -> String {
    let positions =
        ((f64::from(m.population_2025) * NURSES_PER_1000_ASSUMED / 1000.0).round() as u32).max(1);
    format!(
        "\n[[units]]\nid = \"{}\"\nname = {}\nrole = \"nurse\"\nkommune = \"{}\"\n\
         # ASSUMPTION: {NURSES_PER_1000_ASSUMED} nurse full-time equivalents per 1,000 inhabitants, a placeholder.\n\
         # Replace with the municipality's own figure (e.g. KOSTRA, or the personnel system).\n\
         positions = {positions}\nvacant = 0\n\
         # Nurses are not list-based: no patients without a GP from vacancies.\n\
         list_length_patients = 0\n\
         # Turnover and time to fill for nurses: assumptions, replace with local figures\n\
         # (`stabil calibrate` estimates them from a roster).\n\
         departure_median_years = 4.0\ntime_to_fill_median_months = 3.0\n\
         recruit_age_years = {{ normal = {{ mean = 32, sd = 8, min = 22, max = 62 }} }}\n\
         # Agency nurse per week, NOK. Assumption.\n\
         locum_price_nok_per_week = {{ triangular = {{ min = 25000, mode = 35000, max = 50000 }} }}\n\
         {NEED_NOTE}[units.need]\npolicy = \"fixed\"\nprofile = \"nursing\"\n",
        role_unit_id(m, Role::Nurse),
        quote(&format!("{} – sykepleiere", m.name)),
        m.code,
    )
}

fn gp_unit(m: &Municipality, mean_list: f64) -> String {
    {
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
        format!(
            "\n[[units]]\nid = \"{}\"\nname = {}\nkommune = \"{}\"\npopulation = {}\npositions = {positions}   # {note}\nvacant = {vacant}\nlist_length_patients = {:.0}\n{NEED_NOTE}[units.need]\npolicy = \"fixed\"\n",
            unit_id(m),
            quote(&m.name),
            m.code,
            m.population_2025,
            list
        )
    }
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
        // The whole country first (issue 6: a national planner wants the
        // total), then the 15 counties.
        assert_eq!(model.regions.len(), 16);
        assert_eq!(model.regions[0].name, "Hele landet");
        assert_eq!(model.regions[0].members.len(), 357);
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

    #[test]
    fn a_region_of_part_of_a_county_is_not_named_after_the_county() {
        let pick = |codes: &[&str]| -> Vec<String> {
            let chosen: Vec<&Municipality> = municipalities()
                .iter()
                .filter(|m| codes.contains(&m.code.as_str()))
                .collect();
            let model = crate::scenario::load_str(&scenario("x", &chosen, false), "x.toml")
                .unwrap_or_else(|p| panic!("{p}"));
            model.regions.iter().map(|r| r.name.clone()).collect()
        };
        // One municipality: no region to repeat its unit's tables and charts.
        assert!(pick(&["1860"]).is_empty());
        assert_eq!(pick(&["1860", "1865"]), ["Vestvågøy og Vågan"]);
        let five = pick(&["1860", "1865", "1859", "1874", "1857"]);
        assert_eq!(five, ["Nordland-Nordlándda, 5 av 41 kommuner"]);
        assert!(pick(&["0301"]).is_empty());
        // A county's only municipality is the county: Oslo with another is
        // named Oslo, after the region of both.
        assert_eq!(
            pick(&["0301", "1860"]),
            ["Oslo-Oslove og Vestvågøy", "Oslo-Oslove", "Vestvågøy"]
        );
        let six = pick(&["1860", "1865", "1859", "1874", "1857", "5501"]);
        assert_eq!(six[0], "Alle de 6 kommunene");
    }

    #[test]
    fn titles_name_the_municipalities() {
        let title_of = |codes: &[&str]| {
            let chosen: Vec<&Municipality> = municipalities()
                .iter()
                .filter(|m| codes.contains(&m.code.as_str()))
                .collect();
            crate::scenario::load_str(&scenario("x", &chosen, false), "x.toml")
                .unwrap_or_else(|p| panic!("{p}"))
                .title
        };
        assert_eq!(title_of(&["1860"]), "Vestvågøy");
        assert_eq!(title_of(&["1865", "1860"]), "Vestvågøy og Vågan");
    }

    #[test]
    fn init_scenarios_run_to_2045_like_the_bundled_ones() {
        // The milestone tables show 2030, 2035 and 2045: a horizon of 20 years
        // from 2025 would end in 2044 and leave 2045 out.
        let bo: Vec<&Municipality> = municipalities()
            .iter()
            .filter(|m| m.code == "1867")
            .collect();
        let model = crate::scenario::load_str(&scenario("bo", &bo, true), "bo.toml")
            .unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(model.base_year + model.horizon_years as i32 - 1, 2045);
    }
}
