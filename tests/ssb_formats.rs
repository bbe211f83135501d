//! Reading SSB files (tables 07459 and 14288) in every layout: each fixture is
//! rendered from one source of truth (`ssb_formats/gen.rs`) and must give the
//! same records; a trimmed piece of a real Statbank export is read and checked
//! against its own lines. Error paths and the no-panic properties are in
//! `ssb_formats/errors.rs`.

#[path = "ssb_formats/errors.rs"]
mod errors;
#[path = "ssb_formats/gen.rs"]
mod gen;
#[path = "ssb_formats/gen_json.rs"]
mod gen_json;
#[path = "ssb_formats/real.rs"]
mod real;

use std::path::PathBuf;

use gen::{Cell, Labels, Lang, Px};
use stabil::ssb::{self, Layout, Record, Sex, SsbTable, TableId};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ssb")
}

const PX: Px = Px {
    labels: Labels::Codes,
    sep: ',',
    latin1: false,
    bom: false,
    title: false,
    crlf: false,
};
const ORDER: [&str; 5] = ["Tid", "Alder", "Region", "ContentsCode", "Kjonn"];
const ALTS: [(&str, &str); 2] = [
    ("MMMM", "Hovedalternativet (MMMM)"),
    ("LLML", "Lav nasjonal vekst (LLML)"),
];

/// Every generated fixture: name, bytes, the layout it must be read as.
fn fixtures() -> Vec<(&'static str, Vec<u8>, Layout)> {
    let t = gen::truth(true);
    vec![
        (
            "statbank_en_latin1_crlf.csv",
            gen::statbank(&t, Lang::En, true),
            Layout::StatbankSemicolon,
        ),
        (
            "statbank_no_latin1_crlf.csv",
            gen::statbank(&t, Lang::No, false),
            Layout::StatbankSemicolon,
        ),
        (
            "px_wide_codes_comma.csv",
            gen::px_wide(&t, PX),
            Layout::PxCsvWide,
        ),
        (
            "px_wide_texts_semicolon_latin1_title_crlf.csv",
            gen::px_wide(
                &t,
                Px {
                    labels: Labels::Texts,
                    sep: ';',
                    latin1: true,
                    title: true,
                    crlf: true,
                    ..PX
                },
            ),
            Layout::PxCsvWide,
        ),
        (
            "px_wide_codetext_tab_bom.csv",
            gen::px_wide(
                &t,
                Px {
                    labels: Labels::CodeText,
                    sep: '\t',
                    bom: true,
                    ..PX
                },
            ),
            Layout::PxCsvWide,
        ),
        (
            "px_long_codes_comma_bom.csv",
            gen::px_long(&t, Px { bom: true, ..PX }),
            Layout::PxCsvLong,
        ),
        (
            "px_long_texts_semicolon_latin1_crlf.csv",
            gen::px_long(
                &t,
                Px {
                    labels: Labels::Texts,
                    sep: ';',
                    latin1: true,
                    crlf: true,
                    ..PX
                },
            ),
            Layout::PxCsvLong,
        ),
        (
            "px_long_codetext_tab_title.csv",
            gen::px_long(
                &t,
                Px {
                    labels: Labels::CodeText,
                    sep: '\t',
                    title: true,
                    ..PX
                },
            ),
            Layout::PxCsvLong,
        ),
        (
            "jsonstat2_07459_reordered.json",
            gen_json::json_stat(&t, &ORDER, "07459", &[]),
            Layout::JsonStat2,
        ),
        (
            "jsonstat2_14288.json",
            gen_json::json_stat(
                &gen::truth_14288(),
                &["Region", "Kjonn", "Alder", "ContentsCode", "Tid"],
                "14288",
                &ALTS,
            ),
            Layout::JsonStat2,
        ),
        (
            "px_wide_14288_latin1.csv",
            gen::px_wide_14288(&gen::truth_14288()),
            Layout::PxCsvWide,
        ),
    ]
}

fn read_fixture(name: &str) -> SsbTable {
    let bytes = std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    ssb::read(&bytes, name).unwrap_or_else(|e| panic!("{e}"))
}

type Key = (String, i32, Sex, u8, Option<String>, Option<String>);

fn key(r: &Record) -> Key {
    (
        r.region.clone(),
        r.year,
        r.sex,
        r.age,
        r.value.map(|v| v.to_string()),
        r.alternative.clone(),
    )
}

fn truth_keys(cells: &[Cell]) -> Vec<Key> {
    let mut k: Vec<Key> = cells
        .iter()
        .map(|c| {
            (
                c.region.to_string(),
                c.year,
                c.sex,
                c.age,
                c.value.map(|v| v.to_string()),
                c.alternative.map(str::to_string),
            )
        })
        .collect();
    k.sort();
    k
}

fn table_keys(t: &SsbTable) -> Vec<Key> {
    let mut k: Vec<Key> = t.records.iter().map(key).collect();
    k.sort();
    k
}

#[test]
fn fixtures_on_disk_are_the_generated_ones() {
    let write = std::env::var_os("STABIL_WRITE_SSB_FIXTURES").is_some();
    for (name, bytes, _) in fixtures() {
        let path = dir().join(name);
        if write {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        let on_disk = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            on_disk == bytes,
            "{name} differs from its generator; rerun with STABIL_WRITE_SSB_FIXTURES=1"
        );
    }
}

