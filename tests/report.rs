//! Reports, spreadsheet, Parquet and the new charts, end to end (assert_cmd):
//! files exist, PNGs decode at the requested size with drawn text, the HTML holds
//! every chart inline and nothing external, the xlsx and Parquet files read back,
//! and `stabil report` rebuilds a run folder (or says why it cannot).

mod common;

use assert_cmd::Command;
use common::zip_text;
use predicates::prelude::*;
use std::path::Path;

fn stabil() -> Command {
    Command::cargo_bin("stabil").unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(dir: &Path, cmd: &str, out: &str, extra: &[&str]) {
    let mut args = vec![cmd, "--seed", "11", "--quiet", "--out", out];
    args.extend_from_slice(extra);
    stabil()
        .current_dir(dir)
        .args(&args)
        .assert()
        .success()
        .stdout("");
}

/// Non-white pixels in the top `rows` rows (the title) of a PNG of the expected size.
fn title_ink(path: &Path, size: (u32, u32), rows: u32) -> usize {
    let img = image::open(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .to_rgb8();
    assert_eq!(img.dimensions(), size, "{}", path.display());
    (0..rows)
        .flat_map(|y| (0..size.0).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0 != [255, 255, 255])
        .count()
}

fn svg_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "svg")
        })
        .count()
}

#[test]
fn run_writes_reports_spreadsheet_parquet_and_new_charts() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "run", "r", &["--replicates", "200"]);
    let out = dir.path().join("r");
    for f in [
        "rapport.html",
        "rapport.md",
        "results.xlsx",
        "results.parquet",
        "results_long.csv",
        "scenario.toml",
        "charts/cumulative_locum_cost.png",
        "charts/tornado.png",
        "charts/retention.png",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    for c in [
        "cumulative_locum_cost",
        "tornado",
        "retention",
        "vacancy_vesteralen",
    ] {
        let ink = title_ink(&out.join(format!("charts/{c}.png")), (1000, 600), 40);
        assert!(ink > 200, "{c}: only {ink} drawn pixels in the title area");
    }

    // HTML: one inline SVG per chart, nothing loaded from outside, print CSS.
    let html = read(&out, "rapport.html");
    assert_eq!(html.matches("<svg").count(), svg_files(&out.join("charts")));
    assert!(!html.contains("src=") && !html.contains("<link") && !html.contains("<script"));
    assert!(html.contains("@media print") && html.contains("break-before:page"));
    assert!(html.contains("<html lang=\"nb\">") && html.contains("Frø") && html.contains("11"));
    assert!(html.contains(env!("CARGO_PKG_VERSION")));
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    assert!(html.contains(manifest["scenario_sha256"].as_str().unwrap()));
    assert!(html.contains("Forutsetninger") && html.contains("Abelsen"));
    // Markdown: every PNG it links exists.
    let md = read(&out, "rapport.md");
    // Eight units, so the summary shows regions: each unit gets a row of its
    // own further down (fresh-eyes review, session 12), with its number.
    assert!(md.contains("## Per enhet"), "{md}");
    assert!(md.contains("| Andøy | 1871 | 8 | 2 |"), "{md}");
    let links: Vec<&str> = md
        .match_indices("](charts/")
        .map(|(i, _)| &md[i + 2..i + 2 + md[i + 2..].find(')').unwrap()])
        .collect();
    assert_eq!(links.len(), svg_files(&out.join("charts")));
    for l in links {
        assert!(out.join(l).exists(), "{l}");
    }

    // xlsx: the sheets, and one row per unit and year (plus the header) per unit.
    let xlsx = out.join("results.xlsx");
    let wb = zip_text(&xlsx, "xl/workbook.xml");
    for s in [
        "Sammendrag",
        "Per år",
        "Per enhet",
        "Behov",
        "Forutsetninger",
    ] {
        assert!(
            wb.contains(&format!("name=\"{s}\"")),
            "sheet {s} missing: {wb}"
        );
    }
    let per_unit = zip_text(&xlsx, "xl/worksheets/sheet3.xml");
    // 8 units: Vesterålen's five GP services and three hospital units.
    assert_eq!(per_unit.matches("<row ").count(), 1 + 8 * 21);
    // Need: need.csv's rows, numbers as numbers (every unit has a need).
    let need = zip_text(&xlsx, "xl/worksheets/sheet4.xml");
    assert_eq!(
        need.matches("<row ").count(),
        read(&out, "need.csv").lines().count()
    );
    // Assumptions: numbers are numbers (Bø's 2,617 inhabitants), not text.
    let assumptions = zip_text(&xlsx, "xl/worksheets/sheet5.xml");
    assert!(assumptions.contains("<v>2617</v>"), "{assumptions}");

    // Parquet through polars: long format, every entity, year, metric and statistic.
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(out.join("results.parquet")).unwrap())
        .finish()
        .unwrap();
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "scenario",
            "unit",
            "region",
            "year",
            "metric",
            "statistic",
            "value"
        ]
    );
    // 8 units and 2 regions × 21 years × 8 metrics × 8 statistics.
    assert_eq!(df.height(), (8 + 2) * 21 * 8 * 8);
    let csv = read(&out, "results_long.csv");
    assert_eq!(csv.lines().count(), 1 + df.height());
}

