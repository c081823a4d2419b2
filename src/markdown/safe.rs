//! Raw HTML made safe: no script from Markdown.
//!
//! A piece of a page (the free text, an example, a tip) is rendered to HTML
//! and, when it holds raw HTML from the Markdown, read once more by
//! `lol_html`, which tokenises as a browser does and copies every byte it is
//! not asked to change. Reading the finished piece rather than each raw
//! HTML event matters: pulldown-cmark hands a block of raw HTML over line by
//! line, and a tag may start in one event and end in the next, or after a
//! paragraph that Markdown wrote. What this pass sees is what the browser
//! will see.
//!
//! What it changes, each with a [`Note`] at the place in the Markdown:
//!
//! - `<script>` elements are removed with their content, as are `<style>`
//!   elements and `style` attributes (the site's Content-Security-Policy
//!   would block them anyway);
//! - event handler attributes (`on…`) and `srcdoc` are removed;
//! - a `javascript:`, `vbscript:` or `data:` address in an attribute that
//!   holds one is made harmless, as Markdown links are: a link target
//!   (`href`, `action`, …) becomes `#`, any other (`src`, `poster`, …) is
//!   removed. `data:image/…` stays in `<img src>`/`srcset`: the policy allows
//!   images from `data:`, and an image cannot run script;
//! - `<iframe>`, `<object>` and `<embed>` are kept, with a warning: the policy
//!   shows only frames of the site itself, and no plug-ins.
//!
//! Invariant: a piece leaves the browser where it found it, outside any tag,
//! comment or element whose text is not HTML, and in the HTML namespace. A
//! piece that does not (an unfinished tag, an `<svg>` left open) or that
//! `lol_html` cannot read without guessing is rendered again with its raw
//! HTML as text, so nothing it holds can change what follows it.

use std::cell::Cell;
use std::fmt;

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element};
use pulldown_cmark::Event;

use super::{Note, NoteKind};
use crate::links::srcset_candidates;

/// Ends every piece while it is read: seen as an element in the HTML
/// namespace only if the piece closed all it opened.
const END: &str = "<bekwaam-einde></bekwaam-einde>";

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Attributes that hold a link target: an unsafe one becomes `#`.
const TARGETS: [&str; 4] = ["href", "xlink:href", "action", "formaction"];

/// Attributes that hold the address of something the page loads or names:
/// an unsafe one is removed.
const ADDRESSES: [&str; 10] = [
    "src",
    "poster",
    "background",
    "cite",
    "data",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "manifest",
];

/// Elements that show another document or a plug-in.
const EMBEDDED: [&str; 4] = ["iframe", "frame", "object", "embed"];

/// Renders a piece of a page to HTML that runs no script; what was changed
/// goes to `notes`. `body` is the page's Markdown, whose byte offsets the
/// events carry.
pub(super) fn render_safe(
    events: Vec<(Event<'_>, usize)>,
    body: &str,
    notes: &mut Vec<Note>,
) -> String {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
    {
        // Markdown alone writes no script: its links were checked already.
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        return html;
    }
    let (html, marks) = render_marked(&events);
    match make_safe(&html) {
        Ok((safe, findings)) => {
            notes.extend(findings.into_iter().map(|(at, kind)| Note {
                offset: marks.source(at, &events, body),
                kind,
            }));
            safe
        }
        Err(kind) => {
            let last_raw = events
                .iter()
                .rev()
                .find(|(event, offset)| is_raw(event, *offset, body))
                .or_else(|| events.last())
                .map_or(0, |(_, offset)| *offset);
            notes.push(Note {
                offset: last_raw,
                kind,
            });
            as_text(events, body)
        }
    }
}

/// True for raw HTML written in the Markdown (not HTML that an earlier
/// pass, such as the footnotes, put in as an event).
fn is_raw(event: &Event<'_>, offset: usize, body: &str) -> bool {
    match event {
        Event::Html(html) | Event::InlineHtml(html) => {
            body.get(offset..offset + html.len()) == Some(html.as_ref())
        }
        _ => false,
    }
}

/// The piece rendered with its raw HTML as text. HTML that an earlier pass
/// put in (footnotes) stays, as long as the piece is then safe; otherwise
/// every bit of HTML in the piece becomes text.
fn as_text(events: Vec<(Event<'_>, usize)>, body: &str) -> String {
    let render = |all: bool| {
        let mut html = String::new();
        let events = events.iter().map(|(event, offset)| match event {
            Event::Html(text) | Event::InlineHtml(text) if all || is_raw(event, *offset, body) => {
                Event::Text(text.clone())
            }
            other => other.clone(),
        });
        pulldown_cmark::html::push_html(&mut html, events);
        html
    };
    let html = render(false);
    match make_safe(&html) {
        Ok((safe, _)) => safe,
        Err(_) => render(true),
    }
}

/// Where each event's HTML starts: `(offset in the HTML, event index)`.
struct Marks(Vec<(usize, usize)>);

impl Marks {
    /// The byte offset in the Markdown of the byte `at` of the HTML: within
    /// raw HTML exact, elsewhere the start of the event that wrote it.
    fn source(&self, at: usize, events: &[(Event<'_>, usize)], body: &str) -> usize {
        let next = self.0.partition_point(|&(html_at, _)| html_at <= at);
        let Some(&(html_at, index)) = next.checked_sub(1).and_then(|i| self.0.get(i)) else {
            return events.first().map_or(0, |(_, offset)| *offset);
        };
        let (event, offset) = &events[index];
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                within(html, at - html_at, body, *offset).unwrap_or(*offset)
            }
            _ => *offset,
        }
    }
}

/// The offset in `body` of byte `at` of raw HTML `html` that starts at
/// `offset`. In a list or a quote the lines after the first lost their
/// indent or `>`: each of those is found in its line of `body`.
fn within(html: &str, at: usize, body: &str, offset: usize) -> Option<usize> {
    let at = at.min(html.len());
    let source = body.get(offset..)?;
    let line = html[..at].matches('\n').count();
    if line == 0 || source.starts_with(html) {
        return Some(offset + at);
    }
    let line_start = html[..at].rfind('\n').map_or(0, |i| i + 1);
    let text_line = html[line_start..].split('\n').next()?;
    let mut source_start = 0;
    for _ in 0..line {
        source_start += source[source_start..].find('\n')? + 1;
    }
    let source_line = source[source_start..].split('\n').next()?;
    let found = source_line.find(text_line)?;
    Some(offset + source_start + found + (at - line_start))
}

/// Counts what pulldown-cmark has written so far.
struct Counting<'c> {
    html: String,
    written: &'c Cell<usize>,
}

impl fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.html.push_str(s);
        self.written.set(self.html.len());
        Ok(())
    }
}

