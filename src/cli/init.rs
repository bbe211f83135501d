//! `stabil init`: writes a scenario for chosen municipalities from bundled data.

use std::path::PathBuf;

use super::{say, Failure};
use crate::output::write::atomic_write;
use crate::scenario::problem::Problems;

pub fn init(
    codes: &[String],
    name: Option<String>,
    monthly: bool,
    roles: &[String],
    out: Option<PathBuf>,
    force: bool,
) -> Result<(), Failure> {
    use crate::scenario::problem::{Problem, TomlPath};
    let all = crate::data::municipalities();
    let chosen: Vec<&crate::data::Municipality> = if codes.iter().any(|c| c.trim() == "all") {
        all.iter().collect()
    } else {
        let mut chosen = Vec::new();
        let mut problems = Vec::new();
        for c in codes {
            match crate::data::find_municipality(c) {
                Some(m) => chosen.push(m),
                None => problems.push(
                    Problem::new(
                        TomlPath::root(),
                        format!("`{c}` is neither a municipality number nor a municipality name in SSB's list for 2024"),
                    )
                    .fix(match suggestion(c) {
                        Some(s) => s,
                        None => "give numbers such as 1866 or names such as Hadsel (a name two municipalities share, like Herøy, by number), or `all`".into(),
                    }),
                ),
            }
        }
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
        _ => "kommuner".into(),
    });
    use crate::model::Role;
    let roles: Vec<Role> = [("gp", Role::Gp), ("nurse", Role::Nurse)]
        .into_iter()
        .filter(|(n, _)| roles.iter().any(|r| r == n))
        .map(|(_, r)| r)
        .collect();
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

/// "did you mean Bø (1867)?" for a municipality name with a typo (or without
/// æ ø å), if one is close.
fn suggestion(query: &str) -> Option<String> {
    let all = crate::data::municipalities();
    // The Norwegian part of a name ("Fauske" of "Fauske-Fuosko"), lower case.
    let names: Vec<String> = all
        .iter()
        .map(|m| m.name.split('-').next().unwrap_or(&m.name).to_lowercase())
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let close = crate::scenario::friendly::closest(query.trim(), &refs)?;
    let m = &all[names.iter().position(|n| n == close)?];
    Some(format!("did you mean {} ({})?", m.name, m.code))
}
