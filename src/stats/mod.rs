//! Streaming statistics over replicates: exact quantiles for integer metrics,
//! relative-error sketches for real-valued ones, and exact means for both.
//!
//! Owns the metrics, the quantile levels and the accumulators; memory never grows
//! with the number of replicates, and merging accumulators gives the same bytes
//! whatever the order (so results do not depend on the thread count). Knows
//! nothing of files, scenarios or random numbers.

pub mod flows;
pub mod frame;
pub mod hist;
pub mod sketch;
mod store;
pub mod summary;
pub mod tornado;

/// Quantile levels reported for every metric.
pub const QUANTILES: [f64; 7] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95];
/// Column names for `QUANTILES`.
pub const QUANTILE_NAMES: [&str; 7] = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];

/// 1-based rank of the lower p-quantile among n values.
#[inline]
pub(crate) fn rank(p: f64, n: u64) -> u64 {
    ((p * n as f64).ceil() as u64).clamp(1, n)
}

/// The metrics reported per unit, region, month and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Filled positions at the end of the period.
    Filled,
    /// Vacant positions at the end of the period.
    Vacant,
    /// Vacant position-months during the period.
    VacancyMonths,
    /// Weeks of locum cover during the period.
    LocumWeeks,
    /// Locum cost during the period, NOK.
    LocumCostNok,
    /// Doctors leaving a post during the period.
    Departures,
    /// Doctors starting in a post during the period.
    Hires,
    /// Patients on lists with neither a GP nor a locum, averaged over the period.
    PatientsWithoutGp,
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::Filled,
        Metric::Vacant,
        Metric::VacancyMonths,
        Metric::LocumWeeks,
        Metric::LocumCostNok,
        Metric::Departures,
        Metric::Hires,
        Metric::PatientsWithoutGp,
    ];

    /// Name used in output files.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Filled => "filled",
            Metric::Vacant => "vacant",
            Metric::VacancyMonths => "vacancy_months",
            Metric::LocumWeeks => "locum_weeks",
            Metric::LocumCostNok => "locum_cost_nok",
            Metric::Departures => "departures",
            Metric::Hires => "hires",
            Metric::PatientsWithoutGp => "patients_without_gp",
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Metric::Filled | Metric::Vacant | Metric::Departures | Metric::Hires
        )
    }
}

/// Mean and quantiles of one metric over all replicates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stat {
    pub mean: f64,
    pub quantiles: [f64; 7],
}

impl Stat {
    /// The statistic of `c` times the metric (c ≥ 0): order statistics scale.
    pub fn scaled(&self, c: f64) -> Stat {
        Stat {
            mean: self.mean * c,
            quantiles: self.quantiles.map(|q| q * c),
        }
    }

    pub fn p(&self, level: f64) -> f64 {
        let i = QUANTILES
            .iter()
            .position(|&q| q == level)
            .expect("a reported quantile level");
        self.quantiles[i]
    }
}
