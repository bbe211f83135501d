//! The supply model against theory. With one constant departure hazard λ,
//! exponential filling at rate μ, N fixed positions and no retirement, each
//! position alternates independently between Exp(λ) filled and Exp(μ) vacant
//! spells, so in the long run the number vacant is Binomial(N, λ/(λ+μ)).

mod common;

use stabil::sim::engine::Worker;

const N: u32 = 20;
const LAMBDA: f64 = 0.2; // departures per doctor-year
const MU: f64 = 2.0; // fills per vacant-position-year (mean time to fill 6 months)
const REPLICATES: u64 = 4000;

#[test]
fn long_run_vacancies_are_binomial() {
    let median_fill_months = 12.0 / MU * std::f64::consts::LN_2;
    let m = common::model(
        "horizon_years = 30\n\
         [retirement]\nband_start_ages_years = [99]\nhazard_per_year = [0]\nmax_age_years = 100\n\
         [defaults]\ntenure_band_starts_years = [0]\n",
        &[&format!(
            "id = \"u\"\npopulation = 5000\npositions = {N}\nlist_length_patients = 1000\n\
             departure_hazard_per_year = [{LAMBDA}]\ntime_to_fill_distribution = \"exponential\"\n\
             time_to_fill_median_months = {median_fill_months}\nrecruit_age_years = 30\nlocum_price_nok_per_week = 1"
        )],
    );
    let mut w = Worker::new(&m);
    let last = m.months() as usize - 1;
    let xs: Vec<f64> = (0..REPLICATES)
        .map(|r| {
            w.replicate(99, r);
            f64::from(w.frames(0)[last].vacant)
        })
        .collect();
    let n = REPLICATES as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);

    let p = LAMBDA / (LAMBDA + MU);
    let (nn, q) = (f64::from(N), 1.0 - p);
    let (mu1, sigma2) = (nn * p, nn * p * q);
    // Fourth central moment of a binomial, for the standard error of the variance.
    let mu4 = nn * p * q * (1.0 + 3.0 * (nn - 2.0) * p * q);
    let se_mean = (sigma2 / n).sqrt();
    let se_var = ((mu4 - sigma2 * sigma2) / n).sqrt();
    // 4 standard errors: a false alarm has probability about 6e-5 per check.
    assert!(
        (mean - mu1).abs() < 4.0 * se_mean,
        "mean {mean} vs binomial {mu1} (se {se_mean})"
    );
    assert!(
        (var - sigma2).abs() < 4.0 * se_var,
        "variance {var} vs binomial {sigma2} (se {se_var})"
    );
}

/// Regression: doctors in post at the start must not be older than the age
/// everyone retires at (they all left in the first month, a spike a user saw).
/// With departures other than retirement made rare, the first month's
/// departures must be like any other month's: within 5 Poisson sd of the mean
/// of the next eleven.
#[test]
fn no_retirement_spike_in_the_first_month() {
    let m = common::model(
        "horizon_years = 1",
        &[
            "id = \"u\"\npopulation = 100000\npositions = 3000\ndeparture_median_years = 200\n\
           recruit_age_years = { normal = { mean = 45, sd = 10, min = 27, max = 62 } }",
        ],
    );
    let mut w = Worker::new(&m);
    w.replicate(3, 0);
    let d: Vec<f64> = w
        .frames(0)
        .iter()
        .map(|f| f64::from(f.departures))
        .collect();
    let rest = d[1..].iter().sum::<f64>() / 11.0;
    assert!(rest > 5.0, "retirements happen at all: {rest}");
    assert!(
        (d[0] - rest).abs() < 5.0 * rest.sqrt(),
        "January {} vs later months {rest}",
        d[0]
    );
}
