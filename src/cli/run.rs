//! `stabil run` and `stabil compare`: load, simulate with a progress bar, write
//! the files atomically with a manifest, and print a short table.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;

use super::outputs::OutFile;
use super::{load, say, Failure, RunArgs};
use crate::model::Model;
use crate::output::csv::{Level, Period};
use crate::output::manifest::{scenario_hash, Manifest};
use crate::output::numfmt::{number, Lang};
use crate::output::write::atomic_write;
use crate::report::content::Meta;
use crate::scenario::problem::{Problem, Problems, TomlPath};
use crate::sim::engine::RunOptions;
use crate::stats::flows::FlowStats;
use crate::stats::summary::Table;
use crate::stats::tornado::{Collector, SAMPLE_CAP};

/// What every run needs before simulating.
struct Prepared {
    model: Model,
    src: String,
    label: String,
    /// The folder `[demography]` files were read from (recorded for `stabil report`).
    data_dir: Option<PathBuf>,
    out: PathBuf,
    bar: indicatif::ProgressBar,
}

/// The most replicates a run takes (a national run of this many takes about
/// a quarter of an hour on two cores).
const MAX_REPLICATES: u64 = 1_000_000;

fn prepare(args: &RunArgs, subdir: Option<&str>) -> Result<Prepared, Failure> {
    let super::Loaded {
        model,
        src,
        label,
        data_dir,
    } = load(args.file.as_deref(), args.data_dir.as_deref())?;
    let label = args.label.clone().unwrap_or(label);
    if args.replicates == 0 {
        return Err(Failure::Usage(
            "--replicates must be at least 1 (try 10000)".into(),
        ));
    }
    // A digit too many ran for hours without a word (fresh-eyes review,
    // session 10). With 10,000 replicates a P10 is the 1,000th smallest of
    // them: its probability level is known to about ±0.3 percentage points.
    if args.replicates > MAX_REPLICATES {
        return Err(Failure::Usage(format!(
            "--replicates {}: more than {} replicates is probably a typo (a million replicates of the national scenario take about a quarter of an hour)\nfix: leave --replicates out (10,000) or give at most {}",
            args.replicates, MAX_REPLICATES, MAX_REPLICATES
        )));
    }
    // Each worker thread keeps its own statistics (hundreds of MB for a
    // national run), so thousands of threads would exhaust memory, not speed
    // anything up. A few more than cores are allowed (checks of thread-count
    // independence use them).
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if args.threads > 4 * cores {
        return Err(Failure::Usage(format!(
            "--threads {}: this machine has {cores} cores, and threads beyond them add memory (each keeps its own statistics), not speed\nfix: leave --threads out (all cores) or give at most {} (four per core)",
            args.threads,
            4 * cores
        )));
    }
    let mut out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(&model.name));
    if let (None, Some(sub)) = (&args.out, subdir) {
        out = out.join(sub);
    }
    std::fs::create_dir_all(&out).with_context(|| {
        format!(
            "cannot create the output folder {}; check the path and permissions",
            out.display()
        )
    })?;
    use std::io::IsTerminal as _;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(args.replicates)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} replicates ({eta})")
            .expect("static template"),
    );
    Ok(Prepared {
        model,
        src,
        label,
        data_dir,
        out,
        bar,
    })
}

fn manifest(
    p: &Prepared,
    args: &RunArgs,
    command: &str,
    elapsed: f64,
    files: Vec<String>,
) -> Result<(), Failure> {
    use super::outputs::{previous_manifest, remove_stale, replaced_warning};
    let old = previous_manifest(&p.out);
    let folder = p.data_dir.as_deref();
    if let Some(w) = replaced_warning(&p.out, old.as_ref(), command, &p.label, folder) {
        eprintln!("warning: {w}");
    }
    remove_stale(&p.out, old.as_ref(), command, &files);
    let m = Manifest {
        stabil_version: env!("CARGO_PKG_VERSION").to_string(),
        command: command.to_string(),
        scenario: p.model.name.clone(),
        scenario_file: p.label.clone(),
        scenario_sha256: scenario_hash(&p.src),
        scenario_folder: p.data_dir.as_ref().map(|d| d.display().to_string()),
        seed: args.seed,
        replicates: args.replicates,
        threads: if args.threads == 0 { rayon::current_num_threads() } else { args.threads },
        base_year: p.model.base_year,
        horizon_years: p.model.horizon_years,
        run_time_seconds: (elapsed * 1000.0).round() / 1000.0,
        files,
        quantile_method: format!(
            "lower quantile (the ceil(p·n)-th smallest replicate); exact for counts, within {} % for real-valued metrics and never outside the smallest and largest replicate",
            crate::stats::sketch::RELATIVE_ACCURACY * 100.0
        ),
    };
    atomic_write(&p.out.join("manifest.json"), &m.serialize())?;
    Ok(())
}

fn header(p: &Prepared, args: &RunArgs, elapsed: f64) -> String {
    let lang = args.lang();
    // A small run takes milliseconds: "0,00 s" looked as if nothing ran.
    let (n, secs) = (
        number(args.replicates as f64, 0, lang),
        if elapsed < 0.1 {
            format!("{} ms", number((elapsed * 1000.0).max(1.0), 0, lang))
        } else {
            format!("{} s", number(elapsed, 2, lang))
        },
    );
    let one = args.replicates == 1;
    let shown = crate::output::manifest::shown_label(&p.label, lang);
    match lang {
        Lang::Nb => format!(
            "{}: {n} {}, frø (seed) {}, simulering {secs}",
            shown,
            if one { "replikasjon" } else { "replikasjoner" },
            args.seed
        ),
        Lang::En => format!(
            "{}: {n} {}, seed {}, simulation {secs}",
            shown,
            if one { "replicate" } else { "replicates" },
            args.seed
        ),
    }
}

