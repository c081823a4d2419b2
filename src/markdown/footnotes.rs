//! Footnotes, numbered over the whole page.
//!
//! The page is rendered in several pieces (free text, examples, tips), so
//! pulldown-cmark's own numbering, which restarts per piece, cannot be used:
//! footnote events become HTML here, before the page is cut. Invariant: a
//! footnote's number is the order of its first mention, reference or
//! definition, and its definition's id is claimed like any other id.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::ids::{Ids, slugify};

/// Replaces footnote events by HTML with numbers that run over the whole page.
pub(super) fn rewrite_footnotes(events: &mut [(Event<'_>, usize)], ids: &mut Ids, prefix: &str) {
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let number_of = |name: &str, numbers: &mut HashMap<String, usize>| {
        let next = numbers.len() + 1;
        *numbers.entry(name.to_string()).or_insert(next)
    };
    let def_ids = definition_ids(events, ids, prefix);
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

/// Claims the definitions' ids first, so references before a definition can
/// point at it.
fn definition_ids(
    events: &[(Event<'_>, usize)],
    ids: &mut Ids,
    prefix: &str,
) -> HashMap<String, String> {
    let mut def_ids = HashMap::new();
    for (event, _) in events {
        if let Event::Start(Tag::FootnoteDefinition(name)) = event {
            let id = ids.claim(prefix, &format!("voetnoot-{}", slugify(name)));
            def_ids.insert(name.to_string(), id);
        }
    }
    def_ids
}
