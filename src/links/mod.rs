//! Links, in one place: those written in Markdown, those in the rendered
//! pages, and those templates write.
//!
//! - **Written links to pages** ([`check_written`]): every link of every
//!   page to a page (`@/page.md#anchor`, `andere.md`, `andere/`, `#anchor`)
//!   must name a page, and its anchor an id on that page. Checked when the
//!   site is assembled, with the file, line and column the editor wrote the
//!   link at ([`crate::content::WrittenLink`]).
//! - **Written links to files** ([`check_rendered`]): a link or image
//!   written in Markdown that names a file (`/img/x.png`, `plaatje.png` next
//!   to the page, `@/bijlagen/folder.pdf`) must name a file of the finished
//!   output.
//! - **Template links** ([`finished::check`], for `bekwaam check` only):
//!   every `href`, `src` and `srcset` of every finished HTML page is
//!   followed within the site.
//!
//! All of them, and the portable rewrite ([`crate::portable`]), read
//! addresses with one helper: [`Addresses`], the site's root and the files
//! below it.

pub(crate) mod finished;
mod written;

pub(crate) use written::{check_rendered, check_written};

use url::Url;

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// The origin used for a site whose `base_url` is only a path: links are
/// resolved against it, and no real link names it.
const PATH_ONLY_ORIGIN: &str = "http://bekwaam.invalid/";

/// Where a site lives, for following its own links: its root address and
/// the files below it.
pub(crate) struct Addresses {
    /// The site's root: its origin and base path.
    root: Url,
    /// `root.path()`: percent-encoded, starting and ending with `/`.
    pub(crate) base: String,
}

impl Addresses {
    pub(crate) fn new(config: &Config) -> Result<Addresses, Diagnostic> {
        let origin = match Url::parse(&config.base_url) {
            Ok(url) if !url.cannot_be_a_base() => Ok(url),
            _ => Url::parse(PATH_ONLY_ORIGIN),
        };
        let root = origin
            .and_then(|origin| origin.join(&config.base_path))
            .map_err(|error| {
                Diagnostic::general(format!(
                    "kan het adres van de site niet bepalen uit `base_url` `{}`: {error}",
                    config.base_url
                ))
                .with_help("schrijf een volledig adres (`https://intranet.example.nl/handboek/`) of een pad dat met `/` begint")
            })?;
        let base = root.path().to_string();
        Ok(Addresses { root, base })
    }

    /// The address of a file of the output (`competenties/x/index.html`).
    pub(crate) fn file_url(&self, path: &str) -> Url {
        let mut url = self.root.clone();
        // `root` came from joining a path onto a URL that can be a base, so
        // it has path segments; the `if` only keeps this free of a panic.
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().extend(path.split('/'));
        }
        url
    }

    /// The path of `target` below the site's root, still percent-encoded
    /// (`competenties/x/`, empty for the root), or `None` when `target` is
    /// not part of the site (another host, or outside the base path).
    pub(crate) fn site_path<'u>(&self, target: &'u Url) -> Option<&'u str> {
        let same_origin = target.scheme() == self.root.scheme()
            && target.host() == self.root.host()
            && target.port_or_known_default() == self.root.port_or_known_default();
        if !same_origin {
            return None;
        }
        let path = target.path();
        if path == self.base.trim_end_matches('/') {
            Some("")
        } else {
            path.strip_prefix(&self.base)
        }
    }
}

/// The candidates of a `srcset`: each URL with its descriptors (`2x`,
/// `640w`), following the HTML standard's parsing rules: a URL runs to the
/// next whitespace (trailing commas end the candidate), descriptors run to the
/// next comma outside parentheses.
pub(crate) fn srcset_candidates(value: &str) -> Vec<(&str, &str)> {
    let mut candidates = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return candidates;
        }
        let url_end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = &rest[..url_end];
        if url.ends_with(',') {
            candidates.push((url.trim_end_matches(','), ""));
            rest = &rest[url_end..];
            continue;
        }
        let after = &rest[url_end..];
        let mut depth = 0usize;
        let mut descriptors_end = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    descriptors_end = i;
                    break;
                }
                _ => {}
            }
        }
        candidates.push((url, after[..descriptors_end].trim()));
        rest = &after[descriptors_end..];
    }
}
