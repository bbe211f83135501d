//! A unit's plan for one replicate: how positions, the departure hazard, the time
//! to fill, locum cover and list length develop over calendar time, given the
//! measures of a variant (none for the baseline) and the workload feedback.
//!
//! Everything is piecewise constant between monthly breakpoints. A departure time
//! comes from one uniform draw u by inverting the cumulative hazard at −ln u (or,
//! for a new doctor under the unit's own fixed hazard, from its tabulated time
//! in post from hire) in the calendar segment the doctor is in, as if that
//! segment lasted forever; only if the answer
//! lies beyond the segment's end is the hazard used up to there subtracted and the
//! next segment tried. So the arithmetic of an event before a breakpoint does not
//! depend on what comes after it, and a measure that starts in 2030 leaves every
//! event before 2030 bit-identical.
//! Pure: typed values in, typed values out.

use crate::fastmath;
use crate::model::hazard::PiecewiseHazard;
use crate::model::measure::Variant;
use crate::model::table::QuantileTable;
use crate::model::{Model, UnitDraw};
use crate::rng::{name_key, open01, stream};

/// How a unit's conditions develop over calendar time (months from the start).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// `(month, positions)` from that month on (just after its start).
    pub changes: Vec<(u32, u32)>,
    /// Calendar segments `(start month, departure hazard)`, the first starting
    /// at 0; `None` is the unit's own hazard (every factor 1). Empty when the
    /// hazard never changes.
    pub hazard: Vec<(f64, Option<PiecewiseHazard>)>,
    /// Calendar segments `(start month, factor)` multiplying the time to fill.
    pub fill: Vec<(f64, f64)>,
    /// Times (months) when a trained doctor arrives to take a vacant post.
    pub arrivals: Vec<f64>,
    /// Per reporting bin: share of vacant time covered by locums, patients per
    /// list, and positions at the bin's end.
    pub coverage: Vec<f64>,
    pub list_length: Vec<f64>,
    pub positions_end: Vec<u32>,
    /// Position-months in force per year (for costs per doctor).
    pub position_months: Vec<f64>,
    /// What a constant plan was last built from (positions, locum cover and
    /// list length as bits, months, months per bin): the same inputs give the
    /// same plan, which then is kept as it is. `None` after any other plan.
    constant_of: Option<(u32, u64, u64, u32, u32)>,
}

/// A measure in force in this unit: its ramp and the effects' values this replicate.
struct Active {
    measure: usize,
    start: f64,
    end: f64,
    ramp: f64,
}

impl Active {
    /// Strength in month `m`: 0 outside, rising by months over the ramp-up to 1.
    fn strength(&self, m: f64) -> f64 {
        if m < self.start || m >= self.end {
            0.0
        } else if self.ramp <= 0.0 {
            1.0
        } else {
            ((m - self.start + 1.0) / self.ramp).min(1.0)
        }
    }
}

fn blend(factor: f64, strength: f64) -> f64 {
    1.0 + (factor - 1.0) * strength
}

