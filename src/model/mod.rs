//! The validated model: what a scenario means, as typed values.
//!
//! Everything here has passed validation (see `scenario::validate`), so the
//! simulation never checks inputs again. This module owns the types and the
//! per-replicate resolution of uncertain parameters into numbers; it must never
//! read files, parse TOML or know about the command line.

pub mod defaults;
pub mod dist;
pub mod grid;
pub mod hazard;
pub mod in_post;
pub mod market;
pub mod measure;
pub mod normal;
pub mod stationary;
pub mod table;

use std::borrow::Cow;

use dist::Dist;
use hazard::PiecewiseHazard;

/// A parameter as the simulation sees it: fixed, or drawn once per replicate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Param {
    Fixed(f64),
    /// Index into `Model::uncertain` (and into a replicate's draws).
    Draw(usize),
}

impl Param {
    #[inline]
    pub fn value(self, draws: &[f64]) -> f64 {
        match self {
            Param::Fixed(x) => x,
            Param::Draw(i) => draws[i],
        }
    }
}

/// An uncertain parameter: drawn once per replicate from its own stream, keyed by
/// the TOML path where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainParam {
    pub path: String,
    pub key: u64,
    pub dist: Dist,
}

/// How the time to fill a vacancy is distributed around its median.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FillKind {
    Exponential,
    LogNormal { sigma: Param },
}

/// The departure hazard by tenure band, before the multiplier.
#[derive(Debug, Clone, PartialEq)]
pub enum Departure {
    /// A shape scaled so the median contract duration is `median_years`.
    Median {
        median_years: Param,
        shape: Vec<f64>,
    },
    /// One rate per band, per year.
    Rates(Vec<Param>),
}

/// Number of positions over time: `initial`, then `(month index, positions)` from
/// that month on (months counted from 1 January of the base year).
#[derive(Debug, Clone, PartialEq)]
pub struct PositionSchedule {
    pub initial: u32,
    pub changes: Vec<(u32, u32)>,
}

impl PositionSchedule {
    /// Positions in force from the start of month `m`.
    pub fn at_month(&self, m: u32) -> u32 {
        self.changes
            .iter()
            .take_while(|(start, _)| *start <= m)
            .last()
            .map_or(self.initial, |c| c.1)
    }

    /// Positions at the end of month `m` of a horizon of `months` months: a
    /// change at the start of month m + 1 is already in force then, and changes
    /// at or after the horizon never take effect.
    pub fn at_end_of_month(&self, m: u32, months: u32) -> u32 {
        self.at_month((m + 1).min(months - 1))
    }
}

/// The profession a unit employs; it picks the default use profile of its need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Gp,
    Specialist,
    Nurse,
    Other,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Gp => "gp",
            Role::Specialist => "specialist",
            Role::Nurse => "nurse",
            Role::Other => "other",
        }
    }
}

/// One service with positions, e.g. a municipality's GP service.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// Stream key: a stable hash of `id`, so scenarios share random numbers by unit.
    pub key: u64,
    pub kommune: Option<String>,
    pub role: Role,
    /// Population in the base year (of the catchment, for hospital units).
    pub population: u32,
    /// Need in positions per year from the base year (from demography), if known.
    pub need: Option<Vec<f64>>,
    /// Municipality codes whose population the need follows (kommune or catchment).
    pub areas: Vec<String>,
    pub positions: PositionSchedule,
    pub initial_vacant: u32,
    /// Years in post of the doctors in post at the start (one per filled position).
    pub initial_tenure_years: Option<Vec<f64>>,
    /// Ages of the doctors in post at the start (one per filled position).
    pub initial_age_years: Option<Vec<f64>>,
    pub list_length: Param,
    pub departure: Departure,
    pub departure_multiplier: Param,
    pub fill_median_months: Param,
    pub fill_kind: FillKind,
    pub locum_coverage: Param,
    pub locum_price_per_week: Param,
    /// Drawn per recruit (not per replicate).
    pub recruit_age: Dist,
}

/// A named group of units whose figures are summed per replicate.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub members: Vec<usize>,
}

/// Retirement by age: no retirement before the first band start age, a hazard
/// per band after that, and an age by which everyone has retired.
#[derive(Debug, Clone, PartialEq)]
pub struct Retirement {
    /// Ages (> 0, increasing) at which each hazard band starts.
    pub band_start_ages_years: Vec<f64>,
    pub hazard_per_year: Vec<Param>,
    pub max_age_years: f64,
}

impl Retirement {
    /// The hazard by age (years) for one replicate's draws.
    pub fn hazard_by_age(&self, draws: &[f64]) -> PiecewiseHazard {
        PiecewiseHazard::new(
            std::iter::once(0.0)
                .chain(self.band_start_ages_years.iter().copied())
                .collect(),
            std::iter::once(0.0)
                .chain(self.hazard_per_year.iter().map(|p| p.value(draws)))
                .collect(),
        )
        .expect("validated: increasing ages, non-negative hazards")
    }
}

/// A whole validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The scenario's id: names the output folder.
    pub name: String,
    /// The scenario's name in report titles ("Vesterålen"; default: `name`).
    pub title: String,
    pub description: String,
    pub base_year: i32,
    pub horizon_years: u32,
    /// Whether monthly statistics are kept (yearly ones always are).
    pub monthly_results: bool,
    pub tenure_band_starts_years: Vec<f64>,
    pub retirement: Retirement,
    pub units: Vec<Unit>,
    pub regions: Vec<Region>,
    pub uncertain: Vec<UncertainParam>,
    /// Elasticity of the departure hazard to list length relative to the start.
    pub workload_elasticity: Param,
    /// Measures used by the variants.
    pub measures: Vec<measure::Measure>,
    /// Sets of measures to compare with the baseline (the scenario as it is).
    pub variants: Vec<measure::Variant>,
    /// Regional labour markets (units that recruit from one pool).
    pub markets: Vec<market::Market>,
    /// Population by sex and age per municipality code behind the units' need
    /// (registered, then projected), for outputs and charts.
    pub populations: std::collections::BTreeMap<String, crate::demography::Series>,
    pub comparison: measure::Comparison,
    /// Values of the scenario file that are valid but look like mistakes,
    /// ready to print (empty when none); the edges print them.
    pub warnings: String,
}

