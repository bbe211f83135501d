//! The Monte Carlo driver: replicates in parallel, folded into statistics.
//!
//! Replicates are independent given the seed: each draws its parameters and its
//! events from streams keyed by (seed, replicate, name), so which thread runs a
//! replicate changes nothing, and the statistics are exact sums of counts over
//! batches that depend on the model only, so the result is bit-identical on any
//! number of threads. Memory holds one accumulator per entity for the whole
//! run, shared by the threads, and one batch of frames per thread; never
//! anything per replicate. Must not do I/O; progress is reported through a
//! callback the caller owns.

use std::sync::{Mutex, PoisonError, TryLockError};

use rayon::prelude::*;

use crate::model::{Model, Param};
use crate::sim::market_run::active;
pub use crate::sim::worker::Worker;
use crate::stats::flows::FlowStats;
use crate::stats::frame::Frame;
use crate::stats::frame::WEEKS_PER_MONTH;
use crate::stats::summary::{Accumulator, Table};

/// How to run: replicates, master seed and threads (0 = all cores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    pub replicates: u64,
    pub seed: u64,
    pub threads: usize,
}

/// Replicates handed to a worker at a time: at least 16 chunks a run, so that
/// threads share the work evenly (with 256 a chunk, 1,000 replicates made
/// four chunks and two threads ran only 1.5–1.6 times as fast as one), in
/// multiples of 64 from 64 to 256. It depends on the number of replicates
/// only, never on threads. (Smaller chunks for only the last replicates made
/// a national run slower: rayon's halving of the range left one thread most
/// of the big chunks.)
fn chunk_size(replicates: u64) -> u64 {
    (replicates / 16).clamp(64, CHUNK) / 64 * 64
}

/// The largest chunk (and batch), in replicates.
const CHUNK: u64 = 256;

/// Memory for a worker's batch of frames; the batch is fed to the statistics
/// one distribution at a time, which keeps each in cache. A batch of up to 256
/// replicates: a sketch's counts are scattered over a few KB, and each batch
/// touches each of them once (with 45 replicates a batch, cache misses there
/// took a third of a national run's time; 256 took 20 % off it).
const BATCH_BYTES: usize = 96 << 20;

/// Replicates per batch for a model: as many as fit `BATCH_BYTES`, at most a
/// chunk of `chunk` replicates.
fn batch_size(model: &Model, chunk: u64) -> usize {
    let per_rep = (model.units.len() + model.regions.len())
        * model.bins() as usize
        * std::mem::size_of::<Frame>();
    (BATCH_BYTES / per_rep.max(1)).clamp(1, chunk as usize)
}

/// What a worker thread keeps from chunk to chunk (the statistics are shared:
/// `add_shared`).
struct State<'m> {
    worker: Worker<'m>,
    flows: Vec<FlowStats>,
}

/// Adds the batch of `n` replicates in `worker` to the run's accumulators, one
/// per entity, each behind its own lock. Thread `who` of `threads` starts at
/// its own share of the entities and leaves one another thread is adding to
/// for the end, so threads seldom wait for each other. One set of accumulators
/// for the run, not one per thread: nothing to merge at the end, and their
/// memory is allocated and first touched once (with a set per thread, that
/// took 7–9 % of a 1,000-replicate national run on every thread, and the
/// merge another 2 %).
fn add_shared(accs: &[Mutex<Accumulator>], worker: &Worker, n: usize, who: usize, threads: usize) {
    let add = |acc: &mut Accumulator, e: usize| {
        acc.add_batch(0, worker.batch_of(e), n);
        acc.finish_replicates(n as u64);
    };
    let start = who * accs.len() / threads.max(1);
    let mut busy = Vec::new();
    for e in (start..accs.len()).chain(0..start) {
        match accs[e].try_lock() {
            Ok(mut acc) => add(&mut acc, e),
            Err(TryLockError::WouldBlock) => busy.push(e),
            Err(TryLockError::Poisoned(p)) => add(&mut p.into_inner(), e),
        }
    }
    for e in busy {
        add(
            &mut accs[e].lock().unwrap_or_else(PoisonError::into_inner),
            e,
        );
    }
}

