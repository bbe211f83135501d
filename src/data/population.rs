//! Bundled demographic data, embedded at build time (written by
//! `import_demography`): population by municipality, sex and single-year age
//! 2005-2026 (SSB 07459, 2024 borders), the national series 1986-2026, SSB's
//! projected totals 2025-2050 (14288, MMMM) and GP consultation rates by sex and
//! age. Read-only lookups parsed once; no file access at run time.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Mutex, OnceLock};

use crate::demography::{AgeSex, AgeSexWeights, Series, AGES};

const POPULATION_GZ: &[u8] = include_bytes!("../../data/population.csv.gz");
const NORWAY_CSV: &str = include_str!("../../data/population_norway.csv");
const PROJECTION_CSV: &str = include_str!("../../data/projection_totals.csv");
const GP_USE_CSV: &str = include_str!("../../data/gp_use.csv");

/// First year of the projected totals in `projection_totals.csv`.
pub const PROJECTION_FIRST_YEAR: i32 = 2025;

/// The counts `a0..a105` of a row (the text after its sex field) into `out`:
/// fields of plain digits are read as integers (exactly the `f64` that
/// `str::parse` gives for them, at a fraction of the cost); any other field
/// through `str::parse`. Fields after the last age are ignored.
fn parse_counts(text: &str, out: &mut [f64; AGES]) {
    let bytes = text.as_bytes();
    let (mut k, mut start, mut v, mut plain) = (0, 0, 0u64, true);
    for j in 0..=bytes.len() {
        let c = bytes.get(j).copied().unwrap_or(b',');
        if c == b',' {
            out[k] = if plain && j > start && j - start <= 15 {
                v as f64
            } else {
                text[start..j].parse().expect("count in bundled data")
            };
            k += 1;
            if k == AGES {
                return;
            }
            (start, v, plain) = (j + 1, 0, true);
        } else if c.is_ascii_digit() {
            v = v.wrapping_mul(10).wrapping_add(u64::from(c - b'0'));
        } else {
            plain = false;
        }
    }
    panic!("bundled data: {k} counts in a row, {AGES} expected");
}

/// Parses wide `year, sex, a0..a105` rows (after `skip` leading fields, e.g. the
/// municipality code) of one region into its series, years in order.
fn parse_rows<'a>(lines: impl Iterator<Item = &'a str>, skip: usize) -> Series {
    let mut list: Vec<(i32, AgeSex)> = Vec::new();
    for line in lines {
        let mut fields = line.splitn(skip + 3, ',').skip(skip);
        let year: i32 = fields
            .next()
            .and_then(|y| y.parse().ok())
            .expect("year in bundled data");
        if list.last().is_none_or(|(y, _)| *y != year) {
            list.push((year, AgeSex::zero()));
        }
        let p = &mut list.last_mut().expect("just pushed").1;
        let target = if fields.next() == Some("male") {
            &mut p.male
        } else {
            &mut p.female
        };
        parse_counts(fields.next().expect("counts in bundled data"), target);
    }
    list.sort_by_key(|(y, _)| *y);
    let first_year = list[0].0;
    debug_assert!(list
        .iter()
        .enumerate()
        .all(|(i, (y, _))| *y == first_year + i as i32));
    Series {
        first_year,
        years: list.into_iter().map(|(_, p)| p).collect(),
    }
}

/// The decompressed municipal CSV and, per municipality code, the lines of its
/// rows (without the header); numbers are parsed only when a code is asked for.
struct Municipal {
    text: String,
    lines: HashMap<String, Vec<(usize, usize)>>,
}

fn municipal() -> &'static Municipal {
    static ALL: OnceLock<Municipal> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut text = String::new();
        flate2::read::GzDecoder::new(POPULATION_GZ)
            .read_to_string(&mut text)
            .expect("bundled data/population.csv.gz decompresses");
        let mut lines: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut at = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let (start, end) = (at, at + line.trim_end_matches(['\n', '\r']).len());
            at += line.len();
            if i == 0 || start == end {
                continue; // the header, or an empty line
            }
            let code = line.split(',').next().expect("a first field");
            lines
                .entry(code.to_string())
                .or_default()
                .push((start, end));
        }
        Municipal { text, lines }
    })
}

/// A municipality's registered population on 1 January by sex and age (2005 or
/// its first year of existence, to 2026), 2024 borders. Parsed on first use and
/// kept for the process (at most 357 small series).
pub fn municipality(code: &str) -> Option<&'static Series> {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Series>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().expect("cache lock").get(code) {
        return Some(s);
    }
    let all = municipal();
    let ranges = all.lines.get(code)?;
    let series = parse_rows(ranges.iter().map(|&(a, b)| &all.text[a..b]), 1);
    let mut cache = cache.lock().expect("cache lock");
    // Another thread may have parsed it meanwhile: keep the first (equal) one.
    Some(
        *cache
            .entry(code.to_string())
            .or_insert_with(|| Box::leak(Box::new(series))),
    )
}

/// Norway's registered population by sex and age, 1986-2026.
pub fn norway() -> &'static Series {
    static ALL: OnceLock<Series> = OnceLock::new();
    ALL.get_or_init(|| parse_rows(NORWAY_CSV.lines().skip(1).filter(|l| !l.is_empty()), 0))
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

    /// The parse before lazy loading: every row through the csv reader and `parse`.
    fn reference(text: &str, code: Option<&str>) -> Series {
        let mut list: Vec<(i32, AgeSex)> = Vec::new();
        for r in csv::Reader::from_reader(text.as_bytes()).records() {
            let r = r.unwrap();
            let off = usize::from(code.is_some());
            if code.is_some_and(|c| &r[0] != c) {
                continue;
            }
            let year: i32 = r[off].parse().unwrap();
            if list.last().is_none_or(|(y, _)| *y != year) {
                list.push((year, AgeSex::zero()));
            }
            let p = &mut list.last_mut().unwrap().1;
            let t = if &r[off + 1] == "male" {
                &mut p.male
            } else {
                &mut p.female
            };
            for (a, v) in t.iter_mut().enumerate() {
                *v = r[off + 2 + a].parse().unwrap();
            }
        }
        list.sort_by_key(|(y, _)| *y);
        Series {
            first_year: list[0].0,
            years: list.into_iter().map(|(_, p)| p).collect(),
        }
    }

    #[test]
    fn lazy_parse_equals_the_csv_reader() {
        let text = &municipal().text;
        for code in ["0301", "1867", "1804", "5001"] {
            let s = municipality(code).unwrap();
            assert_eq!(*s, reference(text, Some(code)), "{code}");
            assert!(std::ptr::eq(s, municipality(code).unwrap()), "cached");
        }
        assert_eq!(*norway(), reference(NORWAY_CSV, None));
        let mut c = [0.0; AGES];
        let row: Vec<String> = (0..AGES + 2).map(|a| format!("{}", a * 37)).collect();
        parse_counts(&row.join(","), &mut c);
        assert!(c.iter().enumerate().all(|(a, v)| *v == (a * 37) as f64));
        let mut row = row[..AGES].to_vec();
        (row[0], row[5], row[AGES - 1]) =
            ("2.5".into(), "1e3".into(), "1234567890123456789".into());
        parse_counts(&row.join(","), &mut c);
        assert_eq!(
            (c[0], c[5], c[AGES - 1]),
            (2.5, 1000.0, 1234567890123456789.0)
        );
    }

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
        assert!(municipality("9999").is_none());
        let w = gp_consultations();
        assert!(w.male.iter().chain(w.female.iter()).all(|v| *v > 0.0));
    }
}
