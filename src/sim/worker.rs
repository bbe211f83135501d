//! One replicate of the baseline: every unit simulated (grouped by hazard, on
//! the fast path where it may take it), the markets that are on, and the
//! region sums, into a batch of frames laid out for the statistics. Owns the
//! scratch space a worker thread reuses from replicate to replicate; the
//! driver over replicates is `engine`. Pure: no I/O, no threads of its own.

use crate::model::hazard::PiecewiseHazard;
use crate::model::Model;
use crate::sim::fast::fast_units;
use crate::sim::market::Flows;
use crate::sim::market_run::{active, market_of, MarketRunner};
use crate::sim::plan::Plan;
use crate::sim::region_sums::RegionSums;
use crate::sim::runner::Runner;
use crate::sim::unit::{Outcome, RetirementMonths};
use crate::stats::frame::Frame;

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
    /// What each region's frames are summed from.
    region_sums: RegionSums,
    /// One entity's frames, while a region is summed.
    sum: Vec<Frame>,
    draws: Vec<f64>,
    runner: Runner,
    /// Frames of a batch of `batch_n` replicates, laid out for
    /// `Accumulator::add_batch`: `batch[(e * batch_n + j) * bins + b]` is
    /// entity e (units first, then regions), replicate j of the batch, bin b.
    /// The runner writes each unit's frames there directly: copying them in
    /// afterwards took 5 % of a national run.
    batch: Vec<Frame>,
    batch_n: usize,
    /// Where the last replicate went within the batch.
    batch_j: usize,
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
        let fixed_hazards = model.fixed_departures();
        Self {
            model,
            plans: vec![Plan::default(); model.units.len()],
            order: {
                let key = |i: usize| {
                    fixed_hazards[i]
                        .as_ref()
                        .map(|h| h.rates().iter().map(|r| r.to_bits()).collect::<Vec<_>>())
                };
                let mut order: Vec<usize> = (0..model.units.len()).collect();
                order.sort_by_key(|&i| key(i));
                order
            },
            fixed_hazards,
            fast: fast_units(model),
            region_sums: RegionSums::new(&model.regions),
            sum: vec![Frame::default(); bins as usize],
            draws: Vec::new(),
            runner: Runner::new(bins, k),
            batch: vec![
                Frame::default();
                (model.units.len() + model.regions.len()) * bins as usize
            ],
            batch_n: 1,
            batch_j: 0,
            market_of: market_of(model)
                .into_iter()
                .map(|m| m.filter(|&k| active(model, k, None)))
                .collect(),
            market_runner: MarketRunner::default(),
            market_frames: Vec::new(),
            flows: vec![Flows::default(); model.markets.len()],
        }
    }

    /// Simulates replicate `rep`, leaving each entity's frames (one per bin)
    /// for `frames`; returns each unit's start and end stock.
    pub fn replicate(&mut self, seed: u64, rep: u64) -> Vec<Outcome> {
        self.start_batch(1);
        self.replicate_at(seed, rep, 0)
    }

    /// Makes room for a batch of `n` replicates (see `batch`).
    pub(super) fn start_batch(&mut self, n: usize) {
        let entities = self.model.units.len() + self.model.regions.len();
        // Every element is overwritten before it is read: resize only.
        self.batch
            .resize(entities * self.model.bins() as usize * n, Frame::default());
        self.batch_n = n;
    }

    /// The frames of entity `e`, replicate `j` of the batch.
    fn slot(&mut self, e: usize, j: usize) -> &mut [Frame] {
        let bins = self.model.bins() as usize;
        let at = (e * self.batch_n + j) * bins;
        &mut self.batch[at..at + bins]
    }

    /// `replicate`, as replicate `j` of the current batch.
    pub(super) fn replicate_at(&mut self, seed: u64, rep: u64, j: usize) -> Vec<Outcome> {
        self.batch_j = j;
        let model = self.model;
        let bins = model.bins() as usize;
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
            let at = (i * self.batch_n + j) * bins;
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
                &mut self.batch[at..at + bins],
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
                let frames = std::mem::take(&mut self.market_frames[pos]);
                self.slot(i, j).copy_from_slice(&frames);
                self.market_frames[pos] = frames;
                outcomes[i] = out[pos];
            }
            self.flows[k].clone_from(&self.market_runner.flows);
        }
        let (n_units, n) = (model.units.len(), self.batch_n);
        let (units, regions) = self.batch.split_at_mut(n_units * n * bins);
        let slot = |e: usize| (e * n + j) * bins..(e * n + j + 1) * bins;
        for &r in &self.region_sums.order {
            let sum = &mut self.sum;
            sum.fill(Frame::default());
            let (subs, members) = &self.region_sums.parts[r];
            for &s in subs {
                for (a, b) in sum.iter_mut().zip(&regions[slot(s)]) {
                    a.add(b);
                }
            }
            for &member in members {
                for (a, b) in sum.iter_mut().zip(&units[slot(member)]) {
                    a.add(b);
                }
            }
            regions[slot(r)].copy_from_slice(sum);
        }
        outcomes
    }

    /// The last replicate's draws of the uncertain parameters.
    pub fn draws(&self) -> &[f64] {
        &self.draws
    }

    /// Frames (one per bin) of entity `e` from the last replicate.
    pub fn frames(&self, e: usize) -> &[Frame] {
        let bins = self.model.bins() as usize;
        let at = (e * self.batch_n + self.batch_j) * bins;
        &self.batch[at..at + bins]
    }

    /// Frames of entity `e` in every replicate of the batch, laid out for
    /// `Accumulator::add_batch`.
    pub(super) fn batch_of(&self, e: usize) -> &[Frame] {
        let block = self.model.bins() as usize * self.batch_n;
        &self.batch[e * block..(e + 1) * block]
    }
}