/// Runs every replicate and returns the statistics. `progress` is called with the
/// number of replicates just finished (from worker threads).
pub fn run(model: &Model, opts: RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Table {
    run_full(model, opts, progress, &|_, _| {}).0
}

/// Flow statistics per market (empty for markets off in the baseline).
fn new_flows(model: &Model) -> Vec<FlowStats> {
    model
        .markets
        .iter()
        .enumerate()
        .map(|(k, m)| {
            if active(model, k, None) {
                FlowStats::new(m.members.len(), model.horizon_years as usize)
            } else {
                FlowStats::default()
            }
        })
        .collect()
}

/// `run`, also returning the flow statistics of each market that is on.
pub fn run_with_flows(
    model: &Model,
    opts: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> (Table, Vec<FlowStats>) {
    run_full(model, opts, progress, &|_, _| {})
}

/// `run`, also calling `observe(replicate, worker)` after each replicate is
/// simulated (from worker threads, in no particular order).
pub fn run_observed(
    model: &Model,
    opts: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    observe: &(dyn Fn(u64, &Worker) + Sync),
) -> Table {
    run_full(model, opts, progress, observe).0
}

/// Every replicate, with the observer, the statistics and the market flows.
pub fn run_full(
    model: &Model,
    opts: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    observe: &(dyn Fn(u64, &Worker) + Sync),
) -> (Table, Vec<FlowStats>) {
    let entities = model.units.len() + model.regions.len();
    let months = model.bins() as usize;
    let chunk = chunk_size(opts.replicates);
    let chunks = opts.replicates.div_ceil(chunk);
    let batch = batch_size(model, chunk);
    // Units whose locum cover and list length never vary: two metrics are derived.
    let derived: Vec<Option<(f64, f64)>> = model
        .units
        .iter()
        .map(|u| {
            match (
                u.locum_coverage,
                u.list_length,
                u.positions.changes.is_empty(),
            ) {
                (Param::Fixed(c), Param::Fixed(l), true) => {
                    Some((c * WEEKS_PER_MONTH, (1.0 - c) * l))
                }
                _ => None,
            }
        })
        .chain(model.regions.iter().map(|_| None))
        .collect();
    // Entities whose positions never change: filled positions are derived.
    let fixed = |u: &crate::model::Unit| {
        u.positions
            .changes
            .is_empty()
            .then_some(u.positions.initial)
    };
    let positions: Vec<Option<u32>> = model
        .units
        .iter()
        .map(fixed)
        .chain(model.regions.iter().map(|r| {
            r.members
                .iter()
                .map(|&i| fixed(&model.units[i]))
                .sum::<Option<u32>>()
        }))
        .collect();
    let accs: Vec<Mutex<Accumulator>> = (0..entities)
        .map(|e| {
            Mutex::new(
                Accumulator::new(1, months, model.monthly_results, vec![derived[e]])
                    .with_fixed_positions(vec![positions[e]]),
            )
        })
        .collect();
    let new_state = || State {
        worker: Worker::new(model),
        flows: new_flows(model),
    };
    let run_chunk = |st: &mut State, c: u64, who: usize, threads: usize| {
        let (first, end) = (c * chunk, ((c + 1) * chunk).min(opts.replicates));
        let mut start = first;
        while start < end {
            let n = (batch as u64).min(end - start) as usize;
            st.worker.start_batch(n);
            for j in 0..n {
                st.worker.replicate_at(opts.seed, start + j as u64, j);
                for (k, f) in st.flows.iter_mut().enumerate() {
                    if f.years > 0 {
                        f.add(&st.worker.flows[k]);
                    }
                }
                observe(start + j as u64, &st.worker);
            }
            add_shared(&accs, &st.worker, n, who, threads);
            start += n as u64;
        }
        progress(end - first);
    };
    let work = || {
        // One long-lived state per thread (each costs a batch's memory),
        // while chunks go to whichever thread is free: a thread slowed by the
        // rest of the machine takes fewer chunks instead of holding up the end
        // of the run. Which thread runs a chunk changes no result: a chunk's
        // batches are the same, and adding them is exact in any order.
        // `run_chunk` must not use rayon itself: a thread waiting inside it
        // could pick up another chunk and block on its own state's lock.
        let threads = rayon::current_num_threads().max(1);
        let states: Vec<Mutex<Option<State>>> = (0..threads).map(|_| Mutex::new(None)).collect();
        (0..chunks).into_par_iter().for_each(|c| {
            let i = rayon::current_thread_index().unwrap_or(0) % threads;
            let mut st = states[i].lock().unwrap_or_else(PoisonError::into_inner);
            run_chunk(st.get_or_insert_with(new_state), c, i, threads);
        });
        states
            .into_iter()
            .filter_map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
            .map(|st| st.flows)
            .reduce(|mut fa, fb| {
                for (x, y) in fa.iter_mut().zip(&fb) {
                    x.merge(y);
                }
                fa
            })
            .unwrap_or_else(|| new_flows(model))
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build();
    let flows = match &pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    let acc = Accumulator::join(
        accs.into_iter()
            .map(|m| m.into_inner().unwrap_or_else(PoisonError::into_inner))
            .collect(),
    );
    let table = match &pool {
        Ok(pool) => pool.install(|| acc.finish()),
        Err(_) => acc.finish(),
    };
    (table, flows)
}
