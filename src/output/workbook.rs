//! Writing sheets into an `.xlsx` workbook (rust_xlsxwriter): header row in
//! bold and frozen, numbers as numbers with a display format, the same bytes
//! for the same sheets. What the sheets hold is `output::xlsx`'s business;
//! returns bytes, never writes files.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// A spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    T(String),
    N(f64),
}

/// A sheet: name, header, rows.
pub type Sheet = (String, Vec<String>, Vec<Vec<Cell>>);

/// Display formats (the stored numbers keep every digit): a year as it is,
/// whole figures in digit groups, one or two decimals for small figures, and
/// probabilities as percentages, as the report shows them. All cells were
/// "General" (3479888.4902624977).
const DISPLAY: [&str; 5] = ["0", "#,##0", "#,##0.0", "#,##0.00", "0 %"];

/// Which of `DISPLAY` shows a column headed `header` holding `values` (one
/// format a column, so that 6 and 5.585 in one column line up): a
/// probability (headed `P(…)`) as a percentage; years plain; whole numbers
/// and figures from 10 up (kroner, patients, vacancy-months) in whole digit
/// groups; figures from 1 up with one decimal; smaller ones with two.
fn display(header: &str, values: impl Iterator<Item = f64> + Clone) -> usize {
    if header.starts_with("P(") {
        return 4;
    }
    let whole = values.clone().all(|x| x.fract() == 0.0);
    let largest = values.clone().fold(0.0f64, |m, x| m.max(x.abs()));
    if whole && values.clone().all(|x| (1900.0..=2200.0).contains(&x)) {
        0
    } else if whole || largest >= 10.0 {
        1
    } else if largest >= 1.0 {
        2
    } else {
        3
    }
}

/// Whether a column headed `h` is a quantile of the column before it ("P10").
fn is_band(h: &str) -> bool {
    h.strip_prefix('P')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// Writes the sheets into a workbook and returns its bytes. The workbook's
/// creation time is fixed (1 January 2000) instead of the clock's, so that the
/// same seed gives the same bytes.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let formats = DISPLAY.map(|f| Format::new().set_num_format(f));
    for (name, header, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name.as_str())?;
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h.as_str(), &bold)?;
            ws.set_column_width(c as u16, (h.chars().count().clamp(10, 40)) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut shown: Vec<usize> = (0..columns)
            .map(|c| {
                let head = header.get(c).map_or("", String::as_str);
                display(
                    head,
                    rows.iter().filter_map(move |row| match row.get(c) {
                        Some(Cell::N(x)) if x.is_finite() => Some(*x),
                        _ => None,
                    }),
                )
            })
            .collect();
        // A band's P10 and P90 show as their mean does: "11.7 (9.0–14.6)", not
        // a whole 12 beside 9.0 (fresh-eyes review, session 12).
        for c in 1..columns {
            if header.get(c).is_some_and(|h| is_band(h)) {
                shown[c] = shown[c - 1];
            }
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::T(s) => ws.write_string(r, c, s.as_str())?,
                    Cell::N(x) if x.is_finite() => {
                        ws.write_number_with_format(r, c, *x, &formats[shown[c as usize]])?
                    }
                    Cell::N(_) => ws.write_string(r, c, "")?,
                };
            }
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_stay_plain_amounts_get_digit_groups_and_small_figures_decimals() {
        let shown = |xs: &[f64]| DISPLAY[display("x", xs.iter().copied())];
        assert_eq!(shown(&[2025.0, 2030.0]), "0");
        assert_eq!(shown(&[3_479_888.490_262_497_7, 12.5]), "#,##0");
        assert_eq!(shown(&[12.0, 0.0]), "#,##0");
        // Regression (fresh-eyes review, session 11): 209.22 patients and
        // 11.22 avoided vacancy-months, where the report says 209 and 11.
        assert_eq!(shown(&[209.22, 11.22]), "#,##0");
        // One format a column: 6 and 5.585 of the same column line up.
        assert_eq!(shown(&[6.0, 5.585]), "#,##0.0");
        assert_eq!(shown(&[0.767_027_547]), "#,##0.00");
        assert!(is_band("P10") && is_band("P90") && !is_band("P(sparer penger)"));
        assert!(!is_band("Pasienter") && !is_band("P"));
        // A probability as the report gives it (84 %), not 0.84.
        assert_eq!(
            DISPLAY[display("P(sparer penger)", [0.84, 0.45].into_iter())],
            "0 %"
        );
    }
}
