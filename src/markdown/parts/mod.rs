//! A competency cut into its parts, each piece rendered to HTML on its own:
//! the free text; the behaviour indicators (each top-level item of the first
//! list under the behaviour heading); the levels (each level-3 heading under
//! the levels heading, with a description and its own list of indicators);
//! the examples (each level-3 heading under the examples heading); the tips
//! (each top-level item of the first list under the tips heading); and the
//! reflection questions (each item of the first list under the reflection
//! heading).
//!
//! Invariants: every event of the page lands in exactly one piece, apart
//! from the parts' level-2 headings (the template writes those), the example
//! and level headings and tip titles (they become titles and names) and the
//! list and item tags around the list parts. A list part's id is claimed
//! after every heading's, so it never takes a heading's id; tips claim
//! theirs first, so a tip's id does not depend on the newer parts.

mod lists;

use std::collections::HashMap;

use pulldown_cmark::Event;

use super::headings::names;
use super::ids::{Ids, slugify};
use super::safe::render_safe;
use super::text::plain_text;
use super::{Heading, Note, RenderOptions, Rendered};
use lists::{IdBasis, ListPiece, item_part, tip_part};

/// An example, a tip, an indicator or a reflection question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// The stable anchor (with prefix).
    pub id: String,
    /// The title: the example's heading or the tip's bold start (empty for
    /// a tip without one, an indicator and a question).
    pub title: String,
    /// The body as HTML, without the title.
    pub html: String,
    /// The body as plain text.
    pub text: String,
    /// Byte offset of the part in the body.
    pub offset: usize,
}

/// A section whose parts are list items: the behaviour indicators or the
/// reflection questions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListSection {
    /// The level-2 heading as written, if the page has one.
    pub heading: Option<Heading>,
    /// Text under the heading before the list, as HTML.
    pub intro: String,
    /// The items.
    pub items: Vec<Part>,
    /// Text after the list, as HTML.
    pub after: String,
}

/// The levels of a competency, under the levels heading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Levels {
    /// The level-2 heading as written, if the page has one.
    pub heading: Option<Heading>,
    /// Text under the heading before the first level, as HTML.
    pub intro: String,
    /// The levels, in the order written.
    pub levels: Vec<Level>,
}

/// One level of a competency: a level-3 heading under the levels heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Level {
    /// The heading: its text is the level's name, its id the anchor.
    pub heading: Heading,
    /// What the level means for this competency: the text before its list,
    /// as HTML.
    pub description: String,
    /// The same as plain text.
    pub text: String,
    /// The indicators: the items of its first list.
    pub indicators: Vec<Part>,
    /// Text after the list, as HTML.
    pub after: String,
}

/// Cuts the page into its parts and renders each piece (`body` is the
/// Markdown the events' offsets point into). A page that is not a
/// competency is one piece: [`Rendered::content`].
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
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Section {
    #[default]
    Before,
    Behaviour,
    Levels,
    Examples,
    Tips,
    Reflection,
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
    behaviour: ListPiece<'e>,
    levels_intro: Events<'e>,
    levels: Vec<(Heading, ListPiece<'e>)>,
    examples_intro: Events<'e>,
    /// (heading, offset, body events)
    examples: Vec<(Heading, usize, Events<'e>)>,
    tips: ListPiece<'e>,
    reflection: ListPiece<'e>,
}

/// Sorts every event of the page into its piece; the parts' headings found
/// go to `rendered`.
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
            && pieces.opens_part(heading, options, rendered)
        {
            skip_heading(&mut events);
            depth = 0;
            continue;
        }
        pieces.push(event, offset, top_level, depth);
    }
    pieces
}

/// The section a level-2 heading opens, if it names one of the parts.
fn section_named(text: &str, options: &RenderOptions<'_>) -> Option<Section> {
    [
        (options.behaviour_heading, Section::Behaviour),
        (options.levels_heading, Section::Levels),
        (options.examples_heading, Section::Examples),
        (options.tips_heading, Section::Tips),
        (options.reflection_heading, Section::Reflection),
    ]
    .into_iter()
    .find(|(wanted, _)| names(text, *wanted))
    .map(|(_, section)| section)
}

impl<'e> Pieces<'e> {
    /// Moves on to the piece a top-level heading opens. True if the heading
    /// is not part of the HTML: the parts' level-2 headings (the template
    /// writes them), an example's heading (it becomes the title) and a
    /// level's heading (it becomes its name).
    fn opens_part(
        &mut self,
        heading: &Heading,
        options: &RenderOptions<'_>,
        rendered: &mut Rendered,
    ) -> bool {
        if heading.level <= 2 {
            let opened = (heading.level == 2)
                .then(|| section_named(&heading.text, options))
                .flatten();
            if let Some(section) = opened {
                self.section = section;
                let found = Some(heading.clone());
                match section {
                    Section::Behaviour => rendered.behaviour.heading = found,
                    Section::Levels => rendered.levels.heading = found,
                    Section::Examples => rendered.examples_heading = found,
                    Section::Tips => rendered.tips_heading = found,
                    Section::Reflection => rendered.reflection.heading = found,
                    Section::Before | Section::After => {}
                }
                return true;
            }
            if self.section != Section::Before {
                self.section = Section::After;
            }
            return false;
        }
        if heading.level != 3 {
            return false;
        }
        match self.section {
            Section::Examples => {
                self.examples
                    .push((heading.clone(), heading.offset, Vec::new()));
                true
            }
            Section::Levels => {
                self.levels.push((heading.clone(), ListPiece::default()));
                true
            }
            _ => false,
        }
    }

