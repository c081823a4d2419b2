//! Markdown to HTML with pulldown-cmark, plus what Bekwaam needs from a page.
//!
//! One parse of a page's body yields everything: the HTML, the heading ids
//! (unique slugs), the internal links to check later (with their byte offset in
//! the body), and — for competencies — the page cut into its parts: the free
//! text, the examples (each level-3 heading under the examples heading) and the
//! tips (each top-level list item under the tips heading), each with a stable
//! anchor.
//!
//! Invariants: every `id` this module writes is unique within one call;
//! internal links (`@/path.md#anchor`) and root links (`/img/x.png`) are
//! rewritten to the site's base path, and returned so the caller can check
//! that they point somewhere.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a render needs to know about the page and the site.
pub struct RenderOptions<'a> {
    /// The level-2 heading that opens the examples; `None` for pages that are
    /// not competencies.
    pub examples_heading: Option<&'a str>,
    /// The level-2 heading that opens the tips.
    pub tips_heading: Option<&'a str>,
    /// Put before every id (used on the print page, where many pages meet).
    pub id_prefix: &'a str,
    /// The site's base path, starting and ending with `/`.
    pub base_path: &'a str,
    /// Maps the path in an internal link (`competenties/x.md`) to the page's
    /// site path (`competenties/x/`), or `None` if that is not a page path.
    pub site_path: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Also cut the page into plain-text sections ([`Rendered::sections`]),
    /// which only the search index reads.
    pub sections: bool,
}

/// A heading of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The unique id (with prefix).
    pub id: String,
    /// The heading as plain text.
    pub text: String,
}

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

/// A link that must be checked once all pages are known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// `@/path.md#anchor`: `path` is relative to `content/`; an empty path is
    /// a link to an anchor on the same page.
    Internal {
        /// The content path, as written.
        path: String,
        /// The anchor, if any.
        anchor: Option<String>,
        /// Byte offset of the link in the body.
        offset: usize,
    },
    /// A link or image starting with `/`: must be a file of the output.
    Root {
        /// The site path without the leading `/` (and without `#…`/`?…`).
        path: String,
        /// Byte offset of the link in the body.
        offset: usize,
    },
}

/// The result of rendering one page body.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The free text before the examples and tips (all of it for other pages).
    pub content: String,
    /// Free text after the examples and tips.
    pub content_after: String,
    /// Text under the examples heading before the first example.
    pub examples_intro: String,
    /// The examples.
    pub examples: Vec<Part>,
    /// Text under the tips heading before the list of tips.
    pub tips_intro: String,
    /// The tips.
    pub tips: Vec<Part>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every id written (headings, tips, footnotes).
    pub ids: Vec<String>,
    /// Links to check.
    pub links: Vec<Link>,
    /// The first paragraph as plain text (a fallback for descriptions).
    pub first_paragraph: String,
    /// The examples heading as written, if the page has one.
    pub examples_heading: Option<Heading>,
    /// The tips heading as written, if the page has one.
    pub tips_heading: Option<Heading>,
    /// The page as plain text, cut at level-1 and level-2 headings.
    pub sections: Vec<TextSection>,
    /// Things worth a warning.
    pub notes: Vec<Note>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Makes an id from text: the usual slug (`Wanneer schakel je door?` →
/// `wanneer-schakel-je-door`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Keeps ids unique within one page.
#[derive(Default)]
struct Ids {
    seen: HashSet<String>,
    all: Vec<String>,
}

impl Ids {
    /// Returns `prefix + wanted`, with `-1`, `-2`, … added if already taken.
    fn claim(&mut self, prefix: &str, wanted: &str) -> String {
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
fn plain_text<'e>(events: impl IntoIterator<Item = &'e Event<'e>>) -> String {
    let mut plain = PlainText::default();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                plain.push(t)
            }
            Event::SoftBreak | Event::HardBreak => plain.space = true,
            // Block boundaries separate words; inline ones do not.
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::Start(_) | Event::End(_) => plain.space = true,
            _ => {}
        }
    }
    plain.text
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

