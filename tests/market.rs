//! Regional labour markets (issue 8): the market switched off changes nothing,
//! flows conserve doctors, and attractiveness draws candidates as computed by
//! hand.

#![allow(clippy::needless_range_loop)]

mod common;

use proptest::prelude::*;
use stabil::model::Model;
use stabil::sim::engine::{run, run_with_flows, RunOptions};
use stabil::sim::market_run::MarketRunner;
use stabil::sim::unit::RetirementMonths;
use stabil::stats::frame::Frame;

const UNITS: [&str; 3] = [
    "id = \"a\"\npopulation = 3000\npositions = 6\nvacant = 1",
    "id = \"b\"\npopulation = 1500\npositions = 3\nvacant = 1",
    "id = \"c\"\npopulation = 9000\npositions = 12",
];

fn csv(model: &Model, reps: u64) -> Vec<u8> {
    let t = run(
        model,
        RunOptions {
            replicates: reps,
            seed: 11,
            threads: 2,
        },
        &|_| {},
    );
    stabil::output::csv::serialize(
        model,
        &t,
        stabil::output::csv::Level::Unit,
        stabil::output::csv::Period::Year,
    )
}

const REGION: &str = "[[regions]]\nid = \"r\"\nunits = [\"a\", \"b\", \"c\"]\n";
const MARKET_OFF: &str =
    "[[markets]]\nid = \"m\"\nregion = \"r\"\nenabled = false\noutside_candidates_per_year = 5\n";

#[test]
fn a_market_switched_off_is_bit_identical_to_independent_units() {
    let plain = common::model(&format!("horizon_years = 8\n{REGION}"), &UNITS);
    let off = common::model(&format!("horizon_years = 8\n{REGION}{MARKET_OFF}"), &UNITS);
    assert_eq!(off.markets.len(), 1);
    assert_eq!(csv(&plain, 300), csv(&off, 300));
    // And in a comparison whose variant does not switch it on.
    let measures =
        "[[variants]]\nid = \"v\"\nmeasures = [{ measure = \"mentoring\", start_year = 2026 }]\n";
    let a = common::model(&format!("horizon_years = 8\n{REGION}{measures}"), &UNITS);
    let b = common::model(
        &format!("horizon_years = 8\n{REGION}{MARKET_OFF}{measures}"),
        &UNITS,
    );
    let opts = RunOptions {
        replicates: 200,
        seed: 3,
        threads: 2,
    };
    let (ta, tb) = (
        stabil::sim::compare::compare(&a, opts, &|_| {}),
        stabil::sim::compare::compare(&b, opts, &|_| {}),
    );
    assert_eq!(
        stabil::output::compare::summary_csv(&a, &ta),
        stabil::output::compare::summary_csv(&b, &tb)
    );
}

