//! Running units one after another with reusable scratch space, and turning
//! each run into frames: the tabulated quantile functions (recruit ages, times
//! to fill) and the stationary-tenure and time-from-hire tables a worker builds
//! once and shares across replicates. Owns the caches; the event loop itself is
//! `sim::unit`. Pure: no files, no randomness of its own.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::model::dist::Dist;
use crate::model::hazard::PiecewiseHazard;
use crate::model::stationary::StationaryTable;
use crate::model::table::QuantileTable;
use crate::model::{FillKind, Param, Unit, UnitDraw};
use crate::sim::plan::Plan;
use crate::sim::trace::Trace;
use crate::sim::unit::{simulate, Outcome, RetirementMonths, Slot, Tables};

/// Scratch space to run units one after another, turning each run into frames.
#[derive(Debug, Clone)]
pub struct Runner {
    slots: Vec<Slot>,
    trace: Trace,
    /// Tabulated quantile functions, one per distinct distribution seen (recruit
    /// ages; lognormal times to fill over their median, for fixed σ): bounded by
    /// the model, built once per runner.
    tables: Vec<QuantileTable>,
    /// Tables of the departure hazards that are the same in every replicate,
    /// one entry per distinct hazard, and which one each unit (by key) uses.
    fixed: Vec<FixedHazard>,
    fixed_of: HashMap<u64, usize>,
}

/// The tables of one departure hazard that is the same in every replicate.
#[derive(Debug, Clone)]
struct FixedHazard {
    hazard: PiecewiseHazard,
    /// Elapsed tenure of the doctors in post at the start.
    stationary: Option<StationaryTable>,
    /// Time in post from hire.
    from_hire: Option<QuantileTable>,
}

impl Runner {
    pub fn new(bins: u32, months_per_bin: u32) -> Self {
        Self {
            slots: Vec::new(),
            trace: Trace::new(bins, months_per_bin),
            tables: Vec::new(),
            fixed: Vec::new(),
            fixed_of: HashMap::new(),
        }
    }

    /// Index of the table of `dist` (built on first use); `None` without a closed form.
    fn table(&mut self, dist: &Dist) -> Option<usize> {
        if let Some(i) = self.tables.iter().position(|t| t.is_of(dist)) {
            return Some(i);
        }
        self.tables.push(QuantileTable::new(dist)?);
        Some(self.tables.len() - 1)
    }

    /// Index of the tables of unit `key`'s fixed hazard `h` (built on first
    /// use, shared between units with equal hazards).
    fn fixed(&mut self, key: u64, h: &PiecewiseHazard) -> usize {
        if let Some(&i) = self.fixed_of.get(&key) {
            return i;
        }
        let i = match self.fixed.iter().position(|t| &t.hazard == h) {
            Some(i) => i,
            None => {
                self.fixed.push(FixedHazard {
                    hazard: h.clone(),
                    stationary: StationaryTable::new(h),
                    from_hire: QuantileTable::from_hire(h),
                });
                self.fixed.len() - 1
            }
        };
        self.fixed_of.insert(key, i);
        i
    }

    /// Simulates `unit` under `plan` and writes one frame per bin into `out`.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        unit: &Unit,
        draw: &UnitDraw,
        plan: &Plan,
        retirement: &RetirementMonths,
        seed: u64,
        replicate: u64,
        out: &mut Vec<crate::stats::frame::Frame>,
    ) -> Outcome {
        self.trace.clear();
        let recruit = self.table(&unit.recruit_age);
        let fill = match unit.fill_kind {
            FillKind::LogNormal {
                sigma: Param::Fixed(s),
            } => Dist::lognormal(1.0, s).ok().and_then(|d| self.table(&d)),
            _ => None,
        };
        let fixed = match &draw.departure {
            Cow::Borrowed(h) => Some(self.fixed(unit.key, h)),
            Cow::Owned(_) => None,
        };
        let fixed = fixed.map(|i| &self.fixed[i]);
        let tables = Tables {
            recruit_age: recruit.map(|i| &self.tables[i]),
            fill: fill.map(|i| &self.tables[i]),
            stationary: fixed.and_then(|f| f.stationary.as_ref()),
            from_hire: fixed.and_then(|f| f.from_hire.as_ref()),
        };
        let outcome = simulate(
            unit,
            draw,
            plan,
            retirement,
            tables,
            seed,
            replicate,
            &mut self.slots,
            &mut self.trace,
        );
        let k = self.trace.months_per_bin();
        crate::stats::frame::per_bin(&self.trace, plan, draw.locum_price_per_week, k, out);
        outcome
    }
}
