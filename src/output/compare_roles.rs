//! The comparison per service, in words: what the console prints under each
//! package, the cells of the report's table, the spreadsheet's sheet and
//! `comparison_by_service.csv`,
//! when a scenario has more than one kind of unit (GP lists and hospital
//! posts, say). Formats only: the figures come from `sim::compare_roles`.

use crate::model::{Model, Role};
use crate::output::compare::{avoided, per_month_words, with_range, PER_MONTH};
use crate::output::csv::{num, quote};
use crate::output::numfmt::{and_list, mill_kr, Lang};
use crate::output::xlsx::{Cell, Sheet};
use crate::sim::compare::CompareTable;
use crate::stats::{Stat, QUANTILE_NAMES};

/// The service a role stands for, as a planning document names it.
pub fn role_words(role: Role, lang: Lang) -> &'static str {
    match (lang, role) {
        (Lang::Nb, Role::Gp) => "Fastlegetjenesten",
        (Lang::Nb, Role::Specialist) => "Spesialisthelsetjenesten",
        (Lang::Nb, Role::Nurse) => "Sykepleietjenesten",
        (Lang::Nb, Role::Other) => "Andre tjenester",
        (Lang::En, Role::Gp) => "GP service",
        (Lang::En, Role::Specialist) => "Specialist health service",
        (Lang::En, Role::Nurse) => "Nursing service",
        (Lang::En, Role::Other) => "Other services",
    }
}

/// The service within a sentence ("i fastlegetjenesten", "in the GP service").
fn in_sentence(role: Role, lang: Lang) -> String {
    let words = role_words(role, lang);
    match (lang, role) {
        (Lang::En, Role::Gp) => words.to_string(),
        _ => words.to_lowercase(),
    }
}

fn is_zero(s: &Stat) -> bool {
    s.mean == 0.0 && s.quantiles.iter().all(|&q| q == 0.0)
}

/// Package `v`'s figures for one service (role index `r`).
pub struct Figures<'a> {
    pub vacancy_months_avoided: Stat,
    /// Only for the GP service, whose lists they count.
    pub patient_years_avoided: Option<Stat>,
    pub locum_saved: &'a Stat,
    /// `None` when the package has no measures in this service.
    pub measure_cost: Option<&'a Stat>,
    pub net_cost: &'a Stat,
    /// The measures' undiscounted cost per vacancy-month avoided, as the
    /// package total's; `None` without measures or avoided months.
    pub cost_per_avoided_month: Option<f64>,
}

pub fn figures(t: &CompareTable, v: usize, r: usize) -> Figures<'_> {
    let [vm, py, locum, cost, net, spent] = &t.by_role[v * t.roles.len() + r];
    let avoided_months = -vm.mean;
    Figures {
        cost_per_avoided_month: (!is_zero(cost) && avoided_months > 0.0)
            .then(|| spent.mean / avoided_months),
        vacancy_months_avoided: avoided(vm),
        patient_years_avoided: (t.roles[r] == Role::Gp).then(|| avoided(py)),
        locum_saved: locum,
        measure_cost: (!is_zero(cost)).then_some(cost),
        net_cost: net,
    }
}

/// Whether package `v` changes more than one service: otherwise its totals
/// are the one service's figures, and a split would only add lines of zeros.
pub fn split_shown(t: &CompareTable, v: usize) -> bool {
    let changed = |r: usize| !t.by_role[v * t.roles.len() + r].iter().all(is_zero);
    (0..t.roles.len()).filter(|&r| changed(r)).count() > 1
}

