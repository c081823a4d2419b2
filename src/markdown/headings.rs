//! Headings: each gets a unique id (written into its event, so the HTML
//! carries it), its level and plain text are kept, and what is odd about it
//! becomes a [`Note`]: a taken anchor, a skipped level, a parts heading at
//! the wrong level, an example below level 3, an attribute other than an id
//! or a class (`{onfocus=…}`), which is dropped.
//!
//! Invariants: this pass runs first, so headings claim their ids before
//! footnotes and tips do, and a heading's id does not depend on them; a
//! heading's HTML has no attributes but its `id` and `class`.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};

use super::ids::{Ids, slugify};
use super::text::plain_text;
use super::{Note, NoteKind, RenderOptions, matching_end};

/// A heading of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique id (with prefix).
    pub id: String,
    /// The heading as plain text.
    pub text: String,
    /// Byte offset of the heading in the body.
    pub offset: usize,
}

/// Gives every heading a unique id and notes what is odd about it. The
/// headings go to `headings` in order; the same are returned by the index
/// of the event that opens them.
pub(super) fn claim_headings(
    events: &mut [(Event<'_>, usize)],
    options: &RenderOptions<'_>,
    body: &str,
    ids: &mut Ids,
    headings: &mut Vec<Heading>,
    notes: &mut Vec<Note>,
) -> HashMap<usize, Heading> {
    let prefix = options.id_prefix;
    let mut heading_at: HashMap<usize, Heading> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let end = matching_end(events, i);
            let text = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
            let wanted = match id {
                Some(id) => id.to_string(),
                None => slugify(&text),
            };
            let level = level_number(*level);
            let unique = ids.claim(prefix, &wanted);
            let offset = events[i].1;
            if unique != format!("{prefix}{wanted}") && !wanted.is_empty() {
                notes.push(Note {
                    offset,
                    kind: NoteKind::AnchorTaken {
                        wanted: wanted.clone(),
                        got: unique.clone(),
                    },
                });
            }
            level_notes(headings, level, &text, offset, options, notes);
            if let Event::Start(Tag::Heading { id, attrs, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
                drop_attributes(attrs, body, offset, notes);
            }
            let heading = Heading {
                level,
                id: unique,
                text,
                offset,
            };
            headings.push(heading.clone());
            heading_at.insert(i, heading);
            i = end;
        }
        i += 1;
    }
    heading_at
}

/// Drops every attribute of a heading (`{onfocus=x tabindex=0}`) with a
/// note at the place it was written: only an id and classes are kept, so
/// no Markdown heading can carry script.
fn drop_attributes(
    attrs: &mut Vec<(CowStr<'_>, Option<CowStr<'_>>)>,
    body: &str,
    offset: usize,
    notes: &mut Vec<Note>,
) {
    if attrs.is_empty() {
        return;
    }
    // The attributes are written between braces at the end of the heading's
    // (first) line.
    let line = body[offset..].lines().next().unwrap_or("");
    let braces = line.rfind('{').unwrap_or(0);
    let mut from = braces;
    for (name, _) in attrs.drain(..) {
        let at = line[from..]
            .find(name.as_ref())
            .map_or(braces, |i| from + i);
        from = at;
        notes.push(Note {
            offset: offset + at,
            kind: NoteKind::HeadingAttribute(name.to_string()),
        });
    }
}

/// Notes a heading whose level does not fit the headings `before` it: a
/// skipped level, a parts heading that is not level 2, an example heading
/// deeper than level 3.
fn level_notes(
    before: &[Heading],
    level: u8,
    text: &str,
    offset: usize,
    options: &RenderOptions<'_>,
    notes: &mut Vec<Note>,
) {
    let last = before.last().map_or(0, |h| h.level);
    if last > 0 && level > last + 1 {
        notes.push(Note {
            offset,
            kind: NoteKind::HeadingSkip {
                from: last,
                to: level,
            },
        });
    }
    // Under the examples heading, examples are level-3 headings.
    let under_examples = before
        .iter()
        .rev()
        .find(|h| h.level <= 2)
        .is_some_and(|h| names(&h.text, options.examples_heading));
    let example_seen = before
        .iter()
        .rev()
        .take_while(|h| h.level > 2)
        .any(|h| h.level == 3);
    let parts_headings = [
        options.examples_heading,
        options.tips_heading,
        options.behaviour_heading,
        options.levels_heading,
        options.reflection_heading,
    ];
    if level != 2 && parts_headings.into_iter().any(|wanted| names(text, wanted)) {
        notes.push(Note {
            offset,
            kind: NoteKind::PartsHeadingLevel(level),
        });
    }
    if under_examples && level > 3 && !example_seen {
        notes.push(Note {
            offset,
            kind: NoteKind::ExampleLevel(level),
        });
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// True if a heading's text is the part heading `wanted` (case and a
/// trailing colon aside).
pub(super) fn names(text: &str, wanted: Option<&str>) -> bool {
    wanted.is_some_and(|w| heading_names(text, w))
}

/// True if a heading's text names `wanted`: case and a trailing colon
/// aside, as the parts' headings and the levels are recognised.
pub fn heading_names(text: &str, wanted: &str) -> bool {
    text.trim()
        .trim_end_matches(':')
        .eq_ignore_ascii_case(wanted.trim())
}
