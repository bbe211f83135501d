//! Random streams: every draw in the core comes from a generator seeded here.
//!
//! A stream is identified by `(master seed, replicate, key)`, where the key names
//! what draws from it (a unit's position slot, or an uncertain parameter) by a
//! stable hash of its *name*, never by an index or a thread. So the same seed gives
//! the same bytes on any thread count, and two scenarios that share a unit id (or
//! a parameter path) share its random numbers: common random numbers.
//!
//! This module must never read the clock, the OS entropy source or `thread_rng`.

use rand::SeedableRng;
use rand_xoshiro::SplitMix64;

/// The generator type used everywhere in the simulation core: SplitMix64 (Steele,
/// Lea, Flood 2014), whose whole state is one word, so a stream per position slot
/// costs nothing to seed. Each stream's seed is itself a SplitMix64 hash of its
/// identity, so streams start far apart.
pub type Stream = SplitMix64;

/// SplitMix64 finaliser: a bijective mix of 64 bits.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Stable 64-bit hash of a name (FNV-1a, then mixed). Used to key streams by name.
pub fn name_key(name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h)
}

/// Key of the stream for position slot `slot` of the unit keyed `unit_key`.
#[inline]
pub fn slot_key(unit_key: u64, slot: u32) -> u64 {
    mix64(unit_key ^ mix64(u64::from(slot) ^ 0x5107_0000_0000_0000))
}

/// The generator for `(seed, replicate, key)`.
#[inline]
pub fn stream(seed: u64, replicate: u64, key: u64) -> Stream {
    stream_in(replicate_key(seed, replicate), key)
}

/// The part of a stream's seed that depends on `(seed, replicate)` only, for
/// loops that open many streams of one replicate: `stream_in(replicate_key(s,
/// r), key)` is `stream(s, r, key)`.
#[inline]
pub fn replicate_key(seed: u64, replicate: u64) -> u64 {
    mix64(mix64(seed ^ 0x7374_6162_696c_0001) ^ replicate.wrapping_mul(0xD1B5_4A32_D192_ED03))
}

/// The generator for `key` in the replicate whose `replicate_key` is `rk`.
#[inline]
pub fn stream_in(rk: u64, key: u64) -> Stream {
    Stream::seed_from_u64(mix64(rk ^ key))
}

/// A uniform draw in the open interval (0, 1): never exactly 0 or 1, so that
/// logarithms and inverse distribution functions stay finite.
#[inline]
pub fn open01(rng: &mut Stream) -> f64 {
    use rand::Rng;
    // 53 random bits, shifted by half a step away from 0. Through i64: the
    // same number (below 2⁵³, exact either way), but one instruction where an
    // unsigned conversion takes several.
    ((rng.next_u64() >> 11) as i64 as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_every_part_of_their_identity() {
        let a = open01(&mut stream(1, 0, 7));
        assert_ne!(a, open01(&mut stream(2, 0, 7)));
        assert_ne!(a, open01(&mut stream(1, 1, 7)));
        assert_ne!(a, open01(&mut stream(1, 0, 8)));
        assert_eq!(a, open01(&mut stream(1, 0, 7)));
        assert_eq!(a, open01(&mut stream_in(replicate_key(1, 0), 7)));
    }

    #[test]
    fn open01_stays_inside_the_unit_interval() {
        let mut r = stream(3, 4, 5);
        for _ in 0..10_000 {
            let u = open01(&mut r);
            assert!(u > 0.0 && u < 1.0);
        }
    }

    #[test]
    fn name_keys_are_stable() {
        // A changed hash would silently break common random numbers between versions.
        assert_eq!(name_key("andoy"), name_key("andoy"));
        assert_ne!(name_key("andoy"), name_key("bo"));
    }
}
