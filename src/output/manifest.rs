//! `manifest.json`: what produced a run's files (version, seed, scenario hash,
//! replicates, run time), so any result can be traced and reproduced.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// Run metadata written beside the results.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub stabil_version: String,
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
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
    Sha256::digest(src.as_bytes())
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
