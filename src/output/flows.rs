//! `flows.csv` and `flows_totals.csv`: doctors moving between the units of each
//! regional labour market per year (mean and P10/P50/P90 over replicates), and
//! the region totals (moves within, hires from outside, departures out of the
//! region, candidates without a post). Serialises to bytes; never touches files.

use crate::model::Model;
use crate::output::csv::num;
use crate::stats::flows::{FlowStats, TOTALS};

/// The name of node `i` of market `k` (a unit id, or `outside`).
fn node(model: &Model, k: usize, i: usize) -> &str {
    model.markets[k]
        .members
        .get(i)
        .map_or("outside", |&u| model.units[u].id.as_str())
}

/// (flows.csv, flows_totals.csv), or `None` when no market is on.
pub fn serialize(model: &Model, flows: &[FlowStats]) -> Option<(Vec<u8>, Vec<u8>)> {
    if flows.iter().all(|f| f.years == 0) {
        return None;
    }
    let mut cells = String::from("market,year,from,to,mean,p10,p50,p90\n");
    let mut totals = String::from("market,year,metric,mean,p10,p50,p90\n");
    for (k, f) in flows.iter().enumerate().filter(|(_, f)| f.years > 0) {
        let id = &model.markets[k].id;
        for y in 0..f.years {
            let year = model.base_year + y as i32;
            for from in 0..=f.n {
                for to in 0..=f.n {
                    let h = f.cell(y, from, to);
                    if from == to || h.mean() == 0.0 {
                        continue;
                    }
                    cells.push_str(&format!(
                        "{id},{year},{},{},{},{},{},{}\n",
                        node(model, k, from),
                        node(model, k, to),
                        num(h.mean()),
                        num(h.quantile(0.1)),
                        num(h.quantile(0.5)),
                        num(h.quantile(0.9))
                    ));
                }
            }
            for (t, name) in TOTALS.iter().enumerate() {
                let h = f.total(y, t);
                totals.push_str(&format!(
                    "{id},{year},{name},{},{},{},{}\n",
                    num(h.mean()),
                    num(h.quantile(0.1)),
                    num(h.quantile(0.5)),
                    num(h.quantile(0.9))
                ));
            }
        }
    }
    Some((cells.into_bytes(), totals.into_bytes()))
}
