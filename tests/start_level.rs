//! The report says when a unit starts far from the level its assumptions give
//! (fresh-eyes review, session 12: Oslo starts with no vacant list and has
//! about 13 a few years on, and nothing said why).

mod common;

use common::stabil;

#[test]
fn a_start_outside_the_models_band_is_named_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    stabil()
        .current_dir(dir.path())
        .args(["init", "--kommune", "0301", "--out", "oslo.toml"])
        .assert()
        .success();
    stabil()
        .current_dir(dir.path())
        .args(["run", "oslo.toml", "--replicates", "300", "--seed", "5"])
        .args(["--quiet", "--out", "o"])
        .assert()
        .success();
    let md = std::fs::read_to_string(dir.path().join("o/rapport.md")).unwrap();
    // 0 vacant of 611 lists on 1 January; the defaults for 50,000+ give a
    // year average of about 13 in 2030, whose P10 lies many standard
    // deviations above 0.
    assert!(
        md.contains("Startverdien ligger utenfor modellens nivå"),
        "{md}"
    );
    assert!(md.contains("Oslo-Oslove fra 0 til"), "{md}");
    assert!(md.contains("stabil calibrate"));
}
