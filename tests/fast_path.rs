//! Issue 6: a unit whose conditions never change takes the fast path
//! (`sim::fast`: one draw per event from tabulated times in post), and a unit
//! that a variant changes takes the long way (`sim::unit`: recruit age,
//! departure and retirement drawn one by one; doctors in post at the start by
//! rejection from the renewal process's equilibrium). Both must sample the
//! same model. A measure without effect makes the same unit take the long way,
//! and each yearly mean of the two runs must agree within 4.5 standard errors
//! of their difference (independent draws; a false alarm about once in
//! 150,000 checks, and seeded, so the outcome is fixed).

mod common;

use stabil::sim::engine::Worker;
use stabil::sim::fast::fast_units;

const UNIT: &str = "id = \"u\"\npopulation = 40000\npositions = 1500\nvacant = 100\n\
                    list_length_patients = 1000";

/// A variant whose measure does nothing, from 2030.
const VARIANT: &str =
    "[[variants]]\nid = \"v\"\nmeasures = [{ measure = \"nothing\", start_year = 2030 }]\n";

/// Per year: mean and variance over replicates of departures, hires,
/// vacancy-months and vacant positions at the year's end.
fn yearly(m: &stabil::model::Model, seed: u64, reps: u64) -> Vec<[(f64, f64); 4]> {
    let mut w = Worker::new(m);
    let years = m.horizon_years as usize;
    let mut sum = vec![[0.0; 4]; years];
    let mut sq = vec![[0.0; 4]; years];
    for r in 0..reps {
        w.replicate(seed, r);
        for (y, f) in w.frames(0).iter().enumerate() {
            let x = [
                f64::from(f.departures),
                f64::from(f.hires),
                f.vacancy_months,
                f64::from(f.vacant),
            ];
            for k in 0..4 {
                sum[y][k] += x[k];
                sq[y][k] += x[k] * x[k];
            }
        }
    }
    let n = reps as f64;
    (0..years)
        .map(|y| {
            std::array::from_fn(|k| {
                let mean = sum[y][k] / n;
                (mean, (sq[y][k] / n - mean * mean) * n / (n - 1.0))
            })
        })
        .collect()
}

#[test]
fn the_fast_path_and_the_long_way_sample_the_same_model() {
    let extra = "horizon_years = 12\nmonthly_results = false";
    let fast = common::model(extra, &[UNIT]);
    let long = common::model(&format!("{extra}\n{}\n{VARIANT}", common::NOTHING), &[UNIT]);
    assert_eq!(fast_units(&fast), [true]);
    assert_eq!(fast_units(&long), [false]);
    let reps = 300;
    let (a, b) = (yearly(&fast, 7, reps), yearly(&long, 8, reps));
    let names = ["departures", "hires", "vacancy-months", "vacant at the end"];
    for (y, (a, b)) in a.iter().zip(&b).enumerate() {
        for k in 0..4 {
            let ((ma, va), (mb, vb)) = (a[k], b[k]);
            let se = ((va + vb) / reps as f64).sqrt();
            assert!(
                (ma - mb).abs() < 4.5 * se,
                "year {y}, {}: fast {ma:.2} vs long {mb:.2} (se {se:.3})",
                names[k]
            );
        }
    }
    // The first year's departures: doctors in post at the start leave at
    // the equilibrium rate, 1 / E[T] a doctor-month, neither a spike nor a lull.
    let later: f64 = a[1..].iter().map(|r| r[0].0).sum::<f64>() / (a.len() - 1) as f64;
    assert!(
        a[0][0].0 > 0.8 * later && a[0][0].0 < 1.2 * later,
        "{} vs {later}",
        a[0][0].0
    );
}
