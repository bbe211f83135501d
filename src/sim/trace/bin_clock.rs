//! The clock of `sim::fast`: 2³² ticks a bin, so that an event's bin is the
//! high word of its time, with vacancies kept as differences. A unit's slots
//! report each departure (`vacated_at`, which opens a vacancy) and each hire
//! (`filled_at`, which closes one); `settle` then turns the counts per bin
//! into the vacant positions at each bin's end and the vacant time within each
//! bin, in one pass over the bins. An event costs the same whether or not its
//! vacancy spans a bin end (walking the bins a vacancy spans took 8 % of a
//! national run). Owns this arithmetic only; the month clock of `sim::unit`
//! is `Trace::vacancy`.

use super::Trace;

/// Times on the clock of `sim::fast`: 2³² ticks per bin, so that an event's
/// bin is the high word (a bin tick is a whole number of month ticks).
pub type BinTicks = i64;

/// One bin on this clock.
const BIN: BinTicks = 1 << 32;

impl Trace {
    /// Months in ticks of 2⁻³² of a bin (`BinTicks`), rounded to the nearest.
    #[inline(always)]
    pub fn to_bin_ticks(&self, months: f64) -> BinTicks {
        // Adding 2⁵² rounds a non-negative number below it to a whole one,
        // which the bits then give (two instructions, where a checked
        // conversion takes eight). Capped at 10⁵ months, far beyond any
        // horizon, to stay below 2⁵².
        const TWO_52: f64 = 4_503_599_627_370_496.0;
        let x = crate::fastmath::min(months, 1e5) * self.bin_ticks_per_month + TWO_52;
        (x.to_bits() - TWO_52.to_bits()) as BinTicks
    }

    /// The horizon in `BinTicks`.
    #[inline(always)]
    pub fn horizon_bin_ticks(&self) -> BinTicks {
        (self.bins() as BinTicks) << 32
    }

    /// The bin of an event at `t` (at most the horizon): ⌈t / 2³²⌉ − 1, and
    /// bin 0 for an event at 0.
    #[inline(always)]
    fn bin_of_bin_ticks(t: BinTicks) -> usize {
        ((t - 1) >> 32).max(0) as usize
    }

    /// A departure at `t` (at most the horizon): the position is vacant from
    /// `t` until its `filled_at`, or beyond the horizon without one.
    #[inline(always)]
    pub fn vacated_at(&mut self, t: BinTicks) {
        let b = Self::bin_of_bin_ticks(t);
        self.departures[b] += 1;
        self.to_bin_end[b] += (b as BinTicks + 1) * BIN - t;
    }

    /// A hire at `t` (at most the horizon) into a position vacant since its
    /// `vacated_at`, or since 0.
    #[inline(always)]
    pub fn filled_at(&mut self, t: BinTicks) {
        let b = Self::bin_of_bin_ticks(t);
        self.hires[b] += 1;
        self.to_bin_end[b] -= (b as BinTicks + 1) * BIN - t;
    }

