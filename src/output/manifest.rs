//! `manifest.json`: what produced a run's files (version, seed, scenario hash,
//! replicates, run time), so any result can be traced and reproduced.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// How a built-in scenario is labelled in the manifest (and in English).
pub const BUILT_IN: &str = " (built in)";

/// A scenario's label as readers see it: a built-in scenario's label in the
/// report's language ("vesteralen (innebygd)"); others as they are.
pub fn shown_label(label: &str, lang: crate::output::numfmt::Lang) -> String {
    match (lang, label.strip_suffix(BUILT_IN)) {
        (crate::output::numfmt::Lang::Nb, Some(name)) => format!("{name} (innebygd)"),
        _ => label.to_string(),
    }
}

/// Run metadata written beside the results.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub stabil_version: String,
    /// `run` or `compare`: what `stabil report` repeats.
    pub command: String,
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
    /// The scenario file's folder, absolute (none when built in): `stabil
    /// report` reads the `[demography]` files from there, not from its copy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_folder: Option<String>,
    pub seed: u64,
    pub replicates: u64,
    pub threads: usize,
    pub base_year: i32,
    pub horizon_years: u32,
    pub run_time_seconds: f64,
    pub files: Vec<String>,
    pub quantile_method: String,
}

/// SHA-256 of the scenario text, hex.
pub fn scenario_hash(src: &str) -> String {
    hex_sha256(src.as_bytes())
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Manifest {
    pub fn serialize(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("a manifest always serialises");
        v.push(b'\n');
        v
    }
}

/// One input file and its hash.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    pub file: String,
    pub sha256: String,
}

/// `manifest.json` for the commands that are not scenario runs (`calibrate`,
/// `evaluate`, `backtest`): what produced the files and from which inputs.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub stabil_version: String,
    pub command: String,
    pub inputs: Vec<Input>,
    pub seed: Option<u64>,
    pub replicates: Option<u64>,
    /// The options that shaped the result, as command-line arguments (with
    /// defaults filled in, such as calibrate's census date): enough to redo it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    pub files: Vec<String>,
}

impl Provenance {
    /// A record for `command` with inputs given as (name, contents).
    pub fn new(
        command: &str,
        inputs: &[(&str, &[u8])],
        seed: Option<u64>,
        replicates: Option<u64>,
        files: &[&str],
    ) -> Self {
        Self {
            stabil_version: env!("CARGO_PKG_VERSION").to_string(),
            command: command.to_string(),
            inputs: inputs
                .iter()
                .map(|(f, bytes)| Input {
                    file: f.to_string(),
                    sha256: hex_sha256(bytes),
                })
                .collect(),
            seed,
            replicates,
            options: Vec::new(),
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    /// The record with the options that shaped the result.
    pub fn with_options(mut self, options: Vec<String>) -> Self {
        self.options = options;
        self
    }

    pub fn serialize(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).expect("a manifest always serialises");
        v.push(b'\n');
        v
    }
}
