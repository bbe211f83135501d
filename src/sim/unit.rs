//! One unit through one replicate: the event loop of the supply model.
//!
//! Each position slot has its own random stream, keyed by (seed, replicate, unit,
//! slot), and draws a fixed number of uniforms per event (1 per departure, 3 per
//! hire), so two scenarios that differ in one unit's parameters still share every
//! other draw. A doctor in post at the start is drawn by rejection from the
//! renewal process's equilibrium before the first event (a few uniforms; the
//! same in every scenario, since measures start at the earliest at month 0).
//! Units whose conditions never change take `sim::fast` instead, which samples
//! the same model with one draw per event. Work is proportional to departures
//! and hires, never to doctor-months. Pure: takes typed values, writes into a
//! caller's `Trace`.

use crate::fastmath;
use crate::model::stationary::StationaryTable;
use crate::model::table::QuantileTable;
use crate::model::{hazard::PiecewiseHazard, Unit, UnitDraw};
use crate::rng::{open01, replicate_key, slot_key, stream_in, Stream};
use crate::sim::fast::FillTime;
use crate::sim::plan::Plan;
use crate::sim::trace::Trace;

/// Retirement on the monthly clock (ages in months).
#[derive(Debug, Clone)]
pub struct RetirementMonths {
    pub hazard_by_age: PiecewiseHazard,
    pub max_age: f64,
    /// The youngest age at which anyone can retire (months).
    pub earliest: f64,
}

impl RetirementMonths {
    /// Retirement for one replicate's parameter draws (the same numbers as
    /// `to_months(&r.hazard_by_age(draws))`, built once).
    pub fn from_model(r: &crate::model::Retirement, draws: &[f64]) -> Self {
        let ages = std::iter::once(0.0).chain(r.band_start_ages_years.iter().copied());
        let rates: Vec<f64> = std::iter::once(0.0)
            .chain(r.hazard_per_year.iter().map(|p| p.value(draws)))
            .collect();
        let first = rates
            .iter()
            .zip(ages.clone())
            .find(|(&x, _)| x > 0.0)
            .map_or(f64::INFINITY, |(_, a)| a);
        Self {
            hazard_by_age: PiecewiseHazard::new(
                ages.map(|a| a * 12.0).collect(),
                rates.iter().map(|x| x / 12.0).collect(),
            )
            .expect("validated: increasing ages, non-negative hazards"),
            max_age: r.max_age_years * 12.0,
            earliest: first.min(r.max_age_years) * 12.0,
        }
    }

    /// The chance that a doctor aged `from` (months) has not retired by age
    /// `to` (before the maximum age).
    pub(crate) fn not_retired(&self, from: f64, to: f64) -> f64 {
        (self.hazard_by_age.cumulative(from) - self.hazard_by_age.cumulative(to)).exp()
    }

    /// Months until a doctor aged `age` (months) retires, from a uniform `u`.
    #[inline]
    pub(crate) fn time_left(&self, age: f64, u: f64) -> f64 {
        let retires_at = fastmath::min(
            self.hazard_by_age.time_after(age, -fastmath::ln(u)),
            self.max_age,
        );
        fastmath::max(retires_at - age, 0.0)
    }
}

/// How long after a month boundary a change in positions takes effect (an
/// instant: about 3 ms).
pub const SCHEDULE_LAG_MONTHS: f64 = 1e-9;

/// A position slot and the state of whoever (if anyone) holds it.
#[derive(Debug, Clone)]
pub struct Slot {
    filled: bool,
    /// Time of the slot's next event: a departure if filled, a hire if vacant.
    next: f64,
    /// Start of the current vacancy (meaningful when vacant).
    vacant_since: f64,
    rng: Stream,
}

/// Stocks at the start and the end of the horizon, for conservation checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub start_filled: u32,
    pub end_filled: u32,
}

/// Tabulated quantile functions of a unit's per-event draws, where they exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tables<'a> {
    /// Recruit age, years.
    pub recruit_age: Option<&'a QuantileTable>,
    /// Time to fill over its median (a lognormal with median 1) when σ is fixed.
    pub fill: Option<&'a QuantileTable>,
    /// Elapsed tenure of the doctors in post at the start, when the departure
    /// hazard is the same in every replicate.
    pub stationary: Option<&'a StationaryTable>,
    /// Time in post from hire under that hazard.
    pub from_hire: Option<&'a QuantileTable>,
}

