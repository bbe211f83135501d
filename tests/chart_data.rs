//! Snapshots of the data behind the run charts not covered by `chart_series`:
//! the vacancy and locum-cost fans, need against positions, the age structure
//! and a labour market's flow matrix, as plain text under `tests/snapshots/`.
//! To accept a deliberate change: `STABIL_UPDATE_SNAPSHOTS=1 cargo test --test chart_data`.

use stabil::chart::{demand_charts, flow_chart, run_charts};
use stabil::sim::engine::{run_with_flows, RunOptions};
use stabil::stats::Metric;

fn check(name: &str, text: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("STABIL_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with STABIL_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(text, expected, "{name} changed");
}

fn bundled(name: &str) -> stabil::model::Model {
    stabil::scenario::load_str(stabil::scenario::bundled::get(name).unwrap(), name).unwrap()
}

#[test]
fn fans_need_and_age_series_of_vesteralen() {
    let model = bundled("vesteralen");
    let (table, _) = run_with_flows(
        &model,
        RunOptions {
            replicates: 400,
            seed: 3,
            threads: 2,
        },
        &|_| {},
    );
    let region = model.units.len(); // the first region, Vesterålen's GP services
    let mut text = String::from("year,p10,p25,p50,p75,p90 (vacant positions, year average)\n");
    for f in run_charts::fan_of(&table, region, Metric::VacancyMonths, 1.0 / 12.0) {
        text.push_str(&format!(
            "{},{:.3},{:.3},{:.3},{:.3},{:.3}\n",
            model.base_year + f.0,
            f.1,
            f.2,
            f.3,
            f.4,
            f.5
        ));
    }
    text.push_str("year,p10,p25,p50,p75,p90 (locum cost, NOK million)\n");
    for f in run_charts::fan_of(&table, region, Metric::LocumCostNok, 1e-6) {
        text.push_str(&format!(
            "{},{:.3},{:.3},{:.3},{:.3},{:.3}\n",
            model.base_year + f.0,
            f.1,
            f.2,
            f.3,
            f.4,
            f.5
        ));
    }
    check("fans_vesteralen.txt", &text);

    let mut text = String::from("entity,year,need,positions\n");
    for (id, _, series, _) in demand_charts::entities(&model) {
        for (y, n, p) in series {
            text.push_str(&format!("{id},{y},{n:.3},{p}\n"));
        }
    }
    check("need_vesteralen.txt", &text);

    let mut text = String::from("year,0-9,10-19,20-29,30-39,40-49,50-59,60-69,70-79,80-89,90+\n");
    let bo = &model.populations["1867"];
    for y in [2025, 2045] {
        let g: Vec<String> = demand_charts::age_groups(bo.get(y).unwrap())
            .iter()
            .map(|v| format!("{v:.1}"))
            .collect();
        text.push_str(&format!("{y},{}\n", g.join(",")));
    }
    check("age_bo.txt", &text);
}

#[test]
fn flow_matrix_of_a_market() {
    let mut model = bundled("vesteralen");
    model.markets[0].enabled = true;
    let (_, flows) = run_with_flows(
        &model,
        RunOptions {
            replicates: 200,
            seed: 3,
            threads: 2,
        },
        &|_| {},
    );
    let m = flow_chart::matrix(&flows[0]);
    let mut text = String::from(
        "from\\to (expected moves 2025-2045; last row and column: outside the region)\n",
    );
    for row in m {
        let r: Vec<String> = row.iter().map(|v| format!("{v:.3}")).collect();
        text.push_str(&format!("{}\n", r.join(",")));
    }
    check("flows_vesteralen.txt", &text);
}

#[test]
fn comparison_chart_series() {
    use stabil::chart::compare_charts;
    let model = bundled("vesteralen");
    let t = stabil::sim::compare::compare(
        &model,
        RunOptions {
            replicates: 200,
            seed: 3,
            threads: 2,
        },
        &|_| {},
    );
    let mut text = String::from("variant,mean,p10,p90 (net present cost, NOK million, ranked)\n");
    for (name, mean, p10, p90) in compare_charts::bar_rows(&model, &t) {
        text.push_str(&format!("{name},{mean:.3},{p10:.3},{p90:.3}\n"));
    }
    text.push_str("scenario,year,p25,p50,p75,mean (vacant positions, year average)\n");
    for (sc, series) in compare_charts::line_series(&model, &t).iter().enumerate() {
        for (y, p25, p50, p75, mean) in series {
            text.push_str(&format!("{sc},{y},{p25:.3},{p50:.3},{p75:.3},{mean:.3}\n"));
        }
    }
    check("compare_vesteralen.txt", &text);
}
