//! Charts 6 and 7 and the cumulative cost fan: the share of doctors still in
//! post per scenario (from `sim::survival`), the tornado of Spearman rank
//! correlations between the uncertain parameters and the cumulative locum cost
//! (from `stats::tornado`), and the fan of that cumulative cost. Each has a
//! `*_series` function giving the plotted data (for snapshot tests) and a
//! renderer returning bytes; nothing here writes files.

use crate::chart::{fan, frame, Format, FONT, GREY, PALETTE};
use crate::model::Model;
use crate::output::numfmt::{number, Lang};
use crate::output::param_words::{acts_in_baseline, param_label};
use crate::stats::tornado::{self, Sample};

/// Shown in the tornado at most.
pub const MAX_BARS: usize = 12;

/// The tornado's bars: (label, ρ), largest |ρ| first, at most `MAX_BARS`, for
/// the parameters that act in the baseline (the run's outcome).
pub fn tornado_series(model: &Model, samples: &[Sample], lang: Lang) -> Vec<(String, f64)> {
    tornado::drivers(samples, model.uncertain.len())
        .into_iter()
        .filter(|(p, _)| acts_in_baseline(model, &model.uncertain[*p].path))
        .take(MAX_BARS)
        .map(|(p, rho)| (param_label(model, &model.uncertain[p].path, lang), rho))
        .collect()
}

/// The cumulative fan in millions of kroner, by calendar year.
pub fn cumulative_series(model: &Model, samples: &[Sample]) -> Vec<fan::FanYear> {
    tornado::cumulative_fan(samples, model.horizon_years as usize)
        .into_iter()
        .enumerate()
        .map(|(y, q)| {
            (
                model.base_year + y as i32,
                q[0] / 1e6,
                q[1] / 1e6,
                q[2] / 1e6,
                q[3] / 1e6,
                q[4] / 1e6,
            )
        })
        .collect()
}

/// Fan of the cumulative locum cost of all units.
pub fn cumulative(
    model: &Model,
    samples: &[Sample],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let last = model.base_year + model.horizon_years as i32 - 1;
    let (title, y) = match lang {
        Lang::Nb => (
            format!(
                "Samlede vikarutgifter fra {} (alle enheter)",
                model.base_year
            ),
            "Mill. kr, summert",
        ),
        Lang::En => (
            format!(
                "Cumulative locum costs from {} (all units)",
                model.base_year
            ),
            "NOK million, cumulative",
        ),
    };
    let _ = last;
    fan::render(
        &title,
        y,
        &cumulative_series(model, samples),
        &[],
        &[],
        false,
        caption,
        format,
        lang,
    )
}

/// Width kept for the tornado's labels at least and at most (pixels of a
/// 1000-pixel-wide chart), so the bars always have room.
const LABEL_ROOM_MIN: f64 = 200.0;
const LABEL_ROOM_MAX: f64 = 560.0;

/// The tornado chart: horizontal bars of Spearman's ρ.
pub fn tornado_chart(
    model: &Model,
    samples: &[Sample],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let rows = tornado_series(model, samples, lang);
    // At least six slots, so that a few bars stay bars (from the top down).
    let n = rows.len().max(6);
    let (title, x_desc) = match lang {
        Lang::Nb => (
            "Hva driver de samlede vikarutgiftene?",
            "Rangkorrelasjon (Spearman) med samlede vikarutgifter",
        ),
        Lang::En => (
            "What drives the cumulative locum costs?",
            "Rank correlation (Spearman) with cumulative locum costs",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = frame(&root, caption, s);
        // Room for the longest label, within limits: labels longer than the
        // widest room are shortened (keeping their start and the parameter at
        // their end), never cut off at the chart's edge.
        let font = (FONT, 15.0 * s).into_font();
        let width = |t: &str| f64::from(font.box_size(t).map_or(0, |(w, _)| w));
        let widest = LABEL_ROOM_MAX * s - 14.0 * s;
        let labels: Vec<String> = rows
            .iter()
            .map(|(l, _)| crate::chart::fit_label(l, widest, &width))
            .collect();
        let room = labels
            .iter()
            .map(|l| width(l) + 14.0 * s)
            .fold(LABEL_ROOM_MIN * s, f64::max);
        let mut chart = crate::chart::builder(&main, title, room / s, s)
            // The last tick label (1,00) is centred on the right edge.
            .margin_right((30.0 * s) as u32)
            .build_cartesian_2d(-1.0..1.0, -0.5..(n as f64 - 0.5))
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .disable_y_mesh()
            // Rows without a bar would keep their tick marks: the labels name
            // the bars, no tick is needed.
            .set_tick_mark_size(plotters::chart::LabelAreaPosition::Left, 0)
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 0.01
                    && i >= 0.0
                    && (i as usize) < n
                    && (i as usize) >= n - rows.len()
                {
                    // Two spaces keep the label off the axis (no tick between).
                    format!("{}  ", labels[n - 1 - i as usize])
                } else {
                    String::new()
                }
            })
            .x_labels(9)
            .x_label_formatter(&|x| crate::chart::tick(*x, lang))
            .x_desc(x_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .draw()
            .expect("mesh");
        for (k, (_, rho)) in rows.iter().enumerate() {
            let y = (n - 1 - k) as f64;
            let colour = if *rho >= 0.0 { PALETTE[3] } else { PALETTE[0] };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.32), (*rho, y + 0.32)],
                    colour.mix(0.85).filled(),
                )))
                .expect("bar");
            let (x, anchor) = if *rho >= 0.0 {
                (*rho + 0.02, 0)
            } else {
                (*rho - 0.02, 1)
            };
            let label = number(*rho, 2, lang);
            // As large as the axis labels: smaller, a decimal comma drawn in a
            // pixel or two looks like a point on screen.
            let style = (FONT, 15.0 * s).into_font().color(&GREY);
            let style = if anchor == 0 {
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                ))
            } else {
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Center,
                ))
            };
            chart
                .draw_series(std::iter::once(Text::new(label, (x, y), style)))
                .expect("value");
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                BLACK.stroke_width(1),
            )))
            .expect("zero");
        if rows.len() < 3 {
            // One bar over an empty chart looked broken (fresh-eyes review,
            // session 11): say why the rest is empty, below the bars.
            let note = match (lang, rows.len()) {
                (Lang::Nb, 0) => {
                    "Ingen av forutsetningene er usikre i dette scenarioet.".to_string()
                }
                (Lang::Nb, k) => format!(
                    "Bare {} av forutsetningene er usikre i dette scenarioet;",
                    if k == 1 { "én" } else { "to" }
                ),
                (Lang::En, 0) => {
                    "None of the assumptions is uncertain in this scenario.".to_string()
                }
                (Lang::En, k) => format!(
                    "Only {} of the assumptions {} uncertain in this scenario;",
                    if k == 1 { "one" } else { "two" },
                    if k == 1 { "is" } else { "are" }
                ),
            };
            let more = match lang {
                Lang::Nb => "de andre er faste tall. Gi flere et spenn i scenariofilen for å se dem her.",
                Lang::En => "the others are fixed numbers. Give more of them a range in the scenario file to see them here.",
            };
            let style = (FONT, 15.0 * s).into_font().color(&GREY).pos(
                plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Center,
                    plotters::style::text_anchor::VPos::Center,
                ),
            );
            let y = (n - rows.len()) as f64 / 2.0 - 0.5;
            // On white, over the grid and the zero line.
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(-0.98, y - 0.4), (0.98, y + 0.4)],
                    WHITE.filled(),
                )))
                .expect("note ground");
            for (line, dy) in [(note.as_str(), 0.15), (more, -0.15)] {
                chart
                    .draw_series(std::iter::once(Text::new(
                        line.to_string(),
                        (0.0, y + dy),
                        style.clone(),
                    )))
                    .expect("note");
            }
        }
    })
}

