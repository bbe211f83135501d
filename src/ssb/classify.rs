//! Which table a file holds: from json-stat's `extension.px.tableid` or the
//! table number in the title when there is one, otherwise from the data
//! (projection alternatives or years after the last registered year mean
//! 14288). Another table number is an error.
//!
//! Must never: read the clock (the last registered year is a constant), or
//! change records.

use super::build::Builder;
use super::error::{SsbError, FIX_DOWNLOAD};
use super::labels;
use super::TableId;

/// The last year table 07459 could hold when this was written (population on
/// 1 January 2026 is published). Years after it mean a projection.
pub(crate) const LAST_REGISTERED_YEAR: i32 = 2026;

/// The table and notes on how it was decided.
pub(crate) fn classify(b: &Builder, file: &str) -> Result<(TableId, Vec<String>), SsbError> {
    let mut notes = Vec::new();
    let from_title = b.title.as_deref().and_then(labels::table_number);
    let hint = b.table_id.clone().or(from_title);
    let has_alt = b.records.iter().any(|r| r.alternative.is_some());
    let max_year = b.records.iter().map(|r| r.year).max().unwrap_or(0);
    let table = match hint.as_deref() {
        Some("07459") => {
            if has_alt {
                notes.push(
                    "the title says table 07459 but the file has projection alternatives; \
                     the alternatives were dropped"
                        .to_string(),
                );
            }
            TableId::Population07459
        }
        Some("14288") => TableId::Projection14288,
        Some(other) => {
            return Err(SsbError::new(
                file,
                if b.title.is_some() && b.table_id.is_none() {
                    Some(1)
                } else {
                    None
                },
                "table 07459 (population) or 14288 (population projection)",
                format!("table {other}"),
                FIX_DOWNLOAD,
            ))
        }
        None if has_alt => {
            notes.push(
                "no table number in the file; taken as 14288 because it has projection alternatives"
                    .to_string(),
            );
            TableId::Projection14288
        }
        None if max_year > LAST_REGISTERED_YEAR => {
            notes.push(format!(
                "no table number in the file; taken as 14288 (projection) because it has years \
                 after {LAST_REGISTERED_YEAR}, the last year of registered population"
            ));
            TableId::Projection14288
        }
        None => {
            notes.push(
                "no table number in the file; taken as 07459 (no projection alternatives, \
                 no future years)"
                    .to_string(),
            );
            TableId::Population07459
        }
    };
    Ok((table, notes))
}
