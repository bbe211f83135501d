//! One period's figures for one unit or region in one replicate, and how monthly
//! frames are built from a simulation trace and rolled up into years.
//!
//! Owns the definitions of the reported metrics in terms of the trace and the
//! replicate's parameters; never touches quantiles or files.

use crate::sim::plan::Plan;
use crate::sim::trace::Trace;
use crate::stats::Metric;

/// Weeks in an average month (365.25 / 7 / 12).
pub const WEEKS_PER_MONTH: f64 = 365.25 / 7.0 / 12.0;

/// Every metric for one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Frame {
    pub filled: u32,
    pub vacant: u32,
    pub departures: u32,
    pub hires: u32,
    pub vacancy_months: f64,
    pub locum_weeks: f64,
    pub locum_cost_nok: f64,
    /// Patient-months on uncovered vacant lists, divided by the period's months.
    pub patients_without_gp: f64,
}

impl Frame {
    pub fn get(&self, m: Metric) -> f64 {
        match m {
            Metric::Filled => f64::from(self.filled),
            Metric::Vacant => f64::from(self.vacant),
            Metric::Departures => f64::from(self.departures),
            Metric::Hires => f64::from(self.hires),
            Metric::VacancyMonths => self.vacancy_months,
            Metric::LocumWeeks => self.locum_weeks,
            Metric::LocumCostNok => self.locum_cost_nok,
            Metric::PatientsWithoutGp => self.patients_without_gp,
        }
    }

    /// Adds another frame of the same period (summing units into a region).
    pub fn add(&mut self, o: &Frame) {
        self.filled += o.filled;
        self.vacant += o.vacant;
        self.departures += o.departures;
        self.hires += o.hires;
        self.vacancy_months += o.vacancy_months;
        self.locum_weeks += o.locum_weeks;
        self.locum_cost_nok += o.locum_cost_nok;
        self.patients_without_gp += o.patients_without_gp;
    }
}

/// Adds `from` to `into`, frame by frame (summing units into a region).
pub fn add_all(into: &mut [Frame], from: &[Frame]) {
    for (a, b) in into.iter_mut().zip(from) {
        a.add(b);
    }
}

/// Frames of a unit into `out`, one per bin of its trace (as many as `out`
/// holds), with positions, locum cover and
/// list length per bin from the unit's plan; a bin spans `months_per_bin` months.
pub fn per_bin(
    trace: &Trace,
    plan: &Plan,
    price_per_week: f64,
    months_per_bin: f64,
    out: &mut [Frame],
) {
    let bins = trace.bins();
    assert_eq!(out.len(), bins, "one frame per bin");
    // Zipped slices: no bounds checks in the loop, which runs for every bin of
    // every unit in every replicate. The closure takes its numbers by value
    // (`move`), so they stay in registers instead of being re-read through
    // references on every bin.
    let per_month = months_per_bin == 1.0;
    let bins_of = trace
        .vacant_months_by_bin()
        .zip(&plan.coverage[..bins])
        .zip(&plan.list_length[..bins])
        .zip(&plan.positions_end[..bins])
        .zip(&trace.vacant_end[..bins])
        .zip(trace.departures[..bins].iter().zip(&trace.hires[..bins]));
    let frames = bins_of.map(
        move |(((((vm, &cover), &list), &positions), &vacant), (&d, &h))| {
            let weeks = cover * vm * WEEKS_PER_MONTH;
            let patients = (1.0 - cover) * vm * list;
            Frame {
                filled: positions - vacant,
                vacant,
                departures: d,
                hires: h,
                vacancy_months: vm,
                locum_weeks: weeks,
                locum_cost_nok: weeks * price_per_week,
                // x / 1 is x: no division for monthly bins.
                patients_without_gp: if per_month {
                    patients
                } else {
                    patients / months_per_bin
                },
            }
        },
    );
    for (o, f) in out.iter_mut().zip(frames) {
        *o = f;
    }
}

/// A year rolled up from its 12 monthly frames (in order): stocks at the year's
/// end, flows summed, patients without a GP averaged.
pub fn year<'a>(months: impl Iterator<Item = &'a Frame>) -> Frame {
    let mut f = Frame::default();
    for m in months {
        accumulate_month(&mut f, m);
    }
    finish_year(&mut f);
    f
}

/// Adds the next month `m` of a year being rolled up into `f` (see `year`).
#[inline]
pub fn accumulate_month(f: &mut Frame, m: &Frame) {
    f.filled = m.filled;
    f.vacant = m.vacant;
    f.departures += m.departures;
    f.hires += m.hires;
    f.vacancy_months += m.vacancy_months;
    f.locum_weeks += m.locum_weeks;
    f.locum_cost_nok += m.locum_cost_nok;
    f.patients_without_gp += m.patients_without_gp;
}

/// Completes a year rolled up with `accumulate_month` from its 12 months.
#[inline]
pub fn finish_year(f: &mut Frame) {
    f.patients_without_gp /= 12.0;
}
