//! The backtest (issue 7): start the model from 2015 with the default
//! parameters and compare what it projected with what happened to 2025, using
//! the bundled series of the share of patients on lists without a GP.
//!
//! The 2015 start state is rebuilt from that series: positions = population ÷
//! mean list length (rounded, at least 1), vacant = the share without a GP ×
//! positions (rounded). Lists without a GP in SSB's sense include lists covered
//! by locums, which is the model's `vacant`. Pure: builds scenario text and
//! compares tables; the CLI runs it and writes the files.

use crate::data::{gp_trend, municipality, TrendYear};
use crate::stats::summary::Table;
use crate::stats::Metric;

/// One municipality-year compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub year: i32,
    pub positions: u32,
    pub observed_pct: f64,
    pub p10_pct: f64,
    pub p50_pct: f64,
    pub p90_pct: f64,
    pub mean_pct: f64,
}

impl Row {
    pub fn inside(&self) -> bool {
        self.p10_pct <= self.observed_pct && self.observed_pct <= self.p90_pct
    }
}

fn at(code: &str, year: i32) -> Option<&'static TrendYear> {
    gp_trend().iter().find(|t| t.code == code && t.year == year)
}

/// Scenario text starting in `from`, for every municipality with a start state.
pub fn scenario(from: i32, to: i32) -> String {
    let mut out = format!(
        "# Backtest from {from}: start state rebuilt from SSB 12005 (share of patients on lists\n\
         # without a GP, mean list length) and 07459 (population); default parameters.\n\
         [scenario]\nname = \"backtest\"\nbase_year = {from}\nhorizon_years = {}\nmonthly_results = false\n",
        to - from + 1
    );
    let mut codes: Vec<&str> = gp_trend().iter().map(|t| t.code.as_str()).collect();
    codes.dedup();
    for code in codes {
        let Some(t) = at(code, from) else { continue };
        let (Some(share), Some(list), Some(pop)) =
            (t.share_without_gp_pct, t.mean_list_length, t.population)
        else {
            continue;
        };
        if list <= 0.0 {
            continue;
        }
        let positions = ((f64::from(pop) / list).round() as u32).max(1);
        let vacant = ((share / 100.0 * f64::from(positions)).round() as u32).min(positions);
        out.push_str(&format!(
            "\n[[units]]\nid = \"k{code}\"\nkommune = \"{code}\"\npopulation = {pop}\npositions = {positions}\nvacant = {vacant}\nlist_length_patients = {list}\n"
        ));
    }
    out
}

/// Compares the run (`table`, of the model built from `scenario`) with the
/// observed shares, year by year after the start.
pub fn compare(model: &crate::model::Model, table: &Table) -> Vec<Row> {
    let mut rows = Vec::new();
    for (u, unit) in model.units.iter().enumerate() {
        let code = unit.kommune.clone().unwrap_or_default();
        let name = municipality(&code).map_or(code.clone(), |m| m.name.clone());
        let n = f64::from(unit.positions.initial);
        for y in 1..table.years {
            let year = model.base_year + y as i32;
            let Some(obs) = at(&code, year).and_then(|t| t.share_without_gp_pct) else {
                continue;
            };
            let s = table.year(u, y, Metric::Vacant);
            let pct = |v: f64| 100.0 * v / n;
            rows.push(Row {
                code: code.clone(),
                name: name.clone(),
                year,
                positions: unit.positions.initial,
                observed_pct: obs,
                p10_pct: pct(s.p(0.10)),
                p50_pct: pct(s.p(0.50)),
                p90_pct: pct(s.p(0.90)),
                mean_pct: pct(s.mean),
            });
        }
    }
    rows
}

