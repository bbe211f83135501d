//! A roster of doctors in posts, as a municipality keeps it: one row per
//! contract with unit, start date, end date (empty while in post) and optional
//! age at start, sex and contract type. Parsed from CSV text into typed spells;
//! every bad row is reported with its line, all at once. No file access.

use crate::scenario::problem::{Problem, Problems, TomlPath};

/// One contract: years from start to end, or to the census date if still running.
#[derive(Debug, Clone, PartialEq)]
pub struct Spell {
    pub unit: String,
    pub years: f64,
    /// True if the contract has ended (an event), false if still running (censored).
    pub ended: bool,
    pub age_at_start: Option<f64>,
    pub sex: Option<String>,
    pub contract_type: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
}

/// A date as days since 1970-01-01, from `YYYY-MM-DD` or `DD.MM.YYYY`.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let (y, m, d) = if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (
            y.parse::<i64>().ok()?,
            m.parse::<i64>().ok()?,
            d.parse::<i64>().ok()?,
        )
    } else {
        let mut it = s.split('.');
        let (d, m, y) = (
            it.next()?.parse().ok()?,
            it.next()?.parse().ok()?,
            it.next()?.parse().ok()?,
        );
        if it.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1900..=2200).contains(&y)
        || !(1..=12).contains(&m)
        || d < 1
        || d > days_in[(m - 1) as usize]
    {
        return None;
    }
    // Days from civil date (proleptic Gregorian), after H. Hinnant's algorithm.
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (inverse of `parse_date`).
pub fn format_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

const DAYS_PER_YEAR: f64 = 365.25;

/// A read row: line, unit, start, end (None while running), age, sex, contract type.
type Row = (
    usize,
    String,
    i64,
    Option<i64>,
    Option<f64>,
    Option<String>,
    Option<String>,
);

