//! The command line: clap stays here. Arguments are parsed (low level), turned
//! into typed options (high level), and handed to the library; results come back
//! as values and are written by `output`. Exit codes: 0 done, 2 bad input, 1 any
//! other failure. Never panics on user input.

mod backtest;
mod calibrate;
mod data;
mod evaluate;
mod init;
mod load;
mod numbers;
mod outputs;
mod report;
mod run;

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::numfmt::Lang;
use crate::scenario::problem::Problems;

use load::{load, Loaded};

const DEFAULT_SCENARIO: &str = "scenarios/vesteralen.toml";

/// Prints a line to stdout, ignoring a closed pipe (`stabil run | head`).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
pub(crate) use say;

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
    /// Norwegian bokmål (also accepted: no).
    #[value(alias = "no")]
    Nb,
    En,
}

/// Options shared by `run` and `compare`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// Scenario file, or the name of a bundled scenario [default: scenarios/vesteralen.toml]
    file: Option<PathBuf>,
    /// Number of replicates (simulated futures).
    #[arg(long, default_value_t = 10_000, allow_negative_numbers = true, value_parser = numbers::whole)]
    replicates: u64,
    /// Master seed: the same seed gives the same results on any machine and thread count.
    #[arg(long, default_value_t = 2025, allow_negative_numbers = true, value_parser = numbers::whole)]
    seed: u64,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = numbers::whole_usize)]
    threads: usize,
    /// Output directory [default: out/<scenario name> for run, out/<scenario name>/compare for compare]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Language of the printed table, the report, the charts and the spreadsheet.
    #[arg(long, value_enum, default_value = "nb")]
    lang: LangArg,
    /// Print nothing but errors (and warnings about the scenario file's values).
    #[arg(long)]
    quiet: bool,
    /// Write chart PNGs for print (3000 × 1800 pixels: 300 dpi at 10 × 6 inches).
    #[arg(long)]
    print: bool,
    /// The scenario's label in outputs (set by `stabil report`, which runs from a copy).
    #[arg(skip)]
    label: Option<String>,
    /// The folder `[demography]` files are read from (set by `stabil report`:
    /// the original scenario's folder, which the copy is not in).
    #[arg(skip)]
    data_dir: Option<PathBuf>,
}

impl RunArgs {
    /// The arguments `stabil report` repeats a run with.
    #[allow(clippy::too_many_arguments)]
    fn for_report(
        file: PathBuf,
        out: PathBuf,
        seed: u64,
        replicates: u64,
        lang: Lang,
        print: bool,
        quiet: bool,
        label: Option<String>,
        data_dir: Option<PathBuf>,
    ) -> Self {
        Self {
            file: Some(file),
            replicates,
            seed,
            threads: 0,
            out: Some(out),
            lang: if lang == Lang::En {
                LangArg::En
            } else {
                LangArg::Nb
            },
            quiet,
            print,
            label,
            data_dir,
        }
    }

    fn png(&self) -> crate::chart::Format {
        if self.print {
            crate::chart::Format::PRINT
        } else {
            crate::chart::Format::SCREEN
        }
    }

