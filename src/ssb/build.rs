//! The common end of every reader: one cell at a time (region, sex, age, year,
//! contents or alternative labels and a value or symbol) becomes a `Record`;
//! rows that are not municipalities by sex (the "K-Rest" row, both sexes
//! together) are counted and noted; `finish` sorts the records and names the
//! table.
//!
//! Must never: know a file layout, or skip a row without a note.

use std::collections::BTreeMap;

use super::error::{SsbError, FIX_DOWNLOAD};
use super::labels::{self, Region, Role};
use super::text::excerpt;
use super::{classify, Layout, Record, SsbTable};

/// A value as the layout gave it.
pub(crate) enum RawValue<'a> {
    /// CSV text: a number, an SSB symbol or empty.
    Text(&'a str),
    /// json: a number or null.
    Json(Option<f64>),
}

/// One observation with labels as written in the file.
pub(crate) struct CellRef<'a> {
    pub region: &'a str,
    pub sex: &'a str,
    pub age: &'a str,
    pub year: &'a str,
    pub contents: Option<&'a str>,
    pub alternative: Option<&'a str>,
    pub value: RawValue<'a>,
    /// A status symbol given beside the value (json `status`, a symbol column).
    pub status: Option<&'a str>,
    pub line: Option<usize>,
}

/// SSB's symbols for a missing value ("-" means nil and is read as 0).
const SYMBOLS: [&str; 5] = [".", "..", "...", ":", "-"];

/// Records collected from a file, with what was skipped.
pub(crate) struct Builder {
    pub file: String,
    pub layout: Layout,
    /// Title line (CSV) or `label` (json).
    pub title: Option<String>,
    /// `extension.px.tableid` (json).
    pub table_id: Option<String>,
    pub notes: Vec<String>,
    pub records: Vec<Record>,
    /// Cells of regions that are not municipalities, by code ("K-Rest", …).
    skipped: BTreeMap<String, usize>,
    both_sexes: usize,
    nil_as_zero: usize,
}

impl Builder {
    pub fn new(file: &str, layout: Layout) -> Builder {
        Builder {
            file: file.to_string(),
            layout,
            title: None,
            table_id: None,
            notes: Vec::new(),
            records: Vec::new(),
            skipped: BTreeMap::new(),
            both_sexes: 0,
            nil_as_zero: 0,
        }
    }

    fn err(&self, line: Option<usize>, expected: &str, found: String, fix: &str) -> SsbError {
        SsbError::new(&self.file, line, expected, found, fix)
    }

    /// Checks that the roles needed for population by sex and age are present.
    pub fn require_roles(&self, roles: &[Role], line: Option<usize>) -> Result<(), SsbError> {
        for (role, name) in [
            (Role::Region, "region"),
            (Role::Age, "age (alder)"),
            (Role::Sex, "sex (kjønn)"),
            (Role::Year, "year (år)"),
        ] {
            if !roles.contains(&role) {
                return Err(self.err(
                    line,
                    &format!(
                        "{} with the dimensions region, sex, age and year (table 07459 or 14288)",
                        self.layout.name()
                    ),
                    format!("no {name} dimension, so this is another table or {name} was left out"),
                    FIX_DOWNLOAD,
                ));
            }
        }
        Ok(())
    }

    /// Turns one cell into a record, or counts it as skipped.
    pub fn push(&mut self, c: CellRef<'_>) -> Result<(), SsbError> {
        let region = match labels::region(c.region) {
            Some(Region::Code(code)) => code,
            Some(Region::Skip(code)) => {
                *self.skipped.entry(code).or_default() += 1;
                return Ok(());
            }
            None => {
                return Err(self.err(
                    c.line,
                    "a region code such as 1866, K-1866 or \"K-1866 Hadsel\"",
                    format!("region {}", excerpt(c.region)),
                    "download with region codes (Statbank: codes and texts; API: UseCodes or \
                     UseCodesAndTexts); a name alone does not identify a municipality",
                ))
            }
        };
        let sex = match labels::sex(c.sex) {
            Ok(Some(s)) => s,
            Ok(None) => {
                self.both_sexes += 1;
                return Ok(());
            }
            Err(()) => {
                return Err(self.err(
                    c.line,
                    "sex as 1/2, Males/Females or Menn/Kvinner",
                    format!("sex {}", excerpt(c.sex)),
                    FIX_DOWNLOAD,
                ))
            }
        };
        let Some(age) = labels::age(c.age) else {
            return Err(self.err(
                c.line,
                "a single-year age 0..105 (\"0 years\", \"0 år\", \"000\", \"105+\")",
                format!("age {}", excerpt(c.age)),
                "select single-year ages (alder 0, 1, …, 105+), not age groups or totals",
            ));
        };
        let Some(year) = labels::year(c.year) else {
            return Err(self.err(
                c.line,
                "a year such as 2024",
                format!("year {}", excerpt(c.year)),
                FIX_DOWNLOAD,
            ));
        };
        let alternative = match c.alternative {
            Some(a) => match labels::alternative(a) {
                Some(code) => Some(code),
                None => {
                    return Err(self.err(
                        c.line,
                        "a projection alternative such as MMMM or \"Hovedalternativet (MMMM)\"",
                        format!("alternative {}", excerpt(a)),
                        "download table 14288 with alternative codes",
                    ))
                }
            },
            None => c.contents.and_then(labels::alternative),
        };
        // A projection alternative is population contents whatever its name.
        if let (Some(contents), None) = (c.contents, &alternative) {
            if !labels::is_population_contents(contents) {
                return Err(self.err(
                    c.line,
                    "the contents persons (07459, \"Personer\") or a projection alternative (14288, e.g. MMMM)",
                    format!("contents {}, so this is clearly another table", excerpt(contents)),
                    FIX_DOWNLOAD,
                ));
            }
        }
        let (value, symbol) = self.value(&c)?;
        self.records.push(Record {
            region,
            year,
            sex,
            age,
            value,
            alternative,
            line: c.line,
            symbol,
        });
        Ok(())
    }

