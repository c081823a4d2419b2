//! The warnings of the handbook between rebuilds: which are new and which
//! were fixed since the editor was last told, so that the terminal shows
//! only the difference, and a key that changes only when the set does, so
//! that a notice a tab dismissed stays dismissed until then.
//!
//! A warning that only moved (lines were added above it) is the same
//! warning: it is neither new nor fixed, and it does not change the key.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

/// A warning without its line and column: what stays the same when lines
/// are added above it (with whether it is an error).
type Moved<'a> = (Option<&'a Path>, bool, &'a str, Option<&'a str>);

fn moved(warning: &Diagnostic) -> Moved<'_> {
    (
        warning.path(),
        warning.severity == Severity::Error,
        &warning.message,
        warning.help.as_deref(),
    )
}

/// `warning` as [`compare`] matches it: at its place, or anywhere in its
/// file.
fn matched(warning: &Diagnostic, exact: bool) -> (Moved<'_>, Option<Option<(usize, usize)>>) {
    (moved(warning), exact.then(|| warning.position()))
}

/// The warnings of `now` that are not in `before` (in the order of `now`),
/// and those of `before` that are not in `now` (in the order of `before`).
/// The same warning at the same place is matched first, then the same
/// warning at another place of its file.
pub(super) fn compare<'a>(
    before: &[Diagnostic],
    now: &'a [Diagnostic],
) -> (Vec<&'a Diagnostic>, Vec<Diagnostic>) {
    let mut before_left = vec![true; before.len()];
    let mut now_left = vec![true; now.len()];
    for exact in [true, false] {
        let mut waiting: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, warning) in before.iter().enumerate().rev() {
            if before_left[i] {
                waiting.entry(matched(warning, exact)).or_default().push(i);
            }
        }
        for (j, warning) in now.iter().enumerate() {
            if !now_left[j] {
                continue;
            }
            if let Some(i) = waiting.get_mut(&matched(warning, exact)).and_then(Vec::pop) {
                before_left[i] = false;
                now_left[j] = false;
            }
        }
    }
    let new = now
        .iter()
        .zip(&now_left)
        .filter_map(|(warning, &left)| left.then_some(warning))
        .collect();
    let fixed = before
        .iter()
        .zip(&before_left)
        .filter(|(_, left)| **left)
        .map(|(warning, _)| warning.clone())
        .collect();
    (new, fixed)
}

/// A short text that is the same for two sets of warnings exactly when
/// [`compare`] finds nothing new and nothing fixed between them.
pub(super) fn key(warnings: &[Diagnostic]) -> String {
    let mut keys: Vec<Moved<'_>> = warnings.iter().map(moved).collect();
    keys.sort();
    // `DefaultHasher::new` has fixed keys: the same set gives the same text
    // in every run, so a tab that dismissed a notice keeps it dismissed
    // after the preview is started again.
    let mut hasher = DefaultHasher::new();
    keys.hash(&mut hasher);
    format!("{:x}-{}", hasher.finish(), warnings.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &str, line: usize, message: &str) -> Diagnostic {
        Diagnostic::warning(path, message)
            .at(line, 1)
            .with_help("doe iets")
    }

    #[test]
    fn only_what_came_and_went_is_told() {
        let before = [
            warning("a.md", 1, "geen tips"),
            warning("a.md", 5, "geen alt-tekst"),
            warning("b.md", 1, "geen tips"),
        ];
        let now = [
            warning("a.md", 5, "geen alt-tekst"),
            warning("b.md", 1, "geen tips"),
            warning("b.md", 9, "geen alt-tekst"),
        ];
        let (new, fixed) = compare(&before, &now);
        assert_eq!(new, [&now[2]]);
        assert_eq!(fixed, [before[0].clone()]);
        assert_ne!(key(&before), key(&now));
    }

    #[test]
    fn a_warning_that_moved_is_the_same_warning() {
        let before = [
            warning("a.md", 3, "geen alt-tekst"),
            warning("a.md", 8, "geen alt-tekst"),
        ];
        // Two lines added above both, and one more of them further down.
        let now = [
            warning("a.md", 5, "geen alt-tekst"),
            warning("a.md", 10, "geen alt-tekst"),
            warning("a.md", 12, "geen alt-tekst"),
        ];
        let (new, fixed) = compare(&before, &now);
        assert_eq!(new.len(), 1);
        assert!(fixed.is_empty());
        let (new, fixed) = compare(&before, &now[..2]);
        assert!(new.is_empty() && fixed.is_empty());
        assert_eq!(key(&before), key(&now[..2]));
        // The same warning at its same place is matched first: the one at
        // line 12 is the new one, not the one at line 5.
        let before = [warning("a.md", 5, "geen alt-tekst")];
        let (new, _) = compare(&before, &now[..2]);
        assert_eq!(new, [&now[1]]);
    }

    #[test]
    fn no_warnings_before_makes_every_warning_new() {
        let now = [warning("a.md", 1, "x"), warning("a.md", 1, "x")];
        let (new, fixed) = compare(&[], &now);
        assert_eq!(new.len(), 2);
        assert!(fixed.is_empty());
        assert_ne!(key(&[]), key(&now));
        assert_ne!(key(&now[..1]), key(&now));
    }
}
