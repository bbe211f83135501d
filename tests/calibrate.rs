//! Calibration from a roster (issue 7): the fitted hazards' intervals cover the
//! truth at about their nominal rate on synthetic rosters drawn with known
//! hazards, censoring handled; and the TOML snippet can be used in a scenario.

use stabil::calibrate::{pwexp, toml_snippet};
use stabil::model::hazard::PiecewiseHazard;
use stabil::rng::{open01, stream};

const STARTS: [f64; 3] = [0.0, 1.0, 3.0];
const TRUE: [f64; 3] = [0.35, 0.2, 0.1];

/// A roster of `n` contracts drawn with the true hazards, starting uniformly over
/// the 12 years before the census (so later ones are censored).
fn roster(seed: u64, n: usize) -> Vec<(f64, bool)> {
    let h = PiecewiseHazard::new(STARTS.to_vec(), TRUE.to_vec()).unwrap();
    let mut r = stream(seed, 0, 1);
    (0..n)
        .map(|_| {
            let duration = h.time_after(0.0, -open01(&mut r).ln());
            let observed_for = 12.0 * open01(&mut r);
            if duration <= observed_for {
                (duration, true)
            } else {
                (observed_for, false)
            }
        })
        .collect()
}

/// Exact Poisson intervals are conservative, so coverage is at or a little above
/// 95 %. Over 400 rosters × 3 bands = 1,200 intervals the observed share has a
/// binomial sd of about 0.006; [0.93, 0.99] allows 3-4 sd either side of 0.95-0.97.
#[test]
fn intervals_cover_the_true_hazards_at_their_nominal_rate() {
    let (mut covered, mut total) = (0, 0);
    for seed in 0..400 {
        for (b, band) in pwexp::fit(&roster(seed, 60), &STARTS).iter().enumerate() {
            total += 1;
            if band.lower <= TRUE[b] && TRUE[b] <= band.upper {
                covered += 1;
            }
        }
    }
    let share = f64::from(covered) / f64::from(total);
    assert!((0.93..=0.99).contains(&share), "coverage {share}");
}

#[test]
fn estimates_converge_on_the_truth() {
    let bands = pwexp::fit(&roster(7, 20_000), &STARTS);
    for (b, band) in bands.iter().enumerate() {
        // sd of the estimate ≈ rate / sqrt(events); 4 sd.
        let sd = TRUE[b] / (band.events as f64).sqrt();
        assert!(
            (band.hazard - TRUE[b]).abs() < 4.0 * sd,
            "band {b}: {} vs {}",
            band.hazard,
            TRUE[b]
        );
    }
}

#[test]
fn the_snippet_is_a_valid_scenario_fragment() {
    let bands = pwexp::fit(&roster(3, 200), &STARTS);
    let snippet = toml_snippet(&bands, "test roster");
    let src = format!("[scenario]\nname = \"x\"\n[defaults]\n{snippet}\n[[units]]\nid = \"a\"\npopulation = 3000\npositions = 5\n");
    let model = stabil::scenario::load_str(&src, "x.toml").unwrap_or_else(|p| panic!("{p}\n{src}"));
    assert_eq!(model.tenure_band_starts_years, STARTS.to_vec());
    assert_eq!(
        model
            .uncertain
            .iter()
            .filter(|u| u.path.contains("departure_hazard_per_year"))
            .count(),
        3
    );
}

