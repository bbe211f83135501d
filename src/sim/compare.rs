//! Scenario comparison (issue 4): the baseline and every variant run in the same
//! replicate with the same streams (common random numbers), and the paired
//! differences are folded into statistics. Units a variant does not touch are not
//! simulated again: with common random numbers their results are the baseline's.
//! Yearly resolution. Pure: no I/O.

use rayon::prelude::*;

use crate::model::hazard::PiecewiseHazard;
use crate::model::Model;
use crate::sim::compare_roles::{RoleAcc, RoleTotals};
pub use crate::sim::compare_table::CompareTable;
use crate::sim::costs::{add_measure_costs, npv};
use crate::sim::engine::RunOptions;
use crate::sim::market_run::{market_of, MarketRunner};
use crate::sim::plan::Plan;
use crate::sim::runner::Runner;
use crate::sim::unit::RetirementMonths;
use crate::stats::frame::Frame;
use crate::stats::sketch::LogSketch;
use crate::stats::{Stat, QUANTILES};

/// Yearly figures compared between variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CMetric {
    /// Vacant position-months, variant minus baseline.
    VacancyMonths,
    /// Patient-years without a GP, variant minus baseline.
    PatientYearsWithoutGp,
    /// Locum cost, variant minus baseline.
    LocumCostNok,
    /// What the variant's measures cost.
    MeasureCostNok,
    /// Locum cost difference plus measure cost (negative: the variant saves money).
    NetCostNok,
}

impl CMetric {
    pub const ALL: [CMetric; 5] = [
        CMetric::VacancyMonths,
        CMetric::PatientYearsWithoutGp,
        CMetric::LocumCostNok,
        CMetric::MeasureCostNok,
        CMetric::NetCostNok,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CMetric::VacancyMonths => "vacancy_months",
            CMetric::PatientYearsWithoutGp => "patient_years_without_gp",
            CMetric::LocumCostNok => "locum_cost_nok",
            CMetric::MeasureCostNok => "measure_cost_nok",
            CMetric::NetCostNok => "net_cost_nok",
        }
    }
}

/// Compared metrics (`CMetric::ALL`).
pub(super) const NM: usize = 5;

/// One replicate's yearly totals over all units, per scenario.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Totals {
    pub vacancy_months: f64,
    pub patient_years: f64,
    pub locum_cost: f64,
    pub measure_cost: f64,
}

impl Totals {
    /// Adds a unit's yearly frames, year by year, into `totals`.
    pub(super) fn add_frames(totals: &mut [Totals], frames: &[Frame]) {
        for (t, f) in totals.iter_mut().zip(frames) {
            t.vacancy_months += f.vacancy_months;
            t.patient_years += f.patients_without_gp;
            t.locum_cost += f.locum_cost_nok;
        }
    }

    /// Adds a unit's measure costs, year by year, into `totals`.
    pub(super) fn add_costs(totals: &mut [Totals], costs: &[f64]) {
        for (t, c) in totals.iter_mut().zip(costs) {
            t.measure_cost += c;
        }
    }
}

/// Scratch space for one worker, and the last replicate's results.
pub struct CompareWorker<'m> {
    pub(super) model: &'m Model,
    pub(super) fixed_hazards: Vec<Option<PiecewiseHazard>>,
    pub(super) draws: Vec<f64>,
    pub(super) runner: Runner,
    pub(super) plan: Plan,
    pub(super) base_frames: Vec<Vec<Frame>>,
    pub(super) frames: Vec<Frame>,
    pub(super) costs: Vec<f64>,
    in_market: Vec<bool>,
    /// Units on the fast path (`sim::fast`): never one a variant changes.
    pub(super) fast: Vec<bool>,
    pub(super) market_runner: MarketRunner,
    pub(super) market_frames: Vec<Vec<Frame>>,
    /// `totals[s][y]`: scenario s (0 = baseline, then the variants), year y.
    pub totals: Vec<Vec<Totals>>,
    /// The same per role, when the units have more than one.
    pub by_role: RoleTotals,
}

impl<'m> CompareWorker<'m> {
    pub fn new(model: &'m Model) -> Self {
        let years = model.horizon_years as usize;
        Self {
            model,
            fixed_hazards: model.fixed_departures(),
            draws: Vec::new(),
            runner: Runner::new(model.horizon_years, 12),
            plan: Plan::default(),
            // A year's frames per unit (the runner fills them in place).
            base_frames: vec![vec![Frame::default(); years]; model.units.len()],
            frames: vec![Frame::default(); years],
            costs: vec![0.0; years],
            in_market: market_of(model).iter().map(Option::is_some).collect(),
            fast: crate::sim::fast::fast_units(model),
            market_runner: MarketRunner::default(),
            market_frames: Vec::new(),
            totals: vec![vec![Totals::default(); years]; model.variants.len() + 1],
            by_role: RoleTotals::new(model),
        }
    }

