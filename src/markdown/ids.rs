//! Ids and slugs: the anchors this module writes into a page.
//!
//! Invariant: [`Ids::claim`] never hands out the same id twice within one
//! render, so headings, footnotes and tips can share one page (and, with a
//! prefix, one print page) without clashing.

use std::collections::HashSet;

/// Makes an id from text: the usual slug (`Wanneer schakel je door?` →
/// `wanneer-schakel-je-door`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Keeps ids unique within one page.
#[derive(Default)]
pub(super) struct Ids {
    seen: HashSet<String>,
    /// Every id handed out, in order.
    pub(super) all: Vec<String>,
}

impl Ids {
    /// Returns `prefix + wanted`, with `-1`, `-2`, … added if already taken.
    pub(super) fn claim(&mut self, prefix: &str, wanted: &str) -> String {
        let wanted = if wanted.is_empty() { "kop" } else { wanted };
        let mut id = format!("{prefix}{wanted}");
        let mut n = 1;
        while self.seen.contains(&id) {
            id = format!("{prefix}{wanted}-{n}");
            n += 1;
        }
        self.seen.insert(id.clone());
        self.all.push(id.clone());
        id
    }
}