/// Where package `v` saves money and where it costs money, when the services
/// differ in the sign of the expected net cost (else `None`); `named` starts
/// with the package's name (the console's lines stand under it already).
pub fn who_pays(
    model: &Model,
    t: &CompareTable,
    v: usize,
    named: bool,
    lang: Lang,
) -> Option<String> {
    let names = |keep: fn(f64) -> bool| -> Vec<String> {
        (0..t.roles.len())
            .filter(|&r| keep(figures(t, v, r).net_cost.mean))
            .map(|r| in_sentence(t.roles[r], lang))
            .collect()
    };
    let (saves, costs) = (names(|net| net < 0.0), names(|net| net > 0.0));
    if saves.is_empty() || costs.is_empty() {
        return None;
    }
    let name = &model.variants[v].name;
    let (saves, costs) = (and_list(&saves, lang), and_list(&costs, lang));
    Some(match (lang, named) {
        (Lang::Nb, true) => format!(
            "«{name}» sparer penger i {saves} og koster penger i {costs} (forventet verdi)."
        ),
        (Lang::Nb, false) => {
            format!("Sparer penger i {saves} og koster penger i {costs} (forventet verdi).")
        }
        (Lang::En, true) => format!(
            "“{name}” saves money in the {saves} and costs money in the {costs} (expected value)."
        ),
        (Lang::En, false) => {
            format!("Saves money in the {saves} and costs money in the {costs} (expected value).")
        }
    })
}

/// The console's lines for package `v`: one row per figure, one column per
/// service, with the labels of the package's block above; none when the
/// package changes one service only.
pub fn lines(model: &Model, t: &CompareTable, v: usize, lang: Lang) -> Vec<String> {
    if !split_shown(t, v) {
        return Vec::new();
    }
    let nb = lang == Lang::Nb;
    let per_role: Vec<[String; 6]> = (0..t.roles.len())
        .map(|r| {
            let f = figures(t, v, r);
            [
                with_range(&f.vacancy_months_avoided, 1.0, 0, lang),
                f.patient_years_avoided
                    .map_or("–".into(), |s| with_range(&s, 1.0, 0, lang)),
                mill_kr(f.locum_saved.mean, lang),
                f.measure_cost.map_or("–".into(), |s| mill_kr(s.mean, lang)),
                mill_kr(f.net_cost.mean, lang),
                per_month_words(f.cost_per_avoided_month, lang),
            ]
        })
        .collect();
    let labels: [(&str, &str); 6] = [
        ("Unngåtte ledige månedsverk", "Vacancy-months avoided"),
        (
            "Unngåtte pasientår uten lege",
            "Patient-years without a GP avoided",
        ),
        ("Sparte vikarutgifter", "Locum costs saved"),
        ("Kostnad for tiltakene", "Cost of the measures"),
        (
            "Netto kostnad (negativ: sparer)",
            "Net cost (negative: saves)",
        ),
        (PER_MONTH[0], PER_MONTH[1]),
    ];
    let width = |r: usize| {
        per_role[r]
            .iter()
            .map(|c| c.chars().count())
            .chain(std::iter::once(
                role_words(t.roles[r], lang).chars().count(),
            ))
            .max()
            .unwrap_or(0)
            + 3
    };
    let widths: Vec<usize> = (0..t.roles.len()).map(width).collect();
    let row = |label: &str, cells: Vec<&str>| {
        // Two more than the package block's 44: the rows are indented by two.
        let mut line = format!("{label:<46}");
        for (cell, w) in cells.iter().zip(&widths) {
            line.push_str(&format!("{cell:<w$}"));
        }
        line.trim_end().to_string()
    };
    let (from, through) = (model.base_year, model.comparison.through_year);
    let head = if nb {
        format!("Per tjeneste, {from}–{through}")
    } else {
        format!("Per service, {from}–{through}")
    };
    let mut out = vec![row(
        &head,
        t.roles.iter().map(|&r| role_words(r, lang)).collect(),
    )];
    for (m, (label_nb, label_en)) in labels.iter().enumerate() {
        let label = if nb { label_nb } else { label_en };
        out.push(row(
            &format!("  {label}"),
            per_role.iter().map(|c| c[m].as_str()).collect(),
        ));
    }
    out.extend(who_pays(model, t, v, false, lang).map(|s| format!("  {s}")));
    out
}

