//! Snapshots of the data behind the charts of issue 5 (cumulative locum cost fan,
//! tornado, share still in post), as plain text under `tests/snapshots/`. A
//! change in the numbers shows up as a diff there. To accept a deliberate
//! change: `STABIL_UPDATE_SNAPSHOTS=1 cargo test --test chart_series`.

use stabil::chart::drivers;
use stabil::model::Model;
use stabil::output::numfmt::Lang;
use stabil::sim::engine::{run_observed, RunOptions};
use stabil::stats::tornado::{Collector, Sample, SAMPLE_CAP};

fn vesteralen() -> Model {
    stabil::scenario::load_str(
        stabil::scenario::bundled::get("vesteralen").unwrap(),
        "vesteralen",
    )
    .unwrap()
}

fn samples(model: &Model, threads: usize) -> Vec<Sample> {
    let c = Collector::new(SAMPLE_CAP);
    let bins = (12 / model.months_per_bin()) as usize;
    run_observed(
        model,
        RunOptions {
            replicates: 400,
            seed: 3,
            threads,
        },
        &|_| {},
        &|rep, draws, units| c.observe(rep, draws, units, model.horizon_years as usize, bins),
    );
    c.finish()
}

fn check(name: &str, text: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("STABIL_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with STABIL_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(text, expected, "{name} changed; see the diff above");
}

#[test]
fn cumulative_fan_and_tornado_series() {
    let model = vesteralen();
    let s = samples(&model, 2);
    assert_eq!(s.len(), 400);
    assert_eq!(s, samples(&model, 1), "independent of the thread count");
    let mut text = String::from("year,p10,p25,p50,p75,p90 (NOK million)\n");
    for f in drivers::cumulative_series(&model, &s) {
        text.push_str(&format!(
            "{},{:.3},{:.3},{:.3},{:.3},{:.3}\n",
            f.0, f.1, f.2, f.3, f.4, f.5
        ));
    }
    check("cumulative_locum_cost.txt", &text);
    let mut text = String::from("parameter,spearman_rho\n");
    for (label, rho) in drivers::tornado_series(&model, &s, Lang::Nb) {
        text.push_str(&format!("{label},{rho:.4}\n"));
    }
    check("tornado.txt", &text);
}

#[test]
fn retention_series() {
    let model = vesteralen();
    let curves = stabil::sim::survival::curves(&model, 3, 200, 15.0, 15);
    let names = drivers::scenario_names(&model, Lang::Nb);
    let mut text = String::from("scenario,years,share_in_post\n");
    for (c, name) in curves.iter().zip(&names) {
        for (t, s) in c {
            text.push_str(&format!("{name},{t:.0},{s:.4}\n"));
        }
    }
    check("retention.txt", &text);
}
