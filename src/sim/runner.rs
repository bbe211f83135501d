//! Running units one after another with reusable scratch space, and turning
//! each run into frames: the tabulated quantile functions (recruit ages, times
//! to fill), the stationary-tenure and time-from-hire tables of the long path,
//! and each fast unit's time-in-post tables and slot streams, which a worker
//! finds once and shares across replicates. Owns the caches; the event loops
//! themselves are `sim::unit` and `sim::fast`. Pure: no files, no randomness
//! of its own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::model::dist::Dist;
use crate::model::hazard::PiecewiseHazard;
use crate::model::in_post::{InPost, NotRetired};
use crate::model::stationary::StationaryTable;
use crate::model::table::QuantileTable;
use crate::model::{FillKind, Param, Unit, UnitDraw};
use crate::rng::slot_key;
use crate::sim::fast::{self, FillTime};
use crate::sim::plan::Plan;
use crate::sim::trace::Trace;
use crate::sim::unit::{simulate, Outcome, RetirementMonths, Slot, Tables};

/// Unit keys are well-mixed 64-bit hashes already (`rng::name_key`): a map
/// keyed by them needs no hashing of its own (SipHash, looked up three times
/// per unit and replicate, took 1 % of a national run).
#[derive(Debug, Clone, Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

type KeyMap<T> = HashMap<u64, T, BuildHasherDefault<KeyHasher>>;

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
    fixed_of: KeyMap<usize>,
    /// Chances of not having retired, one per distinct recruit age and
    /// retirement (fixed in every replicate on the fast path).
    not_retired: Vec<NotRetired>,
    /// Time-in-post tables by departure hazard and chances of not having
    /// retired (`None` where they cannot be built).
    in_post: Vec<(PiecewiseHazard, usize, Option<InPost>)>,
    /// What each fast unit needs in every replicate, found once (by unit key;
    /// `None`: its tables cannot be built, and it takes the long path).
    fast: Vec<FastUnit>,
    fast_of: KeyMap<Option<usize>>,
}

/// A fast unit's tables and streams, the same in every replicate.
#[derive(Debug, Clone)]
struct FastUnit {
    /// Index into `Runner::in_post`.
    in_post: usize,
    /// Index into `Runner::tables` of its fill time over the median, if tabulated.
    fill: Option<usize>,
    /// The stream keys of its position slots.
    slot_keys: Vec<u64>,
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
            fixed_of: KeyMap::default(),
            not_retired: Vec::new(),
            in_post: Vec::new(),
            fast: Vec::new(),
            fast_of: KeyMap::default(),
        }
    }

    /// Index into `fast` of fast unit `unit` under its fixed departure hazard
    /// `h`: found on first use, its tables shared between units with the same
    /// hazard and recruit age. `None` if they cannot be built, and then the
    /// unit takes the long path in every replicate.
    fn fast_unit(
        &mut self,
        unit: &Unit,
        h: &PiecewiseHazard,
        retirement: &RetirementMonths,
    ) -> Option<usize> {
        if let Some(&i) = self.fast_of.get(&unit.key) {
            return i;
        }
        let (hazard, max_age) = (&retirement.hazard_by_age, retirement.max_age);
        let r = match self
            .not_retired
            .iter()
            .position(|n| n.is_of(&unit.recruit_age, hazard, max_age))
        {
            Some(r) => Some(r),
            None => NotRetired::new(&unit.recruit_age, hazard, max_age).map(|n| {
                self.not_retired.push(n);
                self.not_retired.len() - 1
            }),
        };
        let in_post =
            r.and_then(
                |r| match self.in_post.iter().position(|t| &t.0 == h && t.1 == r) {
                    Some(i) => self.in_post[i].2.as_ref().map(|_| i),
                    None => {
                        let table = InPost::new(h, &self.not_retired[r]);
                        let built = table.is_some();
                        self.in_post.push((h.clone(), r, table));
                        built.then_some(self.in_post.len() - 1)
                    }
                },
            );
        let i = in_post.map(|in_post| {
            let fill = self.fill_table(unit);
            self.fast.push(FastUnit {
                in_post,
                fill,
                slot_keys: (0..unit.positions.initial)
                    .map(|id| slot_key(unit.key, id))
                    .collect(),
            });
            self.fast.len() - 1
        });
        self.fast_of.insert(unit.key, i);
        i
    }

    /// Index of the table of `unit`'s time to fill over its median: lognormal
    /// with a fixed σ only.
    fn fill_table(&mut self, unit: &Unit) -> Option<usize> {
        match unit.fill_kind {
            FillKind::LogNormal {
                sigma: Param::Fixed(s),
            } => Dist::lognormal(1.0, s).ok().and_then(|d| self.table(&d)),
            _ => None,
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

    /// Simulates `unit` under `plan` and writes one frame per bin into `out`;
    /// `fast` if the unit takes the fast path (`fast::fast_units`).
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &mut self,
        fast: bool,
        unit: &Unit,
        draw: &UnitDraw,
        plan: &Plan,
        retirement: &RetirementMonths,
        seed: u64,
        replicate: u64,
        out: &mut [crate::stats::frame::Frame],
    ) -> Outcome {
        self.trace.clear();
        let fast = match &draw.departure {
            Cow::Borrowed(h) if fast => self.fast_unit(unit, h, retirement),
            _ => None,
        };
        debug_assert!(fast.is_none() || (plan.hazard.is_empty() && plan.changes.is_empty()));
        let outcome = match fast {
            Some(i) => self.run_fast(i, unit, draw, seed, replicate),
            None => self.run_long(unit, draw, plan, retirement, seed, replicate),
        };
        let k = self.trace.months_per_bin();
        crate::stats::frame::per_bin(&self.trace, plan, draw.locum_price_per_week, k, out);
        outcome
    }

    /// `run` on the fast path (`sim::fast`) into the trace, for the unit
    /// `fast[i]` describes.
    fn run_fast(
        &mut self,
        i: usize,
        unit: &Unit,
        draw: &UnitDraw,
        seed: u64,
        replicate: u64,
    ) -> Outcome {
        let f = &self.fast[i];
        let in_post = self.in_post[f.in_post]
            .2
            .as_ref()
            .expect("only built tables are used");
        let keys = &f.slot_keys;
        let fill = FillTime::new(draw, f.fill.map(|i| &self.tables[i]));
        let trace = &mut self.trace;
        // One loop per kind of fill time, each without a branch on it.
        match fill.table {
            Some(t) => {
                let m = fill.median;
                fast::simulate(
                    unit,
                    keys,
                    in_post,
                    |r| m * t.quantile_bits(r),
                    seed,
                    replicate,
                    trace,
                )
            }
            None => fast::simulate(
                unit,
                keys,
                in_post,
                |r| fill.months_bits(r),
                seed,
                replicate,
                trace,
            ),
        }
    }

    /// `run` the long way (`sim::unit`) into the trace.
    fn run_long(
        &mut self,
        unit: &Unit,
        draw: &UnitDraw,
        plan: &Plan,
        retirement: &RetirementMonths,
        seed: u64,
        replicate: u64,
    ) -> Outcome {
        let recruit = self.table(&unit.recruit_age);
        let fill = self.fill_table(unit);
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
        simulate(
            unit,
            draw,
            plan,
            retirement,
            tables,
            seed,
            replicate,
            &mut self.slots,
            &mut self.trace,
        )
    }
}
