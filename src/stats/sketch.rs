//! Quantiles of a real-valued metric in bounded memory: a relative-error sketch.
//!
//! Values fall into buckets whose width guarantees that every reported quantile
//! is within `RELATIVE_ACCURACY` of a true order statistic (the DDSketch idea:
//! Masson, Rim, Lee, VLDB 2019). A bucket is read off the bits of the value: the
//! exponent and the top `MANTISSA_BITS` bits of the mantissa, so each octave is
//! split into 64 equal parts, a bucket's upper end is at most 1 + 1/64 times its
//! lower end, and the representative 2LU/(L+U) is within 1/129 ≈ 0.78 % of every
//! value in it. No logarithm per value. Memory grows with the range of values,
//! not the number of replicates. Buckets hold integer counts and the mean is kept
//! as an integer fixed-point sum (of single values, or of batches of replicates
//! that do not depend on the thread count), so merging is exact and the result
//! is the same whatever the order replicates arrive in (any thread count).

/// Guaranteed relative accuracy of sketched quantiles (1 %; the buckets give 0.78 %).
pub const RELATIVE_ACCURACY: f64 = 0.01;
/// Magnitudes below this count as zero.
const MIN_MAGNITUDE: f64 = 1e-6;
/// Fixed-point scale for the exact sum behind the mean.
const FIXED_SCALE: f64 = (1u64 << 24) as f64;
/// Mantissa bits that split an octave into buckets (2⁶ = 64 per octave).
pub(super) const MANTISSA_BITS: u32 = 6;
const SHIFT: u32 = 52 - MANTISSA_BITS;

/// Bucket of a positive, finite magnitude: its exponent and top mantissa bits.
#[inline]
fn bucket(a: f64) -> i32 {
    (a.to_bits() >> SHIFT) as i32
}

/// The value reported for bucket `i`: 2LU/(L+U) of its bounds [L, U).
fn representative(i: i32) -> f64 {
    let lower = f64::from_bits((i as u64) << SHIFT);
    let upper = f64::from_bits(((i + 1) as u64) << SHIFT);
    2.0 * lower * upper / (lower + upper)
}

/// x·2²⁴ rounded half away from zero, as an integer.
#[inline]
fn to_fixed(x: f64) -> i64 {
    let y = x * FIXED_SCALE;
    (if y >= 0.0 { y + 0.5 } else { y - 0.5 }) as i64
}

use super::store::Store;

/// A mergeable quantile sketch with relative accuracy, for any sign.
#[derive(Debug, Clone, PartialEq)]
pub struct LogSketch {
    positive: Store,
    negative: Store,
    zeros: u64,
    n: u64,
    sum_fixed: i128,
    /// The smallest and largest value seen (magnitudes below `MIN_MAGNITUDE`
    /// as 0): a quantile never lies outside them, although its bucket's
    /// representative may (with one replicate, a value would otherwise lie
    /// outside its own P10–P90).
    lo: f64,
    hi: f64,
}

impl Default for LogSketch {
    fn default() -> Self {
        Self {
            positive: Store::default(),
            negative: Store::default(),
            zeros: 0,
            n: 0,
            sum_fixed: 0,
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
        }
    }
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
            self.lo = self.lo.min(0.0);
            self.hi = self.hi.max(0.0);
            return;
        }
        self.lo = self.lo.min(x);
        self.hi = self.hi.max(x);
        let index = bucket(a);
        if x > 0.0 {
            self.positive.add(index);
        } else {
            self.negative.add(index);
        }
    }

    pub fn merge(&mut self, other: &LogSketch) {
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
        self.zeros += other.zeros;
        self.n += other.n;
        self.sum_fixed += other.sum_fixed;
        self.lo = self.lo.min(other.lo);
        self.hi = self.hi.max(other.hi);
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
        let value = representative;
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
                return out.map(|q| self.within(q));
            }
        }
        debug_assert_eq!(
            cum,
            self.positive.total() + self.negative.total() + self.zeros
        );
        if !self.positive.counts.is_empty() {
            out[k..].fill(value(self.positive.top()));
        }
        out.map(|q| self.within(q))
    }

    /// `q` moved into the range of the values seen.
    fn within(&self, q: f64) -> f64 {
        q.clamp(self.lo, self.hi)
    }
}

/// Most values a batch holds (the engine's batches hold at most 256 replicates).
pub const BATCH_MAX: usize = 256;

/// A batch of values (one per replicate, in a fixed order) being added to a
/// sketch. The sum behind the mean is taken in floating point over the batch and
/// added as one fixed-point number: merging stays exact, and the result is the
/// same on any thread count as long as batches are made of the same replicates
/// (the engine's are: they depend on the model only). Most values are
/// vacancy-months and costs of a period, where a fixed-point conversion and
/// counters per value would cost more than the rest.
///
/// Whether a value is zero (a month without a vacancy) is close to a coin toss,
/// which a branch predictor loses: values are therefore written to a buffer
/// whose end moves on only for non-zero ones, and their buckets are counted in
/// `finish`. No branch per value.
#[derive(Debug, Clone)]
pub struct Batch {
    n: u64,
    sum: f64,
    nonzero: usize,
    values: [f64; BATCH_MAX],
}

