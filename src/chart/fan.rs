//! A fan chart of a projected yearly metric (median, P25-P75 and P10-P90 bands),
//! optionally with the expected value (the mean, which the tables show) as a
//! dashed line, and observed values as points: the annual evaluation's picture.

use crate::chart::{Format, FONT, PALETTE};
use crate::output::numfmt::Lang;

/// One year of the projection: (year, p10, p25, p50, p75, p90).
pub type FanYear = (i32, f64, f64, f64, f64, f64);

/// Renders the fan for `title` with the expected values `mean` (empty: none
/// drawn) and observations `(year, value)`.
/// `integer`: the metric is a count, so only whole-number ticks are labelled.
#[allow(clippy::too_many_arguments)]
pub fn render(
    title: &str,
    y_desc: &str,
    fan: &[FanYear],
    mean: &[(i32, f64)],
    observed: &[(i32, f64)],
    integer: bool,
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let (x0, x1) = (
        fan.first().map_or(2025, |f| f.0) as f64 - 0.5,
        fan.last().map_or(2026, |f| f.0) as f64 + 0.5,
    );
    let top = fan
        .iter()
        .map(|f| f.5)
        .chain(observed.iter().chain(mean).map(|o| o.1))
        .fold(0.0f64, f64::max)
        * 1.45
        + 1e-9;
    let (median_l, mean_l, inner_l, outer_l, obs_l) = match lang {
        Lang::Nb => (
            "framskrevet median",
            "forventet verdi (snitt, som i tabellene)",
            "50 % sannsynlig (P25–P75)",
            "80 % sannsynlig (P10–P90)",
            "observert",
        ),
        Lang::En => (
            "projected median",
            "expected value (mean, as in the tables)",
            "50 % likely (P25–P75)",
            "80 % likely (P10–P90)",
            "observed",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = crate::chart::frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, title, 80.0, s)
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
            // Counts get whole-number ticks only.
            .y_label_formatter(&|v| {
                if integer && v.fract().abs() > 1e-9 {
                    String::new()
                } else {
                    crate::chart::tick(*v, lang)
                }
            })
            .draw()
            .expect("mesh");
        let blue = PALETTE[0];
        let band = |lo: fn(&FanYear) -> f64, hi: fn(&FanYear) -> f64| -> Vec<(f64, f64)> {
            fan.iter()
                .map(|f| (f64::from(f.0), hi(f)))
                .chain(fan.iter().rev().map(|f| (f64::from(f.0), lo(f))))
                .collect()
        };
        chart
            .draw_series(std::iter::once(Polygon::new(
                band(|f| f.1, |f| f.5),
                blue.mix(0.15),
            )))
            .expect("outer")
            .label(outer_l)
            .legend(move |(x, y)| crate::chart::key_box(x, y, s, blue.mix(0.15).filled()));
        chart
            .draw_series(std::iter::once(Polygon::new(
                band(|f| f.2, |f| f.4),
                blue.mix(0.3),
            )))
            .expect("inner")
            .label(inner_l)
            .legend(move |(x, y)| crate::chart::key_box(x, y, s, blue.mix(0.3).filled()));
        chart
            .draw_series(LineSeries::new(
                fan.iter().map(|f| (f64::from(f.0), f.3)),
                blue.stroke_width((2.5 * s) as u32),
            ))
            .expect("median")
            .label(median_l)
            .legend(move |(x, y)| crate::chart::key_line(x, y, s, blue));
        if !mean.is_empty() {
            // Dark blue and dashed: beside the median, not mistaken for it.
            let dark = RGBColor(20, 40, 90);
            chart
                .draw_series(DashedLineSeries::new(
                    mean.iter().map(|m| (f64::from(m.0), m.1)),
                    (8.0 * s) as u32,
                    (5.0 * s) as u32,
                    dark.stroke_width((2.0 * s) as u32),
                ))
                .expect("mean")
                .label(mean_l)
                .legend(move |(x, y)| {
                    plotters::element::DashedPathElement::new(
                        vec![(x, y), (x + (20.0 * s) as i32, y)],
                        (6.0 * s) as u32,
                        (4.0 * s) as u32,
                        dark.stroke_width((2.0 * s) as u32),
                    )
                });
        }
        let orange = PALETTE[3];
        if !observed.is_empty() {
            chart
                .draw_series(
                    observed.iter().map(|o| {
                        Circle::new((f64::from(o.0), o.1), (5.0 * s) as u32, orange.filled())
                    }),
                )
                .expect("observed")
                .label(obs_l)
                .legend(move |(x, y)| {
                    Circle::new(
                        (x + (10.0 * s) as i32, y),
                        (5.0 * s) as u32,
                        orange.filled(),
                    )
                });
        }
        crate::chart::legend(&mut chart, s);
    })
}
