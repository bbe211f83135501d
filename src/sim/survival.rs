//! The model's retention curve per scenario: the share of newly started doctors
//! still in post by years since start, from each unit's departure hazard by
//! tenure band, after the variant's measures at full effect (multiplied per
//! band, as in `sim::plan`, without synergies, workload feedback or retirement),
//! position-weighted across the units and averaged over the parameter draws of
//! the first replicates. Computed from the model alone; no simulation, no I/O.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::hazard::cumulative_of;
use crate::model::Model;

/// Replicates whose parameter draws are averaged.
pub const SURVIVAL_DRAWS: u64 = 1_000;

/// One scenario's curve: (years since start, share still in post).
pub type Curve = Vec<(f64, f64)>;

/// Distinct hazards seen before this many are forgotten (bounds memory).
const CACHE_LIMIT: usize = 4096;

/// A cheap hash for keys of float bits (SipHash cost more than the rest of a
/// lookup).
#[derive(Default)]
struct BitsHasher(u64);

impl Hasher for BitsHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Survival values on the grid for each distinct set of monthly rates, keyed by
/// the rates' exact bits: units (and scenarios) with the same hazard share one
/// computation, and the values are those a fresh computation gives, bit for bit.
#[derive(Default)]
struct Cache {
    index: HashMap<Vec<u64>, usize, BuildHasherDefault<BitsHasher>>,
    values: Vec<f64>,
    key: Vec<u64>,
}

impl Cache {
    /// exp(−H(t)) at each of `months` for the hazard with band `starts` and `rates`.
    fn survival(&mut self, starts: &[f64], rates: &[f64], months: &[f64]) -> &[f64] {
        self.key.clear();
        self.key.extend(rates.iter().map(|r| r.to_bits()));
        let at = match self.index.get(self.key.as_slice()) {
            Some(&at) => at,
            None => {
                if self.index.len() >= CACHE_LIMIT {
                    self.index.clear();
                    self.values.clear();
                }
                debug_assert!(rates.iter().all(|r| r.is_finite() && *r >= 0.0));
                let at = self.values.len();
                self.values.extend(
                    months
                        .iter()
                        .map(|&m| (-cumulative_of(starts, rates, m)).exp()),
                );
                self.index.insert(self.key.clone(), at);
                at
            }
        };
        &self.values[at..at + months.len()]
    }
}

/// Curves for the baseline (first) and each variant, on a grid of `steps + 1`
/// points from 0 to `max_years`, averaged over the draws of replicates
/// `0..draws` with `seed`.
pub fn curves(model: &Model, seed: u64, draws: u64, max_years: f64, steps: usize) -> Vec<Curve> {
    curves_of(
        model,
        seed,
        draws,
        max_years,
        steps,
        model.variants.len() + 1,
    )
}

/// The baseline's curve alone (what `run` shows), the first of `curves`.
pub fn baseline(model: &Model, seed: u64, draws: u64, max_years: f64, steps: usize) -> Curve {
    curves_of(model, seed, draws, max_years, steps, 1)
        .pop()
        .expect("one scenario")
}

/// The first `scenarios` curves of `curves`.
fn curves_of(
    model: &Model,
    seed: u64,
    draws: u64,
    max_years: f64,
    steps: usize,
    scenarios: usize,
) -> Vec<Curve> {
    let grid: Vec<f64> = (0..=steps)
        .map(|i| max_years * i as f64 / steps.max(1) as f64)
        .collect();
    // The hazard is on the monthly clock: band starts and times in months.
    let months: Vec<f64> = grid.iter().map(|t| t * 12.0).collect();
    let starts: Vec<f64> = model
        .tenure_band_starts_years
        .iter()
        .map(|s| s * 12.0)
        .collect();
    let (weight, total) = position_weights(model);
    let mut sums = vec![vec![0.0; grid.len()]; scenarios];
    let mut cache = Cache::default();
    let mut d = Vec::new();
    let mut rates = Vec::new();
    let n = draws.max(1);
    for rep in 0..n {
        model.draw_parameters(seed, rep, &mut d);
        for (i, u) in model.units.iter().enumerate() {
            if weight[i] == 0.0 {
                continue;
            }
            let base = u.monthly_departure_rates(&model.tenure_band_starts_years, &d);
            let w = weight[i] / total;
            for (s, sum) in sums.iter_mut().enumerate() {
                rates.clear();
                if s == 0 {
                    // All factors 1, and r · 1 = r exactly.
                    rates.extend_from_slice(&base);
                } else {
                    let factors = band_factors(model, s - 1, i, base.len(), &d);
                    rates.extend(base.iter().zip(&factors).map(|(r, f)| r * f));
                }
                let values = cache.survival(&starts, &rates, &months);
                // Added unit by unit in the same order as always: the sums do
                // not depend on which hazards were shared.
                for (acc, v) in sum.iter_mut().zip(values) {
                    *acc += w * v;
                }
            }
        }
    }
    sums.into_iter()
        .map(|s| {
            grid.iter()
                .zip(s)
                .map(|(t, v)| (*t, v / n as f64))
                .collect()
        })
        .collect()
}

