//! Ids and slugs: the anchors this module writes into a page.
//!
//! Invariant: [`Ids::claim`] never hands out the same id twice within one
//! render, so headings, footnotes and tips can share one page (and, with a
//! prefix, one print page) without clashing.

use std::collections::{HashMap, HashSet};

/// Makes an id from text: the usual slug (`Wanneer schakel je door?` →
/// `wanneer-schakel-je-door`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Keeps ids unique within one page.
#[derive(Default)]
pub(super) struct Ids {
    seen: HashSet<String>,
    /// For each wanted id, the suffix to try first next time: ids are never
    /// given back, so the ones below it are still taken. This keeps a page
    /// with many equal headings linear.
    next: HashMap<String, usize>,
    /// Every id handed out, in order.
    pub(super) all: Vec<String>,
}

impl Ids {
    /// Returns `prefix + wanted`, with `-1`, `-2`, … added if already taken.
    pub(super) fn claim(&mut self, prefix: &str, wanted: &str) -> String {
        let wanted = if wanted.is_empty() { "kop" } else { wanted };
        let base = format!("{prefix}{wanted}");
        let mut n = self.next.get(&base).copied().unwrap_or(0);
        let mut id = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.seen.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.next.insert(base, n + 1);
        self.seen.insert(id.clone());
        self.all.push(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_wishes_count_up_and_skip_ids_already_taken() {
        let mut ids = Ids::default();
        let got: Vec<String> = ["a", "a-1", "a", "a", "", "", "a"]
            .iter()
            .map(|w| ids.claim("p-", w))
            .collect();
        assert_eq!(
            got,
            [
                "p-a", "p-a-1", "p-a-2", "p-a-3", "p-kop", "p-kop-1", "p-a-4"
            ]
        );
        assert_eq!(ids.all, got);
    }

    #[test]
    fn a_wish_that_looks_like_a_numbered_id_still_gets_its_own() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim("", "b"), "b");
        assert_eq!(ids.claim("", "b"), "b-1");
        assert_eq!(ids.claim("", "b-1"), "b-1-1");
        assert_eq!(ids.claim("", "b-2"), "b-2");
        assert_eq!(ids.claim("", "b"), "b-3");
    }
}
