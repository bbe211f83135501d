//! Retention and recruitment measures, and the variants that apply them: the
//! validated model of issue 4. Every effect and cost may be uncertain (`Param`).
//! Pure types; the catalogue file and scenario syntax live in `scenario`, the
//! arithmetic of applying measures in `sim::plan`.

use crate::model::Param;

/// The three tasks of the Plan, Recruit, Retain framework (Abelsen et al. 2020).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Plan,
    Recruit,
    Retain,
}

/// The framework's nine strategic elements, with their task.
pub const ELEMENTS: [(&str, Task, &str, &str); 9] = [
    (
        "assess_population_needs",
        Task::Plan,
        "Kartlegge befolkningens behov",
        "Assess population service needs",
    ),
    (
        "align_service_model",
        Task::Plan,
        "Tilpasse tjenestemodellen til behovene",
        "Align the service model with population needs",
    ),
    (
        "target_recruit_profile",
        Task::Plan,
        "Lage en profil av ønskede rekrutter",
        "Develop a profile of target recruits",
    ),
    (
        "information_sharing",
        Task::Recruit,
        "Dele informasjon",
        "Emphasise information sharing",
    ),
    (
        "support_families",
        Task::Recruit,
        "Støtte familie og partner",
        "Support families and spouses",
    ),
    (
        "community_engagement",
        Task::Recruit,
        "Integrering i lokalsamfunnet",
        "Community engagement",
    ),
    (
        "team_cohesion",
        Task::Retain,
        "Støtte samhold i fagmiljøet",
        "Support team cohesion",
    ),
    (
        "professional_development",
        Task::Retain,
        "Relevant faglig utvikling",
        "Relevant professional development",
    ),
    (
        "train_future_professionals",
        Task::Retain,
        "Utdanne framtidens fagfolk",
        "Train future professionals",
    ),
];

/// Doctors trained through a measure who later take up a vacant position.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    pub trainees_per_year: u32,
    pub delay_years: f64,
    pub stay_probability: Param,
}

/// What a measure does while it is active (each factor reaches full strength
/// after the ramp-up).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Effects {
    /// Multiplier on the departure hazard, one per tenure band.
    pub departure_hazard_multiplier: Option<Vec<Param>>,
    pub time_to_fill_multiplier: Option<Param>,
    pub extra_positions: u32,
    /// Change in list length, patients per list (negative: shorter lists).
    pub list_length_change_patients: Option<Param>,
    /// Change in the share of vacant time covered by locums.
    pub locum_coverage_change: Option<Param>,
    pub pipeline: Option<Pipeline>,
}

/// What a measure costs, per unit it is applied in.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    pub one_off_nok: Param,
    pub yearly_fixed_nok: Param,
    pub per_doctor_per_year_nok: Param,
    pub per_hire_nok: Param,
}

/// A measure from the catalogue (or defined in a scenario).
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    pub id: String,
    pub name_nb: String,
    pub name_en: String,
    pub task: Task,
    /// Index into `ELEMENTS`.
    pub element: usize,
    pub description: String,
    pub evidence: String,
    /// Norwegian versions, where written.
    pub description_nb: Option<String>,
    pub evidence_nb: Option<String>,
    pub effects: Effects,
    pub costs: Costs,
    pub ramp_up_years: f64,
}

/// One measure applied in a variant: from `start_year` (1 January) until the
/// end of `end_year` (or the horizon), in `units` (indices into `Model::units`).
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureUse {
    pub measure: usize,
    pub start_year: i32,
    pub end_year: Option<i32>,
    pub units: Vec<usize>,
    /// A joint measure: each unit's share of the fixed costs (one-off and
    /// yearly), aligned with `units` and summing to 1. `None`: every unit pays
    /// the full fixed costs.
    pub cost_shares: Option<Vec<f64>>,
}

/// Measures that work better together: while all of them are active in a unit,
/// the combined reduction of the departure hazard is scaled by `1 + synergy`.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    pub measures: Vec<usize>,
    pub synergy: Param,
}

/// A set of measures to compare against the baseline (the scenario as it is).
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub id: String,
    pub name: String,
    pub uses: Vec<MeasureUse>,
    pub interactions: Vec<Interaction>,
    /// Markets (indices into `Model::markets`) this variant switches on.
    pub markets: Vec<usize>,
}

/// How variants are compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Real discount rate for net present values (R-109: 4 %).
    pub discount_rate: f64,
    /// Year up to which differences are cumulated in the ranked table.
    pub through_year: i32,
}
