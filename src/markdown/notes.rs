//! Notes: what in a page deserves a warning, and the check of raw HTML and
//! link schemes that finds most of it.
//!
//! The heading notes ([`NoteKind::HeadingSkip`], [`NoteKind::AnchorTaken`],
//! …) are made where headings and tips get their ids; this room owns the
//! type and the checks that look at raw HTML, link targets and images.
//! Invariant: a `javascript:`, `vbscript:` or (non-image) `data:` target
//! never reaches the HTML; it becomes `#`.

use pulldown_cmark::{CowStr, Event, Tag};

use super::matching_end;
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
    /// A `<script>` element in raw HTML.
    Script,
    /// An `on…=` attribute in raw HTML.
    EventHandler,
    /// A `javascript:`, `vbscript:` or `data:` link, made harmless (`#`).
    UnsafeLink(String),
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

/// Notes raw HTML with scripts or event handlers and images without alt
/// text, and makes `javascript:`, `vbscript:` and `data:` links harmless.
pub(super) fn check_raw(events: &mut [(Event<'_>, usize)], notes: &mut Vec<Note>) {
    for i in 0..events.len() {
        let offset = events[i].1;
        match &mut events[i].0 {
            Event::Html(html) | Event::InlineHtml(html) => check_html(html, offset, notes),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let bad = bad_link_scheme(dest_url);
                defuse(dest_url, bad, offset, notes);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let bad = bad_image_scheme(dest_url);
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

/// Notes a `<script>` element and `on…=` attributes in a piece of raw HTML.
fn check_html(html: &str, offset: usize, notes: &mut Vec<Note>) {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        notes.push(Note {
            offset,
            kind: NoteKind::Script,
        });
    }
    if has_event_handler(&lower) {
        notes.push(Note {
            offset,
            kind: NoteKind::EventHandler,
        });
    }
}

/// The unsafe scheme a link starts with, if any.
fn bad_link_scheme(dest: &str) -> Option<&'static str> {
    let scheme = dest.trim_start().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| scheme.starts_with(s))
}

/// The unsafe scheme an image starts with, if any: `data:` is fine for an
/// image, as long as it is one.
fn bad_image_scheme(dest: &str) -> Option<&'static str> {
    let scheme = dest.trim_start().to_ascii_lowercase();
    ["javascript:", "vbscript:"]
        .into_iter()
        .find(|s| scheme.starts_with(s))
        .or_else(|| {
            (scheme.starts_with("data:") && !scheme.starts_with("data:image/")).then_some("data:")
        })
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

/// True if lower-cased HTML has an attribute such as ` onclick=`.
pub(super) fn has_event_handler(html: &str) -> bool {
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(found) = html[at..].find("on") {
        let start = at + found;
        let before_ok =
            start > 0 && matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'/' | b'"' | b'\'');
        let mut end = start + 2;
        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
        let named = end > start + 2;
        let mut eq = end;
        while eq < bytes.len() && bytes[eq].is_ascii_whitespace() {
            eq += 1;
        }
        if before_ok
            && named
            && eq < bytes.len()
            && bytes[eq] == b'='
            && html[..start].contains('<')
        {
            return true;
        }
        at = start + 2;
    }
    false
}
