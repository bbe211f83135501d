//! The assumptions section of a report: the units as given, every uncertain
//! parameter with its distribution, the model's defaults with their sources (as
//! in README "The model and its defaults"), the measures the variants use with
//! their evidence, and the scenario file itself. Returns blocks.

use super::Block;
use crate::model::dist::Dist;
use crate::model::Model;
use crate::output::numfmt::{number, Lang};
use crate::output::param_words::{acts_in_baseline, param_label};

/// One default with its source, in English and in Norwegian.
struct DefaultRow {
    what: (&'static str, &'static str),
    value: (&'static str, &'static str),
    source: (&'static str, &'static str),
}

/// The defaults and their sources (as README "The model and its defaults").
const DEFAULTS: [DefaultRow; 10] = [
    DefaultRow {
        what: ("Median contract, < 2 000 inhabitants", "Median kontraktstid, < 2 000 innbyggere"),
        value: ("2.75 years", "2,75 år"),
        source: ("Abelsen, Gaski, Brandstorp, Tidsskr Nor Legeforen 2015;135:2045-9", "Abelsen, Gaski, Brandstorp, Tidsskr Nor Legeforen 2015;135:2045-9"),
    },
    DefaultRow {
        what: ("Median contract, 50 000+", "Median kontraktstid, 50 000+"),
        value: ("8.37 years", "8,37 år"),
        source: ("Same (national median 5.91)", "Samme (nasjonal median 5,91)"),
    },
    DefaultRow {
        what: ("Median contract, size classes between", "Median kontraktstid, størrelser imellom"),
        value: ("4.3 / 5.3 / 6.2 / 7.3 years", "4,3 / 5,3 / 6,2 / 7,3 år"),
        source: ("Assumption: log-linear in population between the two published values", "Forutsetning: log-lineær i folketallet mellom de to publiserte verdiene"),
    },
    DefaultRow {
        what: ("Tenure-band shape", "Form over ansiennitetsbånd"),
        value: ("1.5 / 1.2 / 1 / 1 / 1", "1,5 / 1,2 / 1 / 1 / 1"),
        source: ("Assumption; reproduces the share still in post after 13 years (NordicGP 2015, abstract 539-OP)", "Forutsetning; gir andelen som fortsatt er i stillingen etter 13 år (NordicGP 2015, abstract 539-OP)"),
    },
    DefaultRow {
        what: ("Median time to fill", "Median tid før stillingen er besatt"),
        value: ("6 / 5 / 4 / 3 / 2.5 / 2 months by size class, lognormal σ = 0.8", "6 / 5 / 4 / 3 / 2,5 / 2 måneder etter størrelse, lognormal σ = 0,8"),
        source: ("Assumption", "Forutsetning"),
    },
    DefaultRow {
        what: ("Locum coverage", "Vikardekning"),
        value: ("85 % of vacant time", "85 % av den ledige tiden"),
        source: ("Assumption", "Forutsetning"),
    },
    DefaultRow {
        what: ("Locum price", "Vikarpris"),
        value: ("triangular 60 000 / 95 800 / 150 000 NOK per week", "triangulær 60 000 / 95 800 / 150 000 kr per uke"),
        source: ("Mode: a recent quote of NOK 95 800; range: assumption", "Modus: et nylig tilbud på 95 800 kr; spennet: forutsetning"),
    },
    DefaultRow {
        what: ("Recruit age", "Alder ved rekruttering"),
        value: ("normal(38, 7) truncated to 27–62", "normal(38, 7) avkortet til 27–62"),
        source: ("Assumption", "Forutsetning"),
    },
    DefaultRow {
        what: ("Retirement", "Pensjonering"),
        value: ("hazard 0.10/year at 62–66, 0.35/year at 67–69, all by 70", "risiko 0,10 per år ved 62–66, 0,35 per år ved 67–69, alle innen 70"),
        source: ("Assumption within “none before 62, certain by 70”", "Forutsetning innenfor «ingen før 62, alle innen 70»"),
    },
    DefaultRow {
        what: ("Discount rate", "Kalkulasjonsrente"),
        value: ("4 % real", "4 % reell"),
        source: ("Finansdepartementet, rundskriv R-109", "Finansdepartementet, rundskriv R-109"),
    },
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
        Dist::Triangular { min, mode, max } => format!(
            "{}({} / {} / {})",
            if lang == Lang::Nb {
                "triangulær"
            } else {
                "triangular"
            },
            n(min),
            n(mode),
            n(max)
        ),
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
    // "Hjemler" for GP services, "Stillinger" otherwise.
    let positions = {
        let word = crate::output::staff::Staff::of_model(model).positions(Lang::Nb);
        word[..1].to_uppercase() + &word[1..]
    };
    // GP units of municipalities without SSB 12005 figures: `init` estimated
    // their lists, which may belong to a neighbour that counts them too
    // (fresh-eyes review, session 12: Salangen's lists serve Lavangen and Dyrøy).
    let estimated: Vec<bool> = model
        .units
        .iter()
        .map(|u| {
            u.role == crate::model::Role::Gp
                && u.kommune
                    .as_deref()
                    .and_then(crate::data::municipality)
                    .is_some_and(|m| m.gp.is_none())
        })
        .collect();
    let any_estimated = estimated.contains(&true);
    let mut caption = if nb {
        "Enheter ved start (kilde: scenariofilen; standardverdier fra SSB tabell 12005)".to_string()
    } else {
        "Units at the start (source: the scenario file; defaults from SSB table 12005)".to_string()
    };
    if any_estimated {
        caption.push_str(if nb {
            "; * SSB 12005 har ingen tall for kommunen: antallet er anslått (innbyggere delt på landets snittliste, rundet opp). Ofte har en nabokommune fastlegene og teller dem også"
        } else {
            "; * SSB 12005 has no figures for the municipality: the number is estimated (inhabitants over the national mean list, rounded up). Often a neighbour has the GPs and counts them too"
        });
    }
    out.push(Block::Table {
        caption,
        header: if nb {
            vec![
                "Enhet",
                "Kommunenr.",
                "Innbyggere",
                &positions,
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
            .zip(&estimated)
            .map(|(u, &estimated)| {
                vec![
                    u.name.clone(),
                    u.kommune.clone().unwrap_or_default(),
                    number(f64::from(u.population), 0, lang),
                    format!(
                        "{}{}",
                        u.positions.initial,
                        if estimated { "*" } else { "" }
                    ),
                    u.initial_vacant.to_string(),
                    match u.list_length {
                        // Units without lists (hospital units).
                        crate::model::Param::Fixed(0.0) => "–".to_string(),
                        crate::model::Param::Fixed(x) => number(x, 0, lang),
                        crate::model::Param::Draw(i) => describe(&model.uncertain[i].dist, lang),
                    },
                ]
            })
            .collect(),
    });
    // A run's report lists what can change the run; the measures' and
    // variants' parameters only act in `compare`.
    let listed = |path: &str| with_measures || acts_in_baseline(model, path);
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
            .filter(|p| listed(&p.path))
            .map(|p| {
                vec![
                    param_label(model, &p.path, lang),
                    p.path.clone(),
                    describe(&p.dist, lang),
                ]
            })
            .collect(),
    });
    // The defaults are doctors' figures: for nurses (and other staff) they
    // are stand-ins until the municipality's own figures are written.
    let doctors_only = matches!(
        crate::output::staff::Staff::of_model(model),
        crate::output::staff::Staff::Gps | crate::output::staff::Staff::Doctors
    );
    out.push(Block::Table {
        caption: match (nb, doctors_only) {
            (true, true) => "Modellens standardverdier og kilder (gjelder der scenariofilen ikke sier noe annet)",
            (true, false) => "Modellens standardverdier og kilder (gjelder der scenariofilen ikke sier noe annet). Kildene gjelder leger; for sykepleiere og andre yrker er tallene antakelser til kommunens egne tall er lagt inn",
            (false, true) => "The model's defaults and their sources (where the scenario file says nothing else)",
            (false, false) => "The model's defaults and their sources (where the scenario file says nothing else). The sources are about doctors; for nurses and other staff the figures are assumptions until the municipality's own are written",
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
                let pick = |(en, no): (&str, &str)| if nb { no } else { en }.to_string();
                vec![pick(d.what), pick(d.value), pick(d.source)]
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
                        if nb { m.description_nb.as_ref() } else { None }
                            .unwrap_or(&m.description)
                            .clone(),
                        if nb { m.evidence_nb.as_ref() } else { None }
                            .unwrap_or(&m.evidence)
                            .clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The caption of the defaults table for a bundled scenario.
    fn defaults_caption(name: &str, lang: Lang) -> String {
        let src = crate::scenario::bundled::get(name).unwrap();
        let model = crate::scenario::load_str(src, name).unwrap();
        blocks(&model, src, lang, false)
            .into_iter()
            .find_map(|b| match b {
                Block::Table { caption, .. }
                    if caption.contains("defaults and their sources")
                        || caption.contains("standardverdier og kilder") =>
                {
                    Some(caption)
                }
                _ => None,
            })
            .unwrap()
    }

    #[test]
    fn a_nurse_report_says_the_defaults_are_doctors_figures() {
        assert!(defaults_caption("sykepleiere", Lang::Nb)
            .contains("for sykepleiere og andre yrker er tallene antakelser"));
        assert!(defaults_caption("sykepleiere", Lang::En)
            .contains("for nurses and other staff the figures are assumptions"));
        assert!(!defaults_caption("vesteralen", Lang::Nb).contains("antakelser"));
    }
}
