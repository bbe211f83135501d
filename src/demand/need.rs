//! Need per year and how positions follow it.
//!
//! Need in year t (in positions, full-time equivalents):
//!
//! ```text
//! need(t) = base_need × W(t) / W(base) × (1 + growth)^(t − base) × task_factor
//! W(t)    = Σ over sex and age of population(t) × relative use (the profile)
//! ```
//!
//! For a GP service `base_need` = population(base) ÷ target list length, and
//! `task_factor` = (1 − s₀) ÷ (1 − s), where s₀ is the share of GP time spent on
//! municipal tasks today (from SSB's list length corrected for municipal hours)
//! and s the share the plan assumes. For hospital units and other professions
//! `base_need` is the base year's full-time equivalents. Pure arithmetic.

use crate::demography::{AgeSex, AgeSexWeights};

/// How need grows from its base-year level.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedSettings {
    pub weights: AgeSexWeights,
    /// Need in the base year, in positions.
    pub base_need: f64,
    /// Growth in use per person beyond demography, per year (0.005 = 0.5 %).
    pub growth_per_year: f64,
    /// Multiplier for a changed share of time on other tasks (1 = unchanged).
    pub task_factor: f64,
}

/// Need for each year of `populations` (the first is the base year).
pub fn need_by_year(populations: &[AgeSex], s: &NeedSettings) -> Vec<f64> {
    let Some(first) = populations.first() else {
        return Vec::new();
    };
    let w0 = first.weighted(&s.weights);
    populations
        .iter()
        .enumerate()
        .map(|(t, p)| {
            let ratio = if w0 > 0.0 {
                p.weighted(&s.weights) / w0
            } else {
                1.0
            };
            s.base_need * ratio * (1.0 + s.growth_per_year).powi(t as i32) * s.task_factor
        })
        .collect()
}

/// How a whole number of positions is made from need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Nearest,
    Up,
    Down,
}

impl Rounding {
    pub fn apply(self, x: f64) -> f64 {
        match self {
            Rounding::Nearest => x.round(),
            Rounding::Up => (x - 1e-9).ceil(),
            Rounding::Down => (x + 1e-9).floor(),
        }
    }
}

/// How positions follow need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Follow {
    pub lag_years: u32,
    pub rounding: Rounding,
    /// Need must move this far (in positions) beyond the rounding threshold
    /// before positions change, so that need hovering around a half does not
    /// add and cut a position year after year.
    pub dead_band: f64,
    /// Follow the change in need from the base year (positions × need / base
    /// need) rather than its level.
    pub relative: bool,
}

/// Positions that follow need: from 1 January of each year after the base year,
/// the need of `lag_years` earlier (relative or level), held back by the dead
/// band, rounded, at least 1, starting from `initial`. Returns `(month,
/// positions)` changes, months from the base year.
pub fn follow(need: &[f64], initial: u32, f: &Follow) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut current = initial;
    let base = need.first().copied().unwrap_or(0.0);
    for year in 1..need.len() {
        let Some(source) = year.checked_sub(f.lag_years as usize) else {
            continue;
        };
        let target = if f.relative {
            if base > 0.0 {
                f64::from(initial) * need[source] / base
            } else {
                f64::from(initial)
            }
        } else {
            need[source]
        };
        // Pull the target towards today's positions by the dead band.
        let c = f64::from(current);
        let held = if target > c {
            (target - f.dead_band).max(c)
        } else {
            (target + f.dead_band).min(c)
        };
        let next = f.rounding.apply(held).max(1.0) as u32;
        if next != current {
            out.push((year as u32 * 12, next));
            current = next;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demography::AGES;

    fn pop(young: f64, old: f64) -> AgeSex {
        let mut p = AgeSex::zero();
        p.male[30] = young;
        p.female[85] = old;
        p
    }

    #[test]
    fn need_follows_the_weighted_population() {
        let mut w = AgeSexWeights {
            male: [1.0; AGES],
            female: [1.0; AGES],
        };
        w.female[85] = 3.0;
        let s = NeedSettings {
            weights: w,
            base_need: 10.0,
            growth_per_year: 0.0,
            task_factor: 1.0,
        };
        // W: 100 + 3·50 = 250, then 100 + 3·100 = 400.
        let n = need_by_year(&[pop(100.0, 50.0), pop(100.0, 100.0)], &s);
        assert_eq!(n, vec![10.0, 16.0]);
        let s = NeedSettings {
            growth_per_year: 0.5,
            task_factor: 2.0,
            ..s
        };
        let n = need_by_year(&[pop(100.0, 50.0), pop(100.0, 50.0)], &s);
        assert_eq!(n, vec![20.0, 30.0]);
    }

    fn level(lag_years: u32, rounding: Rounding, dead_band: f64) -> Follow {
        Follow {
            lag_years,
            rounding,
            dead_band,
            relative: false,
        }
    }

    #[test]
    fn positions_follow_need_with_lag_and_rounding() {
        let need = [8.0, 8.4, 8.6, 9.6, 7.2];
        assert_eq!(
            follow(&need, 8, &level(1, Rounding::Nearest, 0.0)),
            vec![(36, 9), (48, 10)]
        );
        assert_eq!(
            follow(&need, 8, &level(0, Rounding::Up, 0.0)),
            vec![(12, 9), (36, 10), (48, 8)]
        );
        assert_eq!(
            follow(&need, 8, &level(1, Rounding::Down, 0.0)),
            vec![(48, 9)]
        );
        assert_eq!(follow(&need, 8, &level(2, Rounding::Down, 0.0)), vec![]);
        assert_eq!(
            follow(&[0.2, 0.1], 1, &level(1, Rounding::Down, 0.0)),
            vec![]
        );
    }

    #[test]
    fn a_dead_band_stops_positions_flipping_around_a_half() {
        // Need hovering around 4.5 (Bø): without a dead band positions go 4, 5, 4, 5.
        let need = [4.5, 4.52, 4.49, 4.62, 4.48];
        assert_eq!(
            follow(&need, 4, &level(0, Rounding::Nearest, 0.0)),
            vec![(12, 5), (24, 4), (36, 5), (48, 4)]
        );
        assert_eq!(follow(&need, 4, &level(0, Rounding::Nearest, 0.25)), vec![]);
        // A real rise still gets through: 4.8 - 0.25 = 4.55 rounds to 5.
        assert_eq!(
            follow(&[4.5, 4.8], 4, &level(0, Rounding::Nearest, 0.25)),
            vec![(12, 5)]
        );
    }

    #[test]
    fn relative_following_starts_from_todays_positions() {
        // Need 4.5 against 4 positions today: following the change keeps 4 until
        // need has grown by about a quarter (4 × 5.7 / 4.5 = 5.07 → 5).
        let f = Follow {
            lag_years: 0,
            rounding: Rounding::Nearest,
            dead_band: 0.0,
            relative: true,
        };
        assert_eq!(follow(&[4.5, 4.6, 5.7], 4, &f), vec![(24, 5)]);
    }
}
