//! The bundled projection: the demography core applied to the bundled SSB data.
//! Registered population to 2026, then the cohort-component projection with
//! national rates from the national series and net migration from the
//! municipality's own 2015-2025 history, calibrated to SSB's MMMM totals.
//! Cached per process; no file access.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::data::population::{self, projected_total};
use crate::demography::project::project;
use crate::demography::rates::{self, NationalRates};
use crate::demography::Series;

/// Years whose transitions estimate a municipality's net migration.
pub const MIGRATION_YEARS: (i32, i32) = (2015, 2025);
/// Last year of the bundled projected totals.
pub const LAST_YEAR: i32 = 2050;

/// National survival and fertility from the bundled national series.
pub fn national_rates() -> &'static NationalRates {
    static R: OnceLock<NationalRates> = OnceLock::new();
    R.get_or_init(|| rates::national(population::norway()))
}

/// A municipality's population by sex and age from its first registered year to
/// 2050 (registered to 2026, projected after). `None` for an unknown code.
pub fn municipality(code: &str) -> Option<&'static Series> {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Series>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().expect("cache lock").get(code) {
        return Some(s);
    }
    let history = population::municipality(code)?;
    let nat = national_rates();
    let local = rates::local(history, nat, MIGRATION_YEARS.0, MIGRATION_YEARS.1);
    let series = project(
        history,
        nat,
        &local,
        LAST_YEAR,
        &|y| projected_total(code, y),
        &|_| None,
    );
    // Leaked once per municipality (at most 357 small series per process).
    let leaked: &'static Series = Box::leak(Box::new(series));
    cache
        .lock()
        .expect("cache lock")
        .insert(code.to_string(), leaked);
    Some(leaked)
}

/// A change from 2026 to 2027 this far (in shares) from the next year's is a
/// seam between the registered and the projected population, not growth.
const SEAM: f64 = 0.02;

/// The change of a population from 2026 (the last registered year) to 2027
/// (the first projected one), as a share, when it stands out from the change a
/// year later by more than `SEAM`: where SSB's 2024 projection and the
/// registered population have drifted apart, so that the series jumps.
pub fn seam_2027(s: &Series) -> Option<f64> {
    let t = |y| s.get(y).map(|p| p.total());
    let (a, b, c) = (t(2026)?, t(2027)?, t(2028)?);
    let (jump, next) = (b / a - 1.0, c / b - 1.0);
    ((jump - next).abs() > SEAM).then_some(jump)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projected_totals_equal_ssb_mmmm_for_every_municipality() {
        for m in crate::data::municipalities() {
            let s = municipality(&m.code).unwrap();
            assert_eq!(s.last_year(), LAST_YEAR);
            for y in 2027..=LAST_YEAR {
                let want = projected_total(&m.code, y).unwrap();
                let got = s.get(y).unwrap().total();
                assert!(
                    (got - want).abs() < 1e-6 * want.max(1.0),
                    "{} {y}: {got} vs {want}",
                    m.code
                );
            }
        }
    }

    #[test]
    fn the_2027_seam_is_found_where_ssb_and_the_register_drifted_apart() {
        // Gildeskål: 2,024 registered in 2026, SSB's 2024 round expected 2,111 in 2027.
        let g = seam_2027(municipality("1838").unwrap()).unwrap();
        assert!((0.03..0.06).contains(&g), "{g}");
        // Oslo grows smoothly through the seam.
        assert_eq!(seam_2027(municipality("0301").unwrap()), None);
    }

    #[test]
    fn national_rates_are_plausible() {
        let r = national_rates();
        // Life table sanity (Norway): survival at 80 about 0.95-0.97, at 95 about 0.7-0.8.
        assert!(
            (0.93..0.98).contains(&r.survival.male[80]),
            "{}",
            r.survival.male[80]
        );
        assert!(
            (0.6..0.85).contains(&r.survival.female[95]),
            "{}",
            r.survival.female[95]
        );
        assert!(
            (0.03..0.07).contains(&r.general_fertility),
            "{}",
            r.general_fertility
        );
        assert!((0.5..0.53).contains(&r.boys_share), "{}", r.boys_share);
    }
}
