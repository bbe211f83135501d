//! The Monte Carlo driver: replicates in parallel, folded into statistics.
//!
//! Replicates are independent given the seed: each draws its parameters and its
//! events from streams keyed by (seed, replicate, name), so which thread runs a
//! replicate changes nothing, and the statistics are exact sums of counts over
//! batches that depend on the model only, so the result is bit-identical on any
//! number of threads. Memory holds one accumulator per entity for the whole
//! run, shared by the threads, and one unit's frames of a batch per thread
//! (plus its regions'); never anything per replicate. Must not do I/O;
//! progress is reported through a callback the caller owns.

use std::sync::{Mutex, PoisonError, TryLockError};

use rayon::prelude::*;

use crate::model::{Model, Param};
use crate::sim::market_run::active;
pub use crate::sim::worker::{Observer, Worker};
use crate::stats::flows::FlowStats;
use crate::stats::frame::{Frame, WEEKS_PER_MONTH};
use crate::stats::summary::{Accumulator, Table};

/// How to run: replicates, master seed and threads (0 = all cores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    pub replicates: u64,
    pub seed: u64,
    pub threads: usize,
}

/// The most replicates handed to a worker at a time: at least 16 chunks a
/// run, so that threads share the work evenly (with 256 a chunk, 1,000
/// replicates made four chunks and two threads ran only 1.5–1.6 times as fast
/// as one), in multiples of 64 from 64 to 256; a run takes as few chunks of at
/// most this size as it can, of equal size (`chunk_bounds`). It depends on the
/// number of replicates only, never on threads. (Smaller chunks for only the
/// last replicates made a national run slower: rayon's halving of the range
/// left one thread most of the big chunks.)
fn chunk_size(replicates: u64) -> u64 {
    (replicates / 16).clamp(64, CHUNK) / 64 * 64
}

/// Replicates `first..end` of chunk `c`, when `replicates` are split into
/// `chunks` chunks whose sizes differ by at most one: a short last chunk left
/// one of two threads idle for most of a chunk at the end of a run.
fn chunk_bounds(c: u64, chunks: u64, replicates: u64) -> (u64, u64) {
    let at = |c: u64| (u128::from(c) * u128::from(replicates) / u128::from(chunks.max(1))) as u64;
    (at(c), at(c + 1))
}

/// The largest chunk (and batch), in replicates.
const CHUNK: u64 = 256;

/// Memory for a worker's frames of a batch (one unit's, its regions' and, when
/// observed, the units' sum), at most a chunk of replicates. The statistics
/// read a batch one distribution at a time, and each batch touches each of a
/// sketch's counts once: the more replicates a batch, the fewer times (with 45
/// replicates a batch, cache misses there took a third of a national run's
/// time; 256 took 20 % off it).
const BATCH_BYTES: usize = 96 << 20;

/// Replicates per batch for a model: as many as fit `BATCH_BYTES`, at most a
/// chunk of `chunk` replicates.
fn batch_size(model: &Model, chunk: u64) -> usize {
    let members: usize = model.markets.iter().map(|m| m.members.len()).sum();
    let per_rep =
        (2 + model.regions.len() + members) * model.bins() as usize * std::mem::size_of::<Frame>();
    (BATCH_BYTES / per_rep.max(1)).clamp(1, chunk as usize)
}

/// What a worker thread keeps from chunk to chunk (the statistics are shared:
/// `Held`).
struct State<'m> {
    worker: Worker<'m>,
    flows: Vec<FlowStats>,
    held: Held,
}

/// Adds a batch of `n` replicates' frames of one entity to its accumulator.
fn add_to(acc: &mut Accumulator, frames: &[Frame], n: usize) {
    acc.add_batch(0, frames, n);
    acc.finish_replicates(n as u64);
}

/// One accumulator per entity for the whole run, each behind its own lock,
/// shared by the threads: nothing to merge at the end, and their memory is
/// allocated and first touched once (with a set per thread, that took 7–9 %
/// of a 1,000-replicate national run on every thread, and the merge another
/// 2 %). A thread hands each entity's frames over as soon as they are made;
/// when another thread is adding to that entity, it keeps a copy here and
/// adds it later instead of waiting.
#[derive(Default)]
struct Held {
    blocks: Vec<(usize, Vec<Frame>)>,
    spare: Vec<Vec<Frame>>,
}

impl Held {
    /// Adds entity `e`'s `frames` (a batch of `n` replicates) now if its
    /// accumulator is free, else keeps them; then adds what was kept and is
    /// free now.
    fn offer(&mut self, accs: &[Mutex<Accumulator>], e: usize, frames: &[Frame], n: usize) {
        match accs[e].try_lock() {
            Ok(mut acc) => add_to(&mut acc, frames, n),
            Err(TryLockError::WouldBlock) => {
                let mut copy = self.spare.pop().unwrap_or_default();
                copy.clear();
                copy.extend_from_slice(frames);
                self.blocks.push((e, copy));
            }
            Err(TryLockError::Poisoned(p)) => add_to(&mut p.into_inner(), frames, n),
        }
        if !self.blocks.is_empty() {
            self.add_kept(accs, n, false);
        }
    }

