//! The comparison per service, in words: what the console prints under each
//! package, and the cells of the report's table, when a scenario has more than
//! one kind of unit (GP lists and hospital posts, say). Formats only: the
//! figures come from `sim::compare_roles`.

use crate::model::{Model, Role};
use crate::output::numfmt::{mill_kr, number, span, Lang};
use crate::sim::compare::CompareTable;
use crate::stats::Stat;

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

/// "mean (P10–P90)" with `d` decimals, scaled by `scale`.
pub fn with_range(s: &Stat, scale: f64, d: usize, lang: Lang) -> String {
    format!(
        "{} ({})",
        number(s.mean * scale, d, lang),
        span(
            &number(s.p(0.10) * scale, d, lang),
            &number(s.p(0.90) * scale, d, lang),
            lang
        )
    )
}

/// Package `v`'s figures for role `r`: vacancy-months avoided, patient-years
/// without a GP avoided (only for the GP service, whose lists they count),
/// locum kroner saved and the measures' cost.
pub fn figures(t: &CompareTable, v: usize, r: usize) -> (&Stat, Option<&Stat>, &Stat, &Stat) {
    let [vm, py, locum, cost] = &t.by_role[v * t.roles.len() + r];
    let py = (t.roles[r] == Role::Gp).then_some(py);
    (vm, py, locum, cost)
}

/// Whether package `v` changes more than one service: otherwise its totals
/// are the one service's figures, and a split would only add lines of zeros.
pub fn split_shown(t: &CompareTable, v: usize) -> bool {
    let changed = |r: usize| {
        t.by_role[v * t.roles.len() + r]
            .iter()
            .any(|s| s.mean != 0.0 || s.quantiles.iter().any(|&q| q != 0.0))
    };
    (0..t.roles.len()).filter(|&r| changed(r)).count() > 1
}

/// The console's lines for package `v`: a heading and a line per service, or
/// none when the package changes one service only.
pub fn lines(model: &Model, t: &CompareTable, v: usize, lang: Lang) -> Vec<String> {
    if !split_shown(t, v) {
        return Vec::new();
    }
    let (from, through) = (model.base_year, model.comparison.through_year);
    let mut out = vec![match lang {
        Lang::Nb => format!("Per tjeneste, {from}–{through}:"),
        Lang::En => format!("Per service, {from}–{through}:"),
    }];
    for (r, &role) in t.roles.iter().enumerate() {
        let (vm, py, locum, cost) = figures(t, v, r);
        let (vm, locum, cost) = (
            with_range(vm, 1.0, 0, lang),
            mill_kr(locum.mean, lang),
            mill_kr(cost.mean, lang),
        );
        let name = role_words(role, lang);
        out.push(match (lang, py) {
            (Lang::Nb, Some(py)) => format!("{name}: {vm} ledige månedsverk og {} pasientår uten lege unngått; {locum} i vikarutgifter spart; tiltakene koster {cost}", with_range(py, 1.0, 0, lang)),
            (Lang::Nb, None) => format!("{name}: {vm} ledige månedsverk unngått; {locum} i vikarutgifter spart; tiltakene koster {cost}"),
            (Lang::En, Some(py)) => format!("{name}: {vm} vacancy-months and {} patient-years without a GP avoided; {locum} in locum costs saved; the measures cost {cost}", with_range(py, 1.0, 0, lang)),
            (Lang::En, None) => format!("{name}: {vm} vacancy-months avoided; {locum} in locum costs saved; the measures cost {cost}"),
        });
    }
    out
}
