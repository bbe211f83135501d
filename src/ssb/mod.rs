//! Reading SSB population files that a planner downloads by hand: table 07459
//! (population by region, sex, single-year age and year) and table 14288
//! (population projection, with projection alternatives such as MMMM).
//!
//! Owns: the public types (`SsbTable`, `Record`, …), detecting which layout a
//! file has and handing it to the reader for that layout, and the checks that
//! turn records into population by single-year age (`to_population`).
//! Layouts: the old Statbank "semicolon separated with heading" export
//! (`statbank`), the PxWebApi v2 CSV in wide or long form (`pxcsv`), and
//! json-stat2 (`jsonstat`). Labels in English or Norwegian, codes or texts.
//!
//! Must never: touch files, the network or the clock (it takes bytes and a
//! label for messages), panic on any input, or drop a row without saying so in
//! `notes` or in an error.

mod build;
mod classify;
mod describe;
mod error;
mod grid;
mod jsonstat;
mod labels;
mod population;
mod pxcsv;
mod statbank;
/// Also used for the other CSV files people export from Excel (rosters,
/// observed figures): the same encodings and separators.
pub(crate) mod text;

pub use describe::describe;
pub use error::{SsbError, SsbProblem};
pub use population::{to_population, AgeSexSeries};

/// Which SSB table a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableId {
    /// 07459: registered population on 1 January by region, sex, age and year.
    Population07459,
    /// 14288: projected population by region, sex, age, year and alternative.
    Projection14288,
}

impl TableId {
    /// SSB's table number, e.g. "07459".
    pub fn number(self) -> &'static str {
        match self {
            TableId::Population07459 => "07459",
            TableId::Projection14288 => "14288",
        }
    }
}

/// The file layout that was detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// Old Statbank "semicolon separated with heading": title, blank line, quoted header.
    StatbankSemicolon,
    /// PxWebApi v2 CSV with one column per period (or contents × period).
    PxCsvWide,
    /// PxWebApi v2 CSV with one row per observation.
    PxCsvLong,
    /// json-stat2.
    JsonStat2,
}

impl Layout {
    /// A short English name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Layout::StatbankSemicolon => "old Statbank \"semicolon separated with heading\"",
            Layout::PxCsvWide => "PxWebApi CSV, wide (one column per period)",
            Layout::PxCsvLong => "PxWebApi CSV, long (one row per observation)",
            Layout::JsonStat2 => "json-stat2",
        }
    }
}

/// Sex as SSB codes it (1 = male, 2 = female).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sex {
    Male,
    Female,
}

/// One observation: population of one region, year, sex and single-year age.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// 4-digit municipality code, "0" for the whole country, or a 2-digit county code.
    pub region: String,
    pub year: i32,
    pub sex: Sex,
    /// 0..=105; 105 means 105 or older.
    pub age: u8,
    /// None where SSB gave a symbol or null.
    pub value: Option<f64>,
    /// Projection alternative, e.g. "MMMM" (table 14288 only).
    pub alternative: Option<String>,
    /// 1-based source line for CSV layouts.
    pub line: Option<usize>,
    /// The SSB symbol of this cell (".", "..", ":", "-", or a json `status`);
    /// for a missing value without a symbol, "null" (json) or "empty" (CSV).
    pub symbol: Option<String>,
}

/// A file read into records.
#[derive(Debug, Clone, PartialEq)]
pub struct SsbTable {
    pub table: TableId,
    pub layout: Layout,
    /// Sorted by region, alternative, year, sex, age.
    pub records: Vec<Record>,
    /// What was skipped or assumed while reading (e.g. the "K-Rest" rows).
    pub notes: Vec<String>,
    /// The label the file was read under, used in problems.
    pub file: String,
}

/// Reads an SSB file of table 07459 or 14288 in any supported layout.
/// `file_label` names the file in messages. Never panics.
pub fn read(bytes: &[u8], file_label: &str) -> Result<SsbTable, SsbError> {
    let decoded = text::decode(bytes);
    let body = decoded.text.trim_start_matches(['\u{feff}']);
    let mut notes = Vec::new();
    if let Some(n) = &decoded.note {
        notes.push(n.clone());
    }
    let first = body.trim_start();
    let parsed = if first.starts_with('{') || first.starts_with('[') {
        jsonstat::read(first, file_label)?
    } else if statbank::looks_like(body) {
        statbank::read(body, file_label)?
    } else {
        pxcsv::read(body, file_label)?
    };
    let mut table = build::finish(parsed, file_label)?;
    notes.append(&mut table.notes);
    table.notes = notes;
    Ok(table)
}
