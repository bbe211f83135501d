//! The old Statbank "semicolon separated with heading" export: the title on
//! line 1 (one quoted cell, e.g. "07459: Population, by region, age, …"),
//! line 2 blank, the quoted header on line 3 ("region";"age";"Persons 2023
//! Males";…), then one line per region × age. English or Norwegian labels.
//!
//! Must never: accept a file whose line 3 is not a semicolon-separated header
//! once lines 1 and 2 look like this export (that is an error, with line 3).

use super::build::Builder;
use super::error::SsbError;
use super::text::{excerpt, lines, split_line};
use super::{grid, Layout};

/// Line 1 is a single quoted cell and line 2 is blank.
pub(crate) fn looks_like(body: &str) -> bool {
    let ls = lines(body);
    match (ls.first(), ls.get(1)) {
        (Some((_, l1)), Some((_, l2))) => {
            let l1 = l1.trim();
            l1.len() >= 2
                && l1.starts_with('"')
                && l1.ends_with('"')
                && split_line(l1, ';').len() == 1
                && split_line(l1, ',').len() == 1
                && l2.trim().is_empty()
        }
        _ => false,
    }
}

/// Reads the export. A line 3 separated by commas or tabs is read as a
/// PxWebApi CSV with a title instead (the caller's fallback).
pub(crate) fn read(body: &str, file: &str) -> Result<Builder, SsbError> {
    let ls = lines(body);
    let header = ls.get(2).map(|(_, l)| *l).unwrap_or("");
    if !header.contains(';') {
        if header.contains(',') || header.contains('\t') {
            return super::pxcsv::read(body, file);
        }
        return Err(SsbError::new(
            file,
            Some(3),
            "the old Statbank \"semicolon separated with heading\" layout (title, blank line, \
             quoted header such as \"region\";\"age\";\"Persons 2023 Males\")",
            if ls.len() < 3 {
                "the file ends after line 2".to_string()
            } else {
                format!("line 3 {}", excerpt(header))
            },
            "download table 07459 again as 'semicolon separated with heading' or as json-stat2",
        ));
    }
    let mut b = Builder::new(file, Layout::StatbankSemicolon);
    b.title = Some(split_line(ls[0].1.trim(), ';').concat());
    grid::read(&mut b, &ls[2..], ';', Layout::StatbankSemicolon)?;
    if b.layout == Layout::PxCsvLong {
        // A long table under a Statbank title: keep saying what was found.
        b.notes
            .push("the Statbank export has one row per observation (long)".to_string());
        b.layout = Layout::StatbankSemicolon;
    }
    Ok(b)
}
