//! A doctor's whole time in post as one distribution, tabulated: from hire
//! (leaving by the departure hazard or retiring, whichever comes first, at a
//! random recruit age), and the time until the first departure of a doctor in
//! post at the start (the same renewal process observed in equilibrium).
//!
//! With these, a hire or a doctor in post at the start costs one uniform and
//! one table look-up instead of three draws, a hazard inversion and a
//! retirement check. The event loop of `sim::unit` samples the same model the
//! long way, and tests check the two against each other.
//!
//! The model, with D the time to departure by the tenure hazard, a the recruit
//! age, R(y | a) the chance that a doctor aged a has not retired by age y
//! (zero from the maximum age M on), all in months:
//! - time in post from hire T = min(D, retirement): survival
//!   S_T(t) = S_D(t) · A(t), with A(t) = E_a[R(a + t | a)];
//! - first departure of a doctor in post at the start: the forward recurrence
//!   time of T, P(> s) = ∫ₛ^∞ S_T / E[T]. This is exactly what drawing the
//!   doctor's age at hire and elapsed tenure from the process's equilibrium
//!   and then their remaining time gives (`sim::unit::initial_doctor`).
//!
//! Numerics: A on a grid of half months by a 1,024-cell quadrature over the
//! recruit age's quantiles, the cut at the maximum age taken within a cell;
//! −ln S_T interpolated linearly between nodes (exact for a constant hazard);
//! both quantile functions on `ProbGrid`, with a search of the fine grid in
//! the tails. Errors are tested against fine quadrature and against sampling
//! the model the long way. Pure numerics: never draws random numbers.

use crate::model::dist::Dist;
use crate::model::grid::{uniform_of_bits, ProbGrid};
use crate::model::hazard::PiecewiseHazard;

/// Grid step, months.
const STEP: f64 = 0.5;
/// Cells of the quadrature over the recruit age.
const CELLS: usize = 1024;
/// Longest time in post tabulated (100 years), whatever the distributions.
const MAX_MONTHS: f64 = 1200.0;

/// A(t): the chance of not having retired t months after hire, averaged over
/// the recruit age, on the grid `k · STEP`; zero once nobody can remain.
#[derive(Debug, Clone, PartialEq)]
pub struct NotRetired {
    /// What it was built from: recruit age (years), retirement hazard by age
    /// (months), maximum age (months).
    recruit: Dist,
    retirement: PiecewiseHazard,
    max_age: f64,
    values: Vec<f64>,
}

impl NotRetired {
    /// A(t) for recruit ages `recruit` (years) and retirement by `retirement`
    /// (monthly hazard by age in months) up to `max_age` (months).
    pub fn new(recruit: &Dist, retirement: &PiecewiseHazard, max_age: f64) -> Option<Self> {
        // Quantile cells of the recruit age (months): mass 1/CELLS each,
        // evaluated at the middle, cut at the maximum age within the cell.
        let q = |v: f64| {
            recruit
                .quantile(v.clamp(1e-12, 1.0 - 1e-12))
                .map(|a| a * 12.0)
        };
        let mut cells = Vec::with_capacity(CELLS);
        for i in 0..CELLS {
            let lo = q(i as f64 / CELLS as f64)?;
            let hi = q((i + 1) as f64 / CELLS as f64)?;
            let mid = q((i as f64 + 0.5) / CELLS as f64)?;
            cells.push((lo, hi, mid, retirement.cumulative(mid.max(0.0))));
        }
        let youngest = cells.first().map_or(0.0, |c| c.0);
        let last = ((max_age - youngest).clamp(0.0, MAX_MONTHS) / STEP).ceil() as usize + 1;
        let values = (0..=last)
            .map(|k| {
                let t = k as f64 * STEP;
                let cut = max_age - t;
                // Cells are in order of age, so the age reached after t
                // grows from cell to cell: the retirement band is walked to.
                let mut band = 0;
                let sum: f64 = cells
                    .iter()
                    .map(|&(lo, hi, mid, h_mid)| {
                        let share = if hi <= cut {
                            1.0
                        } else if lo >= cut {
                            0.0
                        } else {
                            (cut - lo) / (hi - lo)
                        };
                        if share == 0.0 {
                            return 0.0;
                        }
                        let h =
                            retirement.cumulative_onwards((mid + t).max(0.0), &mut band) - h_mid;
                        // exp(−0) is 1 exactly: the cells still below any
                        // retirement age need no `exp`.
                        if h == 0.0 {
                            share
                        } else {
                            share * (-h).exp()
                        }
                    })
                    .sum();
                sum / CELLS as f64
            })
            .collect();
        Some(Self {
            recruit: recruit.clone(),
            retirement: retirement.clone(),
            max_age,
            values,
        })
    }

    /// Whether this was built from these distributions.
    pub fn is_of(&self, recruit: &Dist, retirement: &PiecewiseHazard, max_age: f64) -> bool {
        &self.recruit == recruit && &self.retirement == retirement && self.max_age == max_age
    }

    /// A at node `k` (zero beyond the grid).
    pub fn at(&self, k: usize) -> f64 {
        self.values.get(k).copied().unwrap_or(0.0)
    }
}

/// The time in post from hire and the first departure of a doctor in post at
/// the start, as quantile functions of one uniform each.
#[derive(Debug, Clone, PartialEq)]
pub struct InPost {
    fine: Fine,
    from_hire: ProbGrid,
    first: ProbGrid,
}

