//! Comparison results as bytes and text: yearly paired differences, scenario
//! levels, and the ranked summary a funding application needs. Serialises only.

use crate::model::Model;
use crate::output::csv::{num, quote};
use crate::output::numfmt::{mill_kr, number, span, Lang};
use crate::sim::compare::{CMetric, CompareTable};
use crate::stats::{Stat, QUANTILE_NAMES};

fn stat_cells(s: &Stat) -> String {
    std::iter::once(num(s.mean))
        .chain(s.quantiles.iter().map(|&q| num(q)))
        .collect::<Vec<_>>()
        .join(",")
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

/// `comparison_summary.csv`: one ranked row per variant, through the comparison
/// year. "Avoided" and "savings" are baseline minus variant; money is in present
/// value at the base year except the undiscounted cumulative measure cost.
pub fn summary_csv(model: &Model, t: &CompareTable) -> Vec<u8> {
    let through = model.comparison.through_year;
    let mut out = String::from(
        "rank,variant,name,through_year,avoided_vacancy_months_mean,avoided_vacancy_months_p10,avoided_vacancy_months_p50,avoided_vacancy_months_p90,\
         avoided_patient_years_mean,avoided_patient_years_p10,avoided_patient_years_p90,\
         locum_savings_pv_nok_mean,locum_savings_pv_nok_p10,locum_savings_pv_nok_p90,measure_cost_pv_nok_mean,measure_cost_pv_nok_p10,measure_cost_pv_nok_p90,\
         net_cost_pv_nok_mean,net_cost_pv_nok_p10,net_cost_pv_nok_p50,net_cost_pv_nok_p90,probability_saves_money,\
         measure_cost_nok_undiscounted_mean,cost_per_avoided_vacancy_month_nok,break_even_year\n",
    );
    for (rank, v) in ranking(t).into_iter().enumerate() {
        let c = |m| t.get(v, t.through, m, true);
        let vm = c(CMetric::VacancyMonths);
        let py = c(CMetric::PatientYearsWithoutGp);
        let (sav, cost, npv) = (&t.pv_savings[v], &t.pv_measure[v], &t.npv[v]);
        let row = [
            (rank + 1).to_string(),
            model.variants[v].id.clone(),
            quote(&model.variants[v].name),
            through.to_string(),
            num(-vm.mean),
            num(-vm.p(0.90)),
            num(-vm.p(0.50)),
            num(-vm.p(0.10)),
            num(-py.mean),
            num(-py.p(0.90)),
            num(-py.p(0.10)),
            num(sav.mean),
            num(sav.p(0.10)),
            num(sav.p(0.90)),
            num(cost.mean),
            num(cost.p(0.10)),
            num(cost.p(0.90)),
            num(npv.mean),
            num(npv.p(0.10)),
            num(npv.p(0.50)),
            num(npv.p(0.90)),
            num(t.p_saves[v]),
            num(c(CMetric::MeasureCostNok).mean),
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

/// The ranked comparison printed after `stabil compare`: one block per variant,
/// best first, in words a council paper can use.
pub fn render(model: &Model, t: &CompareTable, lang: Lang) -> String {
    let (from, through) = (model.base_year, model.comparison.through_year);
    let rate = number(model.comparison.discount_rate * 100.0, 1, lang);
    let nb = lang == Lang::Nb;
    let mut out = if nb {
        format!("\nTiltakspakker sammenlignet med dagens situasjon, summert {from}–{through}. Kroner i nåverdi ({rate} % realrente); tall i parentes: P10–P90.\n")
    } else {
        format!("\nPackages of measures compared with the baseline, {from}–{through}. Money in present value ({rate} % real rate); in brackets: P10–P90.\n")
    };
    let range = |s: &crate::stats::Stat, scale: f64, d: usize| {
        format!(
            "({})",
            span(
                &number(s.p(0.10) * scale, d, lang),
                &number(s.p(0.90) * scale, d, lang),
                lang
            )
        )
    };
    let money = |s: &crate::stats::Stat| format!("{} {}", mill_kr(s.mean, lang), range(s, 1e-6, 1));
    for (rank, v) in ranking(t).into_iter().enumerate() {
        let vm = avoided(&t.get(v, t.through, CMetric::VacancyMonths, true));
        let py = avoided(&t.get(v, t.through, CMetric::PatientYearsWithoutGp, true));
        let flip = |s: crate::stats::Stat| with_range(&s, 1.0, 0, lang);
        let (per, even) = (per_month(t, v, lang), break_even(model, t, v, lang));
        let rows: [(&str, &str, String); 7] = [
            (
                "Unngåtte ledige månedsverk",
                "Vacancy-months avoided",
                flip(vm),
            ),
            (
                "Unngåtte pasientår uten lege",
                "Patient-years without a GP avoided",
                flip(py),
            ),
            (
                "Sparte vikarutgifter",
                "Locum costs saved",
                money(&t.pv_savings[v]),
            ),
            (
                "Kostnad for tiltakene",
                "Cost of the measures",
                money(&t.pv_measure[v]),
            ),
            (
                "Netto kostnad (negativ: sparer)",
                "Net cost (negative: saves)",
                // With the median: a few futures with large costs can make the
                // mean a cost while most futures save (the median and
                // P(saves money) always agree in sign).
                format!(
                    "{}, median {}   {} = {} %",
                    money(&t.npv[v]),
                    number(t.npv[v].p(0.5) * 1e-6, 1, lang),
                    if nb {
                        "P(sparer penger)"
                    } else {
                        "P(saves money)"
                    },
                    number(t.p_saves[v] * 100.0, 0, lang)
                ),
            ),
            (PER_MONTH[0], PER_MONTH[1], per),
            (
                "Lønner seg fra (forventet)",
                "Pays off from (expected)",
                even,
            ),
        ];
        out.push_str(&format!("\n{}. {}\n", rank + 1, model.variants[v].name));
        for (label_nb, label_en, value) in rows {
            let label = if nb { label_nb } else { label_en };
            let value = if nb {
                value
            } else {
                value.replace("P(sparer penger)", "P(saves money)")
            };
            out.push_str(&format!("   {label:<44}{value}\n"));
        }
        for line in crate::output::compare_roles::lines(model, t, v, lang) {
            out.push_str(&format!("   {line}\n"));
        }
        if let Some(note) = market_note(model, v, lang) {
            let merk = if nb { "Merk" } else { "Note" };
            out.push_str(&format!("   {merk}: {note}\n"));
        }
    }
    out
}

/// "mean (P10–P90)" with `d` decimals, in units of `per` (1e6: millions).
pub fn with_range(s: &Stat, per: f64, d: usize, lang: Lang) -> String {
    format!(
        "{} ({})",
        number(s.mean / per, d, lang),
        span(
            &number(s.p(0.10) / per, d, lang),
            &number(s.p(0.90) / per, d, lang),
            lang
        )
    )
}

/// Baseline minus variant from variant minus baseline: negated, so that P10
/// becomes minus the P90 (the levels are symmetric).
pub fn avoided(s: &Stat) -> Stat {
    let mut quantiles = s.quantiles.map(|q| -q);
    quantiles.reverse();
    Stat {
        mean: -s.mean,
        quantiles,
    }
}

/// The label of the measure cost per avoided vacancy-month (Norwegian, English).
/// Undiscounted, unlike the kroner above it: said in the label.
pub const PER_MONTH: [&str; 2] = [
    "Udiskontert kostnad per unngått månedsverk",
    "Undiscounted cost per avoided month",
];

/// The mean measure cost per avoided vacancy-month in words, with the two
/// figures it divides, so a reader can check it against the discounted
/// kroner above ("ca. 171 000 kr (1,9 mill. kr / 11 månedsverk)"); "–" when
/// the package avoids none or has no measures.
pub fn per_month(t: &CompareTable, v: usize, lang: Lang) -> String {
    let cost = t.get(v, t.through, CMetric::MeasureCostNok, true).mean;
    if cost == 0.0 {
        // No measures: "0 kr" would read as a free effect.
        return "–".to_string();
    }
    let Some(x) = t.cost_per_avoided_vacancy_month(v) else {
        return "–".to_string();
    };
    let months = -t.get(v, t.through, CMetric::VacancyMonths, true).mean;
    let (what, n) = (mill_kr(cost, lang), number(months, 0, lang));
    match lang {
        Lang::Nb => format!(
            "ca. {} ({what} / {n} månedsverk)",
            per_month_words(Some(x), lang)
        ),
        Lang::En => format!(
            "about {} ({what} / {n} months)",
            per_month_words(Some(x), lang)
        ),
    }
}

/// A cost per avoided month in words, "–" without one.
pub fn per_month_words(x: Option<f64>, lang: Lang) -> String {
    // Three significant figures: it divides two uncertain means, and the
    // effects behind it are assumptions (170 723 kr claimed too much).
    let x = x.map(|x| {
        let step = 10f64.powi((x.abs().max(1.0).log10().floor() as i32 - 2).max(0));
        (x / step).round() * step
    });
    x.map_or("–".to_string(), |x| match lang {
        Lang::Nb => format!("{} kr", number(x, 0, lang)),
        Lang::En => format!("NOK {}", number(x, 0, lang)),
    })
}

/// The year from which a package is expected to pay off, in words.
pub fn break_even(model: &Model, t: &CompareTable, v: usize, lang: Lang) -> String {
    // Not "within the horizon": the comparison's own period ends earlier.
    let last = model.base_year + model.horizon_years as i32 - 1;
    match (t.break_even(v), lang) {
        (Some(y), _) => (model.base_year + y as i32).to_string(),
        (None, Lang::Nb) => format!("ikke innen {last}"),
        (None, Lang::En) => format!("not by {last}"),
    }
}

/// The warning for a package that switches on a labour market the baseline
/// does not have, if it does (after "Merk:"/"Note:", lower case): the
/// difference is the market's alone when the package has no measures, else it
/// mixes the two, and the package to compare with is named when there is one
/// that only switches the same markets on.
pub fn market_note(model: &Model, v: usize, lang: Lang) -> Option<String> {
    let switched = |w: usize| -> Vec<usize> {
        model.variants[w]
            .markets
            .iter()
            .copied()
            .filter(|&k| !model.markets[k].enabled)
            .collect()
    };
    let mine = switched(v);
    if mine.is_empty() {
        return None;
    }
    let names: Vec<&str> = mine
        .iter()
        .map(|&k| model.markets[k].name.as_str())
        .collect();
    let names = names.join("», «");
    let only_market = (0..model.variants.len())
        .find(|&w| w != v && model.variants[w].uses.is_empty() && switched(w) == mine)
        .map(|w| model.variants[w].name.as_str());
    Some(match (lang, model.variants[v].uses.is_empty(), only_market) {
        (Lang::Nb, true, _) => format!("denne pakken omfatter det felles arbeidsmarkedet «{names}», som dagens situasjon ikke har, og har ingen tiltak: forskjellen skyldes bare arbeidsmarkedet."),
        (Lang::Nb, false, Some(m)) => format!("denne pakken omfatter det felles arbeidsmarkedet «{names}», som dagens situasjon ikke har. Forskjellen blander arbeidsmarkedet og tiltakene; sammenlign med «{m}», som bare har arbeidsmarkedet."),
        (Lang::Nb, false, None) => format!("denne pakken omfatter det felles arbeidsmarkedet «{names}», som dagens situasjon ikke har. Forskjellen blander arbeidsmarkedet og tiltakene; sammenlign med en pakke som bare har arbeidsmarkedet."),
        (Lang::En, true, _) => format!("this package adds the shared labour market “{}”, which the baseline does not have, and has no measures: the difference comes from the market alone.", names.replace("», «", "”, “")),
        (Lang::En, false, Some(m)) => format!("this package adds the shared labour market “{}”, which the baseline does not have. The difference mixes the market and the measures; compare with “{m}”, which only adds the market.", names.replace("», «", "”, “")),
        (Lang::En, false, None) => format!("this package adds the shared labour market “{}”, which the baseline does not have. The difference mixes the market and the measures; compare with a package that only adds the market.", names.replace("», «", "”, “")),
    })
}

/// A compared figure in words (the CSV files keep the ids).
pub fn metric_words(m: CMetric, lang: Lang) -> &'static str {
    match (lang, m) {
        (Lang::Nb, CMetric::VacancyMonths) => "Ledige månedsverk",
        (Lang::Nb, CMetric::PatientYearsWithoutGp) => "Pasientår uten lege",
        (Lang::Nb, CMetric::LocumCostNok) => "Vikarutgifter, kr",
        (Lang::Nb, CMetric::MeasureCostNok) => "Kostnad for tiltakene, kr",
        (Lang::Nb, CMetric::NetCostNok) => "Netto kostnad, kr",
        (Lang::En, CMetric::VacancyMonths) => "Vacancy-months",
        (Lang::En, CMetric::PatientYearsWithoutGp) => "Patient-years without a GP",
        (Lang::En, CMetric::LocumCostNok) => "Locum costs, NOK",
        (Lang::En, CMetric::MeasureCostNok) => "Cost of the measures, NOK",
        (Lang::En, CMetric::NetCostNok) => "Net cost, NOK",
    }
}
