//! Validation of measures (the bundled catalogue and a scenario's own) into
//! `model::measure` types; variants are checked in `variants`. Draws of a measure's
//! uncertain effects and costs are keyed by the measure's id, so every variant
//! that uses a measure shares its draw in each replicate.

use crate::model::measure::{Costs, Effects, Measure, Pipeline, Task, ELEMENTS};
use crate::model::Param;
use crate::scenario::params::{Limits, ParamRegistry};
use crate::scenario::problem::{Problem, TomlPath};
use crate::scenario::raw_measures::RawMeasure;

/// The bundled catalogue, compiled into the binary.
pub const CATALOGUE: &str = include_str!("../../data/measures.toml");

const MULTIPLIER: Limits = Limits {
    min: 0.0,
    min_inclusive: false,
    max: 10.0,
    what: "a multiplier > 0 (1 = no change)",
};
const COVERAGE_CHANGE: Limits = Limits {
    min: -1.0,
    min_inclusive: true,
    max: 1.0,
    what: "a change of share between −1 and 1",
};
const LIST_CHANGE: Limits = Limits {
    min: -5000.0,
    min_inclusive: true,
    max: 5000.0,
    what: "a change in patients per list between −5000 and 5000",
};
const COST: Limits = Limits {
    min: 0.0,
    min_inclusive: true,
    max: 1e10,
    what: "a cost in NOK ≥ 0",
};
pub(crate) const SYNERGY: Limits = Limits {
    min: 0.0,
    min_inclusive: true,
    max: 5.0,
    what: "a synergy between 0 (none) and 5",
};

fn task_of(name: &str) -> Option<Task> {
    match name {
        "plan" => Some(Task::Plan),
        "recruit" => Some(Task::Recruit),
        "retain" => Some(Task::Retain),
        _ => None,
    }
}

