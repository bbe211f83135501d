//! Validation of `[[variants]]` (which measures, when, where, and their
//! interactions) and of `[comparison]`. Measures are looked up first among the
//! scenario's own, then in the catalogue, and validated once each.

use crate::model::measure::{Comparison, Interaction, Measure, MeasureUse, Variant};
use crate::scenario::measures::{measure, SYNERGY};
use crate::scenario::params::ParamRegistry;
use crate::scenario::problem::{Problem, TomlPath};
use crate::scenario::raw_measures::{RawComparison, RawMeasure, RawVariant};

/// What variants need to know about the rest of the scenario.
pub struct Context<'a> {
    /// Validated units (for cost shares of joint measures).
    pub units: &'a [crate::model::Unit],
    pub market_ids: &'a [String],
    pub unit_ids: &'a [Option<String>],
    pub base_year: i32,
    pub last_year: i32,
    pub through_year: i32,
    pub bands: usize,
}

/// Validates variants; measures they use are looked up first among the
/// scenario's own `[[measures]]`, then in the catalogue. Returns the variants and
/// the measures they use (indices in `MeasureUse` point into that list).
pub fn variants(
    raw: &[Option<RawVariant>],
    own: &[(RawMeasure, TomlPath)],
    catalogue: &[(RawMeasure, TomlPath)],
    ctx: &Context,
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> (Vec<Variant>, Vec<Measure>) {
    let mut measures: Vec<Measure> = Vec::new();
    let mut chosen: Vec<String> = Vec::new();
    let mut out: Vec<Variant> = Vec::new();
    for (i, v) in raw.iter().enumerate() {
        let Some(v) = v else { continue };
        let p = TomlPath::root().key("variants").index(i);
        if v.id.is_empty()
            || v.id == "baseline"
            || !v
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            problems.push(
                Problem::new(p.key("id"), format!("`{}` cannot be a variant id", v.id))
                    .fix("use lower-case letters, digits, '-' and '_', and not \"baseline\""),
            );
        }
        if out.iter().any(|o| o.id == v.id) {
            problems.push(
                Problem::new(p.key("id"), format!("variant id `{}` is used twice", v.id))
                    .fix("give each variant its own id"),
            );
        }
        let mut uses = Vec::new();
        for (j, u) in v.measures.iter().enumerate() {
            let up = p.key("measures").index(j);
            let found = own
                .iter()
                .find(|(m, _)| m.id == u.measure)
                .map(|(m, path)| (m, path.clone()))
                .or_else(|| {
                    // A catalogue measure's problems (factors for other tenure
                    // bands than the scenario's) point at the line that uses it.
                    catalogue
                        .iter()
                        .find(|(m, _)| m.id == u.measure)
                        .map(|(m, _)| (m, up.clone()))
                });
            let Some((rm, mpath)) = found else {
                let known: Vec<&str> = own
                    .iter()
                    .chain(catalogue)
                    .map(|(m, _)| m.id.as_str())
                    .collect();
                let hint = crate::scenario::friendly::closest(&u.measure, &known)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                problems.push(
                    Problem::new(
                        up.key("measure"),
                        format!("there is no measure `{}`{hint}", u.measure),
                    )
                    .fix(format!(
                        "use one of: {} (or define it in [[measures]])",
                        known.join(", ")
                    )),
                );
                continue;
            };
            let index = match chosen.iter().position(|c| c == &rm.id) {
                Some(k) => Some(k),
                None => measure(rm, &mpath, ctx.bands, reg, problems).map(|m| {
                    measures.push(m);
                    chosen.push(rm.id.clone());
                    measures.len() - 1
                }),
            };
            let start = u.start_year;
            if !(i64::from(ctx.base_year)..=i64::from(ctx.last_year)).contains(&start) {
                problems.push(
                    Problem::new(
                        up.key("start_year"),
                        format!(
                            "{start} is outside the scenario's years {}-{}",
                            ctx.base_year, ctx.last_year
                        ),
                    )
                    .fix("start the measure in a year the scenario simulates"),
                );
            }
            if start > i64::from(ctx.through_year) && start <= i64::from(ctx.last_year) {
                problems.push(
                    Problem::new(up.key("start_year"), format!("the measure starts in {start}, after the comparison's through_year ({})", ctx.through_year))
                        .fix("start it earlier, or set [comparison] through_year later, so that its effect is counted"),
                );
            }
            if let Some(end) = u.end_year.filter(|&e| e < start) {
                problems.push(
                    Problem::new(
                        up.key("end_year"),
                        format!("the measure ends ({end}) before it starts ({start})"),
                    )
                    .fix("give an end_year ≥ start_year, or leave it out to run to the horizon"),
                );
            }
            let units: Vec<usize> = match &u.units {
                None => (0..ctx.unit_ids.len()).collect(),
                Some(ids) => ids
                    .iter()
                    .enumerate()
                    .filter_map(|(k, id)| {
                        let pos = ctx
                            .unit_ids
                            .iter()
                            .position(|x| x.as_deref() == Some(id.as_str()));
                        if pos.is_none() {
                            problems.push(
                                Problem::new(
                                    up.key("units").index(k),
                                    format!("there is no unit with id `{id}`"),
                                )
                                .fix(
                                    crate::scenario::friendly::unknown_unit_fix(
                                        id,
                                        &ctx.unit_ids
                                            .iter()
                                            .flatten()
                                            .map(String::as_str)
                                            .collect::<Vec<_>>(),
                                    ),
                                ),
                            );
                        }
                        pos
                    })
                    .collect(),
            };
            let cost_shares = u.cost_split.as_deref().and_then(|k| {
                crate::scenario::markets::cost_shares(
                    k,
                    &units,
                    ctx.units,
                    &up.key("cost_split"),
                    problems,
                )
            });
            if let Some(m) = index {
                uses.push(MeasureUse {
                    measure: m,
                    start_year: start as i32,
                    end_year: u.end_year.map(|e| e as i32),
                    units,
                    cost_shares,
                });
            }
        }
        let mut interactions = Vec::new();
        let named: Vec<&str> = v.measures.iter().map(|u| u.measure.as_str()).collect();
        for (j, it) in v.interactions.iter().enumerate() {
            let ip = p.key("interactions").index(j);
            if it.measures.len() < 2 {
                problems.push(
                    Problem::new(
                        ip.key("measures"),
                        "an interaction needs at least two measures",
                    )
                    .fix("list two or more of the variant's measures"),
                );
            }
            let mut members = Vec::new();
            for (k, id) in it.measures.iter().enumerate() {
                if !named.contains(&id.as_str()) {
                    problems.push(
                        Problem::new(
                            ip.key("measures").index(k),
                            format!("`{id}` is not a measure of this variant"),
                        )
                        .fix(format!(
                            "list measures the variant uses: {}",
                            named.join(", ")
                        )),
                    );
                } else if let Some(m) = chosen.iter().position(|c| c == id) {
                    members.push(m);
                }
                // A named measure that failed its own checks is reported there.
            }
            let key = format!("variant.{}.interaction.{}", v.id, it.measures.join("+"));
            if let Some(s) = reg.param_as(&it.synergy, &ip.key("synergy"), &key, SYNERGY, problems)
            {
                interactions.push(Interaction {
                    measures: members,
                    synergy: s,
                });
            }
        }
        let markets = v
            .markets
            .iter()
            .flatten()
            .enumerate()
            .filter_map(|(k, id)| {
                let pos = ctx.market_ids.iter().position(|m| m == id);
                if pos.is_none() {
                    problems.push(
                        Problem::new(
                            p.key("markets").index(k),
                            format!("there is no market with id `{id}`"),
                        )
                        .fix(format!("use one of: {}", ctx.market_ids.join(", "))),
                    );
                }
                pos
            })
            .collect();
        out.push(Variant {
            id: v.id.clone(),
            name: v.name.clone().unwrap_or_else(|| v.id.clone()),
            uses,
            interactions,
            markets,
        });
    }
    (out, measures)
}

