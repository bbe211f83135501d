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

    /// One line per problem that `keep` keeps (with its fix below), as in the error.
    fn items(&self, keep: impl Fn(&Problem) -> bool) -> String {
        let mut out = String::new();
        for p in self.problems.iter().filter(|p| keep(p)) {
            let path = if p.path.0.is_empty() {
                String::new()
            } else {
                format!("{}: ", p.path)
            };
            match p.line {
                Some(l) => out.push_str(&format!("  {}:{}: {path}{}", self.file, l, p.message)),
                None => out.push_str(&format!("  {}: {path}{}", self.file, p.message)),
            }
            if let Some(fix) = &p.fix {
                out.push_str(&format!("\n      fix: {fix}"));
            }
            out.push('\n');
        }
        out
    }
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
