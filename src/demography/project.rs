//! The cohort-component projection of one population (a municipality) by sex and
//! single-year age: a step function (`step`) and the loop that drives it to a
//! final year while calibrating totals (`project`). Pure; never reads files.

use super::rates::{births, LocalRates, NationalRates};
use super::{AgeSex, Series, AGES};

/// One year: survivors age by one year, net migrants join at their new age,
/// births from women 15-49 enter at age 0. Counts never go negative.
pub fn step(p: &AgeSex, national: &NationalRates, local: &LocalRates) -> AgeSex {
    let mut next = AgeSex::zero();
    let b = births(p, national, local);
    for sex in 0..2 {
        let (now, out, s, m) = if sex == 0 {
            (
                &p.male,
                &mut next.male,
                &national.survival.male,
                &local.migration.male,
            )
        } else {
            (
                &p.female,
                &mut next.female,
                &national.survival.female,
                &local.migration.female,
            )
        };
        for a in 0..AGES {
            let to = (a + 1).min(AGES - 1);
            out[to] += now[a] * (s[a] + m[a]);
        }
        out[0] = b * if sex == 0 {
            national.boys_share
        } else {
            1.0 - national.boys_share
        };
        for v in out.iter_mut() {
            *v = v.max(0.0);
        }
    }
    next
}

/// Projects from the last year of `history` to `last_year`. Where `totals`
/// gives a total for a projected year (as `(year, persons)`), the year's
/// population is scaled proportionally to equal it (SSB's 14288 totals). Where
/// `given` holds a year (a user-supplied age/sex projection), it is taken as is.
/// Returns the history followed by the projected years.
pub fn project(
    history: &Series,
    national: &NationalRates,
    local: &LocalRates,
    last_year: i32,
    totals: &dyn Fn(i32) -> Option<f64>,
    given: &dyn Fn(i32) -> Option<AgeSex>,
) -> Series {
    let mut out = history.clone();
    // Room for every projected year at once: a year is a few KB, and growing
    // the series year by year copied it over and over.
    out.years
        .reserve((last_year - history.last_year()).max(0) as usize);
    for year in history.last_year() + 1..=last_year {
        let next = match given(year) {
            Some(p) => p,
            None => {
                let prev = out.years.last().expect("history has at least one year");
                let mut p = step(prev, national, local);
                if let Some(total) = totals(year) {
                    let t = p.total();
                    if t > 0.0 {
                        p.scale(total / t);
                    }
                }
                p
            }
        };
        out.years.push(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demography::AgeSexWeights;

    fn flat(v: f64) -> AgeSexWeights {
        AgeSexWeights {
            male: [v; AGES],
            female: [v; AGES],
        }
    }

    /// Rates with flat survival and migration (no Gompertz fit needed in tests).
    fn rates(
        survival: f64,
        fertility: f64,
        boys: f64,
        migration: f64,
        factor: f64,
    ) -> (NationalRates, LocalRates) {
        (
            NationalRates {
                survival: flat(survival),
                general_fertility: fertility,
                boys_share: boys,
                gompertz: [(0.0, 0.0); 2],
            },
            LocalRates {
                migration: flat(migration),
                fertility_factor: factor,
                years: (2015, 2025),
            },
        )
    }

    #[test]
    fn a_cohort_ages_by_one_year_and_survives_by_the_rate() {
        let (nat, loc) = rates(0.9, 0.0, 0.5, 0.0, 1.0);
        let mut p = AgeSex::zero();
        p.male[30] = 100.0;
        p.female[104] = 10.0;
        p.female[105] = 10.0;
        let q = step(&p, &nat, &loc);
        assert_eq!(q.male[31], 90.0);
        assert_eq!(q.female[105], 18.0);
        assert_eq!(q.total(), 108.0);
    }

    #[test]
    fn births_come_from_women_of_childbearing_age() {
        let (nat, loc) = rates(1.0, 0.05, 0.5, 0.0, 2.0);
        let mut p = AgeSex::zero();
        p.female[30] = 100.0;
        p.male[30] = 100.0;
        let q = step(&p, &nat, &loc);
        assert!((q.male[0] + q.female[0] - 10.0).abs() < 1e-12);
    }

    #[test]
    fn projected_totals_are_calibrated() {
        let (nat, loc) = rates(0.99, 0.04, 0.51, -0.01, 1.0);
        let mut p = AgeSex::zero();
        for a in 0..90 {
            p.male[a] = 10.0;
            p.female[a] = 10.0;
        }
        let hist = Series {
            first_year: 2026,
            years: vec![p],
        };
        let s = project(
            &hist,
            &nat,
            &loc,
            2050,
            &|y| (y >= 2030).then_some(1500.0 + f64::from(y)),
            &|_| None,
        );
        assert_eq!(s.last_year(), 2050);
        for y in 2030..=2050 {
            let t = s.get(y).unwrap().total();
            assert!((t - (1500.0 + f64::from(y))).abs() < 1e-9, "{y}: {t}");
        }
    }
}
