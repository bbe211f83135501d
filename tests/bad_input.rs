//! Bad input gets a message naming the file, the line, the TOML path and a fix,
//! and a non-zero exit, never a panic. One test per kind of mistake (issue 2).

use assert_cmd::Command;
use predicates::prelude::*;

const GOOD: &str = r#"[scenario]
name = "bad"
horizon_years = 5

[defaults]
locum_coverage_share = 0.85

[[units]]
id = "a"
kommune = "1867"
population = 2617
positions = 4
vacant = 1
"#;

/// Writes `src` to a file and runs `stabil <cmd> FILE`; returns stderr.
fn fails(cmd: &str, src: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.toml");
    std::fs::write(&file, src).unwrap();
    let out = Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args([cmd, "scenario.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("scenario.toml"), "names the file: {err}");
    assert!(err.contains("fix:"), "says how to fix it: {err}");
    err
}

fn line_of(src: &str, needle: &str) -> usize {
    src.lines()
        .position(|l| l.contains(needle))
        .expect("needle in source")
        + 1
}

#[test]
fn good_file_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), GOOD).unwrap();
    Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "s.toml"])
        .assert()
        .success();
}

#[test]
fn negative_rate() {
    let src = GOOD.replace(
        "vacant = 1",
        "vacant = 1\ndeparture_hazard_per_year = [0.3, -0.2, 0.2, 0.1, 0.1]",
    );
    let err = fails("validate", &src);
    assert!(
        err.contains(&format!(
            "scenario.toml:{}:",
            line_of(&src, "departure_hazard_per_year")
        )),
        "{err}"
    );
    assert!(
        err.contains("units[0].departure_hazard_per_year[1]"),
        "{err}"
    );
    assert!(err.contains("≥ 0"), "{err}");
}

#[test]
fn probability_above_one() {
    let src = GOOD.replace("locum_coverage_share = 0.85", "locum_coverage_share = 1.5");
    let err = fails("run", &src);
    assert!(
        err.contains(&format!(
            "scenario.toml:{}: defaults.locum_coverage_share",
            line_of(&src, "locum_coverage_share")
        )),
        "{err}"
    );
    assert!(err.contains("between 0 and 1"), "{err}");
}

#[test]
fn unknown_field() {
    let src = GOOD.replace("vacant = 1", "vacant = 1\nvacancies = 2");
    let err = fails("validate", &src);
    assert!(err.contains("unknown field `vacancies`"), "{err}");
    assert!(
        err.contains(&format!(":{}:", line_of(&src, "vacancies"))),
        "{err}"
    );
    assert!(err.contains("units[0]"), "{err}");
}

#[test]
fn unknown_municipality() {
    let src = GOOD.replace("\"1867\"", "\"9999\"");
    let err = fails("validate", &src);
    assert!(
        err.contains(&format!(":{}: units[0].kommune", line_of(&src, "9999"))),
        "{err}"
    );
    assert!(err.contains("not a municipality number"), "{err}");
}

#[test]
fn horizon_zero() {
    let src = GOOD.replace("horizon_years = 5", "horizon_years = 0");
    let err = fails("run", &src);
    assert!(
        err.contains(&format!(
            ":{}: scenario.horizon_years",
            line_of(&src, "horizon_years")
        )),
        "{err}"
    );
}

/// A last year written for the horizon is one problem with the horizon meant,
/// not that plus a false "outside the scenario's years" for every dated entry.
#[test]
fn horizon_written_as_a_year() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/vesteralen.toml"
    ))
    .unwrap()
    .replacen("horizon_years = 21", "horizon_years = 2045", 1);
    let err = fails("validate", &src);
    assert!(err.contains("has 1 problem:"), "{err}");
    assert!(
        err.contains("for 2025–2045 write horizon_years = 21"),
        "{err}"
    );
}

/// A `positions` that cannot be read is not taken as 0 positions against which
/// `vacant` is then wrong as well.
#[test]
fn unreadable_positions_raise_no_second_problem_about_vacant() {
    let err = fails(
        "validate",
        &GOOD.replace("positions = 4", "positions = \"4\""),
    );
    assert!(err.contains("units[0].positions"), "{err}");
    assert!(!err.contains("units[0].vacant"), "{err}");
    // The unit is named by its id, not only by its place in the file.
    assert!(err.contains("(unit `a`)"), "{err}");
}

