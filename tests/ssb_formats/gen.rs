//! The source of truth for the SSB fixtures and the writers that render it in
//! each layout. `tests/fixtures/ssb/*` are these renderings; a test checks that
//! the files on disk still equal them (set STABIL_WRITE_SSB_FIXTURES=1 to
//! rewrite them).
#![allow(dead_code)]

use stabil::ssb::Sex;

pub const REGIONS: [(&str, &str); 2] = [("1866", "Hadsel"), ("1867", "Bø")];
pub const YEARS: [i32; 2] = [2023, 2024];

/// One cell of the truth.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub region: &'static str,
    pub name: &'static str,
    pub year: i32,
    pub sex: Sex,
    pub age: u8,
    /// None: SSB gave `symbol` instead.
    pub value: Option<f64>,
    pub symbol: Option<&'static str>,
    pub alternative: Option<&'static str>,
}

fn count(ri: usize, year: i32, sex: Sex, age: u8) -> f64 {
    let s = if sex == Sex::Male { 0 } else { 1 };
    let base = ((age as i64 * 37 + (year as i64 % 100) * 11 + s * 5 + ri as i64 * 101) % 180) + 1;
    // Few very old people, as in real data.
    if age >= 100 {
        (base % 4) as f64
    } else {
        base as f64
    }
}

/// 2 municipalities × 2 years × 2 sexes × 106 ages; two cells carry symbols
/// (Bø 2024 females 104: ".."; Hadsel 2023 males 0: ".").
pub fn truth(with_symbols: bool) -> Vec<Cell> {
    let mut out = Vec::new();
    for (ri, (code, name)) in REGIONS.iter().enumerate() {
        for &year in &YEARS {
            for sex in [Sex::Male, Sex::Female] {
                for age in 0..=105u8 {
                    let mut c = Cell {
                        region: code,
                        name,
                        year,
                        sex,
                        age,
                        value: Some(count(ri, year, sex, age)),
                        symbol: None,
                        alternative: None,
                    };
                    if with_symbols {
                        if (*code, year, sex, age) == ("1867", 2024, Sex::Female, 104) {
                            c.value = None;
                            c.symbol = Some("..");
                        }
                        if (*code, year, sex, age) == ("1866", 2023, Sex::Male, 0) {
                            c.value = None;
                            c.symbol = Some(".");
                        }
                    }
                    out.push(c);
                }
            }
        }
    }
    out
}

/// Table 14288: Hadsel, 2030 and 2040, alternatives MMMM and LLML.
pub fn truth_14288() -> Vec<Cell> {
    let mut out = Vec::new();
    for (ai, alt) in ["MMMM", "LLML"].into_iter().enumerate() {
        for &year in &[2030, 2040] {
            for sex in [Sex::Male, Sex::Female] {
                for age in 0..=105u8 {
                    out.push(Cell {
                        region: "1866",
                        name: "Hadsel",
                        year,
                        sex,
                        age,
                        value: Some(count(ai, year, sex, age)),
                        symbol: None,
                        alternative: Some(alt),
                    });
                }
            }
        }
    }
    out
}

pub fn find(cells: &[Cell], region: &str, year: i32, sex: Sex, age: u8) -> Option<Cell> {
    cells
        .iter()
        .find(|c| {
            c.region == region
                && c.year == year
                && c.sex == sex
                && c.age == age
                && c.alternative.is_none()
        })
        .cloned()
}

fn val(c: &Cell) -> String {
    match (c.value, c.symbol) {
        (Some(v), _) => format!("{v}"),
        (None, Some(s)) => s.to_string(),
        (None, None) => String::new(),
    }
}

pub fn latin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| u32::from(c).min(255) as u8).collect()
}

#[derive(Clone, Copy, PartialEq)]
pub enum Lang {
    En,
    No,
}