/// Summary text (Markdown): coverage of P10-P90 overall and by year, and the
/// mean projected against the mean observed share.
pub fn summary(rows: &[Row], from: i32, lang: crate::output::numfmt::Lang) -> String {
    use crate::output::numfmt::{number, Lang};
    let share = |rs: &[&Row]| {
        100.0 * rs.iter().filter(|r| r.inside()).count() as f64 / rs.len().max(1) as f64
    };
    let all: Vec<&Row> = rows.iter().collect();
    let mut out = match lang {
        Lang::Nb => format!(
            "# Tilbaketest fra {from}\n\nModellen ble startet i {from} med standardforutsetningene og sammenlignet med andelen pasienter på liste uten lege \
             (SSB tabell 12005) i {} kommune-år. {} % av observasjonene lå innenfor modellens P10–P90 (ventet: 80 %).\n\n",
            rows.len(),
            number(share(&all), 0, lang)
        ),
        Lang::En => format!(
            "# Backtest from {from}\n\nThe model was started in {from} with the default assumptions and compared with the share of patients on lists \
             without a GP (SSB table 12005) in {} municipality-years. {} % of observations lay within the model's P10-P90 (expected: 80 %).\n\n",
            rows.len(),
            number(share(&all), 0, lang)
        ),
    };
    // A zero share is inside almost by default when P10 is 0: report the
    // municipality-years with lists without a GP on their own, and where misses go.
    let nonzero: Vec<&Row> = rows.iter().filter(|r| r.observed_pct > 0.0).collect();
    let above = nonzero
        .iter()
        .filter(|r| r.observed_pct > r.p90_pct)
        .count();
    let below = nonzero
        .iter()
        .filter(|r| r.observed_pct < r.p10_pct)
        .count();
    out.push_str(&match lang {
        Lang::Nb => format!(
            "Obs: i {} av {} kommune-år var andelen 0, og da er P10 nesten alltid 0. Blant de {} kommune-årene med lister uten lege lå {} % innenfor P10–P90; \
             {above} lå over P90 og {below} under P10.\n\n",
            rows.len() - nonzero.len(),
            rows.len(),
            nonzero.len(),
            number(share(&nonzero), 0, lang)
        ),
        Lang::En => format!(
            "Note: in {} of {} municipality-years the share was 0, and P10 is then nearly always 0. Of the {} municipality-years with lists without a GP, {} % lay \
             within P10-P90; {above} lay above P90 and {below} below P10.\n\n",
            rows.len() - nonzero.len(),
            rows.len(),
            nonzero.len(),
            number(share(&nonzero), 0, lang)
        ),
    });
    // Plain means give Beiarn's three lists Oslo's weight: the shares of all
    // lists together (weighted by positions) are the national figure.
    out.push_str(match lang {
        Lang::Nb => {
            "| År | Innenfor P10–P90 | Observert, snitt av kommunene | Framskrevet, snitt av kommunene | Observert, alle lister samlet | Framskrevet, alle lister samlet |\n|---|---|---|---|---|---|\n"
        }
        Lang::En => {
            "| Year | Within P10-P90 | Observed, mean of municipalities | Projected, mean of municipalities | Observed, all lists together | Projected, all lists together |\n|---|---|---|---|---|---|\n"
        }
    });
    let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        let rs: Vec<&Row> = rows.iter().filter(|r| r.year == y).collect();
        let mean = |f: fn(&Row) -> f64| rs.iter().map(|r| f(r)).sum::<f64>() / rs.len() as f64;
        let weight: f64 = rs.iter().map(|r| f64::from(r.positions)).sum();
        let weighted = |f: fn(&Row) -> f64| {
            rs.iter()
                .map(|r| f(r) * f64::from(r.positions))
                .sum::<f64>()
                / weight.max(1.0)
        };
        out.push_str(&format!(
            "| {y} | {} % | {} % | {} % | {} % | {} % |\n",
            number(share(&rs), 0, lang),
            number(mean(|r| r.observed_pct), 1, lang),
            number(mean(|r| r.mean_pct), 1, lang),
            number(weighted(|r| r.observed_pct), 1, lang),
            number(weighted(|r| r.mean_pct), 1, lang)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_gives_the_plain_mean_and_the_share_of_all_lists_together() {
        // Regression (fresh-eyes review, session 10): the README called the
        // plain mean of 82 municipalities the national level.
        let row = |positions: u32, observed_pct: f64| Row {
            code: "x".into(),
            name: "x".into(),
            year: 2016,
            positions,
            observed_pct,
            p10_pct: 0.0,
            p50_pct: 0.0,
            p90_pct: 20.0,
            mean_pct: observed_pct,
        };
        let text = summary(
            &[row(1, 10.0), row(9, 0.0)],
            2015,
            crate::output::numfmt::Lang::En,
        );
        assert!(
            text.contains("| 2016 | 100 % | 5.0 % | 5.0 % | 1.0 % | 1.0 % |"),
            "{text}"
        );
    }
}
