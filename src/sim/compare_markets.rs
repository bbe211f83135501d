//! `compare` for the units of labour markets: jointly (one market, one
//! scenario at a time) where the scenario switches the market on, one by one
//! as in `compare` where it does not. Split from `compare` to keep files small;
//! pure, no I/O.

use crate::sim::compare::CompareWorker;
use crate::sim::costs::add_measure_costs;
use crate::sim::market_run::active;
use crate::sim::unit::RetirementMonths;

impl CompareWorker<'_> {
    /// The units of labour markets: jointly where the scenario switches the market
    /// on, one by one (as above) where it does not.
    pub(super) fn markets(&mut self, seed: u64, rep: u64, retirement: &RetirementMonths) {
        let model = self.model;
        for (k, market) in model.markets.iter().enumerate() {
            for s in 0..=model.variants.len() {
                let variant = s.checked_sub(1).map(|v| &model.variants[v]);
                if active(model, k, variant) {
                    self.market_frames.resize(market.members.len(), Vec::new());
                    self.market_runner.run(
                        model,
                        k,
                        variant,
                        &self.fixed_hazards,
                        &self.draws,
                        retirement,
                        seed,
                        rep,
                        12,
                        &mut self.market_frames,
                    );
                    for (pos, &i) in market.members.iter().enumerate() {
                        let frames = &self.market_frames[pos];
                        Self::add(&mut self.totals[s], &mut self.by_role, s, i, frames);
                        if let Some(v) = variant {
                            self.costs.fill(0.0);
                            add_measure_costs(
                                model,
                                v,
                                i,
                                self.market_runner.plan(pos),
                                &self.market_frames[pos],
                                &self.draws,
                                &mut self.costs,
                            );
                            let costs = &self.costs;
                            Self::add_costs(&mut self.totals[s], &mut self.by_role, s, i, costs);
                        }
                    }
                    continue;
                }
                for &i in &market.members {
                    let uses = variant.is_some_and(|v| v.uses.iter().any(|x| x.units.contains(&i)));
                    if s > 0 && !uses {
                        let frames = &self.base_frames[i];
                        Self::add(&mut self.totals[s], &mut self.by_role, s, i, frames);
                        continue;
                    }
                    let u = &model.units[i];
                    let draw = u.resolve(
                        &model.tenure_band_starts_years,
                        &self.draws,
                        self.fixed_hazards[i].as_ref(),
                    );
                    self.plan
                        .build(model, i, &draw, variant, &self.draws, seed, rep, 12);
                    let out = if s == 0 {
                        &mut self.base_frames[i]
                    } else {
                        &mut self.frames
                    };
                    self.runner.run(
                        self.fast[i],
                        u,
                        &draw,
                        &self.plan,
                        retirement,
                        seed,
                        rep,
                        out,
                    );
                    let frames = if s == 0 {
                        &self.base_frames[i]
                    } else {
                        &self.frames
                    };
                    Self::add(&mut self.totals[s], &mut self.by_role, s, i, frames);
                    if let Some(v) = variant {
                        self.costs.fill(0.0);
                        add_measure_costs(
                            model,
                            v,
                            i,
                            &self.plan,
                            frames,
                            &self.draws,
                            &mut self.costs,
                        );
                        let costs = &self.costs;
                        Self::add_costs(&mut self.totals[s], &mut self.by_role, s, i, costs);
                    }
                }
            }
        }
    }
}