/// Names of the scenarios in order: baseline, then the variants.
pub fn scenario_names(model: &Model, lang: Lang) -> Vec<String> {
    std::iter::once(match lang {
        Lang::Nb => "Dagens situasjon".to_string(),
        Lang::En => "Baseline".to_string(),
    })
    .chain(model.variants.iter().map(|v| v.name.clone()))
    .collect()
}

/// Each package's name with the share of positions its measures reach when
/// that is not all of them ("… (4 av 37 hjemler)"): the curves are weighted
/// by every unit's positions, so a package for two small municipalities
/// barely moves its curve, and looked like it did nothing (fresh-eyes
/// review, session 11).
fn with_coverage(model: &Model, names: Vec<String>, lang: Lang) -> Vec<String> {
    let positions = |u: usize| model.units[u].positions.initial;
    let total: u32 = (0..model.units.len()).map(positions).sum();
    let noun = crate::output::staff::Staff::of_model(model)
        .positions(lang)
        .to_lowercase();
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let Some(v) = i.checked_sub(1).map(|v| &model.variants[v]) else {
                return name;
            };
            let mut units: Vec<usize> = v
                .uses
                .iter()
                .flat_map(|u| u.units.iter().copied())
                .collect();
            units.sort_unstable();
            units.dedup();
            let reached: u32 = units.iter().map(|&u| positions(u)).sum();
            if v.uses.is_empty() || reached >= total {
                return name;
            }
            match lang {
                Lang::Nb => format!("{name} ({reached} av {total} {noun})"),
                Lang::En => format!("{name} ({reached} of {total} {noun})"),
            }
        })
        .collect()
}

/// Share still in post by years since start, one line per scenario.
pub fn retention(
    model: &Model,
    curves: &[crate::sim::survival::Curve],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let names = with_coverage(model, scenario_names(model, lang), lang);
    let max_x = curves.first().and_then(|c| c.last()).map_or(15.0, |p| p.0);
    let people = crate::output::staff::Staff::of_model(model).people(lang);
    let (title, x_desc, y_desc) = match lang {
        Lang::Nb => (
            format!("Andel nye {people} fortsatt i stillingen (modell)"),
            "År siden start",
            "Andel",
        ),
        Lang::En => (
            format!("Share of new {people} still in post (model)"),
            "Years since start",
            "Share",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, &title, 70.0, s)
            .build_cartesian_2d(0.0..max_x, 0.0..1.0)
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .y_label_formatter(&|v| format!("{} %", number(v * 100.0, 0, lang)))
            .x_label_formatter(&|v| number(*v, 0, lang))
            .draw()
            .expect("mesh");
        // Earlier lines are drawn wider, so a line that coincides with a later one
        // still shows at its edges.
        let n = curves.len().min(names.len());
        for (i, (c, name)) in curves.iter().zip(&names).enumerate() {
            let colour = if i == 0 {
                GREY
            } else {
                PALETTE[(i - 1) % PALETTE.len()]
            };
            let width = (2.0 + 1.0 * (n - 1 - i) as f64) * s;
            chart
                .draw_series(LineSeries::new(
                    c.iter().copied(),
                    colour.stroke_width(width as u32),
                ))
                .expect("curve")
                .label(name.clone())
                .legend(move |(x, y)| crate::chart::key_line(x, y, s, colour));
        }
        crate::chart::legend(&mut chart, s);
    })
}
