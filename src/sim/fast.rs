//! The event loop for a unit whose conditions never change: a fixed departure
//! hazard, fixed retirement, constant positions, no measure in any variant,
//! no labour market, and no tenures or ages given for the doctors in post.
//! That is most units of a national run.
//!
//! Such a unit needs only two kinds of draws, each from 64 random bits and one
//! table look-up read off them: a time to fill, and a time in post (`model::in_post`, which
//! folds the recruit age, the departure hazard and retirement into one
//! distribution). The doctors in post at the start take their first departure
//! from the same process in equilibrium. This samples the same model as
//! `sim::unit` does, the long way, with fewer random numbers, so a unit uses
//! this path or the other in every scenario of a run (`fast_units` decides
//! once per model), keeping common random numbers between the baseline and the
//! variants. Time runs on the trace's bin clock (2³² ticks a bin), so an
//! event's bin is the high word of its time. Pure: typed values in, a trace out.

use crate::fastmath;
use crate::model::grid::uniform_of_bits;
use crate::model::in_post::InPost;
use crate::model::table::QuantileTable;
use crate::model::{Model, Param, Unit, UnitDraw};
use crate::rng::{replicate_key, stream_in};
use crate::sim::market_run::{active, market_of};
use crate::sim::trace::Trace;
use crate::sim::unit::Outcome;
use rand::Rng;

/// Which units of `model` take the fast path, in every scenario of a run.
pub fn fast_units(model: &Model) -> Vec<bool> {
    // Members of a market that is on in the baseline or in some variant (one
    // switched off everywhere leaves its members independent units).
    let in_market: Vec<bool> = market_of(model)
        .into_iter()
        .map(|m| {
            m.is_some_and(|k| {
                active(model, k, None) || model.variants.iter().any(|v| active(model, k, Some(v)))
            })
        })
        .collect();
    let retirement_fixed = model
        .retirement
        .hazard_per_year
        .iter()
        .all(|p| matches!(p, Param::Fixed(_)));
    model
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            retirement_fixed
                && !in_market[i]
                && u.departure_is_fixed()
                && u.positions.changes.is_empty()
                && u.initial_tenure_years.is_none()
                && u.initial_age_years.is_none()
                && !model
                    .variants
                    .iter()
                    .any(|v| v.uses.iter().any(|x| x.units.contains(&i)))
        })
        .collect()
}

/// A unit's time to fill from one uniform, or from the 64 random bits that stand for one.
#[derive(Debug, Clone, Copy)]
pub struct FillTime<'a> {
    pub median: f64,
    /// Over the median, tabulated (lognormal with a fixed σ).
    pub table: Option<&'a QuantileTable>,
    /// σ of a lognormal without a table; `None`: exponential.
    pub sigma: Option<f64>,
}

impl<'a> FillTime<'a> {
    pub fn new(draw: &UnitDraw, table: Option<&'a QuantileTable>) -> Self {
        Self {
            median: draw.fill_median_months,
            table,
            sigma: draw.fill_sigma,
        }
    }

    /// Months to fill a vacancy, from random bits `r` (the uniform they stand
    /// for, `grid::uniform_of_bits`).
    #[inline(always)]
    pub fn months_bits(&self, r: u64) -> f64 {
        match self.table {
            Some(t) => self.median * t.quantile_bits(r),
            None => self.months(uniform_of_bits(r)),
        }
    }

    /// Months to fill a vacancy, from a uniform `u`.
    #[inline(always)]
    pub fn months(&self, u: f64) -> f64 {
        if let Some(t) = self.table {
            return self.median * t.quantile(u);
        }
        match self.sigma {
            // The mean of the exponential with this median is median / ln 2.
            None => -fastmath::ln(u) * (self.median / std::f64::consts::LN_2),
            Some(s) => self.median * (s * crate::model::normal::inv_cdf_fast(u)).exp(),
        }
    }
}

/// Simulates `unit` over the trace's horizon into `trace` (which the caller
/// clears), on its bin clock (`trace::bin_clock`). Each position slot has its
/// own stream, keyed as in `sim::unit` (`slot_keys[id]` is
/// `slot_key(unit.key, id)`, the same in every replicate), and draws 64
/// random bits per event; `fill` gives the
/// months to fill a vacancy from them (the uniform they stand for,
/// `grid::uniform_of_bits`, read off the bits by the tables).
pub fn simulate(
    unit: &Unit,
    slot_keys: &[u64],
    in_post: &InPost,
    fill: impl Fn(u64) -> f64,
    seed: u64,
    replicate: u64,
    trace: &mut Trace,
) -> Outcome {
    // Times on the trace's bin clock (2³² ticks a bin): each duration is
    // rounded once, and an event's bin is the high word of its time.
    let horizon = trace.horizon_bin_ticks();
    let n0 = unit.positions.initial;
    let filled0 = n0 - unit.initial_vacant;
    let rk = replicate_key(seed, replicate);
    let mut end_filled = 0;
    for (id, &key) in slot_keys[..n0 as usize].iter().enumerate() {
        let mut rng = stream_in(rk, key);
        let filled = (id as u32) < filled0;
        // The time of the slot's next event: a departure when filled, a hire
        // when vacant.
        let r = rng.next_u64();
        let mut t = trace.to_bin_ticks(if filled {
            in_post.first_departure_bits(r)
        } else {
            fill(r)
        });
        if filled {
            if t > horizon {
                end_filled += 1;
                continue;
            }
            trace.vacated_at(t);
            t += trace.to_bin_ticks(fill(rng.next_u64()));
        }
        // Vacant until `t`: a hire, then a time in post and a departure,
        // then a time to fill.
        while t <= horizon {
            trace.filled_at(t);
            t += trace.to_bin_ticks(in_post.time_from_hire_bits(rng.next_u64()));
            if t > horizon {
                end_filled += 1;
                break;
            }
            trace.vacated_at(t);
            t += trace.to_bin_ticks(fill(rng.next_u64()));
        }
    }
    trace.settle(unit.initial_vacant);
    Outcome {
        start_filled: filled0,
        end_filled,
    }
}
