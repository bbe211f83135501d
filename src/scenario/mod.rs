//! Scenario files: TOML as written (`raw`, `param`) → validated `Model`
//! (`validate`, `units`, `params`), with every problem reported at once with its
//! TOML path, line and a fix (`problem`, `locate`).
//!
//! ```
//! let src = r#"
//! [scenario]
//! name = "demo"
//! [[units]]
//! id = "a"
//! population = 3000
//! positions = 4
//! "#;
//! let model = stabil::scenario::load_str(src, "demo.toml").unwrap();
//! assert_eq!(model.units[0].positions.initial, 4);
//! ```
//!
//! This module reads text it is given; reading the file itself is `load_file`'s
//! one job. It never runs simulations.

pub mod bundled;
pub mod defaults;
pub mod demography;
pub mod friendly;
pub mod generate;
pub mod locate;
pub mod markets;
pub mod measures;
pub mod need;
pub mod param;
pub mod params;
pub mod plausible;
pub mod problem;
pub mod raw;
pub mod raw_measures;
pub mod units;
pub mod validate;
pub mod variants;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::model::Model;
use locate::Locator;
use problem::{Problem, Problems, Seg, TomlPath};
use raw::RawTop;

/// Deserialises one part (a table) of the file. On an error in one field, the
/// problem is recorded, that field is removed and the part is tried again, so
/// every mistaken field of a table is reported in one go (and the rest of the
/// table still gets its meaning checked). Gives up on a missing required field.
fn parse_part<T: DeserializeOwned>(
    mut value: toml::Value,
    at: &TomlPath,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    // Stand-ins for a required field that was removed for having the wrong type,
    // tried in turn so that the rest of the table can still be checked.
    let stand_ins = [
        toml::Value::Integer(0),
        toml::Value::String(String::new()),
        toml::Value::Array(Vec::new()),
    ];
    let mut removed: Vec<(String, usize)> = Vec::new();
    for _ in 0..64 {
        let e = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(v) => return Some(v),
            Err(e) => e,
        };
        let inner: Vec<Seg> = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                _ => None,
            })
            .collect();
        let raw = e.into_inner().message().trim().to_string();
        let table = value.as_table_mut()?;
        // A required field we removed ourselves: put in the next stand-in.
        if let Some(field) = raw
            .strip_prefix("missing field `")
            .and_then(|r| r.strip_suffix('`'))
        {
            if let Some(entry) = removed
                .iter_mut()
                .find(|(f, _)| f == field)
                .filter(|(_, n)| *n < stand_ins.len())
            {
                table.insert(field.to_string(), stand_ins[entry.1].clone());
                entry.1 += 1;
                continue;
            }
        }
        // Errors on a stand-in were already reported as the field's own error.
        let on_stand_in = matches!(inner.first(), Some(Seg::Key(f)) if removed.iter().any(|(r, n)| r == f && *n > 0));
        if !on_stand_in {
            let (msg, fix) = friendly::serde_message(&raw);
            problems.push(
                Problem::new(at.join(&TomlPath(inner.clone())), msg)
                    .fix(fix)
                    .parse_error(),
            );
        }
        // Drop the field the error is in, and try again without it.
        let Some(Seg::Key(field)) = inner.first() else {
            return None;
        };
        table.remove(field)?;
        if !removed.iter().any(|(f, _)| f == field) {
            removed.push((field.clone(), 0));
        }
    }
    None
}

/// The bundled catalogue of measures, parsed; problems point into the catalogue.
pub fn catalogue() -> (Vec<(raw_measures::RawMeasure, TomlPath)>, Vec<Problem>) {
    let mut problems = Vec::new();
    let value = match measures::CATALOGUE.parse::<toml::Table>() {
        Ok(t) => toml::Value::Table(t),
        Err(e) => {
            problems.push(Problem::new(
                TomlPath::root(),
                format!("the catalogue is not valid TOML: {}", e.message()),
            ));
            return (Vec::new(), problems);
        }
    };
    let Some(cat) =
        parse_part::<raw_measures::RawCatalogue>(value, &TomlPath::root(), &mut problems)
    else {
        return (Vec::new(), problems);
    };
    let list = cat
        .measures
        .into_iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let path = TomlPath::root().key("measures").index(i);
            parse_part(v, &path, &mut problems).map(|m| (m, path))
        })
        .collect();
    (list, problems)
}