    fn lang(&self) -> Lang {
        match self.lang {
            LangArg::Nb => Lang::Nb,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a scenario's Monte Carlo simulation and write summary files.
    Run(RunArgs),
    /// Compare a scenario's [[variants]] (sets of measures) with its baseline.
    Compare(RunArgs),
    /// Fit turnover to a local roster of doctors: Kaplan-Meier and hazards by tenure band.
    Calibrate {
        /// Roster CSV: unit, start_date, end_date (empty while in post); optional
        /// age_at_start, sex, contract_type.
        roster: PathBuf,
        /// Census date: contracts without an end date are still running then [default: today]
        #[arg(long)]
        as_of: Option<String>,
        /// Fit separately by a column.
        #[arg(long, value_parser = ["unit", "sex", "contract_type"])]
        by: Option<String>,
        /// Start of each tenure band, years.
        #[arg(long, value_delimiter = ',', default_value = "0,1,3,5,10")]
        bands: Vec<f64>,
        /// Output directory [default: out/calibration]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the chart.
        #[arg(long, value_enum, default_value = "nb")]
        lang: LangArg,
    },
    /// Place observed yearly figures in a run's projected distribution (annual evaluation).
    Evaluate {
        /// A folder written by `stabil run` (with units_yearly.csv).
        run_dir: PathBuf,
        /// CSV with unit, year and any of filled, vacant (or lists_without_gp), locum_cost_nok.
        observed: PathBuf,
        /// Output directory [default: RUN_DIR/evaluation]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the report.
        #[arg(long, value_enum, default_value = "nb")]
        lang: LangArg,
    },
    /// Start the model in an earlier year with the default parameters and compare
    /// with what happened since (bundled 2015-2025 SSB series).
    Backtest {
        /// Year to start from (2015-2024).
        #[arg(long, default_value_t = 2015)]
        from: i32,
        /// Number of replicates.
        #[arg(long, default_value_t = 1_000, allow_negative_numbers = true, value_parser = numbers::whole)]
        replicates: u64,
        /// Master seed.
        #[arg(long, default_value_t = 2025, allow_negative_numbers = true, value_parser = numbers::whole)]
        seed: u64,
        /// Output directory [default: out/backtest]
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of the report.
        #[arg(long, value_enum, default_value = "nb")]
        lang: LangArg,
    },
    /// Rebuild a run folder's reports, charts and tables (runs again from its
    /// scenario.toml with the seed and replicates in its manifest.json).
    Report {
        /// A folder written by `stabil run` or `stabil compare`.
        run_dir: PathBuf,
        /// Language of the reports and charts.
        #[arg(long, value_enum, default_value = "nb")]
        lang: LangArg,
        /// Chart PNGs for print (300 dpi).
        #[arg(long)]
        print: bool,
        /// Print nothing but errors (and warnings about the scenario file's values).
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
        /// Municipality numbers or names, comma-separated (e.g. 1866,1867 or Hadsel,Bø), counties by name or number (Nordland, 18), or `all`.
        #[arg(long, value_delimiter = ',', required = true)]
        kommune: Vec<String>,
        /// Scenario name (names the output folder of runs) [default: from the municipalities]
        #[arg(long)]
        name: Option<String>,
        /// Keep monthly statistics too (units_monthly.csv, regions_monthly.csv):
        /// a run takes about twice as long. Without it, yearly only.
        #[arg(long)]
        monthly: bool,
        /// Yearly statistics only: the default now; accepted for old scripts.
        #[arg(long, hide = true, conflicts_with = "monthly")]
        yearly_only: bool,
        /// Professions to write a unit for in each municipality.
        #[arg(long, value_delimiter = ',', default_value = "gp", value_parser = ["gp", "nurse"])]
        roles: Vec<String>,
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
    /// Rebuild the bundled data under data/ from SSB files (for developers).
    Import {
        /// Folder with the SSB files (see data/PROVENANCE.md).
        #[arg(long)]
        ssb_dir: PathBuf,
        /// Where to write the compact files.
        #[arg(long, default_value = "data")]
        out: PathBuf,
    },
    /// What an SSB file you downloaded holds (table 07459 or 14288, any SSB
    /// layout), and whether stabil can use it.
    Read {
        /// The downloaded file (Statbank export, PxWebApi CSV or json-stat2).
        file: PathBuf,
    },
    /// Key figures of a municipality: population now and projected, 67+ and 80+
    /// shares, GP lists and GP need.
    Show {
        /// Municipality number or name, e.g. 1867 or Bø.
        kommune: String,
        /// Language of the text.
        #[arg(long, value_enum, default_value = "nb")]
        lang: LangArg,
    },
}

/// A failure the user caused and can fix (exit 2), or anything else (exit 1).
pub enum Failure {
    Input(Problems),
    /// A wrong argument the user can fix (exit 2), with the fix in the text.
    Usage(String),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// A CSV file a person saved, as text: UTF-8 (a byte-order mark removed) or,
/// when it is not valid UTF-8, Latin-1 (what Excel saves in Norway).
fn read_user_text(path: &Path) -> std::io::Result<String> {
    Ok(crate::ssb::text::decode(&std::fs::read(path)?).text)
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
        Command::Run(args) => run::run(&args),
        Command::Report {
            run_dir,
            lang,
            print,
            quiet,
        } => report::report(
            &run_dir,
            if matches!(lang, LangArg::En) {
                Lang::En
            } else {
                Lang::Nb
            },
            print,
            quiet,
        ),
        Command::Compare(args) => run::compare(&args),
        Command::Calibrate {
            roster,
            as_of,
            by,
            bands,
            out,
            lang,
        } => calibrate::calibrate(&calibrate::CalibrateArgs {
            roster: &roster,
            as_of: as_of.as_deref(),
            by: by.as_deref(),
            bands: &bands,
            out,
            lang: if matches!(lang, LangArg::En) {
                Lang::En
            } else {
                Lang::Nb
            },
        }),
        Command::Evaluate {
            run_dir,
            observed,
            out,
            lang,
        } => {
            let lang = if matches!(lang, LangArg::En) {
                Lang::En
            } else {
                Lang::Nb
            };
            evaluate::evaluate(&run_dir, &observed, out, lang)
        }
        Command::Backtest {
            from,
            replicates,
            seed,
            out,
            lang,
        } => backtest::backtest(
            from,
            replicates,
            seed,
            out,
            if matches!(lang, LangArg::En) {
                Lang::En
            } else {
                Lang::Nb
            },
        ),
        Command::Init {
            kommune,
            name,
            monthly,
            yearly_only: _,
            roles,
            out,
            force,
        } => init::init(&kommune, name, monthly, &roles, out, force),
        Command::Validate { file } => {
            let Loaded { model, label, .. } = load(Some(&file), None)?;
            let uncertain = model.uncertain.len();
            let warned = if model.warnings.is_empty() {
                ""
            } else {
                " (but see the warnings above)"
            };
            say!(
                "{label} is valid{warned}: {} unit{}, {} region{}, {} variant{}, {}-{}, {uncertain} parameter{} with uncertainty (drawn per replicate)",
                model.units.len(),
                plural(model.units.len()),
                model.regions.len(),
                plural(model.regions.len()),
                model.variants.len(),
                plural(model.variants.len()),
                model.base_year,
                model.base_year + model.horizon_years as i32 - 1,
                plural(uncertain)
            );
            Ok(())
        }
        Command::Data {
            command: DataCommand::Read { file },
        } => data::read(&file),
        Command::Data {
            command: DataCommand::Show { kommune, lang },
        } => data::show(
            &kommune,
            if matches!(lang, LangArg::En) {
                Lang::En
            } else {
                Lang::Nb
            },
        ),
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
        Err(Failure::Usage(msg)) => {
            eprintln!("error: {msg}");
            2
        }
        Err(Failure::Other(e)) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}
