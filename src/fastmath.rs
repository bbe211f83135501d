//! Small, deterministic numeric kernels for hot loops: a logarithm good to about
//! 1e-6 and a ceiling without libm calls. Same bytes on every machine (no
//! platform intrinsics), which keeps results reproducible.

/// Natural logarithm of a positive normal number, to about 1e-6 absolute:
/// exponent bits plus the atanh series on the mantissa.
#[inline]
pub fn ln(a: f64) -> f64 {
    let bits = a.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let series =
        2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (1.0 / 5.0 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0)))));
    exp as f64 * std::f64::consts::LN_2 + series
}

/// Whole and fractional parts of `x` (0 ≤ x < 2⁶³), for table look-ups: a
/// signed conversion is one instruction on x86-64, where `x as usize` takes
/// several.
#[inline(always)]
pub fn split(x: f64) -> (usize, f64) {
    let i = x as i64;
    (i as usize, x - i as f64)
}

/// ⌈x⌉ for 0 ≤ x ≤ 2⁵¹ (checked in debug builds): adding 2⁵² rounds x to a
/// whole number, which the bits then give; one more where it rounded down. No
/// conversion instruction, and none of the range checks that a saturating
/// `as i64` adds.
#[inline]
pub fn ceil_nonneg(x: f64) -> i64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    debug_assert!((0.0..=TWO_52 / 2.0).contains(&x), "{x}");
    let y = x + TWO_52;
    let whole = y - TWO_52;
    (y.to_bits() - TWO_52.to_bits()) as i64 + i64::from(whole < x)
}

/// The smaller of two numbers that are not NaN: one instruction, where
/// `f64::min`, which must also handle NaN, takes several. Equal numbers give
/// `b` (which only matters for the sign of a zero).
#[inline(always)]
pub fn min(a: f64, b: f64) -> f64 {
    if a < b {
        a
    } else {
        b
    }
}

/// The larger of two numbers that are not NaN (see `min`).
#[inline(always)]
pub fn max(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_is_close_to_libm() {
        for i in 0..10_000 {
            let x = 1e-12 * 1.0035f64.powi(i);
            assert!((ln(x) - x.ln()).abs() < 2e-6, "{x}");
        }
    }

    #[test]
    fn split_gives_whole_and_fractional_parts() {
        assert_eq!(split(0.0), (0, 0.0));
        assert_eq!(split(2.25), (2, 0.25));
        assert_eq!(split(16_383.5), (16_383, 0.5));
    }

    #[test]
    fn min_and_max_agree_with_the_standard_ones_on_numbers() {
        let xs = [
            -3.5,
            -0.0,
            0.0,
            1e-300,
            2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for &a in &xs {
            for &b in &xs {
                assert_eq!(min(a, b), a.min(b), "{a} {b}");
                assert_eq!(max(a, b), a.max(b), "{a} {b}");
            }
        }
    }

    #[test]
    fn ceiling() {
        assert_eq!(ceil_nonneg(2.5), 3);
        assert_eq!(ceil_nonneg(3.0), 3);
        assert_eq!(ceil_nonneg(0.0), 0);
        assert_eq!(ceil_nonneg(1e-300), 1);
        assert_eq!(ceil_nonneg(0.5), 1);
        assert_eq!(ceil_nonneg(2.5000000000000004), 3);
        assert_eq!(ceil_nonneg(240.0 - 1e-13), 240);
        for i in 0..100_000 {
            let x = i as f64 * 0.013_7;
            assert_eq!(ceil_nonneg(x), x.ceil() as i64, "{x}");
        }
    }
}
