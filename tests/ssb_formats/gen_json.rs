//! The json-stat2 rendering of the SSB fixtures' source of truth (`gen.rs`).
#![allow(dead_code)]

use stabil::ssb::Sex;

use super::gen::{age_text, Cell, Lang};

/// A json-stat2 dimension: (id, label, [(code, text)]).
type Dim = (&'static str, &'static str, Vec<(String, String)>);

fn dim_json(d: &Dim) -> serde_json::Value {
    let index: serde_json::Map<String, serde_json::Value> =
        d.2.iter()
            .enumerate()
            .map(|(i, (c, _))| (c.clone(), i.into()))
            .collect();
    let label: serde_json::Map<String, serde_json::Value> =
        d.2.iter()
            .map(|(c, t)| (c.clone(), t.clone().into()))
            .collect();
    serde_json::json!({"label": d.1, "category": {"index": index, "label": label}})
}

/// json-stat2 with the dimensions in `order` (ids), values row-major over it;
/// a cell with symbol ".." is null with that status, one with "." plain null.
pub fn json_stat(
    cells: &[Cell],
    order: &[&str],
    table: &str,
    alternatives: &[(&str, &str)],
) -> Vec<u8> {
    let mut regions: Vec<(String, String)> = Vec::new();
    let mut years: Vec<(String, String)> = Vec::new();
    for c in cells {
        let r = (format!("K-{}", c.region), c.name.to_string());
        if !regions.contains(&r) {
            regions.push(r);
        }
        let y = (c.year.to_string(), c.year.to_string());
        if !years.contains(&y) {
            years.push(y);
        }
    }
    let ages: Vec<(String, String)> = (0..=105u8)
        .map(|a| {
            (
                if a == 105 {
                    "105+".into()
                } else {
                    format!("{a:03}")
                },
                age_text(a, Lang::No),
            )
        })
        .collect();
    let contents: Vec<(String, String)> = if alternatives.is_empty() {
        vec![("Personer1".into(), "Personer".into())]
    } else {
        alternatives
            .iter()
            .map(|(c, t)| (c.to_string(), t.to_string()))
            .collect()
    };
    let all: Vec<Dim> = vec![
        ("Region", "region", regions),
        (
            "Kjonn",
            "kjønn",
            vec![("1".into(), "Menn".into()), ("2".into(), "Kvinner".into())],
        ),
        ("Alder", "alder", ages),
        ("ContentsCode", "statistikkvariabel", contents),
        ("Tid", "år", years),
    ];
    let dims: Vec<&Dim> = order
        .iter()
        .map(|id| all.iter().find(|d| d.0 == *id).unwrap())
        .collect();
    let sizes: Vec<usize> = dims.iter().map(|d| d.2.len()).collect();
    let total: usize = sizes.iter().product();
    let mut values = vec![serde_json::Value::Null; total];
    let mut status = serde_json::Map::new();
    for c in cells {
        let codes = |id: &str| -> String {
            match id {
                "Region" => format!("K-{}", c.region),
                "Kjonn" => {
                    if c.sex == Sex::Male {
                        "1".into()
                    } else {
                        "2".into()
                    }
                }
                "Alder" => {
                    if c.age == 105 {
                        "105+".into()
                    } else {
                        format!("{:03}", c.age)
                    }
                }
                "ContentsCode" => c.alternative.unwrap_or("Personer1").to_string(),
                _ => c.year.to_string(),
            }
        };
        let mut flat = 0;
        for d in &dims {
            let pos =
                d.2.iter()
                    .position(|(code, _)| *code == codes(d.0))
                    .unwrap();
            flat = flat * d.2.len() + pos;
        }
        match (c.value, c.symbol) {
            (Some(v), _) => values[flat] = v.into(),
            (None, Some("..")) => {
                status.insert(flat.to_string(), "..".into());
            }
            _ => {}
        }
    }
    let dimension: serde_json::Map<String, serde_json::Value> = dims
        .iter()
        .map(|d| (d.0.to_string(), dim_json(d)))
        .collect();
    let doc = serde_json::json!({
        "version": "2.0",
        "class": "dataset",
        "label": format!("{table}: Befolkning"),
        "source": "Statistisk sentralbyrå",
        "updated": "2024-02-21T07:00:00Z",
        "id": order,
        "size": sizes,
        "dimension": dimension,
        "value": values,
        "status": status,
        "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
        "extension": {"px": {"tableid": table, "decimals": 0}}
    });
    let mut out = serde_json::to_vec_pretty(&doc).unwrap();
    out.push(b'\n');
    out
}
