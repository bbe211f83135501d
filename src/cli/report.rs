//! The outputs of `run` and `compare` beyond their CSV files: the extra charts
//! (cumulative locum cost, tornado, share still in post), the reports
//! (`rapport.html`, `rapport.md`), `results.xlsx`, `results.parquet`,
//! `results_long.csv` and a copy of the scenario (`scenario.toml`); and
//! `stabil report RUN_DIR`, which rebuilds all of a run folder's files by running
//! again from that copy with the seed and replicates in its `manifest.json`
//! (same seed, same numbers). Builds bytes; `cli::outputs` writes them.

use std::path::{Path, PathBuf};

use super::outputs::{self, OutFile, Parts};
use super::{Failure, RunArgs};
use crate::chart::{drivers, render_all, Format, Job};
use crate::model::Model;
use crate::output::numfmt::Lang;
use crate::output::staff::Staff;
use crate::report::content::{self, ChartText, Meta};
use crate::sim::compare::CompareTable;
use crate::stats::summary::Table;
use crate::stats::tornado::Sample;

/// Years shown in the share-still-in-post chart, and points per year.
const SURVIVAL_YEARS: f64 = 15.0;
const SURVIVAL_STEPS: usize = 60;

/// A figure caption for a chart file stem.
fn caption_of(stem: &str, model: &Model, lang: Lang) -> String {
    let nb = lang == Lang::Nb;
    // Entity index (units, then regions) of an id, and its name.
    let entity_of = |id: &str| {
        model
            .units
            .iter()
            .map(|u| &u.id)
            .chain(model.regions.iter().map(|r| &r.id))
            .position(|i| i == id)
    };
    let name_of = |id: &str| {
        entity_of(id).map_or(id.to_string(), |e| match model.units.get(e) {
            Some(u) => u.name.clone(),
            None => model.regions[e - model.units.len()].name.clone(),
        })
    };
    let t = |a: &str, b: &str| if nb { a.to_string() } else { b.to_string() };
    match stem {
        "cumulative_locum_cost" => t("Samlede vikarutgifter fra start (median, P25–P75, P10–P90).", "Cumulative locum costs from the start (median, P25–P75, P10–P90)."),
        "tornado" => t("Hvilke usikre forutsetninger som driver de samlede vikarutgiftene (Spearmans rangkorrelasjon).", "Which uncertain assumptions drive the cumulative locum costs (Spearman rank correlation)."),
        "retention" => {
            let people = Staff::of_model(model).people(lang);
            t(&format!("Andel nye {people} som fortsatt er i stillingen, etter antall år siden de begynte, etter modellens avgangsrisiko (uten pensjonering)."), &format!("Share of new {people} still in post by years since start, from the model's departure hazard (without retirement)."))
        }
        "net_cost" => t("Netto kostnad per tiltakspakke i nåverdi, med P10–P90.", "Net cost per package as present value, with P10–P90."),
        "vacancy_by_variant" if crate::chart::compare_charts::with_bands(model) => format!("{}{}", Staff::of_model(model).vacant(lang), t(" per tiltakspakke: median med P25–P75-bånd.", " per package: median with P25–P75 band.")),
        "vacancy_by_variant" => format!("{}{}", Staff::of_model(model).vacant(lang), t(" per tiltakspakke: forventet verdi (uten usikkerhetsbånd, fordi de ville skjult hverandre; spredningen står i tabellene).", " per package: expected value (no uncertainty bands, which would hide each other; the tables give the spread).")),
        s => {
            if let Some(id) = s.strip_prefix("vacancy_") {
                let vacant = entity_of(id).map_or(Staff::Gps, |e| Staff::of_entity(model, e)).vacant(lang).to_lowercase();
                format!("{}: {vacant}{}", name_of(id), t(", snitt i året.", ", year average."))
            } else if let Some(id) = s.strip_prefix("locum_cost_") {
                format!("{}: {}", name_of(id), t("vikarutgifter per år.", "locum costs per year."))
            } else if let Some(id) = s.strip_prefix("need_") {
                // The chart's word for the positions: "hjemler" for GP services.
                let positions = entity_of(id).map_or(Staff::Gps, |e| Staff::of_entity(model, e)).positions(lang);
                format!("{}: {}", name_of(id), t(&format!("behov beregnet fra befolkningen etter kjønn og alder, og {positions} 1. januar."), "need computed from the population by sex and age, and positions on 1 January."))
            } else if let Some(id) = s.strip_prefix("age_") {
                format!("{}: {}", name_of(id), t("befolkning etter alder nå og ved horisonten, med veksten i 67+ og 80+.", "population by age now and at the horizon, with the growth of 67+ and 80+."))
            } else if let Some(id) = s.strip_prefix("flows_") {
                let market = model.markets.iter().find(|m| m.id == id).map_or(id.to_string(), |m| m.name.clone());
                format!("{market}: {}", t("forventet antall leger som flytter mellom enhetene i arbeidsmarkedet, og inn og ut av regionen.", "expected number of doctors moving between the units of the labour market, and into and out of the region."))
            } else {
                s.to_string()
            }
        }
    }
}

