//! Text for `chart::raster`, rasterised once and replayed. plotters draws a text
//! by laying it out and rasterising every glyph's outline, each time (a fifth
//! of a PNG chart's work), although most texts (tick labels, axis names, legend
//! entries, captions) recur from chart to chart. Its drawing is relative to the
//! anchor point: the pixels (offset and colour) for the point (0, 0) are kept per
//! text and style, and replayed at the text's position with plotters' clipping,
//! so the pixels drawn are the same, in the same order. Per thread, bounded;
//! owns no pixels and never draws itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendTextStyle, FontTransform};

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
    style
        .draw(text, (0, 0), |x, y, c| {
            let (x, y) = trans.transform(x + dx - min_x, y + dy - min_y);
            out.push((x, y, c));
            Ok::<(), std::convert::Infallible>(())
        })?
        .unwrap_or_else(|never| match never {});
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