/// S_T on the fine grid.
#[derive(Debug, Clone, PartialEq)]
struct Fine {
    /// G(t) = −ln S_T(t) at the nodes where S_T > 0 (S_T falls linearly to 0
    /// over the cell after the last of them).
    g: Vec<f64>,
    /// ∫ S_T from each node on.
    tail: Vec<f64>,
}

impl InPost {
    /// The tables for departure hazard `departure` (monthly, by tenure in
    /// months) and `not_retired`; `None` if the grid has no room.
    pub fn new(departure: &PiecewiseHazard, not_retired: &NotRetired) -> Option<Self> {
        let g: Vec<f64> = (0..not_retired.values.len())
            .map(|k| departure.cumulative(k as f64 * STEP) - not_retired.at(k).ln())
            .take_while(|x| x.is_finite())
            .collect();
        if g.len() < 2 {
            return None;
        }
        let n = g.len();
        let mut tail = vec![0.0; n];
        tail[n - 1] = cell_integral(g[n - 1], None);
        for k in (0..n - 1).rev() {
            tail[k] = tail[k + 1] + cell_integral(g[k], Some(g[k + 1]));
        }
        let fine = Fine { g, tail };
        Some(Self {
            from_hire: ProbGrid::new(|u| Some(fine.time_from_hire(u)))?,
            first: ProbGrid::new(|u| Some(fine.first_departure(u)))?,
            fine,
        })
    }

    /// Mean time in post from hire, months.
    pub fn mean(&self) -> f64 {
        self.fine.tail[0]
    }

    /// Months in post from hire with probability `u` of staying longer.
    #[inline]
    pub fn time_from_hire(&self, u: f64) -> f64 {
        match self.from_hire.get(u) {
            Some(t) => t,
            None => self.fine.time_from_hire(u),
        }
    }

    /// `time_from_hire` at the uniform that random bits `r` stand for
    /// (`grid::uniform_of_bits`).
    #[inline]
    pub fn time_from_hire_bits(&self, r: u64) -> f64 {
        match self.from_hire.get_bits(r) {
            Some(t) => t,
            None => self.fine.time_from_hire(uniform_of_bits(r)),
        }
    }

    /// `first_departure` at the uniform that random bits `r` stand for.
    #[inline]
    pub fn first_departure_bits(&self, r: u64) -> f64 {
        match self.first.get_bits(r) {
            Some(t) => t,
            None => self.fine.first_departure(uniform_of_bits(r)),
        }
    }

    /// Months until a doctor in post at the start leaves, with probability
    /// `u` of staying longer.
    #[inline]
    pub fn first_departure(&self, u: f64) -> f64 {
        match self.first.get(u) {
            Some(t) => t,
            None => self.fine.first_departure(u),
        }
    }
}

impl Fine {
    /// The time in post from hire by searching the grid: G(t) = −ln u.
    #[cold]
    fn time_from_hire(&self, u: f64) -> f64 {
        let target = -u.ln();
        let g = &self.g;
        // The last node at or below the target (G increases from G(0) = 0).
        let k = g.partition_point(|&x| x <= target).saturating_sub(1);
        match g.get(k + 1) {
            Some(&next) if next - g[k] > 1e-12 => {
                STEP * (k as f64 + ((target - g[k]) / (next - g[k])).clamp(0.0, 1.0))
            }
            Some(_) => STEP * k as f64,
            // In the last cell, where S_T falls linearly to 0.
            None => STEP * (k as f64 + (1.0 - u * g[k].exp()).clamp(0.0, 1.0)),
        }
    }

    /// The first departure by searching the grid: ∫ₛ^∞ S_T = u · E[T].
    #[cold]
    fn first_departure(&self, u: f64) -> f64 {
        let target = u * self.tail[0];
        let (g, tail) = (&self.g, &self.tail);
        // The last node whose tail is at least the target.
        let k = tail.partition_point(|&x| x >= target).saturating_sub(1);
        let s0 = (-g[k]).exp();
        let rest = target - tail.get(k + 1).copied().unwrap_or(0.0);
        match g.get(k + 1) {
            Some(&next) if next - g[k] > 1e-12 => {
                // S falls at rate r in the cell, so ∫ₛ^end S = (S(s) − S(end)) / r.
                let r = (next - g[k]) / STEP;
                let s = (-next).exp() + r * rest;
                STEP * k as f64 + ((-s.ln() - g[k]) / r).clamp(0.0, STEP)
            }
            Some(_) => STEP * (k as f64 + 1.0) - (rest / s0).clamp(0.0, STEP),
            // The last cell: S falls linearly to 0, ∫ₛ^end S = s0·STEP/2·(1 − f)².
            None => {
                let left = (2.0 * rest / (s0 * STEP)).clamp(0.0, 1.0);
                STEP * (k as f64 + 1.0 - left.sqrt())
            }
        }
    }
}

/// ∫ S over one grid cell whose −ln S is `g0` at its start and `g1` at its
/// end (log-linear in between), or falls linearly to 0 when `g1` is `None`.
fn cell_integral(g0: f64, g1: Option<f64>) -> f64 {
    let s0 = (-g0).exp();
    match g1 {
        None => s0 * STEP / 2.0,
        Some(g1) if g1 - g0 > 1e-12 => (s0 - (-g1).exp()) / ((g1 - g0) / STEP),
        Some(_) => s0 * STEP,
    }
}

#[cfg(test)]
mod tests;
