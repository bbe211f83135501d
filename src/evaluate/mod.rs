//! The annual evaluation (issue 7, second part): observed yearly figures placed
//! in a run's projected distribution. Pure: typed projections and observations
//! in, assessments and report text out; reading the files is the CLI's job.

use crate::output::numfmt::{number, Lang};
use crate::stats::QUANTILES;

/// A projected distribution for one unit, year and metric: mean and the
/// reported quantiles (P5 … P95).
#[derive(Debug, Clone, PartialEq)]
pub struct Projected {
    pub unit: String,
    pub name: String,
    pub year: i32,
    pub metric: String,
    pub mean: f64,
    pub quantiles: [f64; 7],
    /// A GP service: its vacancies are lists without a GP and its positions
    /// are hjemler. Otherwise (hospital specialists, nurses) plain positions.
    pub gp: bool,
}

/// One observed figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub unit: String,
    pub year: i32,
    pub metric: String,
    pub value: f64,
    pub line: usize,
}

/// Where an observation fell.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub projected: Projected,
    pub observed: f64,
    /// Percentile of the observation in the projection (0–100), by linear
    /// interpolation between the reported quantiles; clamped to 5 and 95 beyond them.
    pub percentile: f64,
    /// Below P10 (-1), inside P10–P90 (0) or above P90 (1).
    pub flag: i8,
}

impl Assessment {
    /// Below the lowest reported quantile (-1), above the highest (1), or
    /// between them (0): beyond P5 or P95 only the side is known.
    pub fn beyond(&self) -> i8 {
        let q = &self.projected.quantiles;
        if self.observed < q[0] {
            -1
        } else if self.observed > q[6] {
            1
        } else {
            0
        }
    }
}

/// Which of a run's units `given` names: its id, its name, or, for units
/// made from a municipality number (`k1867`), the number. A name that several
/// units share (Herøy, Våler) names none of them. Err: what is wrong, and the fix.
pub fn match_unit(given: &str, projected: &[Projected]) -> Result<String, (String, String)> {
    let given = given.trim();
    let mut units: Vec<(&str, &str)> = Vec::new();
    for p in projected {
        if !units.iter().any(|(u, _)| *u == p.unit) {
            units.push((&p.unit, &p.name));
        }
    }
    let number = given.len() == 4 && given.bytes().all(|b| b.is_ascii_digit());
    let by_id = units.iter().find(|(u, _)| {
        u.eq_ignore_ascii_case(given) || (number && u.eq_ignore_ascii_case(&format!("k{given}")))
    });
    if let Some((id, _)) = by_id {
        return Ok(id.to_string());
    }
    let lower = given.to_lowercase();
    let named: Vec<&(&str, &str)> = units
        .iter()
        .filter(|(_, n)| n.to_lowercase() == lower)
        .collect();
    match named.as_slice() {
        [one] => Ok(one.0.to_string()),
        [] => {
            let fix = if units.len() <= 12 {
                let all: Vec<String> = units.iter().map(|(u, n)| format!("{n} ({u})")).collect();
                format!("use one of: {}", all.join(", "))
            } else {
                let words: Vec<String> = units
                    .iter()
                    .flat_map(|(u, n)| [u.to_string(), n.to_lowercase()])
                    .collect();
                let refs: Vec<&str> = words.iter().map(String::as_str).collect();
                match crate::scenario::friendly::closest(given, &refs) {
                    Some(c) => {
                        let k = refs.iter().position(|w| *w == c).unwrap_or(0) / 2;
                        format!("did you mean {} ({})?", units[k].1, units[k].0)
                    }
                    None => format!(
                        "use a unit id or name from the unit and name columns of the run's units_yearly.csv ({} units)",
                        units.len()
                    ),
                }
            };
            Err((format!("unit `{given}` is not in the run"), fix))
        }
        many => {
            // Which Herøy is which: the county, where the id is a municipality's.
            let ids: Vec<String> = many
                .iter()
                .map(
                    |(u, n)| match u.strip_prefix('k').and_then(crate::data::municipality) {
                        Some(m) => format!("{u} ({n}, {})", m.county_name),
                        None => format!("{u} ({n})"),
                    },
                )
                .collect();
            Err((
                format!("`{given}` is the name of {} units in this run", many.len()),
                format!(
                    "write the unit id instead: {}",
                    crate::output::numfmt::and_list(&ids, Lang::En)
                ),
            ))
        }
    }
}

