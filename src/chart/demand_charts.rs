//! Demand charts of a run: need versus positions over time, and the population's
//! age structure now and at the horizon (with 67+ and 80+ growth), per region and
//! per unit when there are few. Deterministic (from the model, not replicates).
//! Returns (file name, bytes) pairs; never touches files.

use crate::chart::{render_all, Format, Job, FONT, GREY, PALETTE};
use crate::demography::AgeSex;
use crate::model::{Model, Role};
use crate::output::need::population;
use crate::output::numfmt::{number, Lang};

/// Units get their own charts when there are at most this many.
const MAX_UNIT_CHARTS: usize = 20;
/// Age groups of the age-structure chart: (from, to exclusive).
pub const AGE_GROUPS: [(usize, usize); 10] = [
    (0, 10),
    (10, 20),
    (20, 30),
    (30, 40),
    (40, 50),
    (50, 60),
    (60, 70),
    (70, 80),
    (80, 90),
    (90, 200),
];

/// What a need chart shows: (year, need, positions in force on 1 January).
pub use crate::output::need::NeedYear;

/// Units and regions with a need: (id, name, need per year, population areas).
pub fn entities(model: &Model) -> Vec<(String, String, Vec<NeedYear>, Vec<String>)> {
    let series = |members: &[usize]| crate::output::need::series(model, members);
    let areas = |members: &[usize]| -> Vec<String> {
        let mut a: Vec<String> = members
            .iter()
            .flat_map(|&u| model.units[u].areas.clone())
            .collect();
        a.sort();
        a.dedup();
        a
    };
    let mut out = Vec::new();
    for r in &model.regions {
        if let Some(s) = series(&r.members) {
            out.push((r.id.clone(), r.name.clone(), s, areas(&r.members)));
        }
    }
    if model.units.len() <= MAX_UNIT_CHARTS || model.regions.is_empty() {
        for (i, u) in model.units.iter().enumerate().take(MAX_UNIT_CHARTS) {
            if let Some(s) = series(&[i]) {
                out.push((u.id.clone(), u.name.clone(), s, areas(&[i])));
            }
        }
    }
    out
}

/// Every demand chart of the model, as PNG (`png`) and SVG.
pub fn all(model: &Model, source: &str, png: Format, lang: Lang) -> Vec<(String, Vec<u8>)> {
    let caption = match lang {
        Lang::Nb => format!("Kilde: SSB tabell 07459, 14288 (MMMM), 12005; behov beregnet med stabil {}, scenario {source}.", env!("CARGO_PKG_VERSION")),
        Lang::En => format!("Source: SSB tables 07459, 14288 (MMMM), 12005; need computed with stabil {}, scenario {source}.", env!("CARGO_PKG_VERSION")),
    };
    // The age charts show population only: no GP figures, nothing computed
    // but the projection.
    let age_caption = match lang {
        Lang::Nb => format!("Kilde: SSB tabell 07459 og 14288 (MMMM); framskrevet med stabil {}, scenario {source}.", env!("CARGO_PKG_VERSION")),
        Lang::En => format!("Source: SSB tables 07459 and 14288 (MMMM); projected with stabil {}, scenario {source}.", env!("CARGO_PKG_VERSION")),
    };
    let last = model.base_year + model.horizon_years as i32 - 1;
    // What to draw, in file order: need charts, and an age chart per distinct population.
    enum Spec {
        /// File stem, title, series, and whether the positions are GP lists.
        Need(String, String, Vec<NeedYear>, bool),
        Age(String, String, Box<(AgeSex, AgeSex)>),
    }
    let mut specs = Vec::new();
    let mut drawn_areas: Vec<Vec<String>> = Vec::new();
    for (id, name, series, areas) in entities(model) {
        // GP services' positions are lists, "hjemler", as in the report's
        // need table beside the chart.
        let gp = match model.regions.iter().find(|r| r.id == id) {
            Some(r) => r.members.iter().all(|&u| model.units[u].role == Role::Gp),
            None => model.units.iter().any(|u| u.id == id && u.role == Role::Gp),
        };
        let positions = if gp { "hjemler" } else { "stillinger" };
        let title = match lang {
            Lang::Nb => format!("{name}: behov og {positions} {}–{last}", model.base_year),
            Lang::En => format!("{name}: need and positions {}–{last}", model.base_year),
        };
        specs.push(Spec::Need(format!("need_{id}"), title, series, gp));
        // One age chart per distinct population (hospital units share their region's).
        if drawn_areas.contains(&areas) {
            continue;
        }
        drawn_areas.push(areas.clone());
        if let (Some(now), Some(then)) = (
            population(model, &areas, model.base_year),
            population(model, &areas, last),
        ) {
            let title = match lang {
                Lang::Nb => format!(
                    "{name}: befolkning etter alder, {} og {last}",
                    model.base_year
                ),
                Lang::En => format!("{name}: population by age, {} and {last}", model.base_year),
            };
            specs.push(Spec::Age(format!("age_{id}"), title, Box::new((now, then))));
        }
    }
    let (caption, age_caption) = (&caption, &age_caption);
    let mut jobs: Vec<Job> = Vec::new();
    for spec in &specs {
        for f in [png, Format::SVG] {
            let ext = f.extension();
            jobs.push(match spec {
                Spec::Need(stem, title, series, gp) => (
                    format!("{stem}.{ext}"),
                    Box::new(move || need_chart(title, series, *gp, caption, f, lang)),
                ),
                Spec::Age(stem, title, ages) => (
                    format!("{stem}.{ext}"),
                    Box::new(move || {
                        age_chart(
                            title,
                            (model.base_year, &ages.0),
                            (last, &ages.1),
                            age_caption,
                            f,
                            lang,
                        )
                    }),
                ),
            });
        }
    }
    render_all(jobs)
}

