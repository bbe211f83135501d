//! `comparison_cost_split.csv`: who pays what of each joint measure (a measure
//! used with `cost_split`): variant, measure, unit and its share of the fixed
//! costs. Serialises to bytes; never touches files.

use crate::model::Model;
use crate::output::csv::{num, quote};

/// `None` when no variant has a joint measure.
pub fn serialize(model: &Model) -> Option<Vec<u8>> {
    let mut out = String::from("variant,measure,unit,name,share_of_fixed_costs\n");
    let mut any = false;
    for v in &model.variants {
        for x in &v.uses {
            let Some(shares) = &x.cost_shares else {
                continue;
            };
            any = true;
            for (&u, share) in x.units.iter().zip(shares) {
                out.push_str(&format!(
                    "{},{},{},{},{}\n",
                    v.id,
                    model.measures[x.measure].id,
                    model.units[u].id,
                    quote(&model.units[u].name),
                    num(*share)
                ));
            }
        }
    }
    any.then(|| out.into_bytes())
}
