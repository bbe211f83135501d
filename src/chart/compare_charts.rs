//! The charts of a comparison: each variant's net cost (present value) as a bar
//! with P10-P90 whiskers, and every scenario's vacancy-months per year (median
//! with P25-P75 band) on one chart. Returns (file name, bytes) pairs.

use crate::chart::{frame, render_all, Format, Job, FONT, GREY, PALETTE};
use crate::model::Model;
use crate::output::numfmt::Lang;
use crate::sim::compare::CompareTable;

/// The bar chart's data: per variant in ranked order, (name, mean, P10, P90) of
/// the net present cost in NOK million.
pub fn bar_rows(model: &Model, t: &CompareTable) -> Vec<(String, f64, f64, f64)> {
    crate::output::compare::ranking(t)
        .iter()
        .map(|&v| {
            (
                model.variants[v].name.clone(),
                t.npv[v].mean / 1e6,
                t.npv[v].p(0.10) / 1e6,
                t.npv[v].p(0.90) / 1e6,
            )
        })
        .collect()
}

/// One year of the line chart: (year, P25, median, P75, mean) of vacant
/// positions (year average).
pub type LinePoint = (f64, f64, f64, f64, f64);

/// The line chart's data: per scenario (baseline first), per year.
pub fn line_series(model: &Model, t: &CompareTable) -> Vec<Vec<LinePoint>> {
    let years = t.years;
    (0..=model.variants.len())
        .map(|sc| {
            (0..years)
                .map(|y| {
                    let s = &t.levels[sc * years + y].0;
                    (
                        f64::from(model.base_year + y as i32),
                        s.p(0.25) / 12.0,
                        s.p(0.50) / 12.0,
                        s.p(0.75) / 12.0,
                        s.mean / 12.0,
                    )
                })
                .collect()
        })
        .collect()
}

fn bars(model: &Model, t: &CompareTable, caption: &str, format: Format, lang: Lang) -> Vec<u8> {
    let rows = bar_rows(model, t);
    let lo = rows.iter().map(|r| r.2).fold(0.0f64, f64::min);
    let hi = rows.iter().map(|r| r.3).fold(0.0f64, f64::max);
    let pad = (hi - lo).max(1.0) * 0.08;
    let n = rows.len();
    let (title, x_desc) = match lang {
        Lang::Nb => (
            format!(
                "Netto kostnad {}–{}, nåverdi (negativ: sparer)",
                model.base_year, model.comparison.through_year
            ),
            "Millioner kroner (søyle: forventet verdi; strek: P10–P90)",
        ),
        Lang::En => (
            format!(
                "Net cost {}–{}, present value (negative: saves)",
                model.base_year, model.comparison.through_year
            ),
            "NOK million (bar: expected value; whisker: P10–P90)",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = frame(&root, caption, s);
        // Room for the longest package name, up to 420 px; longer names are
        // shortened to fit (as the tornado's labels), never cut at the edge.
        let font = (FONT, 15.0 * s).into_font();
        let width = |t: &str| f64::from(font.box_size(t).map_or(0, |(w, _)| w));
        let names: Vec<String> = rows
            .iter()
            .map(|r| crate::chart::fit_label(&r.0, 406.0 * s, &width))
            .collect();
        let room = names
            .iter()
            .map(|l| width(l) + 14.0 * s)
            .fold(200.0 * s, f64::max);
        let mut chart = crate::chart::builder(&main, &title, room / s, s)
            .build_cartesian_2d((lo - pad)..(hi + pad), -0.5..(n as f64 - 0.5))
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .disable_y_mesh()
            .y_labels(n.max(1))
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 0.01 && i >= 0.0 && (i as usize) < n {
                    names[n - 1 - i as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| crate::chart::tick(*x, lang))
            .x_desc(x_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .draw()
            .expect("mesh");
        for (k, r) in rows.iter().enumerate() {
            let y = (n - 1 - k) as f64;
            let colour = if r.1 < 0.0 { PALETTE[2] } else { PALETTE[3] };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.3), (r.1, y + 0.3)],
                    colour.mix(0.8).filled(),
                )))
                .expect("bar");
            let whisker = colour.stroke_width((2.0 * s) as u32);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(r.2, y), (r.3, y)],
                    GREY.stroke_width((2.0 * s) as u32),
                )))
                .expect("whisker");
            for x in [r.2, r.3] {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, y - 0.12), (x, y + 0.12)],
                        whisker,
                    )))
                    .expect("cap");
            }
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                BLACK.stroke_width(1),
            )))
            .expect("zero");
    })
}