/// Validates `[comparison]`.
pub fn comparison(
    raw: &RawComparison,
    base_year: i32,
    last_year: i32,
    problems: &mut Vec<Problem>,
) -> Comparison {
    let p = TomlPath::root().key("comparison");
    let rate = raw.discount_rate.unwrap_or(0.04);
    if !(0.0..0.5).contains(&rate) {
        problems.push(
            Problem::new(
                p.key("discount_rate"),
                format!("{rate} is not a real discount rate"),
            )
            .fix("give a share, e.g. 0.04 for 4 % (Finansdepartementet, R-109)"),
        );
    }
    let years = i64::from(base_year)..=i64::from(last_year);
    let default = 2035.clamp(i64::from(base_year), i64::from(last_year));
    let mut through = raw.through_year.unwrap_or(default);
    if !years.contains(&through) {
        // A number of years written for a year ("35", "10"): say so.
        let fix = match i64::from(base_year) + through {
            _ if (0..100).contains(&through) && years.contains(&(2000 + through)) => {
                format!("write the whole year: through_year = {}", 2000 + through)
            }
            y if through > 0 && through < 1000 && years.contains(&y) => {
                format!("through_year is a calendar year: for {through} years from {base_year} write through_year = {y}")
            }
            _ => format!("give a year the scenario simulates, e.g. through_year = {default}"),
        };
        problems.push(
            Problem::new(
                p.key("through_year"),
                format!("{through} is outside the scenario's years {base_year}-{last_year}"),
            )
            .fix(fix),
        );
        // The default for the checks that depend on it, so that they do not
        // fail because of this one.
        through = default;
    }
    Comparison {
        discount_rate: rate,
        through_year: through as i32,
    }
}
