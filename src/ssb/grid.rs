//! A delimited table after its header line has been found: header cells name
//! the stub dimensions (region, kjønn, alder, …); the other columns are either
//! one value column per period (wide: "Personer 2024", "Persons 2023 Males",
//! "Hovedalternativet (MMMM) 2030") or, when the year is in the stub, a single
//! value column (long) with an optional symbol column. Every data line becomes
//! cells for the `Builder`, with its line number.
//!
//! Must never: decide encoding, separator or where the header is (the callers
//! do), or accept a line with a different number of fields than the header.

use super::build::{Builder, CellRef, RawValue};
use super::error::{SsbError, FIX_DOWNLOAD};
use super::labels::{self, Role};
use super::text::{excerpt, split_line};
use super::Layout;

/// A value column of the wide layout, from its heading.
struct Heading {
    col: usize,
    year: String,
    sex: Option<&'static str>,
    contents: Option<String>,
    alternative: Option<String>,
}

fn parse_heading(label: &str, sex_in_stub: bool) -> Option<Heading> {
    let mut year = None;
    let mut sex = None;
    let mut alternative = None;
    let mut rest = Vec::new();
    for w in label.split_whitespace().filter(|w| *w != "-") {
        if labels::year(w).is_some() && (year.is_none() || year.as_deref() == Some(w)) {
            year = Some(w.to_string());
        } else if let (None, Some(s)) = (sex, labels::sex_word(w)) {
            sex = Some(s);
        } else if !sex_in_stub && sex.is_none() && (w == "1" || w == "2") {
            sex = Some(if w == "1" {
                super::Sex::Male
            } else {
                super::Sex::Female
            });
        } else if let (None, Some(a)) = (&alternative, labels::alternative_code(w)) {
            alternative = Some(a);
        } else {
            rest.push(w);
        }
    }
    let contents = rest.join(" ");
    if alternative.is_none() {
        alternative = labels::alternative(&contents);
    }
    Some(Heading {
        col: 0,
        year: year?,
        sex: sex.map(|s| match s {
            super::Sex::Male => "1",
            super::Sex::Female => "2",
        }),
        contents: (!contents.is_empty()).then_some(contents),
        alternative,
    })
}

fn is_symbol_column(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n.contains("symbol") || n == "status" || n == "flag"
}

/// Reads `lines` (numbered) whose first entry is the header; returns the
/// layout actually found (wide or long) through the builder.
pub(crate) fn read(
    b: &mut Builder,
    lines: &[(usize, &str)],
    sep: char,
    wide_layout: Layout,
) -> Result<(), SsbError> {
    let Some(&(header_line, header)) = lines.first() else {
        return Err(SsbError::new(
            &b.file,
            None,
            "a header line naming region, sex, age and year",
            "no header",
            FIX_DOWNLOAD,
        ));
    };
    let names = split_line(header, sep);
    let mut stub: Vec<(usize, Role)> = Vec::new();
    let mut others: Vec<usize> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        match labels::role(n) {
            Some(r) if !stub.iter().any(|(_, s)| *s == r) => stub.push((i, r)),
            _ => others.push(i),
        }
    }
    let col = |r: Role| stub.iter().find(|(_, s)| *s == r).map(|(i, _)| *i);
    let long = col(Role::Year).is_some();
    let mut headings = Vec::new();
    let (mut value_col, mut symbol_col) = (None, None);
    if long {
        b.layout = Layout::PxCsvLong;
        let (sym, val): (Vec<usize>, Vec<usize>) =
            others.iter().partition(|&&i| is_symbol_column(&names[i]));
        if val.len() != 1 || sym.len() > 1 {
            return Err(SsbError::new(
                &b.file,
                Some(header_line),
                "a long layout (the year is a column) with exactly one value column and at most one symbol column",
                format!(
                    "{} other columns: {}",
                    others.len(),
                    others.iter().map(|&i| excerpt(&names[i])).collect::<Vec<_>>().join(", ")
                ),
                FIX_DOWNLOAD,
            ));
        }
        value_col = Some(val[0]);
        symbol_col = sym.first().copied();
        if labels::table_number(&names[val[0]]).is_some() && b.title.is_none() {
            b.title = Some(names[val[0]].clone());
        }
    } else {
        b.layout = wide_layout;
        let sex_in_stub = col(Role::Sex).is_some();
        for &i in &others {
            match parse_heading(&names[i], sex_in_stub) {
                Some(h) => headings.push(Heading { col: i, ..h }),
                None => {
                    return Err(SsbError::new(
                        &b.file,
                        Some(header_line),
                        format!(
                            "{}: a header with dimension names (region, alder/age, …) and value \
                             columns with a year such as \"Personer 2024\"",
                            wide_layout.name()
                        ),
                        format!("column {} {}", i + 1, excerpt(&names[i])),
                        FIX_DOWNLOAD,
                    ))
                }
            }
        }
    }
    let mut roles: Vec<Role> = stub.iter().map(|(_, r)| *r).collect();
    if !headings.is_empty() {
        roles.push(Role::Year);
        if headings.iter().all(|h| h.sex.is_some()) {
            roles.push(Role::Sex);
        }
    }
    b.require_roles(&roles, Some(header_line))?;
    let (region_col, age_col) = (col(Role::Region), col(Role::Age));
    let (sex_col, year_col) = (col(Role::Sex), col(Role::Year));
    let (contents_col, alt_col) = (col(Role::Contents), col(Role::Alternative));
    let mut footer_from = None;
    for &(line, text) in &lines[1..] {
        if text.trim().is_empty() {
            if footer_from.is_none() && !b.records.is_empty() {
                footer_from = Some(line);
            }
            continue;
        }
        if let Some(from) = footer_from {
            b.notes.push(format!(
                "ignored the text after the blank line {from} (footnotes), from line {line}"
            ));
            break;
        }
        let cells = split_line(text, sep);
        if cells.len() != names.len() {
            return Err(SsbError::new(
                &b.file,
                Some(line),
                format!(
                    "{} fields separated by {:?}, as in the header on line {header_line}",
                    names.len(),
                    sep
                ),
                format!("{} fields: {}", cells.len(), excerpt(text)),
                "download the file again; do not edit it in a spreadsheet",
            ));
        }
        let get = |c: Option<usize>| c.and_then(|i| cells.get(i)).map(String::as_str);
        let region = get(region_col).unwrap_or("");
        let age = get(age_col).unwrap_or("");
        if long {
            b.push(CellRef {
                region,
                sex: get(sex_col).unwrap_or(""),
                age,
                year: get(year_col).unwrap_or(""),
                contents: get(contents_col),
                alternative: get(alt_col),
                value: RawValue::Text(get(value_col).unwrap_or("")),
                status: get(symbol_col),
                line: Some(line),
            })?;
        } else {
            for h in &headings {
                b.push(CellRef {
                    region,
                    sex: h.sex.or(get(sex_col)).unwrap_or(""),
                    age,
                    year: &h.year,
                    contents: h.contents.as_deref().or(get(contents_col)),
                    alternative: h.alternative.as_deref().or(get(alt_col)),
                    value: RawValue::Text(cells.get(h.col).map(String::as_str).unwrap_or("")),
                    status: None,
                    line: Some(line),
                })?;
            }
        }
    }
    Ok(())
}