struct Ctx<'a> {
    departure: &'a PiecewiseHazard,
    plan: &'a Plan,
    unit: &'a Unit,
    tables: Tables<'a>,
    retirement: &'a RetirementMonths,
    fill: FillTime<'a>,
    /// The factor on the time to fill when the plan has only one.
    fill_factor: Option<f64>,
}

impl Ctx<'_> {
    #[inline(always)]
    fn recruit_age_months(&self, u: f64) -> f64 {
        match self.tables.recruit_age {
            Some(t) => t.quantile(u) * 12.0,
            None => self.unit.recruit_age_months(u),
        }
    }

    /// Months until a doctor with `tenure` and `age` (months) at time `now`
    /// leaves the post.
    #[inline(always)]
    fn time_in_post(&self, tenure: f64, age: f64, now: f64, rng: &mut Stream) -> f64 {
        let (u_dep, u_ret) = (open01(rng), open01(rng));
        let leave = self
            .plan
            .departure(self.departure, self.tables.from_hire, tenure, now, u_dep)
            - now;
        if age + leave <= self.retirement.earliest {
            // Leaves before retirement could happen: no need to work out when.
            return leave;
        }
        fastmath::min(leave, self.retirement.time_left(age, u_ret))
    }

    #[inline(always)]
    fn vacate(&self, slot: &mut Slot, t: f64) {
        slot.filled = false;
        slot.vacant_since = t;
        let factor = self.fill_factor.unwrap_or_else(|| self.plan.fill_factor(t));
        slot.next = t + self.fill.months(open01(&mut slot.rng)) * factor;
    }

    #[inline(always)]
    fn hire(&self, slot: &mut Slot, t: f64) {
        let age = self.recruit_age_months(open01(&mut slot.rng));
        slot.filled = true;
        slot.next = t + self.time_in_post(0.0, age, t, &mut slot.rng);
    }

    /// Runs the slot's events up to and including time `until`.
    #[inline]
    fn advance(&self, slot: &mut Slot, until: f64, trace: &mut Trace) {
        while slot.next <= until {
            let t = slot.next;
            if slot.filled {
                trace.departure_at(t);
                self.vacate(slot, t);
            } else {
                trace.hire_at(t);
                trace.vacancy(slot.vacant_since, t);
                self.hire(slot, t);
            }
        }
    }
}

/// Most proposals drawn for one doctor in post at the start before falling
/// back to an elapsed tenure limited by the maximum age (reached only when
/// doctors would almost never leave before retiring).
const MAX_PROPOSALS: u32 = 10_000;

/// Elapsed tenure and age (months) of doctor `j` in post at the start, drawn
/// from `rng`. Unless the scenario gives them, they come from the renewal
/// process's equilibrium: a doctor hired at a recruit age a (from
/// `recruit_age`, a uniform to months), in post for x months, is seen with
/// density proportional to f(a) · S_D(x) · R(a + x | a), S_D the departure
/// hazard's survival and R the chance of not having retired. Sampled by
/// rejection: x from the stationary elapsed tenure (density S_D / E[D],
/// `stationary` if tabulated), a from the recruit age, kept with probability
/// R(a + x | a). The time left then follows from the hazards as for anyone
/// else, and is distributed as `InPost::first_departure` tabulates it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn initial_doctor(
    unit: &Unit,
    draw: &UnitDraw,
    retirement: &RetirementMonths,
    stationary: Option<&StationaryTable>,
    recruit_age: impl Fn(f64) -> f64,
    j: usize,
    rng: &mut Stream,
) -> (f64, f64) {
    let elapsed_below = |u: f64, limit: f64| match stationary {
        Some(t) => t.elapsed_below(u, limit),
        None => draw.departure.stationary_elapsed_below(u, limit),
    };
    match (&unit.initial_tenure_years, &unit.initial_age_years) {
        (Some(t), Some(a)) => (t[j] * 12.0, a[j] * 12.0),
        (Some(t), None) => (t[j] * 12.0, recruit_age(open01(rng)) + t[j] * 12.0),
        (None, Some(a)) => {
            // Nobody starts as a GP before about 25.
            let room = (a[j] * 12.0 - 25.0 * 12.0).max(1.0);
            (elapsed_below(open01(rng), room), a[j] * 12.0)
        }
        (None, None) => {
            let elapsed = |u: f64| match stationary {
                Some(t) => t.elapsed(u),
                None => draw.departure.stationary_elapsed(u),
            };
            let mut start_age = 0.0;
            for _ in 0..MAX_PROPOSALS {
                let tenure = elapsed(open01(rng));
                start_age = recruit_age(open01(rng));
                let age = start_age + tenure;
                if age <= retirement.earliest
                    || (age < retirement.max_age
                        && open01(rng) < retirement.not_retired(start_age, age))
                {
                    return (tenure, age);
                }
            }
            let room = (retirement.max_age - start_age).max(1.0);
            let tenure = elapsed_below(open01(rng), room);
            (tenure, start_age + tenure)
        }
    }
}

