//! The units of one regional labour market through one replicate, simulated
//! together: the joint event loop.
//!
//! Doctors leave their posts as in the independent engine (departure hazard by
//! tenure band, retirement by age, each slot with its own stream). Vacancies are
//! not filled after a drawn time; they are filled by candidates:
//! - from outside the region, arriving as a Poisson process (`outside_per_year`)
//!   on the market's own stream, each taking an open post chosen with
//!   probability ∝ the unit's attractiveness (weight ÷ the fill factor of its
//!   active measures, so a measure that would shorten filling draws candidates);
//! - from inside: a doctor who leaves a post (not retiring) takes an open post in
//!   another unit of the market with probability `move_share`, chosen the same
//!   way, or leaves the region; the mover keeps his age and starts at tenure 0.
//!
//! Every departure is recorded as a flow to another unit or to "outside", every
//! hire as a flow from another unit or from outside (pipeline arrivals count as
//! from outside), so flows conserve doctors. Draws per event are fixed (slot
//! stream: 2 per departure time, 2 per leave; market stream: 3 per candidate).
//! Pure: typed values in, traces and flows out.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::fastmath;
use crate::model::market::Market;
use crate::model::{Unit, UnitDraw};
use crate::rng::{open01, slot_key, stream, Stream};
use crate::sim::plan::Plan;
use crate::sim::trace::Trace;
use crate::sim::unit::{initial_doctor, Outcome, RetirementMonths, SCHEDULE_LAG_MONTHS};

/// Moves per year between the members of a market: `counts[(y·(n+1) + from)·(n+1) + to]`,
/// index `n` = outside the region (or retirement).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    pub n: usize,
    pub years: usize,
    pub counts: Vec<u32>,
    /// Candidates from outside who found no open post, per year.
    pub lost: Vec<u32>,
}

impl Flows {
    pub fn reset(&mut self, n: usize, years: usize) {
        self.n = n;
        self.years = years;
        self.counts.clear();
        self.counts.resize(years * (n + 1) * (n + 1), 0);
        self.lost.clear();
        self.lost.resize(years, 0);
    }

    pub fn get(&self, y: usize, from: usize, to: usize) -> u32 {
        self.counts[(y * (self.n + 1) + from) * (self.n + 1) + to]
    }

    fn add(&mut self, t: f64, from: usize, to: usize) {
        let y = ((t / 12.0) as usize).min(self.years - 1);
        self.counts[(y * (self.n + 1) + from) * (self.n + 1) + to] += 1;
    }
}

#[derive(Debug, Clone)]
struct Doc {
    filled: bool,
    open: bool,
    /// Departure time (filled), and whether it is a retirement.
    next: f64,
    retires: bool,
    age_at_start: f64,
    start: f64,
    vacant_since: f64,
    rng: Stream,
}

/// One member unit's view for the loop.
pub struct Member<'a> {
    pub unit: &'a Unit,
    pub draw: &'a UnitDraw<'a>,
    pub plan: &'a Plan,
}

struct State<'a, 'b> {
    members: &'b [Member<'a>],
    weights: &'b [f64],
    retirement: &'b RetirementMonths,
    slots: Vec<Vec<Doc>>,
    /// Open posts without a doctor, per member.
    vacant: Vec<usize>,
    heap: BinaryHeap<Reverse<(u64, usize, usize)>>,
}

/// Total order on non-negative times for the heap.
fn key(t: f64) -> u64 {
    t.to_bits()
}

impl State<'_, '_> {
    /// Starts a doctor aged `age` (months) in slot (m, s) at time t.
    fn start(&mut self, m: usize, s: usize, age: f64, tenure: f64, t: f64) {
        let mb = &self.members[m];
        let d = &mut self.slots[m][s];
        let (u_dep, u_ret) = (open01(&mut d.rng), open01(&mut d.rng));
        let leave = mb
            .plan
            .departure(&mb.draw.departure, None, tenure, t, u_dep)
            - t;
        let retire = if age + leave <= self.retirement.earliest {
            f64::INFINITY
        } else {
            self.retirement.time_left(age, u_ret)
        };
        d.filled = true;
        d.retires = retire < leave;
        d.next = t + leave.min(retire);
        d.age_at_start = age;
        d.start = t;
        self.heap.push(Reverse((key(d.next), m, s)));
    }

