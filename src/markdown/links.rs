//! Links written in Markdown: links to pages and files of `content/`
//! (`@/path.md#anchor`, `@/bijlagen/folder.pdf`, and the same written
//! relative to the page: `andere.md`, `../competenties/x.md#kop`,
//! `andere/`, `plaatje.png`), links to an anchor (`#anchor`) and root links
//! (`/img/x.png`), rewritten to working addresses below the site's base
//! path and recorded so the caller can check them once all pages are known.
//!
//! Invariant: every rewritten link is recorded, in the order of the page,
//! with the byte offset of the link in the body; links to other hosts
//! (`https://…`, `//host/…`) and other schemes (`mailto:`, `tel:`) are left
//! alone and not recorded, as is an empty destination or one that is only a
//! `?query`.

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
    /// A page or file of `content/` named by its path: a file after `@/`
    /// (`@/bijlagen/folder.pdf`), or any path relative to the folder of the
    /// Markdown file. What `path` ends in says what it must name: `.md` a
    /// page's file, `/` (or nothing, for the home page) a page's site path,
    /// anything else a file that is not a page.
    Content {
        /// The destination as written, for messages.
        written: String,
        /// The path below `content/`, percent-encoded as written, without
        /// `#…` or `?…`; `None` when the path climbs out of `content/`.
        path: Option<String>,
        /// The anchor, if any.
        anchor: Option<String>,
        /// Byte offset of the link in the body.
        offset: usize,
    },
}

impl Link {
    /// Byte offset of the link in the body.
    pub fn offset(&self) -> usize {
        match self {
            Link::Internal { offset, .. }
            | Link::Root { offset, .. }
            | Link::Content { offset, .. } => *offset,
        }
    }
}

/// Rewrites the destinations of links and images to the site's own pages
/// and files, and records them for checking.
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
            let (path, anchor) = split_anchor(rest);
            if !path.ends_with(".md") {
                let link = content_link(dest, Some(path.to_string()), anchor, *offset, options);
                *dest = CowStr::from(link.1);
                links.push(link.0);
                continue;
            }
            let url = (options.site_path)(path)
                .map(|site_path| format!("{}{site_path}", options.base_path));
            links.push(Link::Internal {
                path: path.to_string(),
                anchor: anchor.clone(),
                offset: *offset,
            });
            *dest = CowStr::from(with_anchor(url.unwrap_or_else(|| dest.to_string()), anchor));
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
        } else if !dest.is_empty() && !dest.starts_with('?') && !has_scheme(dest) {
            let (path, anchor) = split_anchor(dest);
            let resolved = resolve(options.folder, path);
            let link = content_link(dest, resolved, anchor, *offset, options);
            *dest = CowStr::from(link.1);
            links.push(link.0);
        }
    }
}

/// The [`Link::Content`] for a destination and the address to write
/// instead of it (the destination itself when there is none).
fn content_link(
    dest: &str,
    path: Option<String>,
    anchor: Option<String>,
    offset: usize,
    options: &RenderOptions<'_>,
) -> (Link, String) {
    let (path, query) = match path {
        Some(path) => match path.split_once('?') {
            Some((path, query)) => (Some(path.to_string()), format!("?{query}")),
            None => (Some(path), String::new()),
        },
        None => (None, String::new()),
    };
    let site_path = path.as_deref().and_then(|path| {
        if path.ends_with(".md") {
            (options.site_path)(path)
        } else {
            Some(path.to_string())
        }
    });
    let url = match site_path {
        Some(site_path) => with_anchor(
            format!("{}{site_path}{query}", options.base_path),
            anchor.clone(),
        ),
        None => dest.to_string(),
    };
    let link = Link::Content {
        written: dest.to_string(),
        path,
        anchor,
        offset,
    };
    (link, url)
}

/// `path#anchor` split in two.
fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    }
}

/// `url` with `#anchor` after it, if there is one.
fn with_anchor(mut url: String, anchor: Option<String>) -> String {
    if let Some(anchor) = anchor {
        url.push('#');
        url.push_str(&anchor);
    }
    url
}