impl Plan {
    /// Builds the plan of unit `u` for one replicate, under `variant` (None: baseline).
    #[allow(clippy::too_many_arguments)]
    pub fn build(
        &mut self,
        model: &Model,
        u: usize,
        draw: &UnitDraw,
        variant: Option<&Variant>,
        draws: &[f64],
        seed: u64,
        rep: u64,
        months_per_bin: u32,
    ) {
        let unit = &model.units[u];
        let months = model.months();
        let horizon = f64::from(months);
        let bands = model.tenure_band_starts_years.len();
        let active: Vec<Active> = variant
            .map(|v| {
                v.uses
                    .iter()
                    .filter(|x| x.units.contains(&u))
                    .map(|x| Active {
                        measure: x.measure,
                        start: f64::from((x.start_year - model.base_year) * 12),
                        end: x
                            .end_year
                            .map_or(horizon, |e| f64::from((e + 1 - model.base_year) * 12))
                            .min(horizon),
                        ramp: (model.measures[x.measure].ramp_up_years * 12.0).round(),
                    })
                    .collect()
            })
            .unwrap_or_default();

        if active.is_empty() && unit.positions.changes.is_empty() {
            self.constant(unit.positions.initial, draw, months, months_per_bin);
            return;
        }

        self.constant_of = None;
        // Breakpoints: the start, changes in positions, and each month a measure
        // starts, ramps up or ends.
        let mut points: Vec<u32> = vec![0];
        points.extend(unit.positions.changes.iter().map(|c| c.0));
        for a in &active {
            let (s, e) = (a.start as u32, a.end as u32);
            points.extend((s..=(s + a.ramp as u32)).chain([e]).filter(|&m| m < months));
        }
        points.sort_unstable();
        points.dedup();

        let extra = |m: f64| -> u32 {
            active
                .iter()
                .filter(|a| a.strength(m) > 0.0)
                .map(|a| model.measures[a.measure].effects.extra_positions)
                .sum()
        };
        let positions = |m: u32| unit.positions.at_month(m) + extra(f64::from(m));
        let p0 = f64::from(unit.positions.initial.max(1));
        let elasticity = model.workload_elasticity.value(draws);
        let list_at = |m: u32| -> f64 {
            let ratio = p0 / f64::from(positions(m).max(1));
            let change: f64 = active
                .iter()
                .filter_map(|a| {
                    model.measures[a.measure]
                        .effects
                        .list_length_change_patients
                        .map(|c| c.value(draws) * a.strength(f64::from(m)))
                })
                .sum();
            (draw.list_length * ratio + change).max(0.0)
        };

        self.changes.clear();
        let mut last = unit.positions.initial;
        for &m in &points {
            let p = positions(m);
            if p != last {
                self.changes.push((m, p));
                last = p;
            }
        }

        self.hazard.clear();
        self.fill.clear();
        let mut last_factors: Option<Vec<f64>> = None;
        for &m in &points {
            let mf = f64::from(m);
            let mut factors = vec![1.0; bands];
            let mut per_measure: Vec<(usize, Vec<f64>)> = Vec::new();
            let mut fill = 1.0;
            for a in &active {
                let st = a.strength(mf);
                let fx = &model.measures[a.measure].effects;
                if let Some(h) = &fx.departure_hazard_multiplier {
                    let f: Vec<f64> = h.iter().map(|p| blend(p.value(draws), st)).collect();
                    factors.iter_mut().zip(&f).for_each(|(x, y)| *x *= y);
                    per_measure.push((a.measure, f));
                }
                if let Some(f) = fx.time_to_fill_multiplier {
                    fill *= blend(f.value(draws), st);
                }
            }
            if let Some(v) = variant {
                for it in &v.interactions {
                    let members: Vec<&Vec<f64>> = it
                        .measures
                        .iter()
                        .filter_map(|m| per_measure.iter().find(|(k, _)| k == m).map(|(_, f)| f))
                        .collect();
                    let all_on = members.len() == it.measures.len()
                        && it.measures.iter().all(|m| {
                            active
                                .iter()
                                .any(|a| a.measure == *m && a.strength(mf) > 0.0)
                        });
                    if all_on {
                        let syn = it.synergy.value(draws);
                        for (b, x) in factors.iter_mut().enumerate() {
                            let g: f64 = members.iter().map(|f| f[b]).product();
                            let boosted = (1.0 - (1.0 - g) * (1.0 + syn)).max(0.01);
                            *x *= boosted / g;
                        }
                    }
                }
            }
            let list = list_at(m);
            if draw.list_length > 0.0 && list != draw.list_length {
                let w = (list.max(1.0) / draw.list_length).powf(elasticity);
                factors.iter_mut().for_each(|x| *x *= w);
            }
            if last_factors.as_ref() != Some(&factors) {
                let own = factors.iter().all(|&x| x == 1.0);
                self.hazard
                    .push((mf, (!own).then(|| draw.departure.scaled_by_band(&factors))));
                last_factors = Some(factors);
            }
            if self.fill.last().is_none_or(|(_, f)| *f != fill) {
                self.fill.push((mf, fill));
            }
        }

        self.arrivals.clear();
        for a in &active {
            let Some(p) = &model.measures[a.measure].effects.pipeline else {
                continue;
            };
            let stay = p.stay_probability.value(draws);
            let first_year = (a.start / 12.0) as u32;
            let last_year = ((a.end / 12.0).ceil() as u32).min(months / 12);
            for year in first_year..last_year {
                for i in 0..p.trainees_per_year {
                    let key = format!(
                        "pipeline/{}/{}/{year}/{i}",
                        unit.id, model.measures[a.measure].id
                    );
                    let stays = open01(&mut stream(seed, rep, name_key(&key))) < stay;
                    let t = f64::from(year * 12)
                        + (f64::from(i) + 0.5) * 12.0 / f64::from(p.trainees_per_year)
                        + p.delay_years * 12.0;
                    if stays && t < horizon {
                        self.arrivals.push(t);
                    }
                }
            }
        }
        self.arrivals.sort_by(f64::total_cmp);

        let k = months_per_bin;
        let bins = months / k;
        self.coverage.clear();
        self.list_length.clear();
        self.positions_end.clear();
        for b in 0..bins {
            let (first, last) = (b * k, b * k + k - 1);
            let change: f64 = active
                .iter()
                .filter_map(|a| {
                    model.measures[a.measure]
                        .effects
                        .locum_coverage_change
                        .map(|c| c.value(draws) * a.strength(f64::from(first)))
                })
                .sum();
            self.coverage
                .push((draw.locum_coverage + change).clamp(0.0, 1.0));
            self.list_length.push(list_at(last));
            self.positions_end.push(positions(last));
        }
        self.position_months.clear();
        self.position_months.extend((0..months / 12).map(|y| {
            (y * 12..y * 12 + 12)
                .map(|m| f64::from(positions(m)))
                .sum::<f64>()
        }));
    }

