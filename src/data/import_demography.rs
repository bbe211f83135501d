//! Builds the bundled demographic data under `data/` from SSB files: population
//! by municipality, sex and single-year age (07459), the national series, the
//! projected totals (14288, MMMM) and GP consultation rates by sex and age. Part
//! of `stabil data import`; only runs on demand, and is the only place besides
//! `import` that reads SSB's raw files.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::output::write::atomic_write;

/// Single-year ages 0..=105 (105 = 105 or older), as in table 07459.
pub const AGES: usize = 106;

type Counts = BTreeMap<(String, i32, u8), [u64; AGES]>; // (region, year, sex 0 = male) → ages

fn sex_index(s: &str, file: &Path, line: usize) -> Result<u8> {
    match s {
        "male" => Ok(0),
        "female" => Ok(1),
        other => bail!("{}:{line}: unknown sex `{other}`", file.display()),
    }
}

/// Reads a long `..., year, sex, age, population` CSV into wide age vectors.
fn read_long(text: &str, file: &Path, region_col: Option<usize>, first: usize) -> Result<Counts> {
    let mut out = Counts::new();
    for (i, r) in csv::Reader::from_reader(text.as_bytes())
        .records()
        .enumerate()
    {
        let line = i + 2;
        let r = r.with_context(|| format!("{}:{line}", file.display()))?;
        let region = region_col.map_or_else(|| "0".to_string(), |c| r[c].to_string());
        let year: i32 = r[first]
            .parse()
            .with_context(|| format!("{}:{line}: year", file.display()))?;
        let sex = sex_index(&r[first + 1], file, line)?;
        let age: usize = r[first + 2]
            .parse()
            .with_context(|| format!("{}:{line}: age", file.display()))?;
        let n: u64 = r[first + 3]
            .parse()
            .with_context(|| format!("{}:{line}: population", file.display()))?;
        if age >= AGES {
            bail!("{}:{line}: age {age} is above 105", file.display());
        }
        out.entry((region, year, sex)).or_insert([0; AGES])[age] += n;
    }
    Ok(out)
}

fn wide_csv(counts: &Counts, with_region: bool) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = Vec::new();
    if with_region {
        header.push("kommune".into());
    }
    header.extend(["year".to_string(), "sex".to_string()]);
    header.extend((0..AGES).map(|a| format!("a{a}")));
    w.write_record(&header)?;
    for ((region, year, sex), ages) in counts {
        let mut row: Vec<String> = Vec::new();
        if with_region {
            row.push(region.clone());
        }
        row.push(year.to_string());
        row.push(if *sex == 0 { "male" } else { "female" }.to_string());
        row.extend(ages.iter().map(u64::to_string));
        w.write_record(&row)?;
    }
    Ok(w.into_inner()?)
}

