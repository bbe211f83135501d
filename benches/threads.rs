//! The parallel speed-up of a national run, measured in pairs: `scenarios/norge.toml`
//! at 1,000 replicates on one thread and then on all cores (or the other way round,
//! alternately), many times. Each pair is timed within about a second, so the
//! machine's drift (10–30 % within minutes here) affects both of its runs alike; the
//! median of the pairs' ratios is the speed-up. Criterion's `norge/1k_replicates_*`
//! time the two settings a minute apart.
//!
//! Run: `cargo bench --bench threads` (about 30 s; any arguments are ignored).

use std::time::Instant;

use stabil::sim::engine::{run, RunOptions};

/// Pairs timed after one run of each to warm up.
const PAIRS: usize = 15;

fn seconds(model: &stabil::model::Model, threads: usize) -> f64 {
    let start = Instant::now();
    let table = run(
        model,
        RunOptions {
            replicates: 1_000,
            seed: 2025,
            threads,
        },
        &|_| {},
    );
    std::hint::black_box(table);
    start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    (v[(n - 1) / 2] + v[n / 2]) / 2.0
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/norge.toml");
    let model = stabil::scenario::load_file(std::path::Path::new(path))
        .expect("valid norge.toml")
        .0;
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    seconds(&model, 1);
    seconds(&model, all);
    let (mut one, mut many, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..PAIRS {
        let (a, b) = if k % 2 == 0 {
            let a = seconds(&model, 1);
            (a, seconds(&model, all))
        } else {
            let b = seconds(&model, all);
            (seconds(&model, 1), b)
        };
        one.push(a);
        many.push(b);
        ratios.push(a / b);
    }
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "norge, 1,000 replicates, {PAIRS} pairs: one thread {:.0} ms, {all} threads {:.0} ms (medians)",
        median(one) * 1e3,
        median(many) * 1e3
    );
    println!(
        "speed-up: median {:.2}x (pairs from {:.2}x to {:.2}x; quartiles {:.2}x and {:.2}x)",
        median(ratios),
        sorted[0],
        sorted[PAIRS - 1],
        sorted[PAIRS / 4],
        sorted[3 * PAIRS / 4]
    );
}
