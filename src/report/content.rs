//! What a report of a run or a comparison says: the blocks in order (summary
//! tables, charts with captions, what drives the costs, the method note and the
//! assumptions). Pure: results and chart texts in, a `Report` out.

use super::{assumptions, Block, Report};
use crate::chart::drivers::tornado_series;
use crate::model::Model;
use crate::output::compare::{avoided, with_range};
use crate::output::numfmt::{mill_kr, number, Lang};
use crate::output::staff::Staff;
use crate::sim::compare::{CMetric, CompareTable};
use crate::stats::summary::Table;
use crate::stats::tornado::{self, Sample, SAMPLE_CAP};
use crate::stats::Metric;

/// Where the results came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub scenario_file: String,
    pub seed: u64,
    pub replicates: u64,
    pub scenario_sha256: String,
}

/// A chart for the report: file stem (the PNG is `charts/<stem>.png`), caption, SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartText {
    pub stem: String,
    pub caption: String,
    pub svg: String,
}

fn meta_lines(model: &Model, m: &Meta, lang: Lang) -> Vec<(String, String)> {
    let nb = lang == Lang::Nb;
    let l = |a: &str, b: &str| if nb { a.to_string() } else { b.to_string() };
    vec![
        (
            l("Scenario", "Scenario"),
            crate::output::manifest::shown_label(&m.scenario_file, lang),
        ),
        (
            l("Periode", "Period"),
            format!(
                "{}–{}",
                model.base_year,
                model.base_year + model.horizon_years as i32 - 1
            ),
        ),
        (
            l("Replikasjoner", "Replicates"),
            number(m.replicates as f64, 0, lang),
        ),
        (
            l("Frø (seed) for tilfeldige tall", "Seed"),
            m.seed.to_string(),
        ),
        (
            l("Versjon", "Version"),
            format!("stabil {}", env!("CARGO_PKG_VERSION")),
        ),
        (
            l("Scenariofilens SHA-256", "Scenario file SHA-256"),
            m.scenario_sha256.clone(),
        ),
    ]
}

fn method(lang: Lang, replicates: u64, sampled: bool, staff: Staff) -> Vec<Block> {
    let n = |x: u64| number(x as f64, 0, lang);
    let (kept, cap, draws) = (
        n(replicates.min(SAMPLE_CAP)),
        n(SAMPLE_CAP),
        n(crate::sim::survival::SURVIVAL_DRAWS),
    );
    let nb = lang == Lang::Nb;
    let (service, people) = (staff.service(lang), staff.people(lang));
    let positions = staff.positions(lang);
    let vacant = staff.vacant(lang).to_lowercase();
    let mut out = vec![Block::Text(if nb {
        format!("stabil simulerer {service} mange ganger (replikasjoner). I hver replikasjon slutter {people} (oftest de første årene i stillingen), {vacant} står ledige en tilfeldig tid, vikarer dekker en del av den ledige tiden til en ukepris, og {people} går av med pensjon. Usikre parametere trekkes én gang per replikasjon. Spredningen mellom replikasjonene er usikkerheten: P10–P90 betyr at 8 av 10 simulerte framtider ligger i intervallet. P10 er den minste verdien som minst 10 % av framtidene ligger på eller under, og tilsvarende for P25, P50 (medianen), P75 og P90; de er eksakte for antall og innen 1 % for beløp. Årstabellene viser forventet verdi (snittet over replikasjonene) med P10–P90; figurene viser medianen med båndene og den forventede verdien som stiplet linje. Der de fleste framtider har få eller ingen {vacant}, er medianen lavere enn snittet (ofte 0), fordi noen framtider har mange.")
    } else {
        format!("stabil simulates {service} many times (replicates). In each replicate {people} leave (most often in their first years in post), vacant positions stay vacant for a random time, locums cover part of the vacant time at a weekly price, and {people} retire. Uncertain parameters are drawn once per replicate. The spread across replicates is the uncertainty: P10–P90 means 8 in 10 simulated futures lie in the range. P10 is the smallest value that at least 10 % of the futures are at or below, and likewise for P25, P50 (the median), P75 and P90; they are exact for counts and within 1 % for amounts. The yearly tables show the expected value (the mean over replicates) with P10–P90; the charts show the median with the bands and the expected value as a dashed line. Where most futures have few or no vacant positions, the median lies below the mean (often at 0), because some futures have many.")
    })];
    if sampled {
        out.push(Block::Text(if nb {
            format!("Samlede vikarutgifter og rangkorrelasjonene (Spearman) er beregnet fra de første {kept} replikasjonene (høyst {cap} lagres, så resultatet ikke avhenger av antall tråder). Rangkorrelasjonen viser hvor sterkt de samlede vikarutgiftene over hele perioden stiger (positiv) eller faller (negativ) med en parameter, ikke hvor mye; bare parametere som virker uten tiltak er med.")
        } else {
            format!("Cumulative locum costs and the rank correlations (Spearman) are computed from the first {kept} replicates (at most {cap} are kept, so the result does not depend on the number of threads). The rank correlation shows how strongly the locum costs summed over the whole period rise (positive) or fall (negative) with a parameter, not by how much; only parameters that act without measures are shown.")
        }));
    }
    out.push(Block::Text(if nb {
        format!("Andelen nye {people} fortsatt i stillingen er regnet ut fra modellens avgangsrisiko etter ansiennitet (ikke simulert), med tiltakene ved full effekt (uten samspill, opptrapping, flere {positions} og arbeidsbelastning), uten pensjonering, vektet med antall {positions} og gjennomsnittlig over {draws} trekk av parameterne (trekkene til replikasjon 1–{draws}, også når kjøringen har færre).")
    } else {
        format!("The share of new {people} still in post is computed from the model's departure hazard by tenure (not simulated), with measures at full effect (no synergy, ramp-up, extra positions or workload feedback), without retirement, weighted by positions and averaged over {draws} draws of the parameters (those of replicates 1–{draws}, also when the run has fewer).")
    }));
    out
}

