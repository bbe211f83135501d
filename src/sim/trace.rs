//! What one replicate of one unit leaves behind, per reporting bin (a month, or
//! a year when only yearly results are kept): vacancy time, vacant positions at
//! each bin's end, departures and hires. Buffers are reused across replicates.
//! Owns the arithmetic of attributing events and intervals to bins; knows
//! nothing of parameters, streams or statistics.

/// Ticks per month for vacant time (2³²: about 0.6 ms).
const TICKS_PER_MONTH: f64 = 4_294_967_296.0;

/// A time (months, ≥ 0: vacancies start at or after 0) in whole ticks, to the
/// nearest tick; a tie rounds up. Adding ½ and truncating is that rounding for
/// non-negative numbers this size (below 2⁵², where x + ½ is exact to well
/// under a tick).
#[inline]
fn to_ticks(months: f64) -> i64 {
    debug_assert!(months >= 0.0);
    (months * TICKS_PER_MONTH + 0.5) as i64
}

/// Whole ticks in months: multiplying by 2⁻³² is exactly dividing by 2³².
#[inline]
fn ticks_to_months(ticks: i64) -> f64 {
    ticks as f64 * (1.0 / TICKS_PER_MONTH)
}

mod bin_clock;
pub use bin_clock::BinTicks;

/// Record of one unit (or the sum of a region's units) in one replicate.
///
/// Conventions (time in months from 1 January of the base year, bins of `k`
/// months): bin `b` is the interval `(b·k, (b+1)·k]`; an event at time `t`
/// belongs to bin `ceil(t/k) − 1` (clamped to the horizon), and a stock "at the
/// end of bin `b`" is the state at time `(b+1)·k` after every event at that
/// instant. A vacancy over `[a, z)` is vacant at the end of bin `b` when
/// `a ≤ (b+1)·k < z`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Months per bin: 1 (monthly results) or 12 (yearly only); and the
    /// horizon in months.
    k_months: i64,
    horizon: f64,
    /// Ticks of a bin (2³²) per month, for `to_bin_ticks`.
    bin_ticks_per_month: f64,
    /// Vacant time within each bin, in ticks of 2⁻³² months. Integers, so the sum
    /// does not depend on the order vacancies are recorded in (a variant that adds
    /// an event in 2030 must not change a 2027 sum in its last bit).
    vacant_ticks: Vec<i64>,
    /// Vacant positions at the end of each bin.
    pub vacant_end: Vec<u32>,
    pub departures: Vec<u32>,
    pub hires: Vec<u32>,
    /// On the bin clock only (`bin_clock`): per bin, the time from each
    /// vacancy opened in it to the bin's end, less the same for each vacancy
    /// closed in it, in bin ticks.
    to_bin_end: Vec<i64>,
}

impl Trace {
    /// A trace of `bins` bins of `months_per_bin` months each: 1 (monthly
    /// results) or 12 (yearly only), the two the engine uses.
    pub fn new(bins: u32, months_per_bin: u32) -> Self {
        assert!(
            months_per_bin == 1 || months_per_bin == 12,
            "bins are months or years"
        );
        let n = bins as usize;
        Self {
            k_months: i64::from(months_per_bin),
            horizon: f64::from(bins) * f64::from(months_per_bin),
            bin_ticks_per_month: TICKS_PER_MONTH / f64::from(months_per_bin),
            vacant_ticks: vec![0; n],
            vacant_end: vec![0; n],
            departures: vec![0; n],
            hires: vec![0; n],
            to_bin_end: vec![0; n],
        }
    }

    pub fn bins(&self) -> usize {
        self.vacant_end.len()
    }

    /// Months per bin.
    pub fn months_per_bin(&self) -> f64 {
        self.k_months as f64
    }

    /// The horizon, in months.
    pub fn horizon_months(&self) -> f64 {
        self.horizon
    }

    pub fn clear(&mut self) {
        self.vacant_ticks.fill(0);
        self.vacant_end.fill(0);
        self.departures.fill(0);
        self.hires.fill(0);
        self.to_bin_end.fill(0);
    }