    /// The plan of a unit whose conditions never change (the common case), built
    /// without allocating once the buffers exist.
    fn constant(&mut self, positions: u32, draw: &UnitDraw, months: u32, months_per_bin: u32) {
        // Most units' plans are the same in every replicate: built once.
        let of = Some((
            positions,
            draw.locum_coverage.to_bits(),
            draw.list_length.to_bits(),
            months,
            months_per_bin,
        ));
        if self.constant_of == of {
            return;
        }
        self.constant_of = of;
        let bins = (months / months_per_bin) as usize;
        self.changes.clear();
        self.arrivals.clear();
        self.hazard.clear();
        self.fill.clear();
        self.fill.push((0.0, 1.0));
        for (v, x) in [
            (&mut self.coverage, draw.locum_coverage),
            (&mut self.list_length, draw.list_length),
        ] {
            v.clear();
            v.resize(bins, x);
        }
        self.positions_end.clear();
        self.positions_end.resize(bins, positions);
        self.position_months.clear();
        self.position_months
            .resize((months / 12) as usize, f64::from(positions) * 12.0);
    }

    /// Factor on the time to fill for a vacancy that opens at `t`.
    #[inline]
    pub fn fill_factor(&self, t: f64) -> f64 {
        if self.fill.len() == 1 {
            return self.fill[0].1;
        }
        self.fill[self.fill.partition_point(|s| s.0 <= t).saturating_sub(1)].1
    }

    /// Time (absolute, months) at which a doctor in post since `t − tenure` leaves,
    /// for a uniform `u` (the Exp(1) draw is −ln u), under `base` (the unit's
    /// hazard by tenure) and the calendar segments. `from_hire` is `base`'s
    /// tabulated time in post from hire, if it has one: a doctor starting under
    /// the unit's own hazard draws from it.
    /// Without calendar segments (the common case) this is one look-up or one
    /// hazard inversion, inlined into the event loop; the walk across segments
    /// is not.
    #[inline(always)]
    pub fn departure(
        &self,
        base: &PiecewiseHazard,
        from_hire: Option<&QuantileTable>,
        tenure: f64,
        t: f64,
        u: f64,
    ) -> f64 {
        if self.hazard.is_empty() {
            return t + own_stay(base, from_hire, tenure, u);
        }
        self.departure_across_segments(base, from_hire, tenure, t, u)
    }

    /// `departure` with calendar segments: the same arithmetic per segment as
    /// without them, until a breakpoint is crossed.
    #[inline(never)]
    fn departure_across_segments(
        &self,
        base: &PiecewiseHazard,
        from_hire: Option<&QuantileTable>,
        tenure: f64,
        t: f64,
        u: f64,
    ) -> f64 {
        let (mut tenure, mut t, mut e) = (tenure, t, -fastmath::ln(u));
        let mut seg = self.hazard.partition_point(|s| s.0 <= t).saturating_sub(1);
        let mut first = true;
        loop {
            let own = self.hazard[seg].1.as_ref();
            let h = own.unwrap_or(base);
            // The same arithmetic as without segments, until a breakpoint is crossed.
            let leave = if first && own.is_none() {
                t + own_stay(base, from_hire, tenure, u)
            } else {
                t + (h.time_after(tenure, e) - tenure)
            };
            let Some(&(next, _)) = self.hazard.get(seg + 1) else {
                return leave;
            };
            if leave < next {
                return leave;
            }
            let end = tenure + (next - t);
            e = (e - (h.cumulative(end) - h.cumulative(tenure))).max(0.0);
            (tenure, t, seg, first) = (end, next, seg + 1, false);
        }
    }
}

/// Months a doctor with `tenure` stays under the unit's own hazard, for a
/// uniform `u`: from the table when just hired, else by inverting the hazard.
#[inline(always)]
fn own_stay(base: &PiecewiseHazard, from_hire: Option<&QuantileTable>, tenure: f64, u: f64) -> f64 {
    match from_hire {
        Some(table) if tenure == 0.0 => table.quantile(u),
        _ => base.time_after(tenure, -fastmath::ln(u)) - tenure,
    }
}