fn charts(out: &mut Vec<Block>, charts: &[ChartText]) {
    for c in charts {
        out.push(Block::Chart {
            title: c.caption.clone(),
            png: format!("charts/{}.png", c.stem),
            svg: c.svg.clone(),
        });
    }
}

/// The warnings about the scenario file's values, as the terminal showed them,
/// first in the report: a reader of the report alone must see them too.
fn warnings(model: &Model, lang: Lang) -> Vec<Block> {
    if model.warnings.is_empty() {
        return Vec::new();
    }
    let nb = lang == Lang::Nb;
    vec![
        Block::Heading(if nb { "Advarsler" } else { "Warnings" }.into()),
        Block::Text(
            if nb {
                "Scenariofilen har verdier som kan være feil. Beregningen er gjort med verdiene slik de står; sjekk dem før resultatene brukes. Meldingene er på engelsk, som i terminalen."
            } else {
                "The scenario file has values that may be mistakes. The results use the values as written; check them before using the results."
            }
            .into(),
        ),
        Block::Verbatim(model.warnings.trim_end().to_string()),
    ]
}

fn range(mean: String, lo: f64, hi: f64, d: usize, lang: Lang) -> String {
    format!(
        "{mean} ({})",
        crate::output::numfmt::span(&number(lo, d, lang), &number(hi, d, lang), lang)
    )
}

