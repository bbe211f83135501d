//! Loading the scenario a command names: a file (its `[demography]` files read
//! from its folder, or from the folder `stabil report` gives), or a bundled
//! scenario by name when no such file is here; warnings about the file's values
//! are printed here, on stderr. Never simulates or writes anything.

use std::path::{Path, PathBuf};

use super::{Failure, DEFAULT_SCENARIO};
use crate::scenario::problem::Problems;

/// A scenario as loaded: the model, its text, how outputs name it, and the
/// folder its `[demography]` files were read from (none when built in).
pub(super) struct Loaded {
    pub model: crate::model::Model,
    pub src: String,
    pub label: String,
    pub data_dir: Option<PathBuf>,
}

/// Loads a scenario from a path, or from the bundled copy when the path is the
/// default (or a bundled name) and no such file exists here. The data files of
/// `[demography]` are read relative to `data_dir` if given, else to the
/// scenario's folder.
pub(super) fn load(file: Option<&Path>, data_dir: Option<&Path>) -> Result<Loaded, Failure> {
    let path = file.unwrap_or(Path::new(DEFAULT_SCENARIO));
    // A folder of the same name (`stabil run salten --out salten`) is not the file.
    if !path.is_file() {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let bare =
            path.components().count() == 1 || file.is_none() || path == Path::new(DEFAULT_SCENARIO);
        if let Some((name, src)) = crate::scenario::bundled::find(stem).filter(|_| bare) {
            if path.is_dir() {
                eprintln!(
                    "note: {} here is a folder; using the built-in `{name}` scenario",
                    path.display()
                );
            } else if file.is_some()
                && (path.components().count() > 1 || path.extension().is_some())
            {
                // A file was named (vesteralen.toml, scenarios/vesteralen.toml) but is not here:
                // say that the built-in copy runs, not an edited file.
                eprintln!(
                    "note: there is no {} here; using the built-in `{name}` scenario (give the path of your own copy to use it)",
                    path.display()
                );
            }
            let label = format!("{name}{}", crate::output::manifest::BUILT_IN);
            let model = crate::scenario::load_str(src, &label).map_err(Failure::Input)?;
            return Ok(Loaded {
                model,
                src: src.to_string(),
                label,
                data_dir: None,
            });
        }
        if path.is_dir() {
            return Err(Failure::Input(Problems {
                file: path.display().to_string(),
                problems: vec![crate::scenario::problem::Problem::new(
                    crate::scenario::problem::TomlPath::root(),
                    "this is a folder, not a scenario file",
                )
                .fix("give the scenario file (a .toml file); a run's folder keeps the scenario it ran as scenario.toml")],
            }));
        }
        if bare {
            let names: Vec<&str> = crate::scenario::bundled::ALL
                .iter()
                .map(|(n, _)| *n)
                .collect();
            let with_toml = path.with_extension("toml");
            let fix = if path.extension().is_none() && with_toml.is_file() {
                // `stabil run k1866` beside k1866.toml.
                format!("did you mean {}?", with_toml.display())
            } else {
                match crate::scenario::friendly::closest(
                    &crate::scenario::bundled::normalise(stem),
                    &names,
                ) {
                    Some(c) => format!("did you mean the bundled scenario `{c}`?"),
                    None => format!(
                        "give a path to a scenario file, or one of the bundled scenarios: {}",
                        names.join(", ")
                    ),
                }
            };
            return Err(Failure::Input(Problems {
                file: path.display().to_string(),
                problems: vec![crate::scenario::problem::Problem::new(
                    crate::scenario::problem::TomlPath::root(),
                    "the file does not exist, and no bundled scenario has that name",
                )
                .fix(fix)],
            }));
        }
    }
    let data_dir = data_dir.or(path.parent()).map(|d| {
        let d = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf())
    });
    let (model, src) =
        crate::scenario::load_file_in(path, data_dir.as_deref()).map_err(Failure::Input)?;
    // Valid values that look like mistakes: said on stderr, and the command goes on.
    eprint!("{}", model.warnings);
    Ok(Loaded {
        model,
        src,
        label: path.display().to_string(),
        data_dir,
    })
}
