//! Statistics of the flows of doctors in regional labour markets: for each
//! market, year and (from, to) pair the exact distribution over replicates of
//! how many moved, plus the region totals (moves inside, arrivals from outside,
//! departures out of the region, candidates who found no post). Memory is
//! bounded by markets × years × members², never by replicates; merging adds
//! counts (thread-count independent). Owns no simulation.

use crate::sim::market::Flows;
use crate::stats::hist::IntHistogram;

/// Region totals kept per year, in this order.
pub const TOTALS: [&str; 4] = [
    "moves_within_region",
    "hires_from_outside",
    "departures_out_of_region",
    "candidates_without_post",
];

/// One market's flow distributions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowStats {
    /// Members; index `n` in cells is outside the region.
    pub n: usize,
    pub years: usize,
    /// `cells[(y·(n+1) + from)·(n+1) + to]`.
    pub cells: Vec<IntHistogram>,
    /// `totals[y·4 + k]`, k as in `TOTALS`.
    pub totals: Vec<IntHistogram>,
}

impl FlowStats {
    pub fn new(n: usize, years: usize) -> Self {
        FlowStats {
            n,
            years,
            cells: vec![IntHistogram::default(); years * (n + 1) * (n + 1)],
            totals: vec![IntHistogram::default(); years * TOTALS.len()],
        }
    }

    pub fn add(&mut self, f: &Flows) {
        let n1 = self.n + 1;
        for y in 0..self.years {
            let (mut within, mut from_out, mut to_out) = (0, 0, 0);
            for from in 0..n1 {
                for to in 0..n1 {
                    let v = f.get(y, from, to);
                    self.cells[(y * n1 + from) * n1 + to].add(v);
                    match (from == self.n, to == self.n) {
                        (false, false) => within += v,
                        (true, false) => from_out += v,
                        (false, true) => to_out += v,
                        (true, true) => {}
                    }
                }
            }
            for (k, v) in [within, from_out, to_out, f.lost[y]]
                .into_iter()
                .enumerate()
            {
                self.totals[y * TOTALS.len() + k].add(v);
            }
        }
    }

    pub fn merge(&mut self, o: &FlowStats) {
        for (a, b) in self.cells.iter_mut().zip(&o.cells) {
            a.merge(b);
        }
        for (a, b) in self.totals.iter_mut().zip(&o.totals) {
            a.merge(b);
        }
    }

    pub fn cell(&self, y: usize, from: usize, to: usize) -> &IntHistogram {
        &self.cells[(y * (self.n + 1) + from) * (self.n + 1) + to]
    }

    pub fn total(&self, y: usize, k: usize) -> &IntHistogram {
        &self.totals[y * TOTALS.len() + k]
    }
}
