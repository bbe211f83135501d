//! A function of a probability u ∈ (0, 1), tabulated on a grid that is dense
//! towards both ends and small enough to stay in the processor's cache: the
//! storage behind every per-event table look-up (quantile functions, the time
//! in post from hire, stationary elapsed tenure).
//!
//! The grid is read off the bits of v = min(u, 1 − u) (exact in floating
//! point): its exponent and the top `SUB_BITS` bits of its mantissa pick the
//! cell, so each octave of v (from 2⁻¹⁰ up to ½) has 2⁷ cells, of width v/128
//! at most, on either side of ½. The rest of the mantissa is the position in
//! the cell, and the value is interpolated linearly there: no division, no
//! search, 2 × 1,153 nodes (18 KB). A table of 2¹⁴ equal cells (128 KB per
//! function) did the same job with less accuracy in the tails, and missed the
//! cache often enough to slow a national run by a fifth.
//!
//! Interpolation error on a cell is at most w²/8 · max|f''|, w the cell's
//! width; tables built on this grid state and test their bounds. For
//! v < 2⁻¹⁰ (u within about 0.001 of either end), where quantile functions
//! curve sharply, `get` returns `None` and the caller computes exactly.
//! Pure numerics: never draws random numbers.

/// Mantissa bits that pick a cell within an octave (2⁷ cells per octave).
const SUB_BITS: u32 = 7;
/// Octaves of v tabulated: from 2⁻¹⁰ up to ½.
const OCTAVES: u64 = 9;
/// Cells per side of ½.
const SIDE: usize = (OCTAVES as usize) << SUB_BITS;
/// Mantissa bits below the cell index: the position within a cell.
const SHIFT: u32 = 52 - SUB_BITS;
/// `bits >> SHIFT` of 2⁻¹⁰, the smallest tabulated v (exponent bias 1023).
const BASE: u64 = (1023 - 10) << SUB_BITS;

/// v at node `k` of a side (k = 0 is 2⁻¹⁰, k = SIDE is ½).
fn node(k: usize) -> f64 {
    f64::from_bits((BASE + k as u64) << SHIFT)
}

/// A tabulated function of a probability.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbGrid {
    /// Nodes below ½ (at u = node(k)), then nodes above ½ (at u = 1 − node(k)).
    /// A fixed-size array: `get`'s index is provably in range, no bounds check.
    nodes: Box<[f64; NODES]>,
}

/// Nodes in all: `SIDE + 1` on each side of ½.
const NODES: usize = 2 * (SIDE + 1);

impl ProbGrid {
    /// Tabulates `f`; `None` if `f` has no value at a node, or an infinite one
    /// (interpolating towards it would give infinities or NaN).
    pub fn new(f: impl Fn(f64) -> Option<f64>) -> Option<Self> {
        let lower = (0..=SIDE).map(|k| f(node(k)));
        let upper = (0..=SIDE).map(|k| f(1.0 - node(k)));
        let nodes = lower.chain(upper).collect::<Option<Vec<f64>>>()?;
        let nodes: Box<[f64; NODES]> = nodes
            .into_boxed_slice()
            .try_into()
            .expect("SIDE + 1 nodes a side");
        nodes
            .iter()
            .all(|x| x.is_finite())
            .then_some(Self { nodes })
    }

    /// The interpolated value at `u`, or `None` within about 0.001 of 0 or 1
    /// (and at exactly ½), where the caller computes exactly.
    #[inline(always)]
    pub fn get(&self, u: f64) -> Option<f64> {
        // Branch-free (which side of ½ a draw falls is a coin toss, and a
        // mispredicted branch costs more than the whole look-up). Exact: for u
        // in (½, 1), 1 − u needs no rounding.
        let above = u > 0.5;
        let v = crate::fastmath::min(u, 1.0 - u);
        let bits = v.to_bits();
        let k = ((bits >> SHIFT).wrapping_sub(BASE)) as usize;
        if k >= SIDE {
            return None;
        }
        let f = (bits & ((1 << SHIFT) - 1)) as i64 as f64 * (1.0 / (1u64 << SHIFT) as f64);
        let i = k + usize::from(above) * (SIDE + 1);
        let (a, b) = (self.nodes[i], self.nodes[i + 1]);
        Some(a + (b - a) * f)
    }
}

