//! The report's table of packages per service, for scenarios with more than
//! one kind of unit: the totals add GP lists and hospital posts, and a package
//! can help one service while it costs the other. Builds blocks only.

use crate::model::Model;
use crate::output::compare_roles::{figures, role_words, split_shown, with_range};
use crate::output::numfmt::Lang;
use crate::report::Block;
use crate::sim::compare::CompareTable;

/// The table and its note, or nothing when no package changes more than one
/// service.
pub fn blocks(model: &Model, t: &CompareTable, ranked: &[usize], lang: Lang) -> Vec<Block> {
    let shown: Vec<usize> = ranked
        .iter()
        .copied()
        .filter(|&v| split_shown(t, v))
        .collect();
    if shown.is_empty() {
        return Vec::new();
    }
    let nb = lang == Lang::Nb;
    let (from, through) = (model.base_year, model.comparison.through_year);
    let mut rows = Vec::new();
    for &v in &shown {
        for (r, &role) in t.roles.iter().enumerate() {
            let (vm, py, locum, cost) = figures(t, v, r);
            rows.push(vec![
                model.variants[v].name.clone(),
                role_words(role, lang).to_string(),
                with_range(vm, 1.0, 0, lang),
                py.map_or("–".to_string(), |py| with_range(py, 1.0, 0, lang)),
                with_range(locum, 1e-6, 1, lang),
                with_range(cost, 1e-6, 1, lang),
            ]);
        }
    }
    let header = if nb {
        [
            "Tiltakspakke",
            "Tjeneste",
            "Unngåtte ledige månedsverk",
            "Unngåtte pasientår uten lege",
            "Sparte vikarutgifter, mill. kr",
            "Kostnad for tiltakene, mill. kr",
        ]
    } else {
        [
            "Package",
            "Service",
            "Vacancy-months avoided",
            "Patient-years without a GP avoided",
            "Locum costs saved, NOK million",
            "Cost of the measures, NOK million",
        ]
    };
    vec![
        Block::Table {
            caption: if nb {
                format!(
                    "Per tjeneste, summert {from}–{through}; kroner i nåverdi; i parentes P10–P90"
                )
            } else {
                format!("Per service, summed {from}–{through}; kroner as present values; in brackets P10–P90")
            },
            header: header.into_iter().map(String::from).collect(),
            rows,
        },
        Block::Text(if nb {
            "Tabellene over summerer alle tjenestene. Her vises pakkene som endrer mer enn én tjeneste, delt per tjeneste; pakker som bare endrer én, har tallene over. Pasientår uten lege gjelder fastlegelistene.".into()
        } else {
            "The tables above add up all services. Here the packages that change more than one service are split by service; packages that change only one have the figures above. Patient-years without a GP count the GP lists.".into()
        }),
    ]
}
