//! A competency cut into its parts: the free text, the examples (each
//! level-3 heading under the examples heading) and the tips (each top-level
//! item of the first list under the tips heading), each piece rendered to
//! HTML on its own.
//!
//! Invariants: every event of the page lands in exactly one piece, apart
//! from the examples and tips headings (the template writes those), the
//! example headings and tip titles (they become [`Part::title`]) and the
//! list and item tags around the tips. A tip's id is claimed after every
//! heading's, so it never takes a heading's id.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::headings::names;
use super::ids::{Ids, slugify};
use super::safe::render_safe;
use super::text::plain_text;
use super::{Heading, Note, NoteKind, RenderOptions, Rendered};

/// An example or a tip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The stable anchor (with prefix).
    pub id: String,
    /// The title: the example's heading or the tip's bold start (may be empty
    /// for a tip without one).
    pub title: String,
    /// The body as HTML, without the title.
    pub html: String,
    /// The body as plain text.
    pub text: String,
    /// Byte offset of the part in the body.
    pub offset: usize,
}

/// Cuts the page into free text, examples and tips, and renders each piece
/// (`body` is the Markdown the events' offsets point into). A page that is
/// not a competency is one piece: [`Rendered::content`].
pub(super) fn split_parts(
    events: Vec<(Event<'_>, usize)>,
    body: &str,
    heading_at: &HashMap<usize, Heading>,
    options: &RenderOptions<'_>,
    ids: &mut Ids,
    rendered: &mut Rendered,
) {
    let is_competency = options.examples_heading.is_some() || options.tips_heading.is_some();
    if !is_competency {
        rendered.content = render_safe(events, body, &mut rendered.notes);
        return;
    }
    let pieces = sort_events(events, heading_at, options, rendered);
    pieces.render(options.id_prefix, body, ids, rendered);
}

/// Where the events of a top-level block go.
#[derive(Clone, Copy, Default)]
enum Section {
    #[default]
    Before,
    Examples,
    Tips,
    After,
}

/// Events with their byte offsets in the body.
type Events<'e> = Vec<(Event<'e>, usize)>;

