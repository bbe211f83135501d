//! The charts of a run: for each region (and each unit when there are few), a
//! fan of vacant positions (year average) with the observed starting point, and
//! a fan of locum costs in millions. Returns (file name, bytes) pairs, drawn in
//! parallel; never touches files.

use crate::chart::{fan, render_all, Format, Job};
use crate::model::Model;
use crate::output::numfmt::Lang;
use crate::stats::summary::Table;
use crate::stats::Metric;

/// Units get their own charts when there are at most this many.
const MAX_UNIT_CHARTS: usize = 20;

/// The series of a fan chart: entity `e`'s yearly P10, P25, P50, P75, P90 of
/// metric `m` times `scale`, by year index (for charts and snapshot tests).
pub fn fan_of(table: &Table, e: usize, m: Metric, scale: f64) -> Vec<fan::FanYear> {
    (0..table.years)
        .map(|y| {
            let s = table.year(e, y, m);
            (
                y as i32,
                s.p(0.10) * scale,
                s.p(0.25) * scale,
                s.p(0.50) * scale,
                s.p(0.75) * scale,
                s.p(0.90) * scale,
            )
        })
        .collect()
}

/// Every chart of the run, as PNG and SVG.
/// `png` is the PNG format (screen or print); an SVG is written beside each.
pub fn all(
    model: &Model,
    table: &Table,
    source: &str,
    png: Format,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    // GP services whose start state is SSB's 12005 figures (a kommune with data).
    let gp = |u: usize| model.units[u].role == crate::model::Role::Gp;
    let ssb = |u: usize| {
        gp(u)
            && model.units[u]
                .kommune
                .as_deref()
                .and_then(crate::data::municipality)
                .is_some_and(|m| m.gp.is_some())
    };
    let mut entities: Vec<(usize, String, String, u32, bool, bool)> = model
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                model.units.len() + i,
                r.id.clone(),
                r.name.clone(),
                r.members
                    .iter()
                    .map(|&u| model.units[u].initial_vacant)
                    .sum(),
                r.members.iter().all(|&u| gp(u)),
                r.members.iter().all(|&u| ssb(u)),
            )
        })
        .collect();
    if model.units.len() <= MAX_UNIT_CHARTS || model.regions.is_empty() {
        entities.extend(
            model
                .units
                .iter()
                .enumerate()
                .take(MAX_UNIT_CHARTS)
                .map(|(i, u)| {
                    (
                        i,
                        u.id.clone(),
                        u.name.clone(),
                        u.initial_vacant,
                        gp(i),
                        ssb(i),
                    )
                }),
        );
    }
    let (first, last) = (
        model.base_year,
        model.base_year + model.horizon_years as i32 - 1,
    );
    let caption = |from_ssb: bool| {
        match (lang, from_ssb) {
        (Lang::Nb, true) => format!("Kilde: framskriving med stabil {}, scenario {source}; startverdi: SSB tabell 12005.", env!("CARGO_PKG_VERSION")),
        (Lang::Nb, false) => format!("Kilde: framskriving med stabil {}, scenario {source}; startverdi: scenariofilen.", env!("CARGO_PKG_VERSION")),
        (Lang::En, true) => format!("Source: projection with stabil {}, scenario {source}; starting value: SSB table 12005.", env!("CARGO_PKG_VERSION")),
        (Lang::En, false) => format!("Source: projection with stabil {}, scenario {source}; starting value: the scenario file.", env!("CARGO_PKG_VERSION")),
    }
    };
    struct Spec {
        id: String,
        caption: String,
        vacancy: Vec<fan::FanYear>,
        cost: Vec<fan::FanYear>,
        /// Expected values (the tables' figures): vacancy, cost.
        means: [Vec<(i32, f64)>; 2],
        titles: (String, &'static str, String, &'static str),
        start: [(i32, f64); 1],
    }
    let mut specs = Vec::new();
    for (e, id, name, vacant0, all_gp, from_ssb) in entities {
        let caption = caption(from_ssb);
        let shift = |f: Vec<fan::FanYear>| -> Vec<fan::FanYear> {
            f.into_iter()
                .map(|x| (x.0 + model.base_year, x.1, x.2, x.3, x.4, x.5))
                .collect()
        };
        let vacancy = shift(fan_of(table, e, Metric::VacancyMonths, 1.0 / 12.0));
        let cost = shift(fan_of(table, e, Metric::LocumCostNok, 1e-6));
        let mean = |m: Metric, scale: f64| -> Vec<(i32, f64)> {
            (0..table.years)
                .map(|y| (model.base_year + y as i32, table.year(e, y, m).mean * scale))
                .collect()
        };
        let means = [
            mean(Metric::VacancyMonths, 1.0 / 12.0),
            mean(Metric::LocumCostNok, 1e-6),
        ];
        let (t1, y1, t2, y2) = match lang {
            Lang::Nb => (
                if all_gp {
                    format!("{name}: ledige fastlegehjemler {first}–{last} (snitt i året)")
                } else {
                    format!("{name}: ledige stillinger {first}–{last} (snitt i året)")
                },
                if all_gp {
                    "Ledige hjemler (snitt i året)"
                } else {
                    "Ledige stillinger (snitt i året)"
                },
                format!("{name}: vikarutgifter per år {first}–{last}"),
                "Millioner kroner per år",
            ),
            Lang::En => (
                if all_gp {
                    format!("{name}: vacant GP positions {first}–{last} (year average)")
                } else {
                    format!("{name}: vacant positions {first}–{last} (year average)")
                },
                "Vacant positions (year average)",
                format!("{name}: locum costs per year {first}–{last}"),
                "NOK million per year",
            ),
        };
        specs.push(Spec {
            id,
            caption,
            vacancy,
            cost,
            means,
            titles: (t1, y1, t2, y2),
            start: [(first, f64::from(vacant0))],
        });
    }
    let mut jobs: Vec<Job> = Vec::new();
    for s in &specs {
        let (t1, y1, t2, y2) = &s.titles;
        for format in [png, Format::SVG] {
            let ext = format.extension();
            jobs.push((
                format!("vacancy_{}.{ext}", s.id),
                Box::new(move || {
                    fan::render(
                        t1,
                        y1,
                        &s.vacancy,
                        &s.means[0],
                        &s.start,
                        false,
                        &s.caption,
                        format,
                        lang,
                    )
                }),
            ));
            jobs.push((
                format!("locum_cost_{}.{ext}", s.id),
                Box::new(move || {
                    fan::render(
                        t2,
                        y2,
                        &s.cost,
                        &s.means[1],
                        &[],
                        false,
                        &s.caption,
                        format,
                        lang,
                    )
                }),
            ));
        }
    }
    render_all(jobs)
}
