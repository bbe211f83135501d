//! The assumptions section of a report: the units as given, every uncertain
//! parameter with its distribution, the model's defaults with their sources (as
//! in README "The model and its defaults"), the measures the variants use with
//! their evidence, and the scenario file itself. Returns blocks.

use super::Block;
use crate::chart::drivers::param_label;
use crate::model::dist::Dist;
use crate::model::Model;
use crate::output::numfmt::{number, Lang};

/// The defaults and their sources: (what, value, source), in English and Norwegian.
const DEFAULTS: [(&str, &str, &str, &str); 10] = [
    ("Median contract, < 2 000 inhabitants", "Median kontraktstid, < 2 000 innbyggere", "2.75 years", "Abelsen, Gaski, Brandstorp, Tidsskr Nor Legeforen 2015;135:2045-9"),
    ("Median contract, 50 000+", "Median kontraktstid, 50 000+", "8.37 years", "Same (national median 5.91)"),
    ("Median contract, size classes between", "Median kontraktstid, størrelser imellom", "4.3 / 5.3 / 6.2 / 7.3 years", "Assumption: log-linear in population between the two published values"),
    ("Tenure-band shape", "Form over ansiennitetsbånd", "1.5, 1.2, 1, 1, 1", "Assumption; reproduces the share still in post after 13 years (NordicGP 2015, abstract 539-OP)"),
    ("Median time to fill", "Median tid til besatt", "6 / 5 / 4 / 3 / 2.5 / 2 months by size class, lognormal σ = 0.8", "Assumption"),
    ("Locum coverage", "Vikardekning", "85 % of vacant time", "Assumption"),
    ("Locum price", "Vikarpris", "triangular 60 000 / 95 800 / 150 000 NOK per week", "Mode: a recent quote of NOK 95 800; range: assumption"),
    ("Recruit age", "Alder ved rekruttering", "normal(38, 7) truncated to 27–62", "Assumption"),
    ("Retirement", "Pensjonering", "hazard 0.10/year at 62–66, 0.35/year at 67–69, all by 70", "Assumption within “none before 62, certain by 70”"),
    ("Discount rate", "Kalkulasjonsrente", "4 % real", "Finansdepartementet, rundskriv R-109"),
];

/// A distribution in words.
pub fn describe(d: &Dist, lang: Lang) -> String {
    let n = |x: f64| number(x, if x.fract() == 0.0 { 0 } else { 2 }, lang);
    let lim = |lo: f64, hi: f64| {
        if lo.is_finite() || hi.is_finite() {
            format!(
                ", {}–{}",
                if lo.is_finite() {
                    n(lo)
                } else {
                    "−∞".into()
                },
                if hi.is_finite() { n(hi) } else { "∞".into() }
            )
        } else {
            String::new()
        }
    };
    match *d {
        Dist::Fixed(x) => n(x),
        Dist::Uniform { min, max } => format!("uniform({}–{})", n(min), n(max)),
        Dist::Triangular { min, mode, max } => {
            format!("triangular({} / {} / {})", n(min), n(mode), n(max))
        }
        Dist::Normal {
            mean, sd, min, max, ..
        } => format!("normal({}, sd {}{})", n(mean), n(sd), lim(min, max)),
        Dist::LogNormal { median, sigma } => {
            format!("lognormal(median {}, σ {})", n(median), n(sigma))
        }
        Dist::Beta {
            alpha,
            beta,
            min,
            max,
        } => format!("beta({}, {}{})", n(alpha), n(beta), lim(min, max)),
    }
}

/// The assumption blocks. `src` is the scenario text; `with_measures` adds the
/// measures used by the variants.
pub fn blocks(model: &Model, src: &str, lang: Lang, with_measures: bool) -> Vec<Block> {
    let nb = lang == Lang::Nb;
    let mut out = vec![Block::Heading(
        if nb { "Forutsetninger" } else { "Assumptions" }.into(),
    )];
    out.push(Block::Table {
        caption: if nb {
            "Enheter ved start (kilde: scenariofilen; standardverdier fra SSB tabell 12005)"
        } else {
            "Units at the start (source: the scenario file; defaults from SSB table 12005)"
        }
        .into(),
        header: if nb {
            vec![
                "Enhet",
                "Kommunenr.",
                "Innbyggere",
                "Hjemler",
                "Ledige",
                "Listelengde",
            ]
        } else {
            vec![
                "Unit",
                "Municipality no.",
                "Population",
                "Positions",
                "Vacant",
                "List length",
            ]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: model
            .units
            .iter()
            .map(|u| {
                vec![
                    u.name.clone(),
                    u.kommune.clone().unwrap_or_default(),
                    number(f64::from(u.population), 0, lang),
                    u.positions.initial.to_string(),
                    u.initial_vacant.to_string(),
                    match u.list_length {
                        crate::model::Param::Fixed(x) => number(x, 0, lang),
                        crate::model::Param::Draw(i) => describe(&model.uncertain[i].dist, lang),
                    },
                ]
            })
            .collect(),
    });
    out.push(Block::Table {
        caption: if nb {
            "Usikre parametere (trukket én gang per replikasjon)"
        } else {
            "Uncertain parameters (drawn once per replicate)"
        }
        .into(),
        header: if nb {
            vec!["Parameter", "Sti i scenariofilen", "Fordeling"]
        } else {
            vec!["Parameter", "Path in the scenario file", "Distribution"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: model
            .uncertain
            .iter()
            .map(|p| {
                vec![
                    param_label(model, &p.path, lang),
                    p.path.clone(),
                    describe(&p.dist, lang),
                ]
            })
            .collect(),
    });
    out.push(Block::Table {
        caption: if nb {
            "Modellens standardverdier og kilder (gjelder der scenariofilen ikke sier noe annet)"
        } else {
            "The model's defaults and their sources (where the scenario file says nothing else)"
        }
        .into(),
        header: if nb {
            vec!["Hva", "Verdi", "Kilde"]
        } else {
            vec!["What", "Value", "Source"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: DEFAULTS
            .iter()
            .map(|d| {
                vec![
                    if nb { d.1 } else { d.0 }.to_string(),
                    d.2.to_string(),
                    d.3.to_string(),
                ]
            })
            .collect(),
    });
    if with_measures {
        let mut used: Vec<usize> = model
            .variants
            .iter()
            .flat_map(|v| v.uses.iter().map(|u| u.measure))
            .collect();
        used.sort_unstable();
        used.dedup();
        out.push(Block::Table {
            caption: if nb {
                "Tiltak i tiltakspakkene og kunnskapsgrunnlaget (effektene er forutsetninger)"
            } else {
                "Measures in the packages and their evidence (the effects are assumptions)"
            }
            .into(),
            header: if nb {
                vec!["Tiltak", "Beskrivelse", "Kunnskapsgrunnlag"]
            } else {
                vec!["Measure", "Description", "Evidence"]
            }
            .into_iter()
            .map(String::from)
            .collect(),
            rows: used
                .iter()
                .map(|&m| {
                    let m = &model.measures[m];
                    vec![
                        if nb {
                            m.name_nb.clone()
                        } else {
                            m.name_en.clone()
                        },
                        m.description.clone(),
                        m.evidence.clone(),
                    ]
                })
                .collect(),
        });
    }
    out.push(Block::Heading(
        if nb {
            "Scenariofilen"
        } else {
            "The scenario file"
        }
        .into(),
    ));
    out.push(Block::Pre(src.to_string()));
    out
}