/// Every chart of a run: fans, demand (need, age structure) and market flows.
pub(super) fn run_chart_set(
    model: &Model,
    table: &Table,
    flows: &[crate::stats::flows::FlowStats],
    label: &str,
    png: Format,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    let mut charts = crate::chart::run_charts::all(model, table, label, png, lang);
    charts.extend(crate::chart::demand_charts::all(model, label, png, lang));
    charts.extend(crate::chart::flow_chart::all(
        model, flows, label, png, lang,
    ));
    charts
}

/// Chart texts for the report: every SVG among `charts`, in order.
fn chart_texts(charts: &[(String, Vec<u8>)], model: &Model, lang: Lang) -> Vec<ChartText> {
    charts
        .iter()
        .filter_map(|(name, bytes)| {
            let stem = name.strip_suffix(".svg")?;
            Some(ChartText {
                stem: stem.to_string(),
                caption: caption_of(stem, model, lang),
                svg: String::from_utf8_lossy(bytes).into_owned(),
            })
        })
        .collect()
}

/// The charts' source line; `label` as readers see it (`shown_label`).
fn source_caption(label: &str, lang: Lang) -> String {
    match lang {
        Lang::Nb => format!(
            "Kilde: framskriving med stabil {}, scenario {label}.",
            env!("CARGO_PKG_VERSION")
        ),
        Lang::En => format!(
            "Source: projection with stabil {}, scenario {label}.",
            env!("CARGO_PKG_VERSION")
        ),
    }
}

fn retention_note(caption: &str, lang: Lang) -> String {
    match lang {
        Lang::Nb => format!(
            "{caption} Tiltak ved full effekt; uten samspill, pensjonering og flere hjemler. Vektet med alle enhetenes hjemler."
        ),
        Lang::En => {
            format!("{caption} Measures at full effect; no synergy, retirement or extra positions. Weighted by every unit's positions.")
        }
    }
}

/// Everything `run` writes besides its CSVs (not yet written): every chart, the
/// reports, spreadsheet, long table and scenario copy, built in parallel.
#[allow(clippy::too_many_arguments)]
pub(super) fn run_outputs(
    model: &Model,
    src: &str,
    meta: &Meta,
    table: &Table,
    samples: &[Sample],
    flows: &[crate::stats::flows::FlowStats],
    png: Format,
    lang: Lang,
) -> Result<Vec<OutFile>, Failure> {
    // As readers see it (a built-in scenario named in their language).
    let label = &crate::output::manifest::shown_label(&meta.scenario_file, lang);
    let caption = source_caption(label, lang);
    let n = crate::output::numfmt::number(samples.len() as f64, 0, lang);
    let sampled = match lang {
        Lang::Nb => format!("{caption} Første {n} replikasjoner."),
        Lang::En => format!("{caption} First {n} replicates."),
    };
    let retention_caption = match lang {
        Lang::Nb => format!("{caption} Uten pensjonering."),
        Lang::En => format!("{caption} Without retirement."),
    };
    // The drivers' charts: cumulative cost and tornado while the retention curve
    // (`run` shows the baseline only) is computed, then the retention charts.
    let drivers = || {
        let (curve, mut drawn) = rayon::join(
            || {
                crate::sim::survival::baseline(
                    model,
                    meta.seed,
                    crate::sim::survival::SURVIVAL_DRAWS,
                    SURVIVAL_YEARS,
                    SURVIVAL_STEPS,
                )
            },
            || {
                let mut jobs: Vec<Job> = Vec::new();
                for format in [png, Format::SVG] {
                    let ext = format.extension();
                    let sampled = &sampled;
                    jobs.push((
                        format!("cumulative_locum_cost.{ext}"),
                        Box::new(move || {
                            drivers::cumulative(model, samples, sampled, format, lang)
                        }),
                    ));
                    jobs.push((
                        format!("tornado.{ext}"),
                        Box::new(move || {
                            drivers::tornado_chart(model, samples, sampled, format, lang)
                        }),
                    ));
                }
                render_all(jobs)
            },
        );
        let curves = [curve];
        let mut retention = render_all(
            [png, Format::SVG]
                .into_iter()
                .map(|format| -> Job {
                    let (curves, caption) = (&curves, &retention_caption);
                    (
                        format!("retention.{}", format.extension()),
                        Box::new(move || drivers::retention(model, curves, caption, format, lang)),
                    )
                })
                .collect(),
        );
        // File order: cumulative, tornado, retention; PNGs first.
        let svg = drawn.split_off(2);
        let retention_svg = retention.pop().expect("two formats");
        drawn.extend(retention);
        drawn.extend(svg);
        drawn.push(retention_svg);
        drawn
    };
    outputs::build(
        model,
        src,
        lang,
        false,
        |charts| chart_texts(charts, model, lang),
        Parts {
            charts: || {
                let (mut charts, extra) = rayon::join(
                    || run_chart_set(model, table, flows, label, png, lang),
                    drivers,
                );
                charts.extend(extra);
                charts
            },
            report: |texts: &[ChartText]| {
                content::run(model, src, meta, table, samples, texts, lang)
            },
            sheets: || crate::output::xlsx::run_sheets(model, table, lang),
            long: || crate::output::long::from_run(model, table),
        },
    )
}

