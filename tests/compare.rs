//! Scenario comparison (issue 4): what must hold.

mod common;

use common::NOTHING;
use stabil::scenario::load_str;
use stabil::sim::compare::{compare, CMetric, CompareWorker};
use stabil::sim::engine::RunOptions;

const BASE: &str = r#"
[scenario]
name = "cmp"
horizon_years = 10

[comparison]
through_year = 2030

[[units]]
id = "a"
population = 1500
positions = 6
vacant = 1

[[units]]
id = "b"
population = 3000
positions = 8
"#;

fn model(extra: &str) -> stabil::model::Model {
    load_str(&format!("{BASE}\n{extra}"), "cmp.toml").unwrap_or_else(|p| panic!("{p}"))
}

#[test]
fn a_measure_with_no_effect_and_no_cost_changes_nothing_in_any_replicate() {
    let m = model(&format!("{NOTHING}\n[[variants]]\nid = \"v\"\nmeasures = [{{ measure = \"nothing\", start_year = 2026 }}]\n"));
    let mut w = CompareWorker::new(&m);
    for rep in 0..300 {
        w.replicate(11, rep);
        for (y, d) in w.differences(0).iter().enumerate() {
            assert_eq!(d, &[0.0; 5], "replicate {rep}, year {y}");
        }
    }
}

#[test]
fn a_measure_starting_in_2030_leaves_2025_to_2029_identical() {
    let m = model("[[variants]]\nid = \"v\"\nmeasures = [{ measure = \"alis\", start_year = 2030 }, { measure = \"more_positions\", start_year = 2030 }]\n");
    let mut w = CompareWorker::new(&m);
    let mut later_differs = false;
    for rep in 0..300 {
        w.replicate(5, rep);
        let d = w.differences(0);
        for (y, row) in d.iter().enumerate().take(5) {
            assert_eq!(row, &[0.0; 5], "replicate {rep}, year {}", 2025 + y);
        }
        later_differs |= d[5..].iter().any(|r| r[0] != 0.0);
    }
    assert!(later_differs, "the measure must change something from 2030");
}

/// Common random numbers: the paired difference varies far less than the
/// difference between two independent runs. With most variation shared, the
/// variance of a paired difference is 2σ²(1 − ρ) against 2σ² unpaired; a
/// mentoring measure changes few events, so ρ is high. Over 2,000 replicates the
/// sample variances are within a few per cent of their true values, so a ratio
/// below 0.25 is a clear finding, not noise.
#[test]
fn common_random_numbers_shrink_the_spread_of_differences() {
    let m = model(
        "[[variants]]\nid = \"v\"\nmeasures = [{ measure = \"mentoring\", start_year = 2026 }]\n",
    );
    let mut w = CompareWorker::new(&m);
    let n = 2000u64;
    let (mut paired, mut base, mut var) = (Vec::new(), Vec::new(), Vec::new());
    for rep in 0..n {
        w.replicate(3, rep);
        let total = |s: usize| w.totals[s].iter().map(|t| t.vacancy_months).sum::<f64>();
        paired.push(total(1) - total(0));
        base.push(total(0));
        var.push(total(1));
    }
    // Independent runs: pair replicate r of the variant with replicate r + 1 of the baseline.
    let unpaired: Vec<f64> = (0..n as usize - 1).map(|r| var[r] - base[r + 1]).collect();
    let variance = |x: &[f64]| {
        let m = x.iter().sum::<f64>() / x.len() as f64;
        x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (x.len() - 1) as f64
    };
    let ratio = variance(&paired) / variance(&unpaired);
    assert!(ratio < 0.25, "paired/unpaired variance ratio {ratio}");
}

#[test]
fn npv_equals_a_hand_computation() {
    let m = model(&format!(
        "{}\n[measures.costs]\nyearly_fixed_nok = 1000000\n\n[[variants]]\nid = \"v\"\nmeasures = [{{ measure = \"nothing\", start_year = 2026, end_year = 2028, units = [\"a\"] }}]\n",
        NOTHING.trim_end()
    ));
    let t = compare(
        &m,
        RunOptions {
            replicates: 50,
            seed: 1,
            threads: 1,
        },
        &|_| {},
    );
    // 1 million in 2026, 2027 and 2028, discounted at 4 % to 2025.
    let hand: f64 = (1..=3).map(|y| 1e6 / 1.04f64.powi(y)).sum();
    assert!(
        (t.npv[0].mean - hand).abs() < 1e-3,
        "{} vs {hand}",
        t.npv[0].mean
    );
    assert_eq!(t.get(0, 5, CMetric::MeasureCostNok, true).mean, 3e6);
    assert_eq!(t.p_saves[0], 0.0);
    assert_eq!(t.break_even(0), None);
}

#[test]
fn bundled_vesteralen_variants_run_and_the_bundle_avoids_more_than_its_parts() {
    let m = load_str(
        stabil::scenario::bundled::get("vesteralen").unwrap(),
        "vesteralen",
    )
    .unwrap();
    assert!(m.variants.len() >= 3);
    let t = compare(
        &m,
        RunOptions {
            replicates: 400,
            seed: 2,
            threads: 0,
        },
        &|_| {},
    );
    let avoided = |id: &str| {
        let v = m.variants.iter().position(|v| v.id == id).unwrap();
        -t.get(v, t.through, CMetric::VacancyMonths, true).mean
    };
    assert!(avoided("prosjektplan") > avoided("alis"));
    assert!(avoided("prosjektplan") > avoided("mentor"));
}

