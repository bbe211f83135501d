//! `stabil calibrate`: fit turnover to a local roster and write the results.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{say, Failure};
use crate::calibrate::{fitted_median, groups, km, pwexp, roster, toml_snippet};
use crate::chart::survival::Curve;
use crate::chart::Format;
use crate::output::csv::num;
use crate::output::numfmt::Lang;
use crate::output::write::atomic_write;
use crate::scenario::problem::{Problem, Problems, TomlPath};

/// Options of `stabil calibrate`.
pub struct CalibrateArgs<'a> {
    pub roster: &'a Path,
    pub as_of: Option<&'a str>,
    pub by: Option<&'a str>,
    pub bands: &'a [f64],
    pub out: Option<PathBuf>,
    pub lang: Lang,
}

fn input_problem(file: &str, msg: String, fix: &str) -> Failure {
    Failure::Input(Problems {
        file: file.into(),
        problems: vec![Problem::new(TomlPath::root(), msg).fix(fix)],
    })
}

pub fn calibrate(a: &CalibrateArgs) -> Result<(), Failure> {
    let file = a.roster.display().to_string();
    let text = std::fs::read_to_string(a.roster).map_err(|e| {
        input_problem(
            &file,
            format!("cannot read the roster: {e}"),
            "check the path to the CSV file",
        )
    })?;
    let as_of = match a.as_of {
        Some(s) => Some(roster::parse_date(s).ok_or_else(|| {
            input_problem(
                "--as-of",
                format!("`{s}` is not a date"),
                "write it as 2025-12-31",
            )
        })?),
        None => None,
    };
    if a.bands.first() != Some(&0.0) || a.bands.windows(2).any(|w| w[0] >= w[1]) {
        return Err(input_problem(
            "--bands",
            "tenure bands must start at 0 and increase".into(),
            "e.g. --bands 0,1,3,5,10",
        ));
    }
    let (spells, census) = roster::parse(&text, &file, as_of).map_err(Failure::Input)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out/calibration"));
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;

    let mut km_csv = String::from("group,years,at_risk,events,censored,survival,lower95,upper95\n");
    let mut hz_csv = String::from("group,band_start_years,band_end_years,events,exposure_years,hazard_per_year,lower95,upper95\n");
    let mut snippets = String::new();
    let mut fits: Vec<(String, Vec<km::Step>, Vec<pwexp::Band>)> = Vec::new();
    let census_text = roster::format_date(census);
    say!("{}: {} contracts, {} ended; running contracts censored at the census date ({census_text}).", file, spells.len(), spells.iter().filter(|s| s.ended).count());
    for (group, members) in groups(&spells, a.by) {
        let data: Vec<(f64, bool)> = members.iter().map(|s| (s.years, s.ended)).collect();
        let steps = km::kaplan_meier(&data);
        let bands = pwexp::fit(&data, a.bands);
        for s in &steps {
            km_csv.push_str(&format!(
                "{group},{},{},{},{},{},{},{}\n",
                num(s.years),
                s.at_risk,
                s.events,
                s.censored,
                num(s.s),
                num(s.lower),
                num(s.upper)
            ));
        }
        for b in &bands {
            let end = if b.end_years.is_finite() {
                num(b.end_years)
            } else {
                String::new()
            };
            hz_csv.push_str(&format!(
                "{group},{},{end},{},{},{},{},{}\n",
                num(b.start_years),
                b.events,
                num(b.exposure_years),
                num(b.hazard),
                num(b.lower),
                num(b.upper)
            ));
        }
        snippets.push_str(&format!(
            "# --- group: {group}\n{}\n",
            toml_snippet(&bands, &file)
        ));
        fits.push((group.clone(), steps.clone(), bands.clone()));
        let fmt = |x: Option<f64>| x.map_or("not reached".to_string(), |m| format!("{m:.2} years"));
        say!(
            "\n{group}: {} contracts, {} ended",
            data.len(),
            data.iter().filter(|d| d.1).count()
        );
        say!(
            "  median duration: {} (Kaplan-Meier), {} (fitted)",
            fmt(km::median(&steps)),
            fmt(fitted_median(&bands))
        );
        for b in &bands {
            let end = if b.end_years.is_finite() {
                format!("{}", b.end_years)
            } else {
                "+".into()
            };
            say!(
                "  {:>4}-{:<3} years: hazard {:.3}/year (95 % {:.3}–{:.3}), {} ended in {:.1} years in post",
                b.start_years, end, b.hazard, b.lower, b.upper, b.events, b.exposure_years
            );
        }
    }
    atomic_write(&out.join("kaplan_meier.csv"), km_csv.as_bytes())?;
    atomic_write(&out.join("hazards.csv"), hz_csv.as_bytes())?;
    atomic_write(&out.join("hazards.toml"), snippets.as_bytes())?;
    let curves: Vec<Curve> = fits
        .iter()
        .map(|(g, s, b)| Curve {
            name: g,
            steps: s,
            bands: b,
        })
        .collect();
    let source = a
        .roster
        .file_name()
        .map_or(file.clone(), |n| n.to_string_lossy().to_string());
    for format in [Format::SCREEN, Format::SVG] {
        let bytes = crate::chart::survival::render(&curves, &source, format, a.lang);
        atomic_write(
            &out.join(format!("survival.{}", format.extension())),
            &bytes,
        )?;
    }
    let files = [
        "kaplan_meier.csv",
        "hazards.csv",
        "hazards.toml",
        "survival.png",
        "survival.svg",
    ];
    let record = crate::output::manifest::Provenance::new(
        "calibrate",
        &[(&file, text.as_bytes())],
        None,
        None,
        &files,
    );
    atomic_write(&out.join("manifest.json"), &record.serialize())?;
    say!(
        "\nResults in {} ({}, manifest.json)",
        out.display(),
        files.join(", ")
    );
    Ok(())
}
