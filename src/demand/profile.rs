//! Use profiles: how much a person of a given sex and age uses a service,
//! relative to others. Only ratios matter (need follows the weighted population
//! relative to the base year), so profiles have no unit.
//!
//! The GP profile is SSB's consultation rates (bundled, see data/PROVENANCE.md).
//! The specialist and nursing profiles are assumptions of this project, shaped
//! after the general pattern that hospital and care use rises steeply with age
//! (internal medicine, nursing) or peaks in working age (adult psychiatry); a
//! planner with local figures should replace them.

use crate::demography::{AgeSexWeights, AGES};

/// A service's relative use by sex and age.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// GP consultations per person (SSB 2023, by sex from SSB 2005).
    Gp,
    /// Adult psychiatry (DPS). Assumption.
    Psychiatry,
    /// Internal medicine. Assumption.
    InternalMedicine,
    /// Surgery. Assumption.
    Surgery,
    /// Nurses and health-care workers in municipal care. Assumption.
    Nursing,
    /// Everyone counts the same (need follows the head count).
    Flat,
}

/// (from age, relative use) steps of the assumed profiles; equal for both sexes.
const PSYCHIATRY: &[(usize, f64)] = &[
    (0, 0.2),
    (18, 1.4),
    (30, 1.3),
    (50, 1.0),
    (67, 0.6),
    (80, 0.4),
];
const INTERNAL_MEDICINE: &[(usize, f64)] = &[(0, 0.15), (18, 0.5), (50, 1.0), (67, 2.2), (80, 3.2)];
const SURGERY: &[(usize, f64)] = &[(0, 0.4), (18, 0.8), (50, 1.0), (67, 1.7), (80, 1.9)];
const NURSING: &[(usize, f64)] = &[(0, 0.1), (67, 1.0), (80, 6.0), (90, 12.0)];

impl Profile {
    pub const ALL: [(&'static str, Profile); 6] = [
        ("gp", Profile::Gp),
        ("psychiatry", Profile::Psychiatry),
        ("internal_medicine", Profile::InternalMedicine),
        ("surgery", Profile::Surgery),
        ("nursing", Profile::Nursing),
        ("flat", Profile::Flat),
    ];

    pub fn parse(s: &str) -> Option<Profile> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|(_, p)| *p)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("?", |(n, _)| n)
    }

    /// The weights; `gp` gives the consultation rates to use for `Gp`.
    pub fn weights(self, gp: &AgeSexWeights) -> AgeSexWeights {
        let steps = match self {
            Profile::Gp => return gp.clone(),
            Profile::Flat => &[(0, 1.0)][..],
            Profile::Psychiatry => PSYCHIATRY,
            Profile::InternalMedicine => INTERNAL_MEDICINE,
            Profile::Surgery => SURGERY,
            Profile::Nursing => NURSING,
        };
        let mut w = [0.0; AGES];
        for (a, v) in w.iter_mut().enumerate() {
            *v = steps
                .iter()
                .rev()
                .find(|(from, _)| *from <= a)
                .map_or(0.0, |s| s.1);
        }
        AgeSexWeights { male: w, female: w }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_profiles_cover_every_age() {
        let gp = AgeSexWeights {
            male: [1.0; AGES],
            female: [1.0; AGES],
        };
        for (name, p) in Profile::ALL {
            assert_eq!(Profile::parse(name), Some(p));
            let w = p.weights(&gp);
            assert!(w.male.iter().all(|v| *v > 0.0), "{name}");
        }
        let n = Profile::Nursing.weights(&gp);
        assert!(n.male[85] > 5.0 * n.male[70]);
    }
}
