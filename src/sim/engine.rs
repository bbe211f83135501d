//! The Monte Carlo driver: replicates in parallel, folded into statistics.
//!
//! Replicates are independent given the seed: each draws its parameters and its
//! events from streams keyed by (seed, replicate, name), so which thread runs a
//! replicate changes nothing, and merged statistics are exact sums of counts, so
//! the result is bit-identical on any number of threads. Memory holds one
//! accumulator per worker, never per replicate. Must not do I/O; progress is
//! reported through a callback the caller owns.

use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::model::hazard::PiecewiseHazard;
use crate::model::{Model, Param};
use crate::sim::fast::fast_units;
use crate::sim::market::Flows;
use crate::sim::market_run::{active, market_of, MarketRunner};
use crate::sim::plan::Plan;
use crate::sim::runner::Runner;
use crate::sim::unit::{Outcome, RetirementMonths};
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

/// Replicates handed to a worker at a time.
const CHUNK: u64 = 256;
/// Memory for a worker's batch of frames; the batch is fed to the statistics
/// one distribution at a time, which keeps each in cache. A batch of up to 256
/// replicates: a sketch's counts are scattered over a few KB, and each batch
/// touches each of them once (with 45 replicates a batch, cache misses there
/// took a third of a national run's time; 256 took 20 % off it).
const BATCH_BYTES: usize = 96 << 20;

/// Replicates per batch for a model: as many as fit `BATCH_BYTES`, at most CHUNK.
fn batch_size(model: &Model) -> usize {
    let per_rep = (model.units.len() + model.regions.len())
        * model.bins() as usize
        * std::mem::size_of::<Frame>();
    (BATCH_BYTES / per_rep.max(1)).clamp(1, CHUNK as usize)
}

/// Per-worker scratch space, reused across replicates.
pub struct Worker<'m> {
    model: &'m Model,
    plans: Vec<Plan>,
    /// Monthly departure hazards of units whose hazard is the same in every replicate.
    fixed_hazards: Vec<Option<PiecewiseHazard>>,
    /// Units on the fast path (`sim::fast`).
    fast: Vec<bool>,
    /// The order units are simulated in: grouped by departure hazard.
    order: Vec<usize>,
    draws: Vec<f64>,
    runner: Runner,
    /// Frames per reporting bin and entity: units first, then regions.
    frames: Vec<Vec<Frame>>,
    /// The market each unit belongs to (markets on in the baseline only).
    market_of: Vec<Option<usize>>,
    market_runner: MarketRunner,
    market_frames: Vec<Vec<Frame>>,
    /// Flows of each market in the last replicate (markets off: empty).
    pub flows: Vec<Flows>,
}

impl<'m> Worker<'m> {
    pub fn new(model: &'m Model) -> Self {
        let (bins, k) = (model.bins(), model.months_per_bin());
        Self {
            model,
            plans: vec![Plan::default(); model.units.len()],
            fixed_hazards: model.fixed_departures(),
            fast: fast_units(model),
            order: {
                let hazards = model.fixed_departures();
                let key = |i: usize| {
                    hazards[i]
                        .as_ref()
                        .map(|h| h.rates().iter().map(|r| r.to_bits()).collect::<Vec<_>>())
                };
                let mut order: Vec<usize> = (0..model.units.len()).collect();
                order.sort_by_key(|&i| key(i));
                order
            },
            draws: Vec::new(),
            runner: Runner::new(bins, k),
            frames: vec![Vec::new(); model.units.len() + model.regions.len()],
            market_of: market_of(model)
                .into_iter()
                .map(|m| m.filter(|&k| active(model, k, None)))
                .collect(),
            market_runner: MarketRunner::default(),
            market_frames: Vec::new(),
            flows: vec![Flows::default(); model.markets.len()],
        }
    }