#[test]
fn calibrate_command_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "unit,start_date,end_date,sex\nbo,2016-01-01,2016-12-31,M\nbo,2017-03-01,2019-08-31,F\nbo,2019-10-01,,M\nhadsel,2010-01-01,2022-12-31,F\nhadsel,2013-05-01,,M\n";
    std::fs::write(dir.path().join("roster.csv"), csv).unwrap();
    let out = assert_cmd::Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "calibrate",
            "roster.csv",
            "--as-of",
            "2025-06-30",
            "--by",
            "sex",
            "--out",
            "cal",
        ])
        .output()
        .unwrap();
    assert_ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("median varighet") && stdout.contains("F:") && stdout.contains("M:"),
        "{stdout}"
    );
    for f in [
        "hazards.toml",
        "hazards_F.toml",
        "hazards_M.toml",
        "survival.png",
        "survival.svg",
        "manifest.json",
    ] {
        assert!(dir.path().join("cal").join(f).exists(), "{f}");
    }
    // The options are recorded, so the calibration can be redone (fresh-eyes
    // review, session 10: the census date, which defaults to today, was not).
    let manifest = std::fs::read_to_string(dir.path().join("cal/manifest.json")).unwrap();
    assert!(
        manifest.contains("\"--as-of=2025-06-30\"")
            && manifest.contains("\"--bands=0,1,3,5,10\"")
            && manifest.contains("\"--by=sex\""),
        "{manifest}"
    );
    let snippet = std::fs::read_to_string(dir.path().join("cal/hazards_F.toml")).unwrap();
    assert!(
        snippet.contains("(contracts as of 2025-06-30), group F"),
        "{snippet}"
    );
    let km = std::fs::read_to_string(dir.path().join("cal/kaplan_meier.csv")).unwrap();
    assert!(km.starts_with("group,years,at_risk,events,censored,survival,lower95,upper95\n"));
    assert_eq!(
        km.lines().count(),
        1 + 3,
        "one step per ended contract: {km}"
    );
}

#[test]
fn bad_rosters_are_refused_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "unit,start_date,end_date\nbo,2019-01-01,2018-01-01\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["calibrate", "r.csv"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("r.csv:2: end_date is before start_date") && err.contains("fix:"),
        "{err}"
    );
}