/// Values that are valid but look like a unit mistake are warned about, with
/// file, line and fix, and the command still succeeds.
#[test]
fn implausible_values_are_warned_about_and_the_run_goes_on() {
    let src = GOOD.replace(
        "locum_coverage_share = 0.85",
        "locum_coverage_share = 0.85\nlocum_price_nok_per_week = 95.8",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), &src).unwrap();
    let out = Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "s.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "s.toml:{}: defaults.locum_price_nok_per_week: a locum price of 95.80 kr per week is very low",
            line_of(&src, "95.8")
        )),
        "{err}"
    );
    assert!(err.contains("fix: write the price in kroner"), "{err}");
    // A run keeps the warnings in its report, first, for readers of the
    // report alone; a run without them has no such section.
    let run = || {
        Command::cargo_bin("stabil")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "run",
                "s.toml",
                "--replicates",
                "20",
                "--quiet",
                "--out",
                "w",
            ])
            .assert()
            .success();
    };
    run();
    let md = std::fs::read_to_string(dir.path().join("w/rapport.md")).unwrap();
    let warned = md.find("## Advarsler").expect("a warnings section");
    assert!(warned < md.find("## Sammendrag").unwrap(), "{md}");
    assert!(md.contains("a locum price of 95.80 kr per week is very low"));
    let html = std::fs::read_to_string(dir.path().join("w/rapport.html")).unwrap();
    assert!(html.contains("<h2>Advarsler</h2>"));
    std::fs::write(dir.path().join("s.toml"), GOOD).unwrap();
    run();
    let md = std::fs::read_to_string(dir.path().join("w/rapport.md")).unwrap();
    assert!(!md.contains("Advarsler"), "{md}");
}

/// A file with an error and values that look like mistakes shows both at once
/// (a user mended the error, then met the warnings only on the next try).
#[test]
fn errors_and_warnings_of_a_file_come_in_one_pass() {
    let src = GOOD.replace(
        "locum_coverage_share = 0.85",
        "locum_coverage_share = 85\nlocum_price_nok_per_week = 95.8",
    );
    let err = fails("validate", &src);
    assert!(err.contains("has 1 problem:"), "{err}");
    assert!(err.contains("for 85 % write 0.85"), "{err}");
    let warned = err
        .find("warning: and 1 value that may be a mistake")
        .expect(&err);
    assert!(
        err[warned..].contains("a locum price of 95.80 kr per week is very low"),
        "{err}"
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", "nowhere.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("nowhere.toml") && err.contains("does not exist") && err.contains("fix:"),
        "{err}"
    );
}

#[test]
fn invalid_toml_names_the_line() {
    let src = GOOD.replace("positions = 4", "positions = = 4");
    let err = fails("validate", &src);
    assert!(
        err.contains(&format!(":{}:", line_of(&src, "= = 4"))),
        "{err}"
    );
}

#[test]
fn all_problems_are_reported_at_once() {
    let src = GOOD
        .replace("horizon_years = 5", "horizon_years = 0")
        .replace("locum_coverage_share = 0.85", "locum_coverage_share = 2")
        .replace("vacant = 1", "vacant = 9")
        + "\n[[units]]\nid = \"b\"\npopulation = 100\npositions = 2\nsurprise = true\n"
        + "\n[[regions]]\nid = \"r\"\nunits = [\"a\", \"zzz\"]\n";
    let err = fails("validate", &src);
    for needle in [
        "scenario.horizon_years",
        "defaults.locum_coverage_share",
        "units[0].vacant",
        "unknown field `surprise`",
        "regions[0].units[1]",
    ] {
        assert!(err.contains(needle), "missing {needle}: {err}");
    }
    assert!(err.contains("has 5 problems"), "{err}");
    assert!(
        !err.contains("no unit with id `a`"),
        "a unit with problems is still a unit: {err}"
    );
}

#[test]
fn replicates_zero_is_refused_cleanly() {
    // `backtest --replicates 0` ran and printed "– %" (fresh-eyes review, session 10).
    for command in ["run", "backtest"] {
        let dir = tempfile::tempdir().unwrap();
        Command::cargo_bin("stabil")
            .unwrap()
            .current_dir(dir.path())
            .args([command, "--replicates", "0"])
            .assert()
            .failure()
            .stderr(
                predicate::str::contains("--replicates must be at least 1")
                    .and(predicate::str::contains("panicked").not()),
            );
        assert!(!dir.path().join("out").exists(), "{command} wrote nothing");
    }
    // A digit too many ran for hours in silence.
    Command::cargo_bin("stabil")
        .unwrap()
        .args(["run", "--replicates", "10000000000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give at most 1000000"));
}

