//! Charts 6 and 7 and the cumulative cost fan: the share of doctors still in
//! post per scenario (from `sim::survival`), the tornado of Spearman rank
//! correlations between the uncertain parameters and the cumulative locum cost
//! (from `stats::tornado`), and the fan of that cumulative cost. Each has a
//! `*_series` function giving the plotted data (for snapshot tests) and a
//! renderer returning bytes; nothing here writes files.

use crate::chart::{fan, frame, Format, FONT, GREY, PALETTE};
use crate::model::Model;
use crate::output::numfmt::{number, Lang};
use crate::stats::tornado::{self, Sample};

/// Shown in the tornado at most.
pub const MAX_BARS: usize = 12;

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
        "time_to_fill_median_months" => pick("median tid til besatt", "median time to fill"),
        "time_to_fill_sigma" => pick("spredning i tid til besatt", "spread of time to fill"),
        "time_to_fill_multiplier" => pick("faktor på tid til besatt", "time-to-fill factor"),
        "locum_coverage_share" => pick("andel dekket av vikar", "share covered by locums"),
        "locum_coverage_change" => pick("endring i vikardekning", "change in locum cover"),
        "locum_price_nok_per_week" => pick("vikarpris per uke", "locum price per week"),
        "list_length_patients" => pick("listelengde", "list length"),
        "list_length_change_patients" => pick("endring i listelengde", "change in list length"),
        "workload_elasticity" => pick("arbeidsbelastningens effekt", "workload elasticity"),
        "stay_probability" => pick("andel som blir", "share who stay"),
        "one_off_nok" => pick("engangskostnad", "one-off cost"),
        "yearly_fixed_nok" => pick("årlig kostnad", "yearly cost"),
        "per_doctor_per_year_nok" => pick("kostnad per lege og år", "cost per doctor and year"),
        "per_hire_nok" => pick("kostnad per ansettelse", "cost per hire"),
        "outside_candidates_per_year" => pick(
            "kandidater utenfra regionen per år",
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

/// The tornado's bars: (label, ρ), largest |ρ| first, at most `MAX_BARS`, for
/// the parameters that act in the baseline (the run's outcome).
pub fn tornado_series(model: &Model, samples: &[Sample], lang: Lang) -> Vec<(String, f64)> {
    tornado::drivers(samples, model.uncertain.len())
        .into_iter()
        .filter(|(p, _)| acts_in_baseline(model, &model.uncertain[*p].path))
        .take(MAX_BARS)
        .map(|(p, rho)| (param_label(model, &model.uncertain[p].path, lang), rho))
        .collect()
}

/// The cumulative fan in millions of kroner, by calendar year.
pub fn cumulative_series(model: &Model, samples: &[Sample]) -> Vec<fan::FanYear> {
    tornado::cumulative_fan(samples, model.horizon_years as usize)
        .into_iter()
        .enumerate()
        .map(|(y, q)| {
            (
                model.base_year + y as i32,
                q[0] / 1e6,
                q[1] / 1e6,
                q[2] / 1e6,
                q[3] / 1e6,
                q[4] / 1e6,
            )
        })
        .collect()
}

/// Fan of the cumulative locum cost of all units.
pub fn cumulative(
    model: &Model,
    samples: &[Sample],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let last = model.base_year + model.horizon_years as i32 - 1;
    let (title, y) = match lang {
        Lang::Nb => (
            format!(
                "Samlede vikarutgifter fra {} (alle enheter)",
                model.base_year
            ),
            "Mill. kr, summert",
        ),
        Lang::En => (
            format!(
                "Cumulative locum costs from {} (all units)",
                model.base_year
            ),
            "NOK million, cumulative",
        ),
    };
    let _ = last;
    fan::render(
        &title,
        y,
        &cumulative_series(model, samples),
        &[],
        false,
        caption,
        format,
        lang,
    )
}

/// The tornado chart: horizontal bars of Spearman's ρ.
pub fn tornado_chart(
    model: &Model,
    samples: &[Sample],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let rows = tornado_series(model, samples, lang);
    // At least six slots, so that a few bars stay bars (from the top down).
    let n = rows.len().max(6);
    let (title, x_desc) = match lang {
        Lang::Nb => (
            "Hva driver de samlede vikarutgiftene?",
            "Rangkorrelasjon (Spearman) med samlede vikarutgifter",
        ),
        Lang::En => (
            "What drives the cumulative locum costs?",
            "Rank correlation (Spearman) with cumulative locum costs",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, title, 330.0, s)
            .build_cartesian_2d(-1.0..1.0, -0.5..(n as f64 - 0.5))
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .disable_y_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 0.01
                    && i >= 0.0
                    && (i as usize) < n
                    && (i as usize) >= n - rows.len()
                {
                    rows[n - 1 - i as usize].0.clone()
                } else {
                    String::new()
                }
            })
            .x_labels(9)
            .x_label_formatter(&|x| number(*x, 2, lang))
            .x_desc(x_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .draw()
            .expect("mesh");
        for (k, (_, rho)) in rows.iter().enumerate() {
            let y = (n - 1 - k) as f64;
            let colour = if *rho >= 0.0 { PALETTE[3] } else { PALETTE[0] };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.32), (*rho, y + 0.32)],
                    colour.mix(0.85).filled(),
                )))
                .expect("bar");
            let (x, anchor) = if *rho >= 0.0 {
                (*rho + 0.02, 0)
            } else {
                (*rho - 0.02, 1)
            };
            let label = number(*rho, 2, lang);
            let style = (FONT, 13.0 * s).into_font().color(&GREY);
            let style = if anchor == 0 {
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                ))
            } else {
                style.pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Right,
                    plotters::style::text_anchor::VPos::Center,
                ))
            };
            chart
                .draw_series(std::iter::once(Text::new(label, (x, y), style)))
                .expect("value");
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                BLACK.stroke_width(1),
            )))
            .expect("zero");
    })
}