    /// Picks an open post among members other than `except`, ∝ attractiveness.
    fn choose(&self, u: f64, t: f64, except: Option<usize>) -> Option<(usize, usize)> {
        let w = |m: usize| -> f64 {
            if Some(m) == except {
                return 0.0;
            }
            self.vacant[m] as f64 * self.weights[m] / self.members[m].plan.fill_factor(t)
        };
        let ws: Vec<f64> = (0..self.members.len()).map(w).collect();
        let total: f64 = ws.iter().sum();
        if total <= 0.0 {
            return None;
        }
        let mut x = u * total;
        let mut m = ws.iter().rposition(|&v| v > 0.0).expect("total > 0");
        for (k, v) in ws.iter().enumerate() {
            if x < *v {
                m = k;
                break;
            }
            x -= v;
        }
        // The post vacant longest.
        let s = self.slots[m]
            .iter()
            .enumerate()
            .filter(|(_, d)| d.open && !d.filled)
            .min_by(|a, b| a.1.vacant_since.total_cmp(&b.1.vacant_since))
            .map(|(i, _)| i)?;
        Some((m, s))
    }

    fn hire(&mut self, m: usize, s: usize, t: f64, age: f64, traces: &mut [Trace]) {
        traces[m].hire_at(t);
        traces[m].vacancy(self.slots[m][s].vacant_since, t);
        self.vacant[m] -= 1;
        self.start(m, s, age, 0.0, t);
    }
}

