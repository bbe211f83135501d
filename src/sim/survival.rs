//! The model's retention curve per scenario: the share of newly started doctors
//! still in post by years since start, from each unit's departure hazard by
//! tenure band, after the variant's measures at full effect (multiplied per
//! band, as in `sim::plan`, without synergies, workload feedback or retirement),
//! position-weighted across the units and averaged over the parameter draws of
//! the first replicates. Computed from the model alone; no simulation, no I/O.

use crate::model::Model;

/// Replicates whose parameter draws are averaged.
pub const SURVIVAL_DRAWS: u64 = 1_000;

/// One scenario's curve: (years since start, share still in post).
pub type Curve = Vec<(f64, f64)>;

/// Curves for the baseline (first) and each variant, on a grid of `steps + 1`
/// points from 0 to `max_years`, averaged over the draws of replicates
/// `0..draws` with `seed`.
pub fn curves(model: &Model, seed: u64, draws: u64, max_years: f64, steps: usize) -> Vec<Curve> {
    let grid: Vec<f64> = (0..=steps)
        .map(|i| max_years * i as f64 / steps.max(1) as f64)
        .collect();
    let weight: Vec<f64> = model
        .units
        .iter()
        .map(|u| f64::from(u.positions.initial))
        .collect();
    let total: f64 = weight.iter().sum::<f64>().max(1e-12);
    let scenarios = model.variants.len() + 1;
    let mut sums = vec![vec![0.0; grid.len()]; scenarios];
    let mut d = Vec::new();
    let n = draws.max(1);
    for rep in 0..n {
        model.draw_parameters(seed, rep, &mut d);
        for (i, u) in model.units.iter().enumerate() {
            if weight[i] == 0.0 {
                continue;
            }
            let base = u.monthly_departure(&model.tenure_band_starts_years, &d);
            for (s, sum) in sums.iter_mut().enumerate() {
                let mut factors = vec![1.0; base.rates().len()];
                if s > 0 {
                    for used in model.variants[s - 1]
                        .uses
                        .iter()
                        .filter(|x| x.units.contains(&i))
                    {
                        let fx = &model.measures[used.measure].effects;
                        if let Some(h) = &fx.departure_hazard_multiplier {
                            factors
                                .iter_mut()
                                .zip(h)
                                .for_each(|(f, p)| *f *= p.value(&d));
                        }
                    }
                }
                let h = crate::model::hazard::PiecewiseHazard::new(
                    base.starts().to_vec(),
                    base.rates()
                        .iter()
                        .zip(&factors)
                        .map(|(r, f)| r * f)
                        .collect(),
                )
                .expect("validated rates times validated non-negative multipliers");
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
                .map(|(t, v)| (*t, v / n as f64))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
