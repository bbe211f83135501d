//! Warnings for values that are valid but probably a mistake: a number in the
//! wrong unit or of the wrong size (a locum price written in thousands, a median
//! stay in months where years are asked for, a list longer than the whole
//! population, a population far from SSB's), a unit that no region lists, a
//! base year before the figures in the file, a position change after the
//! run's last year. They are reported with their TOML path, and the run goes
//! on: the file may mean it.
//!
//! Works on the scenario as written (the TOML table), reading every value
//! defensively: after validation, and beside a failed one (the warnings are
//! listed after the errors). Must never: fail a scenario, or warn about the
//! bundled ones.

use super::problem::{Problem, TomlPath};
use crate::data;
use crate::output::numfmt::{number, Lang};

/// Below this a weekly locum price is probably in thousands of kroner.
const MIN_PRICE_NOK_PER_WEEK: f64 = 5_000.0;
/// Above this a median stay is longer than a working life (months, probably).
const MAX_MEDIAN_STAY_YEARS: f64 = 40.0;
/// Above this a median time to fill is probably in days or weeks.
const MAX_FILL_MONTHS: f64 = 60.0;
/// A population given beside a municipality number, this many times above or
/// below SSB's count, is probably a typo.
const POPULATION_FACTOR: f64 = 2.0;
/// A list this many times the population is a mistake: in the smallest
/// municipalities a list can exceed the population (Vevelstad: 608 patients
/// per list, 470 inhabitants; SSB tables 12005 and 07459, 2025), but not by
/// this much.
const LIST_OVER_POPULATION: f64 = 3.0;
/// Below this (and above 0: units without lists write 0) a list is probably
/// written in hundreds. The shortest mean list in SSB's 2025 figures is 170
/// patients (table 12005).
const MIN_LIST_PATIENTS: f64 = 50.0;

