//! Criterion benchmarks of real work: the bundled Vesterålen scenario at 10,000
//! replicates (issue 2's speed target), one replicate of it, and the random
//! number generator's own cost per draw, for the cost-per-event ratio.
//!
//! Run: `cargo bench --bench engine`

use criterion::{criterion_group, criterion_main, Criterion};
use rand::Rng;
use stabil::scenario::{bundled, load_str};
use stabil::sim::engine::{run, RunOptions, Worker};

fn vesteralen() -> stabil::model::Model {
    load_str(bundled::get("vesteralen").expect("bundled"), "vesteralen")
        .expect("valid bundled scenario")
}

fn full_run(c: &mut Criterion) {
    let model = vesteralen();
    let mut g = c.benchmark_group("vesteralen");
    g.sample_size(10);
    g.bench_function("10k_replicates_all_threads", |b| {
        b.iter(|| {
            run(
                &model,
                RunOptions {
                    replicates: 10_000,
                    seed: 2025,
                    threads: 0,
                },
                &|_| {},
            )
        })
    });
    g.finish();
}

fn one_replicate(c: &mut Criterion) {
    let model = vesteralen();
    let mut w = Worker::new(&model);
    let mut rep = 0u64;
    c.bench_function("vesteralen/simulate_one_replicate", |b| {
        b.iter(|| {
            rep += 1;
            w.replicate(2025, rep)
        })
    });
}

fn rng_cost(c: &mut Criterion) {
    let mut s = stabil::rng::stream(1, 2, 3);
    c.bench_function("rng/next_u64", |b| b.iter(|| s.next_u64()));
    c.bench_function("rng/seed_a_stream", |b| {
        let mut k = 0u64;
        b.iter(|| {
            k += 1;
            stabil::rng::stream(2025, k, 77)
        })
    });
}

criterion_group!(benches, full_run, one_replicate, rng_cost);
criterion_main!(benches);
