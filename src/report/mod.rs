//! Reports for planning documents: a report is a list of blocks (headings, text,
//! tables, charts, preformatted text) rendered as one self-contained HTML file
//! (`html`, charts as inline SVG, print CSS) or as Markdown with the PNGs beside
//! it (`markdown`). `content` assembles the blocks of a run or a comparison,
//! `need` the run's section on need against positions, `packages` the
//! comparison's tables about its packages, `assumptions` those of
//! the scenario's assumptions with their sources.
//! Generators return strings; they never write files.

pub mod assumptions;
pub mod content;
pub mod drift;
pub mod html;
pub mod markdown;
pub mod need;
pub mod overlap;
pub mod packages;
pub mod roles;
pub mod units;

use crate::output::numfmt::Lang;

/// One piece of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Text(String),
    Table {
        caption: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A chart: its title, the PNG's path relative to the report, and the SVG text.
    Chart {
        title: String,
        png: String,
        svg: String,
    },
    /// Text shown as it is (the scenario file).
    Pre(String),
    /// Other text shown as it is, line by line (messages from the terminal).
    Verbatim(String),
}

/// A whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub lang: Lang,
    /// (label, value) lines under the title: scenario, seed, version, hash.
    pub meta: Vec<(String, String)>,
    pub blocks: Vec<Block>,
}

impl Report {
    /// Number of charts.
    pub fn charts(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| matches!(b, Block::Chart { .. }))
            .count()
    }
}