#[test]
fn print_pngs_are_300_dpi_with_text() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "run", "p", &["--print", "--replicates", "50"]);
    let charts = dir.path().join("p/charts");
    for c in ["cumulative_locum_cost", "tornado", "retention"] {
        let ink = title_ink(&charts.join(format!("{c}.png")), (3000, 1800), 120);
        assert!(ink > 1000, "{c}: {ink}");
    }
}

#[test]
fn compare_report_has_every_chart_and_a_comparison_sheet() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        "compare",
        "c",
        &["--replicates", "200", "--lang", "en"],
    );
    let out = dir.path().join("c");
    let html = read(&out, "rapport.html");
    assert_eq!(html.matches("<svg").count(), svg_files(&out.join("charts")));
    assert_eq!(svg_files(&out.join("charts")), 3);
    assert!(html.contains("<html lang=\"en\">") && html.contains("ALIS i Andøy, Bø og Øksnes"));
    let svg = read(&out.join("charts"), "retention.svg");
    assert!(svg.contains("Baseline") && svg.contains("ALIS i Andøy, Bø og Øksnes"));
    let wb = zip_text(&out.join("results.xlsx"), "xl/workbook.xml");
    for s in [
        "Summary",
        "Per year",
        "Comparison",
        "Per service",
        "Assumptions",
    ] {
        assert!(wb.contains(&format!("name=\"{s}\"")), "sheet {s} missing");
    }
    use polars::prelude::*;
    let df = ParquetReader::new(std::fs::File::open(out.join("results.parquet")).unwrap())
        .finish()
        .unwrap();
    // Levels: 8 scenarios × 21 years × 2 metrics; differences: 7 variants × 21 × 5 × 2.
    assert_eq!(df.height(), (8 * 21 * 2 + 7 * 21 * 5 * 2) * 8);
}

#[test]
fn report_rebuilds_a_run_folder_in_another_language() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "run", "r", &["--replicates", "100"]);
    let out = dir.path().join("r");
    let before = read(&out, "results_long.csv");
    std::fs::remove_file(out.join("rapport.html")).unwrap();
    stabil()
        .args(["report", out.to_str().unwrap(), "--lang", "en", "--quiet"])
        .assert()
        .success();
    let html = read(&out, "rapport.html");
    assert!(html.contains("<html lang=\"en\">") && html.contains("Seed"));
    assert_eq!(
        read(&out, "results_long.csv"),
        before,
        "same seed, same numbers"
    );
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    assert_eq!(manifest["replicates"], 100);
    assert_eq!(manifest["scenario_file"], "vesteralen (built in)");
}

