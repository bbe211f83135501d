//! A batch of replicates of the baseline, one unit at a time: each unit (on
//! the fast path where it may take it) is simulated in every replicate of the
//! batch in turn, and its frames are handed to the caller at once, while they
//! are in cache; markets that are on run replicate by replicate first, and
//! regions are summed as their units go by. Owns the scratch space a worker
//! thread reuses from batch to batch; the driver over batches is `engine`.
//! Pure: no I/O, no threads of its own.
//!
//! Unit by unit rather than replicate by replicate: a national batch of 64
//! replicates kept every unit's frames (22 MB a thread) until the statistics
//! read them, and two threads' batches and the statistics' counts did not fit
//! the processor's shared cache together.

use crate::model::hazard::PiecewiseHazard;
use crate::model::Model;
use crate::sim::fast::fast_units;
use crate::sim::market_run::{active, market_of, MarketRunner};
use crate::sim::plan::Plan;
use crate::sim::region_sums::RegionSums;
use crate::sim::runner::Runner;
use crate::sim::unit::{Outcome, RetirementMonths};
use crate::stats::flows::FlowStats;
use crate::stats::frame::{add_all, Frame};

/// Called with each replicate's index, its parameter draws and the frames of
/// all units summed (one per bin).
pub type Observer<'a> = &'a (dyn Fn(u64, &[f64], &[Frame]) + Sync);

/// Per-worker scratch space, reused across batches.
pub struct Worker<'m> {
    model: &'m Model,
    plans: Vec<Plan>,
    /// Monthly departure hazards of units whose hazard is the same in every replicate.
    fixed_hazards: Vec<Option<PiecewiseHazard>>,
    /// Units on the fast path (`sim::fast`).
    fast: Vec<bool>,
    /// How regions are summed: their units as they go by, then their parts.
    region_sums: RegionSums,
    /// Per unit: the regions its frames are added to directly.
    regions_of: Vec<Vec<usize>>,
    /// Per replicate of the batch: the uncertain parameters' draws.
    draws: Vec<Vec<f64>>,
    /// Per replicate of the batch: retirement.
    retirement: Vec<RetirementMonths>,
    runner: Runner,
    /// One unit's frames in the batch: `block[j * bins + b]` is replicate j,
    /// bin b (the layout `Accumulator::add_batch` reads).
    block: Vec<Frame>,
    /// Every region's frames in the batch, region after region, each laid
    /// out as `block`.
    regions: Vec<Frame>,
    /// All units' frames summed, laid out as `block` (when observed).
    totals: Vec<Frame>,
    /// The market each unit belongs to (markets on in the baseline only).
    market_of: Vec<Option<usize>>,
    market_runner: MarketRunner,
    market_frames: Vec<Vec<Frame>>,
    /// Per unit in a market that is on: its frames in the batch, as `block`.
    market_blocks: Vec<Vec<Frame>>,
    /// Each unit's start and end stock in the batch's last replicate.
    outcomes: Vec<Outcome>,
    /// Every entity's frames, kept by `replicate` only.
    last: Vec<Frame>,
}

impl<'m> Worker<'m> {
    pub fn new(model: &'m Model) -> Self {
        let (bins, k) = (model.bins(), model.months_per_bin());
        let region_sums = RegionSums::new(&model.regions);
        Self {
            model,
            plans: vec![Plan::default(); model.units.len()],
            fixed_hazards: model.fixed_departures(),
            fast: fast_units(model),
            regions_of: region_sums.regions_of(model.units.len()),
            region_sums,
            draws: Vec::new(),
            retirement: Vec::new(),
            runner: Runner::new(bins, k),
            block: Vec::new(),
            regions: Vec::new(),
            totals: Vec::new(),
            market_of: market_of(model)
                .into_iter()
                .map(|m| m.filter(|&k| active(model, k, None)))
                .collect(),
            market_runner: MarketRunner::default(),
            market_frames: Vec::new(),
            market_blocks: vec![Vec::new(); model.units.len()],
            outcomes: vec![
                Outcome {
                    start_filled: 0,
                    end_filled: 0,
                };
                model.units.len()
            ],
            last: Vec::new(),
        }
    }

    /// Simulates replicate `rep` alone, keeping each entity's frames (one per
    /// bin) for `frames`; returns each unit's start and end stock.
    pub fn replicate(&mut self, seed: u64, rep: u64) -> Vec<Outcome> {
        let bins = self.model.bins() as usize;
        let mut last = std::mem::take(&mut self.last);
        last.resize(
            (self.model.units.len() + self.model.regions.len()) * bins,
            Frame::default(),
        );
        self.run_batch(seed, rep, 1, &mut [], None, &mut |e, frames| {
            last[e * bins..(e + 1) * bins].copy_from_slice(frames)
        });
        self.last = last;
        self.outcomes.clone()
    }