/// Renders the events, noting where in the HTML each one starts: the writer
/// takes an event and writes it before it takes the next.
fn render_marked(events: &[(Event<'_>, usize)]) -> (String, Marks) {
    let written = Cell::new(0);
    let mut marks = Vec::with_capacity(events.len());
    let mut out = Counting {
        html: String::new(),
        written: &written,
    };
    let iter = events.iter().enumerate().map(|(index, (event, _))| {
        marks.push((written.get(), index));
        event.clone()
    });
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut out, iter);
    (out.html, Marks(marks))
}

/// What was changed, at a byte of the HTML.
type Findings = Vec<(usize, NoteKind)>;

/// Rewrites one piece of HTML so that it runs no script. The error is the
/// note for a piece that cannot be made safe as it is.
fn make_safe(html: &str) -> Result<(String, Findings), NoteKind> {
    let mut findings = Vec::new();
    let mut ended = false;
    let input = format!("{html}{END}");
    let settings = RewriteStrSettings::new()
        .with_enable_esi_tags(false)
        .append_element_content_handler(element!("*", |el| {
            if el.tag_name() == "bekwaam-einde" && el.source_location().bytes().start == html.len()
            {
                ended = el.namespace_uri() == HTML_NAMESPACE;
                el.remove();
            } else {
                check_element(el, &mut findings);
            }
            Ok(())
        }));
    let safe = lol_html::rewrite_str(&input, settings).map_err(|_| NoteKind::UnreadableHtml)?;
    if !ended {
        return Err(NoteKind::UnfinishedHtml);
    }
    Ok((safe, findings))
}

/// Makes one element safe.
fn check_element(el: &mut Element<'_, '_>, findings: &mut Findings) {
    let tag = el.tag_name();
    let at = el.source_location().bytes().start;
    match tag.as_str() {
        "script" => {
            findings.push((at, NoteKind::Script));
            el.remove();
            return;
        }
        "style" => {
            findings.push((at, NoteKind::InlineStyle("<style>".into())));
            el.remove();
            return;
        }
        _ if EMBEDDED.contains(&tag.as_str()) => {
            findings.push((at, NoteKind::Embedded(tag.clone())));
        }
        _ => {}
    }
    let attributes: Vec<(String, String, usize)> = el
        .attributes()
        .iter()
        .map(|a| {
            let place = a.name_source_location().map_or(at, |l| l.bytes().start);
            (a.name(), a.value(), place)
        })
        .collect();
    for (name, value, place) in attributes {
        if let Some(kind) = check_attribute(el, &tag, &name, &value) {
            findings.push((place, kind));
        }
    }
}

/// Makes one attribute safe; the note if it was changed.
fn check_attribute(
    el: &mut Element<'_, '_>,
    tag: &str,
    name: &str,
    value: &str,
) -> Option<NoteKind> {
    if name.starts_with("on") {
        el.remove_attribute(name);
        return Some(NoteKind::EventHandler(name.to_string()));
    }
    if name == "srcdoc" {
        el.remove_attribute(name);
        return Some(NoteKind::RemovedAttribute(name.to_string()));
    }
    if name == "style" {
        el.remove_attribute(name);
        return Some(NoteKind::InlineStyle("style".into()));
    }
    let value = htmlize::unescape_attribute(value);
    let image = tag == "img" || tag == "source";
    let scheme = if TARGETS.contains(&name) || ADDRESSES.contains(&name) {
        unsafe_scheme(&value, image && name == "src")
    } else if name == "srcset" || name == "imagesrcset" {
        srcset_candidates(&value)
            .into_iter()
            .find_map(|(url, _)| unsafe_scheme(url, image))
    } else if matches!(name, "to" | "from" | "by" | "values") && matches!(tag, "set" | "animate") {
        // SVG animation can set an `href` to any of these values.
        value.split(';').find_map(|v| unsafe_scheme(v, false))
    } else {
        None
    }?;
    let link = TARGETS.contains(&name);
    if link {
        // Setting a plain ASCII value on a known attribute cannot fail.
        let _ = el.set_attribute(name, "#");
    } else {
        el.remove_attribute(name);
    }
    Some(NoteKind::UnsafeUrl {
        attribute: name.to_string(),
        scheme: scheme.trim_end_matches(':').to_string(),
        link,
    })
}

/// The unsafe scheme (with colon) an address starts with, read as a
/// browser reads it: spaces and control characters around it and tabs and
/// line breaks in it do not count. `data:` is fine for an image when it is
/// one (`data:image/…`).
pub(super) fn unsafe_scheme(address: &str, image: bool) -> Option<&'static str> {
    let start: String = address
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = ["javascript:", "vbscript:", "data:"]
        .into_iter()
        .find(|s| start.starts_with(s))?;
    if scheme == "data:" && image && start.starts_with("data:image/") {
        return None;
    }
    Some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(html: &str) -> (String, Vec<NoteKind>) {
        let (safe, findings) = make_safe(html).expect("a finished piece");
        (safe, findings.into_iter().map(|(_, kind)| kind).collect())
    }

    #[test]
    fn handlers_scripts_and_unsafe_addresses_go() {
        let (html, kinds) = safe(
            "<p>a</p><iframe src=\"javascript:alert(1)\"></iframe><a href=\" java\tscript:x\" onclick=\"x\">b</a><script>alert(2)</script><img src=\"data:image/png;base64,AA\" alt=\"\">",
        );
        assert_eq!(
            html,
            "<p>a</p><iframe></iframe><a href=\"#\">b</a><img src=\"data:image/png;base64,AA\" alt=\"\">"
        );
        assert_eq!(
            kinds,
            [
                NoteKind::Embedded("iframe".into()),
                NoteKind::UnsafeUrl {
                    attribute: "src".into(),
                    scheme: "javascript".into(),
                    link: false,
                },
                NoteKind::UnsafeUrl {
                    attribute: "href".into(),
                    scheme: "javascript".into(),
                    link: true,
                },
                NoteKind::EventHandler("onclick".into()),
                NoteKind::Script,
            ]
        );
    }

    #[test]
    fn encoded_schemes_are_read_as_a_browser_reads_them() {
        let (html, _) = safe(
            "<a href=\"&#106;avascript&colon;x\">a</a><object data=\"DATA:text/html,x\"></object>",
        );
        assert_eq!(html, "<a href=\"#\">a</a><object></object>");
        let (html, kinds) = safe(
            "<svg><a xlink:href=\"javascript:x\"><set attributeName=\"href\" to=\"javascript:y\"/></a></svg>",
        );
        assert!(!html.contains("javascript"), "{html}");
        assert_eq!(kinds.len(), 2, "{kinds:?}");
    }

    #[test]
    fn a_piece_that_leaves_a_tag_or_svg_open_is_refused() {
        assert!(matches!(
            make_safe("<div title=\"x"),
            Err(NoteKind::UnfinishedHtml)
        ));
        assert!(matches!(
            make_safe("<div\nclass=x"),
            Err(NoteKind::UnfinishedHtml)
        ));
        assert!(matches!(
            make_safe("<textarea>x"),
            Err(NoteKind::UnfinishedHtml)
        ));
        assert!(matches!(
            make_safe("<svg><g>"),
            Err(NoteKind::UnfinishedHtml)
        ));
        assert!(matches!(
            make_safe("x <!-- y"),
            Err(NoteKind::UnfinishedHtml)
        ));
        assert!(make_safe("<div class=\"x\">").is_ok());
        // The end mark of the piece itself, not one written in it.
        assert!(matches!(
            make_safe("<div title=\"<bekwaam-einde></bekwaam-einde>"),
            Err(NoteKind::UnfinishedHtml)
        ));
    }

    #[test]
    fn unsafe_schemes() {
        assert_eq!(unsafe_scheme("JavaScript:x", false), Some("javascript:"));
        assert_eq!(unsafe_scheme("\u{1}vbscript:x", false), Some("vbscript:"));
        assert_eq!(unsafe_scheme("data:image/png,x", true), None);
        assert_eq!(unsafe_scheme("data:image/png,x", false), Some("data:"));
        assert_eq!(unsafe_scheme("data:text/html,x", true), Some("data:"));
        assert_eq!(unsafe_scheme("https://example.org/", false), None);
        assert_eq!(unsafe_scheme("/javascript:x", false), None);
    }
}