/// Parses and validates scenario text; `file` names it in messages. Data files
/// named in `[demography]` are relative to the current folder.
pub fn load_str(src: &str, file: &str) -> Result<Model, Problems> {
    load_str_in(src, file, None)
}

/// `load_str` with data files relative to `base_dir`.
pub fn load_str_in(src: &str, file: &str, base_dir: Option<&Path>) -> Result<Model, Problems> {
    let locator = Locator::new(src);
    let mut problems = Vec::new();
    let top: toml::Value = match src.parse::<toml::Table>() {
        Ok(t) => toml::Value::Table(t),
        Err(e) => {
            let start = e.span().map_or(0, |s| s.start);
            let line = locator.line_of(start);
            let line_start = src[..start.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
            let column = src[line_start..start.min(src.len())].chars().count() + 1;
            let text = src[line_start..].lines().next().unwrap_or("");
            let mut p = Problem::new(
                TomlPath::root(),
                format!(
                    "column {column}: this is not valid TOML ({})",
                    e.message().trim().trim_end_matches('.')
                ),
            )
            .fix(friendly::syntax_fix(text));
            p.line = Some(line);
            return Err(Problems {
                file: file.to_string(),
                problems: vec![p],
            });
        }
    };
    let written = top.as_table().cloned();
    let model = parse_part::<RawTop>(top, &TomlPath::root(), &mut problems).and_then(|t| {
        let root = TomlPath::root();
        let parts = validate::Parts {
            scenario: parse_part(t.scenario, &root.key("scenario"), &mut problems),
            defaults: t
                .defaults
                .and_then(|v| parse_part(v, &root.key("defaults"), &mut problems)),
            retirement: t
                .retirement
                .and_then(|v| parse_part(v, &root.key("retirement"), &mut problems)),
            unit_ids: t
                .units
                .iter()
                .map(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_string))
                .collect(),
            units: t
                .units
                .into_iter()
                .enumerate()
                .map(|(i, v)| parse_part(v, &root.key("units").index(i), &mut problems))
                .collect(),
            measures: t
                .measures
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    let path = root.key("measures").index(i);
                    parse_part(v, &path, &mut problems).map(|m| (m, path))
                })
                .collect(),
            variants: t
                .variants
                .into_iter()
                .enumerate()
                .map(|(i, v)| parse_part(v, &root.key("variants").index(i), &mut problems))
                .collect(),
            comparison: t
                .comparison
                .and_then(|v| parse_part(v, &root.key("comparison"), &mut problems)),
            demography: t
                .demography
                .and_then(|v| parse_part(v, &root.key("demography"), &mut problems)),
            base_dir: base_dir.map(Path::to_path_buf),
            markets: t
                .markets
                .into_iter()
                .enumerate()
                .map(|(i, v)| parse_part(v, &root.key("markets").index(i), &mut problems))
                .collect(),
            regions: t
                .regions
                .into_iter()
                .enumerate()
                .map(|(i, v)| parse_part(v, &root.key("regions").index(i), &mut problems))
                .collect(),
        };
        validate::validate(parts, &mut problems)
    });
    match model {
        Some(mut m) if problems.is_empty() => {
            let warnings = located_warnings(written.as_ref(), &locator);
            if !warnings.is_empty() {
                m.warnings = Problems {
                    file: file.to_string(),
                    problems: warnings,
                }
                .as_warnings();
            }
            Ok(m)
        }
        _ => {
            if problems.is_empty() {
                problems.push(Problem::new(
                    TomlPath::root(),
                    "the scenario could not be read",
                ));
            }
            // A field that could not be read gets that one message, not also
            // complaints about the stand-in used to check the rest of its table.
            let unreadable: Vec<TomlPath> = problems
                .iter()
                .filter(|p| p.parse)
                .map(|p| p.path.clone())
                .collect();
            problems.retain(|p| p.parse || !unreadable.iter().any(|u| p.path.starts_with(u)));
            for p in &mut problems {
                p.line = p.line.or_else(|| locator.line(&p.path));
            }
            // The file's structure first (an unknown or misspelt key, a wrong
            // type), then values, each by line: a misspelt `[[units]]`
            // header is the cause of the missing-unit problems after it.
            problems.sort_by_key(|p| (!p.parse, p.line.unwrap_or(0), p.path.to_string()));
            name_units(&mut problems, written.as_ref());
            // A bad value in [defaults] is met once per unit that inherits it.
            problems.dedup_by(|a, b| a.path == b.path && a.message == b.message);
            // Values that look like mistakes, beside the errors: one pass
            // shows everything to mend.
            let mut warnings = located_warnings(written.as_ref(), &locator);
            warnings.iter_mut().for_each(|p| p.warning = true);
            // Not about a value that is an error already.
            warnings.retain(|w| !problems.iter().any(|e| w.path.starts_with(&e.path)));
            problems.extend(warnings);
            Err(Problems {
                file: file.to_string(),
                problems,
            })
        }
    }
}