    /// Adds the kept batches whose accumulators are free (all of them, waiting
    /// for each, with `wait`).
    fn add_kept(&mut self, accs: &[Mutex<Accumulator>], n: usize, wait: bool) {
        let mut k = 0;
        while k < self.blocks.len() {
            let lock = &accs[self.blocks[k].0];
            let acc = match lock.try_lock() {
                Ok(acc) => Some(acc),
                Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
                Err(TryLockError::WouldBlock) if wait => {
                    Some(lock.lock().unwrap_or_else(PoisonError::into_inner))
                }
                Err(TryLockError::WouldBlock) => None,
            };
            match acc {
                Some(mut acc) => {
                    let (_, frames) = self.blocks.swap_remove(k);
                    add_to(&mut acc, &frames, n);
                    self.spare.push(frames);
                }
                None => k += 1,
            }
        }
    }
}

/// Runs every replicate and returns the statistics. `progress` is called with the
/// number of replicates just finished (from worker threads).
pub fn run(model: &Model, opts: RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Table {
    run_full(model, opts, progress, None).0
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
    run_full(model, opts, progress, None)
}

/// `run`, also calling `observe(replicate, draws, units' frames summed)`
/// for each replicate (from worker threads, in no particular order).
pub fn run_observed(
    model: &Model,
    opts: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    observe: Observer,
) -> Table {
    run_full(model, opts, progress, Some(observe)).0
}

/// Every replicate, with the observer, the statistics and the market flows.
pub fn run_full(
    model: &Model,
    opts: RunOptions,
    progress: &(dyn Fn(u64) + Sync),
    observe: Option<Observer>,
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
        held: Held::default(),
    };
    let run_chunk = |st: &mut State, c: u64| {
        let (first, end) = chunk_bounds(c, chunks, opts.replicates);
        let mut start = first;
        while start < end {
            let n = (batch as u64).min(end - start) as usize;
            let State {
                worker,
                flows,
                held,
            } = st;
            worker.run_batch(opts.seed, start, n, flows, observe, &mut |e, frames| {
                held.offer(&accs, e, frames, n)
            });
            held.add_kept(&accs, n, true);
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
            run_chunk(st.get_or_insert_with(new_state), c);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_replicates_in_order_and_differ_by_at_most_one() {
        for replicates in [1, 63, 64, 65, 1_000, 1_023, 10_000, 123_457] {
            let (chunk, chunks) = (
                chunk_size(replicates),
                replicates.div_ceil(chunk_size(replicates)),
            );
            let bounds: Vec<(u64, u64)> = (0..chunks)
                .map(|c| chunk_bounds(c, chunks, replicates))
                .collect();
            assert_eq!(bounds[0].0, 0);
            assert_eq!(bounds.last().unwrap().1, replicates);
            assert!(bounds.windows(2).all(|w| w[0].1 == w[1].0));
            let sizes: Vec<u64> = bounds.iter().map(|(a, b)| b - a).collect();
            let (lo, hi) = (*sizes.iter().min().unwrap(), *sizes.iter().max().unwrap());
            assert!(
                lo >= 1 && hi - lo <= 1 && hi <= chunk,
                "{replicates}: {sizes:?}"
            );
        }
    }

    /// A batch of `n` replicates of one entity over `bins` bins.
    fn frames(n: usize, bins: usize, k: u32) -> Vec<Frame> {
        (0..n * bins)
            .map(|i| Frame {
                vacant: (i as u32 * 7 + k) % 5,
                vacancy_months: f64::from((i as u32 * 13 + k) % 9) * 0.37,
                locum_cost_nok: f64::from(i as u32 % 4) * 1e5,
                ..Frame::default()
            })
            .collect()
    }

    #[test]
    fn a_batch_kept_while_its_accumulator_is_busy_is_added_later() {
        let (n, bins) = (8, 3);
        let new = || Accumulator::new(1, bins, false, vec![None]);
        let accs = vec![Mutex::new(new()), Mutex::new(new())];
        let mut direct = vec![new(), new()];
        let mut held = Held::default();
        {
            // Another thread holds entity 0: its batch is kept, entity 1's added.
            let _busy = accs[0].lock().unwrap();
            held.offer(&accs, 0, &frames(n, bins, 1), n);
            held.offer(&accs, 1, &frames(n, bins, 2), n);
            assert_eq!(held.blocks.len(), 1);
        }
        held.offer(&accs, 1, &frames(n, bins, 3), n);
        assert!(held.blocks.is_empty(), "added once the lock was free");
        held.offer(&accs, 0, &frames(n, bins, 4), n);
        held.add_kept(&accs, n, true);
        for (e, k) in [(0, 1), (1, 2), (1, 3), (0, 4)] {
            add_to(&mut direct[e], &frames(n, bins, k), n);
        }
        for (acc, want) in accs.into_iter().zip(direct) {
            assert_eq!(acc.into_inner().unwrap(), want);
        }
    }
}
