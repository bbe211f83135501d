//! A report as Markdown, with the charts as links to the PNGs beside it. Returns
//! the text.

use super::{Block, Report};

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Renders the report.
pub fn render(r: &Report) -> String {
    let mut o = format!("# {}\n\n", r.title);
    for (k, v) in &r.meta {
        o.push_str(&format!("- **{k}:** {v}\n"));
    }
    o.push('\n');
    for b in &r.blocks {
        match b {
            Block::Heading(h) => o.push_str(&format!("## {h}\n\n")),
            Block::Text(t) => o.push_str(&format!("{t}\n\n")),
            Block::Table {
                caption,
                header,
                rows,
            } => {
                o.push_str(&format!("**{caption}**\n\n"));
                o.push_str(&format!(
                    "| {} |\n|{}\n",
                    header
                        .iter()
                        .map(|h| cell(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    "---|".repeat(header.len())
                ));
                for row in rows {
                    o.push_str(&format!(
                        "| {} |\n",
                        row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                o.push('\n');
            }
            Block::Chart { title, png, .. } => {
                o.push_str(&format!("![{title}]({png})\n\n*{title}*\n\n"));
            }
            Block::Pre(t) => o.push_str(&format!("```toml\n{}\n```\n\n", t.trim_end())),
            Block::Verbatim(t) => o.push_str(&format!("```\n{}\n```\n\n", t.trim_end())),
        }
    }
    o
}