/// Runs market 0 of `model` for one replicate with yearly frames.
fn one(
    model: &Model,
    rep: u64,
) -> (
    Vec<Vec<Frame>>,
    Vec<stabil::sim::unit::Outcome>,
    stabil::sim::market::Flows,
) {
    let mut draws = Vec::new();
    model.draw_parameters(5, rep, &mut draws);
    let retirement = RetirementMonths::from_model(&model.retirement, &draws);
    let mut runner = MarketRunner::default();
    let mut frames = vec![Vec::new(); model.markets[0].members.len()];
    let out = runner.run(
        model,
        0,
        None,
        &model.fixed_departures(),
        &draws,
        &retirement,
        5,
        rep,
        12,
        &mut frames,
    );
    (frames, out, runner.flows.clone())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every doctor leaving a unit leaves the region or joins another unit; every
    /// hire comes from outside or from another unit; stocks add up.
    #[test]
    fn flows_conserve_doctors(
        sizes in prop::collection::vec((1u32..12, 0u32..4, 0.3f64..3.0, 0.2f64..3.0), 2..5),
        rate in 0.0f64..30.0,
        share in 0.0f64..=1.0,
        change in 0u32..6,
        rep in 0u64..1000,
    ) {
        let units: Vec<String> = sizes.iter().enumerate().map(|(i, (p, v, mult, w))| {
            let extra = if i == 0 { format!("\n[[units.position_changes]]\nfrom_year = 2027\npositions = {change}") } else { String::new() };
            let _ = w;
            format!("id = \"u{i}\"\npopulation = 2000\npositions = {p}\nvacant = {}\ndeparture_hazard_multiplier = {mult}{extra}", v.min(p))
        }).collect();
        let weights: Vec<String> = sizes.iter().enumerate().map(|(i, s)| format!("u{i} = {}", s.3)).collect();
        let ids: Vec<String> = (0..sizes.len()).map(|i| format!("\"u{i}\"")).collect();
        let extra = format!(
            "horizon_years = 6\n[[markets]]\nid = \"m\"\nunits = [{}]\noutside_candidates_per_year = {rate}\nmove_within_region_share = {share}\nattractiveness = {{ {} }}\n",
            ids.join(", "), weights.join(", "));
        let refs: Vec<&str> = units.iter().map(String::as_str).collect();
        let model = common::model(&extra, &refs);
        let (frames, out, flows) = one(&model, rep);
        let n = sizes.len();
        for m in 0..n {
            let (mut dep, mut hires) = (0u32, 0u32);
            for y in 0..6 {
                let to: u32 = (0..=n).map(|j| flows.get(y, m, j)).sum();
                let from: u32 = (0..=n).map(|j| flows.get(y, j, m)).sum();
                prop_assert_eq!(frames[m][y].departures, to, "departures = flows out (unit {}, year {})", m, y);
                prop_assert_eq!(frames[m][y].hires, from, "hires = flows in (unit {}, year {})", m, y);
                prop_assert_eq!(flows.get(y, m, m), 0, "nobody moves within a unit");
                dep += to;
                hires += from;
            }
            prop_assert_eq!(out[m].start_filled + hires - dep, out[m].end_filled);
        }
    }
}

/// Two units with 1,000 open posts each and weights 3 : 1, doctors who never
/// leave within the year, 40 candidates a year from outside. Each candidate
/// picks A with probability 3·open_A / (3·open_A + open_B): 0.75 at the start and
/// no less than 3·960/(3·960 + 1000) = 0.742 by the end (at most about 40 posts
/// fill), so A's share is 0.75 within 0.008 plus sampling noise, which over
/// about 16,000 candidates is a binomial standard deviation of 0.0034.
#[test]
fn a_more_attractive_unit_draws_candidates_in_proportion() {
    let unit = |id: &str| {
        format!("id = \"{id}\"\npopulation = 100000\npositions = 1000\nvacant = 1000\ndeparture_median_years = 10000\nrecruit_age_years = 30")
    };
    let (a, b) = (unit("a"), unit("b"));
    let model = common::model(
        "horizon_years = 1\n[[markets]]\nid = \"m\"\nunits = [\"a\", \"b\"]\noutside_candidates_per_year = 40\nattractiveness = { a = 3.0, b = 1.0 }\n",
        &[&a, &b],
    );
    let (mut to_a, mut total) = (0u64, 0u64);
    for rep in 0..400 {
        let (frames, _, flows) = one(&model, rep);
        to_a += u64::from(frames[0][0].hires);
        total += u64::from(frames[0][0].hires + frames[1][0].hires);
        assert_eq!(flows.lost[0], 0);
    }
    let share = to_a as f64 / total as f64;
    let sd = (0.75f64 * 0.25 / total as f64).sqrt();
    assert!(
        (share - 0.75).abs() < 0.008 + 4.0 * sd,
        "share {share}, n {total}"
    );
    // Poisson arrivals: 400 years of 40 a year, sd sqrt(16,000).
    assert!(
        (total as f64 - 16_000.0).abs() < 4.0 * 16_000f64.sqrt(),
        "{total}"
    );
}

