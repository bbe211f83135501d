//! Property tests over random small scenarios: stocks add up at every month's end,
//! counts never go negative, and start stock + hires − departures = end stock.

mod common;

use proptest::prelude::*;
use stabil::sim::engine::Worker;

fn unit_toml(
    id: usize,
    positions: u32,
    vacant: u32,
    changes: &[(u32, u32)],
    median: f64,
    fill: f64,
) -> String {
    let mut s = format!(
        "id = \"u{id}\"\npopulation = 3000\npositions = {positions}\nvacant = {vacant}\n\
         departure_median_years = {median}\ntime_to_fill_median_months = {fill}\n"
    );
    for (year_offset, n) in changes {
        s.push_str(&format!(
            "[[units.position_changes]]\nfrom_year = {}\npositions = {n}\n",
            2026 + year_offset
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            "tests/proptest-regressions/properties.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn stocks_and_flows_add_up(
        units in prop::collection::vec(
            (0u32..12, 0u32..12, prop::collection::btree_map(0u32..9, 0u32..15, 0..3), 0.3f64..12.0, 0.05f64..24.0),
            1..4,
        ),
        seed in any::<u64>(),
    ) {
        let texts: Vec<String> = units
            .iter()
            .enumerate()
            .map(|(i, (p, v, ch, med, fill))| {
                let changes: Vec<(u32, u32)> = ch.iter().map(|(a, b)| (*a, *b)).collect();
                unit_toml(i, *p, (*v).min(*p), &changes, *med, *fill)
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let model = common::model("horizon_years = 10", &refs);
        let mut w = Worker::new(&model);
        for rep in 0..3 {
            let outcomes = w.replicate(seed, rep);
            for (i, u) in model.units.iter().enumerate() {
                let frames = w.frames(i);
                let mut stock = i64::from(outcomes[i].start_filled);
                for (m, f) in frames.iter().enumerate() {
                    let positions = u.positions.at_month(m as u32);
                    prop_assert_eq!(f.filled + f.vacant, positions, "month {}", m);
                    prop_assert!(f.vacancy_months >= 0.0 && f.vacancy_months <= 32.0, "at most 31 positions, each vacant ≤ 1 month");
                    prop_assert!(f.locum_cost_nok >= 0.0 && f.patients_without_gp >= 0.0);
                    stock += i64::from(f.hires) - i64::from(f.departures);
                    prop_assert_eq!(stock, i64::from(f.filled), "month {}", m);
                }
                prop_assert_eq!(stock, i64::from(outcomes[i].end_filled));
            }
        }
    }
}

/// Regression: a change in positions from January 2026 shows from the end of
/// January 2026, not already in December 2025 (found by the property test above,
/// where filled went negative when positions were cut, and by a user who saw a
/// new position in the December before it was created).
#[test]
fn change_in_positions_shows_from_its_first_month() {
    for (from, to) in [(6, 2), (3, 5)] {
        let model = common::model(
            "horizon_years = 3",
            &[&unit_toml(0, from, 0, &[(0, to)], 3.0, 2.0)],
        );
        let mut w = Worker::new(&model);
        for rep in 0..50 {
            w.replicate(1, rep);
            let (dec_2025, jan_2026) = (w.frames(0)[11], w.frames(0)[12]);
            assert_eq!(dec_2025.filled + dec_2025.vacant, from, "replicate {rep}");
            assert_eq!(jan_2026.filled + jan_2026.vacant, to, "replicate {rep}");
        }
    }
}
