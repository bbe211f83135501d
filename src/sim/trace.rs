//! What one replicate of one unit leaves behind: monthly vacancy time, vacant
//! positions at each month's end, departures and hires. Buffers are reused across
//! replicates. Owns the month arithmetic of attributing events and intervals to
//! months; knows nothing of parameters, streams or statistics.

/// Monthly record of one unit (or the sum of a region's units) in one replicate.
///
/// Conventions (time in months from 1 January of the base year): month `m` is the
/// interval `(m, m + 1]`; an event at time `t` belongs to month `ceil(t) − 1`
/// (clamped to the horizon), and a stock "at the end of month `m`" is the state at
/// time `m + 1` after every event at that instant. A vacancy over `[a, b)` is
/// vacant at the end of month `m` when `a ≤ m + 1 < b`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    /// Vacant position-months within each month.
    pub vacant_months: Vec<f64>,
    /// Vacant positions at the end of each month.
    pub vacant_end: Vec<u32>,
    pub departures: Vec<u32>,
    pub hires: Vec<u32>,
}

impl Trace {
    pub fn new(months: u32) -> Self {
        let n = months as usize;
        Self {
            vacant_months: vec![0.0; n],
            vacant_end: vec![0; n],
            departures: vec![0; n],
            hires: vec![0; n],
        }
    }

    pub fn months(&self) -> usize {
        self.vacant_end.len()
    }

    pub fn clear(&mut self) {
        self.vacant_months.fill(0.0);
        self.vacant_end.fill(0);
        self.departures.fill(0);
        self.hires.fill(0);
    }

    /// Month an event at time `t` belongs to.
    #[inline]
    pub fn month_of(&self, t: f64) -> usize {
        let m = t.ceil() as i64 - 1;
        m.clamp(0, self.months() as i64 - 1) as usize
    }

    #[inline]
    pub fn departure_at(&mut self, t: f64) {
        let m = self.month_of(t);
        self.departures[m] += 1;
    }

    #[inline]
    pub fn hire_at(&mut self, t: f64) {
        let m = self.month_of(t);
        self.hires[m] += 1;
    }

    /// Records a vacancy over `[a, b)`; `b` may lie beyond the horizon or be infinite.
    pub fn vacancy(&mut self, a: f64, b: f64) {
        let horizon = self.months() as f64;
        if !(a < horizon) || !(b > a) {
            return;
        }
        let end = b.min(horizon);
        // Vacant time, month by month.
        let mut m = a.floor() as usize;
        let mut t = a;
        while t < end {
            let next = ((m + 1) as f64).min(end);
            self.vacant_months[m] += next - t;
            t = next;
            m += 1;
        }
        // Stocks at month ends e = m + 1 with a ≤ e < b.
        let first = (a.ceil() as usize).max(1) - 1;
        let last_excl = if b >= horizon {
            self.months()
        } else {
            (b.ceil() as usize).saturating_sub(1)
        };
        for v in &mut self.vacant_end[first..last_excl.max(first)] {
            *v += 1;
        }
    }

    /// Adds another trace into this one (for region sums).
    pub fn add(&mut self, other: &Trace) {
        for (a, b) in self.vacant_months.iter_mut().zip(&other.vacant_months) {
            *a += b;
        }
        for (dst, src) in [
            (&mut self.vacant_end, &other.vacant_end),
            (&mut self.departures, &other.departures),
            (&mut self.hires, &other.hires),
        ] {
            for (a, b) in dst.iter_mut().zip(src) {
                *a += b;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vacancy_splits_time_across_months_and_counts_month_ends() {
        let mut tr = Trace::new(6);
        tr.vacancy(0.5, 2.25);
        assert_eq!(tr.vacant_months[..4], [0.5, 1.0, 0.25, 0.0]);
        // Month ends at t = 1 and t = 2 lie inside [0.5, 2.25).
        assert_eq!(tr.vacant_end, [1, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn vacancy_starting_on_a_month_end_counts_there_and_open_ones_run_to_the_horizon() {
        let mut tr = Trace::new(4);
        tr.vacancy(2.0, f64::INFINITY);
        assert_eq!(tr.vacant_end, [0, 1, 1, 1]);
        assert_eq!(tr.vacant_months, [0.0, 0.0, 1.0, 1.0]);
        let mut tr = Trace::new(4);
        tr.vacancy(0.0, 2.0);
        assert_eq!(tr.vacant_end, [1, 0, 0, 0]);
    }

    #[test]
    fn events_belong_to_the_month_they_end() {
        let tr = Trace::new(12);
        assert_eq!(tr.month_of(0.0), 0);
        assert_eq!(tr.month_of(0.3), 0);
        assert_eq!(tr.month_of(1.0), 0);
        assert_eq!(tr.month_of(1.01), 1);
        assert_eq!(tr.month_of(500.0), 11);
    }
}
