//! The report's warning that summarised regions overlap: a total region (the
//! whole country, or all of a scenario's municipalities) holds the counties
//! listed beside it, so adding their rows counts units twice (fresh-eyes
//! review, session 12). Pure: model in, blocks out.

use super::Block;
use crate::model::Model;
use crate::output::numfmt::{and_list, Lang};
use crate::output::table::summary_entities;

/// One sentence per summarised region that holds other summarised regions
/// whole, or nothing.
pub fn section(model: &Model, lang: Lang) -> Vec<Block> {
    let n = model.units.len();
    let regions: Vec<(&str, &[usize])> = summary_entities(model)
        .into_iter()
        .filter(|&(e, _)| e >= n)
        .map(|(e, name)| (name, model.regions[e - n].members.as_slice()))
        .collect();
    let mut lines = Vec::new();
    for &(name, outer) in &regions {
        let inner: Vec<(&str, &[usize])> = regions
            .iter()
            .copied()
            .filter(|&(_, m)| m.len() < outer.len() && m.iter().all(|u| outer.contains(u)))
            .collect();
        if inner.is_empty() {
            continue;
        }
        let whole = outer
            .iter()
            .all(|u| inner.iter().any(|(_, m)| m.contains(u)));
        // Quoted: region names hold "og" themselves ("Sortland og Hadsel").
        let quote = |n: &str| match lang {
            Lang::Nb => format!("«{n}»"),
            Lang::En => format!("\u{201c}{n}\u{201d}"),
        };
        let names: Vec<String> = inner.iter().map(|(n, _)| quote(n)).collect();
        let name = quote(name);
        // A few by name; the fifteen counties of `norge` by number.
        let list = match (names.len(), lang) {
            (..=4, _) => and_list(&names, lang),
            (k, Lang::Nb) => format!("de {k} andre regionene i sammendraget"),
            (k, Lang::En) => format!("the {k} other regions in the summary"),
        };
        lines.push(match (lang, whole) {
            (Lang::Nb, true) => format!("{name} er summen av {list}."),
            (Lang::Nb, false) => format!("{name} omfatter {list}."),
            (Lang::En, true) => format!("{name} is the sum of {list}."),
            (Lang::En, false) => format!("{name} includes {list}."),
        });
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let tail = match lang {
        Lang::Nb => {
            "Legg ikke sammen tallene for regioner som overlapper: da telles enhetene to ganger."
        }
        Lang::En => "Do not add up the figures of overlapping regions: that counts units twice.",
    };
    vec![Block::Text(format!("{} {tail}", lines.join(" ")))]
}
