//! The links written in Markdown, checked where they are written: with the
//! file, line and column of the link, and "bedoel je …?" when one known path
//! is a typo away.
//!
//! - [`check_written`], when the site is assembled: links to pages
//!   (`@/x.md#kop`, `andere.md`, `../competenties/x.md`, `andere/`, `#kop`)
//!   must name a page, and an anchor an id on it.
//! - [`check_rendered`], once the output is known: links to files
//!   (`/img/x.png`, `@/bijlagen/folder.pdf`, `plaatje.png` next to the page)
//!   must name a file of the output: a file of `content/`, of `static/` or of
//!   the theme.

use std::collections::{HashMap, HashSet};

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::content::{self, Page, Site, WrittenLink};
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::markdown::Link;
use crate::output::Output;

/// The pages a written link can name.
struct Known<'s> {
    by_source: HashMap<&'s str, &'s Page>,
    by_path: HashMap<&'s str, &'s Page>,
    /// Source paths of the pages that could not be loaded.
    failed: &'s HashSet<String>,
    /// Site paths of those pages.
    failed_paths: HashSet<String>,
    /// Site paths of the pages Bekwaam makes (`alle-praktijktips/`): a
    /// link may name them by their address, but not an anchor on them.
    generated: HashSet<&'s str>,
}

/// Checks every link to a page written in the pages of `site`: the page
/// must exist and the anchor must be an id on it. Links to a page in
/// `failed` (one that could not be loaded) are not reported: the editor has
/// one thing to fix, not a page of follow-up errors.
pub(crate) fn check_written(site: &Site, failed: &HashSet<String>, problems: &mut Diagnostics) {
    // The preview checks on every save, so this must stay cheap for 10,000
    // pages with 80,000 links: one index by source, anchors looked up in the
    // target's own (short) list, messages made only for errors, pages
    // checked in parallel.
    let known = Known {
        by_source: site.pages.iter().map(|p| (p.source.as_str(), p)).collect(),
        by_path: site.pages.iter().map(|p| (p.path.as_str(), p)).collect(),
        failed,
        failed_paths: failed
            .iter()
            .filter_map(|s| content::site_path(s))
            .collect(),
        generated: site
            .layout
            .overviews()
            .into_iter()
            .map(|(_, path)| path)
            .chain([site.layout.competencies.as_str(), ""])
            .collect(),
    };
    let found: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let known = &known;
            page.links
                .iter()
                .filter_map(move |written| check_one(page, written, known))
        })
        .collect();
    problems.extend(found);
}

/// The problem with one written link to a page, if any.
fn check_one(page: &Page, written: &WrittenLink, known: &Known<'_>) -> Option<Diagnostic> {
    let error = |message: String, help: String| {
        Some(
            Diagnostic::error(&page.file, message)
                .at(written.line, written.column)
                .with_help(help),
        )
    };
    let (shown, target, anchor) = match &written.link {
        Link::Internal { path, anchor, .. } => {
            let target = if path.is_empty() { &page.source } else { path };
            if known.failed.contains(target) {
                return None;
            }
            let shown = if path.is_empty() {
                String::new()
            } else {
                format!("@/{path}")
            };
            let Some(&target) = known.by_source.get(target.as_str()) else {
                let help = match closest(path, known.by_source.keys().copied()) {
                    Some(near) => format!("bedoel je `@/{near}`?"),
                    None => {
                        "schrijf het pad vanaf de map content/, met .md: `@/competenties/naam.md`"
                            .to_string()
                    }
                };
                return error(
                    format!("de link naar `{shown}` wijst naar een pagina die niet bestaat"),
                    help,
                );
            };
            (shown, target, anchor)
        }
        Link::Content {
            written: shown,
            path: None,
            ..
        } => {
            return error(
                format!("de link naar `{shown}` gaat boven de map content/ uit"),
                outside_help(shown),
            );
        }
        Link::Content {
            written: shown,
            path: Some(path),
            anchor,
            ..
        } => {
            let decoded = percent_decode_str(path).decode_utf8_lossy();
            let target = if decoded.ends_with(".md") {
                if known.failed.contains(decoded.as_ref()) {
                    return None;
                }
                known.by_source.get(decoded.as_ref())
            } else if decoded.is_empty() || decoded.ends_with('/') {
                let path = decoded.as_ref();
                let by_page = known.by_path.get(path);
                let made = known.failed_paths.contains(path) || known.generated.contains(path);
                if by_page.is_none() && made {
                    return None;
                }
                by_page
            } else {
                return None; // A file: checked against the output.
            };
            let Some(&target) = target else {
                return error(
                    format!("de link naar `{shown}` wijst naar een pagina die niet bestaat"),
                    missing_page_help(page, shown, &decoded, known),
                );
            };
            (shown.clone(), target, anchor)
        }
        Link::Root { .. } => return None,
    };
    let anchor = anchor.as_ref()?;
    if target.rendered.ids.contains(anchor) {
        return None;
    }
    let shown = shown.split('#').next().unwrap_or_default();
    error(
        format!("de link naar `{shown}#{anchor}` wijst naar een anker dat niet bestaat"),
        match closest(anchor, target.rendered.ids.iter().map(String::as_str)) {
            Some(near) => format!("bedoel je `{shown}#{near}`?"),
            None => "een anker is de kop in kleine letters met streepjes: `## Wat je ziet` wordt `#wat-je-ziet`".to_string(),
        },
    )
}