/// `comparison_by_service.csv`: every package's figures per service, summed
/// through `through_year`: vacancy-months and patient-years as variant minus
/// baseline (negative: fewer, as in `comparison_yearly.csv`), money saved,
/// spent and net in present value.
pub fn csv(model: &Model, t: &CompareTable) -> Vec<u8> {
    let figures = [
        "vacancy_months",
        "patient_years_without_gp",
        "locum_cost_saved_pv_nok",
        "measure_cost_pv_nok",
        "net_cost_pv_nok",
        "measure_cost_undiscounted_nok",
    ];
    let mut out = String::from("variant,service,figure,mean");
    for q in QUANTILE_NAMES {
        out.push(',');
        out.push_str(q);
    }
    out.push('\n');
    for (v, variant) in model.variants.iter().enumerate() {
        for (r, role) in t.roles.iter().enumerate() {
            for (m, name) in figures.iter().enumerate() {
                let s = &t.by_role[v * t.roles.len() + r][m];
                out.push_str(&format!(
                    "{},{},{name},{}",
                    quote(&variant.id),
                    role.name(),
                    num(s.mean)
                ));
                for &q in &s.quantiles {
                    out.push(',');
                    out.push_str(&num(q));
                }
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

/// The spreadsheet's sheet per service: the report's table with numbers
/// (P10 and P90 in columns of their own); `None` when no package changes more
/// than one service.
pub fn sheet(model: &Model, t: &CompareTable, lang: Lang) -> Option<Sheet> {
    let shown: Vec<usize> = crate::output::compare::ranking(t)
        .into_iter()
        .filter(|&v| split_shown(t, v))
        .collect();
    if shown.is_empty() {
        return None;
    }
    let three = |s: &Stat| [s.mean, s.p(0.10), s.p(0.90)].map(Cell::N);
    let mut rows = Vec::new();
    for &v in &shown {
        for (r, &role) in t.roles.iter().enumerate() {
            let f = figures(t, v, r);
            let mut row = vec![
                Cell::T(model.variants[v].name.clone()),
                Cell::T(role_words(role, lang).into()),
            ];
            row.extend(three(&f.vacancy_months_avoided));
            match &f.patient_years_avoided {
                Some(py) => row.extend(three(py)),
                None => row.extend(["–", "–", "–"].map(|x| Cell::T(x.into()))),
            }
            row.push(Cell::N(f.locum_saved.mean));
            row.push(Cell::N(f.measure_cost.map_or(0.0, |s| s.mean)));
            row.extend(three(f.net_cost));
            row.push(
                f.cost_per_avoided_month
                    .map_or(Cell::T("–".into()), Cell::N),
            );
            rows.push(row);
        }
    }
    let header: &[&str] = match lang {
        Lang::Nb => &[
            "Tiltakspakke",
            "Tjeneste",
            "Unngåtte ledige månedsverk",
            "P10",
            "P90",
            "Unngåtte pasientår uten lege",
            "P10",
            "P90",
            "Sparte vikarutgifter, nåverdi kr",
            "Kostnad for tiltakene, nåverdi kr",
            "Netto kostnad, nåverdi kr",
            "P10",
            "P90",
            PER_MONTH[0],
        ],
        Lang::En => &[
            "Package",
            "Service",
            "Avoided vacancy-months",
            "P10",
            "P90",
            "Avoided patient-years without a GP",
            "P10",
            "P90",
            "Locum costs saved, present value NOK",
            "Cost of the measures, present value NOK",
            "Net cost, present value NOK",
            "P10",
            "P90",
            PER_MONTH[1],
        ],
    };
    let name = match lang {
        Lang::Nb => "Per tjeneste",
        Lang::En => "Per service",
    };
    Some((
        name.to_string(),
        header.iter().map(|h| h.to_string()).collect(),
        rows,
    ))
}
