//! Charts for planning documents, drawn with plotters: PNG (screen, or 300 dpi
//! for print) and SVG, with an embedded DejaVu font that renders æøå, the
//! colour-blind-safe Okabe-Ito palette, light axes, and a caption line with the
//! source. Charts are returned as bytes; writing them is the caller's job.

pub mod compare_charts;
pub mod demand_charts;
pub mod drivers;
pub mod fan;
pub mod flow_chart;
mod glyphs;
pub mod raster;
pub mod run_charts;
pub mod survival;

use std::sync::Once;

use plotters::element::{PathElement, Rectangle};
use plotters::style::{Color, RGBColor, ShapeStyle};

/// The font family every chart uses (registered from the `dejavu` crate).
pub const FONT: &str = "DejaVu Sans";

/// Okabe-Ito colours: blue, orange, bluish green, vermillion, reddish purple, sky
/// blue, then black and a dark yellow (Okabe-Ito's yellow, darkened to show on white).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
    RGBColor(190, 170, 20),
];
pub const GREY: RGBColor = RGBColor(90, 90, 90);

/// Output format and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG of `width` × `height` pixels; `scale` 1 for screen, about 3 for 300 dpi print.
    Png {
        width: u32,
        height: u32,
        scale: u32,
    },
    Svg {
        width: u32,
        height: u32,
    },
}

impl Format {
    pub const SCREEN: Format = Format::Png {
        width: 1000,
        height: 600,
        scale: 1,
    };
    pub const PRINT: Format = Format::Png {
        width: 1000,
        height: 600,
        scale: 3,
    };
    pub const SVG: Format = Format::Svg {
        width: 1000,
        height: 600,
    };

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png { .. } => "png",
            Format::Svg { .. } => "svg",
        }
    }
}

/// A label of at most `max` characters: long ones keep their start and their
/// end ("Nordlandssyk… indremedisin"), cutting after a comma when there is one.
pub fn short_label(s: &str, max: usize) -> String {
    let c: Vec<char> = s.chars().collect();
    if c.len() <= max {
        return s.to_string();
    }
    if let Some((head, tail)) = s
        .rsplit_once(", ")
        .filter(|(_, t)| t.chars().count() + 14 <= max)
    {
        return format!(
            "{}… {tail}",
            head.chars()
                .take(max - tail.chars().count() - 2)
                .collect::<String>()
                .trim_end()
        );
    }
    let keep = (max - 2) / 2;
    format!(
        "{}… {}",
        c[..keep].iter().collect::<String>().trim_end(),
        c[c.len() - keep..].iter().collect::<String>().trim_start()
    )
}

/// `s` within `max` wide by `width` (pixels): shortened as `short_label`
/// does, to the most characters that fit.
pub fn fit_label(s: &str, max: f64, width: &dyn Fn(&str) -> f64) -> String {
    let n = s.chars().count();
    (4..=n)
        .rev()
        .map(|k| short_label(s, k))
        .find(|t| width(t) <= max)
        .unwrap_or_else(|| short_label(s, 4))
}

/// An axis tick with only the decimals it needs (at most two): "6", not
/// "6,0"; "2,5" where a tick falls between whole numbers.
pub fn tick(v: f64, lang: crate::output::numfmt::Lang) -> String {
    let decimals = (0..2)
        .find(|&d| {
            let x = v * 10f64.powi(d);
            (x - x.round()).abs() < 1e-6
        })
        .unwrap_or(2);
    crate::output::numfmt::number(v, decimals as usize, lang)
}

/// Year labels on a time axis: at most this many, so a 20-year horizon is
/// labelled every fifth year from the base year (2025, 2030, …, 2045).
pub const YEAR_LABELS: usize = 6;

/// A legend key's line at `(x, y)`: 20 px long and 3 px thick at scale `s`.
pub fn key_line(x: i32, y: i32, s: f64, colour: RGBColor) -> PathElement<(i32, i32)> {
    PathElement::new(
        vec![(x, y), (x + (20.0 * s) as i32, y)],
        colour.stroke_width((3.0 * s) as u32),
    )
}

/// A legend key's box at `(x, y)` for a band or a bar: 20 × 12 px at scale `s`.
pub fn key_box(x: i32, y: i32, s: f64, style: ShapeStyle) -> Rectangle<(i32, i32)> {
    Rectangle::new(
        [
            (x, y - (6.0 * s) as i32),
            (x + (20.0 * s) as i32, y + (6.0 * s) as i32),
        ],
        style,
    )
}

