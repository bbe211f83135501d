//! A problem found in a scenario file: where (TOML path and line), what is wrong,
//! and how to fix it. All problems of a file are collected and shown together.

use std::fmt;

/// One segment of a TOML path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A TOML path such as `units[2].positions`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TomlPath(pub Vec<Seg>);

impl TomlPath {
    pub fn root() -> Self {
        Self(Vec::new())
    }

    pub fn key(&self, k: &str) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Key(k.to_string()));
        Self(v)
    }

    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        Self(v)
    }

    /// Whether `prefix` is this path or a parent of it (the root is nobody's parent).
    pub fn starts_with(&self, prefix: &TomlPath) -> bool {
        !prefix.0.is_empty()
            && self.0.len() >= prefix.0.len()
            && self.0[..prefix.0.len()] == prefix.0[..]
    }

    pub fn join(&self, other: &TomlPath) -> Self {
        Self(self.0.iter().chain(&other.0).cloned().collect())
    }
}

impl fmt::Display for TomlPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A problem with its location and a suggested fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: TomlPath,
    /// 1-based line, filled in by the locator once the whole file is checked.
    pub line: Option<usize>,
    pub message: String,
    pub fix: Option<String>,
    /// Found while reading the file's structure (wrong type, unknown field).
    pub parse: bool,
    /// A value that is valid but looks like a mistake, listed beside errors.
    pub warning: bool,
}

impl Problem {
    pub fn new(path: TomlPath, message: impl Into<String>) -> Self {
        Self {
            path,
            line: None,
            message: message.into(),
            fix: None,
            parse: false,
            warning: false,
        }
    }

    pub fn parse_error(mut self) -> Self {
        self.parse = true;
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

/// Every problem of one file, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl Problems {
    /// The problems as warnings: values that are valid but look like mistakes.
    pub fn as_warnings(&self) -> String {
        let n = self.problems.len();
        let mut out = format!(
            "warning: {} has {} value{} that may be a mistake (the run goes on):\n",
            self.file,
            n,
            if n == 1 { "" } else { "s" }
        );
        out.push_str(&self.items(|_| true));
        out
    }

    /// One line per problem that `keep` keeps (with its fix below), as in the
    /// error. A problem repeated word for word (one misspelt unit id that
    /// twenty measures refer to) is shown once, with the lines of the others:
    /// the cause, often a single typo, stays in view.
    fn items(&self, keep: impl Fn(&Problem) -> bool) -> String {
        let kept: Vec<&Problem> = self.problems.iter().filter(|p| keep(p)).collect();
        let same = |a: &Problem, b: &Problem| a.message == b.message && a.fix == b.fix;
        let mut out = String::new();
        for (i, p) in kept.iter().enumerate() {
            if kept[..i].iter().any(|q| same(q, p)) {
                continue;
            }
            let path = if p.path.0.is_empty() {
                String::new()
            } else {
                format!("{}: ", p.path)
            };
            match p.line {
                Some(l) => out.push_str(&format!("  {}:{}: {path}{}", self.file, l, p.message)),
                None => out.push_str(&format!("  {}: {path}{}", self.file, p.message)),
            }
            let others: Vec<&Problem> = kept[i + 1..]
                .iter()
                .copied()
                .filter(|q| same(q, p))
                .collect();
            if !others.is_empty() {
                out.push_str(&format!("\n      {}", elsewhere(&others)));
            }
            if let Some(fix) = &p.fix {
                out.push_str(&format!("\n      fix: {fix}"));
            }
            out.push('\n');
        }
        out
    }
}

/// "the same in 3 more places: lines 12, 40 and 41", naming at most
/// `SHOWN` lines (paths where a problem has no line).
fn elsewhere(others: &[&Problem]) -> String {
    const SHOWN: usize = 8;
    let mut lines: Vec<String> = others
        .iter()
        .take(SHOWN)
        .map(|q| match q.line {
            Some(l) => l.to_string(),
            None => q.path.to_string(),
        })
        .collect();
    if others.len() > SHOWN {
        lines.push(format!("{} more", others.len() - SHOWN));
    }
    let list = match lines.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => lines.concat(),
    };
    let n = others.len();
    let what = if others.iter().all(|q| q.line.is_some()) {
        if n == 1 && lines.len() == 1 {
            "line"
        } else {
            "lines"
        }
    } else {
        "at"
    };
    format!(
        "the same in {n} more place{}: {what} {list}",
        if n == 1 { "" } else { "s" }
    )
}

impl fmt::Display for Problems {
    /// The errors, then the warnings found beside them (so that one pass
    /// shows everything to mend).
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let warnings = self.problems.iter().filter(|p| p.warning).count();
        let n = self.problems.len() - warnings;
        writeln!(
            f,
            "{} has {} problem{}:",
            self.file,
            n,
            if n == 1 { "" } else { "s" }
        )?;
        write!(f, "{}", self.items(|p| !p.warning))?;
        if warnings > 0 {
            writeln!(
                f,
                "warning: and {} value{} that may be a mistake (mend {} too, or keep {} if meant):",
                warnings,
                if warnings == 1 { "" } else { "s" },
                if warnings == 1 { "it" } else { "them" },
                if warnings == 1 { "it" } else { "them" },
            )?;
            write!(f, "{}", self.items(|p| p.warning))?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, message: &str) -> Problem {
        let mut p = Problem::new(TomlPath::root().key("units").index(line), message)
            .fix("use one of: bo, hadsel");
        p.line = Some(line);
        p
    }

    #[test]
    fn a_problem_repeated_word_for_word_is_shown_once_with_the_other_lines() {
        let mut problems: Vec<Problem> = (0..11)
            .map(|k| at(10 + k, "there is no unit with id `andoy`"))
            .collect();
        problems.insert(1, at(11, "unknown field `unit`; did you mean `units`?"));
        let text = Problems {
            file: "s.toml".into(),
            problems,
        }
        .to_string();
        assert!(text.starts_with("s.toml has 12 problems:\n"), "{text}");
        assert_eq!(text.matches("no unit with id").count(), 1, "{text}");
        assert!(text.contains("did you mean `units`?"), "{text}");
        assert!(
            text.contains(
                "the same in 10 more places: lines 11, 12, 13, 14, 15, 16, 17, 18 and 2 more"
            ),
            "{text}"
        );
        let one = Problems {
            file: "s.toml".into(),
            problems: vec![at(3, "x"), at(9, "x")],
        }
        .to_string();
        assert!(one.contains("the same in 1 more place: line 9\n"), "{one}");
    }
}
