//! Notes: what in a page deserves a warning, and the check of link schemes
//! and images.
//!
//! The heading notes ([`NoteKind::HeadingSkip`], [`NoteKind::AnchorTaken`],
//! …) are made where headings and tips get their ids, the notes about raw
//! HTML where it is made safe (`safe`); this room owns the type and the
//! checks that look at link targets and images. Invariant: a `javascript:`,
//! `vbscript:` or (non-image) `data:` target of a Markdown link or image
//! never reaches the HTML; it becomes `#`.

use pulldown_cmark::{CowStr, Event, Tag};

use super::matching_end;
use super::safe::unsafe_scheme;
use super::text::plain_text;

/// Something in a page worth a warning, at a byte offset of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Byte offset in the body.
    pub offset: usize,
    /// What it is.
    pub kind: NoteKind,
}

/// The kinds of [`Note`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// A `<script>` element in raw HTML, removed.
    Script,
    /// An event handler attribute (`onclick`, …) in raw HTML, removed.
    EventHandler(String),
    /// A `javascript:`, `vbscript:` or `data:` link, made harmless (`#`).
    UnsafeLink(String),
    /// Such an address in an attribute of raw HTML: a link target became
    /// `#`, any other address was removed.
    UnsafeUrl {
        /// The attribute (`href`, `src`, …).
        attribute: String,
        /// The scheme, without colon.
        scheme: String,
        /// A link target, now `#`; otherwise the attribute was removed.
        link: bool,
    },
    /// An attribute of raw HTML that can hold a whole page (`srcdoc`),
    /// removed.
    RemovedAttribute(String),
    /// A `style` attribute or a `<style>` element in raw HTML, removed: the
    /// site's Content-Security-Policy would block it.
    InlineStyle(String),
    /// An `<iframe>`, `<object>` or `<embed>` in raw HTML.
    Embedded(String),
    /// A heading attribute other than an id or a class, dropped.
    HeadingAttribute(String),
    /// Raw HTML that leaves a tag, comment or element open at the end of a
    /// piece of the page; its HTML was shown as text.
    UnfinishedHtml,
    /// Raw HTML that cannot be read without guessing; shown as text.
    UnreadableHtml,
    /// An image without alt text.
    ImageWithoutAlt,
    /// A heading more than one level below the one before it.
    HeadingSkip {
        /// The level before.
        from: u8,
        /// This heading's level.
        to: u8,
    },
    /// A heading whose anchor was already taken, so it got another.
    AnchorTaken {
        /// The anchor it would have had.
        wanted: String,
        /// The one it got.
        got: String,
    },
    /// A heading under the examples heading that is not a level-3 heading.
    ExampleLevel(u8),
    /// The examples or tips heading at another level than 2.
    PartsHeadingLevel(u8),
}

/// Notes images without alt text, and makes `javascript:`, `vbscript:`
/// and `data:` links harmless. Raw HTML is made safe once the page is cut
/// into pieces (`safe`).
pub(super) fn check_links(events: &mut [(Event<'_>, usize)], notes: &mut Vec<Note>) {
    for i in 0..events.len() {
        let offset = events[i].1;
        match &mut events[i].0 {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let bad = unsafe_scheme(dest_url, false);
                defuse(dest_url, bad, offset, notes);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let bad = unsafe_scheme(dest_url, true);
                defuse(dest_url, bad, offset, notes);
                let end = matching_end(events, i);
                let alt = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
                if alt.trim().is_empty() {
                    notes.push(Note {
                        offset,
                        kind: NoteKind::ImageWithoutAlt,
                    });
                }
            }
            _ => {}
        }
    }
}

/// Notes an unsafe target (`bad`, the scheme with colon) and replaces it by `#`.
fn defuse(dest: &mut CowStr<'_>, bad: Option<&str>, offset: usize, notes: &mut Vec<Note>) {
    if let Some(bad) = bad {
        notes.push(Note {
            offset,
            kind: NoteKind::UnsafeLink(bad.trim_end_matches(':').to_string()),
        });
        *dest = CowStr::from("#");
    }
}
