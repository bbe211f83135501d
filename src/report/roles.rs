//! The report's table of packages per service, for scenarios with more than
//! one kind of unit: the totals add GP lists and hospital posts, and a package
//! can help one service while it costs the other. Builds blocks only.

use crate::model::Model;
use crate::output::compare::{per_month_words, with_range, PER_MONTH};
use crate::output::compare_roles::{figures, role_words, split_shown, who_pays};
use crate::output::numfmt::Lang;
use crate::report::Block;
use crate::sim::compare::CompareTable;

/// The table with a note before it and, per package, where it saves and where
/// it costs; nothing when no package changes more than one service.
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
            let f = figures(t, v, r);
            let money = |s: &crate::stats::Stat| with_range(s, 1e6, 1, lang);
            rows.push(vec![
                model.variants[v].name.clone(),
                role_words(role, lang).to_string(),
                with_range(&f.vacancy_months_avoided, 1.0, 0, lang),
                f.patient_years_avoided
                    .map_or("–".to_string(), |py| with_range(&py, 1.0, 0, lang)),
                money(f.locum_saved),
                f.measure_cost.map_or("–".to_string(), money),
                money(f.net_cost),
                per_month_words(f.cost_per_avoided_month, lang),
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
            "Netto kostnad, mill. kr",
            PER_MONTH[0],
        ]
    } else {
        [
            "Package",
            "Service",
            "Vacancy-months avoided",
            "Patient-years without a GP avoided",
            "Locum costs saved, NOK million",
            "Cost of the measures, NOK million",
            "Net cost, NOK million",
            PER_MONTH[1],
        ]
    };
    let mut b = vec![
        Block::Text(if nb {
            "Tabellene ovenfor summerer alle tjenestene. Tabellen nedenfor deler pakkene som endrer mer enn én tjeneste, per tjeneste; pakker som bare endrer én, har tallene ovenfor. Negative tall betyr flere ledige månedsverk eller høyere utgifter enn i dag. Pasientår uten lege gjelder fastlegelistene. Tjenestenes tall kan avvike med én enhet fra summen på grunn av avrunding, og deres P10–P90 kan ikke legges sammen.".into()
        } else {
            "The tables above add up all services. The table below splits the packages that change more than one service by service; packages that change only one have the figures above. Negative numbers mean more vacancy-months or higher costs than today. Patient-years without a GP count the GP lists. The services' figures may differ by one unit from the total because of rounding, and their P10–P90 cannot be added.".into()
        }),
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
    ];
    b.extend(
        shown
            .iter()
            .filter_map(|&v| who_pays(model, t, v, true, lang))
            .map(Block::Text),
    );
    b
}
