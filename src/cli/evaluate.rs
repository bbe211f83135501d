//! `stabil evaluate RUN_DIR OBSERVED.csv`: reads a run's yearly projections and
//! a file of observed figures, and writes where each observation fell.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{say, Failure};
use crate::evaluate::{assess, report, Observed, Projected};
use crate::output::csv::num;
use crate::output::numfmt::Lang;
use crate::output::write::atomic_write;
use crate::scenario::problem::{Problem, Problems, TomlPath};

fn problem(line: Option<usize>, msg: String, fix: &str) -> Problem {
    let mut p = Problem::new(TomlPath::root(), msg).fix(fix);
    p.line = line;
    p
}

/// Ids of the units in the run's copy of its scenario that are not GP
/// services (`role` other than `gp`). A run folder without the copy (written
/// by an older stabil) has GP services only, as scenarios then did.
fn other_roles(run: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(run.join("scenario.toml")) else {
        return Vec::new();
    };
    let Ok(doc) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let units = doc.get("units").and_then(|u| u.as_array());
    units
        .into_iter()
        .flatten()
        .filter(|u| {
            u.get("role")
                .and_then(|r| r.as_str())
                .is_some_and(|r| r != "gp")
        })
        .filter_map(|u| u.get("id").and_then(|i| i.as_str()).map(str::to_string))
        .collect()
}

/// Positions of `unit` at the end of `year` in the run: filled plus vacant
/// is the number of positions in every replicate, so their means add up to it.
fn positions(projected: &[Projected], unit: &str, year: i32) -> Option<f64> {
    let mean = |metric: &str| {
        projected
            .iter()
            .find(|p| p.unit == unit && p.year == year && p.metric == metric)
            .map(|p| p.mean)
    };
    Some((mean("filled")? + mean("vacant")?).round())
}

/// The yearly projections of a run directory.
fn projections(run: &Path) -> Result<Vec<Projected>, Failure> {
    let others = other_roles(run);
    let path = run.join("units_yearly.csv");
    let file = path.display().to_string();
    let mut rdr = csv::Reader::from_path(&path).map_err(|_| {
        Failure::Input(Problems {
            file: file.clone(),
            problems: vec![problem(
                None,
                "this run folder has no units_yearly.csv".into(),
                "give the folder a `stabil run` wrote, e.g. out/vesteralen",
            )],
        })
    })?;
    let mut out = Vec::new();
    for (i, r) in rdr.records().enumerate() {
        let r = r.with_context(|| format!("{file}: line {}", i + 2))?;
        let f = |k: usize| r.get(k).unwrap_or("").parse::<f64>().unwrap_or(f64::NAN);
        out.push(Projected {
            unit: r[1].to_string(),
            name: r[2].to_string(),
            year: r[3]
                .parse()
                .with_context(|| format!("{file}: line {}: year", i + 2))?,
            metric: r[4].to_string(),
            mean: f(5),
            quantiles: [f(6), f(7), f(8), f(9), f(10), f(11), f(12)],
            gp: !others.iter().any(|o| o == &r[1]),
        });
    }
    Ok(out)
}