    fn value(&mut self, c: &CellRef<'_>) -> Result<(Option<f64>, Option<String>), SsbError> {
        let status = c.status.map(str::trim).filter(|s| !s.is_empty());
        let given = status.map(str::to_string);
        match c.value {
            RawValue::Json(Some(v)) if v.is_finite() => Ok((Some(v), given)),
            RawValue::Json(_) => Ok((None, Some(status.unwrap_or("null").to_string()))),
            RawValue::Text(t) => {
                let t = t.trim().trim_matches('"').trim();
                if t.is_empty() {
                    return Ok((None, Some(status.unwrap_or("empty").to_string())));
                }
                if SYMBOLS.contains(&t) {
                    if t == "-" {
                        self.nil_as_zero += 1;
                        return Ok((Some(0.0), Some("-".to_string())));
                    }
                    return Ok((None, Some(t.to_string())));
                }
                match t.parse::<f64>() {
                    Ok(v) if v.is_finite() && t.bytes().any(|b| b.is_ascii_digit()) => {
                        Ok((Some(v), given))
                    }
                    _ => Err(self.err(
                        c.line,
                        "a number (decimal point) or an SSB symbol (\".\", \"..\", \"...\", \":\", \"-\")",
                        format!("value {}", excerpt(t)),
                        "download the table again without changing it (a spreadsheet may have \
                         changed decimal separators or added text)",
                    )),
                }
            }
        }
    }
}

/// Sorts the records, names the table and writes the notes.
pub(crate) fn finish(mut b: Builder, file: &str) -> Result<SsbTable, SsbError> {
    if b.records.is_empty() {
        let rest: usize = b.skipped.values().sum();
        let skipped = if b.both_sexes + rest > 0 {
            format!(
                "none ({} cells for both sexes together and {rest} for \"K-Rest\" and similar were skipped)",
                b.both_sexes
            )
        } else {
            "no data rows".to_string()
        };
        return Err(SsbError::new(
            file,
            None,
            format!(
                "{} with population by region, sex, age and year",
                b.layout.name()
            ),
            skipped,
            FIX_DOWNLOAD,
        ));
    }
    let (table, mut class_notes) = classify::classify(&b, file)?;
    if table == super::TableId::Population07459 {
        for r in &mut b.records {
            r.alternative = None;
        }
    }
    b.records.sort_by(|x, y| {
        (&x.region, &x.alternative, x.year, x.sex, x.age).cmp(&(
            &y.region,
            &y.alternative,
            y.year,
            y.sex,
            y.age,
        ))
    });
    let mut notes = std::mem::take(&mut b.notes);
    notes.append(&mut class_notes);
    for (code, n) in &b.skipped {
        let what = match code.as_str() {
            "K-21-22" => "Svalbard and Jan Mayen",
            "K-23" => "the continental shelf",
            c if c.to_lowercase().ends_with("rest") => "divided municipalities and unknown",
            _ => "a region listed among municipalities",
        };
        notes.push(format!(
            "skipped {n} cells of \"{code}\" ({what}), which is not a municipality"
        ));
    }
    if b.both_sexes > 0 {
        notes.push(format!(
            "skipped {} cells for both sexes together; males and females are kept",
            b.both_sexes
        ));
    }
    if b.nil_as_zero > 0 {
        notes.push(format!(
            "read {} cells with SSB's symbol \"-\" (nil) as 0",
            b.nil_as_zero
        ));
    }
    let others = b.records.iter().filter(|r| r.region.len() != 4).count();
    if others > 0 {
        notes.push(format!(
            "{others} records are for the whole country (0) or counties; population by \
             municipality leaves them out"
        ));
    }
    let missing = b.records.iter().filter(|r| r.value.is_none()).count();
    if missing > 0 {
        notes.push(format!(
            "{missing} cells have no value (SSB symbol or null); they are kept as missing"
        ));
    }
    Ok(SsbTable {
        table,
        layout: b.layout,
        records: b.records,
        notes,
        file: file.to_string(),
    })
}

/// Symbols seen while reading, for `describe`.
pub(crate) fn symbols_seen(t: &SsbTable) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in &t.records {
        if let Some(s) = &r.symbol {
            *m.entry(s.clone()).or_default() += 1;
        }
    }
    m
}
