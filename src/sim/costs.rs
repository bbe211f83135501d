//! What measures cost in one unit and replicate, year by year: one-off costs in
//! the start year, yearly fixed costs, costs per doctor-year and per hire while a
//! measure runs (a joint measure's fixed costs split between its units by
//! their shares). Pure arithmetic on the unit's yearly frames and plan.

use crate::model::measure::Variant;
use crate::model::Model;
use crate::sim::plan::Plan;
use crate::stats::frame::Frame;

/// Adds variant `v`'s measure costs in unit `u` per year into `out` (NOK).
pub fn add_measure_costs(
    model: &Model,
    v: &Variant,
    u: usize,
    plan: &Plan,
    years: &[Frame],
    draws: &[f64],
    out: &mut [f64],
) {
    let last = model.base_year + model.horizon_years as i32 - 1;
    for x in v.uses.iter().filter(|x| x.units.contains(&u)) {
        let c = &model.measures[x.measure].costs;
        // A joint measure's fixed costs are paid once and split between partners.
        let share = x.cost_shares.as_ref().map_or(1.0, |s| {
            s[x.units.iter().position(|&k| k == u).expect("u is in units")]
        });
        let end = x.end_year.unwrap_or(last).min(last);
        for year in x.start_year..=end {
            let y = (year - model.base_year) as usize;
            let doctor_years = (plan.position_months[y] - years[y].vacancy_months).max(0.0) / 12.0;
            out[y] += share * c.yearly_fixed_nok.value(draws)
                + c.per_doctor_per_year_nok.value(draws) * doctor_years
                + c.per_hire_nok.value(draws) * f64::from(years[y].hires);
            if year == x.start_year {
                out[y] += share * c.one_off_nok.value(draws);
            }
        }
    }
}

/// Net present value at the base year of yearly amounts (year 0 undiscounted).
pub fn npv(amounts: &[f64], rate: f64) -> f64 {
    amounts
        .iter()
        .enumerate()
        .map(|(y, a)| a / (1.0 + rate).powi(y as i32))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::npv;

    #[test]
    fn npv_by_hand() {
        // 100 now, 104 next year and 108.16 the year after at 4 % are worth 300 now.
        assert!((npv(&[100.0, 104.0, 108.16], 0.04) - 300.0).abs() < 1e-9);
        assert_eq!(npv(&[1.0, 1.0], 0.0), 2.0);
    }
}
