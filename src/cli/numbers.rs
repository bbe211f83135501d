//! Whole numbers on the command line (`--replicates`, `--seed`, `--threads`):
//! parsers whose messages say what to write instead. Without them a negative
//! number was taken for an option, and clap's hint (`-- -1`) would have passed
//! it on as the scenario file. Owns nothing else.

/// A whole number of 0 or more, for `clap`'s `value_parser`.
pub fn whole(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if let Ok(n) = t.parse::<u64>() {
        return Ok(n);
    }
    let without_spaces: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect();
    if let Ok(n) = without_spaces.parse::<u64>() {
        return Err(format!("write it without spaces or separators: {n}"));
    }
    if t.starts_with('-') && t[1..].trim().parse::<f64>().is_ok() {
        return Err("it cannot be negative: write a whole number of 0 or more".into());
    }
    if let Ok(x) = t.replace(',', ".").parse::<f64>() {
        if x.is_finite() && x >= 0.0 {
            return Err(format!(
                "it must be a whole number: write for example {}",
                x.round() as u64
            ));
        }
    }
    Err("it is not a number: write a whole number of 0 or more, in digits".into())
}

/// `whole` for a count held in `usize` (threads).
pub fn whole_usize(s: &str) -> Result<usize, String> {
    let n = whole(s)?;
    usize::try_from(n).map_err(|_| "it is too large for this machine".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_pass_and_the_rest_say_what_to_write() {
        assert_eq!(whole("10000"), Ok(10_000));
        assert_eq!(whole(" 0 "), Ok(0));
        assert!(whole("-1").unwrap_err().contains("negative"));
        assert!(whole("1.5").unwrap_err().contains("for example 2"));
        assert!(whole("2,0").unwrap_err().contains("for example 2"));
        assert!(whole("10 000").unwrap_err().contains("10000"));
        assert!(whole("10_000").unwrap_err().contains("10000"));
        assert!(whole("abc").unwrap_err().contains("not a number"));
        assert_eq!(whole_usize("4"), Ok(4));
    }
}
