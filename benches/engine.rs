//! Criterion benchmarks of real work: the bundled Vesterålen scenario at 10,000
//! replicates, all 357 municipalities (`scenarios/norge.toml`) at 1,000 on all
//! cores and on one thread (the parallel speed-up), one
//! replicate of each and a national batch of 64 without statistics, the
//! comparison of Vesterålen's variants, and the random number generator's own
//! cost per draw, for the cost-per-event ratio.
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

fn norge() -> stabil::model::Model {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/norge.toml");
    stabil::scenario::load_file(std::path::Path::new(path))
        .expect("valid norge.toml")
        .0
}

fn national(c: &mut Criterion) {
    let model = norge();
    let mut g = c.benchmark_group("norge");
    g.sample_size(10);
    // All cores (2 here), then one thread: the ratio is the parallel speed-up.
    for (name, threads) in [
        ("1k_replicates_all_threads", 0),
        ("1k_replicates_one_thread", 1),
    ] {
        g.bench_function(name, |b| {
            b.iter(|| {
                run(
                    &model,
                    RunOptions {
                        replicates: 1_000,
                        seed: 2025,
                        threads,
                    },
                    &|_| {},
                )
            })
        });
    }
    g.finish();
    let mut w = Worker::new(&model);
    let mut rep = 0u64;
    c.bench_function("norge/simulate_one_replicate", |b| {
        b.iter(|| {
            rep += 1;
            w.replicate(2025, rep)
        })
    });
    // A batch as a run simulates it (64 replicates at 1,000), frames handed
    // over and dropped: the simulation's cost per event, without statistics.
    let mut g = c.benchmark_group("norge");
    g.sample_size(20);
    g.bench_function("simulate_a_batch_of_64", |b| {
        b.iter(|| {
            rep += 64;
            w.run_batch(2025, rep, 64, &mut [], None, &mut |_, frames| {
                std::hint::black_box(frames);
            })
        })
    });
    g.finish();
}

fn comparison(c: &mut Criterion) {
    let model = vesteralen();
    let mut g = c.benchmark_group("vesteralen");
    g.sample_size(10);
    g.bench_function("compare_5_variants_2k_replicates", |b| {
        b.iter(|| {
            stabil::sim::compare::compare(
                &model,
                RunOptions {
                    replicates: 2_000,
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

criterion_group!(
    benches,
    full_run,
    one_replicate,
    national,
    comparison,
    rng_cost
);
criterion_main!(benches);
