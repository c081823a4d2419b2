//! The results of the search, cut from a site before any analysis.
//!
//! This module owns what counts as one result: each competency's
//! introduction, each example, each tip, each behaviour indicator (of the
//! behaviour list and of every level) and each reflection question with its
//! anchor, and every other page cut at its level-2 headings ([`documents`]). A [`Document`] borrows
//! its texts from the site where it can, so cutting a 10,000-page site copies
//! little.
//!
//! Invariants the index relies on:
//!
//! - documents come in page order and, within a page, in slot order, so
//!   their ids (`page * SLOTS + slot`) grow with their index in the list (the
//!   postings store ids as differences);
//! - a page has at most [`SLOTS`] documents: the text of any result beyond
//!   the last slot is added to the last one, so nothing is lost to the
//!   search;
//! - every page has at least one document (an empty page: its title).

use std::borrow::Cow;

use super::SLOTS;
use crate::content::{Page, PageKind, Site};
use crate::markdown::Heading;

/// How many words of a part without a title of its own (a tip, an
/// indicator, a question) make its title in the results.
const TITLE_WORDS: usize = 8;

/// One result of the search, before analysis; its texts borrowed from the
/// site where they can be.
#[derive(Clone, Debug)]
pub(crate) struct Document<'a> {
    /// Index of its page in the site's pages.
    pub page: usize,
    /// Its place on the page: `id = page * 256 + slot`. On a competency's
    /// page the slot also tells the kind: 0 the introduction, then the
    /// examples, the tips, the behaviour indicators (those of the behaviour
    /// list, then those of each level) and the reflection questions; on
    /// other pages every slot is a section.
    pub slot: u32,
    /// Its title.
    pub title: Cow<'a, str>,
    /// True if the title is the result's own (a heading, a tip's bold
    /// start, a page's title) and its words count as a title's; false for
    /// a title made of the first words of the text, which names the result
    /// in the list but would count those words twice.
    pub titled: bool,
    /// The anchor on the page (`None`: the top of the page).
    pub anchor: Option<Cow<'a, str>>,
    /// Its text.
    pub text: Cow<'a, str>,
}

impl Document<'_> {
    /// The same document, owning its texts.
    #[cfg(feature = "serve")]
    pub(crate) fn into_owned(self) -> Document<'static> {
        Document {
            page: self.page,
            slot: self.slot,
            title: Cow::Owned(self.title.into_owned()),
            titled: self.titled,
            anchor: self.anchor.map(|a| Cow::Owned(a.into_owned())),
            text: Cow::Owned(self.text.into_owned()),
        }
    }

    /// Its id in the postings: its page and its slot in one number.
    pub(crate) fn id(&self) -> u32 {
        self.page as u32 * SLOTS + self.slot
    }
}

/// A result's title: its own, or made of the first words of its text.
enum Title<'a> {
    Own(&'a str),
    Words(String),
}

/// The results of a site, in page order.
pub(crate) fn documents(site: &Site) -> Vec<Document<'_>> {
    let mut documents = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        page_documents(index, page, &mut documents);
    }
    documents
}

fn page_documents<'a>(index: usize, page: &'a Page, out: &mut Vec<Document<'a>>) {
    let r = &page.rendered;
    let mut slot = 0u32;
    let mut push = |title: Title<'a>, anchor: Option<&'a str>, text: Cow<'a, str>| {
        if slot < SLOTS {
            let (title, titled) = match title {
                Title::Own(title) => (Cow::Borrowed(title), true),
                Title::Words(words) => (Cow::Owned(words), false),
            };
            out.push(Document {
                page: index,
                slot,
                title,
                titled,
                anchor: anchor.map(Cow::Borrowed),
                text,
            });
        } else if let Some(last) = out.last_mut() {
            // More results than slots: the rest counts for the last one.
            let last = last.text.to_mut();
            last.push(' ');
            last.push_str(&text);
        }
        slot += 1;
    };
    if page.kind == PageKind::Competency {
        push(
            Title::Own(&page.front.title),
            None,
            Cow::Owned(introduction(page)),
        );
        for example in &r.examples {
            push(
                Title::Own(&example.title),
                Some(&example.id),
                Cow::Borrowed(&example.text),
            );
        }
        for tip in &r.tips {
            let title = if tip.title.is_empty() {
                Title::Words(first_words(&tip.text, TITLE_WORDS))
            } else {
                Title::Own(&tip.title)
            };
            push(title, Some(&tip.id), Cow::Borrowed(&tip.text));
        }
        for indicator in &r.behaviour.items {
            let title = Title::Words(first_words(&indicator.text, TITLE_WORDS));
            push(title, Some(&indicator.id), Cow::Borrowed(&indicator.text));
        }
        for (level, indicator) in r.levels.indicators() {
            let words = first_words(&indicator.text, TITLE_WORDS);
            let title = Title::Words(format!("{}: {words}", level.heading.text));
            push(title, Some(&indicator.id), Cow::Borrowed(&indicator.text));
        }
        for question in &r.reflection.items {
            let title = Title::Words(first_words(&question.text, TITLE_WORDS));
            push(title, Some(&question.id), Cow::Borrowed(&question.text));
        }
        return;
    }
    for section in &r.sections {
        match &section.heading {
            None => push(
                Title::Own(&page.front.title),
                None,
                Cow::Borrowed(&section.text),
            ),
            Some(heading) => push(
                Title::Own(&heading.text),
                Some(&heading.id),
                Cow::Borrowed(&section.text),
            ),
        }
    }
    if r.sections.is_empty() {
        push(Title::Own(&page.front.title), None, Cow::Borrowed(""));
    }
}

/// A competency's introduction: its summary, its free text (before, between
/// and after its parts: behaviour, levels, examples, tips, reflection
/// questions) and what each level means for it. The parts are results of
/// their own, so the sections under their headings are left out and their
/// words are not counted twice.
fn introduction(page: &Page) -> String {
    let r = &page.rendered;
    let parts = [
        r.behaviour.heading.as_ref(),
        r.levels.heading.as_ref(),
        r.examples_heading.as_ref(),
        r.tips_heading.as_ref(),
        r.reflection.heading.as_ref(),
    ];
    let is_part = |heading: &Heading| parts.iter().flatten().any(|p| p.id == heading.id);
    let mut text = page.front.summary.clone().unwrap_or_default();
    for section in &r.sections {
        if let Some(heading) = &section.heading {
            if is_part(heading) {
                continue;
            }
            text.push(' ');
            text.push_str(&heading.text);
        }
        text.push(' ');
        text.push_str(&section.text);
    }
    for level in &r.levels.levels {
        if !level.text.is_empty() {
            text.push(' ');
            text.push_str(&level.heading.text);
            text.push(' ');
            text.push_str(&level.text);
        }
    }
    text.trim().to_string()
}

/// The first `n` words of `text`, with ` …` if there were more.
fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    if words.len() > n {
        format!("{} …", words[..n].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tip_without_a_title_is_named_by_its_first_words() {
        assert_eq!(first_words("een twee drie", 8), "een twee drie");
        assert_eq!(first_words("a b c d e f g h i j", 8), "a b c d e f g h …");
        assert_eq!(first_words("", 8), "");
    }
}
