//! A short English summary of a read SSB file for the command line: layout,
//! table, regions, years, ages, alternatives, symbols and the notes.
//!
//! Must never: print, or repeat every record.

use std::collections::BTreeSet;

use super::build::symbols_seen;
use super::{Sex, SsbTable, TableId};

fn span<T: Ord + Copy + std::fmt::Display>(set: &BTreeSet<T>) -> String {
    match (set.first(), set.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b} ({} values)", set.len()),
        _ => "none".to_string(),
    }
}

/// A few lines describing `t`.
pub fn describe(t: &SsbTable) -> String {
    let regions: BTreeSet<&str> = t.records.iter().map(|r| r.region.as_str()).collect();
    let years: BTreeSet<i32> = t.records.iter().map(|r| r.year).collect();
    let ages: BTreeSet<u8> = t.records.iter().map(|r| r.age).collect();
    let sexes: BTreeSet<Sex> = t.records.iter().map(|r| r.sex).collect();
    let alts: BTreeSet<&str> = t
        .records
        .iter()
        .filter_map(|r| r.alternative.as_deref())
        .collect();
    let table = match t.table {
        TableId::Population07459 => "07459 (population on 1 January)",
        TableId::Projection14288 => "14288 (population projection)",
    };
    let mut shown: Vec<&str> = regions.iter().copied().take(8).collect();
    if regions.len() > 8 {
        shown.push("…");
    }
    let mut out = format!(
        "{}: {}, table {table}, {} records\n  regions: {} ({})\n  years: {}\n  ages: {}\n  sexes: {}\n",
        t.file,
        t.layout.name(),
        t.records.len(),
        regions.len(),
        shown.join(", "),
        span(&years),
        span(&ages),
        sexes
            .iter()
            .map(|s| if *s == Sex::Male { "males" } else { "females" })
            .collect::<Vec<_>>()
            .join(", "),
    );
    if !alts.is_empty() {
        out.push_str(&format!(
            "  alternatives: {}\n",
            alts.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    let symbols = symbols_seen(t);
    if symbols.is_empty() {
        out.push_str("  symbols: none\n");
    } else {
        let list: Vec<String> = symbols.iter().map(|(s, n)| format!("{s:?} ×{n}")).collect();
        out.push_str(&format!("  symbols: {}\n", list.join(", ")));
    }
    for n in &t.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    out
}