/// Index of the event that closes the element opened at `start`.
fn matching_end(events: &[(Event<'_>, usize)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// Renders a page body. `body` is the Markdown after the front matter.
pub fn render(body: &str, options_: &RenderOptions<'_>) -> Rendered {
    let mut events: Vec<(Event<'_>, usize)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .collect();
    let mut ids = Ids::default();
    let mut rendered = Rendered::default();
    let prefix = options_.id_prefix;

    // Headings: unique ids, and a note of each heading's level and text.
    let mut heading_at: HashMap<usize, Heading> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let end = matching_end(&events, i);
            let text = plain_text(events[i + 1..end].iter().map(|(e, _)| e));
            let wanted = match id {
                Some(id) => id.to_string(),
                None => slugify(&text),
            };
            let level = level_number(*level);
            let unique = ids.claim(prefix, &wanted);
            let offset = events[i].1;
            if unique != format!("{prefix}{wanted}") && !wanted.is_empty() {
                rendered.notes.push(Note {
                    offset,
                    kind: NoteKind::AnchorTaken {
                        wanted: wanted.clone(),
                        got: unique.clone(),
                    },
                });
            }
            let before = rendered.headings.last().map_or(0, |h| h.level);
            if before > 0 && level > before + 1 {
                rendered.notes.push(Note {
                    offset,
                    kind: NoteKind::HeadingSkip {
                        from: before,
                        to: level,
                    },
                });
            }
            // Under the examples heading, examples are level-3 headings.
            let under_examples = rendered
                .headings
                .iter()
                .rev()
                .find(|h| h.level <= 2)
                .is_some_and(|h| names(&h.text, options_.examples_heading));
            let example_seen = rendered
                .headings
                .iter()
                .rev()
                .take_while(|h| h.level > 2)
                .any(|h| h.level == 3);
            if level != 2
                && (names(&text, options_.examples_heading) || names(&text, options_.tips_heading))
            {
                rendered.notes.push(Note {
                    offset,
                    kind: NoteKind::PartsHeadingLevel(level),
                });
            }
            if under_examples && level > 3 && !example_seen {
                rendered.notes.push(Note {
                    offset,
                    kind: NoteKind::ExampleLevel(level),
                });
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            let heading = Heading {
                level,
                id: unique,
                text,
            };
            rendered.headings.push(heading.clone());
            heading_at.insert(i, heading);
            i = end;
        }
        i += 1;
    }

    rewrite_footnotes(&mut events, &mut ids, prefix);
    rewrite_links(&mut events, options_, &mut rendered.links);
    check_raw(&mut events, &mut rendered.notes);

    if let Some(i) = events
        .iter()
        .position(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
    {
        let end = matching_end(&events, i);
        rendered.first_paragraph = plain_text(events[i..=end].iter().map(|(e, _)| e));
    }

    if options_.sections {
        rendered.sections = text_sections(&events, &heading_at);
    }
    split_parts(events, &heading_at, options_, &mut ids, &mut rendered);
    rendered.ids = ids.all;
    rendered.shrink();
    rendered
}

impl Rendered {
    /// Gives back the spare room the texts were made with: a site keeps
    /// every page's texts in memory until it is written.
    fn shrink(&mut self) {
        for text in [
            &mut self.content,
            &mut self.content_after,
            &mut self.examples_intro,
            &mut self.tips_intro,
            &mut self.first_paragraph,
        ] {
            text.shrink_to_fit();
        }
        for part in self.examples.iter_mut().chain(&mut self.tips) {
            part.html.shrink_to_fit();
            part.text.shrink_to_fit();
        }
        for section in &mut self.sections {
            section.text.shrink_to_fit();
        }
    }
}

/// The page as plain text, cut before each level-1 and level-2 heading.
fn text_sections(
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

/// Notes raw HTML with scripts or event handlers and images without alt
/// text, and makes `javascript:`, `vbscript:` and `data:` links harmless.
fn check_raw(events: &mut [(Event<'_>, usize)], notes: &mut Vec<Note>) {
    for i in 0..events.len() {
        let offset = events[i].1;
        match &mut events[i].0 {
            Event::Html(html) | Event::InlineHtml(html) => {
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
            Event::Start(Tag::Link { dest_url, .. }) => {
                let scheme = dest_url.trim_start().to_ascii_lowercase();
                if let Some(bad) = ["javascript:", "vbscript:", "data:"]
                    .into_iter()
                    .find(|s| scheme.starts_with(s))
                {
                    notes.push(Note {
                        offset,
                        kind: NoteKind::UnsafeLink(bad.trim_end_matches(':').to_string()),
                    });
                    *dest_url = CowStr::from("#");
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let scheme = dest_url.trim_start().to_ascii_lowercase();
                let bad = ["javascript:", "vbscript:"]
                    .into_iter()
                    .find(|s| scheme.starts_with(s))
                    .or_else(|| {
                        (scheme.starts_with("data:") && !scheme.starts_with("data:image/"))
                            .then_some("data:")
                    });
                if let Some(bad) = bad {
                    notes.push(Note {
                        offset,
                        kind: NoteKind::UnsafeLink(bad.trim_end_matches(':').to_string()),
                    });
                    *dest_url = CowStr::from("#");
                }
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

/// True if lower-cased HTML has an attribute such as ` onclick=`.
fn has_event_handler(html: &str) -> bool {
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

/// Replaces footnote events by HTML with numbers that run over the whole page
/// (the page is rendered in several pieces, so pulldown-cmark's own numbering,
/// which restarts per piece, cannot be used).
fn rewrite_footnotes(events: &mut [(Event<'_>, usize)], ids: &mut Ids, prefix: &str) {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let number_of = |name: &str, numbers: &mut HashMap<String, usize>| {
        let next = numbers.len() + 1;
        *numbers.entry(name.to_string()).or_insert(next)
    };
    let mut def_ids: HashMap<String, String> = HashMap::new();
    // Claim definition ids first so references can point at them.
    for (event, _) in events.iter() {
        if let Event::Start(Tag::FootnoteDefinition(name)) = event {
            let id = ids.claim(prefix, &format!("voetnoot-{}", slugify(name)));
            def_ids.insert(name.to_string(), id);
        }
    }
    for (event, _) in events.iter_mut() {
        match event {
            Event::FootnoteReference(name) => {
                let n = number_of(name, &mut numbers);
                let html = match def_ids.get(name.as_ref()) {
                    Some(id) => {
                        format!("<sup class=\"footnote-reference\"><a href=\"#{id}\">{n}</a></sup>")
                    }
                    None => format!("<sup class=\"footnote-reference\">{n}</sup>"),
                };
                *event = Event::InlineHtml(CowStr::from(html));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let n = number_of(name, &mut numbers);
                let id = def_ids.get(name.as_ref()).cloned().unwrap_or_default();
                *event = Event::Html(CowStr::from(format!(
                    "<div class=\"footnote-definition\" id=\"{id}\"><sup class=\"footnote-definition-label\">{n}</sup>\n"
                )));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                *event = Event::Html(CowStr::from("</div>\n"));
            }
            _ => {}
        }
    }
}

/// Rewrites `@/…` and `/…` destinations and records them for checking.
fn rewrite_links(
    events: &mut [(Event<'_>, usize)],
    options: &RenderOptions<'_>,
    links: &mut Vec<Link>,
) {
    for (event, offset) in events.iter_mut() {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        if let Some(rest) = dest.strip_prefix("@/") {
            let (path, anchor) = match rest.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor.to_string())),
                None => (rest, None),
            };
            let url = (options.site_path)(path)
                .map(|site_path| format!("{}{site_path}", options.base_path));
            links.push(Link::Internal {
                path: path.to_string(),
                anchor: anchor.clone(),
                offset: *offset,
            });
            let mut new = url.unwrap_or_else(|| dest.to_string());
            if let Some(anchor) = anchor {
                new.push('#');
                new.push_str(&anchor);
            }
            *dest = CowStr::from(new);
        } else if let Some(anchor) = dest.strip_prefix('#') {
            links.push(Link::Internal {
                path: String::new(),
                anchor: Some(anchor.to_string()),
                offset: *offset,
            });
            if !options.id_prefix.is_empty() {
                *dest = CowStr::from(format!("#{}{anchor}", options.id_prefix));
            }
        } else if let Some(rest) = dest.strip_prefix('/') {
            if rest.starts_with('/') {
                continue; // `//host/…`: another host, left alone.
            }
            let path = rest.split(['#', '?']).next().unwrap_or("").to_string();
            links.push(Link::Root {
                path,
                offset: *offset,
            });
            *dest = CowStr::from(format!("{}{rest}", options.base_path));
        }
    }
}

/// Where the events of a top-level block go.
enum Section {
    Before,
    Examples,
    Tips,
    After,
}

fn render_html(events: Vec<Event<'_>>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// True if a heading's text is the examples or tips heading `wanted` (case
/// and a trailing colon aside).
fn names(text: &str, wanted: Option<&str>) -> bool {
    wanted.is_some_and(|w| {
        text.trim()
            .trim_end_matches(':')
            .eq_ignore_ascii_case(w.trim())
    })
}

/// Cuts the page into free text, examples and tips, and renders each piece.
fn split_parts(
    events: Vec<(Event<'_>, usize)>,
    heading_at: &HashMap<usize, Heading>,
    options: &RenderOptions<'_>,
    ids: &mut Ids,
    rendered: &mut Rendered,
) {
    let is_competency = options.examples_heading.is_some() || options.tips_heading.is_some();
    if !is_competency {
        rendered.content = render_html(events.into_iter().map(|(e, _)| e).collect());
        return;
    }

    let mut section = Section::Before;
    let mut before: Vec<Event<'_>> = Vec::new();
    let mut after: Vec<Event<'_>> = Vec::new();
    let mut examples_intro: Vec<Event<'_>> = Vec::new();
    let mut tips_intro: Vec<Event<'_>> = Vec::new();
    // (heading, body events)
    let mut examples: Vec<(Heading, usize, Vec<Event<'_>>)> = Vec::new();
    let mut tips: Vec<(usize, Vec<Event<'_>>)> = Vec::new();

    let mut events = events.into_iter().enumerate().peekable();
    let mut depth = 0usize;
    // Depth of the list of tips while inside it, and the tip being collected.
    let mut tips_list_open = false;
    let mut current_tip: Option<(usize, Vec<Event<'_>>)> = None;
    while let Some((index, (event, offset))) = events.next() {
        let top_level = depth == 0;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if let Some(heading) = heading_at.get(&index).filter(|_| top_level) {
            if heading.level <= 2 {
                let is_examples =
                    heading.level == 2 && names(&heading.text, options.examples_heading);
                let is_tips = heading.level == 2 && names(&heading.text, options.tips_heading);
                if is_examples || is_tips {
                    if is_examples {
                        section = Section::Examples;
                        rendered.examples_heading = Some(heading.clone());
                    } else {
                        section = Section::Tips;
                        rendered.tips_heading = Some(heading.clone());
                    }
                    // The heading itself is written by the template: skip it.
                    skip_heading(&mut events);
                    depth = 0;
                    continue;
                }
                if !matches!(section, Section::Before) {
                    section = Section::After;
                }
            } else if heading.level == 3 && matches!(section, Section::Examples) {
                examples.push((heading.clone(), offset, Vec::new()));
                skip_heading(&mut events);
                depth = 0;
                continue;
            }
        }
        match section {
            Section::Before => before.push(event),
            Section::After => after.push(event),
            Section::Examples => match examples.last_mut() {
                Some((_, _, body)) => body.push(event),
                None => examples_intro.push(event),
            },
            Section::Tips => {
                // The first top-level list holds the tips.
                if top_level
                    && !tips_list_open
                    && tips.is_empty()
                    && matches!(event, Event::Start(Tag::List(_)))
                {
                    tips_list_open = true;
                    continue;
                }
                if tips_list_open {
                    if depth == 0 {
                        // The list closed.
                        tips_list_open = false;
                        continue;
                    }
                    if depth == 1 && matches!(event, Event::End(TagEnd::Item)) {
                        if let Some(tip) = current_tip.take() {
                            tips.push(tip);
                        }
                        continue;
                    }
                    if depth == 2 && matches!(event, Event::Start(Tag::Item)) {
                        current_tip = Some((offset, Vec::new()));
                        continue;
                    }
                    if let Some((_, body)) = &mut current_tip {
                        body.push(event);
                    }
                    continue;
                }
                if tips.is_empty() {
                    tips_intro.push(event);
                } else {
                    after.push(event);
                }
            }
        }
    }

    rendered.content = render_html(before);
    rendered.content_after = render_html(after);
    rendered.examples_intro = render_html(examples_intro);
    rendered.tips_intro = render_html(tips_intro);
    rendered.examples = examples
        .into_iter()
        .map(|(heading, offset, body)| Part {
            id: heading.id,
            title: heading.text,
            text: plain_text(body.iter()),
            html: render_html(body),
            offset,
        })
        .collect();
    let notes = &mut rendered.notes;
    rendered.tips = tips
        .into_iter()
        .map(|(offset, body)| {
            let (title, body) = take_tip_title(body);
            let text = plain_text(body.iter());
            let basis = if title.is_empty() {
                text.split_whitespace()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                title.clone()
            };
            let wanted = format!("tip-{}", slugify(&basis));
            let id = ids.claim(options.id_prefix, &wanted);
            if id != format!("{}{wanted}", options.id_prefix) {
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
                html: render_html(body),
                offset,
            }
        })
        .collect();
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
fn take_tip_title(mut body: Vec<Event<'_>>) -> (String, Vec<Event<'_>>) {
    let start = usize::from(matches!(body.first(), Some(Event::Start(Tag::Paragraph))));
    if !matches!(body.get(start), Some(Event::Start(Tag::Strong))) {
        return (String::new(), body);
    }
    let Some(end) = body[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Strong)))
        .map(|p| p + start)
    else {
        return (String::new(), body);
    };
    let mut title = plain_text(body[start + 1..end].iter());
    body.drain(start..=end);
    let title_had_colon = title.ends_with(':');
    title = title.trim_end_matches(':').trim().to_string();
    if let Some(Event::Text(text)) = body.get_mut(start) {
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

#[cfg(test)]
mod tests {
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

    fn site_path(path: &str) -> Option<String> {
        path.strip_suffix(".md").map(|p| format!("{p}/"))
    }

    fn opts(competency: bool) -> RenderOptions<'static> {
        RenderOptions {
            examples_heading: competency.then_some("Voorbeelden"),
            tips_heading: competency.then_some("Praktijktips"),
            id_prefix: "",
            base_path: "/handboek/",
            site_path: &site_path,
            sections: true,
        }
    }

    #[test]
    fn notes_find_what_deserves_a_warning() {
        let r = render(
            "## Voorbeelden\n\n#### Te diep\n\nT.\n\n## A\n\n## A\n\n![](/x.png) <b onclick=\"x\">b</b>\n\n[l](javascript:x)\n",
            &opts(true),
        );
        let kinds: Vec<&NoteKind> = r.notes.iter().map(|n| &n.kind).collect();
        assert!(kinds.contains(&&NoteKind::ExampleLevel(4)), "{kinds:?}");
        assert!(
            kinds.contains(&&NoteKind::HeadingSkip { from: 2, to: 4 }),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, NoteKind::AnchorTaken { .. })),
            "{kinds:?}"
        );
        assert!(kinds.contains(&&NoteKind::ImageWithoutAlt), "{kinds:?}");
        assert!(kinds.contains(&&NoteKind::EventHandler), "{kinds:?}");
        assert!(
            kinds.contains(&&NoteKind::UnsafeLink("javascript".into())),
            "{kinds:?}"
        );
        assert!(
            !has_event_handler("<p>on = off</p>")
                && !has_event_handler("<a href=\"x\">reason=1</a>")
        );
    }

    #[test]
    fn rendered_texts_keep_no_spare_room() {
        // A 10,000-page site keeps every page's texts until it is written.
        let markdown = "Intro met *nadruk*.\n\n## Voorbeelden\n\n### Een\n\nTekst. ".repeat(40)
            + "\n\n## Praktijktips\n\n- **Tip.** Doe het.\n";
        let r = render(&markdown, &opts(true));
        assert!(!r.content.is_empty() && !r.sections.is_empty() && !r.tips.is_empty());
        assert_eq!(r.content.capacity(), r.content.len());
        for section in &r.sections {
            assert_eq!(section.text.capacity(), section.text.len());
        }
        for part in r.examples.iter().chain(&r.tips) {
            assert_eq!(part.html.capacity(), part.html.len());
            assert_eq!(part.text.capacity(), part.text.len());
        }
    }

    #[test]
    fn heading_ids_are_slugs_and_unique() {
        let r = render(
            "## Wanneer schakel je door?\n\n## Wanneer schakel je door?\n\n### Créëer {#eigen}\n",
            &opts(false),
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "wanneer-schakel-je-door",
                "wanneer-schakel-je-door-1",
                "eigen"
            ]
        );
        assert!(r.content.contains("<h2 id=\"wanneer-schakel-je-door-1\">"));
    }

    #[test]
    fn examples_and_tips_are_cut_out() {
        let body = "Intro met *nadruk*.\n\n## Wat je ziet\n\n- Je luistert.\n\n## Voorbeelden\n\n\
                    ### Mevrouw Jansen\n\nZe belt.\n\n#### Wat hielp\n\nRust.\n\n### Het buurthuis\n\nDrukte.\n\n\
                    ## Praktijktips\n\n- **Vraag door**: Stel een open vraag.\n- **Stilte:** Laat stilte vallen.\n\
                    - Een tip zonder titel\n  - met een sublijst\n\n## Meer lezen\n\nZie ook.\n";
        let r = render(body, &opts(true));
        assert!(r.content.contains("Intro met <em>nadruk</em>"));
        assert!(r.content.contains("<h2 id=\"wat-je-ziet\">"));
        assert!(!r.content.contains("Voorbeelden"));
        assert_eq!(r.examples.len(), 2);
        assert_eq!(r.examples[0].title, "Mevrouw Jansen");
        assert_eq!(r.examples[0].id, "mevrouw-jansen");
        assert!(r.examples[0].html.contains("<h4 id=\"wat-hielp\">"));
        assert_eq!(r.examples[0].text, "Ze belt. Wat hielp Rust.");
        assert_eq!(r.tips.len(), 3);
        assert_eq!(r.tips[0].title, "Vraag door");
        assert_eq!(r.tips[0].id, "tip-vraag-door");
        assert_eq!(r.tips[0].html, "Stel een open vraag.");
        assert_eq!(r.tips[1].title, "Stilte");
        assert_eq!(r.tips[1].text, "Laat stilte vallen.");
        assert_eq!(r.tips[2].title, "");
        assert_eq!(r.tips[2].id, "tip-een-tip-zonder-titel-met-een");
        assert!(r.tips[2].html.contains("<ul>"));
        assert!(r.content_after.contains("Zie ook."));
        assert!(r.ids.contains(&"tip-vraag-door".to_string()));
    }

    #[test]
    fn tip_ids_stay_unique() {
        let r = render(
            "## Praktijktips\n\n- **Rust**: a\n- **Rust**: b\n",
            &opts(true),
        );
        assert_eq!(r.tips[0].id, "tip-rust");
        assert_eq!(r.tips[1].id, "tip-rust-1");
    }

    #[test]
    fn links_are_rewritten_and_recorded() {
        let r = render(
            "[a](@/competenties/x.md#kop) [b](/img/logo.png) ![c](/img/foto.jpg) [d](#hier) [e](https://example.org/)",
            &opts(false),
        );
        assert!(r.content.contains("href=\"/handboek/competenties/x/#kop\""));
        assert!(r.content.contains("href=\"/handboek/img/logo.png\""));
        assert!(r.content.contains("src=\"/handboek/img/foto.jpg\""));
        assert!(r.content.contains("href=\"https://example.org/\""));
        assert_eq!(
            r.links[0],
            Link::Internal {
                path: "competenties/x.md".into(),
                anchor: Some("kop".into()),
                offset: 0
            }
        );
        assert_eq!(r.links.len(), 4);
    }

    #[test]
    fn footnotes_number_across_pieces_and_prefix_applies() {
        let body =
            "Tekst[^a].\n\n## Praktijktips\n\n- **T**: meer[^b].\n\n[^a]: Eerste.\n[^b]: Tweede.\n";
        let mut options = opts(true);
        options.id_prefix = "p--";
        let r = render(body, &options);
        assert!(r.content.contains("<a href=\"#p--voetnoot-a\">1</a>"));
        assert!(r.tips[0].html.contains("<a href=\"#p--voetnoot-b\">2</a>"));
        assert_eq!(r.tips[0].id, "p--tip-t");
    }

    #[test]
    fn markdown_extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~weg~~ \"citaat\"\n\n- [x] klaar\n",
            &opts(false),
        );
        assert!(r.content.contains("<table>"));
        assert!(r.content.contains("<del>weg</del>"));
        assert!(r.content.contains("“citaat”"));
        assert!(r.content.contains("type=\"checkbox\""));
        assert_eq!(r.first_paragraph, "weg “citaat”");
    }
}