    /// Puts an event in the piece it belongs to; `depth` is the nesting
    /// after the event, `top_level` whether it was 0 before it.
    fn push(&mut self, event: Event<'e>, offset: usize, top_level: bool, depth: usize) {
        match self.section {
            Section::Before => self.before.push((event, offset)),
            Section::After => self.after.push((event, offset)),
            Section::Behaviour => self.behaviour.push_kept(event, offset, top_level, depth),
            Section::Reflection => self.reflection.push_kept(event, offset, top_level, depth),
            Section::Levels => match self.levels.last_mut() {
                Some((_, level)) => level.push_kept(event, offset, top_level, depth),
                None => self.levels_intro.push((event, offset)),
            },
            Section::Examples => match self.examples.last_mut() {
                Some((_, _, body)) => body.push((event, offset)),
                None => self.examples_intro.push((event, offset)),
            },
            // What follows the list of tips is free text after the parts.
            Section::Tips => {
                if let Some(after) = self.tips.push(event, offset, top_level, depth) {
                    self.after.push(after);
                }
            }
        }
    }

    /// Renders each piece into `rendered`, claiming the list parts' ids.
    fn render(self, prefix: &str, source: &str, ids: &mut Ids, rendered: &mut Rendered) {
        let notes = &mut rendered.notes;
        rendered.content = render_safe(self.before, source, notes);
        rendered.content_after = render_safe(self.after, source, notes);
        rendered.examples_intro = render_safe(self.examples_intro, source, notes);
        rendered.tips_intro = render_safe(self.tips.intro, source, notes);
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
        let tip = IdBasis {
            prefix,
            kind: "tip-",
        };
        rendered.tips = self
            .tips
            .items
            .into_iter()
            .map(|item| tip_part(item, &tip, source, ids, notes))
            .collect();
        let list = |piece: ListPiece<'_>, kind: &str, ids: &mut Ids, notes: &mut Vec<Note>| {
            let basis = IdBasis { prefix, kind };
            let items = piece
                .items
                .into_iter()
                .map(|item| item_part(item, &basis, source, ids, notes))
                .collect();
            (
                render_safe(piece.intro, source, notes),
                items,
                render_safe(piece.after, source, notes),
            )
        };
        let (intro, items, after) = list(self.behaviour, "gedrag-", ids, notes);
        (rendered.behaviour.intro, rendered.behaviour.items) = (intro, items);
        rendered.behaviour.after = after;
        rendered.levels.intro = render_safe(self.levels_intro, source, notes);
        for (heading, piece) in self.levels {
            let kind = format!(
                "{}-",
                slugify(heading.id.strip_prefix(prefix).unwrap_or(""))
            );
            let text = plain_text(piece.intro.iter().map(|(e, _)| e));
            let (description, indicators, after) = list(piece, &kind, ids, notes);
            rendered.levels.levels.push(Level {
                heading,
                description,
                text,
                indicators,
                after,
            });
        }
        let (intro, items, after) = list(self.reflection, "vraag-", ids, notes);
        (rendered.reflection.intro, rendered.reflection.items) = (intro, items);
        rendered.reflection.after = after;
        forget_empty(ids, rendered);
    }
}

/// Takes the heading of an empty part section out of what links to it: the
/// template writes no section (and no heading) for it, so the "on this page"
/// box, the search and `@/` links must not point to its id. It stays in
/// [`Rendered`] (`examples_heading`, `behaviour.heading`, …), for the
/// warning at its place.
fn forget_empty(ids: &mut Ids, rendered: &mut Rendered) {
    let empty = [
        (
            rendered.examples.is_empty() && rendered.examples_intro.is_empty(),
            &rendered.examples_heading,
        ),
        (
            rendered.tips.is_empty() && rendered.tips_intro.is_empty(),
            &rendered.tips_heading,
        ),
        (rendered.behaviour.is_empty(), &rendered.behaviour.heading),
        (
            rendered.levels.levels.is_empty() && rendered.levels.intro.is_empty(),
            &rendered.levels.heading,
        ),
        (rendered.reflection.is_empty(), &rendered.reflection.heading),
    ];
    let gone: Vec<String> = empty
        .into_iter()
        .filter_map(|(is_empty, heading)| heading.as_ref().filter(|_| is_empty))
        .map(|heading| heading.id.clone())
        .collect();
    for id in gone {
        rendered.headings.retain(|h| h.id != id);
        rendered
            .sections
            .retain(|s| s.heading.as_ref().is_none_or(|h| h.id != id));
        ids.all.retain(|i| *i != id);
    }
}

impl ListSection {
    /// True if nothing would be shown under its heading.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.intro.is_empty() && self.after.is_empty()
    }
}

impl Levels {
    /// Every indicator of every level, in order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Level, &Part)> {
        self.levels
            .iter()
            .flat_map(|level| level.indicators.iter().map(move |part| (level, part)))
    }
}

/// Consumes the events up to and including the end of the current heading.
fn skip_heading<'e>(events: &mut impl Iterator<Item = (usize, (Event<'e>, usize))>) {
    for (_, (event, _)) in events {
        if matches!(event, Event::End(pulldown_cmark::TagEnd::Heading(_))) {
            break;
        }
    }
}
