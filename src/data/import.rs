//! Builds the compact bundled data under `data/` from SSB files (the project's
//! own import code; raw files are not committed). Run with
//! `stabil data import --ssb-dir ../shared/data/ssb --out data`. This is the only
//! module of the data layer that reads files, and it only runs on demand.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// Writes `kommuner.csv`, `gp_trend.csv` and (through `import_demography`) the
/// demographic files into `out` from the SSB files in `ssb_dir`.
pub fn import(ssb_dir: &Path, out: &Path) -> Result<usize> {
    let list = ssb_dir.join("municipalities_2024.csv");
    let mut rows: BTreeMap<String, [String; 3]> = BTreeMap::new();
    let mut rdr =
        csv::Reader::from_path(&list).with_context(|| format!("reading {}", list.display()))?;
    for r in rdr.records() {
        let r = r.with_context(|| format!("reading {}", list.display()))?;
        rows.insert(
            r[0].to_string(),
            [r[1].to_string(), r[2].to_string(), r[3].to_string()],
        );
    }

    let pop_file = ssb_dir.join("ssb07459_population_municipality_sex_age_2005_2026_b2024.csv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(&pop_file)
            .with_context(|| format!("opening {}", pop_file.display()))?,
    )
    .read_to_string(&mut text)
    .with_context(|| format!("decompressing {}", pop_file.display()))?;
    // Population by municipality and year (summed over sex and age).
    let mut by_year: BTreeMap<(String, i32), u64> = BTreeMap::new();
    for (i, r) in csv::Reader::from_reader(text.as_bytes())
        .records()
        .enumerate()
    {
        let r = r.with_context(|| format!("{}: row {}", pop_file.display(), i + 2))?;
        let year: i32 = r[2]
            .parse()
            .with_context(|| format!("{}: row {}: year", pop_file.display(), i + 2))?;
        let n: u64 = r[5]
            .parse()
            .with_context(|| format!("{}: row {}: population", pop_file.display(), i + 2))?;
        *by_year.entry((r[0].to_string(), year)).or_default() += n;
    }
    let population: BTreeMap<String, u64> = by_year
        .iter()
        .filter(|((_, y), _)| *y == 2025)
        .map(|((k, _), n)| (k.clone(), *n))
        .collect();

    let gp_file = ssb_dir.join("ssb12005_fastlege_municipality_latest_2025.csv");
    let mut gp: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for r in csv::Reader::from_path(&gp_file)
        .with_context(|| format!("reading {}", gp_file.display()))?
        .records()
    {
        let r = r?;
        gp.entry(r[0].to_string())
            .or_default()
            .insert(r[2].to_string(), r[5].to_string());
    }

    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kommune",
        "name",
        "county_code",
        "county_name",
        "population_2025",
        "gp_lists_total_2025",
        "gp_lists_without_gp_2025",
        "gp_mean_list_length_2025",
        "gp_list_length_corrected_2025",
    ])?;
    for (code, [name, county, county_name]) in &rows {
        let Some(pop) = population.get(code) else {
            bail!(
                "no 2025 population for municipality {code} in {}",
                pop_file.display()
            )
        };
        let g = gp.get(code);
        let field = |k: &str| g.and_then(|g| g.get(k)).cloned().unwrap_or_default();
        w.write_record([
            code.as_str(),
            name,
            county,
            county_name,
            &pop.to_string(),
            &field("KOSantallavtaler0002"),
            &field("KOSantallavtaler0000"),
            &field("KOSgjsnlisteleng0000"),
            &field("KOSgjsnllkomm0000"),
        ])?;
    }
    let bytes = w.into_inner()?;
    std::fs::create_dir_all(out)?;
    crate::output::write::atomic_write(&out.join("kommuner.csv"), &bytes)?;

    // The 2015-2025 series of the share of patients on lists without a GP and
    // the mean list length, with the population of each year, for `backtest`.
    let trend_file = ssb_dir.join("ssb12005_fastlege_municipality_trend_2015_2025.csv");
    let mut trend: BTreeMap<(String, i32), (String, String)> = BTreeMap::new();
    for r in csv::Reader::from_path(&trend_file)
        .with_context(|| format!("reading {}", trend_file.display()))?
        .records()
    {
        let r = r?;
        let year: i32 = r[1]
            .parse()
            .with_context(|| format!("{}: year", trend_file.display()))?;
        let e = trend.entry((r[0].to_string(), year)).or_default();
        match &r[2] {
            "KOSandelpasiente0000" => e.0 = r[5].to_string(),
            "KOSgjsnlisteleng0000" => e.1 = r[5].to_string(),
            _ => {}
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kommune",
        "year",
        "share_patients_without_gp_pct",
        "mean_list_length",
        "population",
    ])?;
    for ((code, year), (share, list)) in &trend {
        let pop = by_year
            .get(&(code.clone(), *year))
            .map(u64::to_string)
            .unwrap_or_default();
        w.write_record([code.as_str(), &year.to_string(), share, list, &pop])?;
    }
    crate::output::write::atomic_write(&out.join("gp_trend.csv"), &w.into_inner()?)?;
    super::import_demography::import(ssb_dir, out)?;
    Ok(rows.len())
}
