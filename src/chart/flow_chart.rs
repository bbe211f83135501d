//! A heat map of a labour market's flows: expected number of doctors moving from
//! each unit (rows, plus "outside the region") to each unit (columns, plus
//! "outside") over the whole horizon, with the number in each cell. Returns
//! bytes; never touches files.

use crate::chart::{Format, FONT, GREY, PALETTE};
use crate::model::Model;
use crate::output::numfmt::{number, Lang};
use crate::stats::flows::FlowStats;

/// Expected moves over the horizon: `m[from][to]` (index n = outside).
pub fn matrix(f: &FlowStats) -> Vec<Vec<f64>> {
    (0..=f.n)
        .map(|from| (0..=f.n).map(|to| (0..f.years).map(|y| f.cell(y, from, to).mean()).sum()).collect())
        .collect()
}

/// Every market's heat map, as PNG (`png`) and SVG.
pub fn all(model: &Model, flows: &[FlowStats], source: &str, png: Format, lang: Lang) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
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
            Lang::Nb => format!("{}: forventet antall leger som flytter, {}–{last}", market.name, model.base_year),
            Lang::En => format!("{}: expected number of doctors moving, {}–{last}", market.name, model.base_year),
        };
        let caption = match lang {
            Lang::Nb => format!("Rader: fra; kolonner: til. Framskriving med stabil {}, scenario {source}; antakelser om arbeidsmarkedet i scenariofilen.", env!("CARGO_PKG_VERSION")),
            Lang::En => format!("Rows: from; columns: to. Projection with stabil {}, scenario {source}; labour-market assumptions in the scenario file.", env!("CARGO_PKG_VERSION")),
        };
        let m = matrix(f);
        for fmt in [png, Format::SVG] {
            out.push((format!("flows_{}.{}", market.id, fmt.extension()), heat_map(&title, &names, &m, &caption, fmt, lang)));
        }
    }
    out
}

/// Draws the matrix `m` with row and column labels `names`.
pub fn heat_map(title: &str, names: &[String], m: &[Vec<f64>], caption: &str, format: Format, lang: Lang) -> Vec<u8> {
    let n = names.len();
    let max = m.iter().flatten().fold(0.0f64, |a, b| a.max(*b)).max(1e-9);
    let short = |s: &str| -> String {
        if s.chars().count() > 22 { format!("{}…", s.chars().take(21).collect::<String>()) } else { s.to_string() }
    };
    crate::render_chart!(format, |root, s| {
        let main = crate::chart::frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, title, 190.0, s)
            .x_label_area_size((110.0 * s) as u32)
            .build_cartesian_2d(0.0..n as f64, 0.0..n as f64)
            .expect("chart");
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(n)
            .y_labels(n)
            .label_style((FONT, 13.0 * s).into_font())
            .x_label_formatter(&|v| {
                let i = (v - 0.5).round();
                if (v - 0.5 - i).abs() < 1e-6 && i >= 0.0 { names.get(i as usize).map(|x| short(x)).unwrap_or_default() } else { String::new() }
            })
            .y_label_formatter(&|v| {
                // Row 0 at the top.
                let i = (n as f64 - 0.5 - v).round();
                if (n as f64 - 0.5 - v - i).abs() < 1e-6 && i >= 0.0 { names.get(i as usize).map(|x| short(x)).unwrap_or_default() } else { String::new() }
            })
            .x_label_style((FONT, 13.0 * s).into_font().transform(FontTransform::Rotate90))
            .draw()
            .expect("mesh");
        let blue = PALETTE[0];
        for (from, row) in m.iter().enumerate() {
            for (to, v) in row.iter().enumerate() {
                let (x, y) = (to as f64, (n - 1 - from) as f64);
                let colour = if from == to { RGBColor(240, 240, 240).filled() } else { blue.mix(0.08 + 0.85 * v / max).filled() };
                chart.draw_series(std::iter::once(Rectangle::new([(x, y), (x + 1.0, y + 1.0)], colour))).expect("cell");
                if from != to && *v >= 0.05 {
                    let text = if v / max > 0.55 { WHITE } else { GREY };
                    chart
                        .draw_series(std::iter::once(Text::new(
                            number(*v, 1, lang),
                            (x + 0.35, y + 0.62),
                            (FONT, 14.0 * s).into_font().color(&text),
                        )))
                        .expect("value");
                }
            }
        }
    })
}