/// Writes `population.csv.gz`, `population_norway.csv`, `projection_totals.csv`
/// and `gp_use.csv` into `out`. Returns the number of municipality-years.
pub fn import(ssb_dir: &Path, out: &Path) -> Result<usize> {
    let pop_file = ssb_dir.join("ssb07459_population_municipality_sex_age_2005_2026_b2024.csv.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(&pop_file)
            .with_context(|| format!("opening {}", pop_file.display()))?,
    )
    .read_to_string(&mut text)
    .with_context(|| format!("decompressing {}", pop_file.display()))?;
    let munis = read_long(&text, &pop_file, Some(0), 2)?;
    let years = munis.len() / 2;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&wide_csv(&munis, true)?)?;
    atomic_write(&out.join("population.csv.gz"), &gz.finish()?)?;

    let nat_file = ssb_dir.join("ssb07459_population_norway_sex_age_1986_2026.csv");
    let nat_text = std::fs::read_to_string(&nat_file)
        .with_context(|| format!("reading {}", nat_file.display()))?;
    let national = read_long(&nat_text, &nat_file, None, 0)?;
    atomic_write(
        &out.join("population_norway.csv"),
        &wide_csv(&national, false)?,
    )?;

    // Projected totals, main alternative (MMMM), 2025-2050, one row per municipality.
    let proj_file =
        ssb_dir.join("ssb14288_population_projection_totals_municipality_2000_2050.csv");
    let mut proj: BTreeMap<String, BTreeMap<i32, String>> = BTreeMap::new();
    for (i, r) in csv::Reader::from_path(&proj_file)
        .with_context(|| format!("reading {}", proj_file.display()))?
        .records()
        .enumerate()
    {
        let r = r.with_context(|| format!("{}:{}", proj_file.display(), i + 2))?;
        if &r[4] != "projection_MMMM_2024" {
            continue;
        }
        let year: i32 = r[2]
            .parse()
            .with_context(|| format!("{}:{}: year", proj_file.display(), i + 2))?;
        proj.entry(r[0].to_string())
            .or_default()
            .insert(year, r[3].to_string());
    }
    let proj_years: Vec<i32> = (2025..=2050).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["kommune".to_string()];
    header.extend(proj_years.iter().map(i32::to_string));
    w.write_record(&header)?;
    for (code, by_year) in &proj {
        let mut row = vec![code.clone()];
        for y in &proj_years {
            let Some(v) = by_year.get(y) else {
                bail!(
                    "{}: municipality {code} has no MMMM projection for {y}",
                    proj_file.display()
                )
            };
            row.push(v.clone());
        }
        w.write_record(&row)?;
    }
    atomic_write(&out.join("projection_totals.csv"), &w.into_inner()?)?;

    atomic_write(&out.join("gp_use.csv"), &gp_use(ssb_dir)?)?;
    Ok(years)
}

/// GP consultations per person and year by sex and age group. SSB's 2023 figures
/// ("Allmennlegetjenesten") give rates by age group for both sexes together; SSB's
/// 2005 estimate gives the split by sex within age groups. Each 2023 group rate is
/// split between men and women in the 2005 ratio, keeping the 2023 group rate as
/// the mean of the two (an approximation: equal numbers of men and women assumed
/// within a group). The 2005 groups are matched to the 2023 groups by overlap.
fn gp_use(ssb_dir: &Path) -> Result<Vec<u8>> {
    let f23 = ssb_dir.join("ssb_allmennlegetjenesten_2023_consultations_by_age_and_by_sex.csv");
    let f05 = ssb_dir.join("ssb_2005_estimated_gp_contacts_consultations_by_sex_age.csv");
    let range = |g: &str| -> Option<(u8, u8)> {
        let g = g.trim_end_matches('+');
        match g.split_once('-') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => Some((g.parse().ok()?, 105)),
        }
    };
    let mut ratio05: Vec<((u8, u8), f64)> = Vec::new(); // women / men consultations
    for r in csv::Reader::from_path(&f05)
        .with_context(|| format!("reading {}", f05.display()))?
        .records()
    {
        let r = r?;
        if let Some(rg) = range(&r[0]) {
            let men: f64 = r[5].parse()?;
            let women: f64 = r[6].parse()?;
            ratio05.push((rg, women / men));
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["sex", "age_from", "age_to", "consultations_per_person"])?;
    let mut rows: Vec<(String, u8, u8, f64)> = Vec::new();
    for r in csv::Reader::from_path(&f23)
        .with_context(|| format!("reading {}", f23.display()))?
        .records()
    {
        let r = r?;
        if &r[0] != "age" {
            continue;
        }
        let Some((lo, hi)) = range(&r[1]) else {
            bail!("{}: age group `{}` not understood", f23.display(), &r[1])
        };
        let rate: f64 = r[3].parse()?;
        // The 2005 ratio of the groups overlapping this one, weighted by overlap.
        let (mut num, mut den) = (0.0, 0.0);
        for ((a, b), q) in &ratio05 {
            let overlap = f64::from((hi.min(*b) + 1).saturating_sub(lo.max(*a)));
            num += overlap * q;
            den += overlap;
        }
        let q = if den > 0.0 { num / den } else { 1.0 };
        let men = 2.0 * rate / (1.0 + q);
        rows.push(("male".into(), lo, hi, men));
        rows.push(("female".into(), lo, hi, men * q));
    }
    for (sex, lo, hi, v) in rows {
        w.write_record([sex, lo.to_string(), hi.to_string(), format!("{v:.3}")])?;
    }
    Ok(w.into_inner()?)
}
