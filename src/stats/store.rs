//! The buckets of one sign of a sketch (`stats::sketch`): a window of
//! `MAX_BUCKETS` integer counts ending at the largest bucket seen, with what
//! falls below it folded into its lowest bucket. Owns adding, sliding and
//! merging; knows nothing of values, only bucket indices.

use super::sketch::MANTISSA_BITS;

/// Buckets kept per sign: 16 octaves. Magnitudes more than 2¹⁶ (65,536) times
/// below the largest one seen are counted in the lowest kept bucket: memory is
/// bounded whatever the number of replicates, and only quantiles smaller than
/// 1/65,536 of the largest value are affected (reported as that bound).
pub(super) const MAX_BUCKETS: usize = 16 << MANTISSA_BITS;

/// The floor of a store that has seen nothing: far below every bucket, so that
/// the fast path's range check sends the first value to `add_slow`.
const EMPTY_FLOOR: i32 = -(1 << 30);

/// A window of `MAX_BUCKETS` buckets ending at the largest index seen. Allocated
/// whole on first use, so its memory does not grow with the number of values.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Store {
    /// Lowest bucket kept; `counts[i]` is bucket `floor + i`. The largest index
    /// seen is `floor + MAX_BUCKETS − 1`.
    pub(super) floor: i32,
    pub(super) counts: Vec<u32>,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            floor: EMPTY_FLOOR,
            counts: Vec::new(),
        }
    }
}

impl Store {
    pub(super) fn top(&self) -> i32 {
        self.floor + MAX_BUCKETS as i32 - 1
    }

    /// Adds one value in bucket `index`. The final state depends only on the
    /// largest index and the multiset of indices added, so any order of adding
    /// and merging gives the same store.
    #[inline]
    pub(super) fn add(&mut self, index: i32) {
        let offset = index.wrapping_sub(self.floor) as u32;
        if (offset as usize) < MAX_BUCKETS {
            self.counts[offset as usize] += 1;
        } else {
            self.add_slow(index);
        }
    }

    /// The first value, a new largest index, or one below the window.
    #[cold]
    fn add_slow(&mut self, index: i32) {
        if self.counts.is_empty() {
            self.counts = vec![0; MAX_BUCKETS];
            self.floor = index - MAX_BUCKETS as i32 + 1;
        } else if index > self.top() {
            self.raise_top(index);
        }
        let i = (index.max(self.floor) - self.floor) as usize;
        self.counts[i] += 1;
    }

    /// Slides the window up so that it ends at `top`; what falls below the new
    /// floor is folded into it.
    #[cold]
    fn raise_top(&mut self, top: i32) {
        let shift = (top - self.top()) as usize;
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
        self.floor = top - MAX_BUCKETS as i32 + 1;
    }

    /// Adds another store's counts: the same state as adding its values one by
    /// one (buckets below the floor are folded into it either way), in one pass.
    pub(super) fn merge(&mut self, other: &Store) {
        if other.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            self.clone_from(other);
            return;
        }
        if other.floor > self.floor {
            self.raise_top(other.top());
        }
        // Bucket i of `other` is bucket i − shift here (folded into 0 if negative).
        let shift = (self.floor - other.floor) as usize;
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
    pub(super) fn buckets(&self) -> impl DoubleEndedIterator<Item = (i32, u32)> + '_ {
        // Values usually span a few of the window's 16 octaves, near its top:
        // skip empty blocks of buckets at the bottom a block at a time.
        const BLOCK: usize = 16;
        let first = self
            .counts
            .chunks(BLOCK)
            .position(|c| c.iter().any(|&x| x != 0))
            .map_or(self.counts.len(), |k| k * BLOCK);
        let floor = self.floor + first as i32;
        self.counts[first..]
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(move |(i, &c)| (floor + i as i32, c))
    }

    pub(super) fn total(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }
}