/// `stabil args…` run in `dir`.
/// Asserts that a command succeeded, showing its error output if not.
fn assert_ok(out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn stabil_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    assert_cmd::Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn evaluate_places_observations_in_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| stabil_in(dir.path(), args);
    assert!(
        run(&["run", "--replicates", "500", "--quiet", "--out", "r"])
            .status
            .success()
    );
    std::fs::write(dir.path().join("obs.csv"), "unit,year,lists_without_gp,locum_cost_nok\nBø,2026,1,\nandoy,2026,2,90000000\nnowhere,2026,1,\nBø,2050,1,500000\nBø,2027,9,\n").unwrap();
    let bad = run(&["evaluate", "r", "obs.csv"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("obs.csv:4: unit `nowhere` is not in the run"));
    // More lists without a GP than Bø has positions (4): a typing error.
    assert!(
        err.contains(
            "obs.csv:6: Bø 2027: 9 vacancies, but the run has 4 positions there that year"
        ),
        "{err}"
    );
    // A year outside the run: one problem for the row, not one per figure.
    assert_eq!(
        err.matches("2050 is outside the run's years").count(),
        1,
        "{err}"
    );
    std::fs::write(
        dir.path().join("obs.csv"),
        "unit,year,lists_without_gp,locum_cost_nok\nBø,2026,1,\nandoy,2026,2,90000000\n",
    )
    .unwrap();
    let ok = run(&["evaluate", "r", "obs.csv"]);
    assert_ok(&ok);
    let csv = std::fs::read_to_string(dir.path().join("r/evaluation/evaluation.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 3);
    assert!(
        csv.lines().any(
            |l| l.starts_with("andoy,Andøy,2026,locum_cost_nok,90000000,")
                && l.ends_with(",>95,above_p90")
        ),
        "{csv}"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("r/evaluation/evaluering.md"))
            .unwrap()
            .contains("av 3 observasjoner")
    );
    // What Norwegian Excel saves: semicolons, decimal commas, Latin-1 (Bø's ø
    // is the single byte 0xF8), CRLF. Same observations, same evaluation.
    let mut excel = b"unit;year;lists_without_gp;locum_cost_nok\r\nB".to_vec();
    excel.extend_from_slice(b"\xF8;2026;1;\r\nandoy;2026;2;90 000 000,0\r\n");
    std::fs::write(dir.path().join("excel.csv"), excel).unwrap();
    let ok = run(&["evaluate", "r", "excel.csv"]);
    assert_ok(&ok);
    let again = std::fs::read_to_string(dir.path().join("r/evaluation/evaluation.csv")).unwrap();
    assert_eq!(again, csv);
}

/// Charts: the PNG decodes at the requested size and carries drawn text; the
/// SVG holds the Norwegian title; the series behind the chart are the KM steps.
#[test]
fn survival_chart_renders() {
    use stabil::calibrate::km;
    use stabil::chart::{survival, Format};
    let data = roster(5, 100);
    let steps = km::kaplan_meier(&data);
    let bands = pwexp::fit(&data, &STARTS);
    let curves = [survival::Curve {
        name: "alle",
        steps: &steps,
        bands: &bands,
    }];
    let png = survival::render(
        &curves,
        "roster.csv",
        Format::SCREEN,
        stabil::output::numfmt::Lang::Nb,
    );
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_eq!(img.dimensions(), (1000, 600));
    let title_ink = (300..700)
        .flat_map(|x| (5..40).map(move |y| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0 != [255, 255, 255])
        .count();
    assert!(
        title_ink > 200,
        "the title is drawn ({title_ink} dark pixels)"
    );
    let print = survival::render(
        &curves,
        "roster.csv",
        Format::PRINT,
        stabil::output::numfmt::Lang::Nb,
    );
    assert_eq!(
        image::load_from_memory(&print)
            .unwrap()
            .to_rgb8()
            .dimensions(),
        (3000, 1800)
    );
    let svg = String::from_utf8(survival::render(
        &curves,
        "roster.csv",
        Format::SVG,
        stabil::output::numfmt::Lang::Nb,
    ))
    .unwrap();
    assert!(svg.contains("Andel leger fortsatt i stillingen") && svg.contains("År siden start"));
    let series = survival::series(&curves, 15.0);
    let (km_points, fit) = &series[0];
    assert_eq!(km_points[0], (0.0, 1.0, 1.0, 1.0));
    assert_eq!(km_points.len(), 2 + 2 * steps.len());
    assert!((fit[0].1 - 1.0).abs() < 1e-12 && fit.windows(2).all(|w| w[1].1 <= w[0].1));
}

#[test]
fn backtest_runs_on_the_bundled_series() {
    let text = stabil::backtest::scenario(2015, 2025);
    let model = stabil::scenario::load_str(&text, "backtest").unwrap_or_else(|p| panic!("{p}"));
    assert!(
        model.units.len() >= 50,
        "{} municipalities with a 2015 start state",
        model.units.len()
    );
    let table = stabil::sim::engine::run(
        &model,
        stabil::sim::engine::RunOptions {
            replicates: 200,
            seed: 1,
            threads: 0,
        },
        &|_| {},
    );
    let rows = stabil::backtest::compare(&model, &table);
    assert!(rows.len() > 300);
    assert!(rows.iter().all(|r| r.year > 2015
        && r.year <= 2025
        && r.p10_pct <= r.p50_pct
        && r.p50_pct <= r.p90_pct));
    let text = stabil::backtest::summary(&rows, 2015, stabil::output::numfmt::Lang::En);
    assert!(
        text.contains("Within P10-P90") && text.contains("| 2025 |"),
        "{text}"
    );
}

#[test]
fn grouping_by_a_column_the_roster_lacks_is_refused() {
    // It made one silent group called "unknown" (fresh-eyes review, session 10).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "unit,start_date,end_date\nbo,2016-01-01,2018-01-01\nbo,2017-01-01,\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["calibrate", "r.csv", "--as-of", "2025-06-30", "--by", "sex"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no `sex` column") && err.contains("fix:"),
        "{err}"
    );
    assert!(!dir.path().join("out").exists());
}

/// Regression (closing note, session 10): a hospital unit's vacancies were
/// called "lists without a GP". The roles come from the run's scenario.toml.
#[test]
fn evaluate_calls_hospital_vacancies_vacant_positions() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| stabil_in(dir.path(), args);
    let ran = run(&[
        "run",
        "helsefellesskap",
        "--replicates",
        "200",
        "--quiet",
        "--out",
        "r",
    ]);
    assert_ok(&ran);
    std::fs::write(
        dir.path().join("obs.csv"),
        "unit,year,vacant\nnlsh_v_dps,2026,1\nk1867,2026,1\n",
    )
    .unwrap();
    let ok = run(&["evaluate", "r", "obs.csv"]);
    assert_ok(&ok);
    let md = std::fs::read_to_string(dir.path().join("r/evaluation/evaluering.md")).unwrap();
    assert!(
        md.contains("2026, ubesatte stillinger: observert 1"),
        "{md}"
    );
    assert!(md.contains("Bø 2026, fastlegelister uten lege"), "{md}");
}