/// Observations: columns unit, year and any of filled, vacant (or
/// lists_without_gp), locum_cost_nok. Units by id or name.
fn observations(path: &Path, projected: &[Projected]) -> Result<Vec<Observed>, Failure> {
    let file = path.display().to_string();
    let text = super::read_user_text(path).map_err(|e| {
        Failure::Input(Problems {
            file: file.clone(),
            problems: vec![problem(
                None,
                format!("cannot read the file: {e}"),
                "check the path",
            )],
        })
    })?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(crate::ssb::text::csv_delimiter(
            text.lines().next().unwrap_or(""),
        ))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map(|h| h.iter().map(str::to_lowercase).collect())
        .unwrap_or_default();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let metrics: Vec<(usize, &str)> = [
        ("filled", "filled"),
        ("vacant", "vacant"),
        ("lists_without_gp", "vacant"),
        ("locum_cost_nok", "locum_cost_nok"),
    ]
    .iter()
    .filter_map(|(c, m)| col(c).map(|i| (i, *m)))
    .collect();
    let (Some(c_unit), Some(c_year)) = (col("unit"), col("year")) else {
        return Err(Failure::Input(Problems {
            file,
            problems: vec![problem(Some(1), format!("the header must have unit and year columns; found: {}", headers.join(", ")), "add them, with one or more of filled, vacant (or lists_without_gp), locum_cost_nok")],
        }));
    };
    if metrics.is_empty() {
        return Err(Failure::Input(Problems {
            file,
            problems: vec![problem(
                Some(1),
                "no observed figures: no column filled, vacant, lists_without_gp or locum_cost_nok"
                    .into(),
                "add at least one of them",
            )],
        }));
    }
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, r) in rdr.records().enumerate() {
        let line = i + 2;
        let Ok(r) = r else {
            problems.push(problem(
                Some(line),
                "cannot read this row".into(),
                "check quotes and commas",
            ));
            continue;
        };
        let given = r.get(c_unit).unwrap_or("").trim();
        let unit = match crate::evaluate::match_unit(given, projected) {
            Ok(unit) => unit,
            Err((message, fix)) => {
                problems.push(problem(Some(line), message, &fix));
                continue;
            }
        };
        let Ok(year) = r.get(c_year).unwrap_or("").parse::<i32>() else {
            problems.push(problem(
                Some(line),
                format!("year `{}` is not a year", r.get(c_year).unwrap_or("")),
                "write a year such as 2026",
            ));
            continue;
        };
        if !projected.iter().any(|p| p.year == year) {
            // Once for the row, not once for each of its figures.
            let (first, last) = (
                projected.iter().map(|p| p.year).min().unwrap_or(0),
                projected.iter().map(|p| p.year).max().unwrap_or(0),
            );
            problems.push(problem(
                Some(line),
                format!("{year} is outside the run's years {first}-{last}"),
                "evaluate against a run that covers the year",
            ));
            continue;
        }
        for &(c, metric) in &metrics {
            let cell = r.get(c).unwrap_or("").replace([' ', '\u{a0}'], "");
            if cell.is_empty() {
                continue;
            }
            let count = metric != "locum_cost_nok";
            let limit = if count {
                positions(projected, &unit, year)
            } else {
                None
            };
            match cell.replace(',', ".").parse::<f64>() {
                Ok(v) if v < 0.0 || (count && v.fract() != 0.0) => problems.push(problem(
                    Some(line),
                    format!(
                        "`{cell}` cannot be {}",
                        if count {
                            "a number of positions or lists"
                        } else {
                            "a cost"
                        }
                    ),
                    if count {
                        "write a whole number ≥ 0"
                    } else {
                        "write kroner ≥ 0"
                    },
                )),
                Ok(v) if limit.is_some_and(|n| v > n) => {
                    let n = limit.unwrap_or(0.0);
                    let what = if metric == "filled" {
                        "filled positions"
                    } else {
                        "vacancies"
                    };
                    problems.push(problem(
                        Some(line),
                        format!("{given} {year}: {cell} {what}, but the run has {n} positions there that year"),
                        "check the figure; if the positions have changed since, run the scenario again with today's positions",
                    ))
                }
                Ok(_)
                    if out.iter().any(|o: &Observed| {
                        o.unit == unit && o.year == year && o.metric == metric
                    }) =>
                {
                    problems.push(problem(
                        Some(line),
                        format!("{given} {year} has a second value for {metric}"),
                        "keep one row per unit and year",
                    ))
                }
                Ok(value) => out.push(Observed {
                    unit: unit.clone(),
                    year,
                    metric: metric.to_string(),
                    value,
                    line,
                }),
                Err(_) => problems.push(problem(
                    Some(line),
                    format!("`{cell}` is not a number"),
                    "write plain numbers, e.g. 1250000",
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Input(Problems { file, problems }));
    }
    Ok(out)
}

/// The percentile column: beyond P5 or P95 only the side is known (the
/// report says "< 5" too), so the cell says so instead of a number.
fn percentile_cell(a: &crate::evaluate::Assessment) -> String {
    match a.beyond() {
        -1 => "<5".into(),
        1 => ">95".into(),
        _ => num(a.percentile),
    }
}

fn fan_titles(name: &str, metric: &str, gp: bool, lang: Lang) -> (String, &'static str) {
    let y = match (metric, gp, lang) {
        ("locum_cost_nok", _, Lang::Nb) => {
            return (format!("{name}: vikarutgifter i året"), "Millioner kroner")
        }
        ("locum_cost_nok", _, Lang::En) => {
            return (format!("{name}: locum costs in the year"), "NOK million")
        }
        (_, false, Lang::Nb) => "Stillinger",
        (_, false, Lang::En) | ("filled", true, Lang::En) => "Positions",
        ("filled", true, Lang::Nb) => "Hjemler",
        (_, true, Lang::Nb) => "Lister",
        (_, true, Lang::En) => "Lists",
    };
    let at_end = match lang {
        Lang::Nb => "ved årets slutt",
        Lang::En => "at year end",
    };
    let what = crate::evaluate::metric_words(metric, gp, lang);
    (format!("{name}: {what} {at_end}"), y)
}

pub fn evaluate(
    run: &Path,
    observed: &Path,
    out: Option<PathBuf>,
    lang: Lang,
) -> Result<(), Failure> {
    let projected = projections(run)?;
    let obs = observations(observed, &projected)?;
    let (items, unmatched) = assess(&projected, &obs);
    if items.is_empty() {
        let file = observed.display().to_string();
        return Err(Failure::Input(Problems {
            file,
            problems: vec![problem(
                None,
                "no observation matches a projected unit and year".into(),
                "check that the years lie within the run's horizon",
            )],
        }));
    }
    let out = out.unwrap_or_else(|| run.join("evaluation"));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut csv = String::from("unit,name,year,metric,observed,p10,p50,p90,percentile,flag\n");
    for a in &items {
        let p = &a.projected;
        let flag = ["below_p10", "inside", "above_p90"][(a.flag + 1) as usize];
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{flag}\n",
            p.unit,
            crate::output::csv::quote(&p.name),
            p.year,
            p.metric,
            num(a.observed),
            num(p.quantiles[1]),
            num(p.quantiles[3]),
            num(p.quantiles[5]),
            percentile_cell(a)
        ));
    }
    let text = report(&items, lang);
    let md = if lang == Lang::Nb {
        "evaluering.md"
    } else {
        "evaluation.md"
    };
    atomic_write(&out.join("evaluation.csv"), csv.as_bytes())?;
    atomic_write(&out.join(md), text.as_bytes())?;
    // Fan charts from an earlier evaluation in this folder would mislead.
    if let Ok(dir) = std::fs::read_dir(&out) {
        for entry in dir.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("fan_") && name.ends_with(".png") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    // One fan chart per unit and metric observed.
    let mut drawn: Vec<(String, String)> = Vec::new();
    for a in &items {
        let key = (a.projected.unit.clone(), a.projected.metric.clone());
        if drawn.contains(&key) {
            continue;
        }
        let series: Vec<_> = projected
            .iter()
            .filter(|p| p.unit == key.0 && p.metric == key.1)
            .collect();
        // Kroner are drawn in millions, so the axis stays readable.
        let k = if key.1 == "locum_cost_nok" { 1e-6 } else { 1.0 };
        let fan: Vec<crate::chart::fan::FanYear> = series
            .iter()
            .map(|p| {
                (
                    p.year,
                    p.quantiles[1] * k,
                    p.quantiles[2] * k,
                    p.quantiles[3] * k,
                    p.quantiles[4] * k,
                    p.quantiles[5] * k,
                )
            })
            .collect();
        // The expected value beside the median, as in a run's charts.
        let means: Vec<(i32, f64)> = series.iter().map(|p| (p.year, p.mean * k)).collect();
        let points: Vec<(i32, f64)> = items
            .iter()
            .filter(|i| i.projected.unit == key.0 && i.projected.metric == key.1)
            .map(|i| (i.projected.year, i.observed * k))
            .collect();
        let (title, y) = fan_titles(&a.projected.name, &key.1, a.projected.gp, lang);
        let caption = match lang {
            Lang::Nb => format!(
                "Kilde: framskriving i {} (stabil {}), observerte tall fra {}.",
                run.display(),
                env!("CARGO_PKG_VERSION"),
                observed.display()
            ),
            Lang::En => format!(
                "Source: projection in {} (stabil {}), observed figures from {}.",
                run.display(),
                env!("CARGO_PKG_VERSION"),
                observed.display()
            ),
        };
        let png = crate::chart::fan::render(
            &title,
            y,
            &fan,
            &means,
            &points,
            key.1 != "locum_cost_nok",
            &caption,
            crate::chart::Format::SCREEN,
            lang,
        );
        atomic_write(&out.join(format!("fan_{}_{}.png", key.0, key.1)), &png)?;
        drawn.push(key);
    }
    say!("{text}");
    for u in &unmatched {
        say!(
            "(line {}: {} {} {} has no projection in this run and was left out)",
            u.line,
            u.unit,
            u.year,
            u.metric
        );
    }
    let run_csv = std::fs::read(run.join("units_yearly.csv")).unwrap_or_default();
    let observed_bytes = std::fs::read(observed).unwrap_or_default();
    let run_name = run.join("units_yearly.csv").display().to_string();
    let observed_name = observed.display().to_string();
    let record = crate::output::manifest::Provenance::new(
        "evaluate",
        &[(&run_name, &run_csv), (&observed_name, &observed_bytes)],
        None,
        None,
        &["evaluation.csv", md],
    );
    super::outputs::write_provenance(&out, &record)?;
    if lang == Lang::Nb {
        say!(
            "Resultater i {} (evaluation.csv, {md}, viftediagrammer, manifest.json)",
            out.display()
        );
    } else {
        say!(
            "Results in {} (evaluation.csv, {md}, fan charts, manifest.json)",
            out.display()
        );
    }
    Ok(())
}
