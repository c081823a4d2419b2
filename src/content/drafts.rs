//! Drafts: pages with `draft = true`. A build leaves them out, unless it
//! is asked for them (`--drafts`, [`crate::config::Config::drafts`]); then
//! they are built like any page and their template marks them.
//!
//! Invariant: a published page never links to a draft that is left out.
//! Such a link (`@/…` or relative in the Markdown, or a slug in `related`) is an error
//! of its own, so the build writes no link that leads nowhere, and the
//! editor reads that the page is a draft rather than that it is missing.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;

use super::{Page, PageKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Link;

/// Splits `pages` into those to publish and the drafts to leave out (none
/// when `include` is set).
pub(super) fn left_out(pages: Vec<Page>, include: bool) -> (Vec<Page>, Vec<Page>) {
    if include {
        return (pages, Vec::new());
    }
    pages.into_iter().partition(|page| !page.front.draft)
}

/// An error for every link from a published page to a draft that is left
/// out: in the Markdown (`@/…`) and in `related`.
pub(super) fn check_links_to_drafts(pages: &[Page], drafts: &[Page], problems: &mut Diagnostics) {
    if drafts.is_empty() {
        return;
    }
    let by_source: HashMap<&str, &Page> = drafts.iter().map(|d| (d.source.as_str(), d)).collect();
    let by_slug: HashMap<&str, &Page> = drafts
        .iter()
        .filter(|d| d.kind == PageKind::Competency)
        .map(|d| (d.slug.as_str(), d))
        .collect();
    let by_path: HashMap<&str, &Page> = drafts.iter().map(|d| (d.path.as_str(), d)).collect();
    for page in pages {
        for written in &page.links {
            let (shown, draft) = match &written.link {
                Link::Internal { path, .. } => (format!("@/{path}"), by_source.get(path.as_str())),
                // A relative link: to the draft's file, or to its address.
                Link::Content {
                    written,
                    path: Some(path),
                    ..
                } => {
                    let path = percent_decode_str(path).decode_utf8_lossy();
                    let draft = by_source
                        .get(path.as_ref())
                        .or_else(|| by_path.get(path.as_ref()));
                    (written.clone(), draft)
                }
                _ => continue,
            };
            if let Some(draft) = draft {
                problems.push(
                    Diagnostic::error(
                        &page.file,
                        format!("de link naar `{shown}` wijst naar een concept: die pagina heeft `draft = true` en komt niet op de site"),
                    )
                    .at(written.line, written.column)
                    .with_help(help(draft)),
                );
            }
        }
        for slug in &page.front.related {
            if let Some(draft) = by_slug.get(slug.as_str()) {
                problems.push(
                    Diagnostic::error(
                        &page.file,
                        format!("`related` noemt `{slug}`, maar die competentie is een concept (`draft = true`) en komt niet op de site"),
                    )
                    .at(page.related_at.0, page.related_at.1)
                    .with_help(help(draft)),
                );
            }
        }
    }
}

/// What to do about a link to `draft`.
fn help(draft: &Page) -> String {
    format!(
        "haal de link weg tot {} af is, of haal daar `draft = true` weg; met --drafts kun je concepten bekijken",
        draft.file.display()
    )
}
