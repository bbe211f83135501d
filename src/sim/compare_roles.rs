//! `compare` split by service: the GP service, the hospital's specialists,
//! nurses. A scenario with more than one kind of unit sums GP lists and
//! hospital posts in its totals, so a package can avoid vacancy-months in one
//! service while it costs them in the other; this module keeps the paired
//! differences per role beside the totals, so each part can be read (and
//! funded) on its own.
//!
//! Owns the per-role tallies of one replicate and their running statistics.
//! With one role there is nothing to split, and it keeps nothing. Pure: no I/O,
//! never draws random numbers.

use crate::model::{Model, Role};
use crate::sim::compare::Totals;
use crate::sim::costs::npv;
use crate::stats::frame::Frame;
use crate::stats::sketch::LogSketch;
use crate::stats::{Stat, QUANTILES};

/// Figures per package and role, in this order in `RoleStats`.
pub const ROLE_METRICS: usize = 6;

/// One replicate's yearly figures per scenario and role.
#[derive(Debug, Clone)]
pub struct RoleTotals {
    /// The roles present, in the order of `Role`'s variants; empty with one.
    pub roles: Vec<Role>,
    /// Each unit's index in `roles`.
    role_of: Vec<usize>,
    years: usize,
    /// `totals[s][r * years + y]`: scenario s (0 = baseline), role r, year y.
    totals: Vec<Vec<Totals>>,
}

impl RoleTotals {
    pub fn new(model: &Model) -> Self {
        let mut roles: Vec<Role> = model.units.iter().map(|u| u.role).collect();
        roles.sort_by_key(|r| *r as u8);
        roles.dedup();
        if roles.len() < 2 {
            roles.clear();
        }
        let years = model.horizon_years as usize;
        Self {
            role_of: model
                .units
                .iter()
                .map(|u| roles.iter().position(|r| *r == u.role).unwrap_or(0))
                .collect(),
            totals: vec![vec![Totals::default(); roles.len() * years]; model.variants.len() + 1],
            roles,
            years,
        }
    }

    /// Empties the tallies for the next replicate.
    pub fn clear(&mut self) {
        self.totals
            .iter_mut()
            .for_each(|t| t.fill(Totals::default()));
    }

    fn of(&mut self, s: usize, unit: usize) -> &mut [Totals] {
        let r = self.role_of[unit];
        &mut self.totals[s][r * self.years..(r + 1) * self.years]
    }

    /// Adds unit `unit`'s yearly frames in scenario `s`.
    pub fn add(&mut self, s: usize, unit: usize, frames: &[Frame]) {
        if self.roles.is_empty() {
            return;
        }
        Totals::add_frames(self.of(s, unit), frames);
    }

    /// Adds what the measures cost at unit `unit` per year in scenario `s`.
    pub fn add_costs(&mut self, s: usize, unit: usize, costs: &[f64]) {
        if self.roles.is_empty() {
            return;
        }
        Totals::add_costs(self.of(s, unit), costs);
    }
}

/// Running statistics per package and role, summed from the base year through
/// `through_year`: vacancy-months and patient-years without a GP (variant
/// minus baseline, as `CompareTable::cumulative`), locum kroner saved, the
/// measures' cost, and the net cost (these three as present values, as
/// `CompareTable::pv_savings`, `pv_measure` and `npv`), and the measures'
/// cost undiscounted (for the cost per avoided month). Kept as the package
/// totals are, so that a package that changes one service has its figures.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RoleAcc {
    roles: usize,
    /// `[(v * roles + r) * ROLE_METRICS + m]`.
    sketches: Vec<LogSketch>,
}

impl RoleAcc {
    pub(super) fn new(variants: usize, roles: usize) -> Self {
        Self {
            roles,
            sketches: vec![LogSketch::default(); variants * roles * ROLE_METRICS],
        }
    }

    pub(super) fn add(&mut self, t: &RoleTotals, through: usize, rate: f64) {
        let years = t.years;
        for v in 0..t.totals.len().saturating_sub(1) {
            for r in 0..self.roles {
                let span = r * years..r * years + through + 1;
                let (base, mine) = (&t.totals[0][span.clone()], &t.totals[v + 1][span]);
                let sum = |f: fn(&Totals) -> f64| -> f64 {
                    mine.iter().zip(base).map(|(a, b)| f(a) - f(b)).sum()
                };
                let locum: Vec<f64> = mine
                    .iter()
                    .zip(base)
                    .map(|(a, b)| a.locum_cost - b.locum_cost)
                    .collect();
                let cost: Vec<f64> = mine.iter().map(|a| a.measure_cost).collect();
                let net: Vec<f64> = locum.iter().zip(&cost).map(|(l, c)| l + c).collect();
                let at = (v * self.roles + r) * ROLE_METRICS;
                self.sketches[at].add(sum(|x| x.vacancy_months));
                self.sketches[at + 1].add(sum(|x| x.patient_years));
                self.sketches[at + 2].add(-npv(&locum, rate));
                self.sketches[at + 3].add(npv(&cost, rate));
                self.sketches[at + 4].add(npv(&net, rate));
                self.sketches[at + 5].add(cost.iter().sum());
            }
        }
    }

    pub(super) fn merge(&mut self, o: &RoleAcc) {
        self.sketches
            .iter_mut()
            .zip(&o.sketches)
            .for_each(|(a, b)| a.merge(b));
    }

    /// `[v * roles + r]`: the figures' statistics.
    pub(super) fn finish(&self) -> Vec<[Stat; ROLE_METRICS]> {
        self.sketches
            .chunks(ROLE_METRICS)
            .map(|c| {
                [0, 1, 2, 3, 4, 5].map(|m| Stat {
                    mean: c[m].mean(),
                    quantiles: c[m].quantiles(&QUANTILES),
                })
            })
            .collect()
    }
}
