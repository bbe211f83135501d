//! Helpers shared by the integration tests: small scenarios written as TOML.
#![allow(dead_code)]

use stabil::model::Model;

/// A scenario with `units` lines of unit TOML and optional extra top-level TOML,
/// with monthly results unless `extra` says otherwise (the tests look at
/// single months).
pub fn model(extra: &str, units: &[&str]) -> Model {
    let monthly = if extra.contains("monthly_results") {
        ""
    } else {
        "monthly_results = true\n"
    };
    let mut src = format!("[scenario]\nname = \"test\"\n{monthly}{extra}\n");
    for u in units {
        src.push_str("\n[[units]]\n");
        src.push_str(u);
        src.push('\n');
    }
    stabil::scenario::load_str(&src, "test.toml").unwrap_or_else(|p| panic!("{p}"))
}

/// The text of file `name` inside the zip archive (xlsx) at `path`.
pub fn zip_text(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The `stabil` binary, ready for arguments.
pub fn stabil() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("stabil").unwrap()
}

/// A measure with no effect and no cost: a variant using it changes nothing,
/// but makes the units it names take the long way (`sim::unit`).
pub const NOTHING: &str = r#"
[[measures]]
id = "nothing"
name_nb = "Ingenting"
name_en = "Nothing"
task = "retain"
element = "team_cohesion"
description = "No effect, no cost."
evidence = "A test."
ramp_up_years = 1
[measures.effects]
departure_hazard_multiplier = [1, 1, 1, 1, 1]
time_to_fill_multiplier = 1
"#;