/// Thousands of threads would each keep a national run's statistics and
/// exhaust memory: refused with the fix, before anything runs.
#[test]
fn thousands_of_threads_are_refused_cleanly() {
    Command::cargo_bin("stabil")
        .unwrap()
        .args(["run", "--threads", "5000", "--replicates", "10"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("--threads 5000: this machine has")
                .and(predicate::str::contains("fix: leave --threads out"))
                .and(predicate::str::contains("panicked").not()),
        );
}

/// Regressions from a first user trial: one mistaken field must not hide the
/// others of its table, a bad default is reported once, a negative count gives
/// one message, and type errors speak plainly.
#[test]
fn several_mistakes_in_one_unit_are_all_reported() {
    let src = GOOD.replace("vacant = 1", "vacant = 1\nvacancies = 2\nposition_changes = [{ from_year = 2027, from_month = 13, positions = 4 }]")
        .replace("population = 2617", "population = \"2 617\"")
        + "\n[[units]]\nid = \"b\"\npopulation = 900\npositions = 2\n\n[[units]]\nid = \"c\"\npopulation = 900\npositions = -2\nvacant = 1\n";
    let src = src.replace("locum_coverage_share = 0.85", "locum_coverage_share = 1.2");
    let err = fails("validate", &src);
    for needle in [
        "unknown field `vacancies`; did you mean `vacant`?",
        "units[0].population: expected a whole number",
        "write the number without quotes: 2617",
        "month 13 does not exist",
        "units[2].positions",
    ] {
        assert!(err.contains(needle), "missing {needle}: {err}");
    }
    assert_eq!(
        err.matches("defaults.locum_coverage_share").count(),
        1,
        "{err}"
    );
    assert!(
        !err.contains("units[2].vacant"),
        "no second message for a negative count: {err}"
    );
}

#[test]
fn decimal_comma_gets_a_hint() {
    let src = GOOD.replace("0.85", "0,85");
    let err = fails("validate", &src);
    assert!(err.contains("decimal point"), "{err}");
    assert!(
        err.contains(&format!(":{}: column", line_of(&src, "0,85"))),
        "{err}"
    );
}

const MEASURE: &str = r#"
[[measures]]
id = "m"
name_nb = "M"
name_en = "M"
task = "retain"
element = "team_cohesion"
description = "d"
evidence = "assumption"
[measures.effects]
departure_hazard_multiplier = [0.8, 0.9, 1, 1, 1]
[measures.costs]
yearly_fixed_nok = 1000

[[variants]]
id = "v"
measures = [{ measure = "m", start_year = 2026, end_year = 2028 }]
"#;

/// Bad measure definitions (issue 4): unknown element, negative cost, a
/// multiplier ≤ 0 and an end before the start, each named with its line.
#[test]
fn bad_measure_definitions() {
    let cases = [
        (
            "element = \"team_cohesion\"",
            "element = \"team_spirit\"",
            "unknown element `team_spirit`",
        ),
        (
            "yearly_fixed_nok = 1000",
            "yearly_fixed_nok = -1000",
            "a cost in NOK ≥ 0",
        ),
        (
            "[0.8, 0.9, 1, 1, 1]",
            "[0.8, 0, 1, 1, 1]",
            "a multiplier > 0",
        ),
        (
            "end_year = 2028",
            "end_year = 2024",
            "ends (2024) before it starts (2026)",
        ),
    ];
    for (from, to, expect) in cases {
        let src = format!("{GOOD}{}", MEASURE.replace(from, to));
        let err = fails("validate", &src);
        assert!(err.contains(expect), "{to}: {err}");
        assert!(
            err.contains(&format!(
                "scenario.toml:{}:",
                line_of(&src, to.split(" = ").next().unwrap_or(to))
            )) || err.contains(&format!(":{}:", line_of(&src, to))),
            "{to}: no line: {err}"
        );
    }
}

#[test]
fn a_region_typo_is_matched_against_the_units_it_does_not_list_yet() {
    // "k1875" suggested "k1865", which the region already listed, instead of
    // "k1874", the unit left out.
    let src = "[scenario]\nname = \"r\"\n\n[[regions]]\nid = \"lofoten\"\nunits = [\"k1865\", \"k1875\"]\n\n\
               [[units]]\nid = \"k1865\"\nkommune = \"1865\"\n\n[[units]]\nid = \"k1874\"\nkommune = \"1874\"\n";
    let err = fails("validate", src);
    assert!(err.contains("did you mean `k1874`?"), "{err}");
}

#[test]
fn a_short_through_year_is_one_problem_with_the_year_meant() {
    // through_year = 35 also made every measure "start after the comparison's
    // through_year (2025)".
    let src = format!(
        "{GOOD}\n[comparison]\nthrough_year = 28\n\n[[variants]]\nid = \"alis\"\nname = \"ALIS\"\n\
         measures = [{{ measure = \"alis\", start_year = 2026 }}]\n"
    );
    let err = fails("validate", &src);
    assert!(err.contains("has 1 problem"), "{err}");
    assert!(
        err.contains("write the whole year: through_year = 2028"),
        "{err}"
    );
}

#[test]
fn a_misspelt_units_header_is_shown_and_its_echoes_are_folded() {
    // `[[unit]]` for `[[units]]`: the unit is gone, so every place naming it
    // fails too. The typo must stay in view, the echoes shown once.
    let src = r#"[scenario]
name = "bad"
horizon_years = 5

[[unit]]
id = "a"
kommune = "1867"
positions = 4

[[units]]
id = "b"
kommune = "1868"
positions = 3

[[regions]]
id = "r1"
units = ["a", "b"]

[[regions]]
id = "r2"
units = ["a", "b"]

[[regions]]
id = "r3"
units = ["a", "b"]
"#;
    let err = fails("validate", src);
    assert!(err.contains("did you mean `units`?"), "{err}");
    assert!(
        err.find("did you mean `units`?") < err.find("no unit with id `a`"),
        "the cause first: {err}"
    );
    assert_eq!(err.matches("no unit with id `a`").count(), 1, "{err}");
    assert!(
        err.contains("the same in 2 more places: lines 21 and 25"),
        "{err}"
    );
}

#[test]
fn a_latin1_scenario_is_told_to_save_as_utf8() {
    // Older Notepad or Excel on Norwegian Windows save Latin-1; the message
    // said "check the path" (fresh-eyes review, session 10).
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = GOOD
        .replace(
            "name = \"bad\"",
            "name = \"bad\"\ntitle = \"Hadsel og B\u{1}\"",
        )
        .into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xF8; // ø in Latin-1
    std::fs::write(dir.path().join("scenario.toml"), bytes).unwrap();
    let out = Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "scenario.toml"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("not UTF-8") && err.contains("save the file as UTF-8"),
        "{err}"
    );
}