/// The numbers that locate a parameter as written: a plain number, or the
/// location values of a distribution (min, mode, max, median, mean; not its
/// spread).
fn locations(v: &toml::Value) -> Vec<f64> {
    match v {
        toml::Value::Integer(i) => vec![*i as f64],
        toml::Value::Float(x) => vec![*x],
        toml::Value::Table(t) => t
            .values()
            .filter_map(toml::Value::as_table)
            .flat_map(|d| {
                ["min", "mode", "max", "median", "mean"]
                    .iter()
                    .filter_map(|k| d.get(*k))
                    .filter_map(|x| x.as_float().or_else(|| x.as_integer().map(|i| i as f64)))
                    .collect::<Vec<_>>()
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn n(x: f64) -> String {
    number(x, if x.fract() == 0.0 { 0 } else { 2 }, Lang::En)
}

/// A check of one parameter: its key, whether a value is suspect, the message
/// for a suspect value, and the fix.
struct Check {
    key: &'static str,
    suspect: fn(f64) -> bool,
    message: fn(&str) -> String,
    fix: &'static str,
}

/// The checks that apply to any table of parameters (`[defaults]` or a unit).
const CHECKS: [Check; 4] = [
    Check {
        key: "locum_price_nok_per_week",
        suspect: |x| x < MIN_PRICE_NOK_PER_WEEK,
        message: |x| {
            format!("a locum price of {x} kr per week is very low (locums cost about 60,000–150,000 kr a week)")
        },
        fix: "write the price in kroner, e.g. 95800, not 95.8 (thousands)",
    },
    Check {
        key: "departure_median_years",
        suspect: |x| x > MAX_MEDIAN_STAY_YEARS,
        message: |x| format!("a median stay of {x} years is longer than a working life"),
        fix: "write it in years (national median 5.91); months divided by 12",
    },
    Check {
        key: "time_to_fill_median_months",
        suspect: |x| x > MAX_FILL_MONTHS,
        message: |x| format!("a median time to fill of {x} months is over five years"),
        fix: "write it in months (defaults 2–6), not days or weeks",
    },
    Check {
        key: "list_length_patients",
        suspect: |x| x > 0.0 && x < MIN_LIST_PATIENTS,
        message: |x| format!("a list of {x} patients is very short (mean lists are 170–1,300 patients)"),
        fix: "give the mean number of patients on one GP's list, e.g. 700, not in hundreds (0 for units without lists)",
    },
];

fn parameters(t: &toml::Table, path: &TomlPath, out: &mut Vec<Problem>) {
    for c in &CHECKS {
        let values = t.get(c.key).map(locations).unwrap_or_default();
        if let Some(x) = values.into_iter().find(|&x| (c.suspect)(x)) {
            out.push(Problem::new(path.key(c.key), (c.message)(&n(x))).fix(c.fix));
        }
    }
}

/// Warnings for the scenario `top` (already valid).
pub fn check(top: &toml::Table) -> Vec<Problem> {
    let root = TomlPath::root();
    let mut out = Vec::new();
    if let Some(d) = top.get("defaults").and_then(toml::Value::as_table) {
        parameters(d, &root.key("defaults"), &mut out);
    }
    let units = top.get("units").and_then(toml::Value::as_array);
    for (i, u) in units.into_iter().flatten().enumerate() {
        let Some(u) = u.as_table() else { continue };
        let path = root.key("units").index(i);
        parameters(u, &path, &mut out);
        let ssb = u
            .get("kommune")
            .and_then(toml::Value::as_str)
            .and_then(data::municipality);
        let given = u.get("population").and_then(toml::Value::as_integer);
        let warned = out.len();
        if let (Some(m), Some(p)) = (ssb, given) {
            let (p, s) = (p as f64, f64::from(m.population_2025));
            if p * POPULATION_FACTOR < s || p > s * POPULATION_FACTOR {
                out.push(
                    Problem::new(
                        path.key("population"),
                        format!(
                            "{} inhabitants, but SSB counts {} in {} on 1 January 2025",
                            n(p),
                            n(s),
                            m.name
                        ),
                    )
                    .fix("check the number, or leave population out to take SSB's"),
                );
            }
        }
        // Positions ten times SSB's lists (130 for 13) ran silently, with
        // results ten times too large (fresh-eyes review, session 10).
        let gp = u
            .get("role")
            .and_then(toml::Value::as_str)
            .is_none_or(|r| r == "gp");
        let positions = u.get("positions").and_then(toml::Value::as_integer);
        if let (true, Some(m), Some(g), Some(k)) = (gp, ssb, ssb.and_then(|m| m.gp), positions) {
            let (k, lists) = (k as f64, f64::from(g.lists_total));
            if k * POPULATION_FACTOR < lists || k > lists * POPULATION_FACTOR {
                out.push(
                    Problem::new(
                        path.key("positions"),
                        format!(
                            "{} positions, but SSB counts {} GP lists in {} at the end of 2025",
                            n(k),
                            n(lists),
                            m.name
                        ),
                    )
                    .fix("check the number, or write SSB's (`stabil init` does)"),
                );
            }
        }
        let population = given
            .map(|p| p as f64)
            .or(ssb.map(|m| f64::from(m.population_2025)));
        let longest = u
            .get("list_length_patients")
            .map(locations)
            .unwrap_or_default()
            .into_iter()
            .fold(f64::NAN, f64::max);
        // Not when the population itself was just doubted.
        if let Some(p) =
            population.filter(|&p| longest > LIST_OVER_POPULATION * p && out.len() == warned)
        {
            out.push(
                Problem::new(
                    path.key("list_length_patients"),
                    format!(
                        "a list of {} patients is several times the whole population ({})",
                        n(longest),
                        n(p)
                    ),
                )
                .fix("give the mean number of patients on one GP's list (about 500–1,200)"),
            );
        } else if let (Some(p), Some(k)) = (population.filter(|_| out.len() == warned), positions) {
            // All lists together: at most about twice the population in SSB's
            // 2025 figures (Salangen 2.1; table 12005 and 07459).
            let listed = k as f64 * longest;
            if listed > LIST_OVER_POPULATION * p {
                out.push(
                    Problem::new(
                        path.key("list_length_patients"),
                        format!(
                            "{} positions with {} patients each list {} people, {} times the population ({})",
                            n(k as f64),
                            n(longest),
                            n(listed),
                            number(listed / p, 1, Lang::En),
                            n(p)
                        ),
                    )
                    .fix("give the mean number of patients on one GP's list (about 500–1,200), and check positions"),
                );
            }
        }
    }
    outside_regions(top, &mut out);
    years(top, &mut out);
    out
}

/// A base year before the figures `stabil init` writes (2025), and position
/// changes after the last year of the run (they change nothing).
fn years(top: &toml::Table, out: &mut Vec<Problem>) {
    use crate::model::defaults::{BASE_YEAR, HORIZON_YEARS};
    let scenario = top.get("scenario").and_then(toml::Value::as_table);
    let int = |k: &str| {
        scenario
            .and_then(|s| s.get(k))
            .and_then(toml::Value::as_integer)
    };
    let base = int("base_year").unwrap_or(i64::from(BASE_YEAR));
    let last = base + int("horizon_years").unwrap_or(i64::from(HORIZON_YEARS)) - 1;
    if base < i64::from(BASE_YEAR) && base >= 2005 {
        out.push(
            Problem::new(
                TomlPath::root().key("scenario").key("base_year"),
                format!("the run starts in {base}, but the positions, vacancies and lists stabil writes into scenarios are SSB's figures for {BASE_YEAR}"),
            )
            .fix(format!("write base_year = {BASE_YEAR}, or keep {base} if the units' numbers in this file are for {base} (`stabil backtest` starts from earlier years with their own figures)")),
        );
    }
    let units = top.get("units").and_then(toml::Value::as_array);
    for (i, u) in units.into_iter().flatten().enumerate() {
        let changes = u.get("position_changes").and_then(toml::Value::as_array);
        for (j, c) in changes.into_iter().flatten().enumerate() {
            let Some(y) = c.get("from_year").and_then(toml::Value::as_integer) else {
                continue;
            };
            if y > last {
                out.push(
                    Problem::new(
                        TomlPath::root().key("units").index(i).key("position_changes").index(j).key("from_year"),
                        format!("a change from {y} lies after the run's last year ({last}), so it changes nothing"),
                    )
                    .fix("check the year, or lengthen [scenario] horizon_years"),
                );
            }
        }
    }
}

/// Units that no region lists, when the file has regions: they count in no
/// region's totals, which is easy to miss in the output.
fn outside_regions(top: &toml::Table, out: &mut Vec<Problem>) {
    let Some(regions) = top
        .get("regions")
        .and_then(toml::Value::as_array)
        .filter(|r| !r.is_empty())
    else {
        return;
    };
    let listed: std::collections::HashSet<&str> = regions
        .iter()
        .filter_map(|r| r.get("units").and_then(toml::Value::as_array))
        .flatten()
        .filter_map(toml::Value::as_str)
        .collect();
    let first_region = regions
        .first()
        .and_then(|r| r.get("id"))
        .and_then(toml::Value::as_str);
    let units = top.get("units").and_then(toml::Value::as_array);
    for (i, u) in units.into_iter().flatten().enumerate() {
        let Some(id) = u.get("id").and_then(toml::Value::as_str) else {
            continue;
        };
        if listed.contains(id) {
            continue;
        }
        let name = u.get("name").and_then(toml::Value::as_str).unwrap_or(id);
        let fix = match first_region {
            Some(r) => format!("add \"{id}\" to the units of a region (e.g. region \"{r}\"), or ignore this if it is meant"),
            None => format!("add \"{id}\" to the units of a region, or ignore this if it is meant"),
        };
        out.push(
            Problem::new(
                TomlPath::root().key("units").index(i).key("id"),
                format!("{name} is in no region, so no region's totals count it"),
            )
            .fix(fix),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(src: &str) -> Vec<String> {
        check(&src.parse::<toml::Table>().unwrap())
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    }

    #[test]
    fn values_in_the_wrong_unit_are_flagged() {
        let w = warnings(
            "[defaults]\nlocum_price_nok_per_week = 95.8\n\
             [[units]]\nid = \"bo\"\nkommune = \"1867\"\nlist_length_patients = 58100\n\
             departure_median_years = 500\ntime_to_fill_median_months = 180\n\
             [[units]]\nid = \"hadsel\"\nkommune = \"1866\"\npopulation = 8\nlist_length_patients = 648\n\
             locum_price_nok_per_week = { triangular = { min = 60, mode = 95800, max = 150000 } }\n\
             [[units]]\nid = \"andoy\"\nkommune = \"1871\"\nlist_length_patients = 7\n\
             [[units]]\nid = \"dps\"\nlist_length_patients = 0\n",
        );
        let want = [
            "defaults.locum_price_nok_per_week",
            "units[0].departure_median_years",
            "units[0].time_to_fill_median_months",
            "units[0].list_length_patients",
            "units[1].locum_price_nok_per_week",
            "units[1].population",
            "units[2].list_length_patients",
        ];
        for p in want {
            assert!(w.iter().any(|x| x.starts_with(p)), "{p} in {w:?}");
        }
        assert_eq!(w.len(), want.len(), "{w:?}");
    }

    #[test]
    fn a_unit_that_no_region_lists_is_flagged() {
        let regions = "[[regions]]\nid = \"lofoten\"\nunits = [\"a\"]\n";
        let units = "[[units]]\nid = \"a\"\n[[units]]\nid = \"b\"\nname = \"Moskenes\"\n";
        let w = warnings(&format!("{regions}{units}"));
        assert_eq!(
            w,
            ["units[1].id: Moskenes is in no region, so no region's totals count it"]
        );
        // Without regions there are no totals to miss.
        assert!(warnings(units).is_empty());
    }

    #[test]
    fn an_early_base_year_and_a_change_after_the_horizon_are_flagged() {
        let w = warnings(
            "[scenario]\nbase_year = 2015\nhorizon_years = 10\n\
             [[units]]\nid = \"a\"\n\
             [[units.position_changes]]\nfrom_year = 2024\npositions = 5\n\
             [[units.position_changes]]\nfrom_year = 2025\npositions = 6\n",
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].starts_with("scenario.base_year: the run starts in 2015"),
            "{w:?}"
        );
        assert!(w[1].starts_with("units[0].position_changes[1].from_year: a change from 2025 lies after the run's last year (2024)"), "{w:?}");
    }

    #[test]
    fn the_bundled_scenarios_raise_no_warning() {
        for (name, src) in crate::scenario::bundled::ALL {
            assert_eq!(warnings(src), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn positions_far_from_ssbs_lists_and_lists_for_ten_times_the_people_are_flagged() {
        // Hadsel: 13 lists of 648 patients, 8,400 inhabitants (SSB 2025).
        let w = warnings("[[units]]\nid = \"h\"\nkommune = \"1866\"\npositions = 130\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("units[0].positions: 130 positions, but SSB counts 13"),
            "{w:?}"
        );
        let w = warnings(
            "[[units]]\nid = \"h\"\nkommune = \"1866\"\npositions = 13\nlist_length_patients = 6480\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("10.0 times the population"), "{w:?}");
        // SSB's own figures, and a hospital unit beside a municipality, pass.
        assert!(warnings(
            "[[units]]\nid = \"h\"\nkommune = \"1866\"\npositions = 13\nlist_length_patients = 648\n\
             [[units]]\nid = \"dps\"\nrole = \"specialist\"\nkommune = \"1866\"\npositions = 40\n"
        )
        .is_empty());
    }
}
