//! Error paths and population checks for SSB files: every message names the
//! file, the line where there is one, and the fix; `to_population` reports all
//! problems at once; no input makes the reader panic.

use proptest::prelude::*;
use stabil::ssb::{self, Sex};

use super::{fixtures, read_fixture, ORDER, PX};
use super::{gen, gen_json};

fn clean_csv() -> Vec<u8> {
    gen::px_long(&gen::truth(false), PX)
}

#[test]
fn to_population_gives_one_series_per_municipality_and_year() {
    let t = ssb::read(&clean_csv(), "clean.csv").unwrap();
    let pop = ssb::to_population(&t, &|c| c == "1866" || c == "1867", None).unwrap();
    assert_eq!(pop.len(), 4);
    for s in &pop {
        for age in 0..=105u8 {
            let m = gen::find(&gen::truth(false), &s.region, s.year, Sex::Male, age).unwrap();
            let f = gen::find(&gen::truth(false), &s.region, s.year, Sex::Female, age).unwrap();
            assert_eq!(Some(s.male[age as usize]), m.value);
            assert_eq!(Some(s.female[age as usize]), f.value);
        }
    }
}

#[test]
fn missing_values_are_all_reported_with_lines() {
    let t = read_fixture("px_wide_codes_comma.csv");
    let err = ssb::to_population(&t, &|c| c == "1866" || c == "1867", None).unwrap_err();
    let msg: Vec<String> = err.iter().map(|p| p.to_string()).collect();
    assert_eq!(msg.len(), 2, "{msg:?}");
    // Header is line 1; Hadsel males age 0 is line 2; Bø females 104 is line 2 + 212 + 106 + 104.
    assert!(
        msg[0].starts_with(
            "px_wide_codes_comma.csv:2: 1866 2023 males: no value at ages 0 (SSB gave \".\")"
        ),
        "{}",
        msg[0]
    );
    assert!(msg[1].starts_with("px_wide_codes_comma.csv:424: 1867 2024 females: no value at ages 104 (SSB gave \"..\")"), "{}", msg[1]);
    assert!(msg.iter().all(|m| m.contains("; fix: ")));
}

#[test]
fn unknown_municipality_missing_ages_and_negative_count_are_reported_together() {
    let text = String::from_utf8(clean_csv()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Line 1 is the header; line n+2 is truth cell n (1866 2023 males 0..105, females, 2024 …).
    // Index i is line i + 1; truth cell n is on line n + 2.
    let (head, v) = lines[6].rsplit_once(',').unwrap();
    assert_eq!(v, gen::truth(false)[5].value.unwrap().to_string());
    lines[6] = format!("{head},-{v}");
    lines.drain(1 + 106 + 50..1 + 106 + 53); // 1866 2023 females ages 50–52
    let csv = lines.join("\n");
    let t = ssb::read(csv.as_bytes(), "edited.csv").unwrap();
    let err = ssb::to_population(&t, &|c| c == "1866", None).unwrap_err();
    let msg: Vec<String> = err.iter().map(|p| p.to_string()).collect();
    assert_eq!(msg.len(), 3, "{msg:?}");
    assert!(
        msg.iter().any(
            |m| m.starts_with("edited.csv:7: 1866 2023 males age 5: negative count -")
                && m.contains("fix:")
        ),
        "{msg:?}"
    );
    assert!(
        msg.iter().any(|m| m.starts_with("edited.csv:")
            && m.contains("unknown municipality code \"1867\"")
            && m.contains("fix:")),
        "{msg:?}"
    );
    assert!(
        msg.iter()
            .any(|m| m.contains("1866 2023 females: ages 50–52 are missing") && m.contains("fix:")),
        "{msg:?}"
    );
    let unknown = msg.iter().find(|m| m.contains("1867")).unwrap();
    assert!(
        unknown.starts_with(&format!("edited.csv:{}:", 2 + 424 - 3)),
        "{unknown}"
    );
}

#[test]
fn another_table_is_named_as_such() {
    // A title with another table number.
    let csv = "\"12005: Fastleger, etter region\"\r\n\r\n\"region\";\"alder\";\"Personer 2023 Menn\"\r\n\"K-1866 Hadsel\";\"0 år\";1\r\n";
    let e = ssb::read(csv.as_bytes(), "other.csv")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("other.csv:1: expected table 07459 (population) or 14288"),
        "{e}"
    );
    assert!(
        e.contains("found table 12005") && e.contains("fix: download table 07459"),
        "{e}"
    );
    // Other contents.
    let csv = "region,alder,kjønn,Levendefødte 2023\n1866,000,1,10\n";
    let e = ssb::read(csv.as_bytes(), "born.csv")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("born.csv:2: expected the contents persons")
            && e.contains("clearly another table")
            && e.contains("fix:"),
        "{e}"
    );
    // No age dimension.
    let csv = "region,kjønn,Personer 2023\n1866,1,4000\n";
    let e = ssb::read(csv.as_bytes(), "noage.csv")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("noage.csv:1: expected PxWebApi CSV")
            && e.contains("no age (alder) dimension, so this is another table"),
        "{e}"
    );
    assert!(e.contains("fix: download table 07459"), "{e}");
}

