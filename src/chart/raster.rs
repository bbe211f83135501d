//! An in-memory RGB drawing backend for plotters that gives the same pixels as
//! plotters' `BitMapBackend` (RGB, borrowed buffer) with less work per pixel,
//! and text laid out by `glyphs`. Filled bands (polygons wider than tall) are drawn by plotters' rasterizer as
//! one-pixel columns; `BitMapBackend` blends each such column through its
//! general rectangle routine, which cost over a hundred instructions per pixel
//! and a quarter of a run's fixed cost. Here a column is a plain loop.
//!
//! The arithmetic is `BitMapBackend`'s, case by case: a lone pixel blends as
//! `prev ± (|new − prev| · a) / 256`; a blended rectangle row uses the packed
//! form `(prev · (256 − a) + new · a) / 256` for its first `8 · ⌊(n − 1) / 8⌋`
//! pixels and the lone-pixel form for the rest, as plotters does. Text comes
//! from `glyphs` (cached). Tested equal to `BitMapBackend` on every chart, text
//! drawn the same way in both (`Reference`). Owns pixels only; never encodes or writes.

use std::convert::Infallible;

use plotters_backend::{
    rasterizer, BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend,
    DrawingErrorKind,
};

/// An RGB8 canvas over a borrowed buffer of `width · height · 3` bytes.
pub struct Raster<'a> {
    buf: &'a mut [u8],
    size: (u32, u32),
}

impl<'a> Raster<'a> {
    pub fn new(buf: &'a mut [u8], size: (u32, u32)) -> Self {
        assert!(
            buf.len() >= size.0 as usize * size.1 as usize * 3,
            "an RGB buffer of width × height × 3 bytes"
        );
        Raster { buf, size }
    }

    /// The pixel rectangle spanned by two corners (any order), clipped.
    fn clip(&self, a: BackendCoord, b: BackendCoord) -> Option<(usize, usize, usize, usize)> {
        let (w, h) = (self.size.0 as i32, self.size.1 as i32);
        let (x0, y0) = (a.0.min(b.0).max(0), a.1.min(b.1).max(0));
        let (x1, y1) = (a.0.max(b.0).min(w), a.1.max(b.1).min(h));
        (x0 < x1 && y0 < y1).then_some((x0 as usize, y0 as usize, x1 as usize, y1 as usize))
    }

    fn fill_rect(&mut self, a: BackendCoord, b: BackendCoord, rgb: (u8, u8, u8)) {
        let Some((x0, y0, x1, y1)) = self.clip(a, b) else {
            return;
        };
        let w = self.size.0 as usize;
        for y in y0..y1 {
            let row = &mut self.buf[(y * w + x0) * 3..(y * w + x1) * 3];
            if rgb.0 == rgb.1 && rgb.1 == rgb.2 {
                row.fill(rgb.0);
            } else {
                for px in row.chunks_exact_mut(3) {
                    px.copy_from_slice(&[rgb.0, rgb.1, rgb.2]);
                }
            }
        }
    }

    fn blend_rect(&mut self, a: BackendCoord, b: BackendCoord, rgb: (u8, u8, u8), alpha: f64) {
        let alpha = alpha.clamp(0.0, 1.0);
        if alpha == 0.0 {
            return;
        }
        let Some((x0, y0, x1, y1)) = self.clip(a, b) else {
            return;
        };
        let a = (256.0 * alpha).floor() as u64;
        let w = self.size.0 as usize;
        let colour = [rgb.0, rgb.1, rgb.2];
        if x1 - x0 == 1 {
            // A one-pixel column (how plotters fills a band): lone-pixel blends.
            let (start, end) = ((y0 * w + x0) * 3, (y1 - 1) * w * 3 + x0 * 3 + 3);
            for px in self.buf[start..end].chunks_mut(w * 3) {
                blend(&mut px[0], colour[0], a);
                blend(&mut px[1], colour[1], a);
                blend(&mut px[2], colour[2], a);
            }
            return;
        }
        let packed = (x1 - x0 - 1) / 8 * 8;
        for y in y0..y1 {
            let row = &mut self.buf[(y * w + x0) * 3..(y * w + x1) * 3];
            let (head, tail) = row.split_at_mut(packed * 3);
            for px in head.chunks_exact_mut(3) {
                for (p, &c) in px.iter_mut().zip(&colour) {
                    *p = ((u64::from(*p) * (256 - a) + u64::from(c) * a) >> 8) as u8;
                }
            }
            for px in tail.chunks_exact_mut(3) {
                for (p, &c) in px.iter_mut().zip(&colour) {
                    blend(p, c, a);
                }
            }
        }
    }

    fn fill_column(&mut self, x: i32, ys: (i32, i32), rgb: (u8, u8, u8)) {
        let (w, h) = (self.size.0 as i32, self.size.1 as i32);
        if x < 0 || x >= w {
            return;
        }
        let (y0, y1) = (ys.0.min(ys.1).max(0), ys.0.max(ys.1).min(h - 1));
        for y in y0..=y1 {
            let i = (y * w + x) as usize * 3;
            self.buf[i..i + 3].copy_from_slice(&[rgb.0, rgb.1, rgb.2]);
        }
    }
}

