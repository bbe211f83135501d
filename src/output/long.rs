//! The results as one long table (scenario, unit, region, year, metric,
//! statistic, value), serialised through polars to Parquet (`results.parquet`)
//! and CSV (`results_long.csv`). Returns bytes; never writes files.

use std::io::Cursor;

use polars::prelude::*;

use crate::model::Model;
use crate::sim::compare::{CMetric, CompareTable};
use crate::stats::summary::Table;
use crate::stats::{Metric, Stat, QUANTILES, QUANTILE_NAMES};

/// The columns, in order.
pub const COLUMNS: [&str; 7] = [
    "scenario",
    "unit",
    "region",
    "year",
    "metric",
    "statistic",
    "value",
];

/// Rows of the long table, column by column. Text columns hold indices into
/// `strings` (few distinct values, many rows), so memory stays small.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Long {
    strings: Vec<String>,
    index: std::collections::HashMap<String, u32>,
    /// Per row: scenario, unit, region, metric, statistic (indices into `strings`).
    text: [Vec<u32>; 5],
    pub year: Vec<i32>,
    pub value: Vec<f64>,
}

impl Long {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }

    /// Adds the mean and every quantile of `s`.
    fn push(
        &mut self,
        scenario: &str,
        unit: &str,
        region: &str,
        year: i32,
        metric: &str,
        s: &Stat,
    ) {
        let fixed = [
            self.intern(scenario),
            self.intern(unit),
            self.intern(region),
            self.intern(metric),
        ];
        let stats = self.statistics();
        self.push_interned(fixed, &stats, year, s);
    }

    /// The statistics' names, interned: `mean`, then the quantiles.
    fn statistics(&mut self) -> [u32; 1 + QUANTILES.len()] {
        std::array::from_fn(|k| {
            self.intern(if k == 0 {
                "mean"
            } else {
                QUANTILE_NAMES[k - 1]
            })
        })
    }

    /// `push` with scenario, unit, region, metric and the statistics' names
    /// (`stats`, from `statistics`) already interned.
    fn push_interned(&mut self, fixed: [u32; 4], stats: &[u32], year: i32, s: &Stat) {
        let values = std::iter::once(s.mean).chain(QUANTILES.iter().map(|&q| s.p(q)));
        for (&stat, v) in stats.iter().zip(values) {
            for (col, x) in self.text.iter_mut().zip(fixed.iter().chain([&stat])) {
                col.push(*x);
            }
            self.year.push(year);
            self.value.push(v);
        }
    }

    /// Text column `c` (0 scenario, 1 unit, 2 region, 3 metric, 4 statistic):
    /// the distinct strings gathered by the rows' indices (the same values as
    /// building it string by string, without copying each row's text).
    fn text_column(&self, name: &str, c: usize) -> PolarsResult<Column> {
        let distinct = StringChunked::from_slice(name.into(), &self.strings);
        Ok(distinct.take(self.text[c].as_slice())?.into_column())
    }

    pub fn len(&self) -> usize {
        self.value.len()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    fn frame(&self) -> PolarsResult<DataFrame> {
        let n = self.len();
        DataFrame::new(
            n,
            vec![
                self.text_column(COLUMNS[0], 0)?,
                self.text_column(COLUMNS[1], 1)?,
                self.text_column(COLUMNS[2], 2)?,
                Column::new(COLUMNS[3].into(), &self.year),
                self.text_column(COLUMNS[4], 3)?,
                self.text_column(COLUMNS[5], 4)?,
                Column::new(COLUMNS[6].into(), &self.value),
            ],
        )
    }

    /// Parquet bytes.
    pub fn parquet(&self) -> anyhow::Result<Vec<u8>> {
        parquet_of(self.frame()?)
    }

    /// CSV bytes (comma-separated, header line), as polars' CSV writer writes
    /// this frame (default options), without building it: strings quoted only
    /// when they must be (empty, or holding a comma, quote or line break; quotes
    /// doubled), years as integers, values in polars' shortest float text
    /// (`zmij`, the formatter polars uses). Tested equal to polars' bytes.
    pub fn csv(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len() * 48 + 64);
        out.extend_from_slice(COLUMNS.join(",").as_bytes());
        out.push(b'\n');
        let strings: Vec<Vec<u8>> = self.strings.iter().map(|s| csv_field(s)).collect();
        let mut float = zmij::Buffer::new();
        for r in 0..self.len() {
            for c in 0..3 {
                out.extend_from_slice(&strings[self.text[c][r] as usize]);
                out.push(b',');
            }
            out.extend_from_slice(self.year[r].to_string().as_bytes());
            for c in 3..5 {
                out.push(b',');
                out.extend_from_slice(&strings[self.text[c][r] as usize]);
            }
            out.push(b',');
            out.extend_from_slice(float.format(self.value[r]).as_bytes());
            out.push(b'\n');
        }
        out
    }

    /// (Parquet, CSV), written at the same time (rayon).
    pub fn parquet_and_csv(&self) -> anyhow::Result<(Vec<u8>, Vec<u8>)> {
        let (parquet, csv) = rayon::join(|| self.parquet(), || self.csv());
        Ok((parquet?, csv))
    }
}

