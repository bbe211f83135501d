//! The CSV output of PxWebApi v2 (`outputFormat=csv`): codes, texts or
//! "code - text" cells; comma, semicolon or tab separated; an optional title
//! line; wide (one value column per period or contents × period) or long
//! (one row per observation). Finds the title, the header and the separator,
//! then leaves the columns to `grid`.
//!
//! Must never: guess a separator that does not occur in the header line.

use super::build::Builder;
use super::error::{SsbError, FIX_DOWNLOAD};
use super::text::{excerpt, lines, sniff_separator, split_line};
use super::{grid, Layout};

pub(crate) fn read(body: &str, file: &str) -> Result<Builder, SsbError> {
    let ls: Vec<(usize, &str)> = lines(body);
    let nonblank: Vec<usize> = (0..ls.len())
        .filter(|&i| !ls[i].1.trim().is_empty())
        .collect();
    let Some(&first) = nonblank.first() else {
        return Err(SsbError::new(
            file,
            None,
            "an SSB table as json-stat2 or CSV",
            "an empty file",
            FIX_DOWNLOAD,
        ));
    };
    let mut b = Builder::new(file, Layout::PxCsvWide);
    let mut header = first;
    // A title is one field by the separator of the line after it (the title
    // itself may contain commas, e.g. "07459: Befolkning, etter region, …").
    if let Some(&next) = nonblank.get(1) {
        if let Some(sep) = sniff_separator(ls[next].1) {
            if split_line(ls[first].1, sep).len() == 1 && split_line(ls[next].1, sep).len() > 1 {
                b.title = Some(ls[first].1.trim().trim_matches('"').to_string());
                header = next;
            }
        }
    }
    let Some(sep) = sniff_separator(ls[header].1) else {
        return Err(SsbError::new(
            file,
            Some(ls[header].0),
            "a PxWebApi CSV header naming the dimensions (region, kjønn, alder, år, …) \
             separated by commas, semicolons or tabs, or json-stat2",
            format!("line {}", excerpt(ls[header].1)),
            FIX_DOWNLOAD,
        ));
    };
    grid::read(&mut b, &ls[header..], sep, Layout::PxCsvWide)?;
    Ok(b)
}
