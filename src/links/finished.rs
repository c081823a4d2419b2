//! The links of the finished pages, for `bekwaam check`: what templates
//! write.
//!
//! Links written in Markdown are checked at their source, with file, line
//! and column ([`super::check_written`]). Templates write links too: the menu,
//! breadcrumbs, the overviews, a logo. Here every `href`, `src` and
//! `srcset` of every HTML file is followed within the site: the file must
//! exist, and an anchor must be an `id` on the page it points to. What is
//! broken and did not come from Markdown is reported once per template and
//! link, with the number of pages it is on.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use lol_html::{HtmlRewriter, Settings, element};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use url::Url;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout;
use crate::output::Output;
use crate::render::{Templates, default_template};

use super::Addresses;

/// The anchors and links of one HTML file.
#[derive(Default)]
struct Scan {
    ids: HashSet<String>,
    links: Vec<String>,
}

/// What is wrong with a link.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Broken {
    /// No file at the address.
    Missing,
    /// The file is there, the anchor (decoded) is not: (anchor, the file).
    Anchor(String, String),
}

/// Checks the links of every HTML file of `output` that templates wrote.
pub(crate) fn check(site: &Site, templates: &Templates, output: &Output) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let addresses = match Addresses::new(&site.config) {
        Ok(addresses) => addresses,
        Err(problem) => {
            problems.push(problem);
            return problems;
        }
    };
    let html: Vec<(&String, &[u8])> = output
        .entries()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, bytes.as_slice()))
        .collect();
    let scans: HashMap<&str, Scan> = html
        .par_iter()
        .map(|(path, bytes)| (path.as_str(), scan(bytes)))
        .collect();

    // (file, link as written, what is wrong), in file order.
    let mut broken: Vec<(&str, &str, Broken)> = html
        .par_iter()
        .flat_map_iter(|(path, _)| {
            let from = addresses.file_url(path);
            let links = scans.get(path.as_str()).map_or(&[][..], |s| &s.links[..]);
            let (addresses, scans) = (&addresses, &scans);
            links.iter().filter_map(move |link| {
                follow(addresses, output, scans, &from, link)
                    .map(|b| (path.as_str(), link.as_str(), b))
            })
        })
        .collect();
    if broken.is_empty() {
        return problems;
    }
    // What Markdown wrote is reported at its source (or, for a relative
    // link, is the editor's own business): left out here.
    let from_markdown = markdown_links(site);
    broken.retain(|(_, link, _)| !from_markdown.contains(*link));

    // One message per link: a link on pages of several templates comes
    // from the template they share (base.html in Bekwaam's themes).
    let made_with = templates_of_files(site);
    let mut grouped: BTreeMap<(&str, Broken), (usize, &str, BTreeSet<&str>)> = BTreeMap::new();
    for (file, link, what) in broken {
        let entry = grouped
            .entry((link, what))
            .or_insert((0, file, BTreeSet::new()));
        entry.0 += 1;
        if let Some(template) = made_with.get(file) {
            entry.2.insert(template.as_str());
        }
    }
    for ((link, what), (count, first, used)) in grouped {
        // On pages of several templates: the shared base.html if the site
        // has its own, else the first of them that is the site's own.
        let template = match used.len() {
            0 => None,
            1 => used.first().copied(),
            _ => ["base.html"]
                .into_iter()
                .chain(used.iter().copied())
                .find(|t| templates.is_own(t))
                .or_else(|| used.first().copied()),
        };
        let location = template.map_or_else(|| PathBuf::from(first), |t| templates.origin(t));
        let on = if count == 1 {
            format!("op {}", shown(first))
        } else {
            format!("op {count} pagina's, zoals {}", shown(first))
        };
        let (message, help) = describe(site, link, &what, template, used.len(), &on);
        problems.push(Diagnostic::error(location, message).with_help(help));
    }
    problems
}

/// The message and help for a broken `link` (`on` says on which pages),
/// from `template` if one is known (on pages of `used` templates).
fn describe(
    site: &Site,
    link: &str,
    what: &Broken,
    template: Option<&str>,
    used: usize,
    on: &str,
) -> (String, String) {
    let message = match what {
        Broken::Missing => format!(
            "de link naar `{link}` wijst naar een pagina of bestand dat niet bestaat ({on})"
        ),
        Broken::Anchor(anchor, _) => format!(
            "de link naar `{link}` wijst naar een anker `#{anchor}` dat op die pagina niet bestaat ({on})"
        ),
    };
    let help = match (template, what) {
        // An anchor is no file: static/ does not help. Ids on a page come
        // from its Markdown (headings, tips) or from the template.
        (Some(t), Broken::Anchor(_, target)) => match source_of(site, target) {
            Some(file) => format!(
                "de link komt uit de template `{t}` of een template die ze gebruikt; het anker hoort bij een kop of tip van de pagina die {} maakt: geef die pagina de kop waar het naar wijst, of verbeter het anker in de template",
                file.display()
            ),
            None => format!(
                "de link komt uit de template `{t}` of een template die ze gebruikt; een anker is een id op de pagina: verbeter het anker in de template"
            ),
        },
        (template, _) => match template {
            None => "verbeter de link in het bestand dat deze pagina maakt".to_string(),
            Some(t) if used > 1 => format!(
                "de link staat op pagina's van {} templates, dus waarschijnlijk in `{t}` of een andere template die ze delen; verbeter het adres, of zet het bestand in static/",
                used
            ),
            Some(t) => format!(
                "de link komt uit de template `{t}` of uit een template die ze gebruikt (zoals base.html); verbeter het adres, of zet het bestand in static/"
            ),
        },
    };
    (message, help)
}

