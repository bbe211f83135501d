//! Bundled reference data: Norway's municipalities (2024 borders) with their
//! population and GP list figures, compiled into the binary so that stabil works
//! offline from any directory. Built from SSB files by `import` (see
//! `data/PROVENANCE.md`). Read-only lookups; no file access at run time.

pub mod import;
pub mod import_demography;
pub mod population;
pub mod projection;

use std::sync::OnceLock;

/// The compact file written by `import`, embedded at build time.
const KOMMUNER_CSV: &str = include_str!("../../data/kommuner.csv");

/// The 2015-2025 GP series written by `import` (SSB table 12005, population 07459).
const GP_TREND_CSV: &str = include_str!("../../data/gp_trend.csv");

/// One municipality-year of the GP series.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendYear {
    pub code: String,
    pub year: i32,
    /// Share of patients on lists without a GP, per cent.
    pub share_without_gp_pct: Option<f64>,
    pub mean_list_length: Option<f64>,
    pub population: Option<u32>,
}

/// The bundled 2015-2025 series (about 190 municipalities; SSB has gaps).
pub fn gp_trend() -> &'static [TrendYear] {
    static ALL: OnceLock<Vec<TrendYear>> = OnceLock::new();
    ALL.get_or_init(|| {
        csv::Reader::from_reader(GP_TREND_CSV.as_bytes())
            .records()
            .map(|r| {
                let r = r.expect("bundled data/gp_trend.csv is valid CSV");
                TrendYear {
                    code: r[0].to_string(),
                    year: r[1].parse().expect("year in bundled data"),
                    share_without_gp_pct: r[2].parse().ok(),
                    mean_list_length: r[3].parse().ok(),
                    population: r[4].parse().ok(),
                }
            })
            .collect()
    })
}

/// One municipality's key figures (SSB; see `data/PROVENANCE.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub code: String,
    pub name: String,
    pub county_code: String,
    pub county_name: String,
    /// Population on 1 January 2025 (table 07459).
    pub population_2025: u32,
    /// GP figures at the end of 2025 (table 12005); `None` where SSB has none.
    pub gp: Option<GpFigures>,
}

/// GP list figures from SSB table 12005.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GpFigures {
    /// All GP lists (agreements), including lists without a GP.
    pub lists_total: u32,
    pub lists_without_gp: u32,
    pub mean_list_length: f64,
    /// Mean list length corrected for municipal hours (`KOSgjsnllkomm0000`): the
    /// list a GP would have working on the list alone. `None` where SSB has none.
    pub list_length_corrected: Option<f64>,
}

fn parse() -> Vec<Municipality> {
    let mut rdr = csv::Reader::from_reader(KOMMUNER_CSV.as_bytes());
    rdr.records()
        .map(|r| {
            let r = r.expect("bundled data/kommuner.csv is valid CSV");
            let num = |i: usize| r[i].parse::<f64>().ok();
            let gp = match (num(5), num(6), num(7)) {
                (Some(t), Some(w), Some(l)) => Some(GpFigures {
                    lists_total: t as u32,
                    lists_without_gp: w as u32,
                    mean_list_length: l,
                    list_length_corrected: num(8),
                }),
                _ => None,
            };
            Municipality {
                code: r[0].to_string(),
                name: r[1].to_string(),
                county_code: r[2].to_string(),
                county_name: r[3].to_string(),
                population_2025: num(4).expect("population in bundled data") as u32,
                gp,
            }
        })
        .collect()
}

/// All 357 municipalities, ordered by code.
pub fn municipalities() -> &'static [Municipality] {
    static ALL: OnceLock<Vec<Municipality>> = OnceLock::new();
    ALL.get_or_init(parse)
}

/// The municipality with this 4-digit code, if it exists (2024 borders).
pub fn municipality(code: &str) -> Option<&'static Municipality> {
    municipalities().iter().find(|m| m.code == code)
}

/// A municipality as people give it: by 4-digit number, by number without its
/// leading zero ("301"), or by name (case-insensitive, e.g. "bø", "Sortland").
/// A name two municipalities share (Herøy) must be given by number.
pub fn find_municipality(query: &str) -> Option<&'static Municipality> {
    let q = query.trim();
    if q.chars().all(|c| c.is_ascii_digit()) {
        return municipality(&format!("{q:0>4}"));
    }
    match municipalities_named(q).as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// The municipalities of a county as people give it: by its 2-digit number