/// The percentile of `x` in a distribution known by its quantiles.
pub fn percentile_of(q: &[f64; 7], x: f64) -> f64 {
    let levels = QUANTILES.map(|p| p * 100.0);
    if x < q[0] {
        return levels[0];
    }
    if x > q[6] {
        return levels[6];
    }
    // Ties (a count equal to several quantiles): the middle of the tied levels.
    let tied: Vec<usize> = (0..7).filter(|&i| q[i] == x).collect();
    if !tied.is_empty() {
        return (levels[tied[0]] + levels[*tied.last().expect("non-empty")]) / 2.0;
    }
    let i = q
        .iter()
        .rposition(|&v| v < x)
        .expect("x ≥ q[0] and not tied");
    levels[i] + (levels[i + 1] - levels[i]) * (x - q[i]) / (q[i + 1] - q[i])
}

/// Assesses every observation that has a projection.
pub fn assess(projected: &[Projected], observed: &[Observed]) -> (Vec<Assessment>, Vec<Observed>) {
    let mut out = Vec::new();
    let mut unmatched = Vec::new();
    for o in observed {
        match projected
            .iter()
            .find(|p| p.unit == o.unit && p.year == o.year && p.metric == o.metric)
        {
            Some(p) => {
                let flag = if o.value < p.quantiles[1] {
                    -1
                } else if o.value > p.quantiles[5] {
                    1
                } else {
                    0
                };
                // With counts, an observation equal to P10 or P90 is inside the
                // range; its percentile is then shown at that edge, not beyond it.
                let mut percentile = percentile_of(&p.quantiles, o.value);
                if flag == 0 {
                    percentile = percentile.clamp(10.0, 90.0);
                }
                out.push(Assessment {
                    projected: p.clone(),
                    observed: o.value,
                    percentile,
                    flag,
                });
            }
            None => unmatched.push(o.clone()),
        }
    }
    (out, unmatched)
}

/// A reported figure in words, for GP services (`gp`) or other staff.
pub fn metric_words(metric: &str, gp: bool, lang: Lang) -> &'static str {
    match (metric, gp, lang) {
        ("filled", true, Lang::Nb) => "besatte fastlegehjemler",
        ("filled", true, Lang::En) => "filled GP positions",
        ("vacant", true, Lang::Nb) => "fastlegelister uten lege",
        ("vacant", true, Lang::En) => "GP lists without a GP",
        ("filled", false, Lang::Nb) => "besatte stillinger",
        ("filled", false, Lang::En) => "filled positions",
        ("vacant", false, Lang::Nb) => "ubesatte stillinger",
        ("vacant", false, Lang::En) => "vacant positions",
        ("locum_cost_nok", _, Lang::Nb) => "vikarutgifter i kroner",
        ("locum_cost_nok", _, Lang::En) => "locum costs in NOK",
        (_, _, Lang::Nb) => "verdi",
        (_, _, Lang::En) => "value",
    }
}

