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
         # (a band without events: half an event, sigma 1; a band no contract reached:\n\
         # the band before's). Put these lines in [defaults];\n\
         # departure_hazard_per_year may also go in a single unit.\n\
         tenure_band_starts_years = [{}]\n\
         departure_hazard_per_year = [\n",
        starts.join(", ")
    );
    // A band no contract reached has no estimate of its own: it takes the
    // band before's distribution, as the fit (`pwexp::fit`) does.
    let mut before: Option<(f64, f64)> = None;
    for b in bands {
        let (median, sigma) = match before {
            Some(prev) if b.pooled => prev,
            _ if b.events > 0 => (b.hazard, 1.0 / (b.events as f64).sqrt()),
            _ => (0.5 / b.exposure_years.max(1e-9), 1.0),
        };
        before = Some((median, sigma));
        let span = b.span();
        let note = if b.pooled {
            "no contract reached this band: the band before's value".to_string()
        } else {
            format!(
                "{} ended in {:.1} years in post",
                b.events, b.exposure_years
            )
        };
        out.push_str(&format!(
            "  {{ lognormal = {{ median = {median:.4}, sigma = {sigma:.3} }} }},   # {span} years: {note}\n"
        ));
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_nobody_reached_gets_the_band_befores_distribution_in_the_snippet() {
        // Regression (fresh-eyes review, session 10): a roster under ten years
        // old wrote `median = 500000000` for the 10+ band (half an event over
        // no exposure), which `validate` and `run` accepted.
        let data = [(2.0, true), (2.5, true), (5.4, true), (4.0, false)];
        let bands = pwexp::fit(&data, &[0.0, 1.0, 3.0, 10.0]);
        assert!(bands[3].pooled);
        let text = toml_snippet(&bands, "test");
        let lines: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with("{ lognormal"))
            .collect();
        assert_eq!(lines.len(), 4);
        let dist = |l: &str| l.split('#').next().unwrap().trim().to_string();
        assert_eq!(dist(lines[3]), dist(lines[2]), "{text}");
        assert!(lines[3].contains("the band before"), "{text}");
        assert!(!text.contains("500000000"), "{text}");
    }
}