/// One channel blended the way `BitMapBackend` blends a lone pixel.
#[inline]
fn blend(prev: &mut u8, new: u8, a: u64) {
    if new > *prev {
        *prev += (u64::from(new - *prev) * a / 256) as u8;
    } else {
        *prev -= (u64::from(*prev - new) * a / 256) as u8;
    }
}

impl DrawingBackend for Raster<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (w, h) = self.size;
        if point.0 < 0 || point.1 < 0 || point.0 as u32 >= w || point.1 as u32 >= h {
            return Ok(());
        }
        let i = (point.1 as usize * w as usize + point.0 as usize) * 3;
        let (r, g, b) = color.rgb;
        let px = &mut self.buf[i..i + 3];
        if color.alpha >= 1.0 - 1.0 / 256.0 {
            px.copy_from_slice(&[r, g, b]);
        } else if color.alpha > 0.0 {
            let a = (color.alpha * 256.0).floor() as u64;
            for (p, c) in px.iter_mut().zip([r, g, b]) {
                blend(p, c, a);
            }
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let color = style.color();
        if (from.0 == to.0 || from.1 == to.1) && style.stroke_width() == 1 {
            let end = (to.0 + 1, to.1 + 1);
            if color.alpha >= 1.0 {
                if from.1 == to.1 {
                    self.fill_rect(from, end, color.rgb);
                } else {
                    self.fill_column(from.0, (from.1, to.1), color.rgb);
                }
            } else {
                self.blend_rect(from, end, color.rgb, color.alpha);
            }
            return Ok(());
        }
        rasterizer::draw_line(self, from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let color = style.color();
        if fill {
            if color.alpha >= 1.0 {
                self.fill_rect(upper_left, bottom_right, color.rgb);
            } else {
                self.blend_rect(upper_left, bottom_right, color.rgb, color.alpha);
            }
            return Ok(());
        }
        rasterizer::draw_rect(self, upper_left, bottom_right, style, fill)
    }

    /// Text from `glyphs` (its layout, cached per text and style).
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let size = self.size;
        draw_text_pixels(text, style, pos, size, |p, c| self.draw_pixel(p, c))
    }
}

/// Draws `text` at `pos` through `put`, with the pixels from `glyphs`,
/// clipped to a canvas of `size`.
fn draw_text_pixels<S: BackendTextStyle, E: std::error::Error + Send + Sync>(
    text: &str,
    style: &S,
    pos: BackendCoord,
    size: (u32, u32),
    mut put: impl FnMut(BackendCoord, BackendColor) -> Result<(), DrawingErrorKind<E>>,
) -> Result<(), DrawingErrorKind<E>> {
    if style.color().alpha == 0.0 {
        return Ok(());
    }
    let pixels = crate::chart::glyphs::pixels(text, style)
        .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
    let (w, h) = (size.0 as i32, size.1 as i32);
    for &(x, y, color) in pixels.iter() {
        let (x, y) = (pos.0 + x, pos.1 + y);
        if x >= 0 && x < w && y >= 0 && y < h {
            put((x, y), color)?;
        }
    }
    Ok(())
}

#[cfg(test)]
thread_local! {
    static REFERENCE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Tests only: whether charts on this thread are drawn with `BitMapBackend`.
#[cfg(test)]
pub fn reference_mode() -> bool {
    REFERENCE.with(|r| r.get())
}

/// Tests only: plotters' `BitMapBackend`, with text drawn by `glyphs` (whose
/// layout differs from plotters' on purpose), to compare every other pixel with.
#[cfg(test)]
pub struct Reference<'a>(pub plotters::backend::BitMapBackend<'a>);

#[cfg(test)]
impl DrawingBackend for Reference<'_> {
    type ErrorType = <plotters::backend::BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, size, src)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let size = self.get_size();
        draw_text_pixels(text, style, pos, size, |p, c| self.0.draw_pixel(p, c))
    }
}

