//! Bundled demographic data, embedded at build time (written by
//! `import_demography`): population by municipality, sex and single-year age
//! 2005-2026 (SSB 07459, 2024 borders), the national series 1986-2026, SSB's
//! projected totals 2025-2050 (14288, MMMM) and GP consultation rates by sex and
//! age. Read-only lookups parsed once; no file access at run time.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use crate::demography::{AgeSex, AgeSexWeights, Series, AGES};

const POPULATION_GZ: &[u8] = include_bytes!("../../data/population.csv.gz");
const NORWAY_CSV: &str = include_str!("../../data/population_norway.csv");
const PROJECTION_CSV: &str = include_str!("../../data/projection_totals.csv");
const GP_USE_CSV: &str = include_str!("../../data/gp_use.csv");

/// First year of the projected totals in `projection_totals.csv`.
pub const PROJECTION_FIRST_YEAR: i32 = 2025;

/// Parses wide `[kommune,] year, sex, a0..a105` rows into series per region.
fn parse_wide(text: &str, with_region: bool) -> HashMap<String, Series> {
    let mut rows: HashMap<String, Vec<(i32, AgeSex)>> = HashMap::new();
    for r in csv::Reader::from_reader(text.as_bytes()).records() {
        let r = r.expect("bundled population data is valid CSV");
        let off = usize::from(with_region);
        let region = if with_region {
            r[0].to_string()
        } else {
            "0".to_string()
        };
        let year: i32 = r[off].parse().expect("year in bundled data");
        let list = rows.entry(region).or_default();
        if list.last().is_none_or(|(y, _)| *y != year) {
            list.push((year, AgeSex::zero()));
        }
        let p = &mut list.last_mut().expect("just pushed").1;
        let target = if &r[off + 1] == "male" {
            &mut p.male
        } else {
            &mut p.female
        };
        for (a, v) in target.iter_mut().enumerate().take(AGES) {
            *v = r[off + 2 + a].parse().expect("count in bundled data");
        }
    }
    rows.into_iter()
        .map(|(k, mut list)| {
            list.sort_by_key(|(y, _)| *y);
            let first_year = list[0].0;
            debug_assert!(list
                .iter()
                .enumerate()
                .all(|(i, (y, _))| *y == first_year + i as i32));
            (
                k,
                Series {
                    first_year,
                    years: list.into_iter().map(|(_, p)| p).collect(),
                },
            )
        })
        .collect()
}

fn municipal() -> &'static HashMap<String, Series> {
    static ALL: OnceLock<HashMap<String, Series>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut text = String::new();
        flate2::read::GzDecoder::new(POPULATION_GZ)
            .read_to_string(&mut text)
            .expect("bundled data/population.csv.gz decompresses");
        parse_wide(&text, true)
    })
}

/// A municipality's registered population on 1 January by sex and age (2005 or
/// its first year of existence, to 2026), 2024 borders.
pub fn municipality(code: &str) -> Option<&'static Series> {
    municipal().get(code)
}

/// Norway's registered population by sex and age, 1986-2026.
pub fn norway() -> &'static Series {
    static ALL: OnceLock<Series> = OnceLock::new();
    ALL.get_or_init(|| {
        parse_wide(NORWAY_CSV, false)
            .remove("0")
            .expect("bundled national series")
    })
}

/// SSB's projected total (14288, main alternative MMMM, 2024 round) for a
/// municipality and year 2025-2050.
pub fn projected_total(code: &str, year: i32) -> Option<f64> {
    static ALL: OnceLock<HashMap<String, Vec<f64>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        csv::Reader::from_reader(PROJECTION_CSV.as_bytes())
            .records()
            .map(|r| {
                let r = r.expect("bundled projection_totals.csv is valid CSV");
                let v = r
                    .iter()
                    .skip(1)
                    .map(|x| x.parse().expect("total"))
                    .collect();
                (r[0].to_string(), v)
            })
            .collect()
    });
    let i = usize::try_from(year - PROJECTION_FIRST_YEAR).ok()?;
    all.get(code)?.get(i).copied()
}

/// GP consultations per person and year by sex and single-year age (SSB 2023
/// rates by age group, split by sex in SSB's 2005 ratios; see PROVENANCE).
pub fn gp_consultations() -> &'static AgeSexWeights {
    static ALL: OnceLock<AgeSexWeights> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut w = AgeSexWeights {
            male: [0.0; AGES],
            female: [0.0; AGES],
        };
        for r in csv::Reader::from_reader(GP_USE_CSV.as_bytes()).records() {
            let r = r.expect("bundled gp_use.csv is valid CSV");
            let lo: usize = r[1].parse().expect("age_from");
            let hi: usize = r[2].parse().expect("age_to");
            let v: f64 = r[3].parse().expect("rate");
            let t = if &r[0] == "male" {
                &mut w.male
            } else {
                &mut w.female
            };
            for x in &mut t[lo..=hi.min(AGES - 1)] {
                *x = v;
            }
        }
        w
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_population_matches_ssb_totals() {
        let bo = municipality("1867").unwrap();
        assert_eq!(bo.last_year(), 2026);
        assert_eq!(bo.get(2025).unwrap().total(), 2617.0);
        let nat = norway();
        assert_eq!((nat.first_year, nat.last_year()), (1986, 2026));
        assert_eq!(nat.get(2025).unwrap().total(), 5_594_340.0); // SSB's published total
        let sum_2025: f64 = crate::data::municipalities()
            .iter()
            .map(|m| municipality(&m.code).unwrap().get(2025).unwrap().total())
            .sum();
        assert_eq!(sum_2025, 5_594_340.0);
        assert_eq!(projected_total("1867", 2027), Some(2684.0));
        assert_eq!(projected_total("1867", 2051), None);
        let w = gp_consultations();
        assert!(w.male.iter().chain(w.female.iter()).all(|v| *v > 0.0));
    }
}
