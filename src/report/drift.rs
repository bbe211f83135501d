//! The report's note on where the projection starts and where it settles:
//! the vacant positions on 1 January of the base year against the model's
//! year-average band a few years on, for the summarised regions and every
//! unit. A unit starts from its own count but moves towards the level its
//! turnover and time-to-fill assumptions give (for municipalities without
//! their own figures, the defaults of their size class), so a start far
//! outside that band says the assumptions do not fit the place, and the later
//! figures are those of the assumptions. Pure: model and results in, blocks
//! out; never draws, never reads files.

use super::Block;
use crate::model::Model;
use crate::output::numfmt::{and_list, number, span, Lang};
use crate::output::staff::Staff;
use crate::stats::summary::Table;
use crate::stats::Metric;

/// Entities named in the note at most; the rest are counted.
const NAMED: usize = 8;
/// How far (positions) outside its band a start must lie to be named.
const MARGIN: f64 = 0.5;

/// Vacant positions on 1 January of the base year in entity `e` (units
/// first, then regions, by index).
fn vacant_at_start(model: &Model, e: usize) -> u32 {
    match model.units.get(e) {
        Some(u) => u.initial_vacant,
        None => model.regions[e - model.units.len()]
            .members
            .iter()
            .map(|&i| model.units[i].initial_vacant)
            .sum(),
    }
}

/// The note, or nothing when every summarised entity and every unit starts
/// inside (or within `MARGIN` of) the P10–P90 band of its year-average vacant
/// positions in the first milestone year (or the run has no such year).
/// Regions first, in their order; then units, those furthest from their mean
/// first.
pub fn section(model: &Model, table: &Table, lang: Lang) -> Vec<Block> {
    let Some(&year) = crate::output::table::milestone_years(model).first() else {
        return Vec::new();
    };
    let t = (year - model.base_year) as usize;
    let shown = crate::output::table::summary_entities(model);
    let units = model
        .units
        .iter()
        .enumerate()
        .filter(|(e, _)| !shown.iter().any(|(s, _)| s == e))
        .map(|(e, u)| (e, u.name.as_str()));
    // (entity is a unit, distance from the mean, text)
    let mut outside: Vec<(bool, f64, String)> = shown
        .iter()
        .copied()
        .chain(units)
        .filter_map(|(e, name)| {
            let s = table.year(e, t, Metric::VacancyMonths);
            let (lo, hi, mean) = (s.p(0.1) / 12.0, s.p(0.9) / 12.0, s.mean / 12.0);
            let start = f64::from(vacant_at_start(model, e));
            // By more than half a position: a whole count against a year
            // average (0 against a P10 of 0.04 is no news).
            (start < lo - MARGIN || start > hi + MARGIN).then(|| {
                let band = span(&number(lo, 1, lang), &number(hi, 1, lang), lang);
                let (m, v) = (number(mean, 1, lang), number(start, 0, lang));
                let text = match lang {
                    Lang::Nb => format!("{name} fra {v} til {m} ({band})"),
                    Lang::En => format!("{name} from {v} to {m} ({band})"),
                };
                (e < model.units.len(), (start - mean).abs(), text)
            })
        })
        .collect();
    // Stable: regions keep their order ahead of the units.
    outside.sort_by(|a, b| {
        a.0.cmp(&b.0).then(if a.0 {
            b.1.total_cmp(&a.1)
        } else {
            std::cmp::Ordering::Equal
        })
    });
    let outside: Vec<String> = outside.into_iter().map(|x| x.2).collect();
    if outside.is_empty() {
        return Vec::new();
    }
    let mut named: Vec<String> = outside.iter().take(NAMED).cloned().collect();
    if outside.len() > NAMED {
        let rest = number((outside.len() - NAMED) as f64, 0, lang);
        named.push(match lang {
            Lang::Nb => format!("{rest} andre"),
            Lang::En => format!("{rest} more"),
        });
    }
    let list = and_list(&named, lang);
    // "Ledige hjemler" / "Vacant positions": starts the sentence.
    let vacant = Staff::of_model(model).vacant(lang);
    vec![Block::Text(match lang {
        Lang::Nb => format!(
            "Startverdien ligger utenfor modellens nivå. {vacant} går fra antallet 1. januar {} til snittet i {year} (P10–P90): {list}. \
             Modellen starter fra hver enhets eget antall, men nærmer seg på få år det nivået forutsetningene om avgang og tid før stillingen besettes gir \
             (for kommuner uten egne tall: standardverdiene for kommunestørrelsen). For dem som er nevnt her, passer forutsetningene dårlig, \
             og tallene derfra viser forutsetningene, ikke stedets egen utvikling. Med stedets egen historikk over leger som har begynt og sluttet kan `stabil calibrate` anslå avgangen.",
            model.base_year
        ),
        Lang::En => format!(
            "The start lies outside the model's level. {vacant} go from the count on 1 January {} to the mean in {year} (P10–P90): {list}. \
             The model starts from each unit's own count, but within a few years moves towards the level that its assumptions on departures and time to fill give \
             (for municipalities without their own figures: the defaults of their size class). For those named here the assumptions fit poorly, \
             and the figures from then on show the assumptions, not the place's own course. With the place's own history of doctors who started and left, `stabil calibrate` can estimate the departures.",
            model.base_year
        ),
    })]
}
