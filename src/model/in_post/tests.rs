//! Tests of `model::in_post`: the chance of not having retired against a fine
//! quadrature, the time in post against sampling the long way, and the first
//! departure against the forward recurrence time.

use super::*;
use crate::model::defaults::{DEPARTURE_HAZARD_SHAPE, TENURE_BAND_STARTS_YEARS};

/// The default recruit age, retirement (by age in months, at most 70) and
/// a departure hazard of the default shape with `median_years`.
fn inputs(median_years: f64) -> (Dist, PiecewiseHazard, f64, PiecewiseHazard) {
    let recruit = Dist::normal(38.0, 7.0, Some(27.0), Some(62.0)).unwrap();
    let retirement = PiecewiseHazard::new(
        vec![0.0, 62.0 * 12.0, 67.0 * 12.0],
        vec![0.0, 0.1 / 12.0, 0.35 / 12.0],
    )
    .unwrap();
    let departure = crate::model::to_months(
        &PiecewiseHazard::with_median(
            TENURE_BAND_STARTS_YEARS.to_vec(),
            &DEPARTURE_HAZARD_SHAPE,
            median_years,
        )
        .unwrap(),
    );
    (recruit, retirement, 70.0 * 12.0, departure)
}

/// A(t) by a quadrature 200 times finer, evaluated at its midpoints only.
fn not_retired_fine(recruit: &Dist, retirement: &PiecewiseHazard, max_age: f64, t: f64) -> f64 {
    let n = 200_000;
    (0..n)
        .map(|i| {
            let a = recruit.quantile((i as f64 + 0.5) / n as f64).unwrap() * 12.0;
            if a + t >= max_age {
                0.0
            } else {
                (retirement.cumulative(a) - retirement.cumulative(a + t)).exp()
            }
        })
        .sum::<f64>()
        / n as f64
}

#[test]
fn not_retired_is_close_to_a_fine_quadrature() {
    let (recruit, retirement, max_age, _) = inputs(5.0);
    let a = NotRetired::new(&recruit, &retirement, max_age).unwrap();
    assert_eq!(a.at(0), 1.0);
    for k in [10, 200, 400, 500, 600, 700, 800, 850] {
        let want = not_retired_fine(&recruit, &retirement, max_age, k as f64 * STEP);
        assert!(
            (a.at(k) - want).abs() < 2e-5,
            "t = {} months: {} vs {want}",
            k as f64 * STEP,
            a.at(k)
        );
    }
    // Nobody recruited at 27 or later is still in post at 43 years.
    assert_eq!(a.at((43.0 * 12.0 / STEP) as usize + 1), 0.0);
}

/// Sampled the long way (a recruit age, a departure by inverting the
/// hazard, a retirement), the time in post lies above the table's value
/// at u with probability u, within 4.5 binomial standard errors (a false
/// alarm about once in 150,000 checks; seeded, so the outcome is fixed).
#[test]
fn time_in_post_from_hire_matches_sampling_the_long_way() {
    use crate::rng::{open01, stream};
    for median in [2.75, 10.0] {
        let (recruit, retirement, max_age, departure) = inputs(median);
        let t = InPost::new(
            &departure,
            &NotRetired::new(&recruit, &retirement, max_age).unwrap(),
        )
        .unwrap();
        let mut rng = stream(1, 2, 3);
        let n = 200_000;
        let samples: Vec<f64> = (0..n)
            .map(|_| {
                let age = recruit.quantile(open01(&mut rng)).unwrap() * 12.0;
                let leave = departure.time_after(0.0, -open01(&mut rng).ln());
                let retire = retirement
                    .time_after(age, -open01(&mut rng).ln())
                    .min(max_age)
                    - age;
                leave.min(retire.max(0.0))
            })
            .collect();
        for u in [
            0.002, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.998,
        ] {
            let x = t.time_from_hire(u);
            let above = samples.iter().filter(|&&s| s > x).count() as f64 / n as f64;
            let se = (u * (1.0 - u) / n as f64).sqrt();
            assert!(
                (above - u).abs() < 4.5 * se,
                "median {median}, u {u}: {above}"
            );
        }
        let mean = samples.iter().sum::<f64>() / n as f64;
        assert!(
            (mean / t.mean() - 1.0).abs() < 0.01,
            "mean {mean} vs {}",
            t.mean()
        );
    }
}

/// The first departure of a doctor in post at the start has survival
/// ∫ₛ^∞ S_T / E[T] (computed here by fine quadrature of the exact S_T).
#[test]
fn first_departure_is_the_forward_recurrence_time() {
    let (recruit, retirement, max_age, departure) = inputs(5.0);
    let a = NotRetired::new(&recruit, &retirement, max_age).unwrap();
    let t = InPost::new(&departure, &a).unwrap();
    // S_T on a grid of a tenth of a month, with A interpolated between
    // its nodes (checked against the fine quadrature above).
    let h = 0.1;
    let s: Vec<f64> = (0..(43.0 * 12.0 / h) as usize + 2)
        .map(|i| {
            let x = i as f64 * h;
            let k = (x / STEP) as usize;
            let f = x / STEP - k as f64;
            let ak = a.at(k) + (a.at(k + 1) - a.at(k)) * f;
            (-departure.cumulative(x)).exp() * ak
        })
        .collect();
    let mean: f64 = s.windows(2).map(|w| (w[0] + w[1]) / 2.0 * h).sum();
    assert!(
        (mean / t.mean() - 1.0).abs() < 1e-3,
        "{mean} vs {}",
        t.mean()
    );
    for u in [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99] {
        let x = t.first_departure(u);
        let i = (x / h) as usize;
        let tail: f64 = s[i..]
            .windows(2)
            .map(|w| (w[0] + w[1]) / 2.0 * h)
            .sum::<f64>()
            - (x - i as f64 * h) * s[i];
        assert!((tail / mean - u).abs() < 1e-3, "u {u}: {}", tail / mean);
    }
    // Monotone: a larger chance of staying longer means a shorter stay.
    let mut last = f64::INFINITY;
    for k in 1..10_000 {
        let x = t.first_departure(k as f64 / 10_000.0);
        assert!(x <= last + 1e-9, "{k}");
        last = x;
    }
}