impl Default for Batch {
    fn default() -> Self {
        Self {
            n: 0,
            sum: 0.0,
            nonzero: 0,
            values: [0.0; BATCH_MAX],
        }
    }
}

impl Batch {
    /// Empties the batch for reuse (the values need not be cleared: only the
    /// first `nonzero` are read).
    #[inline]
    pub fn clear(&mut self) {
        self.n = 0;
        self.sum = 0.0;
        self.nonzero = 0;
    }

    /// Adds `x` to the batch. At most `BATCH_MAX` values a batch: the caller
    /// splits longer runs.
    #[inline(always)]
    pub fn push(&mut self, x: f64) {
        debug_assert!(x.is_finite());
        debug_assert!(
            self.n < BATCH_MAX as u64,
            "a batch holds at most BATCH_MAX values"
        );
        self.n += 1;
        self.sum += x;
        // `nonzero` < BATCH_MAX here (at most BATCH_MAX pushes): the mask only
        // tells the compiler so, saving a bounds check per value.
        self.values[self.nonzero % BATCH_MAX] = x;
        self.nonzero += usize::from(x.abs() >= MIN_MAGNITUDE);
    }

    /// Completes the batch in `s`: the non-zero values' buckets, the count, the
    /// zeros and the sum.
    #[inline]
    pub fn finish(&self, s: &mut LogSketch) {
        let (mut lo, mut hi) = (s.lo, s.hi);
        for &x in &self.values[..self.nonzero] {
            lo = lo.min(x);
            hi = hi.max(x);
            if x > 0.0 {
                s.positive.add(bucket(x));
            } else {
                s.negative.add(bucket(-x));
            }
        }
        if self.n > self.nonzero as u64 {
            // Zeros (and magnitudes that count as zero).
            lo = lo.min(0.0);
            hi = hi.max(0.0);
        }
        (s.lo, s.hi) = (lo, hi);
        s.n += self.n;
        s.zeros += self.n - self.nonzero as u64;
        s.sum_fixed += i128::from(to_fixed(self.sum));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::store::MAX_BUCKETS;

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
    fn every_value_is_within_0_78_percent_of_its_bucket_representative() {
        let mut x = MIN_MAGNITUDE;
        while x < 1e12 {
            let r = representative(bucket(x));
            assert!((r - x).abs() <= x / 129.0 * (1.0 + 1e-12), "{x}: {r}");
            x *= 1.000_37;
        }
        // Bucket bounds are powers of two times 1 + k/64: exactly representable.
        assert_eq!(bucket(1.0) + 1, bucket(1.0 + 1.0 / 64.0));
        assert_eq!(bucket(2.0) - 1, bucket(2.0 - 1e-15));
    }

    #[test]
    fn a_batch_counts_like_single_values() {
        let xs: Vec<f64> = (0..640)
            .map(|i| {
                if i % 3 == 0 {
                    0.0
                } else {
                    (i as f64 - 200.0) * 0.37
                }
            })
            .collect();
        let (mut one, mut batched) = (LogSketch::default(), LogSketch::default());
        xs.iter().for_each(|&x| one.add(x));
        // One batch reused, as the accumulator does.
        let mut b = Batch::default();
        for c in xs.chunks(64) {
            b.clear();
            c.iter().for_each(|&x| b.push(x));
            b.finish(&mut batched);
        }
        assert_eq!(one.positive, batched.positive);
        assert_eq!(one.negative, batched.negative);
        assert_eq!((one.zeros, one.n), (batched.zeros, batched.n));
        assert_eq!((one.lo, one.hi), (batched.lo, batched.hi));
        assert!((one.mean() - batched.mean()).abs() < 1e-9);
    }

    #[test]
    fn quantiles_stay_within_the_values_seen() {
        // One value: every quantile is that value, as the mean is (a bucket's
        // representative alone could lie up to 0.78 % away).
        let mut s = LogSketch::default();
        s.add(10_123_456.0);
        assert_eq!(s.quantiles(&[0.05, 0.5, 0.95]), [10_123_456.0; 3]);
        assert_eq!(s.mean(), 10_123_456.0);
        // Merged and batched sketches keep the range: the top quantile is the
        // largest value exactly, the bottom one the smallest.
        let mut b = Batch::default();
        for x in [3.0, 7.25, 0.0] {
            b.push(x);
        }
        let mut t = LogSketch::default();
        b.finish(&mut t);
        let mut u = LogSketch::default();
        u.add(-2.5);
        t.merge(&u);
        assert_eq!(t.quantiles(&[0.0001, 1.0]), [-2.5, 7.25]);
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
            let bound = max / f64::from(1u32 << (MAX_BUCKETS >> MANTISSA_BITS));
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