/// Simulates the market's members jointly over the traces' horizon. `traces`
/// and the result are aligned with `members`; flows are reset and filled.
#[allow(clippy::too_many_arguments)]
pub fn simulate(
    market: &Market,
    members: &[Member],
    move_share: f64,
    outside_per_year: f64,
    retirement: &RetirementMonths,
    seed: u64,
    replicate: u64,
    traces: &mut [Trace],
    flows: &mut Flows,
) -> Vec<Outcome> {
    let n = members.len();
    let horizon = traces[0].horizon_months();
    flows.reset(n, (horizon / 12.0).ceil() as usize);
    let mut st = State {
        members,
        weights: &market.weights,
        retirement,
        slots: Vec::with_capacity(n),
        vacant: vec![0; n],
        heap: BinaryHeap::new(),
    };
    let mut start_filled = Vec::with_capacity(n);
    for (m, mb) in members.iter().enumerate() {
        let n0 = mb.unit.positions.initial;
        let filled0 = n0 - mb.unit.initial_vacant;
        start_filled.push(filled0);
        st.slots.push(Vec::with_capacity(n0 as usize));
        for id in 0..n0 {
            let mut rng = stream(seed, replicate, slot_key(mb.unit.key, id));
            let first = if id < filled0 {
                Some(initial_doctor(
                    mb.unit,
                    mb.draw,
                    retirement,
                    None,
                    |u| mb.unit.recruit_age_months(u),
                    id as usize,
                    &mut rng,
                ))
            } else {
                None
            };
            st.slots[m].push(Doc {
                filled: false,
                open: true,
                next: f64::INFINITY,
                retires: false,
                age_at_start: 0.0,
                start: 0.0,
                vacant_since: 0.0,
                rng,
            });
            match first {
                Some((tenure, age)) => st.start(m, id as usize, age, tenure, 0.0),
                None => st.vacant[m] += 1,
            }
        }
    }
    // Unit-level events in time order: (time, member, Some(positions) or None = pipeline arrival).
    let mut unit_events: Vec<(f64, usize, Option<u32>)> = Vec::new();
    for (m, mb) in members.iter().enumerate() {
        unit_events.extend(
            mb.plan
                .changes
                .iter()
                .map(|c| (f64::from(c.0) + SCHEDULE_LAG_MONTHS, m, Some(c.1))),
        );
        unit_events.extend(mb.plan.arrivals.iter().map(|&a| (a, m, None)));
    }
    unit_events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut next_id: Vec<u32> = members.iter().map(|mb| mb.unit.positions.initial).collect();
    let mut market_rng = stream(seed, replicate, market.key);
    let rate = outside_per_year / 12.0;
    let gap = |rng: &mut Stream| {
        if rate > 0.0 {
            -fastmath::ln(open01(rng)) / rate
        } else {
            f64::INFINITY
        }
    };
    let mut next_candidate = gap(&mut market_rng);
    let mut ue = 0;
    loop {
        // The next departure (skipping stale heap entries).
        let dep = loop {
            match st.heap.peek() {
                Some(&Reverse((k, m, s))) => {
                    let d = &st.slots[m][s];
                    if d.filled && d.open && key(d.next) == k {
                        break Some((d.next, m, s));
                    }
                    st.heap.pop();
                }
                None => break None,
            }
        };
        let t_dep = dep.map_or(f64::INFINITY, |d| d.0);
        let t_unit = unit_events.get(ue).map_or(f64::INFINITY, |e| e.0);
        let t = t_dep.min(t_unit).min(next_candidate);
        if t >= horizon {
            break;
        }
        if t == t_unit {
            let (_, m, change) = unit_events[ue];
            ue += 1;
            match change {
                Some(positions) => {
                    let current = st.slots[m].iter().filter(|d| d.open).count() as u32;
                    if positions > current {
                        for _ in current..positions {
                            let rng =
                                stream(seed, replicate, slot_key(members[m].unit.key, next_id[m]));
                            next_id[m] += 1;
                            st.slots[m].push(Doc {
                                filled: false,
                                open: true,
                                next: f64::INFINITY,
                                retires: false,
                                age_at_start: 0.0,
                                start: t,
                                vacant_since: t,
                                rng,
                            });
                            st.vacant[m] += 1;
                        }
                    } else {
                        st.vacant[m] -= close(
                            &mut st.slots[m],
                            (current - positions) as usize,
                            t,
                            &mut traces[m],
                            flows,
                            m,
                            n,
                        );
                    }
                }
                None => {
                    // A trained doctor takes the unit's post vacant longest, if any.
                    let longest = st.slots[m]
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| d.open && !d.filled)
                        .min_by(|a, b| a.1.vacant_since.total_cmp(&b.1.vacant_since))
                        .map(|(i, _)| i);
                    if let Some(s) = longest {
                        let u_age = open01(&mut st.slots[m][s].rng);
                        let age = members[m].unit.recruit_age_months(u_age);
                        st.hire(m, s, t, age, traces);
                        flows.add(t, n, m);
                    }
                }
            }
        } else if t == next_candidate {
            let (u_choice, u_age) = (open01(&mut market_rng), open01(&mut market_rng));
            match st.choose(u_choice, t, None) {
                Some((m, s)) => {
                    let age = members[m].unit.recruit_age_months(u_age);
                    st.hire(m, s, t, age, traces);
                    flows.add(t, n, m);
                }
                None => {
                    let y = ((t / 12.0) as usize).min(flows.years - 1);
                    flows.lost[y] += 1;
                }
            }
            next_candidate = t + gap(&mut market_rng);
        } else {
            let (_, m, s) = dep.expect("t is a departure");
            st.heap.pop();
            traces[m].departure_at(t);
            let (age, retires) = {
                let d = &mut st.slots[m][s];
                d.filled = false;
                d.vacant_since = t;
                d.next = f64::INFINITY;
                (d.age_at_start + (t - d.start), d.retires)
            };
            st.vacant[m] += 1;
            let (u_move, u_where) = (
                open01(&mut st.slots[m][s].rng),
                open01(&mut st.slots[m][s].rng),
            );
            let target = if !retires && u_move < move_share {
                st.choose(u_where, t, Some(m))
            } else {
                None
            };
            match target {
                Some((j, js)) => {
                    st.hire(j, js, t, age, traces);
                    flows.add(t, m, j);
                }
                None => flows.add(t, m, n),
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (m, slots) in st.slots.iter().enumerate() {
        for d in slots.iter().filter(|d| d.open && !d.filled) {
            traces[m].vacancy(d.vacant_since, f64::INFINITY);
        }
        out.push(Outcome {
            start_filled: start_filled[m],
            end_filled: slots.iter().filter(|d| d.open && d.filled).count() as u32,
        });
    }
    out
}

/// Closes `k` open posts of one unit at time `at`: vacant ones first (the newest
/// first), then filled ones, whose doctors leave the region. Returns how many
/// vacant posts were closed.
fn close(
    slots: &mut [Doc],
    mut k: usize,
    at: f64,
    trace: &mut Trace,
    flows: &mut Flows,
    m: usize,
    n: usize,
) -> usize {
    let mut vacant_closed = 0;
    for want_filled in [false, true] {
        for d in slots.iter_mut().rev() {
            if k == 0 {
                return vacant_closed;
            }
            if d.open && d.filled == want_filled {
                d.open = false;
                if d.filled {
                    d.filled = false;
                    trace.departure_at(at);
                    flows.add(at, m, n);
                } else {
                    trace.vacancy(d.vacant_since, at);
                    vacant_closed += 1;
                }
                k -= 1;
            }
        }
    }
    vacant_closed
}
