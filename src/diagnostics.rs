//! Problems found in a handbook, with the place they were found.
//!
//! Every stage of the pipeline reports what is wrong with the handbook as a
//! [`Diagnostic`]: a severity, the file (relative to the handbook root), the
//! line and column where they are known, a message and a line of help. Stages
//! collect diagnostics instead of stopping at the first one, so that a single
//! run shows every problem it can find; the command line prints them sorted by
//! file and position, compiler style:
//!
//! ```text
//! content/competenties/luistert.md:3:1: error: onbekende sleutel `titel` in de front matter
//!   help: bedoel je `title`?
//! ```
//!
//! Messages are written for editors, in plain Dutch; the `error`/`warning`
//! keywords stay in the compiler form that tools and pipelines recognise.

use std::fmt;
use std::path::{Path, PathBuf};

mod system;

pub use system::io_reason;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build fails.
    Error,
    /// The build goes on; the editor should still look.
    Warning,
}

/// Where a problem is: a file, and a line and column (1-based) where known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, relative to the handbook root where possible.
    pub path: PathBuf,
    /// 1-based line and column (in characters), where known.
    pub position: Option<(usize, usize)>,
}

/// One problem in the handbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file and position, if the problem belongs to a file.
    pub location: Option<Location>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A warning in `path`, without a known position.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// An error in `path`, without a known position.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Some(Location {
                path: path.into(),
                position: None,
            }),
            message: message.into(),
            help: None,
        }
    }

    /// An error that belongs to no single file (for example a missing folder).
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// Sets the line and column (1-based).
    pub fn at(mut self, line: usize, col: usize) -> Self {
        if let Some(location) = &mut self.location {
            location.position = Some((line, col));
        }
        self
    }

    /// Sets the position from a byte offset into `text`, the whole file.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, col) = line_col(text, offset);
        self.at(line, col)
    }

    /// Adds a line that tells the editor what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The path of the file, if any.
    pub fn path(&self) -> Option<&Path> {
        self.location.as_ref().map(|l| l.path.as_path())
    }

    /// The (line, column) of the problem, if known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.location.as_ref().and_then(|l| l.position)
    }

    fn sort_key(&self) -> (Option<&Location>, Severity, &str) {
        (self.location.as_ref(), self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{}", location.path.display())?;
            if let Some((line, col)) = location.position {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": ")?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The problems of one run, collected from every stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// No problems.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Adds all problems of `other`.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// True when there are no problems at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems, sorted by file, position and message, without duplicates.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
        self.0
    }

    /// The problems in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Diagnostics(diagnostics)
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.clone().into_sorted() {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// 1-based line and column (counted in characters) of byte `offset` in `text`.
///
/// An offset past the end, or inside a character, is clamped to a valid place.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Line and column of many offsets in one text, without reading the text
/// again for each (a page with 500,000 links must not take minutes).
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// 1-based line and column (in characters) of a byte offset, as
    /// [`line_col`].
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }
}

/// How many errors and warnings a run found, for its summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Problems that stop the build.
    pub errors: usize,
    /// Problems the build goes on with.
    pub warnings: usize,
}

impl Counts {
    /// Counts the errors and warnings among `diagnostics`.
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut counts = Counts::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
            }
        }
        counts
    }

    /// `1 fout`, `2 fouten`.
    pub fn errors_text(&self) -> String {
        counted(self.errors, "fout", "fouten")
    }

    /// `1 waarschuwing`, `2 waarschuwingen`.
    pub fn warnings_text(&self) -> String {
        counted(self.warnings, "waarschuwing", "waarschuwingen")
    }

    /// The last line of a build that failed: `Gestopt: 2 fouten gevonden.`
    pub fn stopped(&self) -> String {
        format!("Gestopt: {} gevonden.", self.errors_text())
    }

    /// The last line of a check that failed, warnings included:
    /// `Gestopt: 2 fouten en 1 waarschuwing gevonden.`
    pub fn stopped_with_warnings(&self) -> String {
        format!(
            "Gestopt: {} en {} gevonden.",
            self.errors_text(),
            self.warnings_text()
        )
    }
}

/// `n` with the singular or plural noun.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The candidate nearest to `name`, for a "bedoel je …?" help: close
/// enough to be a typo (a letter or two off, a little more for long words),
/// case aside. Ties go to the first candidate.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = name.to_lowercase();
    let limit = |len: usize| match len {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&name, &candidate.to_lowercase());
        if distance > 0
            && distance <= limit(candidate.chars().count())
            && best.is_none_or(|(d, _)| distance < d)
        {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_typo_but_not_a_different_word() {
        let known = ["praktijktips", "voorbeelden", "competenties"];
        assert_eq!(closest("Praktijk tips", known), Some("praktijktips"));
        assert_eq!(closest("voorbeeld", known), Some("voorbeelden"));
        assert_eq!(closest("competentie", known), Some("competenties"));
        assert_eq!(closest("werkwijze", known), None);
        assert_eq!(
            closest("voorbeelden", known),
            None,
            "the same word is no typo"
        );
        assert_eq!(closest("ab", ["ac", "abc"]), Some("ac"));
    }

    #[test]
    fn lines_agree_with_line_col() {
        let text = "ab\ncë\n\nxyz\n";
        let lines = Lines::new(text);
        for offset in 0..text.len() + 3 {
            assert_eq!(lines.at(offset), line_col(text, offset), "{offset}");
        }
    }

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\ncë\nxyz";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // `ë` is two bytes: the `\n` after it is the third character.
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 8), (3, 2));
        assert_eq!(line_col(text, 999), (3, 4));
        // Inside a multi-byte character: clamped to its start.
        assert_eq!(line_col(text, 5), (2, 2));
    }

    #[test]
    fn diagnostics_print_sorted_with_position_and_help() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("content/b.md", "tweede").at(2, 1));
        all.push(
            Diagnostic::error("content/a.md", "eerste")
                .at(9, 4)
                .with_help("doe dit"),
        );
        all.push(Diagnostic::error("content/a.md", "nul").at(1, 1));
        assert_eq!(
            all.to_string(),
            "content/a.md:1:1: error: nul\n\
             content/a.md:9:4: error: eerste\n  help: doe dit\n\
             content/b.md:2:1: error: tweede\n"
        );
        assert!(all.has_errors());
    }

    #[test]
    fn counts_name_errors_and_warnings_in_the_summary() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("a.md", "x"));
        all.push(Diagnostic::warning("a.md", "y"));
        all.push(Diagnostic::warning("b.md", "z"));
        let counts = Counts::of(all.iter());
        assert_eq!(
            counts,
            Counts {
                errors: 1,
                warnings: 2
            }
        );
        assert_eq!(counts.stopped(), "Gestopt: 1 fout gevonden.");
        assert_eq!(
            counts.stopped_with_warnings(),
            "Gestopt: 1 fout en 2 waarschuwingen gevonden."
        );
        assert_eq!(Counts::default().errors_text(), "0 fouten");
        assert_eq!(Counts::of([]).warnings_text(), "0 waarschuwingen");
    }
}
