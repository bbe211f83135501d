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

/// A measure as written. In a scenario, a measure with the id of a catalogue
/// measure changes only the fields it writes (see `merged_over`); a new measure
/// must write every descriptive field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeasure {
    pub id: String,
    pub name_nb: Option<String>,
    pub name_en: Option<String>,
    pub task: Option<String>,
    pub element: Option<String>,
    pub description: Option<String>,
    pub evidence: Option<String>,
    /// The description and evidence in Norwegian, for Norwegian reports
    /// (optional: the English text is used without them).
    pub description_nb: Option<String>,
    pub evidence_nb: Option<String>,
    pub ramp_up_years: Option<f64>,
    pub effects: Option<RawEffects>,
    pub costs: Option<RawCosts>,
}

/// A Norwegian text after merging: the measure's own, or the base's when the
/// measure keeps the base's English text. A rewritten English text without
/// its Norwegian version must not show the base's Norwegian text for the old one.
fn nb_text(
    own: &Option<String>,
    own_nb: &Option<String>,
    base_nb: &Option<String>,
) -> Option<String> {
    match own {
        Some(_) => own_nb.clone(),
        None => own_nb.clone().or_else(|| base_nb.clone()),
    }
}

impl RawMeasure {
    /// This measure's fields where written, `base`'s elsewhere (field by field,
    /// inside effects and costs too).
    pub fn merged_over(&self, base: &RawMeasure) -> RawMeasure {
        let effects = match (&self.effects, &base.effects) {
            (Some(a), Some(b)) => Some(RawEffects {
                departure_hazard_multiplier: a
                    .departure_hazard_multiplier
                    .clone()
                    .or_else(|| b.departure_hazard_multiplier.clone()),
                time_to_fill_multiplier: a
                    .time_to_fill_multiplier
                    .clone()
                    .or_else(|| b.time_to_fill_multiplier.clone()),
                extra_positions: a.extra_positions.or(b.extra_positions),
                list_length_change_patients: a
                    .list_length_change_patients
                    .clone()
                    .or_else(|| b.list_length_change_patients.clone()),
                locum_coverage_change: a
                    .locum_coverage_change
                    .clone()
                    .or_else(|| b.locum_coverage_change.clone()),
                pipeline: a.pipeline.clone().or_else(|| b.pipeline.clone()),
            }),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        let costs = match (&self.costs, &base.costs) {
            (Some(a), Some(b)) => Some(RawCosts {
                one_off_nok: a.one_off_nok.clone().or_else(|| b.one_off_nok.clone()),
                yearly_fixed_nok: a
                    .yearly_fixed_nok
                    .clone()
                    .or_else(|| b.yearly_fixed_nok.clone()),
                per_doctor_per_year_nok: a
                    .per_doctor_per_year_nok
                    .clone()
                    .or_else(|| b.per_doctor_per_year_nok.clone()),
                per_hire_nok: a.per_hire_nok.clone().or_else(|| b.per_hire_nok.clone()),
            }),
            (a, b) => a.clone().or_else(|| b.clone()),
        };
        RawMeasure {
            id: self.id.clone(),
            name_nb: self.name_nb.clone().or_else(|| base.name_nb.clone()),
            name_en: self.name_en.clone().or_else(|| base.name_en.clone()),
            task: self.task.clone().or_else(|| base.task.clone()),
            element: self.element.clone().or_else(|| base.element.clone()),
            description: self
                .description
                .clone()
                .or_else(|| base.description.clone()),
            evidence: self.evidence.clone().or_else(|| base.evidence.clone()),
            description_nb: nb_text(
                &self.description,
                &self.description_nb,
                &base.description_nb,
            ),
            evidence_nb: nb_text(&self.evidence, &self.evidence_nb, &base.evidence_nb),
            ramp_up_years: self.ramp_up_years.or(base.ramp_up_years),
            effects,
            costs,
        }
    }
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
    /// A joint measure: fixed costs paid once and split by "population",
    /// "positions" or "use"; absent: every unit pays them in full.
    pub cost_split: Option<String>,
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
    /// Markets this variant switches on (ids of `[[markets]]`).
    pub markets: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    pub discount_rate: Option<f64>,
    pub through_year: Option<i64>,
}
