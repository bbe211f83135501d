//! The command line end to end, as a user runs it (assert_cmd).

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn stabil() -> Command {
    Command::cargo_bin("stabil").unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn default_scenario_runs_from_any_directory() {
    // From an empty folder: the built-in copy of scenarios/vesteralen.toml is used.
    let dir = tempfile::tempdir().unwrap();
    stabil()
        .current_dir(dir.path())
        .args(["run", "--replicates", "300"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Vesterålen"))
        .stdout(predicate::str::contains(
            "vesteralen (innebygd): 300 replikasjoner",
        ))
        .stdout(predicate::str::contains("2030"))
        .stdout(predicate::str::contains("2045"))
        .stdout(predicate::str::contains("mill. kr"));
    let out = dir.path().join("out/vesteralen");
    for f in ["units_yearly.csv", "regions_yearly.csv", "manifest.json"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    // Monthly statistics are asked for in the scenario (issue 6: they took
    // more than half of the run).
    assert!(!out.join("units_monthly.csv").exists());
    // Charts: a fan per region and unit, PNG at 1000 × 600 and SVG with the Norwegian title.
    let png = image::open(out.join("charts/vacancy_vesteralen.png"))
        .unwrap()
        .to_rgb8();
    assert_eq!(png.dimensions(), (1000, 600));
    let svg = read(&out.join("charts"), "locum_cost_bo.svg");
    assert!(
        svg.contains("Bø: vikarutgifter per år 2025–2045"),
        "{}",
        &svg[..200.min(svg.len())]
    );
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    assert_eq!(manifest["seed"], 2025);
    assert_eq!(manifest["replicates"], 300);
    assert_eq!(manifest["stabil_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["scenario_sha256"].as_str().unwrap().len(), 64);
    // The record says "built in"; Norwegian readers read "innebygd".
    assert_eq!(manifest["scenario_file"], "vesteralen (built in)");
    assert!(svg.contains("scenario vesteralen (innebygd);"), "{svg}");
    assert!(read(&out, "rapport.md").contains("**Scenario:** vesteralen (innebygd)"));

    // 8 units (5 GP services, 3 hospital units) × 21 years × 8 metrics rows, plus the header.
    let yearly = read(&out, "units_yearly.csv");
    assert_eq!(yearly.lines().count(), 1 + 8 * 21 * 8);
    assert!(yearly.starts_with("level,id,name,year,metric,mean,p5,p10,p25,p50,p75,p90,p95\n"));
    // Need per unit and year, from the bundled demography.
    let need = read(&out, "need.csv");
    assert_eq!(need.lines().count(), 1 + 8 * 21);
    assert!(
        need.contains("\nbo,Bø,gp,2025,2617,738,279,4.5,4\n"),
        "{need}"
    );
}

/// The bundled Vesterålen scenario with monthly results switched on.
fn vesteralen_monthly(dir: &Path) -> std::path::PathBuf {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/vesteralen.toml"
    ))
    .unwrap();
    let line = src
        .lines()
        .find(|l| l.starts_with("# monthly_results = true"))
        .expect("the bundled scenario shows how to switch monthly results on");
    let path = dir.join("vesteralen_monthly.toml");
    std::fs::write(&path, src.replace(line, "monthly_results = true")).unwrap();
    path
}

#[test]
fn issue_6_monthly_files_are_asked_for_and_do_not_outlive_their_run() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = vesteralen_monthly(dir.path());
    let out = dir.path().join("out");
    let run = |file: &Path| {
        stabil()
            .current_dir(dir.path())
            .args(["run", "--replicates", "200", "--quiet", "--out"])
            .arg(&out)
            .arg(file)
            .assert()
            .success();
    };
    run(&scenario);
    let monthly = read(&out, "regions_monthly.csv");
    assert_eq!(monthly.lines().count(), 1 + 2 * 21 * 12 * 8);
    assert!(out.join("units_monthly.csv").exists());
    // Region filled + vacant at the end of January 2025 is the 47 positions.
    let jan = |metric: &str| -> f64 {
        let row = monthly
            .lines()
            .find(|l| l.contains(&format!(",2025,1,{metric},")))
            .unwrap();
        row.split(',').nth(6).unwrap().parse().unwrap()
    };
    assert!((jan("filled") + jan("vacant") - 47.0).abs() < 1e-9);
    // The same folder again with yearly results only: the monthly files of the
    // first run go, files the user put there stay.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    run(Path::new("vesteralen"));
    assert!(!out.join("units_monthly.csv").exists());
    assert!(!out.join("regions_monthly.csv").exists());
    assert!(out.join("units_yearly.csv").exists());
    assert_eq!(read(&out, "notes.txt"), "mine");
}

#[test]
fn same_seed_gives_identical_files_on_1_and_4_threads() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = vesteralen_monthly(dir.path());
    for t in ["1", "4"] {
        stabil()
            .current_dir(dir.path())
            .args([
                "run",
                "--replicates",
                "700",
                "--seed",
                "42",
                "--quiet",
                "--threads",
                t,
                "--out",
                t,
            ])
            .arg(&scenario)
            .assert()
            .success()
            .stdout("");
    }
    for f in [
        "units_yearly.csv",
        "units_monthly.csv",
        "regions_yearly.csv",
        "regions_monthly.csv",
        "results_long.csv",
        // Holds the cumulative cost and the rank correlations from the sampled replicates.
        "rapport.md",
    ] {
        assert_eq!(
            read(&dir.path().join("1"), f),
            read(&dir.path().join("4"), f),
            "{f} differs"
        );
    }
}

#[test]
fn validate_accepts_the_bundled_scenario_file() {
    stabil()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "scenarios/vesteralen.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("is valid: 8 units, 2 regions,"));
}

#[test]
fn english_table_with_lang_en() {
    let dir = tempfile::tempdir().unwrap();
    stabil()
        .current_dir(dir.path())
        .args(["run", "--replicates", "100", "--lang", "en"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Locum cost"))
        .stdout(predicate::str::contains("NOK"));
}

#[test]
fn compare_gives_identical_files_on_1_and_4_threads_and_a_ranked_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for t in ["1", "4"] {
        let out = stabil()
            .current_dir(dir.path())
            .args([
                "compare",
                "--replicates",
                "300",
                "--seed",
                "9",
                "--threads",
                t,
                "--out",
                t,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("1. ") && text.contains("Netto kostnad"),
            "{text}"
        );
    }
    // The net cost's median agrees with P(saves money): negative exactly when
    // at least half the futures save (a mean alone could say a cost while
    // most futures save).
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(", median ")).collect();
    assert!(lines.len() >= 5, "{text}");
    for l in lines {
        let median = l.split(", median ").nth(1).unwrap();
        let p: f64 = l
            .rsplit("= ")
            .next()
            .unwrap()
            .trim_end_matches(" %")
            .parse()
            .unwrap();
        let negative = median.starts_with('−') && !median.starts_with("−0,0 ");
        if p > 50.0 {
            assert!(negative || median.starts_with("0,0 "), "{l}");
        } else if p < 50.0 {
            assert!(!median.starts_with('−'), "{l}");
        }
    }
    for f in [
        "comparison_summary.csv",
        "comparison_yearly.csv",
        "comparison_levels.csv",
        "comparison_by_service.csv",
        "results_long.csv",
        "rapport.md",
    ] {
        assert_eq!(
            read(&dir.path().join("1"), f),
            read(&dir.path().join("4"), f),
            "{f} differs"
        );
    }
    let png = image::open(dir.path().join("1/charts/net_cost.png"))
        .unwrap()
        .to_rgb8();
    assert_eq!(png.dimensions(), (1000, 600));
    let svg = read(&dir.path().join("1/charts"), "vacancy_by_variant.svg");
    assert!(svg.contains("Dagens situasjon") && svg.contains("ALIS i Andøy, Bø og Øksnes"));
    let summary = read(&dir.path().join("1"), "comparison_summary.csv");
    assert_eq!(
        summary.lines().count(),
        1 + 7,
        "header and one row per Vesterålen variant"
    );
}

/// A folder rewritten by the same command keeps no file of the earlier
/// language; another command's files in it are left alone.
#[test]
fn backtest_in_english_removes_the_norwegian_report_and_spares_other_commands() {
    let dir = tempfile::tempdir().unwrap();
    let backtest = |lang: &str| {
        stabil()
            .current_dir(dir.path())
            .args([
                "backtest",
                "--replicates",
                "30",
                "--out",
                "bt",
                "--lang",
                lang,
            ])
            .assert()
            .success();
    };
    backtest("nb");
    assert!(dir.path().join("bt/tilbaketest.md").exists());
    backtest("en");
    assert!(dir.path().join("bt/backtest.md").exists());
    assert!(!dir.path().join("bt/tilbaketest.md").exists());
    // A run into the same folder replaces the manifest, not the backtest's files.
    stabil()
        .current_dir(dir.path())
        .args(["run", "--replicates", "20", "--quiet", "--out", "bt"])
        .assert()
        .success();
    assert!(dir.path().join("bt/backtest.md").exists());
    assert!(dir.path().join("bt/units_yearly.csv").exists());
}

#[test]
fn a_negative_or_broken_count_is_refused_with_what_to_write() {
    // clap took "-1" for an option and hinted `-- -1`, which would pass it on as
    // the scenario file.
    for (args, want) in [
        (["run", "--threads", "-1"], "cannot be negative"),
        (
            ["compare", "--replicates", "1.5"],
            "whole number: write for example 2",
        ),
        (["run", "--seed", "abc"], "not a number"),
    ] {
        let out = stabil().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(!err.contains("-- -"), "{args:?}: {err}");
    }
}

/// Regression (user trial): a copy of a scenario keeps its `[scenario] name`,
/// and with it the output folder, so running the copy silently replaced the
/// original's results. Now it says so, and how to keep both; running the same
/// file again (by any path) says nothing.
#[test]
fn running_a_copy_into_the_originals_folder_warns() {
    let dir = tempfile::tempdir().unwrap();
    let run = |file: &str| {
        let out = stabil()
            .current_dir(dir.path())
            .args(["run", file, "--replicates", "20", "--quiet"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stderr).unwrap()
    };
    stabil()
        .current_dir(dir.path())
        .args(["init", "--kommune", "1867", "--out", "bo.toml"])
        .assert()
        .success();
    assert!(!run("bo.toml").contains("warning"));
    assert!(!run("./bo.toml").contains("held the results"));
    std::fs::copy(dir.path().join("bo.toml"), dir.path().join("bo2.toml")).unwrap();
    let err = run("bo2.toml");
    assert!(
        err.contains("held the results of ./bo.toml; they are now replaced by those of bo2.toml"),
        "{err}"
    );
    assert!(err.contains("[scenario] name"), "{err}");
}