    /// The stocks and vacant times of a unit whose slots have all reported
    /// their events, `initially_vacant` of them vacant at 0. A bin's vacant
    /// time is the time of the vacancies open at its start, in whole bins,
    /// plus the time from each opened in it to its end, less the same for each
    /// closed in it. Integers throughout: the result is exactly that of
    /// adding each vacancy's share of each bin.
    pub fn settle(&mut self, initially_vacant: u32) {
        let k = self.k_months;
        let mut open = i64::from(initially_vacant);
        let bins = self.bins();
        let per_bin = self.vacant_ticks[..bins]
            .iter_mut()
            .zip(&mut self.vacant_end[..bins])
            .zip(&self.to_bin_end[..bins])
            .zip(self.departures[..bins].iter().zip(&self.hires[..bins]));
        for (((ticks, end), &to_end), (&d, &h)) in per_bin {
            *ticks = (open * BIN + to_end) * k;
            open += i64::from(d) - i64::from(h);
            *end = open as u32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One slot's spell on both clocks: vacant from `a` (a departure, or
    /// vacant at 0 when `a` is `None`) until a hire at `z` (none beyond the
    /// 24-month horizon).
    fn both(k: u32, a: Option<f64>, z: f64) -> (Trace, Trace) {
        let bins = 24 / k;
        let (mut m, mut t) = (Trace::new(bins, k), Trace::new(bins, k));
        let from = a.unwrap_or(0.0);
        m.vacancy(from, z);
        if let Some(a) = a {
            m.departure_at(a);
            t.vacated_at(t.to_bin_ticks(a));
        }
        if z <= 24.0 {
            m.hire_at(z);
            t.filled_at(t.to_bin_ticks(z));
        }
        t.settle(u32::from(a.is_none()));
        (m, t)
    }

    fn assert_same(m: &Trace, t: &Trace, what: &str) {
        assert_eq!(m.departures, t.departures, "{what}");
        assert_eq!(m.hires, t.hires, "{what}");
        assert_eq!(m.vacant_end, t.vacant_end, "{what}");
        for (x, y) in m.vacant_months_by_bin().zip(t.vacant_months_by_bin()) {
            // Each end rounded to a bin tick: 12 month ticks at most.
            assert!((x - y).abs() < 6e-9, "{what}: {x} vs {y}");
        }
    }

    /// Spells starting and ending on quarter months, on whole months and bin
    /// ends, and beyond the horizon give the same bins, stocks and vacant
    /// time (to a bin tick) as the month clock.
    #[test]
    fn the_bin_clock_agrees_with_months() {
        let points: Vec<f64> = (0..=100).map(|i| i as f64 * 0.25).collect();
        let ends = points.iter().chain(&[30.0, f64::INFINITY]);
        for k in [1u32, 12] {
            // At exactly the horizon the clocks differ on purpose (below).
            for &z in ends.clone().filter(|&&z| z != 24.0) {
                for &a in points.iter().filter(|&&a| a < 24.0 && a <= z) {
                    let (m, t) = both(k, Some(a), z);
                    assert_same(&m, &t, &format!("k={k} a={a} z={z}"));
                }
                let (m, t) = both(k, None, z);
                assert_same(&m, &t, &format!("k={k} vacant at 0, z={z}"));
            }
        }
    }

    /// A hire at exactly the horizon fills the position in the last stock (a
    /// stock is the state after every event at its instant); a departure there
    /// leaves it vacant.
    #[test]
    fn events_at_the_horizon_count_in_the_last_stock() {
        let mut t = Trace::new(2, 12);
        t.vacated_at(t.to_bin_ticks(6.0));
        t.filled_at(t.horizon_bin_ticks());
        t.settle(0);
        assert_eq!(t.vacant_end, [1, 0]);
        assert_eq!(t.hires, [0, 1]);
        let mut t = Trace::new(2, 12);
        t.vacated_at(t.horizon_bin_ticks());
        t.settle(0);
        assert_eq!(
            (t.vacant_end.clone(), t.departures.clone()),
            (vec![0, 1], vec![0, 1])
        );
        assert_eq!(t.vacant_months_by_bin().sum::<f64>(), 0.0);
    }

    /// Slots add up: two overlapping spells and an initially vacant slot.
    #[test]
    fn slots_of_a_unit_add_up() {
        let mut m = Trace::new(3, 12);
        let mut t = Trace::new(3, 12);
        for (a, z) in [(3.0, 30.5), (11.0, 12.0), (0.0, 14.25)] {
            m.vacancy(a, z);
        }
        m.departure_at(3.0);
        m.departure_at(11.0);
        m.hire_at(30.5);
        m.hire_at(12.0);
        m.hire_at(14.25);
        for a in [3.0, 11.0] {
            t.vacated_at(t.to_bin_ticks(a));
        }
        for z in [30.5, 12.0, 14.25] {
            t.filled_at(t.to_bin_ticks(z));
        }
        t.settle(1);
        assert_same(&m, &t, "three slots");
    }
}
