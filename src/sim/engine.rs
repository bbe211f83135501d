//! The Monte Carlo driver: replicates in parallel, folded into statistics.
//!
//! Replicates are independent given the seed: each draws its parameters and its
//! events from streams keyed by (seed, replicate, name), so which thread runs a
//! replicate changes nothing, and merged statistics are exact sums of counts, so
//! the result is bit-identical on any number of threads. Memory holds one
//! accumulator per worker, never per replicate. Must not do I/O; progress is
//! reported through a callback the caller owns.

use rayon::prelude::*;

use crate::model::Model;
use crate::sim::trace::Trace;
use crate::sim::unit::{self, Outcome, RetirementMonths, Slot};
use crate::stats::frame::{self, Frame};
use crate::stats::summary::{Accumulator, Table};

/// How to run: replicates, master seed and threads (0 = all cores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    pub replicates: u64,
    pub seed: u64,
    pub threads: usize,
}

/// Replicates handed to a worker at a time.
const CHUNK: u64 = 64;

/// Per-worker scratch space, reused across replicates.
pub struct Worker<'m> {
    model: &'m Model,
    retirement: RetirementMonths,
    positions: Vec<Vec<u32>>,
    draws: Vec<f64>,
    slots: Vec<Slot>,
    trace: Trace,
    /// Monthly frames per entity: units first, then regions.
    frames: Vec<Vec<Frame>>,
}

impl<'m> Worker<'m> {
    pub fn new(model: &'m Model) -> Self {
        let months = model.months();
        Self {
            model,
            retirement: RetirementMonths::from_model(&model.retirement),
            positions: model.units.iter().map(|u| (0..months).map(|m| u.positions.at_month(m)).collect()).collect(),
            draws: Vec::new(),
            slots: Vec::new(),
            trace: Trace::new(months),
            frames: vec![Vec::new(); model.units.len() + model.regions.len()],
        }
    }

    /// Simulates replicate `rep`, leaving each entity's monthly frames in
    /// `self.frames`; returns each unit's start and end stock.
    pub fn replicate(&mut self, seed: u64, rep: u64) -> Vec<Outcome> {
        let model = self.model;
        model.draw_parameters(seed, rep, &mut self.draws);
        let mut outcomes = Vec::with_capacity(model.units.len());
        for (i, u) in model.units.iter().enumerate() {
            let draw = u.resolve(&model.tenure_band_starts_years, &self.draws);
            self.trace.clear();
            outcomes.push(unit::simulate(u, &draw, &self.retirement, seed, rep, &mut self.slots, &mut self.trace));
            frame::monthly(&self.trace, &self.positions[i], &draw, &mut self.frames[i]);
        }
        let n_units = model.units.len();
        for (r, region) in model.regions.iter().enumerate() {
            let (units, regions) = self.frames.split_at_mut(n_units);
            let sum = &mut regions[r];
            sum.clear();
            sum.resize(model.months() as usize, Frame::default());
            for &member in &region.members {
                for (a, b) in sum.iter_mut().zip(&units[member]) {
                    a.add(b);
                }
            }
        }
        outcomes
    }

    /// Monthly frames of entity `e` from the last replicate.
    pub fn frames(&self, e: usize) -> &[Frame] {
        &self.frames[e]
    }
}

/// Runs every replicate and returns the statistics. `progress` is called with the
/// number of replicates just finished (from worker threads).
pub fn run(model: &Model, opts: RunOptions, progress: &(dyn Fn(u64) + Sync)) -> Table {
    let entities = model.units.len() + model.regions.len();
    let months = model.months() as usize;
    let chunks = opts.replicates.div_ceil(CHUNK);
    let work = || {
        (0..chunks)
            .into_par_iter()
            .fold(
                || (Worker::new(model), Accumulator::new(entities, months)),
                |(mut w, mut acc), c| {
                    let end = ((c + 1) * CHUNK).min(opts.replicates);
                    for rep in c * CHUNK..end {
                        w.replicate(opts.seed, rep);
                        for e in 0..entities {
                            acc.add(e, w.frames(e));
                        }
                        acc.finish_replicate();
                    }
                    progress(end - c * CHUNK);
                    (w, acc)
                },
            )
            .map(|(_, acc)| acc)
            .reduce(|| Accumulator::new(entities, months), Accumulator::merge)
    };
    let acc = match rayon::ThreadPoolBuilder::new().num_threads(opts.threads).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    acc.finish()
}