/// A file of the output as a reader sees its address: `/competenties/x/`.
fn shown(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

/// The ids and the `href`, `src` and `srcset` URLs (entities decoded) of
/// one file.
fn scan(bytes: &[u8]) -> Scan {
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    {
        let settings = Settings::new()
            .append_element_content_handler(element!("[id], a[name]", |el| {
                for name in ["id", "name"] {
                    if let Some(id) = el.get_attribute(name) {
                        ids.insert(htmlize::unescape_attribute(&id).into_owned());
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[href], [src], [srcset]", |el| {
                if el.tag_name() == "base" {
                    return Ok(());
                }
                for name in ["href", "src"] {
                    if let Some(value) = el.get_attribute(name) {
                        links.push(htmlize::unescape_attribute(&value).into_owned());
                    }
                }
                if let Some(value) = el.get_attribute("srcset") {
                    let value = htmlize::unescape_attribute(&value);
                    for (url, _) in super::srcset_candidates(&value) {
                        links.push(url.to_string());
                    }
                }
                Ok(())
            }));
        let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
        // A page that does not parse has nothing more to find; the build
        // made it, so this does not happen with Bekwaam's own output.
        if rewriter.write(bytes).is_ok() {
            let _ = rewriter.end();
        }
    }
    Scan { ids, links }
}

/// What is wrong with `link` in the file at `from`, or `None` if it works
/// or leaves the site (other hosts, paths outside the base path).
fn follow(
    addresses: &Addresses,
    output: &Output,
    scans: &HashMap<&str, Scan>,
    from: &Url,
    link: &str,
) -> Option<Broken> {
    let link = link.trim_matches(|c: char| c.is_ascii_whitespace());
    if link.is_empty() || link.starts_with('?') {
        return None;
    }
    let target = from.join(link).ok()?;
    let path = addresses.site_path(&target)?;
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let file = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else if output.contains(&decoded) {
        decoded.into_owned()
    } else {
        format!("{decoded}/index.html")
    };
    if !output.contains(&file) {
        return Some(Broken::Missing);
    }
    let anchor = target.fragment().filter(|a| !a.is_empty() && *a != "top")?;
    let anchor = percent_decode_str(anchor).decode_utf8_lossy();
    let ids = &scans.get(file.as_str())?.ids;
    (!ids.contains(anchor.as_ref())).then(|| Broken::Anchor(anchor.into_owned(), file))
}

/// The Markdown file of the content page written to `file` of the output.
fn source_of<'s>(site: &'s Site, file: &str) -> Option<&'s std::path::Path> {
    let path = file.strip_suffix("index.html")?;
    site.pages
        .iter()
        .find(|page| page.path == path)
        .map(|page| page.file.as_path())
}

/// Every link in the HTML made from Markdown, site-wide (the
/// overviews and the print page show Markdown of other pages).
fn markdown_links(site: &Site) -> HashSet<String> {
    site.pages
        .par_iter()
        .flat_map_iter(|page| {
            let r = &page.rendered;
            let parts = [
                &r.content,
                &r.content_after,
                &r.examples_intro,
                &r.tips_intro,
            ]
            .into_iter()
            .chain(r.examples.iter().map(|p| &p.html))
            .chain(r.tips.iter().map(|p| &p.html));
            parts
                .flat_map(|html| scan(html.as_bytes()).links)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The template each HTML file of the site was made with.
fn templates_of_files(site: &Site) -> HashMap<String, String> {
    let mut made_with: HashMap<String, String> = site
        .pages
        .iter()
        .map(|page| {
            let template = page
                .front
                .template
                .as_deref()
                .unwrap_or(default_template(page.kind));
            (format!("{}index.html", page.path), template.to_string())
        })
        .collect();
    for (template, path) in site.layout.overviews() {
        made_with.insert(format!("{path}index.html"), template.to_string());
    }
    made_with.insert(layout::NOT_FOUND.to_string(), "404.html".to_string());
    let overview = format!("{}index.html", site.layout.competencies);
    made_with
        .entry(overview)
        .or_insert_with(|| "competencies.html".to_string());
    made_with
}
