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
pub mod generate;
pub mod locate;
pub mod param;
pub mod params;
pub mod problem;
pub mod raw;
pub mod units;
pub mod validate;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::model::Model;
use locate::Locator;
use problem::{Problem, Problems, Seg, TomlPath};
use raw::RawTop;

/// Serde's message plus where in the part it happened.
fn parse_part<T: DeserializeOwned>(
    value: toml::Value,
    at: &TomlPath,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let inner = TomlPath(
                e.path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                        serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                        _ => None,
                    })
                    .collect(),
            );
            let msg = e.into_inner().message().trim().to_string();
            let fix = if msg.starts_with("unknown field") {
                "check the spelling; the fields this table accepts are listed above"
            } else if msg.starts_with("missing field") {
                "add the field"
            } else {
                "give a value of the type asked for"
            };
            problems.push(Problem::new(at.join(&inner), msg).fix(fix));
            None
        }
    }
}

/// Parses and validates scenario text; `file` names it in messages.
pub fn load_str(src: &str, file: &str) -> Result<Model, Problems> {
    let locator = Locator::new(src);
    let mut problems = Vec::new();
    let top: toml::Value = match src.parse::<toml::Table>() {
        Ok(t) => toml::Value::Table(t),
        Err(e) => {
            let line = e.span().map(|s| locator.line_of(s.start));
            let mut p = Problem::new(
                TomlPath::root(),
                format!("this is not valid TOML: {}", e.message().trim()),
            )
            .fix("check quotes, brackets and `key = value` syntax on that line");
            p.line = line;
            return Err(Problems {
                file: file.to_string(),
                problems: vec![p],
            });
        }
    };
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
        Some(m) if problems.is_empty() => Ok(m),
        _ => {
            if problems.is_empty() {
                problems.push(Problem::new(
                    TomlPath::root(),
                    "the scenario could not be read",
                ));
            }
            for p in &mut problems {
                p.line = p.line.or_else(|| locator.line(&p.path));
            }
            problems.sort_by_key(|p| p.line.unwrap_or(0));
            Err(Problems {
                file: file.to_string(),
                problems,
            })
        }
    }
}

/// Reads and validates a scenario file. The text is returned too (for hashing).
pub fn load_file(path: &Path) -> Result<(Model, String), Problems> {
    let file = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "the file does not exist".to_string(),
            _ => e.to_string(),
        };
        Problems {
            file: file.clone(),
            problems: vec![Problem::new(TomlPath::root(), format!("cannot read the scenario: {why}"))
                .fix("check the path; `stabil init` and the files in scenarios/ are good starting points")],
        }
    })?;
    load_str(&src, &file).map(|m| (m, src))
}
