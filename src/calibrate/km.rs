//! Kaplan-Meier survival of contracts with censoring, Greenwood's variance and a
//! 95 % interval on the log(−log) scale (which stays inside 0..1). Pure numbers.

/// One step of the survival curve: at `years`, `events` contracts ended among
/// `at_risk`, leaving survival `s` with its 95 % interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub years: f64,
    pub at_risk: usize,
    pub events: usize,
    /// Contracts still running that were last seen since the step before (up to
    /// and including this time).
    pub censored: usize,
    pub s: f64,
    pub lower: f64,
    pub upper: f64,
}

const Z95: f64 = 1.959_963_984_540_054;

/// Kaplan-Meier estimate from (duration, ended) pairs. Contracts censored at a
/// time where others end count as at risk at that time (the usual convention).
pub fn kaplan_meier(data: &[(f64, bool)]) -> Vec<Step> {
    let mut d: Vec<(f64, bool)> = data.to_vec();
    d.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut at_risk = d.len();
    let (mut s, mut greenwood) = (1.0, 0.0);
    let mut out = Vec::new();
    let mut i = 0;
    let mut censored_since = 0;
    while i < d.len() {
        let t = d[i].0;
        let (mut events, mut censored) = (0, 0);
        while i < d.len() && d[i].0 == t {
            if d[i].1 {
                events += 1;
            } else {
                censored += 1;
            }
            i += 1;
        }
        censored_since += censored;
        if events > 0 {
            let n = at_risk as f64;
            s *= 1.0 - events as f64 / n;
            if at_risk > events {
                greenwood += events as f64 / (n * (n - events as f64));
            }
            let (lower, upper) = if s > 0.0 && s < 1.0 {
                let se = greenwood.sqrt() / s.ln().abs();
                (s.powf((Z95 * se).exp()), s.powf((-Z95 * se).exp()))
            } else {
                (s, s)
            };
            out.push(Step {
                years: t,
                at_risk,
                events,
                censored: censored_since,
                s,
                lower,
                upper,
            });
            censored_since = 0;
        }
        at_risk -= events + censored;
    }
    out
}

/// The median duration: the first time survival is at or below one half.
pub fn median(steps: &[Step]) -> Option<f64> {
    steps.iter().find(|s| s.s <= 0.5).map(|s| s.years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_example() {
        // Durations 1, 2+, 3, 3, 4+, 5 (+ = still running).
        let data = [
            (1.0, true),
            (2.0, false),
            (3.0, true),
            (3.0, true),
            (4.0, false),
            (5.0, true),
        ];
        let km = kaplan_meier(&data);
        // t=1: 6 at risk, 1 ends: S = 5/6. t=3: 4 at risk, 2 end: S = 5/6 · 2/4 = 5/12.
        // t=5: 1 at risk, 1 ends: S = 0.
        assert_eq!(km.len(), 3);
        assert_eq!((km[0].at_risk, km[0].events), (6, 1));
        assert!((km[0].s - 5.0 / 6.0).abs() < 1e-15);
        assert_eq!((km[1].at_risk, km[1].events), (4, 2));
        assert!((km[1].s - 5.0 / 12.0).abs() < 1e-15);
        assert_eq!(km[2].s, 0.0);
        // Greenwood at t=3: 1/(6·5) + 2/(4·2) = 0.2833…; the interval contains S.
        assert!(km[1].lower < km[1].s && km[1].s < km[1].upper);
        assert_eq!(median(&km), Some(3.0));
        // The contract running at 2 years is reported with the step at 3.
        assert_eq!((km[0].censored, km[1].censored, km[2].censored), (0, 1, 1));
    }
}