/// Parses roster CSV text (comma or semicolon separated). `as_of` (days) is the
/// census date: contracts without an end date are censored there, and no date
/// may lie after it. Returns the spells and the census date.
pub fn parse(text: &str, file: &str, as_of: i64) -> Result<(Vec<Spell>, i64), Problems> {
    let mut problems = Vec::new();
    let delimiter = crate::ssb::text::csv_delimiter(text.lines().next().unwrap_or(""));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let at = |line: usize, msg: String, fix: &str| {
        let mut p = Problem::new(TomlPath::root(), msg).fix(fix);
        p.line = Some(line);
        p
    };
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.to_lowercase()).collect(),
        Err(e) => {
            return Err(Problems {
                file: file.into(),
                problems: vec![at(
                    1,
                    format!("cannot read the header: {e}"),
                    "save the roster as CSV with a header line",
                )],
            })
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(c_unit), Some(c_start), Some(c_end)) =
        (col("unit"), col("start_date"), col("end_date"))
    else {
        return Err(Problems {
            file: file.into(),
            problems: vec![at(
                1,
                format!(
                    "the header must name the columns unit, start_date and end_date; found: {}",
                    headers.join(", ")
                ),
                "rename the columns (age_at_start, sex and contract_type are optional)",
            )],
        });
    };
    let (c_age, c_sex, c_type) = (col("age_at_start"), col("sex"), col("contract_type"));
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(at(
                    line,
                    format!("cannot read this row: {e}"),
                    "check quotes and commas",
                ));
                continue;
            }
        };
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let unit = get(Some(c_unit)).unwrap_or_default();
        if unit.is_empty() {
            problems.push(at(
                line,
                "the unit is empty".into(),
                "name the unit (municipality or service) of every contract",
            ));
        }
        let start = get(Some(c_start));
        let start = match start.as_deref().map(|s| (s, parse_date(s))) {
            Some((_, Some(d))) => Some(d),
            Some((s, None)) => {
                problems.push(at(
                    line,
                    format!("start_date `{s}` is not a date"),
                    "write dates as 2019-08-01 (or 01.08.2019)",
                ));
                None
            }
            None => {
                problems.push(at(
                    line,
                    "start_date is empty".into(),
                    "every contract needs a start date",
                ));
                None
            }
        };
        let end = match get(Some(c_end)).as_deref().map(|s| (s, parse_date(s))) {
            Some((_, Some(d))) => Some(Some(d)),
            Some((s, None)) => {
                problems.push(at(
                    line,
                    format!("end_date `{s}` is not a date"),
                    "write dates as 2019-08-01, or leave it empty while the doctor is in post",
                ));
                None
            }
            None => Some(None),
        };
        let age = match get(c_age).map(|s| (s.clone(), s.replace(',', ".").parse::<f64>())) {
            Some((_, Ok(a))) if (18.0..=80.0).contains(&a) => Some(a),
            Some((s, _)) => {
                problems.push(at(
                    line,
                    format!("age_at_start `{s}` is not an age in years"),
                    "write a number such as 34, or leave it empty",
                ));
                None
            }
            None => None,
        };
        let key = rec.iter().map(str::trim).collect::<Vec<_>>().join("\u{1f}");
        if let Some(first) = seen.iter().position(|k| *k == key) {
            problems.push(at(
                line,
                format!("this row repeats line {}", first + 2),
                "remove the duplicate row",
            ));
            seen.push(String::new());
            continue;
        }
        seen.push(key);
        if let (Some(s), Some(Some(e))) = (start, end) {
            if e < s {
                problems.push(at(
                    line,
                    "end_date is before start_date".into(),
                    "check the two dates of this contract",
                ));
                continue;
            }
            if e == s {
                // No time in post: it would count as ended in the survival
                // curve but in no tenure band of the hazards.
                problems.push(at(
                    line,
                    "the contract ends the day it starts".into(),
                    "check the two dates; leave a one-day stand-in out of the roster",
                ));
                continue;
            }
        }
        if let (Some(s), Some(e)) = (start, end) {
            rows.push((line, unit, s, e, age, get(c_sex), get(c_type)));
        }
    }
    let census = as_of;
    for r in &rows {
        if r.2 > census {
            problems.push(at(
                r.0,
                format!(
                    "start_date is after the census date {}",
                    format_date(census)
                ),
                "check the start date, or give a later --as-of date",
            ));
        }
        if r.3.is_some_and(|e| e > census) {
            problems.push(at(
                r.0,
                format!("end_date is after the census date {}", format_date(census)),
                "a contract still running has an empty end_date; check the date, or give a later --as-of date",
            ));
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(at(
            1,
            "the roster has no contracts".into(),
            "add one row per contract",
        ));
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Err(Problems {
            file: file.into(),
            problems,
        });
    }
    let spells = rows
        .into_iter()
        .map(|(line, unit, s, e, age, sex, ct)| {
            let (stop, ended) = match e {
                Some(e) if e <= census => (e, true),
                _ => (census, false),
            };
            Spell {
                unit,
                years: (stop - s) as f64 / DAYS_PER_YEAR,
                ended,
                age_at_start: age,
                sex,
                contract_type: ct,
                line,
            }
        })
        .collect();
    Ok((spells, census))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_forms() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("01.03.2000"), Some(11_017));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_date("yesterday"), None);
        for d in ["1970-01-01", "2000-02-29", "2024-12-31", "1999-03-01"] {
            assert_eq!(format_date(parse_date(d).unwrap()), d);
        }
    }

    #[test]
    fn every_bad_row_is_named_with_its_line() {
        let text = "unit,start_date,end_date\nbo,2019-08-01,2021-02-01\nbo,2020-01-01,2019-01-01\nbo,2019-08-01,2021-02-01\nbo,1.13.2020,\nbo,2016-09-01,2016-09-01\n";
        let err = parse(text, "roster.csv", parse_date("2025-01-01").unwrap()).unwrap_err();
        let lines: Vec<usize> = err.problems.iter().filter_map(|p| p.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6], "{err}");
        let s = err.to_string();
        assert!(
            s.contains("end_date is before start_date")
                && s.contains("repeats line 2")
                && s.contains("not a date")
                && s.contains("ends the day it starts"),
            "{s}"
        );
    }

    #[test]
    fn running_contracts_are_censored_at_the_census_date() {
        let text = "unit,start_date,end_date\nbo,2020-01-01,2022-01-01\nbo,2021-01-01,\n";
        let (spells, census) = parse(text, "r.csv", parse_date("2022-01-01").unwrap()).unwrap();
        assert_eq!(census, parse_date("2022-01-01").unwrap());
        let late = parse(
            "unit;start_date;end_date\nbo;2020-01-01;2030-01-01\n",
            "r.csv",
            census,
        )
        .unwrap_err();
        assert!(
            late.to_string()
                .contains("end_date is after the census date 2022-01-01"),
            "{late}"
        );
        assert!(spells[0].ended && !spells[1].ended);
        assert!((spells[1].years - 365.0 / 365.25).abs() < 1e-12);
    }
}
