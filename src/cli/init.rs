//! `stabil init`: writes a scenario for chosen municipalities from bundled data.

use std::path::PathBuf;

use super::{say, Failure};
use crate::output::write::atomic_write;
use crate::scenario::problem::{Problem, Problems, TomlPath};

pub fn init(
    codes: &[String],
    name: Option<String>,
    monthly: bool,
    roles: &[String],
    out: Option<PathBuf>,
    force: bool,
) -> Result<(), Failure> {
    let all = crate::data::municipalities();
    let chosen: Vec<&crate::data::Municipality> = if codes.iter().any(|c| c.trim() == "all") {
        all.iter().collect()
    } else {
        let mut chosen = Vec::new();
        let mut problems = Vec::new();
        for c in codes {
            // A municipality first, then a county: all its municipalities (a
            // county planner should not have to paste 41 numbers: fresh-eyes
            // review, session 12).
            if let Some(m) = crate::data::find_municipality(c) {
                chosen.push(m);
                continue;
            }
            let county = crate::data::county_municipalities(c);
            if !county.is_empty() {
                chosen.extend(county);
            } else if let Some((was, now)) = former_county(c) {
                problems.push(
                    Problem::new(
                        TomlPath::root(),
                        format!(
                            "`{}` was a county from 2020 to 2023 and is now {was}",
                            c.trim()
                        ),
                    )
                    .fix(format!("give the counties of 2024: --kommune {now}")),
                );
            } else {
                problems.push(unknown_municipality(
                    c,
                    TomlPath::root(),
                    "give numbers such as 1866 or names such as Hadsel (a name two municipalities share, like Herøy, by number), a county such as Nordland or 18, or `all`",
                ));
            }
        }
        // Once each, in the order first given ("Nordland,1866" has Hadsel once).
        let mut seen = std::collections::HashSet::new();
        chosen.retain(|m| seen.insert(m.code.as_str()));
        if !problems.is_empty() {
            return Err(Failure::Input(Problems {
                file: "--kommune".into(),
                problems,
            }));
        }
        chosen
    };
    let name = name.unwrap_or_else(|| match chosen.as_slice() {
        [one] => crate::scenario::generate::unit_id(one),
        _ if chosen.len() == all.len() => "norge".into(),
        // One whole county: its name ("Nordland-Nordlándda" gives "nordland").
        _ => crate::scenario::generate::whole_county(&chosen).map_or_else(
            || "kommuner".into(),
            |county| {
                let first = county.split('-').next().unwrap_or(county);
                crate::scenario::validate::folder_name(&first.to_lowercase())
            },
        ),
    });
    use crate::model::Role;
    let roles: Vec<Role> = [("gp", Role::Gp), ("nurse", Role::Nurse)]
        .into_iter()
        .filter(|(n, _)| roles.iter().any(|r| r == n))
        .map(|(_, r)| r)
        .collect();
    if !crate::scenario::validate::valid_name(&name) {
        // Checked here, not in the scenario it would make: the problem is
        // the option, not a line of a file (fresh-eyes review, session 10).
        return Err(Failure::Input(Problems {
            file: "--name".into(),
            problems: vec![Problem::new(
                TomlPath::root(),
                format!("`{name}` cannot name a scenario and its output folder"),
            )
            .fix(format!(
                "use letters a-z, digits, '-' and '_' only, e.g. --name {}",
                crate::scenario::validate::folder_name(&name)
            ))],
        }));
    }
    let text = crate::scenario::generate::scenario_with_roles(&name, &chosen, monthly, &roles);
    crate::scenario::load_str(&text, &name).map_err(Failure::Input)?;
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{name}.toml")));
    if out.exists() && !force {
        return Err(Failure::Usage(format!(
            "{} exists already; choose another --out or add --force to overwrite it",
            out.display()
        )));
    }
    atomic_write(&out, text.as_bytes())?;
    say!(
        "wrote {} ({} municipalit{}); run it with: stabil run {}",
        out.display(),
        chosen.len(),
        if chosen.len() == 1 { "y" } else { "ies" },
        out.display()
    );
    Ok(())
}

/// The counties of 2020-2023 that were split in 2024 (fresh-eyes review,
/// session 12: "Troms og Finnmark" was refused without a word on the split):
/// what they are now, and the `--kommune` that gives them.
fn former_county(query: &str) -> Option<(&'static str, &'static str)> {
    match query.trim().to_lowercase().as_str() {
        "troms og finnmark" | "troms og finnmark fylke" | "54" => {
            Some(("Troms (55) and Finnmark (56)", "Troms,Finnmark"))
        }
        "viken" | "30" => Some((
            "Østfold (31), Akershus (32) and Buskerud (33)",
            "Østfold,Akershus,Buskerud",
        )),
        "vestfold og telemark" | "38" => {
            Some(("Vestfold (39) and Telemark (40)", "Vestfold,Telemark"))
        }
        _ => None,
    }
}

/// The problem for a municipality that `find_municipality` does not find:
/// a name two municipalities share gets their numbers; a typo (or a name
/// without æ ø å) the closest name; anything else `otherwise` as the fix.
pub(super) fn unknown_municipality(
    query: &str,
    at: crate::scenario::problem::TomlPath,
    otherwise: &str,
) -> crate::scenario::problem::Problem {
    use crate::scenario::problem::Problem;
    // Never one exact name here: `find_municipality` would have found it.
    let named = crate::scenario::friendly::municipality_candidates(query);
    if named.len() > 1 {
        let numbers: Vec<String> = named
            .iter()
            .map(|m| format!("{} ({}, {})", m.code, m.name, m.county_name))
            .collect();
        let q = query.trim();
        let shared = named
            .iter()
            .all(|m| m.name.to_lowercase() == q.to_lowercase());
        let (what, how) = if shared {
            ("the name", "give the number")
        } else {
            ("part of the names", "give the number or the whole name")
        };
        return Problem::new(
            at,
            format!("`{q}` is {what} of {} municipalities", named.len()),
        )
        .fix(format!("{how}: {}", numbers.join(" or ")));
    }
    Problem::new(
        at,
        format!(
            "`{}` is neither a municipality number nor a municipality name in SSB's list for 2024",
            query.trim()
        ),
    )
    // A typo (or a name without æ ø å): the closest name.
    .fix(named.first().map_or_else(
        || otherwise.to_string(),
        |m| format!("did you mean {} ({})?", m.name, m.code),
    ))
}
