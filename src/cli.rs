//! The command line: clap stays here. Arguments are parsed (low level), turned
//! into typed options (high level), and handed to the library; results come back
//! as values and are written by `output`. Exit codes: 0 done, 2 bad input, 1 any
//! other failure. Never panics on user input.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::output::csv::{Level, Period};
use crate::output::manifest::{scenario_hash, Manifest};
use crate::output::numfmt::Lang;
use crate::output::write::atomic_write;
use crate::scenario::problem::Problems;
use crate::sim::engine::{self, RunOptions};

const DEFAULT_SCENARIO: &str = "scenarios/vesteralen.toml";

#[derive(Parser, Debug)]
#[command(
    name = "stabil",
    version,
    about = "Projects doctor supply, vacancies and locum costs in rural municipalities"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Nb,
    En,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario's Monte Carlo simulation and write summary files.
    Run {
        /// Scenario file, or the name of a bundled scenario [default: scenarios/vesteralen.toml]
        file: Option<PathBuf>,
        /// Number of replicates (simulated futures).
        #[arg(long, default_value_t = 10_000)]
        replicates: u64,
        /// Master seed: the same seed gives the same results on any machine and thread count.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// Worker threads (0 = all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Output directory [default: out/<scenario name>]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the printed table.
        #[arg(long, value_enum, default_value = "nb")]
        lang: LangArg,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
    },
    /// Check a scenario file and report every problem at once.
    Validate {
        /// Scenario file, or the name of a bundled scenario.
        file: PathBuf,
    },
    /// Write a scenario for any municipalities from the bundled SSB figures.
    Init {
        /// Municipality numbers, comma-separated (e.g. 1866,1867), or `all`.
        #[arg(long, value_delimiter = ',', required = true)]
        kommune: Vec<String>,
        /// Scenario name (names the output folder of runs) [default: from the municipalities]
        #[arg(long)]
        name: Option<String>,
        /// Keep only yearly statistics (faster, for many municipalities).
        #[arg(long)]
        yearly_only: bool,
        /// File to write [default: <name>.toml]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Bundled data.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
}

#[derive(Subcommand, Debug)]
enum DataCommand {
    /// Rebuild data/kommuner.csv from SSB files (for developers).
    Import {
        /// Folder with the SSB files (see data/PROVENANCE.md).
        #[arg(long)]
        ssb_dir: PathBuf,
        /// Where to write the compact files.
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
}

/// Prints a line to stdout, ignoring a closed pipe (`stabil run | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// A failure the user caused and can fix (exit 2), or anything else (exit 1).
enum Failure {
    Input(Problems),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// Loads a scenario from a path, or from the bundled copy when the path is the
/// default (or a bundled name) and no such file exists here.
fn load(file: Option<&Path>) -> Result<(crate::model::Model, String, String), Failure> {
    let path = file.unwrap_or(Path::new(DEFAULT_SCENARIO));
    if !path.exists() {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let bare =
            path.components().count() == 1 || file.is_none() || path == Path::new(DEFAULT_SCENARIO);
        if let Some(src) = crate::scenario::bundled::get(stem).filter(|_| bare) {
            let name = stem;
            let label = format!("{name} (built in)");
            let model = crate::scenario::load_str(src, &label).map_err(Failure::Input)?;
            return Ok((model, src.to_string(), label));
        }
    }
    let (model, src) = crate::scenario::load_file(path).map_err(Failure::Input)?;
    Ok((model, src, path.display().to_string()))
}

#[allow(clippy::too_many_arguments)]
fn run(
    file: Option<&Path>,
    replicates: u64,
    seed: u64,
    threads: usize,
    out: Option<PathBuf>,
    lang: Lang,
    quiet: bool,
) -> Result<(), Failure> {
    let (model, src, label) = load(file)?;
    if replicates == 0 {
        return Err(Failure::Other(anyhow::anyhow!(
            "--replicates must be at least 1 (try 10000)"
        )));
    }
    let out = out.unwrap_or_else(|| Path::new("out").join(&model.name));
    std::fs::create_dir_all(&out).with_context(|| {
        format!(
            "cannot create the output folder {}; check the path and permissions",
            out.display()
        )
    })?;

    let bar = if quiet {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(replicates)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} replicates ({eta})")
            .expect("static template"),
    );
    let start = Instant::now();
    let table = engine::run(
        &model,
        RunOptions {
            replicates,
            seed,
            threads,
        },
        &|n| bar.inc(n),
    );
    bar.finish_and_clear();
    let elapsed = start.elapsed().as_secs_f64();