/// Each unit's positions at the start (its weight in the curve) and their total.
fn position_weights(model: &Model) -> (Vec<f64>, f64) {
    let weight: Vec<f64> = model
        .units
        .iter()
        .map(|u| f64::from(u.positions.initial))
        .collect();
    let total = weight.iter().sum::<f64>().max(1e-12);
    (weight, total)
}

/// The multipliers variant `v`'s measures put on unit `i`'s departure hazard,
/// band by band (`bands` of them), for the parameter draws `d`.
fn band_factors(model: &Model, v: usize, i: usize, bands: usize, d: &[f64]) -> Vec<f64> {
    let mut factors = vec![1.0; bands];
    for used in model.variants[v]
        .uses
        .iter()
        .filter(|x| x.units.contains(&i))
    {
        if let Some(h) = &model.measures[used.measure]
            .effects
            .departure_hazard_multiplier
        {
            factors
                .iter_mut()
                .zip(h)
                .for_each(|(f, p)| *f *= p.value(d));
        }
    }
    factors
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The computation before the cache: a hazard built per unit, scenario and draw.
    fn direct(model: &Model, seed: u64, draws: u64, max_years: f64, steps: usize) -> Vec<Curve> {
        let grid: Vec<f64> = (0..=steps)
            .map(|i| max_years * i as f64 / steps.max(1) as f64)
            .collect();
        let (weight, total) = position_weights(model);
        let mut sums = vec![vec![0.0; grid.len()]; model.variants.len() + 1];
        let mut d = Vec::new();
        for rep in 0..draws {
            model.draw_parameters(seed, rep, &mut d);
            for (i, u) in model.units.iter().enumerate() {
                let base = u.monthly_departure(&model.tenure_band_starts_years, &d);
                for (s, sum) in sums.iter_mut().enumerate() {
                    let bands = base.rates().len();
                    let factors = if s > 0 {
                        band_factors(model, s - 1, i, bands, &d)
                    } else {
                        vec![1.0; bands]
                    };
                    let h = base.scaled_by_band(&factors);
                    for (k, t) in grid.iter().enumerate() {
                        sum[k] += weight[i] / total * (-h.cumulative(t * 12.0)).exp();
                    }
                }
            }
        }
        sums.into_iter()
            .map(|s| {
                grid.iter()
                    .zip(s)
                    .map(|(t, v)| (*t, v / draws as f64))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn shared_hazards_give_the_direct_sums_bit_for_bit() {
        for name in ["vesteralen", "sykepleiere"] {
            let model =
                crate::scenario::load_str(crate::scenario::bundled::get(name).unwrap(), name)
                    .unwrap();
            let fast = curves(&model, 3, 40, 15.0, 60);
            assert_eq!(fast, direct(&model, 3, 40, 15.0, 60), "{name}");
            assert_eq!(baseline(&model, 3, 40, 15.0, 60), fast[0]);
        }
    }

    #[test]
    fn the_cache_returns_what_it_computed() {
        let mut c = Cache::default();
        let starts = [0.0, 12.0, 36.0];
        let months = [0.0, 6.0, 24.0, 100.0];
        let a = c.survival(&starts, &[0.02, 0.01, 0.005], &months).to_vec();
        let b = c.survival(&starts, &[0.03, 0.01, 0.005], &months).to_vec();
        assert_eq!(c.survival(&starts, &[0.02, 0.01, 0.005], &months), a);
        assert_eq!(c.index.len(), 2);
        assert_eq!(c.values.len(), 2 * months.len());
        assert_eq!(a[0], 1.0);
        assert!(b[3] < a[3]);
    }

    #[test]
    fn starts_at_one_and_falls() {
        let model = crate::scenario::load_str(
            crate::scenario::bundled::get("vesteralen").unwrap(),
            "vesteralen",
        )
        .unwrap();
        let c = curves(&model, 1, 20, 10.0, 10);
        assert_eq!(c.len(), model.variants.len() + 1);
        for curve in &c {
            assert!((curve[0].1 - 1.0).abs() < 1e-12);
            assert!(curve.windows(2).all(|w| w[1].1 <= w[0].1));
        }
    }
}
