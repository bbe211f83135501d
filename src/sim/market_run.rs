//! Runs one regional labour market for one replicate under the baseline or a
//! variant: resolves the members' parameters and plans, calls the joint loop
//! (`market::simulate`) and turns each member's trace into frames. Scratch space
//! is reused across replicates. Pure; no I/O.

use crate::model::hazard::PiecewiseHazard;
use crate::model::measure::Variant;
use crate::model::Model;
use crate::sim::market::{simulate, Flows, Member};
use crate::sim::plan::Plan;
use crate::sim::trace::Trace;
use crate::sim::unit::{Outcome, RetirementMonths};
use crate::stats::frame::Frame;

/// Whether market `k` runs in scenario `variant` (None = the baseline).
pub fn active(model: &Model, k: usize, variant: Option<&Variant>) -> bool {
    model.markets[k].enabled || variant.is_some_and(|v| v.markets.contains(&k))
}

/// The market a unit belongs to, if any.
pub fn market_of(model: &Model) -> Vec<Option<usize>> {
    let mut out = vec![None; model.units.len()];
    for (k, m) in model.markets.iter().enumerate() {
        for &u in &m.members {
            out[u] = Some(k);
        }
    }
    out
}

/// Scratch space for running markets.
#[derive(Debug, Clone, Default)]
pub struct MarketRunner {
    traces: Vec<Trace>,
    plans: Vec<Plan>,
    pub flows: Flows,
}

impl MarketRunner {
    /// The plan of the `pos`-th member in the last run.
    pub fn plan(&self, pos: usize) -> &Plan {
        &self.plans[pos]
    }

    /// Runs market `k` for replicate `rep`; member `pos`'s frames go to
    /// `frames[pos]` (one per bin of `months_per_bin` months).
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        model: &Model,
        k: usize,
        variant: Option<&Variant>,
        fixed_hazards: &[Option<PiecewiseHazard>],
        draws: &[f64],
        retirement: &RetirementMonths,
        seed: u64,
        rep: u64,
        months_per_bin: u32,
        frames: &mut [Vec<Frame>],
    ) -> Vec<Outcome> {
        let market = &model.markets[k];
        let n = market.members.len();
        let bins = model.months() / months_per_bin;
        self.traces
            .resize_with(n, || Trace::new(bins, months_per_bin));
        self.plans.resize_with(n, Plan::default);
        let unit_draws: Vec<_> = market
            .members
            .iter()
            .map(|&i| {
                model.units[i].resolve(
                    &model.tenure_band_starts_years,
                    draws,
                    fixed_hazards[i].as_ref(),
                )
            })
            .collect();
        for (pos, &i) in market.members.iter().enumerate() {
            if self.traces[pos].bins() != bins as usize {
                self.traces[pos] = Trace::new(bins, months_per_bin);
            }
            self.traces[pos].clear();
            self.plans[pos].build(
                model,
                i,
                &unit_draws[pos],
                variant,
                draws,
                seed,
                rep,
                months_per_bin,
            );
        }
        let members: Vec<Member> = market
            .members
            .iter()
            .enumerate()
            .map(|(pos, &i)| Member {
                unit: &model.units[i],
                draw: &unit_draws[pos],
                plan: &self.plans[pos],
            })
            .collect();
        let outcomes = simulate(
            market,
            &members,
            market.move_share.value(draws),
            market.outside_per_year.value(draws),
            retirement,
            seed,
            rep,
            &mut self.traces,
            &mut self.flows,
        );
        for pos in 0..n {
            frames[pos].resize(self.traces[pos].bins(), Default::default());
            crate::stats::frame::per_bin(
                &self.traces[pos],
                &self.plans[pos],
                unit_draws[pos].locum_price_per_week,
                self.traces[pos].months_per_bin(),
                &mut frames[pos],
            );
        }
        outcomes
    }
}
