//! A scenario parameter's TOML path in words, for the tornado chart and the
//! assumptions table (`units[2].departure_median_years` → "Øksnes: median tid i
//! stilling"), and whether it can change a run's outcome at all. Words only:
//! never reads values.

use crate::model::Model;
use crate::output::numfmt::{number, Lang};

/// Whether a parameter can change the baseline: measures and variants only act
/// in `compare`, and so do the markets that only variants switch on.
pub fn acts_in_baseline(model: &Model, path: &str) -> bool {
    if path.starts_with("measure.") || path.starts_with("variant.") {
        return false;
    }
    match market_index(path) {
        Some(k) => model.markets.get(k).is_some_and(|m| m.enabled),
        None => true,
    }
}

/// `k` of a path `markets[k]…`.
fn market_index(path: &str) -> Option<usize> {
    let (i, _) = path.strip_prefix("markets[")?.split_once(']')?;
    i.parse().ok()
}

/// A parameter's path in words: `units[2].departure_median_years` → "Øksnes:
/// median tid i stilling"; `measure.alis.departure_hazard_multiplier[0]` →
/// "ALIS: faktor på avgangsrisiko, 0–1 år".
pub fn param_label(model: &Model, path: &str, lang: Lang) -> String {
    let nb = lang == Lang::Nb;
    let mut who = String::new();
    let mut rest = path;
    if let Some(tail) = path.strip_prefix("units[") {
        if let Some((i, after)) = tail.split_once(']') {
            if let Some(u) = i.parse::<usize>().ok().and_then(|i| model.units.get(i)) {
                who = format!("{}: ", u.name);
                rest = after.trim_start_matches('.');
            }
        }
    } else if let Some(m) = market_index(path).and_then(|k| model.markets.get(k)) {
        who = format!("{}: ", m.name);
        rest = path.split_once("].").map_or(rest, |(_, after)| after);
    } else if let Some(tail) = path.strip_prefix("measure.") {
        let id = tail.split('.').next().unwrap_or(tail);
        if let Some(m) = model.measures.iter().find(|m| m.id == id) {
            who = format!("{}: ", if nb { &m.name_nb } else { &m.name_en });
        }
    } else if let Some(tail) = path.strip_prefix("variant.") {
        let id = tail.split('.').next().unwrap_or(tail);
        if let Some(v) = model.variants.iter().find(|v| v.id == id) {
            if path.contains(".interaction.") {
                return format!("{}: {}", v.name, if nb { "samspill" } else { "synergy" });
            }
            who = format!("{}: ", v.name);
        }
    }
    let key = rest.split('.').next_back().unwrap_or(rest);
    let (base, idx) = match key.split_once('[') {
        Some((k, i)) => (k, i.trim_end_matches(']').parse::<usize>().ok()),
        None => (key, None),
    };
    let pick = |a: &'static str, b: &'static str| if nb { a } else { b };
    let words = match base {
        "departure_median_years" => pick("median tid i stilling", "median time in post"),
        "departure_hazard_multiplier" => pick("faktor på avgangsrisiko", "departure hazard factor"),
        "departure_hazard_per_year" => pick("avgangsrisiko per år", "departure hazard per year"),
        "time_to_fill_median_months" => {
            pick("median tid før stillingen er besatt", "median time to fill")
        }
        "time_to_fill_sigma" => pick(
            "spredning i tiden før stillingen er besatt",
            "spread of time to fill",
        ),
        "time_to_fill_multiplier" => pick(
            "faktor på tiden før stillingen er besatt",
            "time-to-fill factor",
        ),
        "locum_coverage_share" => pick("andel dekket av vikar", "share covered by locums"),
        "locum_coverage_change" => pick("endring i vikardekning", "change in locum cover"),
        "locum_price_nok_per_week" => pick("vikarpris per uke", "locum price per week"),
        "list_length_patients" => pick("listelengde", "list length"),
        "list_length_change_patients" => pick("endring i listelengde", "change in list length"),
        "workload_elasticity" => pick("arbeidsbelastningens effekt", "workload elasticity"),
        "stay_probability" => pick("andel som kommer tilbake", "share who come back"),
        "one_off_nok" => pick("engangskostnad", "one-off cost"),
        "yearly_fixed_nok" => pick("årlig kostnad", "yearly cost"),
        "per_doctor_per_year_nok" => pick("kostnad per lege og år", "cost per doctor and year"),
        "per_hire_nok" => pick("kostnad per ansettelse", "cost per hire"),
        "outside_candidates_per_year" => pick(
            "kandidater fra utenfor regionen per år",
            "candidates from outside the region per year",
        ),
        "move_within_region_share" => pick(
            "andel som bytter til en ledig stilling i regionen",
            "share who move to an open post in the region",
        ),
        "hazard_per_year" if rest.starts_with("retirement") => {
            pick("pensjoneringsrisiko", "retirement hazard")
        }
        _ => base,
    };
    let bands = &model.tenure_band_starts_years;
    let band = match idx {
        Some(i) if base.starts_with("departure_hazard") && i < bands.len() => {
            let y = if nb { "år" } else { "years" };
            match bands.get(i + 1) {
                Some(end) => format!(
                    ", {}–{} {y}",
                    number(bands[i], 0, lang),
                    number(*end, 0, lang)
                ),
                None => format!(", {}+ {y}", number(bands[i], 0, lang)),
            }
        }
        Some(i) => format!(" [{i}]"),
        None => String::new(),
    };
    let text = format!("{words}{band}");
    if who.is_empty() {
        let mut c = text.chars();
        c.next().map_or(String::new(), |f| {
            f.to_uppercase().collect::<String>() + c.as_str()
        })
    } else {
        format!("{who}{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vesteralen() -> Model {
        crate::scenario::load_str(
            crate::scenario::bundled::get("vesteralen").unwrap(),
            "vesteralen.toml",
        )
        .unwrap()
    }

    #[test]
    fn market_parameters_are_named_in_words_and_only_act_when_the_market_is_on() {
        let mut model = vesteralen();
        let path = "markets[0].outside_candidates_per_year";
        assert_eq!(
            param_label(&model, path, Lang::Nb),
            "Vesterålen (kommunene og sykehuset): kandidater fra utenfor regionen per år"
        );
        assert_eq!(
            param_label(&model, "markets[0].move_within_region_share", Lang::En),
            "Vesterålen (kommunene og sykehuset): share who move to an open post in the region"
        );
        // Off in the baseline (only variants switch it on): not a driver of the run.
        assert!(!model.markets[0].enabled);
        assert!(!acts_in_baseline(&model, path));
        model.markets[0].enabled = true;
        assert!(acts_in_baseline(&model, path));
        assert!(acts_in_baseline(
            &model,
            "defaults.locum_price_nok_per_week"
        ));
        assert!(!acts_in_baseline(
            &model,
            "measure.alis.time_to_fill_multiplier"
        ));
    }
}
