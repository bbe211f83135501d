//! Scenario files as written: serde structs that mirror the TOML, with units in
//! field names and `deny_unknown_fields` everywhere. No checks beyond types live
//! here; meaning and limits are `validate`'s job.

use serde::Deserialize;

use crate::scenario::param::ParamSpec;

/// The top level, with each section kept as a raw TOML value so that a problem
/// in one unit does not hide the problems in the others.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTop {
    pub scenario: toml::Value,
    pub defaults: Option<toml::Value>,
    pub retirement: Option<toml::Value>,
    #[serde(default)]
    pub regions: Vec<toml::Value>,
    #[serde(default)]
    pub units: Vec<toml::Value>,
    #[serde(default)]
    pub measures: Vec<toml::Value>,
    #[serde(default)]
    pub variants: Vec<toml::Value>,
    pub comparison: Option<toml::Value>,
    #[serde(default)]
    pub markets: Vec<toml::Value>,
    pub demography: Option<toml::Value>,
}

/// `[[markets]]`: units of one region that recruit from one pool.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMarket {
    pub id: String,
    pub name: Option<String>,
    /// The region whose units take part (or list them in `units`).
    pub region: Option<String>,
    pub units: Option<Vec<String>>,
    /// Whether the baseline uses the market (default true); variants can switch it on.
    pub enabled: Option<bool>,
    pub outside_candidates_per_year: ParamSpec,
    pub move_within_region_share: Option<ParamSpec>,
    /// Unit id → attractiveness weight (default 1).
    #[serde(default)]
    pub attractiveness: std::collections::BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: String,
    /// The name in report titles (default: `name`, which must suit a folder).
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_year: Option<i64>,
    pub horizon_years: Option<i64>,
    /// Write monthly as well as yearly summaries (default false: monthly
    /// statistics take more than half of a small scenario's run time).
    pub monthly_results: Option<bool>,
}

/// Parameters that may be set in `[defaults]` or per unit (gathered from either).
#[derive(Debug, Default, Clone)]
pub struct RawUnitParams {
    pub departure_median_years: Option<ParamSpec>,
    pub departure_hazard_per_year: Option<Vec<ParamSpec>>,
    pub departure_hazard_multiplier: Option<ParamSpec>,
    pub time_to_fill_distribution: Option<String>,
    pub time_to_fill_median_months: Option<ParamSpec>,
    pub time_to_fill_sigma: Option<ParamSpec>,
    pub locum_coverage_share: Option<ParamSpec>,
    pub locum_price_nok_per_week: Option<ParamSpec>,
    pub recruit_age_years: Option<ParamSpec>,
    pub list_length_patients: Option<ParamSpec>,
}

/// Declares a raw struct that carries, besides its own fields, every field of
/// `RawUnitParams` (serde's `flatten` cannot be combined with
/// `deny_unknown_fields`, so the shared fields are spelled out by this macro).
macro_rules! with_unit_params {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$m])*
        pub struct $name {
            $($(#[$fm])* pub $field: $ty,)*
            pub departure_median_years: Option<ParamSpec>,
            pub departure_hazard_per_year: Option<Vec<ParamSpec>>,
            pub departure_hazard_multiplier: Option<ParamSpec>,
            pub time_to_fill_distribution: Option<String>,
            pub time_to_fill_median_months: Option<ParamSpec>,
            pub time_to_fill_sigma: Option<ParamSpec>,
            pub locum_coverage_share: Option<ParamSpec>,
            pub locum_price_nok_per_week: Option<ParamSpec>,
            pub recruit_age_years: Option<ParamSpec>,
            pub list_length_patients: Option<ParamSpec>,
        }

        impl $name {
            pub fn unit_params(&self) -> RawUnitParams {
                RawUnitParams {
                    departure_median_years: self.departure_median_years.clone(),
                    departure_hazard_per_year: self.departure_hazard_per_year.clone(),
                    departure_hazard_multiplier: self.departure_hazard_multiplier.clone(),
                    time_to_fill_distribution: self.time_to_fill_distribution.clone(),
                    time_to_fill_median_months: self.time_to_fill_median_months.clone(),
                    time_to_fill_sigma: self.time_to_fill_sigma.clone(),
                    locum_coverage_share: self.locum_coverage_share.clone(),
                    locum_price_nok_per_week: self.locum_price_nok_per_week.clone(),
                    recruit_age_years: self.recruit_age_years.clone(),
                    list_length_patients: self.list_length_patients.clone(),
                }
            }
        }
    };
}

with_unit_params! {
    /// Parameters every unit inherits unless it sets its own.
    #[derive(Debug, Default, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawDefaults {
        pub tenure_band_starts_years: Option<Vec<f64>>,
        pub departure_hazard_shape: Option<Vec<f64>>,
        pub workload_elasticity: Option<ParamSpec>,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetirement {
    pub band_start_ages_years: Option<Vec<f64>>,
    pub hazard_per_year: Option<Vec<ParamSpec>>,
    pub max_age_years: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    pub id: String,
    pub name: Option<String>,
    pub units: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    pub from_year: i64,
    pub from_month: Option<i64>,
    pub positions: i64,
}

with_unit_params! {
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct RawUnit {
        pub id: String,
        pub name: Option<String>,
        pub kommune: Option<String>,
        /// "gp" (default), "specialist", "nurse" or "other".
        pub role: Option<String>,
        /// Municipalities a hospital unit serves (its need follows their population).
        pub catchment: Option<Vec<String>>,
        /// How need is computed and whether positions follow it.
        pub need: Option<crate::scenario::need::RawNeed>,
        /// Default: from bundled data when `kommune` or `catchment` is given.
        pub population: Option<i64>,
        pub positions: i64,
        pub vacant: Option<i64>,
        pub initial_tenure_years: Option<Vec<f64>>,
        pub initial_age_years: Option<Vec<f64>>,
        #[serde(default)]
        pub position_changes: Vec<RawChange>,
    }
}