    /// Simulates replicates `first..first + n` and hands each entity's frames
    /// in all of them to `out(entity, block)` (units first, then regions;
    /// `block[j * bins + b]` is replicate `first + j`, bin b). Markets' flows
    /// are added to `flows` (by market; shorter: not kept), and `observe`
    /// sees every replicate once all its units are done.
    pub fn run_batch(
        &mut self,
        seed: u64,
        first: u64,
        n: usize,
        flows: &mut [FlowStats],
        observe: Option<Observer>,
        out: &mut dyn FnMut(usize, &[Frame]),
    ) {
        let model = self.model;
        let (bins, units) = (model.bins() as usize, model.units.len());
        let nb = n * bins;
        self.draws.resize_with(n, Vec::new);
        self.retirement.clear();
        for (j, draws) in self.draws.iter_mut().enumerate() {
            model.draw_parameters(seed, first + j as u64, draws);
            let r = RetirementMonths::from_model(&model.retirement, draws);
            self.retirement.push(r);
        }
        // Every element is overwritten before it is read: resize only.
        self.block.resize(nb, Frame::default());
        self.regions.clear();
        self.regions
            .resize(model.regions.len() * nb, Frame::default());
        self.totals.clear();
        if observe.is_some() {
            self.totals.resize(nb, Frame::default());
        }
        self.run_markets(seed, first, n, flows);
        // Units from a point that depends on the batch: threads on different
        // batches then work on different units at a time, instead of one
        // waiting for (or copying aside) the other's accumulator. Region sums
        // follow this order; it depends on the replicates, not on threads.
        let from = (first.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize % units.max(1);
        for i in (from..units).chain(0..from) {
            if self.market_of[i].is_none() {
                self.run_unit(i, seed, first, n);
            }
            let block = match self.market_of[i] {
                Some(_) => &self.market_blocks[i][..nb],
                None => &self.block[..nb],
            };
            for &r in &self.regions_of[i] {
                add_all(&mut self.regions[r * nb..(r + 1) * nb], block);
            }
            if observe.is_some() {
                add_all(&mut self.totals, block);
            }
            out(i, block);
        }
        self.region_sums.add_parts(&mut self.regions, nb);
        for (r, block) in self.regions.chunks_exact(nb.max(1)).enumerate() {
            out(units + r, block);
        }
        if let Some(observe) = observe {
            for (j, draws) in self.draws.iter().enumerate() {
                observe(
                    first + j as u64,
                    draws,
                    &self.totals[j * bins..(j + 1) * bins],
                );
            }
        }
    }

    /// Unit `i` (in no market that is on) in every replicate of the batch,
    /// into `block`. Its draws depend on its identity only, not on the order
    /// units are simulated in.
    fn run_unit(&mut self, i: usize, seed: u64, first: u64, n: usize) {
        let model = self.model;
        let bins = model.bins() as usize;
        let u = &model.units[i];
        for j in 0..n {
            let (rep, draws) = (first + j as u64, &self.draws[j]);
            let draw = u.resolve(
                &model.tenure_band_starts_years,
                draws,
                self.fixed_hazards[i].as_ref(),
            );
            let plan = &mut self.plans[i];
            plan.build(
                model,
                i,
                &draw,
                None,
                draws,
                seed,
                rep,
                model.months_per_bin(),
            );
            self.outcomes[i] = self.runner.run(
                self.fast[i],
                u,
                &draw,
                plan,
                &self.retirement[j],
                seed,
                rep,
                &mut self.block[j * bins..(j + 1) * bins],
            );
        }
    }

    /// Every market that is on, replicate by replicate, into its members'
    /// `market_blocks`; each replicate's flows are added to `flows`.
    fn run_markets(&mut self, seed: u64, first: u64, n: usize, flows: &mut [FlowStats]) {
        let model = self.model;
        let bins = model.bins() as usize;
        for (k, market) in model.markets.iter().enumerate() {
            if !active(model, k, None) {
                continue;
            }
            for &i in &market.members {
                self.market_blocks[i].resize(n * bins, Frame::default());
            }
            self.market_frames.resize(market.members.len(), Vec::new());
            for j in 0..n {
                let out = self.market_runner.run(
                    model,
                    k,
                    None,
                    &self.fixed_hazards,
                    &self.draws[j],
                    &self.retirement[j],
                    seed,
                    first + j as u64,
                    model.months_per_bin(),
                    &mut self.market_frames,
                );
                for (pos, &i) in market.members.iter().enumerate() {
                    self.market_blocks[i][j * bins..(j + 1) * bins]
                        .copy_from_slice(&self.market_frames[pos]);
                    self.outcomes[i] = out[pos];
                }
                if let Some(f) = flows.get_mut(k).filter(|f| f.years > 0) {
                    f.add(&self.market_runner.flows);
                }
            }
        }
    }

    /// Frames (one per bin) of entity `e` from the last `replicate`.
    pub fn frames(&self, e: usize) -> &[Frame] {
        let bins = self.model.bins() as usize;
        &self.last[e * bins..(e + 1) * bins]
    }
}
