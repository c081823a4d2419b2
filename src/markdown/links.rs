//! Links written in Markdown: internal links (`@/path.md#anchor`, `#anchor`)
//! and root links (`/img/x.png`), rewritten to the site's base path and
//! recorded so the caller can check them once all pages are known.
//!
//! Invariant: every rewritten link is recorded, in the order of the page,
//! with the byte offset of the link in the body; links to other hosts
//! (`https://…`, `//host/…`) are left alone and not recorded.

use pulldown_cmark::{CowStr, Event, Tag};

use super::RenderOptions;

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

/// Rewrites `@/…` and `/…` destinations and records them for checking.
pub(super) fn rewrite_links(
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
