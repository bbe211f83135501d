//! Number formatting for people: Norwegian style by default ("1 234 567",
//! "12,3 mill. kr"), English style with `Lang::En`. Pure string functions.

/// Language of reports, charts and printed tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Nb,
    En,
}

fn group(int: u64, sep: &str) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// `x` with `decimals` decimals and grouped thousands.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    // Ties away from zero, as Norwegian readers round (82.5 → 83), where
    // formatting alone rounds them to even (82). Multiplying by 10^d may
    // move a value a hair off its decimal, never across a tie it was not on.
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x.abs() * scale).round() / scale;
    let s = format!("{:.*}", decimals, rounded);
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let int: u64 = int.parse().unwrap_or(0);
    let (sep, dec) = match lang {
        Lang::Nb => (" ", ","),
        Lang::En => (",", "."),
    };
    let neg = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    let mut out = format!("{neg}{}", group(int, sep));
    if !frac.is_empty() {
        out.push_str(dec);
        out.push_str(frac);
    }
    out
}

/// A range of two formatted numbers: "5,3–12,8", but "−12,8 til 5,4" (or
/// "−12.8 to 5.4") when a bound is negative, where a dash between minus signs
/// is hard to read ("−43–−3").
pub fn span(lo: &str, hi: &str, lang: Lang) -> String {
    if lo.starts_with('−') || hi.starts_with('−') {
        match lang {
            Lang::Nb => format!("{lo} til {hi}"),
            Lang::En => format!("{lo} to {hi}"),
        }
    } else {
        format!("{lo}–{hi}")
    }
}

/// The number `number` wrote in `text` ("2 617", "−0,25", "1,234.5"), or `None`
/// for anything else: other text, a number with a unit, or digits with a
/// leading zero (a municipality number such as 0301 is a code, not a number).
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let (sep, dec) = match lang {
        Lang::Nb => (' ', ','),
        Lang::En => (',', '.'),
    };
    let (neg, rest) = match text.strip_prefix('−') {
        Some(r) => (true, r),
        None => (false, text),
    };
    let (int, frac) = match rest.split_once(dec) {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let groups: Vec<&str> = int.split(sep).collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let first_ok = digits(groups[0])
        && groups[0].len() <= if groups.len() > 1 { 3 } else { usize::MAX }
        && !(groups[0].len() > 1 && groups[0].starts_with('0'));
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3 && digits(g));
    if !(first_ok && rest_ok && frac.is_none_or(digits)) {
        return None;
    }
    let plain = format!(
        "{}{}",
        groups.concat(),
        frac.map_or(String::new(), |f| format!(".{f}"))
    );
    plain.parse::<f64>().ok().map(|x| if neg { -x } else { x })
}

/// Items in a sentence: "a, b og c" / "a, b and c".
pub fn and_list<S: AsRef<str>>(items: &[S], lang: Lang) -> String {
    let and = match lang {
        Lang::Nb => " og ",
        Lang::En => " and ",
    };
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [first @ .., last] => {
            let first: Vec<&str> = first.iter().map(AsRef::as_ref).collect();
            format!("{}{and}{}", first.join(", "), last.as_ref())
        }
    }
}

/// Kroner in millions: "12,3 mill. kr" / "NOK 12.3 million".
pub fn mill_kr(nok: f64, lang: Lang) -> String {
    let m = number(nok / 1e6, 1, lang);
    match lang {
        Lang::Nb => format!("{m} mill. kr"),
        Lang::En => format!("NOK {m} million"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_sentences() {
        assert_eq!(and_list(&["Lebesby"], Lang::Nb), "Lebesby");
        assert_eq!(and_list(&["a", "b", "c"], Lang::Nb), "a, b og c");
        assert_eq!(and_list(&["a", "b"], Lang::En), "a and b");
    }

    #[test]
    fn norwegian_and_english_styles() {
        assert_eq!(number(1_234_567.0, 0, Lang::Nb), "1 234 567");
        assert_eq!(number(1_234_567.0, 0, Lang::En), "1,234,567");
        // Regression (closing note, session 10): a tie went to even (82).
        assert_eq!(number(82.5, 0, Lang::Nb), "83");
        assert_eq!(number(-0.25, 1, Lang::Nb), "−0,3");
        assert_eq!(number(0.125, 2, Lang::En), "0.13");
        assert_eq!(number(12.345, 1, Lang::Nb), "12,3");
        assert_eq!(number(-2_500.0, 0, Lang::Nb), "−2 500");
        assert_eq!(number(-0.01, 1, Lang::Nb), "0,0");
        assert_eq!(mill_kr(12_340_000.0, Lang::Nb), "12,3 mill. kr");
        assert_eq!(mill_kr(12_340_000.0, Lang::En), "NOK 12.3 million");
    }

    #[test]
    fn ranges_with_a_negative_bound_use_words() {
        assert_eq!(span("5,3", "12,8", Lang::Nb), "5,3–12,8");
        assert_eq!(span("−43", "−3", Lang::Nb), "−43 til −3");
        assert_eq!(span("−12.8", "5.4", Lang::En), "−12.8 to 5.4");
    }

    #[test]
    fn numbers_read_back_and_other_text_does_not() {
        for lang in [Lang::Nb, Lang::En] {
            for (x, d) in [
                (2617.0, 0),
                (-1_234_567.25, 2),
                (0.85, 2),
                (42.0, 0),
                (0.0, 1),
            ] {
                assert_eq!(parse_number(&number(x, d, lang), lang), Some(x), "{x}");
            }
        }
        for text in [
            "0301",
            "12 %",
            "95 800 kr",
            "ja",
            "",
            "1 23",
            "1,5,",
            "−",
            "4 542x",
        ] {
            assert_eq!(parse_number(text, Lang::Nb), None, "{text}");
        }
        assert_eq!(parse_number("1,5", Lang::En), None);
    }
}