/// Names of the scenarios in order: baseline, then the variants.
pub fn scenario_names(model: &Model, lang: Lang) -> Vec<String> {
    std::iter::once(match lang {
        Lang::Nb => "Dagens situasjon".to_string(),
        Lang::En => "Baseline".to_string(),
    })
    .chain(model.variants.iter().map(|v| v.name.clone()))
    .collect()
}

/// Share still in post by years since start, one line per scenario.
pub fn retention(
    model: &Model,
    curves: &[crate::sim::survival::Curve],
    caption: &str,
    format: Format,
    lang: Lang,
) -> Vec<u8> {
    let names = scenario_names(model, lang);
    let max_x = curves.first().and_then(|c| c.last()).map_or(15.0, |p| p.0);
    let people = crate::output::staff::Staff::of_model(model).people(lang);
    let (title, x_desc, y_desc) = match lang {
        Lang::Nb => (
            format!("Andel nye {people} fortsatt i stillingen (modell)"),
            "År siden start",
            "Andel",
        ),
        Lang::En => (
            format!("Share of new {people} still in post (model)"),
            "Years since start",
            "Share",
        ),
    };
    crate::render_chart!(format, |root, s| {
        let main = frame(&root, caption, s);
        let mut chart = crate::chart::builder(&main, &title, 70.0, s)
            .build_cartesian_2d(0.0..max_x, 0.0..1.0)
            .expect("chart");
        chart
            .configure_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .x_desc(x_desc)
            .y_desc(y_desc)
            .label_style((FONT, 15.0 * s).into_font())
            .axis_desc_style((FONT, 16.0 * s).into_font())
            .y_label_formatter(&|v| format!("{} %", number(v * 100.0, 0, lang)))
            .x_label_formatter(&|v| number(*v, 0, lang))
            .draw()
            .expect("mesh");
        // Earlier lines are drawn wider, so a line that coincides with a later one
        // still shows at its edges.
        let n = curves.len().min(names.len());
        for (i, (c, name)) in curves.iter().zip(&names).enumerate() {
            let colour = if i == 0 {
                GREY
            } else {
                PALETTE[(i - 1) % PALETTE.len()]
            };
            let width = (2.0 + 1.0 * (n - 1 - i) as f64) * s;
            chart
                .draw_series(LineSeries::new(
                    c.iter().copied(),
                    colour.stroke_width(width as u32),
                ))
                .expect("curve")
                .label(name.clone())
                .legend(move |(x, y)| {
                    PathElement::new(
                        vec![(x, y), (x + (20.0 * s) as i32, y)],
                        colour.stroke_width((3.0 * s) as u32),
                    )
                });
        }
        crate::chart::legend(&mut chart, s);
    })
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
            "Vesterålen (kommunene og sykehuset): kandidater utenfra regionen per år"
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
