//! A real SSB Statbank export (table 07459, English, ISO-8859-1, CRLF), in two
//! byte-exact pieces copied from /work/shared/data/ssb/format-samples/: its
//! first 20 data lines, and 20 lines with a Latin-1 name plus the "K-Rest" rows.

use stabil::ssb::{self, Layout, Sex, TableId};

use super::{dir, read_fixture};

/// Every record is checked against its own line, split by hand here.
fn check_against_lines(name: &str) -> usize {
    let bytes = std::fs::read(dir().join(name)).unwrap();
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "{name} keeps CRLF");
    let t = ssb::read(&bytes, name).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.layout, Layout::StatbankSemicolon);
    assert_eq!(t.table, TableId::Population07459);
    let text: String = bytes.iter().map(|&b| b as char).collect();
    let mut data = 0;
    for (i, l) in text.split("\r\n").enumerate().skip(3) {
        let f: Vec<&str> = l.split(';').collect();
        // Municipalities only: "K-dddd Name"; K-Rest, K-21-22 and K-23 are not.
        let is_kommune = f.len() == 4
            && f[0].len() > 8
            && f[0].as_bytes()[3..7].iter().all(u8::is_ascii_digit)
            && f[0].as_bytes()[7] == b' ';
        if !is_kommune {
            continue;
        }
        data += 1;
        let code = &f[0][3..7];
        let age: u8 = f[1]
            .trim_matches('"')
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        for (sex, v) in [(Sex::Male, f[2]), (Sex::Female, f[3])] {
            let r = t
                .records
                .iter()
                .find(|r| r.line == Some(i + 1) && r.sex == sex)
                .unwrap_or_else(|| panic!("{name}: no record for line {}", i + 1));
            assert_eq!((r.region.as_str(), r.age, r.year), (code, age, 2023));
            assert_eq!(r.value, Some(v.parse::<f64>().unwrap()));
        }
    }
    assert_eq!(t.records.len(), 2 * data, "{name}");
    data
}

#[test]
fn real_statbank_first_lines() {
    assert_eq!(check_against_lines("real_statbank_07459_en_head.csv"), 20);
    // Ages 0–19 only: to_population says which are missing, for each sex.
    let t = read_fixture("real_statbank_07459_en_head.csv");
    let err = ssb::to_population(&t, &|c| c == "3001", None).unwrap_err();
    let msg: Vec<String> = err.iter().map(|p| p.to_string()).collect();
    assert_eq!(msg.len(), 2, "{msg:?}");
    assert!(
        msg[0].contains("3001 2023 males: ages 20–105 are missing (its rows are on lines 4–23)"),
        "{}",
        msg[0]
    );
    assert!(msg[0].contains("fix: download again with all single-year ages"));
}

/// Indre Østfold (Latin-1 Ø) ages 0–19, all of Hadsel, the first lines of
/// "K-21-22" and "K-23", and all "K-Rest" lines.
#[test]
fn real_statbank_pieces_with_latin1_and_regions_that_are_not_municipalities() {
    let name = "real_statbank_07459_en_pieces.csv";
    assert_eq!(check_against_lines(name), 20 + 106);
    let t = read_fixture(name);
    let regions: std::collections::BTreeSet<&str> =
        t.records.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(regions.into_iter().collect::<Vec<_>>(), ["1866", "3014"]);
    for code in ["K-Rest", "K-21-22", "K-23"] {
        assert!(
            t.notes.iter().any(|n| n.contains(&format!("\"{code}\""))),
            "{code}: {:?}",
            t.notes
        );
    }
    assert!(t.notes.iter().any(|n| n.contains("ISO-8859-1")));
    let pop = ssb::to_population(&t, &|c| c == "1866", None);
    let err = pop.unwrap_err();
    assert_eq!(err.len(), 1, "{err:?}");
    assert!(
        err[0]
            .to_string()
            .starts_with(&format!("{name}:4: unknown municipality code \"3014\"")),
        "{}",
        err[0]
    );
    // Hadsel alone is complete.
    let mut hadsel = t.clone();
    hadsel.records.retain(|r| r.region == "1866");
    let pop = ssb::to_population(&hadsel, &|c| c == "1866", None).unwrap();
    assert_eq!(pop.len(), 1);
    let total: f64 = pop[0].male.iter().chain(pop[0].female.iter()).sum();
    let from_records: f64 = hadsel.records.iter().filter_map(|r| r.value).sum();
    assert_eq!(total, from_records);
}