/// Writes the manifest and prints the header, the table `text` and where the files are.
fn finish(
    p: &Prepared,
    args: &RunArgs,
    command: &str,
    elapsed: f64,
    files: Vec<String>,
    text: &str,
) -> Result<(), Failure> {
    manifest(p, args, command, elapsed, files)?;
    if !args.quiet {
        say!("{}{text}", header(p, args, elapsed));
        say!(
            "{} {}",
            if args.lang() == Lang::Nb {
                "Resultater i"
            } else {
                "Results in"
            },
            p.out.display()
        );
    }
    Ok(())
}

fn meta(p: &Prepared, args: &RunArgs) -> Meta {
    Meta {
        scenario_file: p.label.clone(),
        seed: args.seed,
        replicates: args.replicates,
        scenario_sha256: scenario_hash(&p.src),
    }
}

fn options(args: &RunArgs) -> RunOptions {
    RunOptions {
        replicates: args.replicates,
        seed: args.seed,
        threads: args.threads,
    }
}

pub fn run(args: &RunArgs) -> Result<(), Failure> {
    let p = prepare(args, None)?;
    let start = Instant::now();
    let collector = Collector::new(SAMPLE_CAP);
    let (years, bins_per_year) = (
        p.model.horizon_years as usize,
        (12 / p.model.months_per_bin()) as usize,
    );
    let (table, flows) = crate::sim::engine::run_full(
        &p.model,
        options(args),
        &|n| p.bar.inc(n),
        Some(&|rep, draws, units| collector.observe(rep, draws, units, years, bins_per_year)),
    );
    let samples = collector.finish();
    p.bar.finish_and_clear();
    let elapsed = start.elapsed().as_secs_f64();
    // The CSVs and everything else are built at the same time, then written.
    let (mut files, rest) = rayon::join(
        || csv_files(&p.model, &table, &flows),
        || {
            super::report::run_outputs(
                &p.model,
                &p.src,
                &meta(&p, args),
                &table,
                &samples,
                &flows,
                args.png(),
                args.lang(),
            )
        },
    );
    files.extend(rest?);
    let files = super::outputs::write(&p.out, files)?;
    let text = crate::output::table::render(&p.model, &table, args.lang());
    finish(&p, args, "run", elapsed, files, &text)
}

/// The CSV files of a run: units and regions, yearly and monthly, market flows
/// and need (those that apply), each serialised on rayon's pool.
fn csv_files(model: &Model, table: &Table, flows: &[FlowStats]) -> Vec<OutFile> {
    use rayon::prelude::*;
    let mut tables = Vec::new();
    for (level, lname) in [(Level::Unit, "units"), (Level::Region, "regions")] {
        if level == Level::Region && model.regions.is_empty() {
            continue;
        }
        for (period, pname) in [(Period::Year, "yearly"), (Period::Month, "monthly")] {
            if period == Period::Month && table.months == 0 {
                continue;
            }
            tables.push((format!("{lname}_{pname}.csv"), level, period));
        }
    }
    let (mut files, (flow_files, need)) = rayon::join(
        || {
            tables
                .into_par_iter()
                .map(|(name, level, period)| {
                    let bytes = crate::output::csv::serialize(model, table, level, period);
                    (name, bytes)
                })
                .collect::<Vec<_>>()
        },
        || {
            rayon::join(
                || crate::output::flows::serialize(model, flows),
                || crate::output::need::serialize(model),
            )
        },
    );
    if let Some((cells, totals)) = flow_files {
        files.push(("flows.csv".to_string(), cells));
        files.push(("flows_totals.csv".to_string(), totals));
    }
    if let Some(bytes) = need {
        files.push(("need.csv".to_string(), bytes));
    }
    files
}

pub fn compare(args: &RunArgs) -> Result<(), Failure> {
    let p = prepare(args, Some("compare"))?;
    if p.model.variants.is_empty() {
        return Err(Failure::Input(Problems {
            file: p.label.clone(),
            problems: vec![Problem::new(TomlPath::root().key("variants"), "the scenario has no variants to compare with its baseline")
                .fix("add [[variants]] with id, name and measures, e.g. measures = [{ measure = \"alis\", start_year = 2026 }]")],
        }));
    }
    let start = Instant::now();
    let table = crate::sim::compare::compare(&p.model, options(args), &|n| p.bar.inc(n));
    p.bar.finish_and_clear();
    let elapsed = start.elapsed().as_secs_f64();
    use crate::output::compare as oc;
    let (mut files, rest) = rayon::join(
        || {
            let mut files: Vec<OutFile> = vec![
                (
                    "comparison_summary.csv".to_string(),
                    oc::summary_csv(&p.model, &table),
                ),
                (
                    "comparison_yearly.csv".to_string(),
                    oc::yearly_csv(&p.model, &table),
                ),
                (
                    "comparison_levels.csv".to_string(),
                    oc::levels_csv(&p.model, &table),
                ),
            ];
            if let Some(bytes) = crate::output::cost_split::serialize(&p.model) {
                files.push(("comparison_cost_split.csv".to_string(), bytes));
            }
            if !table.roles.is_empty() {
                let bytes = crate::output::compare_roles::csv(&p.model, &table);
                files.push(("comparison_by_service.csv".to_string(), bytes));
            }
            files
        },
        || {
            super::report::compare_outputs(
                &p.model,
                &p.src,
                &meta(&p, args),
                &table,
                args.png(),
                args.lang(),
            )
        },
    );
    files.extend(rest?);
    let files = super::outputs::write(&p.out, files)?;
    finish(
        &p,
        args,
        "compare",
        elapsed,
        files,
        &oc::render(&p.model, &table, args.lang()),
    )
}
