//! The rates of the cohort-component projection, estimated from population
//! series alone: national survival and fertility from the national series, net
//! migration by age and a fertility factor from a municipality's own history.
//! Pure arithmetic on `Series`; owns no data and reads no files.
//!
//! Method (documented in `docs/demography.md`):
//! - Survival: at ages 60-95 net migration is small, so one minus the national
//!   cohort ratio P(a+1, t+1) / P(a, t) estimates the death rate there. A Gompertz
//!   law ln μ(a) = α + β·a is fitted to those ages (least squares, last five
//!   transitions) and gives survival at every age.
//! - Fertility: the general fertility rate, children aged 0 on 1 January over
//!   women aged 15-49 a year earlier (national, last five years), with the
//!   national share of boys.
//! - Net migration: the residual P(a+1, t+1) − S(a)·P(a, t) of the municipality,
//!   pooled over its history by sex and five-year age group, as a rate on the
//!   population at the start of the year.

use super::{AgeSex, AgeSexWeights, Series, AGES};

/// Transitions used for the national rates (the most recent ones).
const NATIONAL_TRANSITIONS: usize = 5;
/// Ages whose cohort ratios estimate mortality (net migration small there).
const GOMPERTZ_AGES: std::ops::Range<usize> = 60..96;
/// Width of the age groups in which migration rates are pooled.
const MIGRATION_GROUP_YEARS: usize = 5;
/// Births pseudo-count used to shrink a municipality's fertility factor towards
/// the national level (assumption: about two years of births in a small place).
const FERTILITY_PRIOR_BIRTHS: f64 = 20.0;

/// National survival and fertility.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalRates {
    /// Probability that a person aged a on 1 January is alive a year later
    /// (index 105: the open group 105+).
    pub survival: AgeSexWeights,
    /// Children aged 0 on 1 January per woman aged 15-49 a year earlier.
    pub general_fertility: f64,
    /// Share of boys among those children.
    pub boys_share: f64,
    /// Fitted Gompertz parameters (α, β) by sex, for the method note.
    pub gompertz: [(f64, f64); 2],
}

fn fit_gompertz(ratios: &[(usize, f64)]) -> (f64, f64) {
    // Least squares of ln(-ln r) on age.
    let pts: Vec<(f64, f64)> = ratios
        .iter()
        .filter(|(_, r)| *r > 0.0 && *r < 1.0)
        .map(|(a, r)| (*a as f64 + 0.5, (-r.ln()).ln()))
        .collect();
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let beta = sxy / sxx;
    (my - beta * mx, beta)
}

fn women_15_49(p: &AgeSex) -> f64 {
    p.female[15..50].iter().sum()
}

/// Estimates national rates from the national series (needs ≥ 2 years).
pub fn national(series: &Series) -> NationalRates {
    let n = series.years.len();
    let k = NATIONAL_TRANSITIONS.min(n - 1);
    let pairs: Vec<(&AgeSex, &AgeSex)> = (n - 1 - k..n - 1)
        .map(|i| (&series.years[i], &series.years[i + 1]))
        .collect();
    let mut gompertz = [(0.0, 0.0); 2];
    let mut survival = AgeSexWeights {
        male: [1.0; AGES],
        female: [1.0; AGES],
    };
    for (sex, g) in gompertz.iter_mut().enumerate() {
        let pick = |p: &AgeSex| if sex == 0 { p.male } else { p.female };
        let ratios: Vec<(usize, f64)> = GOMPERTZ_AGES
            .map(|a| {
                let num: f64 = pairs.iter().map(|(_, p1)| pick(p1)[a + 1]).sum();
                let den: f64 = pairs.iter().map(|(p0, _)| pick(p0)[a]).sum();
                (a, num / den)
            })
            .collect();
        *g = fit_gompertz(&ratios);
        let out = if sex == 0 {
            &mut survival.male
        } else {
            &mut survival.female
        };
        for (a, s) in out.iter_mut().enumerate() {
            let mu = (g.0 + g.1 * (a as f64 + 0.5)).exp();
            *s = (-mu).exp();
        }
    }
    let births: f64 = pairs.iter().map(|(_, p1)| p1.male[0] + p1.female[0]).sum();
    let boys: f64 = pairs.iter().map(|(_, p1)| p1.male[0]).sum();
    let women: f64 = pairs.iter().map(|(p0, _)| women_15_49(p0)).sum();
    NationalRates {
        survival,
        general_fertility: births / women,
        boys_share: boys / births,
        gompertz,
    }
}

/// A municipality's own rates, estimated from its history.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalRates {
    /// Net migration during the year per person aged a on 1 January.
    pub migration: AgeSexWeights,
    /// The municipality's births relative to the national rate (shrunk towards 1).
    pub fertility_factor: f64,
    /// First and last year of the history used.
    pub years: (i32, i32),
}

/// Estimates net migration by sex and five-year age group, and the fertility
/// factor, from the transitions of `history` between `from` and `to` (years of
/// 1 January populations; both must be in the series).
pub fn local(history: &Series, national: &NationalRates, from: i32, to: i32) -> LocalRates {
    let from = from.max(history.first_year);
    let to = to.min(history.last_year());
    let groups = group(AGES - 1) + 1;
    let mut migrants = [vec![0.0; groups], vec![0.0; groups]];
    let mut exposed = [vec![0.0; groups], vec![0.0; groups]];
    let (mut births, mut expected) = (0.0, 0.0);
    for year in from..to {
        let (Some(p0), Some(p1)) = (history.get(year), history.get(year + 1)) else {
            continue;
        };
        for sex in 0..2 {
            let (a0, a1, s) = if sex == 0 {
                (&p0.male, &p1.male, &national.survival.male)
            } else {
                (&p0.female, &p1.female, &national.survival.female)
            };
            for a in 0..AGES {
                // Survivors of age a are a + 1 a year later (105+ stays 105+).
                let next = (a + 1).min(AGES - 1);
                let survivors = a0[a] * s[a];
                let g = group(a);
                exposed[sex][g] += a0[a];
                // The open group receives survivors of both 104 and 105+, which
                // share an age group: count the observed 105+ once, at a = 104.
                let observed = match a {
                    104 => a1[105],
                    105 => 0.0,
                    _ => a1[next],
                };
                migrants[sex][g] += observed - survivors;
            }
        }
        births += p1.male[0] + p1.female[0];
        expected += national.general_fertility * women_15_49(p0);
    }
    let mut migration = AgeSexWeights {
        male: [0.0; AGES],
        female: [0.0; AGES],
    };
    for sex in 0..2 {
        let out = if sex == 0 {
            &mut migration.male
        } else {
            &mut migration.female
        };
        for (a, m) in out.iter_mut().enumerate() {
            let g = group(a);
            let e = exposed[sex][g];
            *m = if e > 0.0 {
                (migrants[sex][g] / e).clamp(-0.5, 0.5)
            } else {
                0.0
            };
        }
    }
    LocalRates {
        migration,
        fertility_factor: (births + FERTILITY_PRIOR_BIRTHS) / (expected + FERTILITY_PRIOR_BIRTHS),
        years: (from, to),
    }
}

/// Five-year age groups, the last one 100+ (so that 104 and 105+ share one).
fn group(age: usize) -> usize {
    (age / MIGRATION_GROUP_YEARS).min(100 / MIGRATION_GROUP_YEARS)
}

pub(crate) fn births(p: &AgeSex, national: &NationalRates, local: &LocalRates) -> f64 {
    national.general_fertility * local.fertility_factor * women_15_49(p)
}
