//! Accumulators for every (entity, period, metric), and the finished summary.
//!
//! An entity is a unit or a region; periods are months and years. Adding a
//! batch of replicates feeds one frame per period and replicate; the counts are
//! exact, so the outcome is independent of the order batches arrive in (and so
//! of how replicates were split across threads). Memory depends on the number
//! of entities and periods, never on the number of replicates.

use rayon::prelude::*;

use crate::stats::frame::{self, Frame};
use crate::stats::hist::IntHistogram;
use crate::stats::sketch::{Batch, LogSketch, BATCH_MAX};
use crate::stats::{Metric, Stat, QUANTILES};

/// Distributions of all metrics for one entity in one period.
#[derive(Debug, Clone, Default, PartialEq)]
struct Cell {
    ints: [IntHistogram; 4],
    reals: [LogSketch; 4],
}

impl Cell {
    /// Adds a batch of at most `BATCH_MAX` replicates' frames (one per
    /// replicate, in replicate order: the batch sums behind sketched means
    /// depend on it), read where they lie in the caller's block.
    /// With `derived`, locum weeks and patients without a GP are fixed multiples
    /// of vacancy-months and are not tracked on their own.
    /// `batches` is scratch space, reused from cell to cell (a batch is 2 KB:
    /// making four per cell cost more than filling them).
    fn add_many<'a>(
        &mut self,
        frames: impl Iterator<Item = &'a Frame> + Clone,
        derived: bool,
        filled_derived: bool,
        batches: &mut [Batch; 4],
    ) {
        // No branch on the values: most months of most units have no vacancy,
        // departure or hire, but which ones do is close to a coin toss. The
        // counts and the batches are filled in separate passes over the
        // frames (a few KB, in cache): a count's rare slow path is a call,
        // which in a shared pass forced every batch's running sums out to
        // memory on every frame.
        let [f, v, d, h] = &mut self.ints;
        let [vm, lw, lc, pw] = &mut self.reals;
        let [bvm, blw, blc, bpw] = batches;
        {
            if filled_derived {
                for x in frames.clone() {
                    v.add(x.vacant);
                    d.add(x.departures);
                    h.add(x.hires);
                }
            } else {
                for x in frames.clone() {
                    f.add(x.filled);
                    v.add(x.vacant);
                    d.add(x.departures);
                    h.add(x.hires);
                }
            }
            let fill = |a: &mut Batch, b: &mut Batch, get: fn(&Frame) -> (f64, f64)| {
                a.clear();
                b.clear();
                for x in frames.clone() {
                    let (p, q) = get(x);
                    a.push(p);
                    b.push(q);
                }
            };
            fill(bvm, blc, |x| (x.vacancy_months, x.locum_cost_nok));
            bvm.finish(vm);
            blc.finish(lc);
            if !derived {
                fill(blw, bpw, |x| (x.locum_weeks, x.patients_without_gp));
                blw.finish(lw);
                bpw.finish(pw);
            }
        }
    }

    /// The statistics of metric `m`; `positions` when they never change, and
    /// then the filled positions' counts are those of the vacant ones,
    /// reflected.
    fn stat(&self, m: Metric, positions: Option<u32>) -> Stat {
        if let (Metric::Filled, Some(p)) = (m, positions) {
            let h = self.ints[1].reflected(p);
            return Stat {
                mean: h.mean(),
                quantiles: h.quantiles(&QUANTILES),
            };
        }
        match m {
            Metric::Filled | Metric::Vacant | Metric::Departures | Metric::Hires => {
                let h = &self.ints[match m {
                    Metric::Filled => 0,
                    Metric::Vacant => 1,
                    Metric::Departures => 2,
                    _ => 3,
                }];
                Stat {
                    mean: h.mean(),
                    quantiles: h.quantiles(&QUANTILES),
                }
            }
            _ => {
                let s = &self.reals[match m {
                    Metric::VacancyMonths => 0,
                    Metric::LocumWeeks => 1,
                    Metric::LocumCostNok => 2,
                    _ => 3,
                }];
                Stat {
                    mean: s.mean(),
                    quantiles: s.quantiles(&QUANTILES),
                }
            }
        }
    }
}

