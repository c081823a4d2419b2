//! Plain text from events: headings' and parts' texts, the first paragraph
//! (a fallback description), and the page cut into [`TextSection`]s for the
//! search index.
//!
//! Invariant: plain text has single spaces between words and none at either
//! end; block boundaries separate words, inline markup does not.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Heading, matching_end};

/// A stretch of the page as plain text, from one level-1 or level-2 heading
/// to the next (the first runs from the top to the first such heading): what
/// the search indexes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextSection {
    /// The heading that opens it (`None` for the text before any heading).
    pub heading: Option<Heading>,
    /// The text below the heading, headings of lower levels included.
    pub text: String,
}

/// Plain text made word by word, with one space between words, in one
/// pass: `space` says a space is owed before the next word.
#[derive(Default)]
struct PlainText {
    text: String,
    space: bool,
}

impl PlainText {
    fn word(&mut self, word: &str) {
        if !word.is_empty() {
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(word);
            self.space = false;
        }
    }

    /// Adds a piece of text, its runs of white space made one space. Bytes
    /// below 128 are whole characters, so most text is cut without
    /// decoding it.
    fn push(&mut self, piece: &str) {
        // Most text is words with single spaces: then it goes in whole.
        let inner = piece.trim_matches(' ');
        if inner.is_ascii()
            && !inner.bytes().any(|b| (b'\t'..=b'\r').contains(&b))
            && !inner.contains("  ")
        {
            self.space |= inner.len() < piece.len() && piece.starts_with(' ');
            self.word(inner);
            self.space |= inner.len() < piece.len() && piece.ends_with(' ');
            return;
        }
        let bytes = piece.as_bytes();
        let (mut start, mut i) = (0, 0);
        while i < bytes.len() {
            let (white, width) = if bytes[i] < 0x80 {
                (matches!(bytes[i], b'\t'..=b'\r' | b' '), 1)
            } else {
                piece[i..]
                    .chars()
                    .next()
                    .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
            };
            if white {
                self.word(&piece[start..i]);
                self.space = true;
                start = i + width;
            }
            i += width;
        }
        self.word(&piece[start..]);
    }
}

/// Plain text of a run of inline events.
pub(super) fn plain_text<'e>(events: impl IntoIterator<Item = &'e Event<'e>>) -> String {
    let mut plain = PlainText::default();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                plain.push(t)
            }
            Event::SoftBreak | Event::HardBreak => plain.space = true,
            // Block boundaries separate words; inline ones do not.
            Event::Start(tag) if is_inline(tag) => {}
            Event::End(tag) if is_inline_end(tag) => {}
            Event::Start(_) | Event::End(_) => plain.space = true,
            // A block of HTML, raw or written by a pass (a table's box, an
            // aligned cell), separates words too.
            Event::Html(_) => plain.space = true,
            _ => {}
        }
    }
    plain.text
}

/// Whether a tag is inline (emphasis, a link, an image, …): it does not
/// end a block of text.
pub(crate) fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// [`is_inline`] for the end of a tag.
pub(crate) fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

/// The first paragraph of the page as plain text (empty if it has none).
pub(super) fn first_paragraph(events: &[(Event<'_>, usize)]) -> String {
    match events
        .iter()
        .position(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
    {
        Some(i) => {
            let end = matching_end(events, i);
            plain_text(events[i..=end].iter().map(|(e, _)| e))
        }
        None => String::new(),
    }
}

/// The page as plain text, cut before each level-1 and level-2 heading.
pub(super) fn text_sections(
    events: &[(Event<'_>, usize)],
    heading_at: &HashMap<usize, Heading>,
) -> Vec<TextSection> {
    let mut sections = vec![TextSection::default()];
    let close = |sections: &mut Vec<TextSection>, from: usize, to: usize| {
        if let Some(last) = sections.last_mut() {
            last.text = plain_text(events[from..to.max(from)].iter().map(|(e, _)| e));
        }
    };
    // The headings that open a section, in the order of the page.
    let mut opening: Vec<(usize, &Heading)> = heading_at
        .iter()
        .filter(|(_, h)| h.level <= 2)
        .map(|(&i, h)| (i, h))
        .collect();
    opening.sort_unstable_by_key(|&(i, _)| i);
    let mut start = 0;
    for (i, heading) in opening {
        if i < start {
            continue;
        }
        close(&mut sections, start, i);
        sections.push(TextSection {
            heading: Some(heading.clone()),
            text: String::new(),
        });
        start = matching_end(events, i) + 1;
    }
    close(&mut sections, start, events.len());
    if sections
        .first()
        .is_some_and(|s| s.heading.is_none() && s.text.is_empty())
    {
        sections.remove(0);
    }
    sections
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;

    /// Plain text as it was made before: everything, then collapsed.
    fn plain_text_reference(events: &[Event<'_>]) -> String {
        let mut text = String::new();
        for event in events {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. })
                | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {}
                Event::Start(_) | Event::End(_) => text.push(' '),
                _ => {}
            }
        }
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    proptest::proptest! {
        #[test]
        fn plain_text_collapses_spaces_as_before(
            markdown in "([a-zé ]{0,6}|\\*\\*|_|`|\n|\n\n|- |# |\t|\u{a0}|\u{b}|\u{c}|\r|\u{85}|\u{2003}|\u{1c}|\\[x\\]\\(y\\)){0,24}"
        ) {
            let events: Vec<Event<'_>> = Parser::new(&markdown).collect();
            proptest::prop_assert_eq!(plain_text(&events), plain_text_reference(&events));
        }
    }
}
