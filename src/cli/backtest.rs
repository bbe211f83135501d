//! `stabil backtest`: how well would the default parameters have projected
//! 2015-2025? Runs the bundled start state and writes the comparison.

use std::path::PathBuf;

use anyhow::Context;

use super::{say, Failure};
use crate::output::csv::num;
use crate::output::numfmt::{number, Lang};
use crate::output::write::atomic_write;
use crate::sim::engine::{run, RunOptions};

pub fn backtest(
    from: i32,
    replicates: u64,
    seed: u64,
    out: Option<PathBuf>,
    lang: Lang,
) -> Result<(), Failure> {
    if replicates == 0 {
        return Err(Failure::Usage(
            "--replicates must be at least 1 (try 1000)".into(),
        ));
    }
    if !(2015..=2024).contains(&from) {
        return Err(Failure::Other(anyhow::anyhow!(
            "--from must be a year from 2015 to 2024 (the bundled series runs 2015-2025)"
        )));
    }
    let scenario = crate::backtest::scenario(from, 2025);
    let model = crate::scenario::load_str(&scenario, "backtest").map_err(Failure::Input)?;
    let table = run(
        &model,
        RunOptions {
            replicates,
            seed,
            threads: 0,
        },
        &|_| {},
    );
    let rows = crate::backtest::compare(&model, &table);
    let out = out.unwrap_or_else(|| PathBuf::from("out/backtest"));
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut csv = String::from("kommune,name,year,positions,observed_pct,p10_pct,p50_pct,p90_pct,mean_pct,inside_p10_p90\n");
    for r in &rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            r.code,
            crate::output::csv::quote(&r.name),
            r.year,
            r.positions,
            num(r.observed_pct),
            num(r.p10_pct),
            num(r.p50_pct),
            num(r.p90_pct),
            num(r.mean_pct),
            r.inside()
        ));
    }
    let text = crate::backtest::summary(&rows, from, lang);
    atomic_write(&out.join("backtest.csv"), csv.as_bytes())?;
    atomic_write(
        &out.join(if lang == Lang::Nb {
            "tilbaketest.md"
        } else {
            "backtest.md"
        }),
        text.as_bytes(),
    )?;
    atomic_write(&out.join("scenario.toml"), scenario.as_bytes())?;
    let record = crate::output::manifest::Provenance::new(
        &format!("backtest --from {from}"),
        &[("data/gp_trend.csv (built in)", scenario.as_bytes())],
        Some(seed),
        Some(replicates),
        &[
            "backtest.csv",
            if lang == Lang::Nb {
                "tilbaketest.md"
            } else {
                "backtest.md"
            },
            "scenario.toml",
        ],
    );
    super::outputs::write_provenance(&out, &record)?;
    let (n, reps) = (
        number(model.units.len() as f64, 0, lang),
        number(replicates as f64, 0, lang),
    );
    if lang == Lang::Nb {
        say!(
            "{text}\n{n} kommuner, {reps} replikasjoner, frø (seed) {seed}. Resultater i {}",
            out.display()
        );
    } else {
        say!(
            "{text}\n{n} municipalities, {reps} replicates, seed {seed}. Results in {}",
            out.display()
        );
    }
    Ok(())
}