#[test]
fn moves_inside_the_region_show_in_flows_and_totals() {
    let extra = format!("horizon_years = 10\n{REGION}[[markets]]\nid = \"m\"\nregion = \"r\"\noutside_candidates_per_year = 4\nmove_within_region_share = 0.5\n");
    let model = common::model(&extra, &UNITS);
    let (_, flows) = run_with_flows(
        &model,
        RunOptions {
            replicates: 200,
            seed: 1,
            threads: 2,
        },
        &|_| {},
    );
    let f = &flows[0];
    let within: f64 = (0..10).map(|y| f.total(y, 0).mean()).sum();
    let from_outside: f64 = (0..10).map(|y| f.total(y, 1).mean()).sum();
    assert!(within > 1.0, "moves inside the region happen: {within}");
    assert!(from_outside > 10.0, "{from_outside}");
    // Thread-count independent.
    let (_, one_thread) = run_with_flows(
        &model,
        RunOptions {
            replicates: 200,
            seed: 1,
            threads: 1,
        },
        &|_| {},
    );
    assert_eq!(&one_thread, &flows);
}

#[test]
fn run_writes_flows_and_their_heat_map() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = format!("[scenario]\nname = \"m\"\nhorizon_years = 5\n{REGION}[[markets]]\nid = \"m\"\nname = \"Testregion\"\nregion = \"r\"\noutside_candidates_per_year = 4\n");
    for u in UNITS {
        src.push_str(&format!("\n[[units]]\n{u}\n"));
    }
    std::fs::write(dir.path().join("m.toml"), src).unwrap();
    assert_cmd::Command::cargo_bin("stabil")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", "m.toml", "--replicates", "100", "--quiet"])
        .assert()
        .success();
    let out = dir.path().join("out/m");
    let flows = std::fs::read_to_string(out.join("flows.csv")).unwrap();
    assert!(flows.starts_with("market,year,from,to,mean,p10,p50,p90\n"));
    assert!(flows.contains("m,2025,outside,a,"), "{flows}");
    let totals = std::fs::read_to_string(out.join("flows_totals.csv")).unwrap();
    assert_eq!(totals.lines().count(), 1 + 5 * 4);
    let svg = std::fs::read_to_string(out.join("charts/flows_m.svg")).unwrap();
    assert!(svg.contains("Testregion: forventet antall leger som flytter, 2025–2029"));
    assert!(svg.contains("utenfor regionen"));
    let png = image::open(out.join("charts/flows_m.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1000, 600));
}

/// A joint measure's fixed costs are paid once and split; used in three units
/// separately, each pays them in full.
#[test]
fn joint_measures_split_their_fixed_costs() {
    use stabil::sim::compare::{compare, CMetric};
    let extra = "horizon_years = 4\n[[measures]]\nid = \"felles\"\nname_nb = \"Felles\"\nname_en = \"Joint\"\ntask = \"recruit\"\nelement = \"information_sharing\"\ndescription = \"x\"\nevidence = \"test\"\n[measures.effects]\n[measures.costs]\nyearly_fixed_nok = 300000\n\
        [[variants]]\nid = \"hver\"\nmeasures = [{ measure = \"felles\", start_year = 2025 }]\n\
        [[variants]]\nid = \"sammen\"\nmeasures = [{ measure = \"felles\", start_year = 2025, cost_split = \"population\" }]\n";
    let model = common::model(extra, &UNITS);
    let t = compare(
        &model,
        RunOptions {
            replicates: 20,
            seed: 1,
            threads: 1,
        },
        &|_| {},
    );
    let cost = |v: usize| t.get(v, 0, CMetric::MeasureCostNok, false).mean;
    assert!((cost(0) - 900_000.0).abs() < 1.0, "{}", cost(0));
    assert!((cost(1) - 300_000.0).abs() < 1.0, "{}", cost(1));
    let split = String::from_utf8(stabil::output::cost_split::serialize(&model).unwrap()).unwrap();
    // Population 3,000 : 1,500 : 9,000.
    assert!(
        split.contains("sammen,felles,a,a,0.2222\n")
            && split.contains("sammen,felles,c,c,0.6667\n"),
        "{split}"
    );
}