/// Running distributions for `entities` entities: per year always, per month
/// too when `monthly` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct Accumulator {
    /// Months when monthly, else 0.
    months: usize,
    years: usize,
    monthly: Vec<Cell>,
    yearly: Vec<Cell>,
    replicates: u64,
    /// Per entity: when locum cover and list length are the same in every
    /// replicate and period, locum weeks and patients without a GP are fixed
    /// multiples of vacancy-months: (weeks per vacant month, patients per vacant
    /// month). Their quantiles are then those of vacancy-months, scaled.
    derived: Vec<Option<(f64, f64)>>,
    /// Per entity: its positions when they are the same in every replicate
    /// and period; filled positions are then not counted on their own.
    positions: Vec<Option<u32>>,
}

impl Accumulator {
    /// `bins` reporting bins per entity: months if `monthly`, else years.
    pub fn new(
        entities: usize,
        bins: usize,
        monthly: bool,
        derived: Vec<Option<(f64, f64)>>,
    ) -> Self {
        let (months, years) = if monthly {
            (bins, bins / 12)
        } else {
            (0, bins)
        };
        Self {
            months,
            years,
            monthly: vec![Cell::default(); entities * months],
            yearly: vec![Cell::default(); entities * years],
            replicates: 0,
            derived,
            positions: Vec::new(),
        }
    }

    /// The same, with each entity's positions where they never change (see
    /// `positions`).
    pub fn with_fixed_positions(mut self, positions: Vec<Option<u32>>) -> Self {
        self.positions = positions;
        self
    }

    /// Feeds a batch of `n` replicates' frames of entity `e`, laid out
    /// replicate-major: `frames[j * bins + b]` is bin `b` of the batch's
    /// replicate `j`, so a replicate's frames are copied in as one run. Each
    /// cell's `n` values are read from this block (a few hundred KB, in the
    /// processor's second-level cache). With monthly bins the years are
    /// rolled up from the months.
    pub fn add_batch(&mut self, e: usize, frames: &[Frame], n: usize) {
        let years = self.years;
        let bins = if self.months == 0 { years } else { self.months };
        debug_assert_eq!(frames.len(), bins * n);
        let derived = self.derived.get(e).copied().flatten().is_some();
        let filled = self.positions.get(e).copied().flatten().is_some();
        let mut batches: [Batch; 4] = Default::default();
        let mut column = Vec::new();
        // A cell's values are read where they lie, every `bins`-th frame: no
        // copy (gathering them first copied every frame once more).
        for group in frames.chunks(BATCH_MAX * bins) {
            let cells = if self.months == 0 {
                &mut self.yearly[e * years..(e + 1) * years]
            } else {
                &mut self.monthly[e * bins..(e + 1) * bins]
            };
            for (b, cell) in cells.iter_mut().enumerate() {
                let frames = group[b..].iter().step_by(bins);
                cell.add_many(frames, derived, filled, &mut batches);
            }
            if self.months == 0 {
                continue;
            }
            // Years rolled up from each replicate's months, added in order
            // (the sums are those of `frame::year`).
            for y in 0..years {
                column.clear();
                column.extend(group.chunks_exact(bins).map(|rep| {
                    let mut f = Frame::default();
                    for x in &rep[y * 12..y * 12 + 12] {
                        frame::accumulate_month(&mut f, x);
                    }
                    frame::finish_year(&mut f);
                    f
                }));
                self.yearly[e * years + y].add_many(column.iter(), derived, filled, &mut batches);
            }
        }
    }

    /// Counts `n` finished replicates (after all their entities were added).
    pub fn finish_replicates(&mut self, n: u64) {
        self.replicates += n;
    }

    /// One accumulator of the accumulators of single entities (each made by
    /// `new` with one entity, given in entity order, each fed the same
    /// replicates), so that threads can add to different entities at once.
    pub fn join(parts: Vec<Accumulator>) -> Accumulator {
        let mut parts = parts.into_iter();
        let Some(mut all) = parts.next() else {
            return Accumulator::new(0, 0, false, Vec::new());
        };
        for p in parts {
            debug_assert_eq!(
                (p.months, p.years, p.replicates),
                (all.months, all.years, all.replicates)
            );
            all.monthly.extend(p.monthly);
            all.yearly.extend(p.yearly);
            all.derived.extend(p.derived);
            all.positions.extend(p.positions);
        }
        all
    }