/// Registers the embedded font once.
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = plotters::style::register_font(
            FONT,
            plotters::style::FontStyle::Normal,
            dejavu::sans::regular(),
        );
        let _ = plotters::style::register_font(
            FONT,
            plotters::style::FontStyle::Bold,
            dejavu::sans::bold(),
        );
    });
}

/// Clears the canvas, writes the caption line (source, scenario) at the bottom,
/// and returns the area above it for the chart.
pub fn frame<DB: plotters::prelude::DrawingBackend>(
    root: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    caption: &str,
    s: f64,
) -> plotters::prelude::DrawingArea<DB, plotters::coord::Shift> {
    use plotters::prelude::*;
    root.fill(&WHITE).expect("drawing into memory");
    let (main, foot) = root.split_vertically((root.dim_in_pixel().1 as f64 - 30.0 * s) as u32);
    foot.draw_text(
        caption,
        &(FONT, 13.0 * s).into_font().color(&GREY),
        (10 * s as i32, (8.0 * s) as i32),
    )
    .expect("drawing into memory");
    main
}

/// A chart builder with the house style: title, margins and label areas
/// (`y_labels` pixels for the y-axis labels, before scaling).
pub fn builder<'a, 'b, DB: plotters::prelude::DrawingBackend>(
    area: &'a plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    y_labels: f64,
    s: f64,
) -> plotters::prelude::ChartBuilder<'a, 'b, DB> {
    use plotters::prelude::*;
    let mut b = ChartBuilder::on(area);
    // Long titles (long unit names) shrink to fit the width instead of running off.
    let chars = title.chars().count() as f64;
    let size = if chars <= 70.0 {
        22.0
    } else {
        (22.0 * 70.0 / chars).max(14.0)
    };
    b.caption(title, (FONT, size * s).into_font())
        .margin((12.0 * s) as u32)
        .x_label_area_size((45.0 * s) as u32)
        .y_label_area_size((y_labels * s) as u32);
    b
}

/// Draws the series legend in the house style, upper right.
pub fn legend<'a, DB, CT>(chart: &mut plotters::prelude::ChartContext<'a, DB, CT>, s: f64)
where
    DB: plotters::prelude::DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    use plotters::prelude::*;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(200, 200, 200))
        .label_font((FONT, 14.0 * s).into_font())
        .legend_area_size((30.0 * s) as u32)
        .draw()
        .expect("drawing into memory");
}

/// A chart to draw: its file name and the drawing (run by `render_all`).
pub type Job<'a> = (String, Box<dyn FnOnce() -> Vec<u8> + Send + 'a>);

/// Draws `jobs` in parallel (rayon) and returns (file name, bytes) in the order
/// given; each chart's bytes depend only on its own inputs, so the result is the
/// same on any number of threads.
pub fn render_all(jobs: Vec<Job<'_>>) -> Vec<(String, Vec<u8>)> {
    use rayon::prelude::*;
    #[cfg(test)]
    if raster::reference_mode() {
        // The reference backend is chosen per thread: draw on this one.
        return jobs
            .into_iter()
            .map(|(name, draw)| (name, draw()))
            .collect();
    }
    jobs.into_par_iter()
        .map(|(name, draw)| (name, draw()))
        .collect()
}

/// Encodes an RGB buffer as PNG bytes: fast deflate with the Paeth filter on
/// every row (adaptive filtering tried all five filters per row, over half the
/// encoding time, for files about 6 % smaller).
/// The file says its resolution, `dpi` (a pHYs chunk): a 3000-pixel print
/// chart without one is taken for 72 or 96 dpi by word processors and
/// journals' checks.
pub fn png(rgb: &[u8], width: u32, height: u32, dpi: u32) -> Vec<u8> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let mut out = Vec::new();
    PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Paeth)
        .write_image(rgb, width, height, image::ColorType::Rgb8)
        .expect("encoding an in-memory RGB buffer cannot fail");
    with_resolution(out, dpi)
}

/// Pixels per inch of a chart drawn at `scale`: 1000 pixels are 10 inches.
pub const fn dpi(scale: u32) -> u32 {
    100 * scale
}

/// `png` with a pHYs chunk (pixels per metre) right after its header chunk.
fn with_resolution(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    // 8 bytes of signature, then IHDR: length (4), type (4), 13 bytes, CRC (4).
    const AFTER_IHDR: usize = 8 + 4 + 4 + 13 + 4;
    debug_assert_eq!(&png[12..16], b"IHDR");
    let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    chunk.extend_from_slice(b"pHYs");
    chunk.extend_from_slice(&per_metre.to_be_bytes());
    chunk.extend_from_slice(&per_metre.to_be_bytes());
    chunk.push(1); // the unit is the metre
    let crc = crc32fast::hash(&chunk[4..]);
    chunk.extend_from_slice(&crc.to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..AFTER_IHDR]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[AFTER_IHDR..]);
    out
}

