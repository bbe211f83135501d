//! What SSB's labels mean: dimension names (Norwegian texts, English texts and
//! PxWeb codes), and values given as codes ("1866", "K-1866", "2", "000",
//! "105+"), texts ("K-1866 Hadsel", "Females", "0 år", "105 years or older")
//! or "code - text" in one cell.
//!
//! Must never: decide layouts or tables, or look anything up outside the label.

use super::Sex;

/// The role of a dimension (a CSV stub column or a json-stat dimension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Region,
    Sex,
    Age,
    Year,
    Contents,
    Alternative,
}

/// The role of a dimension from its name or code, in either language.
pub(crate) fn role(name: &str) -> Option<Role> {
    let n = name.trim().trim_matches('"').to_lowercase();
    let n = n.as_str();
    Some(match n {
        "region" | "kommune" | "municipality" => Role::Region,
        // "kjã¸nn" and "ã¥r": UTF-8 names in a file read as Latin-1 (lower-cased).
        "kjønn" | "kjonn" | "kjã¸nn" | "sex" | "gender" => Role::Sex,
        "alder" | "age" => Role::Age,
        "år" | "tid" | "year" | "time" | "ã¥r" | "periode" | "period" => Role::Year,
        "statistikkvariabel" | "contentscode" | "contents" | "statistical variable" => {
            Role::Contents
        }
        "alternativ"
        | "alternative"
        | "alternativer"
        | "framskrivingsalternativ"
        | "projection alternative" => Role::Alternative,
        _ => return None,
    })
}

/// The code part of a label: the first word, or the part before " - ".
fn code_part(s: &str) -> &str {
    let s = s.trim();
    s.split_whitespace().next().unwrap_or("")
}

/// A parsed region label.
#[derive(Debug, PartialEq)]
pub(crate) enum Region {
    /// "0", a 2-digit county or a 4-digit municipality code.
    Code(String),
    /// Not a municipality although listed among them: "K-Rest" (divided
    /// municipalities and unknown), "K-21-22" (Svalbard and Jan Mayen),
    /// "K-23" (continental shelf). Holds the code.
    Skip(String),
}

/// "1866", "K-1866", "K-1866 Hadsel", "1866 - Hadsel", "0 Hele landet",
/// "F-18 Nordland", "Hele landet", "The whole country".
pub(crate) fn region(s: &str) -> Option<Region> {
    let t = s.trim();
    let lower = t.to_lowercase();
    if matches!(
        lower.as_str(),
        "hele landet" | "the whole country" | "whole country" | "norway" | "norge" | "landet"
    ) {
        return Some(Region::Code("0".into()));
    }
    let code = code_part(t);
    let kommune = code.strip_prefix("K-");
    let bare = kommune.or_else(|| code.strip_prefix("F-")).unwrap_or(code);
    if bare.eq_ignore_ascii_case("rest") {
        return Some(Region::Skip(code.to_string()));
    }
    if let Some(k) = kommune {
        if k.len() != 4 && !k.is_empty() && k.chars().all(|c| c.is_ascii_digit() || c == '-') {
            return Some(Region::Skip(code.to_string()));
        }
    }
    if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit()) {
        return match bare.len() {
            1 if bare == "0" => Some(Region::Code("0".into())),
            2 | 4 => Some(Region::Code(bare.to_string())),
            _ => None,
        };
    }
    None
}

/// Sex, or `Ok(None)` for both sexes together; `Err(())` if not a sex label.
pub(crate) fn sex(s: &str) -> Result<Option<Sex>, ()> {
    let t = s.trim();
    match code_part(t) {
        "1" => return Ok(Some(Sex::Male)),
        "2" => return Ok(Some(Sex::Female)),
        "0" => return Ok(None),
        _ => {}
    }
    let lower = t.to_lowercase();
    match lower.as_str() {
        "males" | "male" | "menn" | "mann" | "men" | "man" => Ok(Some(Sex::Male)),
        "females" | "female" | "kvinner" | "kvinne" | "women" | "woman" => Ok(Some(Sex::Female)),
        "both sexes" | "begge kjønn" | "i alt" | "total" | "alle" => Ok(None),
        _ => Err(()),
    }
}

/// A sex word inside a column heading ("Persons 2023 Males").
pub(crate) fn sex_word(w: &str) -> Option<Sex> {
    match w.to_lowercase().as_str() {
        "males" | "male" | "menn" | "mann" => Some(Sex::Male),
        "females" | "female" | "kvinner" | "kvinne" => Some(Sex::Female),
        _ => None,
    }
}

/// Single-year age: "0 years", "1 year", "0 år", "000", "105+",
/// "105 years or older", "105 år eller eldre", "105+ - 105 år eller eldre".
pub(crate) fn age(s: &str) -> Option<u8> {
    let code = code_part(s);
    let digits = code.strip_suffix('+').unwrap_or(code);
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // Age groups such as "0-4 år" or "000-004" fail the digits test above.
    let n: u16 = digits.parse().ok()?;
    (n <= 105).then_some(n as u8)
}