    let mut files = Vec::new();
    for (level, lname) in [(Level::Unit, "units"), (Level::Region, "regions")] {
        if level == Level::Region && model.regions.is_empty() {
            continue;
        }
        for (period, pname) in [(Period::Year, "yearly"), (Period::Month, "monthly")] {
            if period == Period::Month && table.months == 0 {
                continue;
            }
            let name = format!("{lname}_{pname}.csv");
            atomic_write(
                &out.join(&name),
                &crate::output::csv::serialize(&model, &table, level, period),
            )?;
            files.push(name);
        }
    }
    let manifest = Manifest {
        stabil_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario: model.name.clone(),
        scenario_file: label.clone(),
        scenario_sha256: scenario_hash(&src),
        seed,
        replicates,
        threads: if threads == 0 { rayon::current_num_threads() } else { threads },
        base_year: model.base_year,
        horizon_years: model.horizon_years,
        run_time_seconds: (elapsed * 1000.0).round() / 1000.0,
        files: files.clone(),
        quantile_method: format!(
            "lower quantile (the ceil(p·n)-th smallest replicate); exact for counts, within {} % for real-valued metrics",
            crate::stats::sketch::RELATIVE_ACCURACY * 100.0
        ),
    };
    atomic_write(&out.join("manifest.json"), &manifest.serialize())?;
    if !quiet {
        let head = match lang {
            Lang::Nb => format!("{label}: {replicates} replikasjoner, frø {seed}, {elapsed:.2} s"),
            Lang::En => format!("{label}: {replicates} replicates, seed {seed}, {elapsed:.2} s"),
        };
        say!(
            "{head}{}",
            crate::output::table::render(&model, &table, lang)
        );
        say!(
            "{} {}",
            if lang == Lang::Nb {
                "Resultater i"
            } else {
                "Results in"
            },
            out.display()
        );
    }
    Ok(())
}

fn init(
    codes: &[String],
    name: Option<String>,
    yearly_only: bool,
    out: Option<PathBuf>,
    force: bool,
) -> Result<(), Failure> {
    use crate::scenario::problem::{Problem, TomlPath};
    let all = crate::data::municipalities();
    let chosen: Vec<&crate::data::Municipality> = if codes.iter().any(|c| c.trim() == "all") {
        all.iter().collect()
    } else {
        let mut chosen = Vec::new();
        let mut problems = Vec::new();
        for c in codes {
            match crate::data::municipality(c.trim()) {
                Some(m) => chosen.push(m),
                None => problems.push(
                    Problem::new(
                        TomlPath::root(),
                        format!("`{c}` is not a municipality number in SSB's list for 2024"),
                    )
                    .fix("give 4-digit numbers such as 1866 (Hadsel), or `all`"),
                ),
            }
        }
        if !problems.is_empty() {
            return Err(Failure::Input(Problems {
                file: "--kommune".into(),
                problems,
            }));
        }
        chosen
    };
    let name = name.unwrap_or_else(|| match chosen.as_slice() {
        [one] => crate::scenario::generate::unit_id(one),
        _ if chosen.len() == all.len() => "norge".into(),
        _ => "kommuner".into(),
    });
    let text = crate::scenario::generate::scenario(&name, &chosen, !yearly_only);
    crate::scenario::load_str(&text, &name).map_err(Failure::Input)?;
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{name}.toml")));
    if out.exists() && !force {
        return Err(Failure::Other(anyhow::anyhow!(
            "{} exists already; choose another --out or add --force to overwrite it",
            out.display()
        )));
    }
    atomic_write(&out, text.as_bytes())?;
    say!(
        "wrote {} ({} municipalities); run it with: stabil run {}",
        out.display(),
        chosen.len(),
        out.display()
    );
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run {
            file,
            replicates,
            seed,
            threads,
            out,
            lang,
            quiet,
        } => {
            let lang = match lang {
                LangArg::Nb => Lang::Nb,
                LangArg::En => Lang::En,
            };
            run(file.as_deref(), replicates, seed, threads, out, lang, quiet)
        }
        Command::Init {
            kommune,
            name,
            yearly_only,
            out,
            force,
        } => init(&kommune, name, yearly_only, out, force),
        Command::Validate { file } => {
            let (model, _, label) = load(Some(&file))?;
            let uncertain = model.uncertain.len();
            say!(
                "{label} is valid: {} unit{}, {} region{}, {}-{}, {uncertain} parameter{} with uncertainty (drawn per replicate)",
                model.units.len(),
                plural(model.units.len()),
                model.regions.len(),
                plural(model.regions.len()),
                model.base_year,
                model.base_year + model.horizon_years as i32 - 1,
                plural(uncertain)
            );
            Ok(())
        }
        Command::Data {
            command: DataCommand::Import { ssb_dir, out },
        } => {
            let n = crate::data::import::import(&ssb_dir, &out)?;
            say!(
                "wrote {} ({n} municipalities)",
                out.join("kommuner.csv").display()
            );
            Ok(())
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => 0,
        Err(Failure::Input(p)) => {
            eprint!("error: {p}");
            2
        }
        Err(Failure::Other(e)) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