/// ("18", "3") or by its name or a part of it, case-insensitive ("Nordland",
/// "nordlándda", "Møre og Romsdal"). Empty when no county matches.
pub fn county_municipalities(query: &str) -> Vec<&'static Municipality> {
    let q = query.trim().to_lowercase();
    let code = (!q.is_empty() && q.len() <= 2 && q.chars().all(|c| c.is_ascii_digit()))
        .then(|| format!("{q:0>2}"));
    municipalities()
        .iter()
        .filter(|m| match &code {
            Some(c) => &m.county_code == c,
            None => {
                let name = m.county_name.to_lowercase();
                name == q || name.split('-').any(|p| p.trim() == q)
            }
        })
        .collect()
}

/// The parts of a municipality's name in lower case: the whole name and each
/// language's name in it ("deatnu-tana", "deatnu", "tana"), so that the
/// Norwegian, Sámi and Kven names all find it.
pub fn name_parts(m: &Municipality) -> impl Iterator<Item = String> + '_ {
    let whole = m.name.to_lowercase();
    let parts: Vec<String> = whole.split('-').map(str::to_string).collect();
    std::iter::once(whole).chain(parts)
}

/// Every municipality with this name or a part of it (case-insensitive): one,
/// none, or several where a name is shared (Herøy, Våler).
pub fn municipalities_named(query: &str) -> Vec<&'static Municipality> {
    let lower = query.trim().to_lowercase();
    municipalities()
        .iter()
        .filter(|m| name_parts(m).any(|p| p == lower))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_county_is_found_by_number_or_name() {
        let nordland = county_municipalities("Nordland");
        assert_eq!(nordland.len(), 41);
        assert_eq!(county_municipalities("18"), nordland);
        assert_eq!(county_municipalities("nordlándda"), nordland);
        assert_eq!(county_municipalities("3").len(), 1);
        assert_eq!(county_municipalities("Møre og Romsdal").len(), 27);
        assert!(county_municipalities("Hadsel").is_empty());
        assert!(county_municipalities("99").is_empty());
        assert!(county_municipalities("").is_empty());
    }

    #[test]
    fn bundled_data_has_every_municipality() {
        assert_eq!(municipalities().len(), 357);
        let hadsel = municipality("1866").unwrap();
        assert_eq!(hadsel.name, "Hadsel");
        assert_eq!(hadsel.population_2025, 8400);
        let gp = hadsel.gp.unwrap();
        assert_eq!((gp.lists_total, gp.lists_without_gp), (13, 1));
        assert!(municipality("9999").is_none());
        let national: u64 = municipalities()
            .iter()
            .map(|m| u64::from(m.population_2025))
            .sum();
        assert_eq!(national, 5_594_340); // SSB's published total for 1 January 2025
        let bo_2025 = gp_trend()
            .iter()
            .find(|t| t.code == "1867" && t.year == 2025)
            .unwrap();
        assert_eq!(bo_2025.share_without_gp_pct, Some(27.9));
    }

    #[test]
    fn municipalities_are_found_by_number_or_name() {
        let code = |q: &str| find_municipality(q).map(|m| m.code.as_str());
        assert_eq!(code("1867"), Some("1867"));
        assert_eq!(code(" bø "), Some("1867"));
        assert_eq!(code("Sortland"), Some("1870"));
        assert_eq!(code("301"), Some("0301"));
        // Herøy is in Nordland and in Møre og Romsdal: by number only.
        assert_eq!(code("Herøy"), None);
        assert_eq!(municipalities_named("herøy").len(), 2);
        assert_eq!(code("Atlantis"), None);
        // Regression (user trial): the Norwegian name after a Sámi or Kven
        // one was not found ("Tana" suggested Rana).
        assert_eq!(code("Tana"), Some("5628"));
        assert_eq!(code("Deatnu"), Some("5628"));
        assert_eq!(code("Kautokeino"), Some("5612"));
        assert_eq!(code("Kåfjord"), Some("5540"));
        assert_eq!(code("Nesseby"), Some("5636"));
        assert_eq!(code("Røyrvik"), Some("5043"));
        assert_eq!(code("Porsanger"), Some("5622"));
        assert_eq!(code("Deatnu-Tana"), Some("5628"));
        // Every part finds its municipality; a whole name finds only it
        // (but for the two shared names), while a part of hyphenated
        // Norwegian names ("Aurdal" of Nord- and Sør-Aurdal) can find more.
        for m in municipalities() {
            for part in name_parts(m) {
                let named = municipalities_named(&part);
                assert!(named.iter().any(|x| x.code == m.code), "{part}");
            }
            let whole = municipalities_named(&m.name).len();
            assert!(whole == 1 || ["Herøy", "Våler"].contains(&m.name.as_str()));
        }
        assert_eq!(code("Aurdal"), None);
        assert_eq!(municipalities_named("aurdal").len(), 2);
    }
}
