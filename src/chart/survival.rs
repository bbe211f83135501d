//! Share of doctors still in post by years since start: Kaplan-Meier steps with
//! their 95 % band, against the fitted piecewise-exponential curve.

use crate::calibrate::km::Step;
use crate::calibrate::pwexp::Band;
use crate::chart::{Format, FONT, PALETTE};
use crate::output::numfmt::{number, Lang};

/// One group's curves.
pub struct Curve<'a> {
    pub name: &'a str,
    pub steps: &'a [Step],
    pub bands: &'a [Band],
}

fn fitted(bands: &[Band], t: f64) -> f64 {
    let h: f64 = bands
        .iter()
        .filter(|b| t > b.start_years && b.hazard.is_finite())
        .map(|b| b.hazard * (t.min(b.end_years) - b.start_years))
        .sum();
    (-h).exp()
}

/// Kaplan-Meier points (years, survival, lower, upper) and the fitted curve (years, survival).
pub type Series = (Vec<(f64, f64, f64, f64)>, Vec<(f64, f64)>);

/// The chart's data: per group, the KM step points (years, survival, lower,
/// upper) and the fitted curve sampled on a grid. Exposed for snapshot tests.
pub fn series(curves: &[Curve], max_years: f64) -> Vec<Series> {
    curves
        .iter()
        .map(|c| {
            let mut km = vec![(0.0, 1.0, 1.0, 1.0)];
            for s in c.steps {
                let last = *km.last().expect("starts with t = 0");
                km.push((s.years, last.1, last.2, last.3));
                km.push((s.years, s.s, s.lower, s.upper));
            }
            let last = *km.last().expect("non-empty");
            km.push((max_years, last.1, last.2, last.3));
            let fit = (0..=200).map(|i| {
                let t = max_years * f64::from(i) / 200.0;
                (t, fitted(c.bands, t))
            });
            (km, fit.collect())
        })
        .collect()
}

/// Renders the chart. `source` names the roster for the caption line.
pub fn render(curves: &[Curve], source: &str, format: Format, lang: Lang) -> Vec<u8> {
    let max_years = curves
        .iter()
        .flat_map(|c| c.steps.iter().map(|s| s.years))
        .fold(1.0f64, f64::max)
        .ceil()
        + 1.0;
    let data = series(curves, max_years);
    let (title, x_desc, y_desc, km_label, fit_label) = match lang {
        Lang::Nb => (
            "Andel leger fortsatt i stillingen",
            "År siden start",
            "Andel",
            "observert (Kaplan-Meier, 95 %)",
            "tilpasset modell",
        ),
        Lang::En => (
            "Share of doctors still in post",
            "Years since start",
            "Share",
            "observed (Kaplan-Meier, 95 %)",
            "fitted model",
        ),
    };
    let caption = match lang {
        Lang::Nb => format!(
            "Kilde: {source}. Beregnet med stabil {}.",
            env!("CARGO_PKG_VERSION")
        ),
        Lang::En => format!(
            "Source: {source}. Computed with stabil {}.",
            env!("CARGO_PKG_VERSION")
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = crate::chart::frame(&root, &caption, s);
        let mut chart = crate::chart::builder(&main, title, 60.0, s)
            .build_cartesian_2d(0.0..max_years, 0.0..1.32)
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            // Room above 100 % holds the legend; no ticks are labelled there.
            .y_label_formatter(&|v| {
                if *v <= 1.0 + 1e-9 {
                    format!("{} %", number(v * 100.0, 0, lang))
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|v| number(*v, 0, lang))
            .draw()
            .expect("mesh");
        for (i, ((km, fit), c)) in data.iter().zip(curves).enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let band: Vec<(f64, f64)> = km
                .iter()
                .map(|p| (p.0, p.3))
                .chain(km.iter().rev().map(|p| (p.0, p.2)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(band, colour.mix(0.15))))
                .expect("band");
            let name = if curves.len() > 1 {
                format!("{}: {km_label}", c.name)
            } else {
                km_label.to_string()
            };
            chart
                .draw_series(LineSeries::new(
                    km.iter().map(|p| (p.0, p.1)),
                    colour.stroke_width((2.5 * s) as u32),
                ))
                .expect("km")
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + (20.0 * s) as i32, y)],
                        colour.stroke_width((3.0 * s) as u32),
                    )
                });
            let name = if curves.len() > 1 {
                format!("{}: {fit_label}", c.name)
            } else {
                fit_label.to_string()
            };
            chart
                .draw_series(DashedLineSeries::new(
                    fit.iter().copied(),
                    (8.0 * s) as u32,
                    (5.0 * s) as u32,
                    colour.stroke_width((2.0 * s) as u32),
                ))
                .expect("fit")
                .label(name)
                // Dashed as drawn (the key showed a thin solid line).
                .legend(move |(x, y)| {
                    plotters::element::DashedPathElement::new(
                        vec![(x, y), (x + (20.0 * s) as i32, y)],
                        (6.0 * s) as u32,
                        (4.0 * s) as u32,
                        colour.stroke_width((2.0 * s) as u32),
                    )
                });
        }
        crate::chart::legend(&mut chart, s);
    })
}