    /// Simulates replicate `rep`, leaving each entity's frames (one per bin) in
    /// `self.frames`; returns each unit's start and end stock.
    pub fn replicate(&mut self, seed: u64, rep: u64) -> Vec<Outcome> {
        let model = self.model;
        model.draw_parameters(seed, rep, &mut self.draws);
        let retirement = RetirementMonths::from_model(&model.retirement, &self.draws);
        let mut outcomes = vec![
            Outcome {
                start_filled: 0,
                end_filled: 0,
            };
            model.units.len()
        ];
        // Units with the same hazard one after another, so that their tables
        // stay in cache; each unit's draws depend on its identity only, so the
        // order changes no result.
        for &i in &self.order {
            let u = &model.units[i];
            if self.market_of[i].is_some() {
                // Simulated with its market below.
                continue;
            }
            let draw = u.resolve(
                &model.tenure_band_starts_years,
                &self.draws,
                self.fixed_hazards[i].as_ref(),
            );
            let plan = &mut self.plans[i];
            plan.build(
                model,
                i,
                &draw,
                None,
                &self.draws,
                seed,
                rep,
                model.months_per_bin(),
            );
            outcomes[i] = self.runner.run(
                self.fast[i],
                u,
                &draw,
                plan,
                &retirement,
                seed,
                rep,
                &mut self.frames[i],
            );
        }
        for (k, market) in model.markets.iter().enumerate() {
            if !active(model, k, None) {
                continue;
            }
            self.market_frames.resize(market.members.len(), Vec::new());
            let out = self.market_runner.run(
                model,
                k,
                None,
                &self.fixed_hazards,
                &self.draws,
                &retirement,
                seed,
                rep,
                model.months_per_bin(),
                &mut self.market_frames,
            );
            for (pos, &i) in market.members.iter().enumerate() {
                std::mem::swap(&mut self.frames[i], &mut self.market_frames[pos]);
                outcomes[i] = out[pos];
            }
            self.flows[k].clone_from(&self.market_runner.flows);
        }
        let n_units = model.units.len();
        for (r, region) in model.regions.iter().enumerate() {
            let (units, regions) = self.frames.split_at_mut(n_units);
            let sum = &mut regions[r];
            sum.clear();
            sum.resize(model.bins() as usize, Frame::default());
            for &member in &region.members {
                for (a, b) in sum.iter_mut().zip(&units[member]) {
                    a.add(b);
                }
            }
        }
        outcomes
    }

    /// The last replicate's draws of the uncertain parameters.
    pub fn draws(&self) -> &[f64] {
        &self.draws
    }

    /// Frames (one per bin) of entity `e` from the last replicate.
    pub fn frames(&self, e: usize) -> &[Frame] {
        &self.frames[e]
    }
}

/// What a worker thread keeps from chunk to chunk.
struct State<'m> {
    worker: Worker<'m>,
    acc: Accumulator,
    /// Frames of a batch, laid out for `Accumulator::add_batch`.
    buf: Vec<Frame>,
    flows: Vec<FlowStats>,
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
    let chunks = opts.replicates.div_ceil(CHUNK);
    let batch = batch_size(model);
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
    let new_state = || State {
        worker: Worker::new(model),
        acc: Accumulator::new(entities, months, model.monthly_results, derived.clone()),
        buf: Vec::new(),
        flows: new_flows(model),
    };
    let run_chunk = |st: &mut State, c: u64| {
        let end = ((c + 1) * CHUNK).min(opts.replicates);
        let mut start = c * CHUNK;
        while start < end {
            let n = (batch as u64).min(end - start) as usize;
            // buf[(e * n + j) * months + m]: entity e, replicate j, bin m. A
            // replicate's bins of an entity are one run (copying them across
            // the batch bin by bin missed the cache on every frame).
            // Every element is overwritten below: resize only.
            st.buf.resize(entities * months * n, Frame::default());
            for j in 0..n {
                st.worker.replicate(opts.seed, start + j as u64);
                for (k, f) in st.flows.iter_mut().enumerate() {
                    if f.years > 0 {
                        f.add(&st.worker.flows[k]);
                    }
                }
                observe(start + j as u64, &st.worker);
                for e in 0..entities {
                    let at = (e * n + j) * months;
                    st.buf[at..at + months].copy_from_slice(st.worker.frames(e));
                }
            }
            for e in 0..entities {
                st.acc
                    .add_batch(e, &st.buf[e * months * n..(e + 1) * months * n], n);
            }
            st.acc.finish_replicates(n as u64);
            start += n as u64;
        }
        progress(end - c * CHUNK);
    };
    let work = || {
        // One long-lived state per thread (each costs window allocations and a
        // merge at the end), while chunks go to whichever thread is free: a
        // thread slowed by the rest of the machine takes fewer chunks instead
        // of holding up the end of the run. Which thread runs a chunk changes
        // no result: a chunk's batches are the same, and merging is exact.
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
            .map(|st| (st.acc, st.flows))
            // Without an identity: merging the first state's accumulator into
            // an empty one would copy every window it holds.
            .reduce(|(a, mut fa), (b, fb)| {
                for (x, y) in fa.iter_mut().zip(&fb) {
                    x.merge(y);
                }
                (a.merge(b), fa)
            })
            .unwrap_or_else(|| {
                (
                    Accumulator::new(entities, months, model.monthly_results, derived.clone()),
                    new_flows(model),
                )
            })
    };
    let (acc, flows) = match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    (acc.finish(), flows)
}