#[test]
fn report_refuses_a_folder_that_is_not_a_run_and_a_changed_scenario() {
    let dir = tempfile::tempdir().unwrap();
    stabil()
        .args(["report", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no manifest.json"))
        .stderr(predicate::str::contains("fix:"));
    run(dir.path(), "run", "r", &["--replicates", "20"]);
    let out = dir.path().join("r");
    let src = read(&out, "scenario.toml");
    std::fs::write(
        out.join("scenario.toml"),
        src.replace("horizon_years = 21", "horizon_years = 20"),
    )
    .unwrap();
    stabil()
        .args(["report", out.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("was changed after the run"));
}

/// A nurse scenario is reported as one: its title, columns, captions and method
/// speak of nurses and positions, not of GP lists ("hjemler"), and it has no
/// column of patients without a GP (only GP services have lists).
#[test]
fn a_nurse_scenario_is_not_reported_as_gp_coverage() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        "run",
        "out",
        &["sykepleiere", "--replicates", "50"],
    );
    let md = read(&dir.path().join("out"), "rapport.md");
    assert!(
        md.starts_with("# Framskriving av sykepleierdekningen"),
        "{md}"
    );
    for wrong in ["hjemler", "fastlege", "Pasienter uten lege", "nye leger"] {
        assert!(!md.contains(wrong), "`{wrong}` in:\n{md}");
    }
    assert!(md.contains("| Ledige stillinger, snitt i året (P10–P90) |"));
    assert!(md.contains("slutter sykepleiere"));
}

#[test]
fn compare_report_says_what_the_console_says_about_each_package() {
    // The report had only the first table: no patient-years, cost per month,
    // pay-off year or the note on a labour market the baseline lacks.
    let dir = tempfile::tempdir().unwrap();
    let out = stabil()
        .current_dir(dir.path())
        .args([
            "compare",
            "--seed",
            "11",
            "--replicates",
            "200",
            "--out",
            "c",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let console = String::from_utf8(out.stdout).unwrap();
    let md = read(&dir.path().join("c"), "rapport.md");
    let blocks: Vec<&str> = console
        .split("\n\n")
        .filter(|b| b.contains("   Lønner seg fra"))
        .collect();
    assert_eq!(blocks.len(), 7, "{console}");
    let value = |block: &str, label: &str| {
        let line = block
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap();
        line.trim_start()[label.len()..].trim().to_string()
    };
    let mut notes = 0;
    for block in blocks {
        let name = block.lines().next().unwrap().split_once(". ").unwrap().1;
        // What the package holds, before its figures (fresh-eyes review,
        // session 11: the report never said which measures a package had).
        let holds = &md[md.find("**Hva tiltakspakkene inneholder**").unwrap()
            ..md.find("**Mer om tiltakspakkene").unwrap()];
        assert!(holds.contains(&format!("| {name} | ")), "{name}: {holds}");
        // The package's row in the table of more figures (the summary and
        // the table of what each package holds come before it).
        let more = &md[md.find("**Mer om tiltakspakkene").unwrap()..];
        let row = more
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row for {name} in the table of more figures:\n{md}"));
        let patient_years = value(block, "Unngåtte pasientår uten lege");
        for want in [
            patient_years.as_str(),
            &value(block, "Udiskontert kostnad per unngått månedsverk"),
            &value(block, "Lønner seg fra (forventet)"),
        ] {
            assert!(row.contains(want), "{name}: {want} not in {row}");
        }
        if block.contains("   Merk: ") {
            notes += 1;
            assert!(
                md.contains(&format!(
                    "Merk om «{name}»: denne pakken omfatter det felles arbeidsmarkedet"
                )),
                "{name}"
            );
        }
    }
    assert_eq!(notes, 2, "the two packages that switch the market on");
    // The split per service (regression, closing note of session 8): the
    // console's columns are the report's rows, for the packages that change
    // both services, and the report says where a package saves and costs.
    let split: Vec<&str> = console
        .split("\n\n")
        .filter(|b| b.contains("   Per tjeneste"))
        .collect();
    assert_eq!(split.len(), 2, "the two packages with the shared market");
    for block in split {
        let name = block.lines().next().unwrap().split_once(". ").unwrap().1;
        let gp = md
            .lines()
            .find(|l| l.starts_with(&format!("| {name} | Fastlegetjenesten |")))
            .unwrap_or_else(|| panic!("no GP row for {name}:\n{md}"));
        let avoided = value(
            block.split("   Per tjeneste").nth(1).unwrap(),
            "Unngåtte ledige månedsverk",
        );
        let first_column = avoided.split("   ").next().unwrap();
        assert!(gp.contains(first_column), "{first_column} not in {gp}");
        // Where a package saves and where it costs, when the two differ.
        let net = value(
            block.split("   Per tjeneste").nth(1).unwrap(),
            "Netto kostnad (negativ: sparer)",
        );
        if net.starts_with('−') != net.contains("   −") {
            assert!(block.contains("Sparer penger i "), "{block}");
            assert!(md.contains(&format!("«{name}» sparer penger i ")), "{md}");
        }
    }
    // The shared market alone moves vacancies from the hospital to the GP
    // lists: the municipalities pay, the hospital saves.
    assert!(md.contains("«Felles arbeidsmarked (ingen nye tiltak)» sparer penger i spesialisthelsetjenesten og koster penger i fastlegetjenesten"), "{md}");
    // The market-only package is not told to compare with a market-only package;
    // the other is pointed to it.
    assert!(md.contains("og har ingen tiltak: forskjellen skyldes bare arbeidsmarkedet."));
    assert!(md.contains(
        "sammenlign med «Felles arbeidsmarked (ingen nye tiltak)», som bare har arbeidsmarkedet."
    ));
    // Package names whole in the net cost chart when there is room for them.
    let svg = read(&dir.path().join("c/charts"), "net_cost.svg");
    assert!(
        svg.contains("Prosjektplanen (planlegge, rekruttere, beholde)"),
        "{svg}"
    );
    // Seven packages: the vacancy chart shows expected values (as the tables),
    // not eight overlapping bands.
    assert!(
        md.contains("per tiltakspakke: forventet verdi (uten usikkerhetsbånd"),
        "{md}"
    );
    // The spreadsheet's comparison sheet in words, not the CSV ids.
    let strings = zip_text(&dir.path().join("c/results.xlsx"), "xl/sharedStrings.xml");
    assert!(strings.contains("Ledige månedsverk") && strings.contains("summert fra start"));
    assert!(!strings.contains("vacancy_months") && !strings.contains("cumulative"));
    // The split per service in the spreadsheet too.
    assert!(strings.contains("Spesialisthelsetjenesten") && strings.contains("Tjeneste"));
}

#[test]
fn run_report_tables_need_against_positions_and_names_the_2027_seam() {
    // Need was only in charts and need.csv, and its jump from 2026 to 2027
    // (registered population, then SSB's 2024 projection) was not explained.
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "run", "s", &["salten", "--replicates", "50"]);
    let out = dir.path().join("s");
    let md = read(&out, "rapport.md");
    let need = read(&out, "need.csv");
    // Bodø's need in 2030 from need.csv, as the report writes it, beside its 60 lists.
    let bodo_2030: f64 = need
        .lines()
        .find(|l| l.starts_with("k1804,") && l.contains(",2030,"))
        .and_then(|l| l.split(',').nth(7))
        .unwrap()
        .parse()
        .unwrap();
    let cell = format!("{:.1} (60)", bodo_2030).replace('.', ",");
    let row = md.lines().find(|l| l.starts_with("| Bodø |")).unwrap();
    assert!(row.contains(&cell), "{cell} not in {row}");
    assert!(
        md.contains("hopper fra 2026 til 2027 i") && md.contains("Gildeskål (+"),
        "{md}"
    );
    assert!(md.contains("calibration = \"growth\""));
    // Regression (user trial): the text said a growing need gives longer
    // lists, but the model keeps list length fixed; and a need above the lists
    // in 2025 read as a shortage today.
    assert!(md.contains("Modellen holder listelengden fast"), "{md}");
    let above = md
        .lines()
        .find(|l| l.starts_with("Behovet i 2025 er større enn antall hjemler i "))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(above.contains("ikke nødvendigvis mangel i dag"), "{above}");
    // Exactly the units whose 2025 need is more than 5 % above their lists.
    let mut want = Vec::new();
    for l in md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(" ("))
    {
        let cells: Vec<&str> = l.split(" | ").collect();
        let (name, first) = (cells[0].trim_start_matches("| "), cells[1]);
        let Some((need, lists)) = first.split_once(" (") else {
            continue;
        };
        let need: f64 = need.replace(',', ".").parse().unwrap_or(0.0);
        let lists: f64 = lists.trim_end_matches(')').parse().unwrap_or(f64::INFINITY);
        if need > 1.05 * lists {
            want.push(name.to_string());
        }
    }
    assert!(!want.is_empty());
    for name in want {
        assert!(above.contains(&name), "{name} not in {above}");
    }
}

#[test]
fn a_folder_named_like_a_bundled_scenario_does_not_hide_it() {
    // `stabil run salten --out salten`, then `stabil run salten`: "Is a directory".
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("salten")).unwrap();
    stabil()
        .current_dir(dir.path())
        .args(["validate", "salten"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "salten here is a folder; using the built-in `salten`",
        ));
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    stabil()
        .current_dir(dir.path())
        .args(["validate", "mine"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "this is a folder, not a scenario file",
        ));
}