/// Regression (user trial): redefining a catalogue measure to change its cost
/// must keep the catalogue's effects, not silently drop them.
#[test]
fn redefining_a_catalogue_measure_changes_only_what_is_written() {
    let m = model(
        "[[measures]]\nid = \"alis\"\n[measures.costs]\nyearly_fixed_nok = 1\n\n\
         [[variants]]\nid = \"v\"\nmeasures = [{ measure = \"alis\", start_year = 2026 }]\n",
    );
    let alis = &m.measures[0];
    assert!(
        alis.effects.departure_hazard_multiplier.is_some(),
        "effects kept from the catalogue"
    );
    assert_eq!(
        alis.costs.yearly_fixed_nok,
        stabil::model::Param::Fixed(1.0)
    );
    assert_eq!(
        alis.element, 7,
        "professional_development, from the catalogue"
    );
}

/// Regression (user trial): one typo in a variant's measure must give one
/// problem, not follow-on complaints about its interactions.
#[test]
fn a_typo_in_a_measure_id_is_one_problem_with_a_suggestion() {
    let src = format!(
        "{BASE}\n[[variants]]\nid = \"v\"\nmeasures = [{{ measure = \"alis\", start_year = 2026 }}, {{ measure = \"mentorring\", start_year = 2026 }}]\n\
         interactions = [{{ measures = [\"alis\", \"mentorring\"], synergy = 0.2 }}]\n"
    );
    let err = load_str(&src, "cmp.toml").unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert!(
        err.to_string().contains("did you mean `mentoring`?"),
        "{err}"
    );
}

/// Regression (closing note of session 8): Vesterålen's totals add GP lists
/// and hospital posts, so a shared labour market could avoid vacancy-months in
/// all while it cost the GP service. The split per service must add up to the
/// totals, and must be kept only when there is more than one kind of unit.
#[test]
fn the_split_per_service_adds_up_to_the_totals() {
    use stabil::model::Role;
    let m = load_str(
        stabil::scenario::bundled::get("vesteralen").unwrap(),
        "vesteralen",
    )
    .unwrap();
    let t = compare(
        &m,
        RunOptions {
            replicates: 200,
            seed: 5,
            threads: 0,
        },
        &|_| {},
    );
    assert_eq!(t.roles, vec![Role::Gp, Role::Specialist]);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (1.0 + b.abs());
    for v in 0..m.variants.len() {
        let sum = |k: usize| -> f64 { (0..2).map(|r| t.by_role[v * 2 + r][k].mean).sum() };
        let total_vm = t.get(v, t.through, CMetric::VacancyMonths, true).mean;
        let total_py = t
            .get(v, t.through, CMetric::PatientYearsWithoutGp, true)
            .mean;
        assert!(
            close(sum(0), total_vm),
            "{}: {} vs {total_vm}",
            m.variants[v].id,
            sum(0)
        );
        assert!(close(sum(1), total_py), "{}", m.variants[v].id);
        assert!(close(sum(2), t.pv_savings[v].mean), "{}", m.variants[v].id);
        assert!(close(sum(3), t.pv_measure[v].mean), "{}", m.variants[v].id);
        assert!(close(sum(4), t.npv[v].mean), "{}", m.variants[v].id);
        let spent = t.get(v, t.through, CMetric::MeasureCostNok, true).mean;
        assert!(close(sum(5), spent), "{}", m.variants[v].id);
    }
    // A package for the GPs alone has the package's cost per avoided month
    // in the GP service, and none in the hospital.
    let alis = m.variants.iter().position(|v| v.id == "alis").unwrap();
    let gp = stabil::output::compare_roles::figures(&t, alis, 0).cost_per_avoided_month;
    let total = t.cost_per_avoided_vacancy_month(alis).unwrap();
    assert!(close(gp.unwrap(), total), "{gp:?} vs {total}");
    let hospital = stabil::output::compare_roles::figures(&t, alis, 1);
    assert_eq!(hospital.cost_per_avoided_month, None);
    // The shared market moves vacancies between the services: both change.
    let market = m.variants.iter().position(|v| v.uses.is_empty()).unwrap();
    assert!(stabil::output::compare_roles::split_shown(&t, market));
    // Mentoring is for the GPs only: nothing to split.
    let mentor = m.variants.iter().position(|v| v.id == "mentor").unwrap();
    assert!(!stabil::output::compare_roles::split_shown(&t, mentor));

    // One kind of unit: nothing is kept.
    let one =
        model("[[variants]]\nid = \"v\"\nmeasures = [{ measure = \"alis\", start_year = 2026 }]\n");
    let t = compare(
        &one,
        RunOptions {
            replicates: 20,
            seed: 5,
            threads: 0,
        },
        &|_| {},
    );
    assert!(t.roles.is_empty() && t.by_role.is_empty());
}
