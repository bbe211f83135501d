//! Summary tables as CSV bytes: one row per entity, period and metric, with the
//! mean and the quantiles (long format, easy to filter or pivot in a spreadsheet).
//! Serialises only; writing is `output::write`'s job.

use crate::model::Model;
use crate::stats::summary::Table;
use crate::stats::{Metric, Stat, QUANTILE_NAMES};

/// Units or regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Unit,
    Region,
}

/// Monthly or yearly rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Year,
}

/// A plain decimal with at most 4 decimals and no trailing zeros (`fixed`).
pub(crate) use crate::output::fixed::num;
use crate::output::fixed::push_num;

/// Month numbers as text.
const MONTHS: [&str; 12] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
];

/// The CSV for one level and period.
pub fn serialize(model: &Model, table: &Table, level: Level, period: Period) -> Vec<u8> {
    let mut out = String::new();
    out.push_str("level,id,name,year,");
    if period == Period::Month {
        out.push_str("month,");
    }
    out.push_str("metric,mean,");
    out.push_str(&QUANTILE_NAMES.join(","));
    out.push('\n');
    let entities: Vec<(usize, &str, &str)> = match level {
        Level::Unit => model
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (i, u.id.as_str(), u.name.as_str()))
            .collect(),
        Level::Region => model
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (model.units.len() + i, r.id.as_str(), r.name.as_str()))
            .collect(),
    };
    let level_name = if level == Level::Unit {
        "unit"
    } else {
        "region"
    };
    let periods = if period == Period::Month {
        table.months
    } else {
        table.years
    };
    for (e, id, name) in entities {
        let prefix = format!("{level_name},{id},{},", quote(name));
        for t in 0..periods {
            let (year, month) = match period {
                Period::Month => (model.base_year + (t / 12) as i32, Some(t % 12 + 1)),
                Period::Year => (model.base_year + t as i32, None),
            };
            let year_text = year.to_string();
            for m in Metric::ALL {
                let s: Stat = if period == Period::Month {
                    table.month(e, t, m)
                } else {
                    table.year(e, t, m)
                };
                out.push_str(&prefix);
                out.push_str(&year_text);
                out.push(',');
                if let Some(mo) = month {
                    out.push_str(MONTHS[mo - 1]);
                    out.push(',');
                }
                out.push_str(m.name());
                out.push(',');
                push_num(&mut out, s.mean);
                for q in s.quantiles {
                    out.push(',');
                    push_num(&mut out, q);
                }
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

pub(crate) fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_short_and_plain() {
        assert_eq!(num(3.0), "3");
        assert_eq!(num(0.123456), "0.1235");
        assert_eq!(num(-0.00001), "0");
        assert_eq!(num(95800.5), "95800.5");
    }
}