fn lines(model: &Model, t: &CompareTable, caption: &str, format: Format, lang: Lang) -> Vec<u8> {
    let years = t.years;
    let scenarios: Vec<String> = std::iter::once(if lang == Lang::Nb {
        "Dagens situasjon".to_string()
    } else {
        "Baseline".to_string()
    })
    .chain(model.variants.iter().map(|v| v.name.clone()))
    .collect();
    let series = line_series(model, t);
    let bands = with_bands(model);
    // Room above the highest line drawn (the P75 band's, or the medians') for the legend.
    let top = series
        .iter()
        .flatten()
        .map(|p| if bands { p.3 } else { p.4 })
        .fold(0.0f64, f64::max)
        * 1.6
        + 1e-9;
    let (x0, x1) = (
        f64::from(model.base_year) - 0.5,
        f64::from(model.base_year + years as i32 - 1) + 0.5,
    );
    let all_gp = model.units.iter().all(|u| u.role == crate::model::Role::Gp);
    let (what, y_desc) = match (lang, all_gp) {
        (Lang::Nb, true) => (
            "Ledige fastlegehjemler per tiltakspakke",
            "Ledige hjemler, snitt i året",
        ),
        (Lang::Nb, false) => (
            "Ledige stillinger, alle enheter, per tiltakspakke",
            "Ledige stillinger, snitt i året",
        ),
        (Lang::En, true) => (
            "Vacant GP positions by package of measures",
            "Vacant positions, year average",
        ),
        (Lang::En, false) => (
            "Vacant positions, all units, by package of measures",
            "Vacant positions, year average",
        ),
    };
    // More overlapping bands than `with_bands` allows hide each other and the
    // lines: then the tables' expected values, without bands (a median line
    // can rank packages otherwise than the tables do: the shared market's
    // skewed futures).
    let stat = match (lang, bands) {
        (_, true) => "median, P25–P75",
        (Lang::Nb, false) => "forventet verdi",
        (Lang::En, false) => "expected value",
    };
    let title = format!("{what} ({stat})");
    let band_alpha = 0.12;
    crate::render_chart!(format, |root, s| {
        let main = frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, &title, 70.0, s)
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
        for (i, (points, name)) in series.iter().zip(&scenarios).enumerate() {
            let colour = if i == 0 {
                GREY
            } else {
                PALETTE[(i - 1) % PALETTE.len()]
            };
            let band: Vec<(f64, f64)> = points
                .iter()
                .map(|p| (p.0, p.3))
                .chain(points.iter().rev().map(|p| (p.0, p.1)))
                .collect();
            if bands {
                chart
                    .draw_series(std::iter::once(Polygon::new(band, colour.mix(band_alpha))))
                    .expect("band");
            }
            chart
                .draw_series(LineSeries::new(
                    points.iter().map(|p| (p.0, if bands { p.2 } else { p.4 })),
                    colour.stroke_width((2.5 * s) as u32),
                ))
                .expect("median")
                .label(name.clone())
                .legend(move |(x, y)| crate::chart::key_line(x, y, s, colour));
        }
        if bands {
            // The bands' key (they had none): one entry for all of them.
            let key = match lang {
                Lang::Nb => "bånd: 50 % sannsynlig (P25–P75)",
                Lang::En => "bands: 50 % likely (P25–P75)",
            };
            chart
                .draw_series(std::iter::empty::<Polygon<(f64, f64)>>())
                .expect("band key")
                .label(key)
                .legend(move |(x, y)| crate::chart::key_box(x, y, s, GREY.mix(0.3).filled()));
        }
        crate::chart::legend(&mut chart, s);
    })
}

/// Whether the vacancy chart draws P25–P75 bands: for the baseline and at
/// most two packages; with more, the bands hide each other and the lines.
pub fn with_bands(model: &Model) -> bool {
    model.variants.len() <= 2
}

/// Both charts, as PNG and SVG.
/// `png` is the PNG format (screen or print); an SVG is written beside each.
pub fn all(
    model: &Model,
    t: &CompareTable,
    source: &str,
    png: Format,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    let caption = match lang {
        Lang::Nb => format!("Kilde: sammenligning med stabil {}, scenario {source}. Tiltakenes effekter er usikre forutsetninger.", env!("CARGO_PKG_VERSION")),
        Lang::En => format!("Source: comparison with stabil {}, scenario {source}. The measures' effects are uncertain assumptions.", env!("CARGO_PKG_VERSION")),
    };
    let caption = &caption;
    let mut jobs: Vec<Job> = Vec::new();
    for format in [png, Format::SVG] {
        let ext = format.extension();
        jobs.push((
            format!("net_cost.{ext}"),
            Box::new(move || bars(model, t, caption, format, lang)),
        ));
        jobs.push((
            format!("vacancy_by_variant.{ext}"),
            Box::new(move || lines(model, t, caption, format, lang)),
        ));
    }
    render_all(jobs)
}
