//! Producing and writing a run's files in parallel: the charts, reports,
//! spreadsheet and long table are built at the same time on rayon's pool (each
//! from its own inputs, so the bytes do not depend on the thread count), then all
//! files are written at once, each atomically through `output::write`. Owns the
//! order of the files (the manifest lists them as given); never formats results.

use std::path::Path;

use anyhow::Context;

use super::Failure;
use crate::model::Model;
use crate::output::long::Long;
use crate::output::numfmt::Lang;
use crate::output::write::atomic_write;
use crate::output::xlsx::Sheet;
use crate::report::content::ChartText;
use crate::report::{assumptions, html, markdown, Report};

/// A file to write: its path relative to the output folder, and its bytes.
pub type OutFile = (String, Vec<u8>);

/// How the files beyond the CSVs are made; each part runs once, in parallel
/// with the others where the inputs allow (the report needs the charts).
pub struct Parts<C, R, S, L> {
    /// The charts, (file name, bytes) in order.
    pub charts: C,
    /// The report from the charts' texts.
    pub report: R,
    /// The spreadsheet's sheets (the assumptions sheet is added here).
    pub sheets: S,
    /// The long table.
    pub long: L,
}

/// Charts (under `charts/`), `rapport.html`, `rapport.md`, `results.xlsx`,
/// `results.parquet`, `results_long.csv` and `scenario.toml`, in that order.
pub fn build<C, R, S, L>(
    model: &Model,
    src: &str,
    lang: Lang,
    compare: bool,
    chart_texts: impl Fn(&[(String, Vec<u8>)]) -> Vec<ChartText> + Sync,
    parts: Parts<C, R, S, L>,
) -> Result<Vec<OutFile>, Failure>
where
    C: FnOnce() -> Vec<(String, Vec<u8>)> + Send,
    R: FnOnce(&[ChartText]) -> Report + Send,
    S: FnOnce() -> Vec<Sheet> + Send,
    L: FnOnce() -> Long + Send,
{
    let Parts {
        charts,
        report,
        sheets,
        long,
    } = parts;
    let ((charts, (html, md)), (xlsx, long_files)) = rayon::join(
        || {
            let charts = charts();
            let report = report(&chart_texts(&charts));
            let texts = rayon::join(|| html::render(&report), || markdown::render(&report));
            (charts, texts)
        },
        || {
            rayon::join(
                || {
                    let mut sheets = sheets();
                    sheets.push(crate::output::xlsx::assumptions_sheet(
                        &assumptions::blocks(model, src, lang, compare),
                        lang,
                    ));
                    crate::output::xlsx::workbook(&sheets)
                },
                || long().parquet_and_csv(),
            )
        },
    );
    let mut files: Vec<OutFile> = charts
        .into_iter()
        .map(|(name, bytes)| (format!("charts/{name}"), bytes))
        .collect();
    files.extend([
        ("rapport.html".to_string(), html.into_bytes()),
        ("rapport.md".to_string(), md.into_bytes()),
        (
            "results.xlsx".to_string(),
            xlsx.context("building results.xlsx")?,
        ),
    ]);
    let (parquet, long_csv) =
        long_files.context("building results.parquet and results_long.csv")?;
    files.extend([
        ("results.parquet".to_string(), parquet),
        ("results_long.csv".to_string(), long_csv),
        ("scenario.toml".to_string(), src.as_bytes().to_vec()),
    ]);
    Ok(files)
}

/// Files written at the same time. Writing mostly waits for the disk (each
/// file is synced before it is renamed into place), so more writers than
/// cores overlap the waits: about 85 files took 30 ms on two rayon threads.
const WRITERS: usize = 8;

/// Writes every file under `out` (creating `charts/` when needed), in parallel,
/// each atomically; returns their names in the order given. If any fails, the
/// error is that of the first failing file in the order given.
pub fn write(out: &Path, files: Vec<OutFile>) -> Result<Vec<String>, Failure> {
    if files.iter().any(|(name, _)| name.starts_with("charts/")) {
        let dir = out.join("charts");
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let first_error = std::thread::scope(|s| {
        let writers: Vec<_> = (0..WRITERS.min(files.len()))
            .map(|w| {
                let files = &files;
                s.spawn(move || {
                    files.iter().enumerate().skip(w).step_by(WRITERS).find_map(
                        |(i, (name, bytes))| {
                            atomic_write(&out.join(name), bytes).err().map(|e| (i, e))
                        },
                    )
                })
            })
            .collect();
        writers
            .into_iter()
            .filter_map(|h| h.join().expect("a file writer panicked"))
            .min_by_key(|(i, _)| *i)
    });
    if let Some((_, e)) = first_error {
        return Err(e.into());
    }
    Ok(files.into_iter().map(|(name, _)| name).collect())
}

/// The folder's previous `manifest.json`, if there is one that parses.
pub fn previous_manifest(out: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("manifest.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// A warning when the folder's previous `manifest.json` (`old`) is from the same
/// `command` run on another scenario file (a copy of a scenario keeps its
/// `[scenario] name`, and with it the folder): its results are replaced.
/// The same file given by another path (same folder and file name) is no
/// other file.
pub fn replaced_warning(
    out: &Path,
    old: Option<&serde_json::Value>,
    command: &str,
    label: &str,
    folder: Option<&Path>,
) -> Option<String> {
    let old = old?;
    let old_label = old["scenario_file"].as_str()?;
    if old["command"].as_str() != Some(command) || old_label == label {
        return None;
    }
    let name = |l: &str| Path::new(l).file_name().map(|n| n.to_owned());
    let old_folder = old["scenario_folder"].as_str().map(Path::new);
    if old_folder.is_some() && old_folder == folder && name(old_label) == name(label) {
        return None;
    }
    Some(format!(
        "{} held the results of {old_label}; they are now replaced by those of {label}. To keep both, give the scenario its own name ([scenario] name) or choose a folder with --out",
        out.display()
    ))
}

/// Removes the files that the folder's previous `manifest.json` lists and this
/// run did not write (say, `units_monthly.csv` after a run with yearly results
/// only, or `tilbaketest.md` after a backtest in English): left behind, they
/// would pass for this run's. Only when the previous manifest is from the same
/// `command` (another command's results in the folder are the user's to
/// keep). Call before the new manifest replaces the old one. Only plain
/// relative names under `out` are touched; a file that cannot be removed is
/// reported, and the run goes on.
pub fn remove_stale(
    out: &Path,
    old: Option<&serde_json::Value>,
    command: &str,
    written: &[String],
) {
    let Some(old) = old else {
        return;
    };
    let Some(listed) = old["files"].as_array() else {
        return;
    };
    if old["command"].as_str() != Some(command) {
        return;
    }
    for name in listed.iter().filter_map(|v| v.as_str()) {
        let plain = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || written.iter().any(|w| w == name) {
            continue;
        }
        let path = out.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => eprintln!(
                "warning: {} is from an earlier run and could not be removed ({e}); delete it by hand",
                path.display()
            ),
        }
    }
}

/// Writes `manifest.json` for `calibrate`, `evaluate` and `backtest`, first
/// removing the files its previous record from the same command listed and
/// this one does not.
pub fn write_provenance(
    out: &Path,
    record: &crate::output::manifest::Provenance,
) -> Result<(), Failure> {
    remove_stale(
        out,
        previous_manifest(out).as_ref(),
        &record.command,
        &record.files,
    );
    atomic_write(&out.join("manifest.json"), &record.serialize())?;
    Ok(())
}