/// The help for a link to a page (`andere.md`, `andere/`) that names none.
fn missing_page_help(page: &Page, written: &str, path: &str, known: &Known<'_>) -> String {
    let near = if path.ends_with(".md") {
        closest(path, known.by_source.keys().copied())
    } else {
        let paths = known.by_path.keys().chain(&known.generated);
        closest(path, paths.copied())
    };
    match near {
        Some(near) => format!("bedoel je `{}`?", written_as(page, written, near)),
        None if path.ends_with(".md") => "schrijf het pad van het Markdown-bestand vanaf de map van deze pagina (`andere.md`, `../competenties/andere.md`), of vanaf content/ (`@/competenties/andere.md`)".to_string(),
        None => "schrijf het adres van de pagina zoals de site het toont, vanaf de map van deze pagina (`andere/`), of het Markdown-bestand (`andere.md`)".to_string(),
    }
}

/// The help for a relative link that climbs out of `content/`
/// (`../../x.png`): the same path from the site's root, if it has one.
fn outside_help(written: &str) -> String {
    let rest = written.trim_start_matches("./").trim_start_matches("../");
    let rest = rest.trim_start_matches(['.', '/']);
    format!(
        "een pad met `..` blijft binnen content/ en begint bij de map van deze pagina; schrijf een bestand uit static/ vanaf de hoofdmap van de site (`/{rest}`), of een pagina met `@/` (`@/competenties/naam.md`)"
    )
}

/// `target`, a path below `content/`, written the way `written` was: after
/// `@/`, or relative to the folder of `page`'s file.
fn written_as(page: &Page, written: &str, target: &str) -> String {
    if written.starts_with("@/") {
        return format!("@/{target}");
    }
    let folder = page
        .source
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    relative_from(folder, target)
}

/// The path from `folder` (below `content/`, empty for `content/`) to
/// `target` (below `content/`; a final `/` for a folder).
pub(crate) fn relative_from(folder: &str, target: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let folders = &to[..to.len() - 1];
    let common = from.iter().zip(folders).take_while(|(a, b)| a == b).count();
    let mut path = "../".repeat(from.len() - common);
    path.push_str(&to[common..].join("/"));
    if path.is_empty() {
        path.push_str("./");
    }
    path
}

/// Checks that every link and image written in Markdown that names a file
/// (`/img/x.png`, `@/bijlagen/folder.pdf`, `plaatje.png`) names a file of
/// `output`, the finished site.
pub(crate) fn check_rendered(site: &Site, output: &Output) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::new();
    for page in &site.pages {
        for written in &page.links {
            if let Some(problem) = check_file(site, page, written, output) {
                problems.push(problem);
            }
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(())
}

/// The problem with one written link to a file, if any.
fn check_file(
    site: &Site,
    page: &Page,
    written: &WrittenLink,
    output: &Output,
) -> Option<Diagnostic> {
    let (shown, path, root) = match &written.link {
        Link::Root { path, .. } => (format!("/{path}"), path, true),
        Link::Content {
            written,
            path: Some(path),
            ..
        } if !path.is_empty() && !path.ends_with('/') && !path.ends_with(".md") => {
            (written.clone(), path, false)
        }
        _ => return None,
    };
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.to_string()
    };
    if output.contains(&file) || output.contains(&format!("{file}/index.html")) {
        return None;
    }
    let (message, help) = if root {
        let near = closest(&decoded, site_addresses(output));
        (
            format!("de link naar `{shown}` wijst naar een bestand dat niet bestaat"),
            match near {
                Some(near) => format!("bedoel je `/{near}`?"),
                None => "een pad dat met / begint, wijst naar static/ of naar een pagina; controleer de naam".to_string(),
            },
        )
    } else {
        let page_file = format!("{decoded}.md");
        let near = if site.page(&page_file).is_some() {
            Some(page_file)
        } else {
            closest(&decoded, site.assets.iter().map(|(a, _)| a.as_str())).map(str::to_string)
        };
        (
            format!(
                "de link naar `{shown}` wijst naar een bestand dat niet bestaat: content/{decoded}"
            ),
            match near {
                Some(near) => format!("bedoel je `{}`?", written_as(page, &shown, &near)),
                None => {
                    let (folder, name) = decoded.rsplit_once('/').unwrap_or(("", &decoded));
                    let folder = if folder.is_empty() {
                        String::new()
                    } else {
                        format!("{folder}/")
                    };
                    format!(
                        "zet `{name}` in de map content/{folder}, of verbeter de naam; een bestand uit een andere map schrijf je met het pad vanaf content/ (`@/bijlagen/folder.pdf`)"
                    )
                }
            },
        )
    };
    Some(
        Diagnostic::error(&page.file, message)
            .at(written.line, written.column)
            .with_help(help),
    )
}

/// The files of `output` as a link names them: a page by its folder.
fn site_addresses(output: &Output) -> impl Iterator<Item = &str> {
    output.entries().map(|(path, _)| {
        if path == "index.html" {
            ""
        } else {
            path.strip_suffix("/index.html")
                .map_or(path.as_str(), |folder| {
                    // The folder with its final `/`.
                    &path[..folder.len() + 1]
                })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_run_from_the_folder() {
        assert_eq!(relative_from("competenties", "competenties/x.md"), "x.md");
        assert_eq!(
            relative_from("competenties", "bijlagen/a.pdf"),
            "../bijlagen/a.pdf"
        );
        assert_eq!(relative_from("", "competenties/x/"), "competenties/x/");
        assert_eq!(relative_from("a/b", "a/c/"), "../c/");
        assert_eq!(relative_from("a", "a/"), "./");
        assert_eq!(relative_from("a", ""), "../");
    }
}