/// Whether `dest` starts with a URL scheme (`https:`, `mailto:`, `tel:`),
/// as the URL standard spells one: a letter, then letters, digits, `+`,
/// `-` or `.`, then `:`.
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `relative` (with any `?query` kept at its end) resolved against
/// `folder`, a folder below `content/` (`competenties`, empty for
/// `content/` itself): `.` and `..` taken away, a final `/` kept. `None`
/// when the path climbs out of `content/`.
pub(crate) fn resolve(folder: &str, relative: &str) -> Option<String> {
    let (path, query) = match relative.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (relative, None),
    };
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let last = path.rsplit('/').next().unwrap_or("");
    let is_folder = matches!(last, "" | "." | "..");
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut resolved = parts.join("/");
    if is_folder && !resolved.is_empty() {
        resolved.push('/');
    }
    if let Some(query) = query {
        resolved.push('?');
        resolved.push_str(query);
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    #[test]
    fn relative_links_and_files_are_written_as_addresses() {
        let site_path = |p: &str| crate::content::site_path(p);
        let options = RenderOptions {
            examples_heading: None,
            tips_heading: None,
            behaviour_heading: None,
            levels_heading: None,
            reflection_heading: None,
            id_prefix: "",
            base_path: "/handboek/",
            site_path: &site_path,
            folder: "competenties",
            sections: false,
            table_name: "Tabel",
        };
        let body = "[a](x.md#kop) ![b](plaatje.png) [c](../) [d](mailto:a@b.nl) [e](@/bijlagen/f.pdf) [f](y/) [g](?q) [h](../../weg.md)";
        let r = render(body, &options);
        for written in [
            "href=\"/handboek/competenties/x/#kop\"",
            "src=\"/handboek/competenties/plaatje.png\"",
            "href=\"/handboek/\"",
            "href=\"mailto:a@b.nl\"",
            "href=\"/handboek/bijlagen/f.pdf\"",
            "href=\"/handboek/competenties/y/\"",
            "href=\"?q\"",
            "href=\"../../weg.md\"",
        ] {
            assert!(r.content.contains(written), "{written} in {}", r.content);
        }
        let paths: Vec<Option<&str>> = r
            .links
            .iter()
            .map(|link| match link {
                Link::Content { path, .. } => path.as_deref(),
                _ => Some("?"),
            })
            .collect();
        assert_eq!(
            paths,
            [
                Some("competenties/x.md"),
                Some("competenties/plaatje.png"),
                Some(""),
                Some("bijlagen/f.pdf"),
                Some("competenties/y/"),
                None
            ]
        );
    }

    #[test]
    fn relative_paths_resolve_against_the_folder() {
        assert_eq!(
            resolve("competenties", "x.md").as_deref(),
            Some("competenties/x.md")
        );
        assert_eq!(
            resolve("competenties", "../bijlagen/a.pdf").as_deref(),
            Some("bijlagen/a.pdf")
        );
        assert_eq!(
            resolve("competenties", "./andere/").as_deref(),
            Some("competenties/andere/")
        );
        assert_eq!(resolve("competenties", "..").as_deref(), Some(""));
        assert_eq!(resolve("competenties", "../").as_deref(), Some(""));
        assert_eq!(resolve("", "x/").as_deref(), Some("x/"));
        assert_eq!(resolve("a", "b.png?v=2").as_deref(), Some("a/b.png?v=2"));
        assert_eq!(resolve("competenties", "../../x.md"), None);
    }

    #[test]
    fn schemes_are_told_from_paths() {
        for dest in [
            "https://x.nl/",
            "mailto:a@b.nl",
            "tel:+31201234567",
            "javascript:x",
        ] {
            assert!(has_scheme(dest), "{dest}");
        }
        for dest in ["plaatje.png", "a/b:c.png", "1x:y", "../x.md#a:b"] {
            assert!(!has_scheme(dest), "{dest}");
        }
    }
}
