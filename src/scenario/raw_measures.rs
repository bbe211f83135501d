//! Measures, variants and comparison settings as written, in scenario files and
//! in the bundled catalogue `data/measures.toml`. Serde structs only.

use serde::Deserialize;

use crate::scenario::param::ParamSpec;

/// The catalogue file: a list of measures.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogue {
    pub measures: Vec<toml::Value>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub id: String,
    pub name_nb: String,
    pub name_en: String,
    pub task: String,
    pub element: String,
    pub description: String,
    pub evidence: String,
    pub ramp_up_years: Option<f64>,
    #[serde(default)]
    pub effects: RawEffects,
    #[serde(default)]
    pub costs: RawCosts,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEffects {
    pub departure_hazard_multiplier: Option<Vec<ParamSpec>>,
    pub time_to_fill_multiplier: Option<ParamSpec>,
    pub extra_positions: Option<i64>,
    pub list_length_change_patients: Option<ParamSpec>,
    pub locum_coverage_change: Option<ParamSpec>,
    pub pipeline: Option<RawPipeline>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipeline {
    pub trainees_per_year: i64,
    pub delay_years: f64,
    pub stay_probability: ParamSpec,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    pub one_off_nok: Option<ParamSpec>,
    pub yearly_fixed_nok: Option<ParamSpec>,
    pub per_doctor_per_year_nok: Option<ParamSpec>,
    pub per_hire_nok: Option<ParamSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUse {
    pub measure: String,
    pub start_year: i64,
    pub end_year: Option<i64>,
    /// Unit ids; all units when absent.
    pub units: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInteraction {
    pub measures: Vec<String>,
    pub synergy: ParamSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    pub id: String,
    pub name: Option<String>,
    pub measures: Vec<RawUse>,
    #[serde(default)]
    pub interactions: Vec<RawInteraction>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    pub discount_rate: Option<f64>,
    pub through_year: Option<i64>,
}
