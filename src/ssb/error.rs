//! How problems with SSB files read: `file:line: expected …, found …; fix: …`
//! for a file that cannot be read (`SsbError`), and `file:line: what; fix: …`
//! for records that cannot be used as population (`SsbProblem`).
//!
//! Must never: print, or lose the file label or the line.

use std::fmt;

fn location(file: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_string(),
    }
}

/// A file that cannot be read: where, what layout or value was expected,
/// what was found, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SsbError {
    pub file: String,
    /// 1-based line, where the layout has lines.
    pub line: Option<usize>,
    pub expected: String,
    pub found: String,
    pub fix: String,
}

impl fmt::Display for SsbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}; fix: {}",
            location(&self.file, self.line),
            self.expected,
            self.found,
            self.fix
        )
    }
}

impl SsbError {
    pub(crate) fn new(
        file: &str,
        line: Option<usize>,
        expected: impl Into<String>,
        found: impl Into<String>,
        fix: impl Into<String>,
    ) -> SsbError {
        SsbError {
            file: file.to_string(),
            line,
            expected: expected.into(),
            found: found.into(),
            fix: fix.into(),
        }
    }
}

/// Records that cannot be used as population by single-year age.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SsbProblem {
    pub file: String,
    pub line: Option<usize>,
    pub what: String,
    pub fix: String,
}

impl fmt::Display for SsbProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}; fix: {}",
            location(&self.file, self.line),
            self.what,
            self.fix
        )
    }
}

/// The usual fix for a file that is not a download of the expected table.
pub(crate) const FIX_DOWNLOAD: &str =
    "download table 07459 (or 14288) again from SSB's Statbank as \
'semicolon separated with heading' or from the API as json-stat2 or CSV, with region, sex (kjønn), \
single-year age (alder) and year (år) selected";

fn at_line(line: Option<usize>) -> String {
    line.map_or(String::new(), |l| format!("line {l}: "))
}

impl SsbError {
    /// "line N: expected …, found …", without the file name and the fix (for
    /// messages that name the file elsewhere).
    pub fn message(&self) -> String {
        format!(
            "{}expected {}, found {}",
            at_line(self.line),
            self.expected,
            self.found
        )
    }

    /// "file:N: expected …, found …", without the fix.
    pub fn located(&self) -> String {
        format!(
            "{}: expected {}, found {}",
            location(&self.file, self.line),
            self.expected,
            self.found
        )
    }
}

impl SsbProblem {
    /// "line N: what", without the file name and the fix.
    pub fn message(&self) -> String {
        format!("{}{}", at_line(self.line), self.what)
    }

    /// "file:N: what", without the fix.
    pub fn located(&self) -> String {
        format!("{}: {}", location(&self.file, self.line), self.what)
    }
}
