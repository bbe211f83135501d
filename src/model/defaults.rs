//! Default parameter values, each with its source or the word "assumption".
//!
//! Owns the numbers a scenario falls back on when it says nothing. Every figure
//! cites its source (listed in the README's defaults table) or says plainly that
//! it is an assumption. Never reads files; changes here change results, so they are
//! covered by tests that check the published medians are reproduced.

/// Start of each tenure band, years in post (issue 2: 0-1, 1-3, 3-5, 5-10, 10+).
pub const TENURE_BAND_STARTS_YEARS: [f64; 5] = [0.0, 1.0, 3.0, 5.0, 10.0];

/// Relative departure hazard per tenure band, scaled per size class so that the
/// median contract duration is reproduced. Assumption, checked against data: with
/// this shape the share of GPs still in post 13 years later in a stationary stock is
/// 7.9 % (< 2,000 inhabitants), 26 % (national median) and 38 % (50,000+), against
/// the published < 8 %, 25 % and 34 % (NordicGP 2015, abstract 539-OP). The higher
/// hazard in the first years reflects "far easier to recruit than to retain"
/// (Abelsen et al. 2020, Norwegian case study).
pub const DEPARTURE_HAZARD_SHAPE: [f64; 5] = [1.5, 1.2, 1.0, 1.0, 1.0];

/// Municipality size classes by population on 1 January of the base year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SizeClass {
    Under2k,
    From2kTo5k,
    From5kTo10k,
    From10kTo20k,
    From20kTo50k,
    Over50k,
}

impl SizeClass {
    pub fn of(population: u32) -> Self {
        match population {
            0..=1_999 => SizeClass::Under2k,
            2_000..=4_999 => SizeClass::From2kTo5k,
            5_000..=9_999 => SizeClass::From5kTo10k,
            10_000..=19_999 => SizeClass::From10kTo20k,
            20_000..=49_999 => SizeClass::From20kTo50k,
            _ => SizeClass::Over50k,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SizeClass::Under2k => "under 2,000",
            SizeClass::From2kTo5k => "2,000-4,999",
            SizeClass::From5kTo10k => "5,000-9,999",
            SizeClass::From10kTo20k => "10,000-19,999",
            SizeClass::From20kTo50k => "20,000-49,999",
            SizeClass::Over50k => "50,000 and over",
        }
    }

    /// Median GP contract duration in years. Under 2,000: 2.75 and 50,000+: 8.37
    /// (Abelsen, Gaski, Brandstorp, Tidsskr Nor Legeforen 2015;135:2045-9; national
    /// median 5.91). Classes between: assumption, log-linear in population between
    /// those two published values (about 1,000 and 70,000 inhabitants).
    pub fn median_contract_years(self) -> f64 {
        match self {
            SizeClass::Under2k => 2.75,
            SizeClass::From2kTo5k => 4.3,
            SizeClass::From5kTo10k => 5.3,
            SizeClass::From10kTo20k => 6.2,
            SizeClass::From20kTo50k => 7.3,
            SizeClass::Over50k => 8.37,
        }
    }

    /// Median time to fill a vacant GP position, months. Assumption: no Norwegian
    /// figure is published; longer in small municipalities, consistent with the
    /// larger share of lists without a GP there (SSB table 12005, 2025).
    pub fn median_fill_months(self) -> f64 {
        match self {
            SizeClass::Under2k => 6.0,
            SizeClass::From2kTo5k => 5.0,
            SizeClass::From5kTo10k => 4.0,
            SizeClass::From10kTo20k => 3.0,
            SizeClass::From20kTo50k => 2.5,
            SizeClass::Over50k => 2.0,
        }
    }
}

/// Spread (sd of the logarithm) of the lognormal time to fill. Assumption.
pub const FILL_SIGMA: f64 = 0.8;

/// Share of vacant time covered by a locum (issue 2 default; assumption).
pub const LOCUM_COVERAGE_SHARE: f64 = 0.85;

/// Locum price per week, NOK: triangular(min, mode, max). Mode: a recent quote of
/// NOK 95,800/week; max: Årdal offered NOK 120,000/week and agency locums cost about
/// double an ordinary one (NRK Vestland; VG 2017). Min and max are an
/// assumption around those quotes.
pub const LOCUM_PRICE_NOK_PER_WEEK: (f64, f64, f64) = (60_000.0, 95_800.0, 150_000.0);

/// Age of a recruit at start, years: normal(mean, sd) truncated to [min, max].
/// Assumption (no published age-at-start distribution for Norwegian GPs).
pub const RECRUIT_AGE_YEARS: (f64, f64, f64, f64) = (38.0, 7.0, 27.0, 62.0);

/// Retirement: no retirement before 62, hazard 0.10/year at 62-66, 0.35/year at
/// 67-69, and everyone retires at 70. Assumption shaped by issue 2 ("none before
/// 62, certain by 70").
pub const RETIREMENT_BAND_START_AGES_YEARS: [f64; 2] = [62.0, 67.0];
pub const RETIREMENT_HAZARD_PER_YEAR: [f64; 2] = [0.10, 0.35];
pub const RETIREMENT_MAX_AGE_YEARS: f64 = 70.0;

/// Elasticity of the departure hazard to the list length relative to the start
/// (hazard × (list / list at start)^elasticity): shorter lists, lower turnover.
/// Assumption. The Norwegian case study found that adding positions to lower
/// workload went with fewer vacancies (Abelsen et al. 2020); across municipalities,
/// longer lists went with longer contracts (Abelsen, Gaski, Brandstorp 2015), an
/// association confounded by the municipality's size and attractiveness.
pub const WORKLOAD_ELASTICITY: f64 = 0.5;

/// Base year and horizon when a scenario does not say (issue 2).
pub const BASE_YEAR: i32 = 2025;
pub const HORIZON_YEARS: u32 = 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::hazard::PiecewiseHazard;

    #[test]
    fn default_hazards_reproduce_published_medians() {
        for (pop, median) in [(1_500, 2.75), (60_000, 8.37)] {
            let c = SizeClass::of(pop);
            let h = PiecewiseHazard::with_median(
                TENURE_BAND_STARTS_YEARS.to_vec(),
                &DEPARTURE_HAZARD_SHAPE,
                c.median_contract_years(),
            )
            .unwrap();
            assert!((h.median() - median).abs() < 1e-9);
            // The early hazard is the highest: easier to recruit than to retain.
            assert!(h.rates()[0] > h.rates()[4]);
        }
    }

    #[test]
    fn size_classes_are_ordered() {
        let classes = [1_000, 3_000, 7_000, 15_000, 30_000, 80_000].map(SizeClass::of);
        for w in classes.windows(2) {
            assert!(w[0] < w[1]);
            assert!(w[0].median_contract_years() < w[1].median_contract_years());
            assert!(w[0].median_fill_months() >= w[1].median_fill_months());
        }
    }
}
