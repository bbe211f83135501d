//! The finished statistics of a comparison, and what is read off them: a
//! figure for a package, year and metric; the measure cost per avoided month;
//! the year a package pays off. Built by `compare::compare`; pure numbers,
//! no I/O.

use crate::model::Role;
use crate::sim::compare::{CMetric, NM};
use crate::sim::compare_roles::ROLE_METRICS;
use crate::stats::Stat;

/// Finished comparison statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareTable {
    pub years: usize,
    pub replicates: u64,
    /// Index of `through_year` among the years.
    pub through: usize,
    /// `[v][y][metric]`.
    pub yearly: Vec<[Stat; NM]>,
    pub cumulative: Vec<[Stat; NM]>,
    /// `[s][y]`: (vacancy-months, locum cost) per scenario, 0 = baseline.
    pub levels: Vec<(Stat, Stat)>,
    /// Present values at the base year, through `through_year`: net cost,
    /// measure cost, and locum kroner saved.
    pub npv: Vec<Stat>,
    pub pv_measure: Vec<Stat>,
    pub pv_savings: Vec<Stat>,
    /// Share of replicates in which the net cost's present value is below zero.
    pub p_saves: Vec<f64>,
    pub discount_rate: f64,
    /// Year index of each variant's first measure.
    pub first_year: Vec<usize>,
    /// The roles of the units when there is more than one (else empty).
    pub roles: Vec<Role>,
    /// `[v * roles + r]`, summed through `through_year`: vacancy-months and
    /// patient-years without a GP (variant minus baseline), locum kroner
    /// saved, the measures' cost and the net cost (these three present
    /// values), and the measures' cost undiscounted.
    pub by_role: Vec<[Stat; ROLE_METRICS]>,
}

impl CompareTable {
    pub fn get(&self, v: usize, y: usize, m: CMetric, cumulative: bool) -> Stat {
        let i = CMetric::ALL
            .iter()
            .position(|&x| x == m)
            .expect("metric in ALL");
        (if cumulative {
            &self.cumulative
        } else {
            &self.yearly
        })[v * self.years + y][i]
    }

    /// Mean measure cost per avoided vacancy-month, cumulated through `through_year`.
    pub fn cost_per_avoided_vacancy_month(&self, v: usize) -> Option<f64> {
        let avoided = -self.get(v, self.through, CMetric::VacancyMonths, true).mean;
        (avoided > 0.0).then(|| {
            self.get(v, self.through, CMetric::MeasureCostNok, true)
                .mean
                / avoided
        })
    }

    /// Break-even: the first year, from the variant's first measure on, from
    /// which the expected net cost, discounted and cumulated from the base year,
    /// stays at or below zero to the horizon.
    pub fn break_even(&self, v: usize) -> Option<usize> {
        let mut cum = 0.0;
        let pv: Vec<f64> = (0..self.years)
            .map(|y| {
                cum += self.get(v, y, CMetric::NetCostNok, false).mean
                    / (1.0 + self.discount_rate).powi(y as i32);
                cum
            })
            .collect();
        let ok = |y: usize| pv[y] <= 0.0;
        let last_bad = (self.first_year[v]..self.years).rev().find(|&y| !ok(y));
        match last_bad {
            None => Some(self.first_year[v]),
            Some(y) if y + 1 < self.years => Some(y + 1),
            Some(_) => None,
        }
    }
}