/// The warnings about the file's values (`plausible`), with their lines and
/// units named.
fn located_warnings(written: Option<&toml::Table>, locator: &Locator) -> Vec<Problem> {
    let mut warnings = written.map(plausible::check).unwrap_or_default();
    for p in &mut warnings {
        p.line = locator.line(&p.path);
    }
    name_units(&mut warnings, written);
    warnings
}

/// Adds the unit's id to a problem under `units[i]`: people know their units
/// by name, not by a count from 0.
fn name_units(problems: &mut [Problem], written: Option<&toml::Table>) {
    let Some(units) = written
        .and_then(|t| t.get("units"))
        .and_then(toml::Value::as_array)
    else {
        return;
    };
    for p in problems {
        let [problem::Seg::Key(k), problem::Seg::Index(i), ..] = p.path.0.as_slice() else {
            continue;
        };
        let id = units
            .get(*i)
            .and_then(|u| u.get("id"))
            .and_then(toml::Value::as_str);
        if let Some(id) = id.filter(|id| k == "units" && !p.message.contains(&format!("`{id}`"))) {
            p.message = format!("{} (unit `{id}`)", p.message);
        }
    }
}

/// Reads and validates a scenario file. The text is returned too (for hashing).
pub fn load_file(path: &Path) -> Result<(Model, String), Problems> {
    load_file_in(path, path.parent())
}

/// `load_file` with the data files of `[demography]` relative to `base_dir`
/// instead of the scenario's folder (`stabil report` runs from a copy of the
/// scenario in the run folder; its data files stayed beside the original).
pub fn load_file_in(path: &Path, base_dir: Option<&Path>) -> Result<(Model, String), Problems> {
    let file = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| {
        let problem = match e.kind() {
            // Older Notepad or Excel on Norwegian Windows save Latin-1: the
            // path is right, the encoding is not.
            std::io::ErrorKind::InvalidData => Problem::new(
                TomlPath::root(),
                "cannot read the scenario: it is not UTF-8 text (perhaps saved as Latin-1 or Windows-1252, where æ, ø and å are single bytes)",
            )
            .fix("save the file as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"),
            kind => {
                let why = match kind {
                    std::io::ErrorKind::NotFound => "the file does not exist".to_string(),
                    _ => e.to_string(),
                };
                Problem::new(TomlPath::root(), format!("cannot read the scenario: {why}"))
                    .fix("check the path; `stabil init` and the files in scenarios/ are good starting points")
            }
        };
        Problems {
            file: file.clone(),
            problems: vec![problem],
        }
    })?;
    if src.trim().is_empty() {
        // Said plainly: "the [scenario] section is missing" hid that the
        // file has nothing in it (fresh-eyes review, session 10).
        return Err(Problems {
            file,
            problems: vec![Problem::new(TomlPath::root(), "the file is empty")
                .fix("write a scenario with `stabil init --kommune <number or name>`, or copy one from scenarios/ (e.g. vesteralen.toml)")],
        });
    }
    load_str_in(&src, &file, base_dir).map(|m| (m, src))
}