    /// Mean and quantiles of every metric, for every entity and period.
    pub fn finish(&self) -> Table {
        let block = |cells: &[Cell], periods: usize, months_per_period: f64| -> Vec<[Stat; 8]> {
            // Cells are independent: finished in parallel, collected in order.
            cells
                .par_iter()
                .enumerate()
                .map(|(i, c)| {
                    let e = i / periods.max(1);
                    let derived = self.derived.get(e).copied().flatten();
                    let positions = self.positions.get(e).copied().flatten();
                    // Vacancy-months' statistics once, where two more metrics
                    // are multiples of them (each reads a whole sketch).
                    let vacancy = c.stat(Metric::VacancyMonths, None);
                    Metric::ALL.map(|m| match (m, derived) {
                        (Metric::VacancyMonths, _) => vacancy,
                        (Metric::LocumWeeks, Some((weeks, _))) => vacancy.scaled(weeks),
                        (Metric::PatientsWithoutGp, Some((_, patients))) => {
                            vacancy.scaled(patients / months_per_period)
                        }
                        _ => c.stat(m, positions),
                    })
                })
                .collect()
        };
        Table {
            months: self.months,
            years: self.years,
            monthly: block(&self.monthly, self.months, 1.0),
            yearly: block(&self.yearly, self.years, 12.0),
            replicates: self.replicates,
        }
    }
}

/// Finished statistics: `[entity][period]` rows of one `Stat` per metric (in
/// `Metric::ALL` order).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Number of months with statistics: 0 when only yearly ones were kept.
    pub months: usize,
    pub years: usize,
    pub replicates: u64,
    monthly: Vec<[Stat; 8]>,
    yearly: Vec<[Stat; 8]>,
}

fn metric_index(m: Metric) -> usize {
    Metric::ALL
        .iter()
        .position(|&x| x == m)
        .expect("every metric is in ALL")
}

impl Table {
    pub fn month(&self, entity: usize, month: usize, m: Metric) -> Stat {
        self.monthly[entity * self.months + month][metric_index(m)]
    }

    pub fn year(&self, entity: usize, year: usize, m: Metric) -> Stat {
        self.yearly[entity * self.years + year][metric_index(m)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame with values that add exactly in floating point (quarters), so
    /// that sums cannot depend on how replicates are grouped into batches.
    fn frame(e: usize, j: usize, b: usize) -> Frame {
        let k = (e * 7 + j * 5 + b * 3) % 11;
        Frame {
            filled: k as u32,
            vacant: (k % 3) as u32,
            departures: (k % 2) as u32,
            hires: (k % 4) as u32,
            vacancy_months: if k % 3 == 0 { 0.0 } else { k as f64 * 0.25 },
            locum_weeks: k as f64 * 0.5,
            locum_cost_nok: k as f64 * 1024.0,
            patients_without_gp: k as f64 * 8.0,
        }
    }

    /// A batch of replicates (laid out replicate-major) counts exactly as the
    /// same replicates fed one at a time, with monthly and with yearly bins.
    #[test]
    fn a_batch_equals_its_replicates_one_by_one() {
        let (entities, n) = (2, 5);
        for (bins, monthly) in [(24, true), (3, false)] {
            let mut batched = Accumulator::new(entities, bins, monthly, vec![None; entities]);
            let mut single = batched.clone();
            for e in 0..entities {
                let block: Vec<Frame> = (0..n)
                    .flat_map(|j| (0..bins).map(move |b| frame(e, j, b)))
                    .collect();
                batched.add_batch(e, &block, n);
                for rep in block.chunks_exact(bins) {
                    single.add_batch(e, rep, 1);
                }
            }
            assert_eq!(batched, single, "bins {bins}");
            assert_ne!(
                batched,
                Accumulator::new(entities, bins, monthly, vec![None; entities])
            );
        }
    }

    /// Entities accumulated one by one and joined equal all accumulated together.
    #[test]
    fn joined_entities_equal_one_accumulator() {
        let (entities, n, bins) = (3, 4, 3);
        let derived = vec![Some((4.0, 900.0)), None, None];
        let positions = vec![Some(11), None, Some(20)];
        let mut whole = Accumulator::new(entities, bins, false, derived.clone())
            .with_fixed_positions(positions.clone());
        let mut parts: Vec<Accumulator> = (0..entities)
            .map(|e| {
                Accumulator::new(1, bins, false, vec![derived[e]])
                    .with_fixed_positions(vec![positions[e]])
            })
            .collect();
        for (e, part) in parts.iter_mut().enumerate() {
            let block: Vec<Frame> = (0..n)
                .flat_map(|j| (0..bins).map(move |b| frame(e, j, b)))
                .collect();
            whole.add_batch(e, &block, n);
            part.add_batch(0, &block, n);
            part.finish_replicates(n as u64);
        }
        whole.finish_replicates(n as u64);
        assert_eq!(Accumulator::join(parts), whole);
    }
}
