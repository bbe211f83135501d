//! A heat map of a labour market's flows: expected number of doctors moving from
//! each unit (rows, plus "outside the region") to each unit (columns, plus
//! "outside") over the whole horizon, with the number in each cell (colour by
//! the square root, so small flows stay visible beside large ones). Returns
//! bytes; never touches files.

use plotters::coord::ranged1d::SegmentValue;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::chart::{render_all, Format, Job, FONT, GREY, PALETTE};
use crate::model::Model;
use crate::output::numfmt::{number, Lang};
use crate::stats::flows::FlowStats;

/// Expected moves over the horizon: `m[from][to]` (index n = outside).
pub fn matrix(f: &FlowStats) -> Vec<Vec<f64>> {
    (0..=f.n)
        .map(|from| {
            (0..=f.n)
                .map(|to| (0..f.years).map(|y| f.cell(y, from, to).mean()).sum())
                .collect()
        })
        .collect()
}

/// Every market's heat map, as PNG (`png`) and SVG.
pub fn all(
    model: &Model,
    flows: &[FlowStats],
    source: &str,
    png: Format,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    let mut specs = Vec::new();
    let last = model.base_year + model.horizon_years as i32 - 1;
    for (k, f) in flows.iter().enumerate().filter(|(_, f)| f.years > 0) {
        let market = &model.markets[k];
        let outside = match lang {
            Lang::Nb => "utenfor regionen",
            Lang::En => "outside the region",
        };
        let names: Vec<String> = market
            .members
            .iter()
            .map(|&u| model.units[u].name.clone())
            .chain(std::iter::once(outside.to_string()))
            .collect();
        let title = match lang {
            Lang::Nb => format!(
                "{}: forventet antall leger som flytter, {}–{last}",
                market.name, model.base_year
            ),
            Lang::En => format!(
                "{}: expected number of doctors moving, {}–{last}",
                market.name, model.base_year
            ),
        };
        let caption = match lang {
            Lang::Nb => format!("Rader: fra; kolonner: til. Framskriving med stabil {}, scenario {source}; antakelser om arbeidsmarkedet i scenariofilen.", env!("CARGO_PKG_VERSION")),
            Lang::En => format!("Rows: from; columns: to. Projection with stabil {}, scenario {source}; labour-market assumptions in the scenario file.", env!("CARGO_PKG_VERSION")),
        };
        specs.push((market.id.clone(), title, names, matrix(f), caption));
    }
    let mut jobs: Vec<Job> = Vec::new();
    for (id, title, names, m, caption) in &specs {
        for fmt in [png, Format::SVG] {
            jobs.push((
                format!("flows_{id}.{}", fmt.extension()),
                Box::new(move || heat_map(title, names, m, caption, fmt, lang)),
            ));
        }
    }
    render_all(jobs)
}

/// Draws the matrix `m` with row and column labels `names`.
pub fn heat_map(
    title: &str,
    names: &[String],
    m: &[Vec<f64>],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let n = names.len() as i32;
    let (outside_short, from_label, to_label) = match lang {
        Lang::Nb => (
            "ut",
            "fra",
            "til (nummer som i radene; ut = utenfor regionen)",
        ),
        Lang::En => (
            "out",
            "from",
            "to (numbers as in the rows; out = outside the region)",
        ),
    };
    let max = m.iter().flatten().fold(0.0f64, |a, b| a.max(*b)).max(1e-9);
    let short = |s: &str| crate::chart::short_label(s, 30);
    // Rows carry "k name"; columns only k (the last one "ut": outside).
    let label = |v: &SegmentValue<i32>, rows: bool| -> String {
        match v {
            SegmentValue::CenterOf(i) if (0..n).contains(i) => {
                let k = if rows { n - 1 - i } else { *i };
                let last = k == n - 1;
                match (rows, last) {
                    (true, true) => short(&names[k as usize]),
                    (true, false) => format!("{} {}", k + 1, short(&names[k as usize])),
                    (false, true) => outside_short.to_string(),
                    (false, false) => (k + 1).to_string(),
                }
            }
            _ => String::new(),
        }
    };
    crate::render_chart!(format, |root, s| {
        let main = crate::chart::frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, title, 250.0, s)
            // A segmented range a..b has a segment for b too: 0..n-1 gives n cells.
            .build_cartesian_2d((0..n - 1).into_segmented(), (0..n - 1).into_segmented())
            .expect("chart");
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(n as usize)
            .y_labels(n as usize)
            .label_style((FONT, 13.0 * s).into_font())
            .x_label_formatter(&|v| label(v, false))
            .y_label_formatter(&|v| label(v, true))
            .x_desc(to_label)
            .y_desc(from_label)
            .axis_desc_style((FONT, 15.0 * s).into_font())
            .draw()
            .expect("mesh");
        let blue = PALETTE[0];
        for (from, row) in m.iter().enumerate() {
            for (to, v) in row.iter().enumerate() {
                // Row `from` counted from the top.
                let (x, y) = (to as i32, n - 1 - from as i32);
                let colour = if from == to {
                    RGBColor(240, 240, 240).filled()
                } else {
                    blue.mix(0.08 + 0.85 * (v / max).sqrt()).filled()
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [
                            (SegmentValue::Exact(x), SegmentValue::Exact(y)),
                            (SegmentValue::Exact(x + 1), SegmentValue::Exact(y + 1)),
                        ],
                        colour,
                    )))
                    .expect("cell");
                if from != to && *v >= 0.05 {
                    let text = if (v / max).sqrt() > 0.6 { WHITE } else { GREY };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            number(*v, 1, lang),
                            (SegmentValue::CenterOf(x), SegmentValue::CenterOf(y)),
                            (FONT, 14.0 * s)
                                .into_font()
                                .color(&text)
                                .pos(Pos::new(HPos::Center, VPos::Center)),
                        )))
                        .expect("value");
                }
            }
        }
    })
}