#[test]
fn a_catalogue_measure_with_other_tenure_bands_points_at_its_use_and_says_what_to_write() {
    // Hazards from `calibrate --bands 0,2,7` in a scenario whose variant uses
    // the catalogue's `mentoring` (five factors): the problem named
    // `measures[1]`, which is not in the file, and suggested five factors.
    let src = GOOD.replace(
        "locum_coverage_share = 0.85",
        "locum_coverage_share = 0.85\ntenure_band_starts_years = [0, 2, 7]\ndeparture_hazard_per_year = [0.2, 0.12, 0.08]",
    ) + "\n[[variants]]\nid = \"m\"\nname = \"Mentor\"\nmeasures = [{ measure = \"mentoring\", start_year = 2026 }]\n";
    let err = fails("validate", &src);
    let line = line_of(&src, "measure = \"mentoring\"");
    assert!(
        err.contains(&format!("scenario.toml:{line}: variants[0].measures[0]"))
            && err.contains("measure `mentoring` has 5 factors")
            && err.contains("id = \"mentoring\"")
            && err.contains("give it 3, one per band"),
        "{err}"
    );
}

#[test]
fn an_empty_file_a_missing_extension_and_a_bad_init_name_say_what_they_are() {
    // Fresh-eyes review, session 10: "the [scenario] section is missing" for
    // an empty file; no hint for `stabil run k1866` beside k1866.toml; an
    // invalid `init --name` reported as line 8 of a file called by the name.
    let err = fails("validate", "\n  \n");
    assert!(err.contains("the file is empty"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("k1866.toml"), GOOD).unwrap();
    let out = Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "k1866"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("did you mean k1866.toml?"), "{err}");
    let out = Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["init", "--kommune", "1866", "--name", "Vesterålen sør"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--name: `Vesterålen sør` cannot name")
            && err.contains("e.g. --name vesteralen-sor"),
        "{err}"
    );
}
