//! A report as ONE self-contained HTML file: inline CSS (screen and print, a page
//! break before each chart), charts as inline SVG, no external resources, no
//! scripts. Returns the text.

use super::{Block, Report};
use crate::output::numfmt::Lang;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const CSS: &str = "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}\
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:0.5rem 0 1.5rem;font-size:0.9rem}caption{text-align:left;font-weight:bold;padding:0.3rem 0}\
th,td{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}\
th{background:#f2f2f2}dl.meta{display:grid;grid-template-columns:max-content auto;gap:0.1rem 1rem;font-size:0.9rem}\
dl.meta dt{font-weight:bold}dl.meta dd{margin:0;word-break:break-all}\
figure{margin:1rem 0}figure svg{width:100%;height:auto}figcaption{font-size:0.9rem;color:#444}\
pre{background:#f7f7f7;padding:0.5rem;font-size:0.75rem;white-space:pre-wrap}\
@media print{body{max-width:none;margin:0}figure{break-before:page;page-break-before:always;break-inside:avoid}\
table{break-inside:auto}tr{break-inside:avoid}h2{break-after:avoid}pre{font-size:7pt}}\
@page{size:A4;margin:15mm}";

/// Whether a cell is a number (right-aligned).
fn numeric(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '−' || c == '-')
        && s.chars().all(|c| {
            c.is_ascii_digit() || " ,.−-–%()".contains(c) || c == '\u{a0}' || c.is_alphabetic()
        })
}

/// The SVG of a chart without its XML declaration, so it can sit inline.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// Renders the report.
pub fn render(r: &Report) -> String {
    let lang = if r.lang == Lang::Nb { "nb" } else { "en" };
    let mut o = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>{}</h1>\n<dl class=\"meta\">\n",
        esc(&r.title),
        esc(&r.title)
    );
    for (k, v) in &r.meta {
        o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
    }
    o.push_str("</dl>\n");
    for b in &r.blocks {
        match b {
            Block::Heading(h) => o.push_str(&format!("<h2>{}</h2>\n", esc(h))),
            Block::Text(t) => o.push_str(&format!("<p>{}</p>\n", esc(t))),
            Block::Table {
                caption,
                header,
                rows,
            } => {
                o.push_str(&format!(
                    "<table>\n<caption>{}</caption>\n<thead><tr>",
                    esc(caption)
                ));
                for h in header {
                    o.push_str(&format!("<th>{}</th>", esc(h)));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    o.push_str("<tr>");
                    for c in row {
                        if numeric(c) {
                            o.push_str(&format!("<td class=\"n\">{}</td>", esc(c)));
                        } else {
                            o.push_str(&format!("<td>{}</td>", esc(c)));
                        }
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
            Block::Chart { title, svg, .. } => {
                o.push_str(&format!(
                    "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                    inline_svg(svg).trim(),
                    esc(title)
                ));
            }
            Block::Pre(t) | Block::Verbatim(t) => o.push_str(&format!("<pre>{}</pre>\n", esc(t))),
        }
    }
    o.push_str("</body>\n</html>\n");
    o
}