/// Tests only: `f` with charts drawn by plotters' `BitMapBackend` on this
/// thread (text as `Raster` draws it: see `Reference`).
#[cfg(test)]
pub fn with_reference<T>(f: impl FnOnce() -> T) -> T {
    REFERENCE.with(|r| r.set(true));
    let out = f();
    REFERENCE.with(|r| r.set(false));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn primitives_match_bitmap_backend() {
        let (w, h) = (97u32, 61u32);
        let mut a = vec![200u8; (w * h * 3) as usize];
        let mut b = a.clone();
        {
            let mut r = Raster::new(&mut a, (w, h));
            let mut m = BitMapBackend::with_buffer(&mut b, (w, h));
            let colours = [
                RGBColor(0, 114, 178).mix(0.15),
                RGBColor(230, 159, 0).mix(0.3),
                RGBColor(0, 0, 0).mix(1.0),
                RGBColor(255, 255, 255).mix(0.9),
                RGBColor(10, 250, 3).mix(0.999),
            ];
            for (k, c) in colours.iter().enumerate() {
                let k = k as i32;
                let style = Color::stroke_width(c, 1);
                let thick = Color::stroke_width(c, 3);
                for (p, q) in [
                    ((3 + k, -5), (3 + k, 70)),
                    ((40, 50 - k), (5, 50 - k)),
                    ((20 + k, 30), (20 + k, 10)),
                    ((-3, 7 * k), (120, 7 * k)),
                    ((1, 2), (90, 55 - k)),
                ] {
                    r.draw_line(p, q, &style).unwrap();
                    m.draw_line(p, q, &style).unwrap();
                    r.draw_line(q, p, &thick).unwrap();
                    m.draw_line(q, p, &thick).unwrap();
                }
                for (p, q, fill) in [
                    ((5, 5), (60 + k, 20), true),
                    ((80, 50), (10 - k, 30), true),
                    ((2, 3), (9 + k, 4), true),
                    ((15, 15), (70, 45 + k), false),
                ] {
                    r.draw_rect(p, q, &style, fill).unwrap();
                    m.draw_rect(p, q, &style, fill).unwrap();
                }
                for x in -2..100 {
                    let colour = c.to_backend_color();
                    r.draw_pixel((x, (x * 7 + k) % 70 - 3), colour).unwrap();
                    m.draw_pixel((x, (x * 7 + k) % 70 - 3), colour).unwrap();
                }
                let poly = [(2, 50 - k), (30, 10), (95, 20 + k), (95, 58), (2, 58)];
                r.fill_polygon(poly, &style).unwrap();
                m.fill_polygon(poly, &style).unwrap();
            }
            m.present().unwrap();
        }
        assert!(a == b, "pixels differ from BitMapBackend");
    }

    /// Every kind of chart gives the same PNG bytes (so the same pixels) with
    /// `Raster` as with `BitMapBackend`.
    #[test]
    fn charts_match_bitmap_backend() {
        use crate::chart::{demand_charts, fan, flow_chart, Format};
        use crate::output::numfmt::Lang;
        // Drawn twice: the second time with every text from `glyphs`' cache.
        let same = |name: &str, draw: &dyn Fn() -> Vec<u8>| {
            let reference = with_reference(draw);
            assert!(draw() == reference, "{name}: pixels differ");
            assert!(
                draw() == reference,
                "{name}: pixels differ with cached texts"
            );
        };
        let fan: Vec<fan::FanYear> = (0..21)
            .map(|i| {
                let x = f64::from(i);
                (
                    2025 + i,
                    x * 0.3,
                    x * 0.5 + 1.0,
                    x * 0.7 + 2.0,
                    x + 3.0,
                    1.4 * x + 4.0,
                )
            })
            .collect();
        let obs = [(2025, 2.0), (2027, 4.5)];
        for format in [Format::SCREEN, Format::PRINT] {
            same("fan", &|| {
                fan::render(
                    "Bø: ledige",
                    "Ledige",
                    &fan,
                    &[],
                    &obs,
                    false,
                    "Kilde",
                    format,
                    Lang::Nb,
                )
            });
        }
        let need: Vec<demand_charts::NeedYear> = (0..21)
            .map(|i| (2025 + i, 40.0 + f64::from(i) * 0.7, 42 + (i as u32) / 4))
            .collect();
        same("need", &|| {
            demand_charts::need_chart("Need", &need, true, "Source", Format::SCREEN, Lang::En)
        });
        let mut now = crate::demography::AgeSex::zero();
        let mut then = crate::demography::AgeSex::zero();
        for a in 0..crate::demography::AGES {
            now.male[a] = (100 - a as i32).max(1) as f64;
            now.female[a] = 90.0;
            then.male[a] = 70.0 + a as f64 * 0.3;
            then.female[a] = 80.0;
        }
        same("age", &|| {
            demand_charts::age_chart(
                "Age",
                (2025, &now),
                (2045, &then),
                "S",
                Format::SCREEN,
                Lang::Nb,
            )
        });
        let names: Vec<String> = ["Andøy", "Bø", "utenfor"].map(String::from).to_vec();
        let m = vec![
            vec![0.0, 1.5, 3.0],
            vec![2.0, 0.0, 0.4],
            vec![5.0, 1.0, 0.0],
        ];
        same("heat map", &|| {
            flow_chart::heat_map("Flows", &names, &m, "S", Format::SCREEN, Lang::En)
        });
        let curves: Vec<crate::sim::survival::Curve> = (1..3)
            .map(|k| {
                (0..=60)
                    .map(|i| {
                        let t = f64::from(i) / 4.0;
                        (t, (-t * 0.1 * f64::from(k)).exp())
                    })
                    .collect()
            })
            .collect();
        let model = crate::scenario::load_str(
            crate::scenario::bundled::get("vesteralen").unwrap(),
            "vesteralen",
        )
        .unwrap();
        same("retention", &|| {
            crate::chart::drivers::retention(&model, &curves, "S", Format::SCREEN, Lang::Nb)
        });
    }
}
