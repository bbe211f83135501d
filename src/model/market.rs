//! A regional labour market: units of one region (and profession) that recruit
//! from one pool. Candidates arrive from outside at an uncertain yearly rate and
//! pick among open positions by attractiveness; a doctor who leaves a post moves
//! to an open post elsewhere in the region with some probability, or leaves the
//! region. Validated types only; never reads files.

use crate::model::Param;

/// How a joint measure's fixed costs are shared between partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostKey {
    Population,
    Positions,
    /// Need in the base year (population weighted by use), population if unknown.
    Use,
}

impl CostKey {
    pub const ALL: [(&'static str, CostKey); 3] = [
        ("population", CostKey::Population),
        ("positions", CostKey::Positions),
        ("use", CostKey::Use),
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct Market {
    pub id: String,
    pub name: String,
    /// Stream key (hash of the id) for the market's own draws.
    pub key: u64,
    /// Indices of the member units.
    pub members: Vec<usize>,
    /// Attractiveness weight of each member (same order as `members`), > 0.
    pub weights: Vec<f64>,
    /// Candidates arriving from outside the region per year.
    pub outside_per_year: Param,
    /// Share of doctors leaving a post (not retiring) who take an open post
    /// elsewhere in the region when there is one.
    pub move_share: Param,
    /// Whether the baseline uses the market (variants may switch it on).
    pub enabled: bool,
}
