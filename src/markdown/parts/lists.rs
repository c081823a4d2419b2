//! The list-shaped parts of a competency: under the tips, the behaviour and
//! the reflection headings, and under each level, the first top-level list
//! holds the parts, one per item. Text before that list is the section's
//! intro; what follows it is handed back to the caller.
//!
//! Invariant: an item's id is made from its title (a tip's bold start) or
//! its first words, with a kind prefix (`tip-`, `gedrag-`, `vraag-`, the
//! level's slug), so it stays the same while other items come and go.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::ids::{Ids, slugify};
use super::super::safe::render_safe;
use super::super::text::plain_text;
use super::super::{Note, NoteKind};
use super::{Events, Part};

/// The words of an item that its id is made from, when it has no title.
const ID_WORDS: usize = 6;

/// A section whose parts are the items of its first top-level list.
#[derive(Default)]
pub(super) struct ListPiece<'e> {
    /// Events before the list.
    pub(super) intro: Events<'e>,
    /// (offset, body events) per item.
    pub(super) items: Vec<(usize, Events<'e>)>,
    /// Events after the list, for sections that keep them.
    pub(super) after: Events<'e>,
    /// Inside the list.
    open: bool,
    /// The list has been seen (a second list is no longer the parts).
    seen: bool,
    /// The item being collected.
    current: Option<(usize, Events<'e>)>,
}

impl<'e> ListPiece<'e> {
    /// Takes an event of the section; `depth` is the nesting after it,
    /// `top_level` whether it was 0 before it. An event after the list is
    /// handed back.
    pub(super) fn push(
        &mut self,
        event: Event<'e>,
        offset: usize,
        top_level: bool,
        depth: usize,
    ) -> Option<(Event<'e>, usize)> {
        if top_level && !self.seen && matches!(event, Event::Start(Tag::List(_))) {
            self.open = true;
            self.seen = true;
            return None;
        }
        if self.open {
            if depth == 0 {
                // The list closed.
                self.open = false;
            } else if depth == 1 && matches!(event, Event::End(TagEnd::Item)) {
                if let Some(item) = self.current.take() {
                    self.items.push(item);
                }
            } else if depth == 2 && matches!(event, Event::Start(Tag::Item)) {
                self.current = Some((offset, Vec::new()));
            } else if let Some((_, body)) = &mut self.current {
                body.push((event, offset));
            }
            return None;
        }
        if self.seen {
            Some((event, offset))
        } else {
            self.intro.push((event, offset));
            None
        }
    }

    /// Keeps an event after the list in the section itself.
    pub(super) fn push_kept(&mut self, event: Event<'e>, offset: usize, top: bool, depth: usize) {
        if let Some(after) = self.push(event, offset, top, depth) {
            self.after.push(after);
        }
    }
}

/// Where a part's id comes from and what is put before it.
pub(super) struct IdBasis<'p> {
    /// The page's id prefix (the print page's `slug--`).
    pub(super) prefix: &'p str,
    /// The kind's prefix: `tip-`, `gedrag-`, `vraag-`, `startbekwaam-`.
    pub(super) kind: &'p str,
}

/// Makes a list item into a part without a title (an indicator or a
/// question): its id comes from its first words.
pub(super) fn item_part(
    (offset, body): (usize, Events<'_>),
    basis: &IdBasis<'_>,
    source: &str,
    ids: &mut Ids,
    notes: &mut Vec<Note>,
) -> Part {
    titled_part(offset, String::new(), body, basis, source, ids, notes)
}

/// Makes a tip into a part: its bold start is the title, and its id is made
/// from the title (or the first words when it has none).
pub(super) fn tip_part(
    (offset, body): (usize, Events<'_>),
    basis: &IdBasis<'_>,
    source: &str,
    ids: &mut Ids,
    notes: &mut Vec<Note>,
) -> Part {
    let (title, body) = take_tip_title(body);
    titled_part(offset, title, body, basis, source, ids, notes)
}

/// A part with its id claimed from its title, or from its first words when
/// the title is empty.
fn titled_part(
    offset: usize,
    title: String,
    body: Events<'_>,
    basis: &IdBasis<'_>,
    source: &str,
    ids: &mut Ids,
    notes: &mut Vec<Note>,
) -> Part {
    let text = plain_text(body.iter().map(|(e, _)| e));
    let words = if title.is_empty() {
        first_words(&text)
    } else {
        title.clone()
    };
    let id = claim(basis, &words, offset, ids, notes);
    Part {
        id,
        title,
        text,
        html: render_safe(body, source, notes),
        offset,
    }
}

fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(ID_WORDS)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Claims `prefix + kind + slug(words)`, with a note when it was taken.
fn claim(
    basis: &IdBasis<'_>,
    words: &str,
    offset: usize,
    ids: &mut Ids,
    notes: &mut Vec<Note>,
) -> String {
    let wanted = format!("{}{}", basis.kind, slugify(words));
    let id = ids.claim(basis.prefix, &wanted);
    if id != format!("{}{wanted}", basis.prefix) {
        notes.push(Note {
            offset,
            kind: NoteKind::AnchorTaken {
                wanted,
                got: id.clone(),
            },
        });
    }
    id
}

/// Takes a leading `**Title**:` off a tip, returning the title without colon.
fn take_tip_title(mut body: Events<'_>) -> (String, Events<'_>) {
    let start = usize::from(matches!(
        body.first(),
        Some((Event::Start(Tag::Paragraph), _))
    ));
    if !matches!(body.get(start), Some((Event::Start(Tag::Strong), _))) {
        return (String::new(), body);
    }
    let Some(end) = body[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Strong)))
        .map(|p| p + start)
    else {
        return (String::new(), body);
    };
    let mut title = plain_text(body[start + 1..end].iter().map(|(e, _)| e));
    body.drain(start..=end);
    let title_had_colon = title.ends_with(':');
    title = title.trim_end_matches(':').trim().to_string();
    if let Some((Event::Text(text), _)) = body.get_mut(start) {
        let trimmed = if title_had_colon {
            text.as_ref()
        } else {
            text.trim_start_matches(':')
        };
        let trimmed = trimmed.trim_start().to_string();
        if trimmed.is_empty() {
            body.remove(start);
        } else {
            *text = CowStr::from(trimmed);
        }
    }
    (title, body)
}
