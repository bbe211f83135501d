//! Fast fixed-decimal formatting of `f64` for the CSV exporters: the exact text
//! of `format!("{x:.4}")` with trailing zeros (and a bare point) removed and a
//! negative zero written as `0`, without going through core's general exact
//! formatter (`flt2dec::dragon`), which dominated the cost of writing CSVs.
//!
//! Exactness: a finite `x` is `m · 2^e` with integer `m < 2^53`; `x · 10^4` is
//! then computed exactly in 128-bit integers and rounded half to even, as core's
//! formatter does (the decimal expansion of a binary float is finite, so a tie
//! is an exact tie). Values too large for 128 bits fall back to `format!`.
//! Owns number text only; never allocates beyond the output string.

/// Decimal places written.
const PLACES: u32 = 4;
const SCALE: u128 = 10u128.pow(PLACES);

/// Appends `x` as `format!("{x:.4}")` would write it, trailing zeros and a
/// bare point removed, `-0` written as `0`; nothing for NaN or infinities.
pub fn push_num(out: &mut String, x: f64) {
    if !x.is_finite() {
        return;
    }
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1u64 << 52), biased - 1075)
    };
    // n = m · 10^4 < 2^67, so n << e fits in 128 bits for e <= 60.
    let n = u128::from(m) * SCALE;
    let q = if e >= 0 {
        if e > 60 {
            return push_slow(out, x);
        }
        n << e
    } else {
        let s = (-e) as u32;
        if s >= 128 {
            0 // n < 2^67 <= half of 2^s: rounds down to zero
        } else {
            let q = n >> s;
            let r = n - (q << s);
            let half = 1u128 << (s - 1);
            if r > half || (r == half && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        }
    };
    if q == 0 {
        out.push('0');
        return;
    }
    if negative {
        out.push('-');
    }
    push_u128(out, q / SCALE);
    let mut frac = (q % SCALE) as u32;
    if frac != 0 {
        out.push('.');
        let mut digits = PLACES;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let mut buf = [b'0'; PLACES as usize];
        for slot in buf[..digits as usize].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.push_str(std::str::from_utf8(&buf[..digits as usize]).expect("ASCII digits"));
    }
}

/// `push_num` into a new string.
pub fn num(x: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, x);
    s
}

fn push_u128(out: &mut String, mut v: u128) {
    let mut buf = [0u8; 40];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII digits"));
}

/// The reference: core's formatter, trimmed (also the path for huge values).
fn push_slow(out: &mut String, x: f64) {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    out.push_str(if s == "-0" { "0" } else { s });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(x: f64) -> String {
        let mut s = String::new();
        if x.is_finite() {
            push_slow(&mut s, x);
        }
        s
    }

    fn check(x: f64) {
        assert_eq!(num(x), slow(x), "{x:e} (bits {:#x})", x.to_bits());
    }

    #[test]
    fn simple_values() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(95800.5), "95800.5");
        assert_eq!(num(-12.25), "-12.25");
        assert_eq!(num(f64::NAN), "");
        assert_eq!(num(f64::INFINITY), "");
        assert_eq!(num(f64::NEG_INFINITY), "");
    }

    #[test]
    fn ties_round_half_to_even_like_core() {
        // k/32 are exact binary fractions with a fifth decimal 5: exact ties.
        assert_eq!(num(0.03125), "0.0312");
        assert_eq!(num(0.09375), "0.0938");
        assert_eq!(num(-0.15625), "-0.1562");
        for k in -100_000i64..100_000 {
            check(k as f64 / 32.0);
            check(k as f64 / 20_000.0);
            let t = k as f64 / 20_000.0;
            check(f64::from_bits(t.to_bits() + 1));
            check(f64::from_bits(t.to_bits().saturating_sub(1)));
        }
    }

    #[test]
    fn matches_core_on_many_values() {
        // A deterministic xorshift over raw bit patterns and over typical magnitudes.
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for _ in 0..300_000 {
            check(f64::from_bits(next()));
            let mantissa = (next() >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (next() % 80) as i32 - 30;
            let sign = if next() & 1 == 0 { 1.0 } else { -1.0 };
            check(sign * mantissa * 10f64.powi(exp));
            check((next() % 10_000_000) as f64 * sign);
            check((next() % 100_000_000) as f64 / 1e4 * sign);
        }
        for x in [
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            1e15,
            1e16 + 2.0,
            1.8e19,
            3.4e38,
            2f64.powi(112),
            2f64.powi(113),
            0.00005,
            0.00004999999999999999,
            999_999.999_95,
        ] {
            check(x);
        }
    }
}
