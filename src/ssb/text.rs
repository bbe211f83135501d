//! Bytes to text for SSB files: UTF-8 with or without a byte-order mark, or
//! ISO-8859-1 (Latin-1, what SSB's CSV output uses), decoded by hand (each
//! byte is the code point of the same number). Also splits delimited lines
//! outside quotes, for sniffing the separator.
//!
//! Must never: guess another encoding silently (the choice is noted), or panic.

/// Decoded text and what was assumed about the encoding.
pub(crate) struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// UTF-8 if the bytes are valid UTF-8 (a BOM is removed), otherwise Latin-1.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: s.to_string(),
            note: bom.then(|| "encoding: UTF-8 with byte-order mark".to_string()),
        },
        Err(_) if bom => Decoded {
            text: String::from_utf8_lossy(bytes).into_owned(),
            note: Some(
                "encoding: a UTF-8 byte-order mark but invalid UTF-8 bytes; these were replaced by \u{fffd}"
                    .to_string(),
            ),
        },
        Err(_) => Decoded {
            text: bytes.iter().map(|&b| b as char).collect(),
            note: Some("encoding: not UTF-8, read as ISO-8859-1 (Latin-1)".to_string()),
        },
    }
}

/// The separator of a CSV file people save from Excel, from its header line:
/// a semicolon (what Norwegian Excel writes, as the comma is the decimal mark)
/// when the header has semicolons and no commas, else a comma.
pub(crate) fn csv_delimiter(header: &str) -> u8 {
    if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Splits one line at `sep` outside double quotes, removing the quotes.
pub(crate) fn split_line(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            if quoted && chars.peek() == Some(&'"') {
                cur.push('"');
                chars.next();
            } else {
                quoted = !quoted;
            }
        } else if c == sep && !quoted {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// The separator of a header line: whichever of tab, semicolon and comma
/// occurs most often outside quotes (ties: tab, then semicolon, then comma).
pub(crate) fn sniff_separator(line: &str) -> Option<char> {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = ['\t', ';', ','];
    let mut best = None;
    let mut best_n = 0;
    for (i, &n) in counts.iter().enumerate() {
        if n > best_n {
            best_n = n;
            best = Some(seps[i]);
        }
    }
    best
}

/// Lines with their 1-based numbers; CRLF, LF and lone CR all end a line.
pub(crate) fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push((out.len() + 1, &text[start..i]));
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() {
        out.push((out.len() + 1, &text[start..]));
    }
    out
}

/// A short, printable excerpt of a line for messages.
pub(crate) fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(70).filter(|c| !c.is_control()).collect();
    if s.chars().count() > 70 {
        out.push('…');
    }
    format!("{out:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let d = decode(b"\xEF\xBB\xBFB\xC3\xB8");
        assert_eq!(d.text, "Bø");
        assert!(d.note.unwrap().contains("byte-order mark"));
        let d = decode(b"B\xF8");
        assert_eq!(d.text, "Bø");
        assert!(d.note.unwrap().contains("ISO-8859-1"));
        assert!(decode("Bø".as_bytes()).note.is_none());
    }

    #[test]
    fn lines_and_fields() {
        let ls = lines("a\r\n\r\nb\rc\nd");
        assert_eq!(ls, vec![(1, "a"), (2, ""), (3, "b"), (4, "c"), (5, "d")]);
        assert_eq!(
            split_line("\"a;b\";\"c\"\"d\";3", ';'),
            ["a;b", "c\"d", "3"]
        );
        assert_eq!(sniff_separator("\"a,b\";c;d"), Some(';'));
        assert_eq!(sniff_separator("a\tb,c\td"), Some('\t'));
        assert_eq!(sniff_separator("\"title, with comma\""), None);
    }
}
