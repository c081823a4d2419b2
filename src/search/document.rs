//! The results of the search, cut from a site before any analysis.
//!
//! This module owns what counts as one result: each competency's
//! introduction, each example and each tip with its anchor, and every other
//! page cut at its level-2 headings ([`documents`]). A [`Document`] borrows
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

/// One result of the search, before analysis; its texts borrowed from the
/// site where they can be.
#[derive(Clone, Debug)]
pub(crate) struct Document<'a> {
    /// Index of its page in the site's pages.
    pub page: usize,
    /// Its place on the page: `id = page * 256 + slot`. On a competency's
    /// page the slot also tells the kind: 0 the introduction, then the
    /// examples, then the tips; on other pages every slot is a section.
    pub slot: u32,
    /// Its title.
    pub title: Cow<'a, str>,
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
            anchor: self.anchor.map(|a| Cow::Owned(a.into_owned())),
            text: Cow::Owned(self.text.into_owned()),
        }
    }

    /// Its id in the postings: its page and its slot in one number.
    pub(crate) fn id(&self) -> u32 {
        self.page as u32 * SLOTS + self.slot
    }
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
    let mut push = |title: Cow<'a, str>, anchor: Option<&'a str>, text: Cow<'a, str>| {
        if slot < SLOTS {
            out.push(Document {
                page: index,
                slot,
                title,
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
            Cow::Borrowed(&page.front.title),
            None,
            Cow::Owned(introduction(page)),
        );
        for example in &r.examples {
            push(
                Cow::Borrowed(&example.title),
                Some(&example.id),
                Cow::Borrowed(&example.text),
            );
        }
        for tip in &r.tips {
            let title = if tip.title.is_empty() {
                Cow::Owned(first_words(&tip.text, 8))
            } else {
                Cow::Borrowed(tip.title.as_str())
            };
            push(title, Some(&tip.id), Cow::Borrowed(&tip.text));
        }
        return;
    }
    for section in &r.sections {
        match &section.heading {
            None => push(
                Cow::Borrowed(&page.front.title),
                None,
                Cow::Borrowed(&section.text),
            ),
            Some(heading) => push(
                Cow::Borrowed(&heading.text),
                Some(&heading.id),
                Cow::Borrowed(&section.text),
            ),
        }
    }
    if r.sections.is_empty() {
        push(Cow::Borrowed(&page.front.title), None, Cow::Borrowed(""));
    }
}

/// A competency's introduction: its summary and the text before the
/// examples (or the tips, if it has no examples).
fn introduction(page: &Page) -> String {
    let r = &page.rendered;
    let stop = r.examples_heading.as_ref().or(r.tips_heading.as_ref());
    let mut text = page.front.summary.clone().unwrap_or_default();
    for section in &r.sections {
        if section.heading.is_some() && section.heading.as_ref() == stop {
            break;
        }
        if let Some(heading) = &section.heading {
            text.push(' ');
            text.push_str(&heading.text);
        }
        text.push(' ');
        text.push_str(&section.text);
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