impl Model {
    pub fn months(&self) -> u32 {
        self.horizon_years * 12
    }

    /// Months per reporting bin: 1 with monthly results, 12 with yearly only.
    pub fn months_per_bin(&self) -> u32 {
        if self.monthly_results {
            1
        } else {
            12
        }
    }

    /// Number of reporting bins over the horizon.
    pub fn bins(&self) -> u32 {
        self.months() / self.months_per_bin()
    }

    /// Each unit's monthly departure hazard if it is the same in every replicate
    /// (built once per run instead of once per replicate).
    pub fn fixed_departures(&self) -> Vec<Option<PiecewiseHazard>> {
        self.units
            .iter()
            .map(|u| {
                u.departure_is_fixed()
                    .then(|| u.monthly_departure(&self.tenure_band_starts_years, &[]))
            })
            .collect()
    }

    /// Draws every uncertain parameter for one replicate, into `out`.
    pub fn draw_parameters(&self, seed: u64, replicate: u64, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.uncertain.iter().map(|p| {
            p.dist
                .sample(&mut crate::rng::stream(seed, replicate, p.key))
        }));
    }
}

/// A unit's parameters for one replicate, in months (the simulation's clock).
#[derive(Debug, Clone)]
pub struct UnitDraw<'a> {
    /// Departure hazard by tenure, per month, tenure in months (borrowed when it
    /// is the same in every replicate, so it is built once per run).
    pub departure: Cow<'a, PiecewiseHazard>,
    pub fill_median_months: f64,
    /// `None` for exponential filling.
    pub fill_sigma: Option<f64>,
    pub locum_coverage: f64,
    pub locum_price_per_week: f64,
    pub list_length: f64,
}

impl Unit {
    /// Age (months) of a recruit at probability `u` of the recruit-age
    /// distribution (years), computed without a table.
    pub fn recruit_age_months(&self, u: f64) -> f64 {
        self.recruit_age
            .quantile(u)
            .expect("validated: per-recruit distributions have a quantile")
            * 12.0
    }

    /// Whether the departure hazard is the same in every replicate.
    pub fn departure_is_fixed(&self) -> bool {
        let fixed = |p: &Param| matches!(p, Param::Fixed(_));
        fixed(&self.departure_multiplier)
            && match &self.departure {
                Departure::Median { median_years, .. } => fixed(median_years),
                Departure::Rates(r) => r.iter().all(fixed),
            }
    }

    /// The departure hazard on the monthly clock for one replicate's draws. Built
    /// once (not as a yearly hazard, scaled to the median, multiplied and then
    /// turned into months), with the same arithmetic as those steps.
    pub fn monthly_departure(&self, band_starts_years: &[f64], draws: &[f64]) -> PiecewiseHazard {
        let rates = self.monthly_departure_rates(band_starts_years, draws);
        PiecewiseHazard::new(band_starts_years.iter().map(|s| s * 12.0).collect(), rates)
            .expect("validated: non-negative rates and multiplier")
    }

    /// The rates of `monthly_departure` (per month, one per tenure band), without
    /// building the hazard.
    pub fn monthly_departure_rates(&self, band_starts_years: &[f64], draws: &[f64]) -> Vec<f64> {
        let m = self.departure_multiplier.value(draws);
        match &self.departure {
            Departure::Median {
                median_years,
                shape,
            } => {
                let median = median_years.value(draws);
                let h = hazard::cumulative_of(band_starts_years, shape, median);
                assert!(
                    median > 0.0 && median.is_finite() && h > 0.0,
                    "validated: positive median, shape positive before it"
                );
                let c = std::f64::consts::LN_2 / h;
                shape.iter().map(|r| r * c * m / 12.0).collect()
            }
            Departure::Rates(r) => r.iter().map(|p| p.value(draws) * m / 12.0).collect(),
        }
    }

    /// Resolves this unit's parameters for one replicate's draws; `fixed` is the
    /// monthly departure hazard when it does not vary between replicates.
    pub fn resolve<'a>(
        &self,
        band_starts_years: &[f64],
        draws: &[f64],
        fixed: Option<&'a PiecewiseHazard>,
    ) -> UnitDraw<'a> {
        UnitDraw {
            departure: match fixed {
                Some(h) => Cow::Borrowed(h),
                None => Cow::Owned(self.monthly_departure(band_starts_years, draws)),
            },
            fill_median_months: self.fill_median_months.value(draws),
            fill_sigma: match self.fill_kind {
                FillKind::Exponential => None,
                FillKind::LogNormal { sigma } => Some(sigma.value(draws)),
            },
            locum_coverage: self.locum_coverage.value(draws),
            locum_price_per_week: self.locum_price_per_week.value(draws),
            list_length: self.list_length.value(draws),
        }
    }
}

/// A hazard on a yearly clock turned into the same hazard on a monthly clock.
pub fn to_months(h: &PiecewiseHazard) -> PiecewiseHazard {
    PiecewiseHazard::new(
        h.starts().iter().map(|s| s * 12.0).collect(),
        h.rates().iter().map(|r| r / 12.0).collect(),
    )
    .expect("scaling keeps a valid hazard valid")
}
