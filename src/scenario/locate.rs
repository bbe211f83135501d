//! Finds the line of a TOML path in the source text, so that problems found after
//! parsing can still point at a line. Uses the span-keeping parse of the `toml`
//! crate; when a path does not exist (a missing field), the line of the deepest
//! existing parent is given.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::scenario::problem::{Seg, TomlPath};

/// Line lookup for one source text.
pub struct Locator<'s> {
    src: &'s str,
    root: Option<Spanned<DeTable<'s>>>,
}

impl<'s> Locator<'s> {
    pub fn new(src: &'s str) -> Self {
        Self {
            src,
            root: DeTable::parse(src).ok(),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.src.as_bytes()[..offset.min(self.src.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// Line of the deepest part of `path` present in the file.
    pub fn line(&self, path: &TomlPath) -> Option<usize> {
        let root = self.root.as_ref()?;
        let mut table: Option<&DeTable> = Some(root.get_ref());
        let mut array: Option<&[Spanned<DeValue>]> = None;
        let mut best: Option<usize> = None;
        for seg in &path.0 {
            let found: Option<&Spanned<DeValue>> = match seg {
                Seg::Key(k) => table.and_then(|t| {
                    t.iter()
                        .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                        .map(|(key, v)| {
                            best = Some(key.span().start);
                            v
                        })
                }),
                Seg::Index(i) => array.and_then(|a| a.get(*i)),
            };
            let Some(v) = found else { break };
            if matches!(seg, Seg::Index(_)) {
                best = Some(v.span().start);
            }
            table = v.get_ref().as_table();
            array = v.get_ref().as_array().map(|a| &a[..]);
        }
        best.map(|o| self.line_of(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_lines_of_keys_and_array_elements() {
        let src = "[scenario]\nname = \"x\"\n\n[[units]]\nid = \"a\"\n\n[[units]]\nid = \"b\"\npositions = -1\n";
        let loc = Locator::new(src);
        let p = TomlPath::root().key("units").index(1).key("positions");
        assert_eq!(loc.line(&p), Some(9));
        assert_eq!(
            loc.line(&TomlPath::root().key("scenario").key("name")),
            Some(2)
        );
        // A missing key points at its parent.
        let missing = TomlPath::root().key("units").index(1).key("population");
        let l = loc.line(&missing).unwrap();
        assert!((7..=8).contains(&l), "{l}");
    }
}