/// A string field as polars writes it with `QuoteStyle::Necessary`.
fn csv_field(s: &str) -> Vec<u8> {
    if s.is_empty() {
        return b"\"\"".to_vec();
    }
    if s.contains([',', '\n', '\r', '"']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into_bytes()
    } else {
        s.as_bytes().to_vec()
    }
}

fn parquet_of(mut df: DataFrame) -> anyhow::Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf.into_inner())
}

/// A run's yearly results: every unit (with its smallest region) and region.
pub fn from_run(model: &Model, table: &Table) -> Long {
    let mut l = Long::default();
    // A unit in several regions (its county and the whole country) is filed
    // under the smallest, the first of equals: filtering on a county then
    // finds its municipalities (fresh-eyes review, session 12).
    let region_of = |u: usize| {
        model
            .regions
            .iter()
            .filter(|r| r.members.contains(&u))
            .min_by_key(|r| r.members.len())
            .map_or("", |r| r.id.as_str())
    };
    let entities = model
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (i, u.id.as_str(), region_of(i)))
        .chain(
            model
                .regions
                .iter()
                .enumerate()
                .map(|(i, r)| (model.units.len() + i, "", r.id.as_str())),
        );
    let scenario = l.intern(&model.name);
    let metrics = Metric::ALL.map(|m| l.intern(m.name()));
    let stats = l.statistics();
    for (e, unit, region) in entities {
        let (unit, region) = (l.intern(unit), l.intern(region));
        for y in 0..table.years {
            for (m, &metric) in Metric::ALL.into_iter().zip(&metrics) {
                let s = table.year(e, y, m);
                l.push_interned(
                    [scenario, unit, region, metric],
                    &stats,
                    model.base_year + y as i32,
                    &s,
                );
            }
        }
    }
    l
}

/// A comparison: each scenario's yearly levels (all units), and each variant's
/// yearly and cumulative differences from the baseline.
pub fn from_compare(model: &Model, t: &CompareTable) -> Long {
    let mut l = Long::default();
    let names: Vec<&str> = std::iter::once("baseline")
        .chain(model.variants.iter().map(|v| v.id.as_str()))
        .collect();
    for (s, name) in names.iter().enumerate() {
        for y in 0..t.years {
            let (vm, cost) = &t.levels[s * t.years + y];
            let year = model.base_year + y as i32;
            l.push(name, "", "all", year, "vacancy_months", vm);
            l.push(name, "", "all", year, "locum_cost_nok", cost);
        }
    }
    for (v, name) in names.iter().enumerate().skip(1) {
        for y in 0..t.years {
            let year = model.base_year + y as i32;
            for m in CMetric::ALL {
                l.push(
                    name,
                    "",
                    "all",
                    year,
                    &format!("{}_vs_baseline", m.name()),
                    &t.get(v - 1, y, m, false),
                );
                l.push(
                    name,
                    "",
                    "all",
                    year,
                    &format!("{}_vs_baseline_cumulative", m.name()),
                    &t.get(v - 1, y, m, true),
                );
            }
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    /// polars' CSV writer, the reference for `Long::csv`.
    fn polars_csv(l: &Long) -> Vec<u8> {
        let mut df = l.frame().unwrap();
        let mut buf = Vec::new();
        CsvWriter::new(&mut buf)
            .include_header(true)
            .finish(&mut df)
            .unwrap();
        buf
    }

    #[test]
    fn csv_equals_polars() {
        let mut l = Long::default();
        let odd = [
            "",
            "a,b",
            "say \"hi\"",
            "x\ny",
            "cr\r",
            "plain",
            "æøå",
            "\"",
            ",",
        ];
        let mut s = 0x2545_f491_4f6c_dd1du64;
        for (k, name) in odd.iter().enumerate() {
            let mut stat = Stat {
                mean: 0.0,
                quantiles: [0.0; 7],
            };
            for (i, q) in stat.quantiles.iter_mut().enumerate() {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                *q = match (k + i) % 6 {
                    0 => f64::from_bits(s),
                    1 => (s % 1000) as f64,
                    2 => (s % 100_000) as f64 / 7.0,
                    3 => -((s % 1000) as f64) * 1e-9,
                    4 => ((s % 1000) as f64) * 1e21,
                    _ => [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, 1.5][i % 6],
                };
            }
            stat.mean = 95800.5 * k as f64;
            l.push(
                name,
                odd[(k + 1) % odd.len()],
                "r",
                2025 + k as i32,
                name,
                &stat,
            );
        }
        assert_eq!(
            String::from_utf8(l.csv()).unwrap(),
            String::from_utf8(polars_csv(&l)).unwrap()
        );
        let model = crate::scenario::load_str(
            crate::scenario::bundled::get("vesteralen").unwrap(),
            "vesteralen",
        )
        .unwrap();
        let table = crate::sim::engine::run(
            &model,
            crate::sim::engine::RunOptions {
                replicates: 20,
                seed: 1,
                threads: 1,
            },
            &|_| {},
        );
        let l = from_run(&model, &table);
        assert!(l.csv() == polars_csv(&l));
    }
}