/// Need (line) and positions (steps) per year; `gp`: the positions are GP
/// lists ("hjemler" in Norwegian).
pub fn need_chart(
    title: &str,
    series: &[NeedYear],
    gp: bool,
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    // Year Y is 1 January of Y: need is for that day's population, and the
    // positions in force from it run to 1 January of Y + 1.
    // Both lines end on 1 January of the last year (the positions' step
    // for that year is not drawn on past it: it ran beyond the need line).
    let last = series.last().map_or(2026, |s| s.0) as f64;
    let (x0, x1) = (series.first().map_or(2025, |s| s.0) as f64, last + 0.5);
    // From zero: a zoomed axis (34 to 43) made a rise from 38 to 40.5 look
    // steep (fresh-eyes review, session 11). Room above for the key.
    let hi = series
        .iter()
        .map(|s| s.1.max(f64::from(s.2)))
        .fold(0.0, f64::max);
    let top = (hi * 1.3).max(1.0);
    let (need_l, pos_l, y_desc) = match lang {
        Lang::Nb if gp => ("behov (årsverk)", "hjemler 1. januar", "årsverk / hjemler"),
        Lang::Nb => (
            "behov (årsverk)",
            "stillinger 1. januar",
            "årsverk / stillinger",
        ),
        Lang::En => (
            "need (full-time equivalents)",
            "positions on 1 January",
            "FTEs / positions",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = crate::chart::frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, title, 70.0, s)
            .build_cartesian_2d(x0..x1, 0.0..top)
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .y_desc(y_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .x_labels(crate::chart::YEAR_LABELS)
            .x_label_formatter(&|v| format!("{}", v.round() as i64))
            .y_label_formatter(&|v| crate::chart::tick(*v, lang))
            .draw()
            .expect("mesh");
        let (blue, orange) = (PALETTE[0], PALETTE[1]);
        chart
            .draw_series(LineSeries::new(
                series.iter().map(|p| (f64::from(p.0), p.1)),
                blue.stroke_width((2.5 * s) as u32),
            ))
            .expect("need")
            .label(need_l)
            .legend(move |(x, y)| crate::chart::key_line(x, y, s, blue));
        let steps: Vec<(f64, f64)> = series
            .iter()
            .flat_map(|p| {
                [
                    (f64::from(p.0), f64::from(p.2)),
                    ((f64::from(p.0) + 1.0).min(last), f64::from(p.2)),
                ]
            })
            .collect();
        chart
            .draw_series(LineSeries::new(
                steps,
                orange.stroke_width((2.5 * s) as u32),
            ))
            .expect("positions")
            .label(pos_l)
            .legend(move |(x, y)| crate::chart::key_line(x, y, s, orange));
        crate::chart::legend(&mut chart, s);
    })
}

/// Persons per age group (`AGE_GROUPS`): the series of the age-structure chart.
pub fn age_groups(p: &AgeSex) -> Vec<f64> {
    AGE_GROUPS.iter().map(|(a, b)| p.sum_ages(*a, *b)).collect()
}

/// Persons per age group in two years, side by side, with 67+ and 80+ growth.
pub fn age_chart(
    title: &str,
    now: (i32, &AgeSex),
    then: (i32, &AgeSex),
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let (g0, g1) = (age_groups(now.1), age_groups(then.1));
    let top = g0.iter().chain(&g1).fold(0.0f64, |a, b| a.max(*b)) * 1.35 + 1e-9;
    let growth = |from: usize| {
        let (a, b) = (now.1.sum_ages(from, 200), then.1.sum_ages(from, 200));
        format!(
            "{from}+: {} → {} ({}{} %)",
            number(a, 0, lang),
            number(b, 0, lang),
            if b >= a { "+" } else { "" },
            number(100.0 * (b / a.max(1.0) - 1.0), 0, lang)
        )
    };
    let note = format!("{}   {}", growth(67), growth(80));
    let labels: Vec<String> = AGE_GROUPS
        .iter()
        .map(|(a, b)| {
            if *b > 105 {
                format!("{a}+")
            } else {
                format!("{a}–{}", b - 1)
            }
        })
        .collect();
    let y_desc = match lang {
        Lang::Nb => "personer",
        Lang::En => "persons",
    };
    crate::render_chart!(format, |root, s| {
        let main = crate::chart::frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, title, 80.0, s)
            .build_cartesian_2d(-0.5..(AGE_GROUPS.len() as f64 - 0.5), 0.0..top)
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .disable_x_mesh()
            .x_labels(AGE_GROUPS.len())
            .y_desc(y_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .x_label_formatter(&|v| {
                let i = v.round();
                if (v - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| number(*v, 0, lang))
            .draw()
            .expect("mesh");
        for (k, (year, vals, colour)) in [(now.0, &g0, PALETTE[5]), (then.0, &g1, PALETTE[0])]
            .into_iter()
            .enumerate()
        {
            let off = if k == 0 { -0.38 } else { 0.02 };
            chart
                .draw_series(vals.iter().enumerate().map(|(i, v)| {
                    Rectangle::new(
                        [(i as f64 + off, 0.0), (i as f64 + off + 0.36, *v)],
                        colour.filled(),
                    )
                }))
                .expect("bars")
                .label(year.to_string())
                .legend(move |(x, y)| crate::chart::key_box(x, y, s, colour.filled()));
        }
        crate::chart::legend(&mut chart, s);
        main.draw_text(
            &note,
            &(FONT, 16.0 * s).into_font().color(&GREY), // Inside the plot's empty top, right of the y axis, left of the legend.
            ((115.0 * s) as i32, (58.0 * s) as i32),
        )
        .expect("note");
    })
}
