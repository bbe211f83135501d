//! Quantiles of a real-valued metric in bounded memory: a relative-error sketch.
//!
//! Values fall into logarithmic buckets whose width guarantees that every
//! reported quantile is within `RELATIVE_ACCURACY` of a true order statistic
//! (the DDSketch idea: Masson, Rim, Lee, VLDB 2019). Memory grows with the range
//! of values, not the number of replicates. Buckets hold integer counts and the
//! mean is kept as an integer fixed-point sum, so merging is exact and the result
//! is the same whatever the order replicates arrive in (any thread count).

/// Guaranteed relative accuracy of sketched quantiles (1 %).
pub const RELATIVE_ACCURACY: f64 = 0.01;
/// Magnitudes below this count as zero.
const MIN_MAGNITUDE: f64 = 1e-6;
/// Fixed-point scale for the exact sum behind the mean.
const FIXED_SCALE: f64 = (1u64 << 24) as f64;

fn gamma() -> f64 {
    (1.0 + RELATIVE_ACCURACY) / (1.0 - RELATIVE_ACCURACY)
}

fn inv_ln_gamma() -> f64 {
    1.0 / gamma().ln()
}

/// x·2²⁴ rounded half away from zero, as an integer.
#[inline]
fn to_fixed(x: f64) -> i64 {
    let y = x * FIXED_SCALE;
    (if y >= 0.0 { y + 0.5 } else { y - 0.5 }) as i64
}

/// Buckets kept per sign. Magnitudes more than γ^MAX_BUCKETS (about 28,000 times)
/// below the largest one seen are counted in the lowest kept bucket: memory is
/// bounded whatever the number of replicates, and only quantiles smaller than
/// 1/28,000 of the largest value are affected (reported as that bound).
const MAX_BUCKETS: usize = 512;

/// A window of `MAX_BUCKETS` buckets ending at the largest index seen. Allocated
/// whole on first use, so its memory does not grow with the number of values.
#[derive(Debug, Clone, Default, PartialEq)]
struct Store {
    /// Largest index seen; `counts[i]` is bucket `top − MAX_BUCKETS + 1 + i`.
    top: i32,
    counts: Vec<u32>,
}

impl Store {
    fn floor(&self) -> i32 {
        self.top - MAX_BUCKETS as i32 + 1
    }

    /// Adds `c` values in bucket `index`. The final state depends only on the
    /// largest index and the multiset of indices added, so any order of adding
    /// and merging gives the same store.
    #[inline]
    fn add_n(&mut self, index: i32, c: u32) {
        if self.counts.is_empty() {
            self.counts = vec![0; MAX_BUCKETS];
            self.top = index;
        } else if index > self.top {
            self.raise_top(index);
        }
        let i = (index.max(self.floor()) - self.floor()) as usize;
        self.counts[i] += c;
    }

    /// Slides the window up so that it ends at `top`; what falls below the new
    /// floor is folded into it.
    #[cold]
    fn raise_top(&mut self, top: i32) {
        let shift = (top - self.top) as usize;
        if shift >= MAX_BUCKETS {
            let total: u32 = self.counts.iter().sum();
            self.counts.fill(0);
            self.counts[0] = total;
        } else {
            let folded: u32 = self.counts[..shift].iter().sum();
            self.counts.copy_within(shift.., 0);
            self.counts[MAX_BUCKETS - shift..].fill(0);
            self.counts[0] += folded;
        }
        self.top = top;
    }

    /// Adds another store's counts: the same state as adding its values one by
    /// one (buckets below the floor are folded into it either way), in one pass.
    fn merge(&mut self, other: &Store) {
        if other.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            self.clone_from(other);
            return;
        }
        if other.top > self.top {
            self.raise_top(other.top);
        }
        // Bucket i of `other` is bucket i − shift here (folded into 0 if negative).
        let shift = (self.top - other.top) as usize;
        if shift >= MAX_BUCKETS {
            self.counts[0] += other.counts.iter().sum::<u32>();
            return;
        }
        self.counts[0] += other.counts[..shift].iter().sum::<u32>();
        for (a, b) in self.counts.iter_mut().zip(&other.counts[shift..]) {
            *a += b;
        }
    }

    /// (bucket index, count) of the non-empty buckets, lowest first.
    fn buckets(&self) -> impl DoubleEndedIterator<Item = (i32, u32)> + '_ {
        let floor = self.floor();
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(move |(i, &c)| (floor + i as i32, c))
    }

    fn total(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }
}

/// A mergeable quantile sketch with relative accuracy, for any sign.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogSketch {
    positive: Store,
    negative: Store,
    zeros: u64,
    n: u64,
    sum_fixed: i128,
}

impl LogSketch {
    #[inline]
    pub fn add(&mut self, x: f64) {
        debug_assert!(x.is_finite());
        self.n += 1;
        self.sum_fixed += i128::from(to_fixed(x));
        let a = x.abs();
        if a < MIN_MAGNITUDE {
            self.zeros += 1;
            return;
        }
        let index = crate::fastmath::ceil_i64(crate::fastmath::ln(a) * inv_ln_gamma()) as i32;
        if x > 0.0 {
            self.positive.add_n(index, 1);
        } else {
            self.negative.add_n(index, 1);
        }
    }