/// The report of `stabil run`.
pub fn run(
    model: &Model,
    src: &str,
    meta: &Meta,
    table: &Table,
    samples: &[Sample],
    chart_texts: &[ChartText],
    lang: Lang,
) -> Report {
    let nb = lang == Lang::Nb;
    let mut b = warnings(model, lang);
    b.push(Block::Heading(
        if nb { "Sammendrag" } else { "Summary" }.into(),
    ));
    let entities = crate::output::table::summary_entities(model);
    for (e, name) in entities {
        // Only GP services have patients without a GP.
        let patients = Staff::has_gp(model, e);
        let vacant = Staff::of_entity(model, e).vacant(lang);
        let mut header = if nb {
            vec![
                "År".to_string(),
                format!("{vacant}, snitt i året (P10–P90)"),
                "Vikarutgifter i året, mill. kr (P10–P90)".to_string(),
                "Pasienter uten lege eller vikar".to_string(),
            ]
        } else {
            vec![
                "Year".to_string(),
                format!("{vacant}, year average (P10–P90)"),
                "Locum costs in the year, NOK million (P10–P90)".to_string(),
                "Patients without a GP or locum".to_string(),
            ]
        };
        header.truncate(if patients { 4 } else { 3 });
        b.push(Block::Table {
            caption: name.to_string(),
            header,
            rows: crate::output::table::milestone_years(model)
                .into_iter()
                .map(|y| {
                    let t = (y - model.base_year) as usize;
                    let vm = table.year(e, t, Metric::VacancyMonths);
                    let c = table.year(e, t, Metric::LocumCostNok);
                    let mut row = vec![
                        y.to_string(),
                        range(
                            number(vm.mean / 12.0, 1, lang),
                            vm.p(0.1) / 12.0,
                            vm.p(0.9) / 12.0,
                            1,
                            lang,
                        ),
                        range(
                            number(c.mean / 1e6, 1, lang),
                            c.p(0.1) / 1e6,
                            c.p(0.9) / 1e6,
                            1,
                            lang,
                        ),
                        number(table.year(e, t, Metric::PatientsWithoutGp).mean, 0, lang),
                    ];
                    row.truncate(if patients { 4 } else { 3 });
                    row
                })
                .collect(),
        });
    }
    b.extend(crate::report::overlap::section(model, lang));
    b.extend(crate::report::drift::section(model, table, lang));
    let fan = tornado::cumulative_fan(samples, model.horizon_years as usize);
    b.push(Block::Table {
        caption: if nb {
            "Samlede vikarutgifter fra start, alle enheter (median og P10–P90 av summen, ikke diskontert)"
        } else {
            "Cumulative locum costs from the start, all units (median and P10–P90 of the sum, not discounted)"
        }
        .into(),
        header: if nb {
            vec!["Til og med", "Median", "P10–P90"]
        } else {
            vec!["Through", "Median", "P10–P90"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: crate::output::table::milestone_years(model)
            .into_iter()
            .filter_map(|y| fan.get((y - model.base_year) as usize).map(|q| (y, q)))
            .map(|(y, q)| {
                vec![
                    y.to_string(),
                    mill_kr(q[2], lang),
                    format!(
                        "{}–{}",
                        number(q[0] / 1e6, 1, lang),
                        number(q[4] / 1e6, 1, lang)
                    ),
                ]
            })
            .collect(),
    });
    b.extend(crate::report::need::section(model, lang));
    b.push(Block::Heading(if nb { "Figurer" } else { "Charts" }.into()));
    charts(&mut b, chart_texts);
    b.push(Block::Heading(
        if nb {
            "Hva driver vikarutgiftene?"
        } else {
            "What drives the locum costs?"
        }
        .into(),
    ));
    b.push(Block::Table {
        caption: if nb { "Rangkorrelasjon (Spearman) mellom parameter og samlede vikarutgifter over hele perioden" } else { "Rank correlation (Spearman) between parameter and cumulative locum costs over the whole period" }.into(),
        header: vec!["Parameter".into(), "ρ".into()],
        rows: tornado_series(model, samples, lang).into_iter().map(|(l, r)| vec![l, number(r, 2, lang)]).collect(),
    });
    b.extend(crate::report::units::section(model, table, lang));
    b.push(Block::Heading(if nb { "Metode" } else { "Method" }.into()));
    b.extend(method(lang, table.replicates, true, Staff::of_model(model)));
    b.extend(assumptions::blocks(model, src, lang, false));
    Report {
        title: format!("{}: {}", Staff::of_model(model).title(lang), model.title),
        lang,
        meta: meta_lines(model, meta, lang),
        blocks: b,
    }
}

/// The report of `stabil compare`.
pub fn compare(
    model: &Model,
    src: &str,
    meta: &Meta,
    t: &CompareTable,
    chart_texts: &[ChartText],
    lang: Lang,
) -> Report {
    let nb = lang == Lang::Nb;
    let through = model.comparison.through_year;
    let mut b = warnings(model, lang);
    b.push(Block::Heading(
        if nb { "Sammendrag" } else { "Summary" }.into(),
    ));
    b.push(Block::Table {
        caption: if nb {
            format!("Tiltakspakker mot dagens situasjon, summert {}–{through}; kroner i nåverdi ({} % realrente); i parentes P10–P90", model.base_year, number(t.discount_rate * 100.0, 1, lang))
        } else {
            format!("Packages of measures against the baseline, summed {}–{through}; kroner as present values ({} % real rate); in brackets P10–P90", model.base_year, number(t.discount_rate * 100.0, 1, lang))
        },
        header: if nb {
            vec!["Tiltakspakke", "Unngåtte ledige månedsverk", "Sparte vikarutgifter, mill. kr", "Kostnad for tiltakene, mill. kr", "Netto kostnad, mill. kr", "P(sparer penger)"]
        } else {
            vec!["Package", "Vacancy-months avoided", "Locum costs saved, NOK million", "Cost of the measures, NOK million", "Net cost, NOK million", "P(saves money)"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: crate::output::compare::ranking(t)
            .into_iter()
            .map(|v| {
                let vm = t.get(v, t.through, CMetric::VacancyMonths, true);
                let m = |s: &crate::stats::Stat| with_range(s, 1e6, 1, lang);
                vec![
                    model.variants[v].name.clone(),
                    with_range(&avoided(&vm), 1.0, 0, lang),
                    m(&t.pv_savings[v]),
                    m(&t.pv_measure[v]),
                    format!("{}, median {}", m(&t.npv[v]), number(t.npv[v].p(0.5) / 1e6, 1, lang)),
                    format!("{} %", number(t.p_saves[v] * 100.0, 0, lang)),
                ]
            })
            .collect(),
    });
    b.extend(super::packages::blocks(model, t, lang));
    b.push(Block::Heading(if nb { "Figurer" } else { "Charts" }.into()));
    charts(&mut b, chart_texts);
    b.push(Block::Heading(if nb { "Metode" } else { "Method" }.into()));
    b.extend(method(lang, t.replicates, false, Staff::of_model(model)));
    b.push(Block::Text(if nb {
        "Tiltakspakkene og dagens situasjon simuleres i de samme framtidene med de samme tilfeldige tallene, så forskjellen mellom dem skyldes i hovedsak tiltakene, ikke tilfeldig variasjon. Tiltakenes effekter er usikre forutsetninger, ikke dokumenterte effekter.".into()
    } else {
        "The packages and the baseline are simulated in the same futures with the same random numbers, so the difference between them comes mainly from the measures, not from chance. The measures' effects are uncertain assumptions, not documented effects.".into()
    }));
    b.extend(assumptions::blocks(model, src, lang, true));
    Report {
        title: if nb {
            format!("Tiltakspakker sammenlignet: {}", model.title)
        } else {
            format!("Packages of measures compared: {}", model.title)
        },
        lang,
        meta: meta_lines(model, meta, lang),
        blocks: b,
    }
}
