//! Exact distribution of a non-negative integer metric: a count per value.
//!
//! Memory grows with the largest value seen, never with the number of
//! replicates. Merging adds counts, so the result does not depend on how
//! replicates were split between threads. Owns nothing but the counting.

/// Counts of each observed integer value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IntHistogram {
    counts: Vec<u32>,
}

impl IntHistogram {
    #[inline]
    pub fn add(&mut self, v: u32) {
        // One check: the value has been seen before (almost always) or not.
        match self.counts.get_mut(v as usize) {
            Some(c) => *c += 1,
            None => self.add_new(v as usize),
        }
    }

    /// A value larger than any seen so far.
    #[cold]
    fn add_new(&mut self, i: usize) {
        self.counts.resize(i + 1, 0);
        self.counts[i] += 1;
    }

    /// The counts of `positions − v` for every value v counted here (each at
    /// most `positions`): filled positions from vacant ones.
    pub fn reflected(&self, positions: u32) -> IntHistogram {
        let p = positions as usize;
        debug_assert!(self.counts.len() <= p + 1);
        let mut counts = vec![0; p + 1];
        for (v, &c) in self.counts.iter().enumerate() {
            counts[p - v] += c;
        }
        // Trailing zeros dropped, as if counted one by one.
        while counts.last() == Some(&0) {
            counts.pop();
        }
        IntHistogram { counts }
    }

    pub fn merge(&mut self, other: &IntHistogram) {
        if other.counts.len() > self.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    /// Number of values added (the sum of the counts: nothing else to update per value).
    pub fn count(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }

    pub fn mean(&self) -> f64 {
        let n = self.count();
        if n == 0 {
            return f64::NAN;
        }
        let sum: u64 = self
            .counts
            .iter()
            .enumerate()
            .map(|(v, &c)| v as u64 * u64::from(c))
            .sum();
        sum as f64 / n as f64
    }

    /// Exact lower p-quantile: the smallest value whose cumulative count reaches
    /// ⌈p·n⌉ (at least 1). NaN when empty.
    pub fn quantile(&self, p: f64) -> f64 {
        self.quantiles(&[p])[0]
    }

    /// `quantile` at each of `ps` (increasing), in one pass over the counts.
    pub fn quantiles<const N: usize>(&self, ps: &[f64; N]) -> [f64; N] {
        let n = self.count();
        let mut out = [f64::NAN; N];
        if n == 0 {
            return out;
        }
        let mut k = 0;
        let mut cum = 0u64;
        for (v, &c) in self.counts.iter().enumerate() {
            cum += u64::from(c);
            while k < N && cum >= super::rank(ps[k], n) {
                out[k] = v as f64;
                k += 1;
            }
            if k == N {
                return out;
            }
        }
        out[k..].fill((self.counts.len() - 1) as f64);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflected_counts_equal_counting_the_reflected_values() {
        let (mut vacant, mut filled) = (IntHistogram::default(), IntHistogram::default());
        for i in 0..500u32 {
            let v = (i * 7919 % 13) % 9;
            vacant.add(v);
            filled.add(12 - v);
        }
        assert_eq!(vacant.reflected(12), filled);
        assert_eq!(
            IntHistogram::default().reflected(3),
            IntHistogram::default()
        );
    }

    #[test]
    fn quantiles_are_exact_order_statistics() {
        let mut h = IntHistogram::default();
        let mut xs: Vec<u32> = (0..1001).map(|i| (i * 7919 % 1001) % 37).collect();
        for &x in &xs {
            h.add(x);
        }
        xs.sort();
        for p in [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] {
            let rank = (p * xs.len() as f64).ceil() as usize;
            assert_eq!(h.quantile(p), xs[rank - 1] as f64, "p = {p}");
        }
        assert!((h.mean() - xs.iter().sum::<u32>() as f64 / 1001.0).abs() < 1e-12);
    }

    #[test]
    fn merge_equals_adding_everything_to_one() {
        let (mut a, mut b, mut all) = (
            IntHistogram::default(),
            IntHistogram::default(),
            IntHistogram::default(),
        );
        for i in 0..100u32 {
            if i % 3 == 0 {
                a.add(i % 11)
            } else {
                b.add(i % 11)
            }
            all.add(i % 11);
        }
        a.merge(&b);
        assert_eq!(a, all);
    }
}