/// A year: the first word if it has four digits ("2024", "2024 - 2024").
pub(crate) fn year(s: &str) -> Option<i32> {
    let code = code_part(s);
    if code.len() == 4 && code.chars().all(|c| c.is_ascii_digit()) {
        code.parse().ok()
    } else {
        None
    }
}

/// A projection alternative code such as "MMMM", "LLML", "MMM0": four
/// upper-case letters or digits with at least two letters, maybe in parentheses.
pub(crate) fn alternative_code(w: &str) -> Option<String> {
    let w = w
        .trim()
        .trim_start_matches('(')
        .trim_end_matches([')', ',', ':']);
    let ok = w.len() == 4
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && w.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2;
    ok.then(|| w.to_string())
}

/// The alternative in a label: a code anywhere in it, or the words for the
/// main alternative ("Hovedalternativet", "Main alternative") meaning MMMM.
pub(crate) fn alternative(s: &str) -> Option<String> {
    if let Some(code) = s.split_whitespace().find_map(alternative_code) {
        return Some(code);
    }
    let lower = s.to_lowercase();
    (lower.contains("hovedalternativ") || lower.contains("main alternative"))
        .then(|| "MMMM".to_string())
}

/// Whether a contents label means persons (07459's only contents, or 14288's).
pub(crate) fn is_population_contents(s: &str) -> bool {
    let lower = s.to_lowercase();
    lower.trim().is_empty()
        || [
            "person",
            "folkemengd",
            "befolkning",
            "population",
            "alternativ",
        ]
        .iter()
        .any(|w| lower.contains(w))
        || alternative(s).is_some()
}

/// A table number ("07459", "14288", any 5 digits) at the start of a title
/// or anywhere in it as a word ("07459: Population, by …").
pub(crate) fn table_number(title: &str) -> Option<String> {
    title
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 5)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_in_every_spelling() {
        let code = |s: &str| Region::Code(s.to_string());
        assert_eq!(region("1866"), Some(code("1866")));
        assert_eq!(region("K-1866"), Some(code("1866")));
        assert_eq!(region("K-1866 Hadsel"), Some(code("1866")));
        assert_eq!(region("1866 - Hadsel"), Some(code("1866")));
        assert_eq!(region("0 Hele landet"), Some(code("0")));
        assert_eq!(region("The whole country"), Some(code("0")));
        assert_eq!(region("18 Nordland"), Some(code("18")));
        assert_eq!(
            region("K-Rest Divided municalities and unknown"),
            Some(Region::Skip("K-Rest".into()))
        );
        assert_eq!(
            region("K-21-22 Svalbard and Jan Mayen"),
            Some(Region::Skip("K-21-22".into()))
        );
        assert_eq!(
            region("K-23 Continental shelf"),
            Some(Region::Skip("K-23".into()))
        );
        assert_eq!(region("Hadsel"), None);
        assert_eq!(region("186"), None);
    }

    #[test]
    fn ages_sexes_years_and_alternatives() {
        assert_eq!(age("0 years"), Some(0));
        assert_eq!(age("1 year"), Some(1));
        assert_eq!(age("104 år"), Some(104));
        assert_eq!(age("105 years or older"), Some(105));
        assert_eq!(age("105+ - 105 år eller eldre"), Some(105));
        assert_eq!(age("007"), Some(7));
        assert_eq!(age("0-4 år"), None);
        assert_eq!(age("000-004"), None);
        assert_eq!(age("106"), None);
        assert_eq!(sex("2 - Kvinner"), Ok(Some(Sex::Female)));
        assert_eq!(sex("Males"), Ok(Some(Sex::Male)));
        assert_eq!(sex("Begge kjønn"), Ok(None));
        assert_eq!(sex("x"), Err(()));
        assert_eq!(year("2024 - 2024"), Some(2024));
        assert_eq!(year("2024M01"), None);
        assert_eq!(
            alternative("Hovedalternativet (MMMM)").as_deref(),
            Some("MMMM")
        );
        assert_eq!(alternative("LLML").as_deref(), Some("LLML"));
        assert_eq!(alternative("Main alternative").as_deref(), Some("MMMM"));
        assert_eq!(alternative("Personer1"), None);
        assert!(is_population_contents("Persons"));
        assert!(!is_population_contents("Levendefødte"));
        assert_eq!(
            table_number("07459: Befolkning, etter region").as_deref(),
            Some("07459")
        );
        assert_eq!(role("kjønn"), Some(Role::Sex));
        assert_eq!(role("ContentsCode"), Some(Role::Contents));
        assert_eq!(role("Tid"), Some(Role::Year));
    }
}