/// Simulates `unit` with this replicate's parameters `draw` over the trace's
/// horizon, adding into `trace` (which the caller clears). `slots` is scratch.
#[allow(clippy::too_many_arguments)]
pub fn simulate(
    unit: &Unit,
    draw: &UnitDraw,
    plan: &Plan,
    retirement: &RetirementMonths,
    tables: Tables,
    seed: u64,
    replicate: u64,
    slots: &mut Vec<Slot>,
    trace: &mut Trace,
) -> Outcome {
    let ctx = Ctx {
        departure: &draw.departure,
        plan,
        unit,
        tables,
        retirement,
        fill: FillTime::new(draw, tables.fill),
        fill_factor: (plan.fill.len() == 1).then(|| plan.fill[0].1),
    };
    let horizon = trace.horizon_months();
    let n0 = unit.positions.initial;
    let filled0 = n0 - unit.initial_vacant;
    slots.clear();
    let rk = replicate_key(seed, replicate);
    for id in 0..n0 {
        let mut rng = stream_in(rk, slot_key(unit.key, id));
        let mut slot = Slot {
            filled: false,
            next: 0.0,
            vacant_since: 0.0,
            rng: rng.clone(),
        };
        if id < filled0 {
            let (tenure, age) = initial_doctor(
                unit,
                draw,
                retirement,
                tables.stationary,
                |u| ctx.recruit_age_months(u),
                id as usize,
                &mut rng,
            );
            slot.filled = true;
            slot.next = ctx.time_in_post(tenure, age, 0.0, &mut rng);
            slot.rng = rng;
        } else {
            slot.rng = rng;
            ctx.vacate(&mut slot, 0.0);
        }
        slots.push(slot);
    }

    let mut next_id = n0;
    // Unit-level events in time order: changes in positions (just after their
    // month starts) and arrivals of trained doctors.
    let (mut c, mut a) = (0, 0);
    loop {
        let change_at = plan
            .changes
            .get(c)
            .map_or(f64::INFINITY, |x| f64::from(x.0) + SCHEDULE_LAG_MONTHS);
        let arrival_at = plan.arrivals.get(a).copied().unwrap_or(f64::INFINITY);
        let at = change_at.min(arrival_at);
        if at >= horizon {
            break;
        }
        for slot in slots.iter_mut() {
            ctx.advance(slot, at, trace);
        }
        if change_at <= arrival_at {
            let positions = plan.changes[c].1;
            c += 1;
            let current = slots.len() as u32;
            if positions > current {
                for _ in current..positions {
                    let rng = stream_in(rk, slot_key(unit.key, next_id));
                    next_id += 1;
                    let mut slot = Slot {
                        filled: false,
                        next: 0.0,
                        vacant_since: at,
                        rng,
                    };
                    ctx.vacate(&mut slot, at);
                    slots.push(slot);
                }
            } else {
                close(slots, (current - positions) as usize, at, trace);
            }
        } else {
            a += 1;
            // The trained doctor takes the post that has been vacant longest, if any.
            let longest = slots
                .iter_mut()
                .filter(|s| !s.filled)
                .min_by(|x, y| x.vacant_since.total_cmp(&y.vacant_since));
            if let Some(slot) = longest {
                trace.hire_at(at);
                trace.vacancy(slot.vacant_since, at);
                ctx.hire(slot, at);
            }
        }
    }

    for slot in slots.iter_mut() {
        ctx.advance(slot, horizon, trace);
        if !slot.filled {
            trace.vacancy(slot.vacant_since, f64::INFINITY);
        }
    }
    Outcome {
        start_filled: filled0,
        end_filled: slots.iter().filter(|s| s.filled).count() as u32,
    }
}

/// Closes `k` positions at time `at`: vacant ones first (the newest first), then
/// filled ones (the newest first), whose doctors leave (counted as departures).
fn close(slots: &mut Vec<Slot>, mut k: usize, at: f64, trace: &mut Trace) {
    for want_filled in [false, true] {
        let mut i = slots.len();
        while i > 0 && k > 0 {
            i -= 1;
            if slots[i].filled == want_filled {
                let s = slots.remove(i);
                if s.filled {
                    trace.departure_at(at);
                } else {
                    trace.vacancy(s.vacant_since, at);
                }
                k -= 1;
            }
        }
    }
}