pub fn age_text(age: u8, lang: Lang) -> String {
    match (lang, age) {
        (Lang::En, 105) => "105 years or older".into(),
        (Lang::En, 1) => "1 year".into(),
        (Lang::En, a) => format!("{a} years"),
        (Lang::No, 105) => "105 år eller eldre".into(),
        (Lang::No, a) => format!("{a} år"),
    }
}

/// Old Statbank "semicolon separated with heading": Latin-1, CRLF.
pub fn statbank(cells: &[Cell], lang: Lang, rest_rows: bool) -> Vec<u8> {
    let (title, age_h, persons, male, female) = match lang {
        Lang::En => (
            "07459: Population, by region, age, contents, year and sex",
            "age",
            "Persons",
            "Males",
            "Females",
        ),
        Lang::No => (
            "07459: Befolkning, etter region, alder, statistikkvariabel, år og kjønn",
            "alder",
            "Personer",
            "Menn",
            "Kvinner",
        ),
    };
    let mut s = format!("\"{title}\"\r\n\r\n\"region\";\"{age_h}\"");
    for y in YEARS {
        s.push_str(&format!(
            ";\"{persons} {y} {male}\";\"{persons} {y} {female}\""
        ));
    }
    s.push_str("\r\n");
    for (code, name) in REGIONS {
        for age in 0..=105u8 {
            s.push_str(&format!("\"K-{code} {name}\";\"{}\"", age_text(age, lang)));
            for y in YEARS {
                for sex in [Sex::Male, Sex::Female] {
                    s.push_str(&format!(
                        ";{}",
                        val(&find(cells, code, y, sex, age).unwrap())
                    ));
                }
            }
            s.push_str("\r\n");
        }
    }
    if rest_rows {
        for age in 0..=105u8 {
            s.push_str(&format!(
                "\"K-Rest Divided municalities and unknown\";\"{}\";0;0;0;0\r\n",
                age_text(age, lang)
            ));
        }
    }
    latin1(&s)
}

#[derive(Clone, Copy, PartialEq)]
pub enum Labels {
    Codes,
    Texts,
    CodeText,
}

fn region_label(code: &str, name: &str, l: Labels) -> String {
    match l {
        Labels::Codes => code.to_string(),
        Labels::Texts => format!("K-{code} {name}"),
        Labels::CodeText => format!("{code} - {name}"),
    }
}

fn sex_label(sex: Sex, l: Labels) -> &'static str {
    match (l, sex) {
        (Labels::Codes, Sex::Male) => "1",
        (Labels::Codes, Sex::Female) => "2",
        (Labels::Texts, Sex::Male) => "Menn",
        (Labels::Texts, Sex::Female) => "Kvinner",
        (Labels::CodeText, Sex::Male) => "1 - Menn",
        (Labels::CodeText, Sex::Female) => "2 - Kvinner",
    }
}

fn age_label(age: u8, l: Labels) -> String {
    let code = if age == 105 {
        "105+".to_string()
    } else {
        format!("{age:03}")
    };
    match l {
        Labels::Codes => code,
        Labels::Texts => age_text(age, Lang::No),
        Labels::CodeText => format!("{code} - {}", age_text(age, Lang::No)),
    }
}

fn contents_label(l: Labels) -> &'static str {
    match l {
        Labels::Codes => "Personer1",
        Labels::Texts => "Personer",
        Labels::CodeText => "Personer1 - Personer",
    }
}

fn year_label(y: i32, l: Labels) -> String {
    match l {
        Labels::CodeText => format!("{y} - {y}"),
        _ => y.to_string(),
    }
}

fn dim_names(l: Labels) -> [&'static str; 5] {
    match l {
        Labels::Codes => ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"],
        _ => ["region", "kjønn", "alder", "statistikkvariabel", "år"],
    }
}

/// How a PxWebApi CSV is written out.
#[derive(Clone, Copy)]
pub struct Px {
    pub labels: Labels,
    pub sep: char,
    pub latin1: bool,
    pub bom: bool,
    pub title: bool,
    pub crlf: bool,
}

fn q(s: &str, sep: char) -> String {
    if sep == '\t' {
        s.to_string()
    } else {
        format!("\"{s}\"")
    }
}