    /// Bin an event at time `t` (months, ≥ 0) belongs to; events beyond the
    /// horizon count in the last bin.
    #[inline]
    pub fn bin_of(&self, t: f64) -> usize {
        let t = crate::fastmath::min(t, self.horizon);
        // ⌈t / k⌉ = ⌈⌈t⌉ / k⌉ for whole k: whole months, then a division by
        // the constant 12 (a multiplication), never one in floating point.
        // ⌈m / 12⌉ − 1 = ⌊(m − 1) / 12⌋ for m ≥ 1, and an event at 0 is in bin 0.
        let before = (crate::fastmath::ceil_nonneg(t) as u64).saturating_sub(1);
        let bin = if self.k_months == 1 {
            before
        } else {
            before / 12
        };
        bin.min(self.bins() as u64 - 1) as usize
    }

    #[inline]
    pub fn departure_at(&mut self, t: f64) {
        let b = self.bin_of(t);
        self.departures[b] += 1;
    }

    #[inline]
    pub fn hire_at(&mut self, t: f64) {
        let b = self.bin_of(t);
        self.hires[b] += 1;
    }

    /// Vacant position-months within each bin, in order.
    pub fn vacant_months_by_bin(&self) -> impl ExactSizeIterator<Item = f64> + '_ {
        self.vacant_ticks.iter().map(|&t| ticks_to_months(t))
    }

    /// Records a vacancy over `[a, z)` (months); `z` may lie beyond the horizon or
    /// be infinite.
    #[inline]
    pub fn vacancy(&mut self, a: f64, z: f64) {
        let horizon_months = self.horizon;
        if !(a < horizon_months && z > a) {
            return;
        }
        let (ta, tz) = (
            to_ticks(a),
            to_ticks(crate::fastmath::min(z, horizon_months)),
        );
        self.vacancy_within(ta, tz, z >= horizon_months);
    }

    /// Records a vacancy over `[ta, tz)` in ticks, `ta` before the horizon and
    /// `tz` at most the horizon; `open_at_horizon` if it lasts beyond it.
    #[inline(always)]
    fn vacancy_within(&mut self, ta: i64, tz: i64, open_at_horizon: bool) {
        // In whole ticks (2³² per month, so the month is the high word; bins
        // are 1 or 12 months, a division the compiler turns into a
        // multiplication): vacant time per bin, and the stock at each bin end
        // E with a ≤ E < z (every bin end up to the horizon when the vacancy is
        // still open there).
        let bin_ticks = self.k_months << 32;
        // Unsigned (ta ≥ 0): dividing by 12 is then a multiplication and a
        // shift, without a sign correction.
        let month = (ta as u64) >> 32;
        let b = if self.k_months == 1 {
            month
        } else {
            month / 12
        } as usize;
        let start = b as i64 * bin_ticks;
        if tz < start + bin_ticks && (b == 0 || ta != start) {
            // Within one bin, touching no bin end: the common case with
            // yearly bins, kept inline.
            self.vacant_ticks[b] += tz - ta;
            return;
        }
        self.vacancy_across_bins(ta, tz, b, open_at_horizon);
    }

    /// `vacancy` from its first bin `b`, when it starts on a bin end or
    /// reaches one.
    #[inline(never)]
    fn vacancy_across_bins(&mut self, ta: i64, tz: i64, mut b: usize, open_at_horizon: bool) {
        let bin_ticks = self.k_months << 32;
        if b > 0 && ta == b as i64 * bin_ticks {
            // Starts exactly on a bin end: vacant in the stock there.
            self.vacant_end[b - 1] += 1;
        }
        let mut t = ta;
        while t < tz {
            let end = (b as i64 + 1) * bin_ticks;
            if end < tz {
                self.vacant_ticks[b] += end - t;
                self.vacant_end[b] += 1;
                t = end;
                b += 1;
            } else {
                self.vacant_ticks[b] += tz - t;
                if open_at_horizon && end == tz {
                    self.vacant_end[b] += 1;
                }
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Trace {
        /// Vacant position-months within bin `b`.
        fn vacant_months(&self, b: usize) -> f64 {
            self.vacant_months_by_bin().nth(b).unwrap()
        }
    }

    #[test]
    fn vacancy_splits_time_across_months_and_counts_month_ends() {
        let mut tr = Trace::new(6, 1);
        tr.vacancy(0.5, 2.25);
        assert_eq!(
            (0..4).map(|b| tr.vacant_months(b)).collect::<Vec<_>>(),
            [0.5, 1.0, 0.25, 0.0]
        );
        // Month ends at t = 1 and t = 2 lie inside [0.5, 2.25).
        assert_eq!(tr.vacant_end, [1, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn vacancy_starting_on_a_month_end_counts_there_and_open_ones_run_to_the_horizon() {
        let mut tr = Trace::new(4, 1);
        tr.vacancy(2.0, f64::INFINITY);
        assert_eq!(tr.vacant_end, [0, 1, 1, 1]);
        assert_eq!(
            (0..4).map(|b| tr.vacant_months(b)).collect::<Vec<_>>(),
            [0.0, 0.0, 1.0, 1.0]
        );
        let mut tr = Trace::new(4, 1);
        tr.vacancy(0.0, 2.0);
        assert_eq!(tr.vacant_end, [1, 0, 0, 0]);
    }

    #[test]
    fn stocks_match_their_definition_for_every_spell_on_a_grid() {
        // Ends on quarter months, whole months and beyond the horizon, for
        // monthly and yearly bins: a bin end E counts when a ≤ E < z, or when
        // the vacancy is still open at the horizon.
        let points: Vec<f64> = (0..=100).map(|i| i as f64 * 0.25).collect();
        for k in [1u32, 12] {
            let bins = 24 / k;
            let horizon = 24.0;
            for &a in &points {
                for &z in points.iter().chain(&[30.0, f64::INFINITY]) {
                    let mut tr = Trace::new(bins, k);
                    tr.vacancy(a, z);
                    for b in 0..bins as usize {
                        let e = (b as f64 + 1.0) * f64::from(k);
                        let want = a < horizon && z > a && a <= e && (e < z || z >= horizon);
                        assert_eq!(tr.vacant_end[b], u32::from(want), "k={k} a={a} z={z} b={b}");
                        let lo = e - f64::from(k);
                        let overlap = (z.min(horizon).min(e) - a.max(lo)).max(0.0);
                        let got = tr.vacant_months(b);
                        assert!((got - if z > a { overlap } else { 0.0 }).abs() < 1e-9);
                    }
                }
            }
        }
    }

    #[test]
    fn events_belong_to_the_bin_they_end() {
        let tr = Trace::new(12, 1);
        assert_eq!(tr.bin_of(0.0), 0);
        assert_eq!(tr.bin_of(0.3), 0);
        assert_eq!(tr.bin_of(1.0), 0);
        assert_eq!(tr.bin_of(1.01), 1);
        assert_eq!(tr.bin_of(500.0), 11);
        let years = Trace::new(3, 12);
        assert_eq!(years.bin_of(12.0), 0);
        assert_eq!(years.bin_of(12.5), 1);
    }

    #[test]
    fn yearly_bins_equal_summed_monthly_bins() {
        let spells = [
            (0.5, 30.25),
            (11.0, 12.0),
            (23.9, f64::INFINITY),
            (35.0, 36.0),
        ];
        let (mut m, mut y) = (Trace::new(36, 1), Trace::new(3, 12));
        for (a, z) in spells {
            m.vacancy(a, z);
            y.vacancy(a, z);
        }
        for b in 0..3 {
            let sum: f64 = (b * 12..b * 12 + 12).map(|i| m.vacant_months(i)).sum();
            assert!((sum - y.vacant_months(b)).abs() < 1e-9);
            assert_eq!(m.vacant_end[b * 12 + 11], y.vacant_end[b]);
        }
    }
}