#[test]
fn every_07459_layout_gives_the_same_records() {
    let truth = truth_keys(&gen::truth(true));
    for (name, _, layout) in fixtures().into_iter().filter(|f| !f.0.contains("14288")) {
        let t = read_fixture(name);
        assert_eq!(t.table, TableId::Population07459, "{name}");
        assert_eq!(t.layout, layout, "{name}");
        assert_eq!(table_keys(&t), truth, "{name}");
        assert_eq!(t.file, name);
        for r in &t.records {
            assert_eq!(
                r.line.is_some(),
                layout != Layout::JsonStat2,
                "{name}: {r:?}"
            );
        }
        let sym = |region: &str, year, sex, age| {
            t.records
                .iter()
                .find(|r| r.region == region && r.year == year && r.sex == sex && r.age == age)
                .unwrap()
                .symbol
                .clone()
        };
        assert_eq!(
            sym("1867", 2024, Sex::Female, 104).as_deref(),
            Some(".."),
            "{name}"
        );
        let plain = if layout == Layout::JsonStat2 {
            "null"
        } else {
            "."
        };
        assert_eq!(
            sym("1866", 2023, Sex::Male, 0).as_deref(),
            Some(plain),
            "{name}"
        );
        let latin1 = name.contains("latin1") || name.starts_with("statbank");
        assert_eq!(
            t.notes.iter().any(|n| n.contains("ISO-8859-1")),
            latin1,
            "{name}: {:?}",
            t.notes
        );
        assert_eq!(
            t.notes.iter().any(|n| n.contains("byte-order mark")),
            name.contains("bom"),
            "{name}"
        );
    }
}

#[test]
fn csv_lines_point_at_the_source_line() {
    // Statbank: data starts on line 4, one line per region × age.
    let t = read_fixture("statbank_no_latin1_crlf.csv");
    let r = t
        .records
        .iter()
        .find(|r| r.region == "1867" && r.age == 3 && r.year == 2024)
        .unwrap();
    assert_eq!(r.line, Some(4 + 106 + 3));
    // Long with a title: header on line 2, one line per observation in truth order.
    let t = read_fixture("px_long_codetext_tab_title.csv");
    let truth = gen::truth(true);
    let i = truth
        .iter()
        .position(|c| c.region == "1866" && c.year == 2024 && c.sex == Sex::Female && c.age == 7)
        .unwrap();
    let r = t
        .records
        .iter()
        .find(|r| r.region == "1866" && r.year == 2024 && r.sex == Sex::Female && r.age == 7)
        .unwrap();
    assert_eq!(r.line, Some(i + 3));
}

#[test]
fn statbank_rest_row_is_skipped_and_noted() {
    let t = read_fixture("statbank_en_latin1_crlf.csv");
    assert!(t.records.iter().all(|r| r.region != "Rest"));
    assert!(
        t.notes
            .iter()
            .any(|n| n.contains("K-Rest") && n.contains("skipped 424")),
        "{:?}",
        t.notes
    );
    let d = ssb::describe(&t);
    assert!(d.contains("old Statbank"), "{d}");
    assert!(d.contains("07459"), "{d}");
    assert!(d.contains("regions: 2 (1866, 1867)"), "{d}");
    assert!(d.contains("years: 2023–2024"), "{d}");
    assert!(d.contains("ages: 0–105"), "{d}");
    assert!(d.contains("\"..\" ×1") && d.contains("\".\" ×1"), "{d}");
    assert!(d.contains("K-Rest"), "{d}");
}

#[test]
fn table_14288_in_json_and_csv_gives_the_same_records_and_picks_mmmm() {
    let truth = truth_keys(&gen::truth_14288());
    let known = |c: &str| c == "1866";
    for name in ["jsonstat2_14288.json", "px_wide_14288_latin1.csv"] {
        let t = read_fixture(name);
        assert_eq!(t.table, TableId::Projection14288, "{name}");
        assert_eq!(table_keys(&t), truth, "{name}");
        let pop = ssb::to_population(&t, &known, None).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(pop.len(), 2);
        let mmmm = gen::truth_14288();
        for s in &pop {
            for age in 0..=105u8 {
                let want = mmmm
                    .iter()
                    .find(|c| {
                        c.alternative == Some("MMMM")
                            && c.year == s.year
                            && c.sex == Sex::Male
                            && c.age == age
                    })
                    .unwrap();
                assert_eq!(Some(s.male[age as usize]), want.value);
            }
        }
        let llml = ssb::to_population(&t, &known, Some("LLML")).unwrap();
        assert_ne!(llml, pop);
        let err = ssb::to_population(&t, &known, Some("HHMH")).unwrap_err();
        assert_eq!(err.len(), 1);
        let msg = err[0].to_string();
        assert!(
            msg.starts_with(name) && msg.contains("LLML, MMMM") && msg.contains("fix:"),
            "{msg}"
        );
    }
    // Without a main alternative, one must be chosen.
    let only: Vec<Cell> = gen::truth_14288()
        .into_iter()
        .map(|c| Cell {
            alternative: Some(if c.alternative == Some("MMMM") {
                "HHMH"
            } else {
                "LLML"
            }),
            ..c
        })
        .collect();
    let bytes = gen_json::json_stat(
        &only,
        &["Region", "Kjonn", "Alder", "ContentsCode", "Tid"],
        "14288",
        &[
            ("HHMH", "Høy nasjonal vekst (HHMH)"),
            ("LLML", "Lav (LLML)"),
        ],
    );
    let t = ssb::read(&bytes, "p.json").unwrap();
    let err = ssb::to_population(&t, &known, None).unwrap_err();
    assert!(
        err[0]
            .to_string()
            .contains("several projection alternatives (HHMH, LLML)"),
        "{}",
        err[0]
    );
}