fn finish(s: String, px: Px) -> Vec<u8> {
    let s = if px.crlf { s.replace('\n', "\r\n") } else { s };
    if px.latin1 {
        latin1(&s)
    } else if px.bom {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(s.as_bytes());
        b
    } else {
        s.into_bytes()
    }
}

const PX_TITLE: &str = "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år";

/// PxWebApi CSV, wide: stub region, kjønn, alder; one column per contents × year.
pub fn px_wide(cells: &[Cell], px: Px) -> Vec<u8> {
    let sep = px.sep.to_string();
    let n = dim_names(px.labels);
    let mut s = String::new();
    if px.title {
        s.push_str(&format!("{}\n", q(PX_TITLE, px.sep)));
    }
    let mut head: Vec<String> = n[..3].iter().map(|h| q(h, px.sep)).collect();
    for y in YEARS {
        head.push(q(
            &format!("{} {}", contents_label(px.labels), year_label(y, px.labels)),
            px.sep,
        ));
    }
    s.push_str(&head.join(&sep));
    s.push('\n');
    for (code, name) in REGIONS {
        for sex in [Sex::Male, Sex::Female] {
            for age in 0..=105u8 {
                let mut row = vec![
                    q(&region_label(code, name, px.labels), px.sep),
                    q(sex_label(sex, px.labels), px.sep),
                    q(&age_label(age, px.labels), px.sep),
                ];
                for y in YEARS {
                    row.push(val(&find(cells, code, y, sex, age).unwrap()));
                }
                s.push_str(&row.join(&sep));
                s.push('\n');
            }
        }
    }
    finish(s, px)
}

/// PxWebApi CSV, long: every dimension in the stub, the value column headed by the title.
pub fn px_long(cells: &[Cell], px: Px) -> Vec<u8> {
    let sep = px.sep.to_string();
    let n = dim_names(px.labels);
    let mut s = String::new();
    if px.title {
        s.push_str(&format!("{}\n", q(PX_TITLE, px.sep)));
    }
    let mut head: Vec<String> = n.iter().map(|h| q(h, px.sep)).collect();
    head.push(q(PX_TITLE, px.sep));
    s.push_str(&head.join(&sep));
    s.push('\n');
    for c in cells {
        let row = [
            q(&region_label(c.region, c.name, px.labels), px.sep),
            q(sex_label(c.sex, px.labels), px.sep),
            q(&age_label(c.age, px.labels), px.sep),
            q(contents_label(px.labels), px.sep),
            q(&year_label(c.year, px.labels), px.sep),
            val(c),
        ];
        s.push_str(&row.join(&sep));
        s.push('\n');
    }
    finish(s, px)
}

/// Table 14288 as a wide CSV: headings "Hovedalternativet (MMMM) 2030".
pub fn px_wide_14288(cells: &[Cell]) -> Vec<u8> {
    let alts = [
        ("MMMM", "Hovedalternativet (MMMM)"),
        ("LLML", "Lav nasjonal vekst (LLML)"),
    ];
    let mut s = String::from("\"region\",\"kjønn\",\"alder\"");
    for (_, text) in alts {
        for y in [2030, 2040] {
            s.push_str(&format!(",\"{text} {y}\""));
        }
    }
    s.push('\n');
    for sex in [Sex::Male, Sex::Female] {
        for age in 0..=105u8 {
            s.push_str(&format!(
                "\"1866 Hadsel\",\"{}\",\"{}\"",
                sex_label(sex, Labels::Texts),
                age_text(age, Lang::No)
            ));
            for (code, _) in alts {
                for y in [2030, 2040] {
                    let c = cells
                        .iter()
                        .find(|c| {
                            c.year == y
                                && c.sex == sex
                                && c.age == age
                                && c.alternative == Some(code)
                        })
                        .unwrap();
                    s.push_str(&format!(",{}", val(c)));
                }
            }
            s.push('\n');
        }
    }
    latin1(&s)
}
