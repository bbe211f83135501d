//! `stabil calibrate`: fit turnover to a local roster and write the results.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{say, Failure};
use crate::calibrate::{fitted_median, groups, km, pwexp, roster, toml_snippet};
use crate::chart::survival::Curve;
use crate::chart::Format;
use crate::output::csv::num;
use crate::output::numfmt::{number, Lang};
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
    let text = super::read_user_text(a.roster).map_err(|e| {
        input_problem(
            &file,
            format!("cannot read the roster: {e}"),
            "check the path to the CSV file",
        )
    })?;
    let as_of = match a.as_of {
        Some(s) => roster::parse_date(s).ok_or_else(|| {
            input_problem(
                "--as-of",
                format!("`{s}` is not a date"),
                "write it as 2025-12-31",
            )
        })?,
        // Default: today, the date a roster kept up to date is correct for.
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| (d.as_secs() / 86_400) as i64)
            .unwrap_or(0),
    };
    if a.bands.first() != Some(&0.0) || a.bands.windows(2).any(|w| w[0] >= w[1]) {
        return Err(input_problem(
            "--bands",
            "tenure bands must start at 0 and increase".into(),
            "e.g. --bands 0,1,3,5,10",
        ));
    }
    let (spells, census) = roster::parse(&text, &file, as_of).map_err(Failure::Input)?;
    // Grouping by a column the roster lacks made one silent group "unknown".
    let has_sex = spells.iter().any(|s| s.sex.is_some());
    let has_type = spells.iter().any(|s| s.contract_type.is_some());
    let missing = match a.by {
        Some("sex") => !has_sex,
        Some("contract_type") => !has_type,
        _ => false,
    };
    if let (true, Some(by)) = (missing, a.by) {
        let mut present = vec!["unit"];
        present.extend(has_sex.then_some("sex"));
        present.extend(has_type.then_some("contract_type"));
        return Err(input_problem(
            "--by",
            format!("the roster has no `{by}` column (or it is empty on every row)"),
            &format!(
                "add a `{by}` column to {file}, or group by a column it has: {}",
                present.join(", ")
            ),
        ));
    }
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out/calibration"));
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create the output folder {}", out.display()))?;

    let mut km_csv = String::from("group,years,at_risk,events,censored,survival,lower95,upper95\n");
    let mut hz_csv = String::from("group,band_start_years,band_end_years,events,exposure_years,hazard_per_year,lower95,upper95,pooled\n");
    let mut fits: Vec<(String, Vec<km::Step>, Vec<pwexp::Band>)> = Vec::new();
    let mut files: Vec<String> = vec![
        "kaplan_meier.csv".into(),
        "hazards.csv".into(),
        "hazards.toml".into(),
    ];
    let nb = a.lang == Lang::Nb;
    let census_text = roster::format_date(census);
    let ended_total = spells.iter().filter(|s| s.ended).count();
    if nb {
        say!("{file}: {} {}, {ended_total} avsluttet; avtaler som løper, er sensurert på tellingsdatoen {census_text}.", spells.len(), if spells.len() == 1 { "avtale" } else { "avtaler" });
    } else {
        say!("{file}: {} contracts, {ended_total} ended; running contracts censored at the census date {census_text}.", spells.len());
    }
    // The options that shape the result, the census date even when it
    // defaulted to today: a calibration can be redone from its manifest.
    let mut options = vec![
        format!("--as-of={census_text}"),
        format!(
            "--bands={}",
            a.bands
                .iter()
                .map(f64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        ),
    ];
    options.extend(a.by.map(|b| format!("--by={b}")));
    let file_as_of = format!("{file} (contracts as of {census_text})");
    // All contracts together always; with --by, each group too.
    let all_data: Vec<(f64, bool)> = spells.iter().map(|s| (s.years, s.ended)).collect();
    atomic_write(
        &out.join("hazards.toml"),
        toml_snippet(&pwexp::fit(&all_data, a.bands), &file_as_of).as_bytes(),
    )?;
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
                "{group},{},{end},{},{},{},{},{},{}\n",
                num(b.start_years),
                b.events,
                num(b.exposure_years),
                num(b.hazard),
                num(b.lower),
                num(b.upper),
                b.pooled
            ));
        }
        if a.by.is_some() {
            let safe: String = group
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            let name = format!("hazards_{safe}.toml");
            atomic_write(
                &out.join(&name),
                toml_snippet(&bands, &format!("{file_as_of}, group {group}")).as_bytes(),
            )?;
            files.push(name);
        }
        let (years_word, not_reached) = if nb {
            ("år", "ikke nådd")
        } else {
            ("years", "not reached")
        };
        let lang = a.lang;
        let fmt = |x: Option<f64>| {
            x.map_or(not_reached.to_string(), |m| {
                format!("{} {years_word}", number(m, 2, lang))
            })
        };
        let n_ended = data.iter().filter(|d| d.1).count();
        if nb {
            // The one group of everything (no --by) is "all" in the files.
            let group = if a.by.is_none() {
                "alle"
            } else {
                group.as_str()
            };
            say!(
                "\n{group}: {} {}, {n_ended} avsluttet",
                data.len(),
                if data.len() == 1 { "avtale" } else { "avtaler" }
            );
            say!(
                "  median varighet: {} (Kaplan-Meier), {} (tilpasset modell)",
                fmt(km::median(&steps)),
                fmt(fitted_median(&bands))
            );
        } else {
            say!("\n{group}: {} contracts, {n_ended} ended", data.len());
            say!(
                "  median duration: {} (Kaplan-Meier), {} (fitted)",
                fmt(km::median(&steps)),
                fmt(fitted_median(&bands))
            );
        }
        for b in &bands {
            let span = b.span();
            let detail = match (b.pooled, nb) {
                (true, true) => "ingen avtale nådde så langt: verdien fra båndet før".to_string(),
                (true, false) => "no contract got this far: the band before's value".to_string(),
                (false, true) => format!(
                    "{} avsluttet på {} år i stilling",
                    b.events,
                    number(b.exposure_years, 1, lang)
                ),
                (false, false) => format!(
                    "{} ended in {} years in post",
                    b.events,
                    number(b.exposure_years, 1, lang)
                ),
            };
            let (label, per) = if nb {
                ("år: avgang", "per år")
            } else {
                ("years: hazard", "per year")
            };
            say!(
                "  {span:>6} {label} {} {per} (95 % {}–{}), {detail}",
                number(b.hazard, 3, lang),
                number(b.lower, 3, lang),
                number(b.upper, 3, lang)
            );
        }
        fits.push((group.clone(), steps, bands));
    }
    atomic_write(&out.join("kaplan_meier.csv"), km_csv.as_bytes())?;
    atomic_write(&out.join("hazards.csv"), hz_csv.as_bytes())?;
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
    files.extend(["survival.png".to_string(), "survival.svg".to_string()]);
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let record = crate::output::manifest::Provenance::new(
        "calibrate",
        &[(&file, text.as_bytes())],
        None,
        None,
        &names,
    )
    .with_options(options);
    super::outputs::write_provenance(&out, &record)?;
    let results = if a.lang == Lang::Nb {
        "Resultater i"
    } else {
        "Results in"
    };
    say!(
        "\n{results} {} ({}, manifest.json)",
        out.display(),
        files.join(", ")
    );
    Ok(())
}