#[test]
fn broken_files_name_file_line_layout_and_fix() {
    let json = gen_json::json_stat(&gen::truth(true), &ORDER, "07459", &[]);
    let cut = &json[..json.len() / 2];
    let e = ssb::read(cut, "cut.json").unwrap_err();
    assert!(e.line.is_some());
    let m = e.to_string();
    assert!(
        m.starts_with(&format!(
            "cut.json:{}: expected json-stat2",
            e.line.unwrap()
        )),
        "{m}"
    );
    assert!(
        m.contains("found invalid JSON") && m.contains("fix: the file looks cut short"),
        "{m}"
    );
    let bad = "\"07459: Population\"\r\n\r\nregion age Persons\r\n";
    let m = ssb::read(bad.as_bytes(), "file.csv")
        .unwrap_err()
        .to_string();
    assert!(m.starts_with("file.csv:3: expected the old Statbank \"semicolon separated with heading\" layout (title, blank line, quoted header"), "{m}");
    assert!(m.contains("found line 3 \"region age Persons\"") && m.contains("fix: download table 07459 again as 'semicolon separated with heading' or as json-stat2"), "{m}");
    let short = "\"region\";\"age\";\"Persons 2023 Males\"\n\"K-1866 Hadsel\";\"0 years\"\n";
    let m = ssb::read(short.as_bytes(), "short.csv")
        .unwrap_err()
        .to_string();
    assert!(
        m.starts_with("short.csv:2: expected 3 fields") && m.contains("fix:"),
        "{m}"
    );
    let nan = "region,kjønn,alder,Personer 2023\n1866,1,000,12,5\n";
    assert!(ssb::read(nan.as_bytes(), "n.csv")
        .unwrap_err()
        .to_string()
        .starts_with("n.csv:2:"));
    let word = "region,kjønn,alder,Personer 2023\n1866,1,000,NaN\n";
    let m = ssb::read(word.as_bytes(), "w.csv").unwrap_err().to_string();
    assert!(
        m.starts_with("w.csv:2: expected a number") && m.contains("found value \"NaN\""),
        "{m}"
    );
    let groups = "region,kjønn,alder,Personer 2023\n1866,1,0-4 år,12\n";
    let m = ssb::read(groups.as_bytes(), "g.csv")
        .unwrap_err()
        .to_string();
    assert!(
        m.starts_with("g.csv:2: expected a single-year age")
            && m.contains("fix: select single-year ages"),
        "{m}"
    );
    let e = ssb::read(b"", "empty.csv").unwrap_err().to_string();
    assert!(
        e.starts_with("empty.csv: expected") && e.contains("fix:"),
        "{e}"
    );
}

fn fixture_strategy() -> impl Strategy<Value = Vec<u8>> {
    let bases: Vec<Vec<u8>> = fixtures().into_iter().map(|f| f.1).collect();
    (
        0..bases.len(),
        proptest::collection::vec((any::<u32>(), any::<u8>(), 0u8..4), 0..8),
    )
        .prop_map(move |(i, edits)| {
            let mut b = bases[i].clone();
            for (pos, byte, kind) in edits {
                if b.is_empty() {
                    break;
                }
                let p = pos as usize % b.len();
                match kind {
                    0 => b[p] = byte,
                    1 => b.insert(p, byte),
                    2 => {
                        b.remove(p);
                    }
                    _ => b.truncate(p),
                }
            }
            b
        })
}

