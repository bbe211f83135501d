//! The comparison report's tables about the packages themselves: what each
//! package holds (measures, units, years), and the figures `stabil compare`
//! prints per package beyond the summary (patient-years, cost per avoided
//! month, when it pays off, labour-market notes) with what they mean. Pure:
//! model and comparison in, report blocks out.

use super::Block;
use crate::model::Model;
use crate::output::compare::{
    avoided, break_even, market_note, per_month, ranking, with_range, PER_MONTH,
};
use crate::output::numfmt::{and_list, Lang};
use crate::sim::compare::{CMetric, CompareTable};

/// Both tables, packages in the summary's order.
pub fn blocks(model: &Model, t: &CompareTable, lang: Lang) -> Vec<Block> {
    let mut b = vec![contents(model, t, lang)];
    b.extend(more(model, t, lang));
    b
}

/// One row per measure of each package: which measure, where, and when. A
/// package without measures (a labour market only) says so.
pub fn contents(model: &Model, t: &CompareTable, lang: Lang) -> Block {
    let nb = lang == Lang::Nb;
    let all = model.units.len();
    let mut rows = Vec::new();
    for v in ranking(t) {
        let variant = &model.variants[v];
        if variant.uses.is_empty() {
            let markets: Vec<&str> = variant
                .markets
                .iter()
                .map(|&k| model.markets[k].name.as_str())
                .collect();
            rows.push(vec![
                variant.name.clone(),
                if nb { "ingen tiltak" } else { "no measures" }.into(),
                if markets.is_empty() {
                    "–".into()
                } else if nb {
                    format!("felles arbeidsmarked: {}", and_list(&markets, lang))
                } else {
                    format!("shared labour market: {}", and_list(&markets, lang))
                },
                "–".into(),
            ]);
        }
        for u in &variant.uses {
            let measure = &model.measures[u.measure];
            let names: Vec<&str> = u
                .units
                .iter()
                .map(|&i| model.units[i].name.as_str())
                .collect();
            let units = if u.units.len() == all && all > 3 {
                match lang {
                    Lang::Nb => format!("alle {all} enhetene"),
                    Lang::En => format!("all {all} units"),
                }
            } else {
                and_list(&names, lang)
            };
            let years = match (u.end_year, lang) {
                (Some(e), _) => format!("{}–{e}", u.start_year),
                (None, Lang::Nb) => format!("fra {}", u.start_year),
                (None, Lang::En) => format!("from {}", u.start_year),
            };
            rows.push(vec![
                variant.name.clone(),
                if nb {
                    measure.name_nb.clone()
                } else {
                    measure.name_en.clone()
                },
                units,
                years,
            ]);
        }
    }
    Block::Table {
        caption: if nb {
            "Hva tiltakspakkene inneholder".into()
        } else {
            "What the packages contain".into()
        },
        header: if nb {
            vec!["Tiltakspakke", "Tiltak", "Hvor", "År"]
        } else {
            vec!["Package", "Measure", "Where", "Years"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows,
    }
}

/// The rest of what `stabil compare` prints per package: patient-years
/// avoided, cost per avoided month, when it pays off, and the note on a
/// labour market the baseline does not have.
pub fn more(model: &Model, t: &CompareTable, lang: Lang) -> Vec<Block> {
    let nb = lang == Lang::Nb;
    let through = model.comparison.through_year;
    let ranked = ranking(t);
    let mut b = vec![Block::Table {
        caption: if nb {
            format!(
                "Mer om tiltakspakkene, summert {}–{through}; i parentes P10–P90",
                model.base_year
            )
        } else {
            format!(
                "More on the packages, summed {}–{through}; in brackets P10–P90",
                model.base_year
            )
        },
        header: if nb {
            vec![
                "Tiltakspakke",
                "Unngåtte pasientår uten lege",
                PER_MONTH[0],
                "Lønner seg fra (forventet)",
            ]
        } else {
            vec![
                "Package",
                "Patient-years without a GP avoided",
                PER_MONTH[1],
                "Pays off from (expected)",
            ]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: ranked
            .iter()
            .map(|&v| {
                let py = t.get(v, t.through, CMetric::PatientYearsWithoutGp, true);
                vec![
                    model.variants[v].name.clone(),
                    with_range(&avoided(&py), 1.0, 0, lang),
                    per_month(t, v, lang),
                    break_even(model, t, v, lang),
                ]
            })
            .collect(),
    }];
    let (first, last) = (
        model.base_year,
        model.base_year + model.horizon_years as i32 - 1,
    );
    b.push(Block::Text(if nb {
        format!(
            "Udiskontert kostnad per unngått månedsverk er kostnaden for tiltakene summert {first}–{through} uten diskontering, \
             delt på de unngåtte ledige månedsverkene i samme periode (begge forventede verdier). \
             «Lønner seg fra» er det første året da summen av netto kostnad fra {first} (nåverdi, forventet verdi) er null eller lavere \
             og forblir det ut {last}; året kan ligge etter perioden tabellene summerer."
        )
    } else {
        format!(
            "The undiscounted cost per avoided month is the cost of the measures summed {first}–{through} without discounting, \
             divided by the vacancy-months avoided in the same period (both expected values). \
             “Pays off from” is the first year in which the net cost summed from {first} (present value, expected) is zero or below \
             and stays so to {last}; it can lie after the period the tables sum."
        )
    }));
    b.extend(crate::report::roles::blocks(model, t, &ranked, lang));
    for &v in &ranked {
        if let Some(note) = market_note(model, v, lang) {
            let name = &model.variants[v].name;
            b.push(Block::Text(if nb {
                format!("Merk om «{name}»: {note}")
            } else {
                format!("Note on “{name}”: {note}")
            }));
        }
    }
    b
}