    /// Adds unit `i`'s yearly frames to scenario `s`'s totals (`totals` is
    /// `self.totals[s]`), in all and per role.
    pub(super) fn add(
        totals: &mut [Totals],
        by_role: &mut RoleTotals,
        s: usize,
        i: usize,
        frames: &[Frame],
    ) {
        Totals::add_frames(totals, frames);
        by_role.add(s, i, frames);
    }

    /// Adds what the measures cost at unit `i` per year to scenario `s`'s
    /// totals (`totals` is `self.totals[s]`), in all and per role.
    pub(super) fn add_costs(
        totals: &mut [Totals],
        by_role: &mut RoleTotals,
        s: usize,
        i: usize,
        costs: &[f64],
    ) {
        Totals::add_costs(totals, costs);
        by_role.add_costs(s, i, costs);
    }

    /// Runs replicate `rep` for the baseline and every variant into `self.totals`.
    pub fn replicate(&mut self, seed: u64, rep: u64) {
        let model = self.model;
        model.draw_parameters(seed, rep, &mut self.draws);
        let retirement = RetirementMonths::from_model(&model.retirement, &self.draws);
        self.totals
            .iter_mut()
            .for_each(|t| t.fill(Totals::default()));
        self.by_role.clear();
        for (i, u) in model.units.iter().enumerate() {
            if self.in_market[i] {
                continue;
            }
            let draw = u.resolve(
                &model.tenure_band_starts_years,
                &self.draws,
                self.fixed_hazards[i].as_ref(),
            );
            self.plan
                .build(model, i, &draw, None, &self.draws, seed, rep, 12);
            self.runner.run(
                self.fast[i],
                u,
                &draw,
                &self.plan,
                &retirement,
                seed,
                rep,
                &mut self.base_frames[i],
            );
            Self::add(
                &mut self.totals[0],
                &mut self.by_role,
                0,
                i,
                &self.base_frames[i],
            );
            for (v, variant) in model.variants.iter().enumerate() {
                if !variant.uses.iter().any(|x| x.units.contains(&i)) {
                    let frames = &self.base_frames[i];
                    Self::add(&mut self.totals[v + 1], &mut self.by_role, v + 1, i, frames);
                    continue;
                }
                self.plan
                    .build(model, i, &draw, Some(variant), &self.draws, seed, rep, 12);
                self.runner.run(
                    false,
                    u,
                    &draw,
                    &self.plan,
                    &retirement,
                    seed,
                    rep,
                    &mut self.frames,
                );
                Self::add(
                    &mut self.totals[v + 1],
                    &mut self.by_role,
                    v + 1,
                    i,
                    &self.frames,
                );
                self.costs.fill(0.0);
                add_measure_costs(
                    model,
                    variant,
                    i,
                    &self.plan,
                    &self.frames,
                    &self.draws,
                    &mut self.costs,
                );
                let costs = &self.costs;
                Self::add_costs(&mut self.totals[v + 1], &mut self.by_role, v + 1, i, costs);
            }
        }
        self.markets(seed, rep, &retirement);
    }

    /// Yearly paired differences of variant `v` (0-based) from the last replicate.
    pub fn differences(&self, v: usize) -> Vec<[f64; NM]> {
        self.totals[v + 1]
            .iter()
            .zip(&self.totals[0])
            .map(|(a, b)| {
                let d_locum = a.locum_cost - b.locum_cost;
                [
                    a.vacancy_months - b.vacancy_months,
                    a.patient_years - b.patient_years,
                    d_locum,
                    a.measure_cost,
                    d_locum + a.measure_cost,
                ]
            })
            .collect()
    }
}

/// Running statistics of a comparison.
#[derive(Debug, Clone, PartialEq)]
struct Acc {
    years: usize,
    /// `[v][y][metric]` yearly and cumulative differences.
    yearly: Vec<LogSketch>,
    cumulative: Vec<LogSketch>,
    /// Yearly vacancy-months and locum cost per scenario (0 = baseline): `[s][y][2]`.
    levels: Vec<LogSketch>,
    npv: Vec<LogSketch>,
    pv_measure: Vec<LogSketch>,
    pv_savings: Vec<LogSketch>,
    saves: Vec<u64>,
    roles: RoleAcc,
    n: u64,
}

impl Acc {
    fn new(variants: usize, years: usize, roles: usize) -> Self {
        Self {
            years,
            yearly: vec![LogSketch::default(); variants * years * NM],
            cumulative: vec![LogSketch::default(); variants * years * NM],
            levels: vec![LogSketch::default(); (variants + 1) * years * 2],
            npv: vec![LogSketch::default(); variants],
            pv_measure: vec![LogSketch::default(); variants],
            pv_savings: vec![LogSketch::default(); variants],
            saves: vec![0; variants],
            roles: RoleAcc::new(variants, roles),
            n: 0,
        }
    }