/// The uniform in (0, 1) that 64 random bits stand for in `ProbGrid::get_bits`:
/// the top bit says which side of ½, the other 63 the distance v from 0 (below
/// ½) or from 1 (above), v = (m + ½) · 2⁻⁶⁴ for their value m.
#[inline]
pub fn uniform_of_bits(r: u64) -> f64 {
    let v = ((r & (u64::MAX >> 1)) as f64 + 0.5) * (1.0 / 18_446_744_073_709_551_616.0);
    if r >> 63 == 1 {
        1.0 - v
    } else {
        v
    }
}

impl ProbGrid {
    /// `get` at the uniform that the random bits `r` stand for
    /// (`uniform_of_bits`), read off the bits directly: the leading zeros of
    /// v's 63 bits give its octave, the next 7 the cell, the rest the place in
    /// it. No conversion to a uniform first, no `min(u, 1 − u)`.
    #[inline(always)]
    pub fn get_bits(&self, r: u64) -> Option<f64> {
        let above = (r >> 63) as usize;
        // v · 2⁶⁵ with its top bit at bit 63 − lz: v in [2^(−2−lz), 2^(−1−lz)).
        let m = r << 1;
        let lz = m.leading_zeros();
        if lz as u64 >= OCTAVES {
            return None;
        }
        let n = m << lz;
        let k = ((OCTAVES - 1 - u64::from(lz)) << SUB_BITS) as usize
            + ((n >> (63 - SUB_BITS)) as usize & ((1 << SUB_BITS) - 1));
        let f = ((n << (SUB_BITS + 1)) >> 11) as i64 as f64 * (1.0 / (1u64 << 53) as f64);
        let i = k + above * (SIDE + 1);
        let (a, b) = (self.nodes[i], self.nodes[i + 1]);
        Some(a + (b - a) * f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_are_returned_exactly_and_cells_interpolate_linearly() {
        let g = ProbGrid::new(|u| Some(u * u)).unwrap();
        for k in 0..SIDE {
            let v = node(k);
            assert_eq!(g.get(v), Some(v * v));
            assert_eq!(g.get(1.0 - v), Some((1.0 - v) * (1.0 - v)));
            // Halfway between two nodes: the mean of their values.
            let mid = (v + node(k + 1)) / 2.0;
            let want = (v * v + node(k + 1) * node(k + 1)) / 2.0;
            assert!((g.get(mid).unwrap() - want).abs() <= 1e-15);
        }
        assert_eq!(node(SIDE), 0.5);
        assert_eq!(node(0), 2f64.powi(-10));
    }

    #[test]
    fn a_linear_function_is_reproduced_everywhere_on_the_grid() {
        let g = ProbGrid::new(|u| Some(3.0 * u - 1.0)).unwrap();
        for i in 1..100_000 {
            let u = i as f64 / 100_000.0;
            if let Some(x) = g.get(u) {
                assert!((x - (3.0 * u - 1.0)).abs() < 1e-12, "{u}");
            }
        }
    }

    #[test]
    fn reading_the_bits_is_reading_their_uniform() {
        let g = ProbGrid::new(|u| Some(u * u * u + 2.0 * u)).unwrap();
        let mut rng = crate::rng::stream(4, 5, 6);
        let (mut inside, mut tails) = (0, 0);
        for _ in 0..1_000_000 {
            let r = rand::Rng::next_u64(&mut rng);
            let u = uniform_of_bits(r);
            assert!(u > 0.0 && u < 1.0);
            match (g.get_bits(r), g.get(u)) {
                (Some(a), Some(b)) => {
                    assert!((a - b).abs() < 1e-12, "{r:x}: {a} vs {b}");
                    inside += 1;
                }
                (None, None) => tails += 1,
                (a, b) => panic!("{r:x} ({u}): {a:?} vs {b:?}"),
            }
        }
        // About 2 · 2⁻¹⁰ of the draws fall in the tails.
        assert!(
            tails > 1_000 && tails < 3_000 && inside > 990_000,
            "{tails}"
        );
    }

    #[test]
    fn only_the_ends_and_one_half_are_left_to_the_caller() {
        let g = ProbGrid::new(Some).unwrap();
        assert!(g.get(0.5).is_none());
        for u in [1e-300, 1e-5, 0.000_97, 0.999_03, 1.0 - 1e-12] {
            assert!(g.get(u).is_none(), "{u}");
        }
        for u in [0.000_98, 0.2, 0.499_9, 0.500_1, 0.999] {
            assert!(g.get(u).is_some(), "{u}");
        }
        assert!(ProbGrid::new(|u| Some(1.0 / (u - node(3)))).is_none());
    }
}
