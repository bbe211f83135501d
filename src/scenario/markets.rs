//! Validation of `[[markets]]` (regional labour markets) and of how a joint
//! measure's costs are split (`cost_split`). Every problem is reported with its
//! TOML path and a fix.

use crate::model::market::{CostKey, Market};
use crate::model::{Param, Region, Unit};
use crate::rng::name_key;
use crate::scenario::params::{Limits, ParamRegistry};
use crate::scenario::problem::{Problem, TomlPath};
use crate::scenario::raw::RawMarket;

/// Candidates per year: any non-negative number.
const RATE: Limits = Limits::NON_NEGATIVE;

/// Default share of leavers (not retiring) who take an open post in the region.
/// Assumption: no Norwegian figure is published; about a third of GP moves are
/// to a neighbouring municipality is a plausible order of magnitude.
pub const DEFAULT_MOVE_SHARE: f64 = 0.3;

pub fn validate_markets(
    raw: &[Option<RawMarket>],
    unit_ids: &[Option<String>],
    units: &[Unit],
    regions: &[Region],
    reg: &mut ParamRegistry,
    problems: &mut Vec<Problem>,
) -> Vec<Market> {
    let mut out = Vec::new();
    let mut taken: Vec<(usize, String)> = Vec::new();
    for (i, m) in raw.iter().enumerate() {
        let Some(m) = m else { continue };
        let p = TomlPath::root().key("markets").index(i);
        if raw[..i].iter().flatten().any(|o| o.id == m.id) {
            problems.push(
                Problem::new(p.key("id"), format!("market id `{}` is used twice", m.id))
                    .fix("give each market its own id"),
            );
        }
        let ids: Vec<String> = match (&m.region, &m.units) {
            (Some(r), None) => match regions.iter().find(|x| &x.id == r) {
                Some(region) => region
                    .members
                    .iter()
                    .map(|&u| units[u].id.clone())
                    .collect(),
                None => {
                    let known: Vec<&str> = regions.iter().map(|x| x.id.as_str()).collect();
                    problems.push(
                        Problem::new(p.key("region"), format!("there is no region with id `{r}`"))
                            .fix(format!("use one of: {}", known.join(", "))),
                    );
                    continue;
                }
            },
            (None, Some(list)) => list.clone(),
            _ => {
                problems.push(Problem::new(p.clone(), "a market needs either `region` or `units`, not both or neither")
                    .fix("write region = \"vesteralen\" (all its units take part) or units = [\"andoy\", \"bo\"]"));
                continue;
            }
        };
        let mut members = Vec::new();
        let mut written_but_invalid = 0;
        let written: Vec<&str> = unit_ids.iter().flatten().map(String::as_str).collect();
        for (k, id) in ids.iter().enumerate() {
            if !written.contains(&id.as_str()) {
                let hint = crate::scenario::friendly::unknown_unit_fix(id, &written);
                problems.push(
                    Problem::new(
                        p.key("units").index(k),
                        format!("there is no unit with id `{id}`"),
                    )
                    .fix(hint),
                );
                continue;
            }
            // A unit written but with problems of its own: those are reported already.
            let Some(u) = units.iter().position(|u| &u.id == id) else {
                written_but_invalid += 1;
                continue;
            };
            if let Some((_, other)) = taken.iter().find(|(x, _)| *x == u) {
                problems.push(
                    Problem::new(
                        p.key("units").index(k),
                        format!("unit `{id}` is already in market `{other}`"),
                    )
                    .fix("a unit can take part in one market only"),
                );
            }
            taken.push((u, m.id.clone()));
            members.push(u);
        }
        if members.len() + written_but_invalid < 2 {
            problems.push(
                Problem::new(p.clone(), "a market needs at least two units")
                    .fix("list two or more units that recruit from the same pool"),
            );
        }
        for (id, w) in &m.attractiveness {
            if !ids.contains(id) {
                let valid: Vec<&str> = ids
                    .iter()
                    .map(String::as_str)
                    .filter(|i| written.contains(i))
                    .collect();
                problems.push(
                    Problem::new(
                        p.key("attractiveness").key(id),
                        format!("`{id}` is not a unit of this market"),
                    )
                    .fix(format!("give weights for: {}", valid.join(", "))),
                );
            } else if !(w.is_finite() && *w > 0.0) {
                problems.push(
                    Problem::new(
                        p.key("attractiveness").key(id),
                        format!("weight {w} must be a number > 0"),
                    )
                    .fix("1 is average; 2 draws twice the candidates of an average unit"),
                );
            }
        }
        let weights = members
            .iter()
            .map(|&u| *m.attractiveness.get(&units[u].id).unwrap_or(&1.0))
            .collect();
        let rate = reg.param(
            &m.outside_candidates_per_year,
            &p.key("outside_candidates_per_year"),
            RATE,
            problems,
        );
        let share = match &m.move_within_region_share {
            Some(s) => reg.param(
                s,
                &p.key("move_within_region_share"),
                Limits::SHARE,
                problems,
            ),
            None => Some(Param::Fixed(DEFAULT_MOVE_SHARE)),
        };
        if let (Some(rate), Some(share)) = (rate, share) {
            out.push(Market {
                id: m.id.clone(),
                name: m.name.clone().unwrap_or_else(|| m.id.clone()),
                key: name_key(&format!("market/{}", m.id)),
                members,
                weights,
                outside_per_year: rate,
                move_share: share,
                enabled: m.enabled.unwrap_or(true),
            });
        }
    }
    out
}

/// Each unit's share of a joint measure's fixed costs by `key`.
pub fn cost_shares(
    key: &str,
    members: &[usize],
    units: &[Unit],
    path: &TomlPath,
    problems: &mut Vec<Problem>,
) -> Option<Vec<f64>> {
    let Some((_, k)) = CostKey::ALL.iter().find(|(n, _)| *n == key) else {
        problems.push(
            Problem::new(path.clone(), format!("unknown cost split `{key}`"))
                .fix("use \"population\", \"positions\" or \"use\""),
        );
        return None;
    };
    let size: Vec<f64> = members
        .iter()
        .map(|&u| {
            let u = units.get(u)?;
            Some(match k {
                CostKey::Population => f64::from(u.population),
                CostKey::Positions => f64::from(u.positions.initial),
                CostKey::Use => u.need.as_ref().map_or(f64::from(u.population), |n| n[0]),
            })
        })
        .collect::<Option<_>>()?;
    let total: f64 = size.iter().sum();
    if total <= 0.0 {
        problems.push(
            Problem::new(
                path.clone(),
                format!("the units' {key} sums to 0, so the cost cannot be split by it"),
            )
            .fix("split by another key"),
        );
        return None;
    }
    Some(size.iter().map(|s| s / total).collect())
}