/// Everything `compare` writes besides its CSVs (not yet written): the
/// comparison charts with the retention curves, reports, spreadsheet, long table
/// and scenario copy, built in parallel.
pub(super) fn compare_outputs(
    model: &Model,
    src: &str,
    meta: &Meta,
    t: &CompareTable,
    png: Format,
    lang: Lang,
) -> Result<Vec<OutFile>, Failure> {
    // As readers see it (a built-in scenario named in their language).
    let label = &crate::output::manifest::shown_label(&meta.scenario_file, lang);
    let caption = source_caption(label, lang);
    let note = retention_note(&caption, lang);
    outputs::build(
        model,
        src,
        lang,
        true,
        |charts| chart_texts(charts, model, lang),
        Parts {
            charts: || {
                let (mut charts, curves) = rayon::join(
                    || crate::chart::compare_charts::all(model, t, label, png, lang),
                    || {
                        crate::sim::survival::curves(
                            model,
                            meta.seed,
                            crate::sim::survival::SURVIVAL_DRAWS,
                            SURVIVAL_YEARS,
                            SURVIVAL_STEPS,
                        )
                    },
                );
                let (curves, note) = (&curves, &note);
                charts.extend(render_all(
                    [png, Format::SVG]
                        .into_iter()
                        .map(|format| -> Job {
                            (
                                format!("retention.{}", format.extension()),
                                Box::new(move || {
                                    drivers::retention(model, curves, note, format, lang)
                                }),
                            )
                        })
                        .collect(),
                ));
                charts
            },
            report: |texts: &[ChartText]| content::compare(model, src, meta, t, texts, lang),
            sheets: || crate::output::xlsx::compare_sheets(model, t, lang),
            long: || crate::output::long::from_compare(model, t),
        },
    )
}

fn not_a_run_dir(dir: &Path, why: &str) -> Failure {
    Failure::Usage(format!(
        "{} is not a folder written by `stabil run` or `stabil compare`: {why}.\nfix: give the folder a run wrote (e.g. out/vesteralen or out/vesteralen/compare), or run `stabil run` first",
        dir.display()
    ))
}

/// `stabil report RUN_DIR`: runs again from the folder's `scenario.toml` with the
/// manifest's seed and replicates, and rewrites the folder's files.
pub fn report(dir: &Path, lang: Lang, print: bool, quiet: bool) -> Result<(), Failure> {
    let manifest_path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|_| not_a_run_dir(dir, "it has no manifest.json"))?;
    let m: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| not_a_run_dir(dir, &format!("its manifest.json cannot be read ({e})")))?;
    let command = m["command"].as_str().unwrap_or("");
    if command != "run" && command != "compare" {
        return Err(not_a_run_dir(dir, "its manifest.json is not from `run` or `compare` (or from a stabil older than `stabil report`; run again)"));
    }
    let scenario = dir.join("scenario.toml");
    let src = std::fs::read_to_string(&scenario).map_err(|_| {
        not_a_run_dir(
            dir,
            "it has no scenario.toml (written by stabil since `stabil report`; run again)",
        )
    })?;
    let hash = crate::output::manifest::scenario_hash(&src);
    if m["scenario_sha256"].as_str() != Some(hash.as_str()) {
        return Err(Failure::Usage(format!(
            "{} was changed after the run (its SHA-256 differs from manifest.json's scenario_sha256).\nfix: run the changed scenario with `stabil {command} {}`, or restore the file",
            scenario.display(),
            scenario.display()
        )));
    }
    let (Some(seed), Some(replicates)) = (m["seed"].as_u64(), m["replicates"].as_u64()) else {
        return Err(not_a_run_dir(
            dir,
            "its manifest.json has no seed or replicates",
        ));
    };
    let args = RunArgs::for_report(
        scenario,
        dir.to_path_buf(),
        seed,
        replicates,
        lang,
        print,
        quiet,
        m["scenario_file"].as_str().map(String::from),
        // Relative `[demography]` paths are relative to the original scenario's
        // folder; without it (a built-in scenario, or the folder is gone), the
        // run folder.
        m["scenario_folder"]
            .as_str()
            .map(PathBuf::from)
            .filter(|d| d.is_dir()),
    );
    if command == "run" {
        super::run::run(&args)
    } else {
        super::run::compare(&args)
    }
}