/// A short text for the annual evaluation report (Markdown).
pub fn report(items: &[Assessment], lang: Lang) -> String {
    let inside = items.iter().filter(|a| a.flag == 0).count();
    let mut out = match lang {
        Lang::Nb => format!(
            "# Årlig evaluering: observert mot framskrevet\n\n{} av {} observasjoner ligger innenfor det framskrivingen regnet som sannsynlig (P10–P90). \
             Ventet andel er 80 %; mange utenfor tyder på at forutsetningene bør justeres (se `stabil calibrate`).\n\n",
            inside,
            items.len()
        ),
        Lang::En => format!(
            "# Annual evaluation: observed against projected\n\n{} of {} observations lie within the projection's likely range (P10–P90). \
             About 80 % are expected; many outside suggest the assumptions need adjusting (see `stabil calibrate`).\n\n",
            inside,
            items.len()
        ),
    };
    for a in items {
        let p = &a.projected;
        let d = if ["filled", "vacant", "locum_cost_nok"].contains(&p.metric.as_str()) {
            0
        } else {
            1
        };
        let what = metric_words(&p.metric, p.gp, lang);
        let verdict = match (a.flag, lang) {
            (0, Lang::Nb) => "innenfor det ventede",
            (-1, Lang::Nb) => "lavere enn ventet (under P10)",
            (_, Lang::Nb) => "høyere enn ventet (over P90)",
            (0, Lang::En) => "within the expected range",
            (-1, Lang::En) => "lower than expected (below P10)",
            (_, Lang::En) => "higher than expected (above P90)",
        };
        let (observed, projected, percentile) = match lang {
            Lang::Nb => ("observert", "framskrevet median", "persentil"),
            Lang::En => ("observed", "projected median", "percentile"),
        };
        let pct = match a.beyond() {
            -1 => "< 5".to_string(),
            1 => "> 95".to_string(),
            _ => number(a.percentile, 0, lang),
        };
        out.push_str(&format!(
            "- {} {}, {what}: {observed} {}; {projected} {} (P10–P90: {}–{}), {percentile} {pct}: {verdict}.\n",
            p.name,
            p.year,
            number(a.observed, d, lang),
            number(p.quantiles[3], d, lang),
            number(p.quantiles[1], d, lang),
            number(p.quantiles[5], d, lang),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: [f64; 7] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];

    #[test]
    fn percentiles_interpolate_between_quantiles() {
        assert_eq!(percentile_of(&Q, 4.0), 50.0);
        assert_eq!(percentile_of(&Q, 3.5), 37.5);
        assert_eq!(percentile_of(&Q, 0.0), 5.0);
        assert_eq!(percentile_of(&Q, 9.0), 95.0);
        // A count tied with several quantiles sits in the middle of them.
        assert_eq!(
            percentile_of(&[0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0], 0.0),
            15.0
        );
    }

    #[test]
    fn flags_outside_p10_p90() {
        let p = Projected {
            unit: "bo".into(),
            name: "Bø".into(),
            year: 2026,
            metric: "vacant".into(),
            mean: 4.0,
            quantiles: Q,
            gp: true,
        };
        let obs = |v: f64| Observed {
            unit: "bo".into(),
            year: 2026,
            metric: "vacant".into(),
            value: v,
            line: 2,
        };
        let (a, unmatched) = assess(std::slice::from_ref(&p), &[obs(1.5), obs(4.0), obs(6.5)]);
        assert!(unmatched.is_empty());
        assert_eq!(a.iter().map(|x| x.flag).collect::<Vec<_>>(), [-1, 0, 1]);
        let text = report(&a, Lang::Nb);
        assert!(
            text.contains("1 av 3")
                && text.contains("Bø 2026, fastlegelister uten lege: observert 2"),
            "{text}"
        );
        let (far, _) = assess(std::slice::from_ref(&p), &[obs(0.5), obs(9.0)]);
        let text = report(&far, Lang::Nb);
        assert!(
            text.contains("persentil < 5") && text.contains("persentil > 95"),
            "{text}"
        );
    }

    #[test]
    fn a_hospital_units_vacancies_are_positions_not_lists() {
        // Regression (closing note, session 10): a hospital unit's vacancies
        // were called "lists without a GP".
        let p = Projected {
            unit: "nlsh_bodo".into(),
            name: "Nordlandssykehuset Bodø".into(),
            year: 2026,
            metric: "vacant".into(),
            mean: 4.0,
            quantiles: Q,
            gp: false,
        };
        let obs = Observed {
            unit: p.unit.clone(),
            year: 2026,
            metric: "vacant".into(),
            value: 4.0,
            line: 2,
        };
        let (a, _) = assess(std::slice::from_ref(&p), &[obs]);
        let nb = report(&a, Lang::Nb);
        assert!(
            nb.contains("ubesatte stillinger") && !nb.contains("fastlege"),
            "{nb}"
        );
        let en = report(&a, Lang::En);
        assert!(
            en.contains("vacant positions") && !en.contains("GP"),
            "{en}"
        );
    }

    fn run_of(units: &[(&str, &str)]) -> Vec<Projected> {
        units
            .iter()
            .map(|(u, n)| Projected {
                unit: u.to_string(),
                name: n.to_string(),
                year: 2026,
                metric: "vacant".into(),
                mean: 1.0,
                quantiles: Q,
                gp: true,
            })
            .collect()
    }

    #[test]
    fn a_name_several_units_share_is_refused_with_their_ids() {
        // Regression (fresh-eyes review, session 10): `Herøy` silently took
        // the first Herøy of the national run.
        let run = run_of(&[("k1515", "Herøy"), ("k1818", "Herøy"), ("k1867", "Bø")]);
        let (message, fix) = match_unit("Herøy", &run).unwrap_err();
        assert!(message.contains("name of 2 units"), "{message}");
        assert!(
            fix.contains("k1515 (Herøy, Møre og Romsdal) and k1818 (Herøy, Nordland-Nordlándda)"),
            "{fix}"
        );
        assert_eq!(match_unit("k1818", &run).unwrap(), "k1818");
        assert_eq!(match_unit("1867", &run).unwrap(), "k1867");
        assert_eq!(match_unit("bø", &run).unwrap(), "k1867");
        let (message, fix) = match_unit("Bøø", &run).unwrap_err();
        assert!(
            message.contains("not in the run") && fix.contains("Bø (k1867)"),
            "{fix}"
        );
    }
}
