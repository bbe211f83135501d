//! Comparison results as bytes and text: yearly paired differences, scenario
//! levels, and the ranked summary a funding application needs. Serialises only.

use crate::model::Model;
use crate::output::numfmt::{mill_kr, number, Lang};
use crate::sim::compare::{CMetric, CompareTable};
use crate::stats::{Stat, QUANTILE_NAMES};

fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

fn stat_cells(s: &Stat) -> String {
    std::iter::once(num(s.mean))
        .chain(s.quantiles.iter().map(|&q| num(q)))
        .collect::<Vec<_>>()
        .join(",")
}

fn quote(s: &str) -> String {
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `comparison_yearly.csv`: every variant's paired differences per year, for the
/// year alone and cumulated from the base year.
pub fn yearly_csv(model: &Model, t: &CompareTable) -> Vec<u8> {
    let mut out = format!(
        "variant,name,year,metric,cumulative,mean,{}\n",
        QUANTILE_NAMES.join(",")
    );
    for (v, var) in model.variants.iter().enumerate() {
        for y in 0..t.years {
            for cumulative in [false, true] {
                for m in CMetric::ALL {
                    out.push_str(&format!(
                        "{},{},{},{},{},{}\n",
                        var.id,
                        quote(&var.name),
                        model.base_year + y as i32,
                        m.name(),
                        cumulative,
                        stat_cells(&t.get(v, y, m, cumulative))
                    ));
                }
            }
        }
    }
    out.into_bytes()
}

/// `comparison_levels.csv`: vacancy-months and locum cost per scenario and year.
pub fn levels_csv(model: &Model, t: &CompareTable) -> Vec<u8> {
    let mut out = format!("scenario,year,metric,mean,{}\n", QUANTILE_NAMES.join(","));
    let ids: Vec<&str> = std::iter::once("baseline")
        .chain(model.variants.iter().map(|v| v.id.as_str()))
        .collect();
    for (s, id) in ids.iter().enumerate() {
        for y in 0..t.years {
            let (vm, lc) = &t.levels[s * t.years + y];
            for (name, st) in [("vacancy_months", vm), ("locum_cost_nok", lc)] {
                out.push_str(&format!(
                    "{id},{},{name},{}\n",
                    model.base_year + y as i32,
                    stat_cells(st)
                ));
            }
        }
    }
    out.into_bytes()
}

/// Variants ranked by expected net present cost (most saved first).
pub fn ranking(t: &CompareTable) -> Vec<usize> {
    let mut order: Vec<usize> = (0..t.npv.len()).collect();
    order.sort_by(|&a, &b| t.npv[a].mean.total_cmp(&t.npv[b].mean));
    order
}

/// `comparison_summary.csv`: one ranked row per variant, cumulated through the
/// comparison year.
pub fn summary_csv(model: &Model, t: &CompareTable) -> Vec<u8> {
    let through = model.comparison.through_year;
    let mut out = String::from(
        "rank,variant,name,through_year,avoided_vacancy_months_mean,avoided_vacancy_months_p10,avoided_vacancy_months_p50,avoided_vacancy_months_p90,\
         avoided_patient_years_mean,locum_savings_nok_mean,measure_cost_nok_mean,net_cost_nok_mean,net_cost_nok_p10,net_cost_nok_p50,net_cost_nok_p90,\
         npv_net_cost_nok_mean,npv_net_cost_nok_p10,npv_net_cost_nok_p50,npv_net_cost_nok_p90,probability_saves_money,cost_per_avoided_vacancy_month_nok,break_even_year\n",
    );
    for (rank, v) in ranking(t).into_iter().enumerate() {
        let c = |m| t.get(v, t.through, m, true);
        let vm = c(CMetric::VacancyMonths);
        let net = c(CMetric::NetCostNok);
        let npv = &t.npv[v];
        let row = [
            (rank + 1).to_string(),
            model.variants[v].id.clone(),
            quote(&model.variants[v].name),
            through.to_string(),
            num(-vm.mean),
            num(-vm.p(0.90)),
            num(-vm.p(0.50)),
            num(-vm.p(0.10)),
            num(-c(CMetric::PatientYearsWithoutGp).mean),
            num(-c(CMetric::LocumCostNok).mean),
            num(c(CMetric::MeasureCostNok).mean),
            num(net.mean),
            num(net.p(0.10)),
            num(net.p(0.50)),
            num(net.p(0.90)),
            num(npv.mean),
            num(npv.p(0.10)),
            num(npv.p(0.50)),
            num(npv.p(0.90)),
            num(t.p_saves[v]),
            t.cost_per_avoided_vacancy_month(v)
                .map(num)
                .unwrap_or_default(),
            t.break_even(v)
                .map(|y| (model.base_year + y as i32).to_string())
                .unwrap_or_default(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out.into_bytes()
}

/// The ranked table printed after `stabil compare`.
pub fn render(model: &Model, t: &CompareTable, lang: Lang) -> String {
    let through = model.comparison.through_year;
    let rate = number(model.comparison.discount_rate * 100.0, 1, lang);
    let (title, h) = match lang {
        Lang::Nb => (
            format!("Sammenlignet med dagens situasjon, summert {}–{through} (nåverdi med {rate} % rente):", model.base_year),
            ["Tiltak", "Unngåtte ledige månedsverk (P10–P90)", "Tiltakskostnad", "Netto kostnad, nåverdi (P10–P90)", "P(sparer)", "Kr per unngått mnd", "Lønner seg fra"],
        ),
        Lang::En => (
            format!("Compared with the baseline, {}–{through} (present value at {rate} %):", model.base_year),
            ["Variant", "Avoided vacancy-months (P10–P90)", "Measure cost", "Net cost, present value (P10–P90)", "P(saves)", "NOK per avoided month", "Pays off from"],
        ),
    };
    let mut out = format!("\n{title}\n");
    out.push_str(&format!(
        "  {:<34}{:<40}{:<18}{:<38}{:<11}{:<23}{}\n",
        h[0], h[1], h[2], h[3], h[4], h[5], h[6]
    ));
    for v in ranking(t) {
        let vm = t.get(v, t.through, CMetric::VacancyMonths, true);
        let cost = t.get(v, t.through, CMetric::MeasureCostNok, true);
        let npv = &t.npv[v];
        let name: String = model.variants[v].name.chars().take(32).collect();
        let avoided = format!(
            "{} ({}–{})",
            number(-vm.mean, 0, lang),
            number(-vm.p(0.90), 0, lang),
            number(-vm.p(0.10), 0, lang)
        );
        let net = format!(
            "{} ({}–{})",
            mill_kr(npv.mean, lang),
            number(npv.p(0.10) / 1e6, 1, lang),
            number(npv.p(0.90) / 1e6, 1, lang)
        );
        let per = t
            .cost_per_avoided_vacancy_month(v)
            .map_or("–".into(), |x| number(x, 0, lang));
        let even = t
            .break_even(v)
            .map_or("–".into(), |y| (model.base_year + y as i32).to_string());
        out.push_str(&format!(
            "  {name:<34}{avoided:<40}{:<18}{net:<38}{:<11}{per:<23}{even}\n",
            mill_kr(cost.mean, lang),
            format!("{} %", number(t.p_saves[v] * 100.0, 0, lang))
        ));
    }
    out
}
