//! Every parameter may be a number or a distribution (issue 2): a scenario that
//! writes each one as a distribution validates, registers one draw per written
//! distribution, and runs.

mod common;

use stabil::sim::engine::{run, RunOptions};

#[test]
fn every_parameter_can_be_a_distribution() {
    let m = common::model(
        "horizon_years = 3\n\
         [retirement]\nband_start_ages_years = [62, 67]\n\
         hazard_per_year = [{ uniform = { min = 0.05, max = 0.15 } }, { beta = { alpha = 2, beta = 5, min = 0.2, max = 0.6 } }]\n\
         [defaults]\nlocum_price_nok_per_week = { lognormal = { median = 90000, sigma = 0.2 } }\n\
         locum_coverage_share = { beta = { alpha = 8, beta = 2 } }\n",
        &["id = \"a\"\npopulation = 3000\npositions = 5\nvacant = 1\n\
           departure_median_years = { triangular = { min = 3, mode = 4, max = 6 } }\n\
           departure_hazard_multiplier = { normal = { mean = 1, sd = 0.1, min = 0.5, max = 1.5 } }\n\
           time_to_fill_median_months = { uniform = { min = 2, max = 6 } }\n\
           time_to_fill_sigma = { uniform = { min = 0.5, max = 1.0 } }\n\
           list_length_patients = { normal = { mean = 700, sd = 50, min = 400 } }\n\
           recruit_age_years = { triangular = { min = 28, mode = 35, max = 60 } }",
         "id = \"b\"\npopulation = 900\npositions = 2\n\
           departure_hazard_per_year = [{ uniform = { min = 0.3, max = 0.5 } }, 0.3, 0.2, 0.2, 0.2]"],
    );
    // 2 retirement + 2 defaults (one draw shared by both units) + 5 in unit a
    // (the recruit age is drawn per recruit, not per replicate) + 1 in unit b.
    assert_eq!(
        m.uncertain.len(),
        10,
        "{:#?}",
        m.uncertain.iter().map(|u| &u.path).collect::<Vec<_>>()
    );
    let table = run(
        &m,
        RunOptions {
            replicates: 200,
            seed: 1,
            threads: 1,
        },
        &|_| {},
    );
    let cost = table.year(0, 0, stabil::stats::Metric::LocumCostNok);
    assert!(cost.mean.is_finite() && cost.p(0.95) >= cost.p(0.05));
}

#[test]
fn a_beta_distribution_is_refused_for_each_recruits_age() {
    let src = "[scenario]\nname = \"x\"\n[[units]]\nid = \"a\"\npopulation = 100\npositions = 1\n\
               recruit_age_years = { beta = { alpha = 2, beta = 2, min = 30, max = 50 } }\n";
    let err = stabil::scenario::load_str(src, "x.toml")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("units[0].recruit_age_years") && err.contains("beta"),
        "{err}"
    );
}

/// Locum weeks and patients without a GP are derived from vacancy-months when
/// cover and list length are fixed; the result must match tracking them on their
/// own (a point "distribution" takes the general path) within the sketches'
/// relative accuracy (1 % each way, so 2 % between the two).
#[test]
fn derived_metrics_match_tracked_ones() {
    let unit = |cover: &str| {
        format!("id = \"a\"\npopulation = 1500\npositions = 7\nvacant = 2\nlist_length_patients = 600\nlocum_coverage_share = {cover}")
    };
    let fixed = common::model("horizon_years = 3", &[&unit("0.8")]);
    let point = common::model(
        "horizon_years = 3",
        &[&unit("{ uniform = { min = 0.8, max = 0.8 } }")],
    );
    let opts = RunOptions {
        replicates: 3000,
        seed: 4,
        threads: 2,
    };
    let (a, b) = (run(&fixed, opts, &|_| {}), run(&point, opts, &|_| {}));
    use stabil::stats::Metric::{LocumWeeks, PatientsWithoutGp};
    for m in [LocumWeeks, PatientsWithoutGp] {
        for y in 0..3 {
            let (x, z) = (a.year(0, y, m), b.year(0, y, m));
            assert!(
                (x.mean - z.mean).abs() <= 1e-6 * z.mean.abs() + 1e-9,
                "{m:?} {y}: {} vs {}",
                x.mean,
                z.mean
            );
            for (p, q) in x.quantiles.iter().zip(&z.quantiles) {
                assert!(
                    (p - q).abs() <= 0.021 * q.abs() + 1e-9,
                    "{m:?} {y}: {p} vs {q}"
                );
            }
        }
        let (x, z) = (a.month(0, 7, m), b.month(0, 7, m));
        for (p, q) in x.quantiles.iter().zip(&z.quantiles) {
            assert!(
                (p - q).abs() <= 0.021 * q.abs() + 1e-9,
                "{m:?} month 7: {p} vs {q}"
            );
        }
    }
}