fn exercise(bytes: &[u8]) {
    if let Ok(t) = ssb::read(bytes, "fuzz") {
        let _ = ssb::describe(&t);
        let _ = ssb::to_population(&t, &|c| c.starts_with('1'), None);
        let _ = ssb::to_population(&t, &|_| true, Some("MMMM"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        exercise(&bytes);
    }

    #[test]
    fn mutated_fixtures_never_panic(bytes in fixture_strategy()) {
        exercise(&bytes);
    }

    #[test]
    fn json_like_text_never_panics(s in "\\{\"class\":\"dataset\",\"id\":\\[\"(Region|Tid|Alder|Kjonn)\"\\],\"size\":\\[[0-9]{1,3}\\],\"value\":\\[(null|1|\"\\.\\.\")?\\]\\}") {
        exercise(s.as_bytes());
    }
}

#[test]
fn duplicates_names_without_codes_and_sex_in_the_heading() {
    // The same cell twice (two files joined): both lines are named.
    let mut csv = String::from_utf8(clean_csv()).unwrap();
    let second = csv.lines().nth(1).unwrap().to_string();
    csv.push_str(&second);
    csv.push('\n');
    let t = ssb::read(csv.as_bytes(), "twice.csv").unwrap();
    let err = ssb::to_population(&t, &|c| c == "1866" || c == "1867", None).unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    let m = err[0].to_string();
    assert!(
        m.starts_with(
            "twice.csv:850: 1866 2023 males age 0 is given twice (line 2) and (line 850)"
        ),
        "{m}"
    );
    // A region given by name only cannot be placed.
    let e = ssb::read(
        "region,kjønn,alder,Personer 2023\nHadsel,1,000,12\n".as_bytes(),
        "names.csv",
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("names.csv:2: expected a region code")
            && e.contains("fix: download with region codes"),
        "{e}"
    );
    // Sex in the heading ("Menn 2024"), ages as Norwegian texts, semicolons.
    let mut csv = String::from("region;alder;Menn 2024;Kvinner 2024\n");
    for age in 0..=105u8 {
        let a = if age == 105 {
            "105 år eller eldre".to_string()
        } else {
            format!("{age} år")
        };
        csv.push_str(&format!("1866;{a};{};{}\n", age, 200 - age as u32));
    }
    let t = ssb::read(csv.as_bytes(), "heading.csv").unwrap();
    assert_eq!(t.layout, ssb::Layout::PxCsvWide);
    let pop = ssb::to_population(&t, &|c| c == "1866", None).unwrap();
    assert_eq!(
        (pop[0].year, pop[0].male[7], pop[0].female[105]),
        (2024, 7.0, 95.0)
    );
}

#[test]
fn json_stat_with_sparse_values_keeps_absent_cells_as_missing() {
    let doc = r#"{"class":"dataset","id":["Kjonn","Region","Alder","Tid"],"size":[2,1,1,1],
      "dimension":{"Region":{"category":{"index":{"1866":0}}},"Kjonn":{"category":{"index":["1","2"]}},
      "Alder":{"category":{"index":{"105+":0}}},"Tid":{"category":{"index":{"2099":0}}}},
      "value":{"0":3},"status":{"1":":"}}"#;
    let t = ssb::read(doc.as_bytes(), "sparse.json").unwrap();
    assert_eq!(
        t.table,
        ssb::TableId::Projection14288,
        "2099 is after the last registered year"
    );
    assert_eq!(t.records.len(), 2);
    assert_eq!(
        (t.records[0].sex, t.records[0].age, t.records[0].value),
        (Sex::Male, 105, Some(3.0))
    );
    assert_eq!(
        (t.records[1].value, t.records[1].symbol.as_deref()),
        (None, Some(":"))
    );
    assert!(ssb::describe(&t).contains("\":\" ×1"));
}