/// Validates one measure written at `path`, for `bands` tenure bands.
pub fn measure(
    raw: &RawMeasure,
    path: &TomlPath,
    bands: usize,
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> Option<Measure> {
    let before = problems.len();
    let key = |field: &str| format!("measure.{}.{field}", raw.id);
    let text = [
        ("name_nb", &raw.name_nb),
        ("name_en", &raw.name_en),
        ("task", &raw.task),
        ("element", &raw.element),
        ("description", &raw.description),
        ("evidence", &raw.evidence),
    ];
    let missing: Vec<String> = text
        .iter()
        .filter(|(_, v)| v.is_none())
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    if !missing.is_empty() {
        problems.push(
            Problem::new(path.clone(), format!("measure `{}` is new, so it needs {}", raw.id, missing.join(", ")))
                .fix("add them (evidence may say \"assumption\"), or use the id of a catalogue measure to change only some of its fields"),
        );
    }
    let task_name = raw.task.clone().unwrap_or_default();
    let element_name = raw.element.clone().unwrap_or_default();
    let task = task_of(&task_name);
    if task.is_none() && raw.task.is_some() {
        problems.push(
            Problem::new(path.key("task"), format!("unknown task `{task_name}`"))
                .fix("use \"plan\", \"recruit\" or \"retain\""),
        );
    }
    let element = ELEMENTS.iter().position(|e| e.0 == element_name);
    match element {
        None if raw.element.is_some() => {
            let names: Vec<&str> = ELEMENTS.iter().map(|e| e.0).collect();
            let hint = crate::scenario::friendly::closest(&element_name, &names)
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            problems.push(
                Problem::new(path.key("element"), format!("unknown element `{element_name}` of the Plan, Recruit, Retain framework{hint}"))
                    .fix(format!("use one of: {}", names.join(", "))),
            )
        }
        Some(i) if task.is_some_and(|t| t != ELEMENTS[i].1) => problems.push(
            Problem::new(
                path.key("task"),
                format!("element `{element_name}` belongs to another task than `{task_name}`"),
            )
            .fix(format!(
                "use task = \"{}\"",
                format!("{:?}", ELEMENTS[i].1).to_lowercase()
            )),
        ),
        _ => {}
    }
    let ramp = raw.ramp_up_years.unwrap_or(0.0);
    if !(0.0..=20.0).contains(&ramp) {
        problems.push(
            Problem::new(
                path.key("ramp_up_years"),
                format!("{ramp} years is not a ramp-up time"),
            )
            .fix("give 0 to 20 years"),
        );
    }
    let no_effects = Default::default();
    let e = raw.effects.as_ref().unwrap_or(&no_effects);
    let ep = path.key("effects");
    let mut one = |spec: &Option<crate::scenario::param::ParamSpec>,
                   field: &str,
                   limits: Limits,
                   problems: &mut Vec<Problem>| {
        spec.as_ref()
            .map(|s| reg.param_as(s, &ep.key(field), &key(field), limits, problems))
    };
    let fill = one(
        &e.time_to_fill_multiplier,
        "time_to_fill_multiplier",
        MULTIPLIER,
        problems,
    );
    let list = one(
        &e.list_length_change_patients,
        "list_length_change_patients",
        LIST_CHANGE,
        problems,
    );
    let cover = one(
        &e.locum_coverage_change,
        "locum_coverage_change",
        COVERAGE_CHANGE,
        problems,
    );
    let hazard = e.departure_hazard_multiplier.as_ref().map(|v| {
        if v.len() != bands {
            // Catalogue measures give factors for the default five bands: a
            // scenario with its own bands (from `calibrate --bands`) must
            // give the measure factors for them (fresh-eyes review, session 10).
            problems.push(
                Problem::new(
                    ep.key("departure_hazard_multiplier"),
                    format!(
                        "measure `{}` has {} factors, one per tenure band, but the scenario has {bands} tenure bands (tenure_band_starts_years)",
                        raw.id,
                        v.len()
                    ),
                )
                .fix(format!(
                    "give it {bands}, one per band of tenure_band_starts_years: a [[measures]] table with id = \"{}\" and [measures.effects] departure_hazard_multiplier = [...]; the catalogue's factors are for bands from 0, 1, 3, 5 and 10 years (data/measures.toml), so take each of your bands' from the years it covers (a catalogue measure keeps its other fields)",
                    raw.id
                )),
            );
        }
        v.iter()
            .enumerate()
            .map(|(i, s)| {
                reg.param_as(
                    s,
                    &ep.key("departure_hazard_multiplier").index(i),
                    &format!("{}[{i}]", key("departure_hazard_multiplier")),
                    MULTIPLIER,
                    problems,
                )
            })
            .collect::<Option<Vec<Param>>>()
    });
    let extra = e.extra_positions.unwrap_or(0);
    if !(0..=1000).contains(&extra) {
        problems.push(
            Problem::new(
                ep.key("extra_positions"),
                format!("{extra} is not a number of positions to add"),
            )
            .fix("give a whole number ≥ 0"),
        );
    }
    let pipeline = e.pipeline.as_ref().map(|p| {
        let pp = ep.key("pipeline");
        if !(0..=100).contains(&p.trainees_per_year) {
            problems.push(
                Problem::new(
                    pp.key("trainees_per_year"),
                    format!(
                        "{} trainees a year is not possible here",
                        p.trainees_per_year
                    ),
                )
                .fix("give a whole number from 0 to 100"),
            );
        }
        if !(0.0..=20.0).contains(&p.delay_years) {
            problems.push(
                Problem::new(
                    pp.key("delay_years"),
                    format!("a delay of {} years is not possible here", p.delay_years),
                )
                .fix("give 0 to 20 years"),
            );
        }
        let stay = reg.param_as(
            &p.stay_probability,
            &pp.key("stay_probability"),
            &key("pipeline.stay_probability"),
            Limits::SHARE,
            problems,
        );
        stay.map(|s| Pipeline {
            trainees_per_year: p.trainees_per_year.clamp(0, 100) as u32,
            delay_years: p.delay_years,
            stay_probability: s,
        })
    });
    let no_costs = Default::default();
    let c = raw.costs.as_ref().unwrap_or(&no_costs);
    let cp = path.key("costs");
    let mut cost = |spec: &Option<crate::scenario::param::ParamSpec>, field: &str| match spec {
        Some(s) => reg.param_as(
            s,
            &cp.key(field),
            &key(&format!("costs.{field}")),
            COST,
            problems,
        ),
        None => Some(Param::Fixed(0.0)),
    };
    let costs = (
        cost(&c.one_off_nok, "one_off_nok"),
        cost(&c.yearly_fixed_nok, "yearly_fixed_nok"),
        cost(&c.per_doctor_per_year_nok, "per_doctor_per_year_nok"),
        cost(&c.per_hire_nok, "per_hire_nok"),
    );
    if problems.len() > before {
        return None;
    }
    Some(Measure {
        id: raw.id.clone(),
        name_nb: raw.name_nb.clone()?,
        name_en: raw.name_en.clone()?,
        task: task?,
        element: element?,
        description: raw.description.clone()?,
        evidence: raw.evidence.clone()?,
        description_nb: raw.description_nb.clone(),
        evidence_nb: raw.evidence_nb.clone(),
        effects: Effects {
            departure_hazard_multiplier: hazard.flatten(),
            time_to_fill_multiplier: fill.flatten(),
            extra_positions: extra as u32,
            list_length_change_patients: list.flatten(),
            locum_coverage_change: cover.flatten(),
            pipeline: pipeline.flatten(),
        },
        costs: Costs {
            one_off_nok: costs.0?,
            yearly_fixed_nok: costs.1?,
            per_doctor_per_year_nok: costs.2?,
            per_hire_nok: costs.3?,
        },
        ramp_up_years: ramp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_valid_and_covers_the_framework() {
        let (raw, problems) = crate::scenario::catalogue();
        assert!(problems.is_empty(), "{problems:#?}");
        let mut reg = ParamRegistry::default();
        let mut problems = Vec::new();
        let ms: Vec<Measure> = raw
            .iter()
            .filter_map(|(m, p)| measure(m, p, 5, &mut reg, &mut problems))
            .collect();
        assert!(problems.is_empty(), "{problems:#?}");
        let ids: Vec<&str> = ms.iter().map(|m| m.id.as_str()).collect();
        for needed in [
            "alis",
            "mentoring",
            "flexible_contracts",
            "more_positions",
            "family_support",
            "community_welcome",
            "student_placements",
            "recruitment_marketing",
            "regional_out_of_hours",
        ] {
            assert!(ids.contains(&needed), "{needed} missing");
        }
        for task in [Task::Plan, Task::Recruit, Task::Retain] {
            assert!(ms.iter().any(|m| m.task == task));
        }
        assert!(ms
            .iter()
            .all(|m| !m.evidence.is_empty() && !m.name_nb.is_empty() && !m.name_en.is_empty()));
        // Norwegian reports have Norwegian texts for every catalogue measure.
        assert!(ms
            .iter()
            .all(|m| m.description_nb.is_some() && m.evidence_nb.is_some()));
    }

    #[test]
    fn a_redefined_text_does_not_keep_the_catalogues_norwegian_one() {
        let (cat, _) = crate::scenario::catalogue();
        let base = &cat.iter().find(|(m, _)| m.id == "alis").unwrap().0;
        let mine: RawMeasure =
            toml::from_str("id = \"alis\"\ndescription = \"Our own ALIS posts.\"").unwrap();
        let merged = mine.merged_over(base);
        assert_eq!(merged.description.as_deref(), Some("Our own ALIS posts."));
        assert_eq!(merged.description_nb, None);
        assert_eq!(merged.evidence_nb, base.evidence_nb);
    }
}
