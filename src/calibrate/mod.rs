//! Calibration from a local roster (issue 7, first part): Kaplan-Meier survival
//! of contracts, piecewise-exponential hazards by tenure band with intervals,
//! optionally by group, and a TOML snippet a scenario can use. Pure: parsed
//! roster in, typed results and text out; files are the CLI's business.

pub mod km;
pub mod pwexp;
pub mod roster;

use pwexp::Band;
use roster::Spell;

/// Groups spells by a column (`None`: one group of everything).
pub fn groups<'a>(spells: &'a [Spell], by: Option<&str>) -> Vec<(String, Vec<&'a Spell>)> {
    let key = |s: &Spell| -> String {
        match by {
            Some("unit") => s.unit.clone(),
            Some("sex") => s.sex.clone().unwrap_or_else(|| "unknown".into()),
            Some("contract_type") => s.contract_type.clone().unwrap_or_else(|| "unknown".into()),
            _ => "all".into(),
        }
    };
    let mut out: Vec<(String, Vec<&Spell>)> = Vec::new();
    for s in spells {
        let k = key(s);
        match out.iter_mut().find(|(g, _)| *g == k) {
            Some((_, v)) => v.push(s),
            None => out.push((k, vec![s])),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Median of the fitted piecewise-exponential curve (years).
pub fn fitted_median(bands: &[Band]) -> Option<f64> {
    let starts: Vec<f64> = bands.iter().map(|b| b.start_years).collect();
    let rates: Vec<f64> = bands
        .iter()
        .map(|b| if b.hazard.is_finite() { b.hazard } else { 0.0 })
        .collect();
    let h = crate::model::hazard::PiecewiseHazard::new(starts, rates).ok()?;
    Some(h.median()).filter(|m| m.is_finite())
}

/// A TOML snippet with the fitted hazards as distributions: lognormal around
/// each estimate with the standard error of its logarithm (1/√events).
pub fn toml_snippet(bands: &[Band], source: &str) -> String {
    let starts: Vec<String> = bands.iter().map(|b| format!("{}", b.start_years)).collect();
    let mut out = format!(
        "# Departure hazards fitted by `stabil calibrate` from {source}.\n\
         # Each band: lognormal around events / exposure, sigma = 1 / sqrt(events)\n\
         # (a band without events: half an event, sigma 1). Put these lines in [defaults];\n\
         # departure_hazard_per_year may also go in a single unit.\n\
         tenure_band_starts_years = [{}]\n\
         departure_hazard_per_year = [\n",
        starts.join(", ")
    );
    for b in bands {
        let (median, sigma) = if b.events > 0 {
            (b.hazard, 1.0 / (b.events as f64).sqrt())
        } else {
            (0.5 / b.exposure_years.max(1e-9), 1.0)
        };
        let span = b.span();
        out.push_str(&format!(
            "  {{ lognormal = {{ median = {median:.4}, sigma = {sigma:.3} }} }},   # {span} years: {} ended in {:.1} years in post\n",
            b.events, b.exposure_years
        ));
    }
    out.push_str("]\n");
    out
}