/// A competency's events sorted into its pieces, not yet rendered.
#[derive(Default)]
struct Pieces<'e> {
    /// The piece that the next top-level block goes to.
    section: Section,
    before: Events<'e>,
    after: Events<'e>,
    examples_intro: Events<'e>,
    tips_intro: Events<'e>,
    /// (heading, offset, body events)
    examples: Vec<(Heading, usize, Events<'e>)>,
    /// (offset, body events)
    tips: Vec<(usize, Events<'e>)>,
    /// Inside the list of tips.
    tips_list_open: bool,
    /// The tip being collected.
    current_tip: Option<(usize, Events<'e>)>,
}

/// Sorts every event of the page into its piece; the examples and tips
/// headings found go to `rendered`.
fn sort_events<'e>(
    events: Vec<(Event<'e>, usize)>,
    heading_at: &HashMap<usize, Heading>,
    options: &RenderOptions<'_>,
    rendered: &mut Rendered,
) -> Pieces<'e> {
    let mut pieces = Pieces::default();
    let mut events = events.into_iter().enumerate();
    let mut depth = 0usize;
    while let Some((index, (event, offset))) = events.next() {
        let top_level = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if top_level
            && let Some(heading) = heading_at.get(&index)
            && pieces.opens_part(heading, offset, options, rendered)
        {
            skip_heading(&mut events);
            depth = 0;
            continue;
        }
        pieces.push(event, offset, top_level, depth);
    }
    pieces
}

impl<'e> Pieces<'e> {
    /// Moves on to the piece a top-level heading opens. True if the heading
    /// is not part of the HTML: the examples and tips headings (the template
    /// writes them) and an example's heading (it becomes the title).
    fn opens_part(
        &mut self,
        heading: &Heading,
        offset: usize,
        options: &RenderOptions<'_>,
        rendered: &mut Rendered,
    ) -> bool {
        if heading.level <= 2 {
            let is_examples = heading.level == 2 && names(&heading.text, options.examples_heading);
            let is_tips = heading.level == 2 && names(&heading.text, options.tips_heading);
            if is_examples {
                self.section = Section::Examples;
                rendered.examples_heading = Some(heading.clone());
                return true;
            }
            if is_tips {
                self.section = Section::Tips;
                rendered.tips_heading = Some(heading.clone());
                return true;
            }
            if !matches!(self.section, Section::Before) {
                self.section = Section::After;
            }
        } else if heading.level == 3 && matches!(self.section, Section::Examples) {
            self.examples.push((heading.clone(), offset, Vec::new()));
            return true;
        }
        false
    }

    /// Puts an event in the piece it belongs to; `depth` is the nesting
    /// after the event, `top_level` whether it was 0 before it.
    fn push(&mut self, event: Event<'e>, offset: usize, top_level: bool, depth: usize) {
        match self.section {
            Section::Before => self.before.push((event, offset)),
            Section::After => self.after.push((event, offset)),
            Section::Examples => match self.examples.last_mut() {
                Some((_, _, body)) => body.push((event, offset)),
                None => self.examples_intro.push((event, offset)),
            },
            Section::Tips => self.push_under_tips(event, offset, top_level, depth),
        }
    }

    /// Under the tips heading: the first top-level list holds the tips, one
    /// per item; before it is the intro, after it the free text after.
    fn push_under_tips(&mut self, event: Event<'e>, offset: usize, top_level: bool, depth: usize) {
        if top_level
            && !self.tips_list_open
            && self.tips.is_empty()
            && matches!(event, Event::Start(Tag::List(_)))
        {
            self.tips_list_open = true;
            return;
        }
        if self.tips_list_open {
            if depth == 0 {
                // The list closed.
                self.tips_list_open = false;
            } else if depth == 1 && matches!(event, Event::End(TagEnd::Item)) {
                if let Some(tip) = self.current_tip.take() {
                    self.tips.push(tip);
                }
            } else if depth == 2 && matches!(event, Event::Start(Tag::Item)) {
                self.current_tip = Some((offset, Vec::new()));
            } else if let Some((_, body)) = &mut self.current_tip {
                body.push((event, offset));
            }
            return;
        }
        if self.tips.is_empty() {
            self.tips_intro.push((event, offset));
        } else {
            self.after.push((event, offset));
        }
    }

    /// Renders each piece into `rendered`, claiming the tips' ids.
    fn render(self, prefix: &str, source: &str, ids: &mut Ids, rendered: &mut Rendered) {
        let notes = &mut rendered.notes;
        rendered.content = render_safe(self.before, source, notes);
        rendered.content_after = render_safe(self.after, source, notes);
        rendered.examples_intro = render_safe(self.examples_intro, source, notes);
        rendered.tips_intro = render_safe(self.tips_intro, source, notes);
        rendered.examples = self
            .examples
            .into_iter()
            .map(|(heading, offset, body)| Part {
                id: heading.id,
                title: heading.text,
                text: plain_text(body.iter().map(|(e, _)| e)),
                html: render_safe(body, source, notes),
                offset,
            })
            .collect();
        rendered.tips = self
            .tips
            .into_iter()
            .map(|(offset, body)| tip_part(offset, body, prefix, source, ids, notes))
            .collect();
        if rendered.examples.is_empty() && rendered.examples_intro.is_empty() {
            let id = rendered.examples_heading.as_ref().map(|h| h.id.clone());
            forget_heading(id, ids, rendered);
        }
        if rendered.tips.is_empty() && rendered.tips_intro.is_empty() {
            let id = rendered.tips_heading.as_ref().map(|h| h.id.clone());
            forget_heading(id, ids, rendered);
        }
    }
}

/// Takes the heading of an empty examples or tips section out of what links
/// to it: the template writes no section (and no heading) for it, so the
/// "on this page" box, the search and `@/` links must not point to its id.
/// It stays in [`Rendered::examples_heading`] or [`Rendered::tips_heading`],
/// for the warning at its place.
fn forget_heading(id: Option<String>, ids: &mut Ids, rendered: &mut Rendered) {
    let Some(id) = id else {
        return;
    };
    rendered.headings.retain(|h| h.id != id);
    rendered
        .sections
        .retain(|s| s.heading.as_ref().is_none_or(|h| h.id != id));
    ids.all.retain(|i| *i != id);
}

/// Makes a tip into a part: its bold start is the title, and its id is made
/// from the title (or the first words when it has none).
fn tip_part(
    offset: usize,
    body: Events<'_>,
    prefix: &str,
    source: &str,
    ids: &mut Ids,
    notes: &mut Vec<Note>,
) -> Part {
    let (title, body) = take_tip_title(body);
    let text = plain_text(body.iter().map(|(e, _)| e));
    let basis = if title.is_empty() {
        text.split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        title.clone()
    };
    let wanted = format!("tip-{}", slugify(&basis));
    let id = ids.claim(prefix, &wanted);
    if id != format!("{prefix}{wanted}") {
        notes.push(Note {
            offset,
            kind: NoteKind::AnchorTaken {
                wanted,
                got: id.clone(),
            },
        });
    }
    Part {
        id,
        title,
        text,
        html: render_safe(body, source, notes),
        offset,
    }
}

/// Consumes the events up to and including the end of the current heading.
fn skip_heading<'e>(events: &mut impl Iterator<Item = (usize, (Event<'e>, usize))>) {
    for (_, (event, _)) in events {
        if matches!(event, Event::End(TagEnd::Heading(_))) {
            break;
        }
    }
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
