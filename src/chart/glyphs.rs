//! Text for `chart::raster`, rasterised once and replayed. Most texts (tick
//! labels, axis names, legend entries, captions) recur from chart to chart, and
//! rasterising every glyph's outline each time was a fifth of a PNG chart's
//! work. The pixels (offset and colour) for the anchor point (0, 0) are kept per
//! text and style, and replayed at the text's position. Per thread, bounded.
//!
//! Glyphs are placed as the font says: at the pen's exact (fractional)
//! position, with their side bearings and kerning, on one baseline. plotters'
//! own text drawing drops the bearings and rounds each glyph's position on its
//! own, which spaced letters unevenly in PNGs ("Nordl andssykehuset"); the
//! layout box (and so the anchoring) is still plotters'. Owns no pixels and
//! never draws itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendTextStyle, FontStyle, FontTransform};

/// Texts kept per thread before the cache starts afresh (bounds memory).
const LIMIT: usize = 2048;

/// Pixel offsets from the anchor point, with their colours.
pub type Pixels = Rc<Vec<(i32, i32, BackendColor)>>;

/// Everything that decides a text's pixels relative to its anchor.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    text: String,
    family: String,
    style: String,
    size: u64,
    transform: u8,
    anchor: (u8, u8),
    rgb: (u8, u8, u8),
    alpha: u64,
}

thread_local! {
    static CACHE: RefCell<HashMap<Key, Pixels>> = RefCell::new(HashMap::new());
}

/// The pixels of `text` in `style` anchored at (0, 0), computed as plotters'
/// default `DrawingBackend::draw_text` does (layout box, anchor, transform), or
/// taken from the cache. `Err` carries a font error.
pub fn pixels<S: BackendTextStyle>(text: &str, style: &S) -> Result<Pixels, S::FontError> {
    let color = style.color();
    let key = Key {
        text: text.to_string(),
        family: style.family().as_str().to_string(),
        style: style.style().as_str().to_string(),
        size: style.size().to_bits(),
        transform: match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 1,
            FontTransform::Rotate180 => 2,
            FontTransform::Rotate270 => 3,
        },
        anchor: {
            let a = style.anchor();
            let h = match a.h_pos {
                HPos::Left => 0,
                HPos::Right => 1,
                HPos::Center => 2,
            };
            let v = match a.v_pos {
                VPos::Top => 0,
                VPos::Center => 1,
                VPos::Bottom => 2,
            };
            (h, v)
        },
        rgb: color.rgb,
        alpha: color.alpha.to_bits(),
    };
    if let Some(p) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return Ok(p);
    }
    let ((min_x, min_y), (max_x, max_y)) = style.layout_box(text)?;
    let (width, height) = (max_x - min_x, max_y - min_y);
    let a = style.anchor();
    let dx = match a.h_pos {
        HPos::Left => 0,
        HPos::Right => -width,
        HPos::Center => -width / 2,
    };
    let dy = match a.v_pos {
        VPos::Top => 0,
        VPos::Center => -height / 2,
        VPos::Bottom => -height,
    };
    let trans = style.transform();
    let mut out = Vec::new();
    let bold = matches!(style.style(), FontStyle::Bold);
    layout(text, style.size() as f32, bold, |x, y, a| {
        let (x, y) = trans.transform(x + dx - min_x, y + dy - min_y);
        out.push((
            x,
            y,
            BackendColor {
                alpha: color.alpha * f64::from(a),
                rgb: color.rgb,
            },
        ));
    });
    let p = Rc::new(out);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= LIMIT {
            c.clear();
        }
        c.insert(key, p.clone());
    });
    Ok(p)
}

/// The embedded DejaVu Sans (the only family the charts use), regular or bold.
fn font(bold: bool) -> &'static FontRef<'static> {
    static REGULAR: std::sync::OnceLock<FontRef<'static>> = std::sync::OnceLock::new();
    static BOLD: std::sync::OnceLock<FontRef<'static>> = std::sync::OnceLock::new();
    let (cell, bytes) = if bold {
        (&BOLD, dejavu::sans::bold())
    } else {
        (&REGULAR, dejavu::sans::regular())
    };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).expect("the embedded DejaVu font parses"))
}

/// Calls `pixel(x, y, coverage)` for every pixel of `text` at `size` pixels,
/// the pen starting at x = 0 and the baseline at y = size / 2 (where plotters
/// puts it, so texts keep their place).
fn layout(text: &str, size: f32, bold: bool, mut pixel: impl FnMut(i32, i32, f32)) {
    let font = font(bold).as_scaled(size);
    let baseline = size / 2.0;
    let mut pen = 0.0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(size, ab_glyph::point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            let (x0, y0) = (b.min.x as i32, b.min.y as i32);
            outline.draw(|x, y, a| pixel(x0 + x as i32, y0 + y as i32, a));
        }
        pen += font.h_advance(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Left edge of the ink of each glyph of `text` drawn alone at its pen
    /// position, against the ink of the whole text: the same, glyph by glyph.
    #[test]
    fn glyphs_sit_at_their_pen_positions_with_their_bearings() {
        let size = 15.0;
        let mut whole = Vec::new();
        layout("lil", size, false, |x, y, a| whole.push((x, y, a)));
        // Each 'l' and 'i' drawn by hand at the pen the layout uses.
        let font = font(false).as_scaled(size);
        let mut pen = 0.0f32;
        let mut expected = Vec::new();
        for c in "lil".chars() {
            let id = font.glyph_id(c);
            let g = id.with_scale_and_position(size, ab_glyph::point(pen, size / 2.0));
            let o = font.outline_glyph(g).unwrap();
            let b = o.px_bounds();
            o.draw(|x, y, a| {
                expected.push((b.min.x as i32 + x as i32, b.min.y as i32 + y as i32, a))
            });
            pen += font.h_advance(id);
        }
        assert_eq!(whole, expected);
        // The bearing is kept: the first 'l' starts right of the pen, not at 0.
        assert!(whole.iter().map(|p| p.0).min().unwrap() >= 1);
    }
}