use image::ImageEncoder as _;

/// Renders with `draw` on a backend of the requested format and returns the bytes.
/// `draw` gets the drawing area and a scale factor for sizes (fonts, strokes).
#[macro_export]
macro_rules! render_chart {
    ($format:expr, |$root:ident, $s:ident| $body:block) => {{
        use plotters::prelude::*;
        $crate::chart::register_font();
        match $format {
            $crate::chart::Format::Png { width, height, scale } => {
                let (w, h) = (width * scale, height * scale);
                let mut buf = vec![255u8; (w * h * 3) as usize];
                #[cfg(test)]
                let reference = $crate::chart::raster::reference_mode();
                #[cfg(not(test))]
                let reference = false;
                if reference {
                    // Tests only: plotters' own bitmap backend, to compare pixels with.
                    #[cfg(test)]
                    {
                        let $root = $crate::chart::raster::Reference(BitMapBackend::with_buffer(&mut buf, (w, h))).into_drawing_area();
                        let $s = scale as f64;
                        $body
                        $root.present().expect("drawing into memory");
                    }
                } else {
                    let $root = $crate::chart::raster::Raster::new(&mut buf, (w, h)).into_drawing_area();
                    let $s = scale as f64;
                    $body
                    $root.present().expect("drawing into memory");
                }
                $crate::chart::png(&buf, w, h, $crate::chart::dpi(scale))
            }
            $crate::chart::Format::Svg { width, height } => {
                let mut text = String::new();
                {
                    let $root = SVGBackend::with_string(&mut text, (width, height)).into_drawing_area();
                    let $s = 1.0f64;
                    $body
                    $root.present().expect("drawing into memory");
                }
                text.into_bytes()
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticks_carry_only_the_decimals_they_need() {
        use super::tick;
        use crate::output::numfmt::Lang;
        // Regression (fresh-eyes review, session 11): "6,0", "43,0", "−15,0".
        assert_eq!(tick(6.0, Lang::Nb), "6");
        assert_eq!(tick(-15.0, Lang::Nb), "−15");
        assert_eq!(tick(2.5, Lang::Nb), "2,5");
        assert_eq!(tick(0.25, Lang::En), "0.25");
    }

    #[test]
    fn print_pngs_say_they_are_300_dpi() {
        // Regression (fresh-eyes review, session 10): `--print` charts had no
        // pHYs chunk, so word processors took them for 72 or 96 dpi.
        let bytes = super::png(&[255u8; 4 * 3 * 3], 4, 3, super::dpi(3));
        let at = bytes
            .windows(4)
            .position(|w| w == b"pHYs")
            .expect("a pHYs chunk");
        let per_metre = u32::from_be_bytes(bytes[at + 4..at + 8].try_into().unwrap());
        assert_eq!(per_metre, 11_811, "300 dpi is 11,811 pixels per metre");
        assert_eq!(bytes[at + 12], 1, "unit: the metre");
        let crc = u32::from_be_bytes(bytes[at + 13..at + 17].try_into().unwrap());
        assert_eq!(crc, crc32fast::hash(&bytes[at..at + 13]));
        let img = image::load_from_memory(&bytes).expect("still a valid PNG");
        assert_eq!((img.width(), img.height()), (4, 3));
    }

    #[test]
    fn labels_are_fitted_to_a_width_by_shortening() {
        // Ten pixels a character.
        let w = |t: &str| 10.0 * t.chars().count() as f64;
        let label = "Nordlandssykehuset Vesterålen, DPS (psykisk helsevern): vikarpris per uke";
        assert_eq!(super::fit_label(label, 1000.0, &w), label);
        let short = super::fit_label(label, 600.0, &w);
        assert_eq!(short.chars().count(), 60);
        assert!(
            short.starts_with("Nordlandssyk")
                && short.ends_with("DPS (psykisk helsevern): vikarpris per uke"),
            "{short}"
        );
    }

    #[test]
    fn short_labels_keep_start_and_end() {
        assert_eq!(super::short_label("Bø", 30), "Bø");
        assert_eq!(
            super::short_label("Nordlandssykehuset Vesterålen, indremedisin", 30),
            "Nordlandssykehus… indremedisin"
        );
        let s = super::short_label(
            "Felles arbeidsmarked med felles rekruttering og legevakt",
            40,
        );
        assert!(
            s.chars().count() <= 40 && s.starts_with("Felles") && s.ends_with("legevakt"),
            "{s}"
        );
    }
}
