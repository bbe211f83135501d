//! Scenarios across counties (issue 6, fresh-eyes review of session 12): `init`
//! takes a county by name or number, writes a region of all the chosen
//! municipalities when they lie in more than one county, and the outputs keep
//! the municipalities, their counties and the total apart.

mod common;

use common::{stabil, zip_text};
use std::path::Path;

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn init_takes_a_county_by_name_or_number_and_each_municipality_once() {
    let dir = tempfile::tempdir().unwrap();
    let init = |args: &[&str]| {
        stabil()
            .current_dir(dir.path())
            .arg("init")
            .args(args)
            .assert()
            .success();
    };
    init(&["--kommune", "Nordland"]);
    let m = stabil::scenario::load_str(&read(dir.path(), "nordland.toml"), "n").unwrap();
    // Evenes has no SSB 12005 figures: the report marks its estimated lists.
    stabil()
        .current_dir(dir.path())
        .args([
            "run",
            "nordland.toml",
            "--replicates",
            "50",
            "--quiet",
            "--out",
            "o",
        ])
        .assert()
        .success();
    let md = read(&dir.path().join("o"), "rapport.md");
    assert!(md.contains("| Evenes | 1853 | 1 362 | 2* |"), "{md}");
    assert!(md.contains("* SSB 12005 har ingen tall for kommunen"));
    assert_eq!(m.units.len(), 41);
    assert_eq!(m.title, "Nordland-Nordlándda");
    // One county: its region only, no total that would repeat it.
    assert_eq!(m.regions.len(), 1);
    // A county split in 2024: refused, with the counties to give instead.
    stabil()
        .current_dir(dir.path())
        .args(["init", "--kommune", "Troms og Finnmark"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--kommune Troms,Finnmark"));
    init(&["--kommune", "18,1866", "--out", "again.toml"]);
    let again = stabil::scenario::load_str(&read(dir.path(), "again.toml"), "a").unwrap();
    assert_eq!(again.units.len(), 41, "Hadsel is in Nordland: once");
}

/// Mean of `metric` in `year` for `id` in a yearly CSV (names may hold commas).
fn mean(csv: &str, id: &str, year: &str, metric: &str) -> f64 {
    csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .find(|r| &r[1] == id && &r[3] == year && &r[4] == metric)
        .unwrap_or_else(|| panic!("{id} {year} {metric}"))[5]
        .parse()
        .unwrap()
}

#[test]
fn a_total_region_sums_its_counties_and_files_no_municipality_under_it() {
    let dir = tempfile::tempdir().unwrap();
    stabil()
        .current_dir(dir.path())
        .args(["init", "--kommune", "1870,5501,1866", "--out", "s.toml"])
        .assert()
        .success();
    stabil()
        .current_dir(dir.path())
        .args(["run", "s.toml", "--replicates", "200", "--seed", "3"])
        .args(["--quiet", "--out", "o"])
        .assert()
        .success();
    let out = dir.path().join("o");
    let regions = read(&out, "regions_yearly.csv");
    // The total first, named by its municipalities; then each county.
    let first = regions.lines().nth(1).unwrap();
    assert!(
        first.starts_with("region,alle,\"Sortland-Suortá, Tromsø og Hadsel\""),
        "{first}"
    );
    // Regions sum their units replicate by replicate, so the means add up
    // (to the 4 decimals printed, and the 2⁻²⁴ fixed point behind each mean).
    for metric in ["vacancy_months", "locum_cost_nok", "departures"] {
        let total = mean(&regions, "alle", "2030", metric);
        let parts =
            mean(&regions, "fylke18", "2030", metric) + mean(&regions, "fylke55", "2030", metric);
        assert!(
            (total - parts).abs() <= 3e-4 * total.abs().max(1.0),
            "{metric}: {total} vs {parts}"
        );
    }
    // The report says the total holds a county's region listed beside it.
    let md = read(&out, "rapport.md");
    assert!(
        md.contains("«Sortland-Suortá, Tromsø og Hadsel» omfatter «Sortland-Suortá og Hadsel»"),
        "{md}"
    );
    assert!(md.contains("Legg ikke sammen tallene for regioner som overlapper"));
    // results_long.csv files each municipality under its county, not the total.
    let long = read(&out, "results_long.csv");
    let region_of = |unit: &str| {
        long.lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .find(|f| f[1] == unit)
            .unwrap_or_else(|| panic!("{unit}"))[2]
            .to_string()
    };
    assert_eq!(region_of("k1870"), "fylke18");
    assert_eq!(region_of("k5501"), "fylke55");
    // The spreadsheet says which rows are regions (summing a column over
    // units and regions would count them twice) and gives municipality numbers.
    let strings = zip_text(&out.join("results.xlsx"), "xl/sharedStrings.xml");
    for s in ["Nivå", "Kommunenr.", "enhet", "region", "1870", "5501"] {
        assert!(strings.contains(&format!(">{s}<")), "{s} missing");
    }
}
