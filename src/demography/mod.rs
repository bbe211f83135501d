//! Population by sex and single-year age, and its projection (cohort-component,
//! calibrated to SSB's projected totals). Pure: takes series and returns series;
//! never reads files (the bundled data lives in `data::population`).
//!
//! ```
//! use stabil::demography::{AgeSex, AGES};
//! let mut p = AgeSex::zero();
//! p.male[70] = 10.0;
//! p.female[85] = 5.0;
//! assert_eq!(p.total(), 15.0);
//! assert_eq!(p.sum_ages(67, 200), 15.0);
//! assert_eq!(p.sum_ages(80, AGES), 5.0);
//! ```

pub mod project;
pub mod rates;

/// Single-year ages 0..=105; the last one is "105 or older".
pub const AGES: usize = 106;

/// Persons by sex and single-year age (counts may be fractional after projection).
#[derive(Debug, Clone, PartialEq)]
pub struct AgeSex {
    pub male: [f64; AGES],
    pub female: [f64; AGES],
}

impl AgeSex {
    pub fn zero() -> Self {
        AgeSex {
            male: [0.0; AGES],
            female: [0.0; AGES],
        }
    }

    pub fn total(&self) -> f64 {
        self.male.iter().sum::<f64>() + self.female.iter().sum::<f64>()
    }

    /// Persons aged `from` up to but not including `to` (clamped to 0..=105).
    pub fn sum_ages(&self, from: usize, to: usize) -> f64 {
        let to = to.min(AGES);
        if from >= to {
            return 0.0;
        }
        self.male[from..to].iter().sum::<f64>() + self.female[from..to].iter().sum::<f64>()
    }

    /// Adds `other` to `self` (for summing municipalities into a catchment).
    pub fn add(&mut self, other: &AgeSex) {
        for a in 0..AGES {
            self.male[a] += other.male[a];
            self.female[a] += other.female[a];
        }
    }

    pub fn scale(&mut self, f: f64) {
        for a in 0..AGES {
            self.male[a] *= f;
            self.female[a] *= f;
        }
    }

    /// Σ over sex and age of persons × `weight` (e.g. a use profile).
    pub fn weighted(&self, weight: &AgeSexWeights) -> f64 {
        (0..AGES)
            .map(|a| self.male[a] * weight.male[a] + self.female[a] * weight.female[a])
            .sum()
    }
}

/// A value per sex and single-year age (rates, relative use).
#[derive(Debug, Clone, PartialEq)]
pub struct AgeSexWeights {
    pub male: [f64; AGES],
    pub female: [f64; AGES],
}

/// Consecutive yearly populations on 1 January, from `first_year`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub first_year: i32,
    pub years: Vec<AgeSex>,
}

impl Series {
    pub fn last_year(&self) -> i32 {
        self.first_year + self.years.len() as i32 - 1
    }

    pub fn get(&self, year: i32) -> Option<&AgeSex> {
        let i = year.checked_sub(self.first_year)?;
        usize::try_from(i).ok().and_then(|i| self.years.get(i))
    }
}