    pub fn merge(&mut self, other: &LogSketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.n += other.n;
        self.sum_fixed += other.sum_fixed;
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            (self.sum_fixed as f64 / FIXED_SCALE) / self.n as f64
        }
    }

    /// Lower p-quantile (the ⌈p·n⌉-th smallest value) within the relative accuracy.
    pub fn quantile(&self, p: f64) -> f64 {
        self.quantiles(&[p])[0]
    }

    /// `quantile` at each of `ps` (increasing), in one pass over the buckets.
    pub fn quantiles<const N: usize>(&self, ps: &[f64; N]) -> [f64; N] {
        let mut out = [f64::NAN; N];
        if self.n == 0 {
            return out;
        }
        let ranks = ps.map(|p| super::rank(p, self.n));
        let g = gamma();
        let value = |i: i32| 2.0 * g.powi(i) / (g + 1.0);
        let mut k = 0;
        let mut cum = 0u64;
        // Most negative first: the largest magnitudes of the negative store, then
        // the zeros, then the positive store from the smallest magnitude up.
        let buckets = self
            .negative
            .buckets()
            .rev()
            .map(|(i, c)| (-value(i), u64::from(c)))
            .chain(std::iter::once((0.0, self.zeros)))
            .chain(
                self.positive
                    .buckets()
                    .map(|(i, c)| (value(i), u64::from(c))),
            );
        for (x, c) in buckets {
            cum += c;
            while k < N && cum >= ranks[k] {
                out[k] = x;
                k += 1;
            }
            if k == N {
                return out;
            }
        }
        debug_assert_eq!(
            cum,
            self.positive.total() + self.negative.total() + self.zeros
        );
        out[k..].fill(value(self.positive.top));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(xs: &mut [f64], p: f64) -> f64 {
        xs.sort_by(f64::total_cmp);
        xs[(p * xs.len() as f64).ceil() as usize - 1]
    }

    #[test]
    fn quantiles_are_within_the_relative_accuracy() {
        let mut xs: Vec<f64> = (0..5000)
            .map(|i| ((i * 7919 % 5000) as f64 / 37.0 - 20.0) * 1.7)
            .collect();
        xs.extend([0.0; 300]);
        let mut s = LogSketch::default();
        for &x in &xs {
            s.add(x);
        }
        for p in [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95] {
            let want = exact(&mut xs, p);
            let got = s.quantile(p);
            assert!(
                (got - want).abs() <= RELATIVE_ACCURACY * want.abs() + 1e-12,
                "p={p}: {got} vs {want}"
            );
        }
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        assert!((s.mean() - mean).abs() < 1e-6);
    }

    #[test]
    fn fixed_point_rounds_half_away_from_zero() {
        assert_eq!(to_fixed(-1.0), -(1 << 24));
        assert_eq!(to_fixed(0.5 / FIXED_SCALE), 1);
    }

    #[test]
    fn memory_is_bounded_and_large_quantiles_stay_accurate() {
        let mut s = LogSketch::default();
        let mut xs: Vec<f64> = (0..20_000).map(|i| 1e-5 * 1.0009f64.powi(i)).collect();
        for &x in &xs {
            s.add(x);
        }
        assert_eq!(s.positive.counts.len(), MAX_BUCKETS);
        let max = xs[xs.len() - 1];
        for p in [0.05, 0.5, 0.95] {
            let want = exact(&mut xs, p);
            let got = s.quantile(p);
            let bound = max * gamma().powi(-(MAX_BUCKETS as i32));
            assert!(
                (got - want).abs() <= RELATIVE_ACCURACY * want + 2.0 * bound,
                "p={p}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn collapsed_stores_merge_in_any_order() {
        let values: Vec<f64> = (0..3000)
            .map(|i| 1e-6 * 1.01f64.powi((i * 7919) % 3000))
            .collect();
        let mut one = LogSketch::default();
        values.iter().for_each(|&x| one.add(x));
        let (mut a, mut b) = (LogSketch::default(), LogSketch::default());
        values
            .iter()
            .enumerate()
            .for_each(|(i, &x)| if i % 3 == 0 { a.add(x) } else { b.add(x) });
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab, one);
    }

    #[test]
    fn merge_order_does_not_matter() {
        let parts: Vec<Vec<f64>> = (0..4)
            .map(|k| {
                (0..300)
                    .map(|i| ((i * (k + 3)) % 97) as f64 * 0.31)
                    .collect()
            })
            .collect();
        let mut forward = LogSketch::default();
        for p in &parts {
            let mut s = LogSketch::default();
            p.iter().for_each(|&x| s.add(x));
            forward.merge(&s);
        }
        let mut backward = LogSketch::default();
        for p in parts.iter().rev() {
            let mut s = LogSketch::default();
            p.iter().for_each(|&x| s.add(x));
            backward.merge(&s);
        }
        for q in [0.05, 0.5, 0.95] {
            assert_eq!(
                forward.quantile(q).to_bits(),
                backward.quantile(q).to_bits()
            );
        }
        assert_eq!(forward.mean().to_bits(), backward.mean().to_bits());
    }
}