    fn add(&mut self, w: &CompareWorker, through: usize, rate: f64) {
        let years = self.years;
        for (s, t) in w.totals.iter().enumerate() {
            for (y, x) in t.iter().enumerate() {
                self.levels[(s * years + y) * 2].add(x.vacancy_months);
                self.levels[(s * years + y) * 2 + 1].add(x.locum_cost);
            }
        }
        for v in 0..self.npv.len() {
            let d = w.differences(v);
            let mut cum = [0.0; NM];
            for (y, row) in d.iter().enumerate() {
                for m in 0..NM {
                    cum[m] += row[m];
                    self.yearly[(v * years + y) * NM + m].add(row[m]);
                    self.cumulative[(v * years + y) * NM + m].add(cum[m]);
                }
            }
            let pv = |m: usize| {
                npv(
                    &d.iter().take(through + 1).map(|r| r[m]).collect::<Vec<_>>(),
                    rate,
                )
            };
            let net = pv(4);
            self.npv[v].add(net);
            self.pv_measure[v].add(pv(3));
            self.pv_savings[v].add(-pv(2));
            if net < 0.0 {
                self.saves[v] += 1;
            }
        }
        self.roles.add(&w.by_role, through, rate);
        self.n += 1;
    }

    fn merge(mut self, o: Acc) -> Acc {
        for (a, b) in [
            (&mut self.yearly, &o.yearly),
            (&mut self.cumulative, &o.cumulative),
            (&mut self.levels, &o.levels),
            (&mut self.npv, &o.npv),
            (&mut self.pv_measure, &o.pv_measure),
            (&mut self.pv_savings, &o.pv_savings),
        ] {
            a.iter_mut().zip(b).for_each(|(x, y)| x.merge(y));
        }
        self.saves
            .iter_mut()
            .zip(&o.saves)
            .for_each(|(a, b)| *a += b);
        self.roles.merge(&o.roles);
        self.n += o.n;
        self
    }
}

fn stat(s: &LogSketch) -> Stat {
    Stat {
        mean: s.mean(),
        quantiles: s.quantiles(&QUANTILES),
    }
}

/// Runs the comparison.
pub fn compare(model: &Model, opts: RunOptions, progress: &(dyn Fn(u64) + Sync)) -> CompareTable {
    let (variants, years) = (model.variants.len(), model.horizon_years as usize);
    let through = (model.comparison.through_year - model.base_year) as usize;
    let rate = model.comparison.discount_rate;
    const CHUNK: u64 = 64;
    let chunks = opts.replicates.div_ceil(CHUNK) as usize;
    let roles = RoleTotals::new(model).roles;
    let work = || {
        (0..chunks)
            .into_par_iter()
            .fold(
                || {
                    (
                        CompareWorker::new(model),
                        Acc::new(variants, years, roles.len()),
                    )
                },
                |(mut w, mut acc), c| {
                    let (start, end) = (
                        c as u64 * CHUNK,
                        ((c as u64 + 1) * CHUNK).min(opts.replicates),
                    );
                    for rep in start..end {
                        w.replicate(opts.seed, rep);
                        acc.add(&w, through, rate);
                    }
                    progress(end - start);
                    (w, acc)
                },
            )
            .map(|(_, acc)| acc)
            .reduce(|| Acc::new(variants, years, roles.len()), Acc::merge)
    };
    let acc = match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    let block = |cells: &[LogSketch]| {
        cells
            .chunks(NM)
            .map(|c| [0, 1, 2, 3, 4].map(|m| stat(&c[m])))
            .collect()
    };
    CompareTable {
        years,
        replicates: acc.n,
        through,
        yearly: block(&acc.yearly),
        cumulative: block(&acc.cumulative),
        levels: acc
            .levels
            .chunks(2)
            .map(|c| (stat(&c[0]), stat(&c[1])))
            .collect(),
        npv: acc.npv.iter().map(stat).collect(),
        pv_measure: acc.pv_measure.iter().map(stat).collect(),
        pv_savings: acc.pv_savings.iter().map(stat).collect(),
        discount_rate: rate,
        p_saves: acc
            .saves
            .iter()
            .map(|&s| s as f64 / acc.n.max(1) as f64)
            .collect(),
        first_year: model
            .variants
            .iter()
            .map(|v| {
                v.uses
                    .iter()
                    .map(|x| (x.start_year - model.base_year) as usize)
                    .min()
                    .unwrap_or(0)
            })
            .collect(),
        by_role: acc.roles.finish(),
        roles,
    }
}
