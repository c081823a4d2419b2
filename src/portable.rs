//! Portable output: a built site whose links work when it is opened from a
//! folder (`file://`), for intranets that share the handbook on a network
//! drive instead of a web server.
//!
//! Pages are rendered exactly as for a server; [`make_portable`] then rewrites
//! the finished [`Output`] in memory, before anything is written:
//!
//! - In every HTML file, the URL-bearing attributes (`href`, `src`, `srcset`,
//!   `action`, `formaction`, `poster`, `data` of `<object>`) and CSS in
//!   `style` attributes and `<style>` elements. HTML is parsed by `lol_html`,
//!   Cloudflare's streaming rewriter, which copies every byte it is not asked
//!   to change; attribute values are decoded (`&amp;`, `&#x27;`) before they
//!   are read and escaped again when written.
//! - In every CSS file, `url(…)` and `@import "…"`, found with `cssparser`'s
//!   tokenizer (so comments and strings are not mistaken for URLs).
//!
//! A URL is the site's own when, resolved against the file that holds it, it
//! lands below the site's root: the path of `base_url` (`/`, `/handboek/`)
//! and, when `base_url` is a full address, that scheme and host too (so the
//! site's own permalinks `https://intranet.example.nl/handboek/x/` count). Such
//! a URL becomes relative to the file that holds it, and a link to a folder
//! names its `index.html` (`/competenties/` → `competenties/index.html` or
//! `../index.html`), since a browser shows a folder on `file://` as a listing.
//! A link to a folder written without its final `/` gets `/index.html` when
//! the output has that page. The query and `#fragment` are kept as written.
//!
//! Left alone: URLs of other hosts and other schemes (`mailto:`, `tel:`,
//! `data:`), links to only a `#fragment` or `?query`, paths outside the site's
//! root, `<link rel="canonical">` (it names the page's permanent address on
//! purpose), and every file that is not HTML or CSS: `sitemap.xml` and the JSON
//! export keep their site paths and permalinks, and JavaScript and SVG files
//! are not read. The invariant: rendering does not know about this step, so a
//! portable build differs from a normal one only in these URLs.

use cssparser::{ParseError, Parser, ParserInput, Token};
use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, text};
use percent_encoding::percent_decode_str;
use rayon::prelude::*;
use url::Url;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links::{Addresses, srcset_candidates};
use crate::output::Output;

/// What an attribute holds.
#[derive(Clone, Copy)]
enum Holds {
    /// One URL.
    Url,
    /// A `srcset`: URLs with width or density descriptors.
    SrcSet,
    /// CSS declarations (`style`).
    Css,
}

/// The attributes that are rewritten, on any element (`data` only on
/// `<object>`, see [`Rewriter::rewrite_element`]).
const ATTRIBUTES: [(&str, Holds); 8] = [
    ("href", Holds::Url),
    ("src", Holds::Url),
    ("srcset", Holds::SrcSet),
    ("action", Holds::Url),
    ("formaction", Holds::Url),
    ("poster", Holds::Url),
    ("data", Holds::Url),
    ("style", Holds::Css),
];

/// Rewrites every HTML and CSS file of `output` so that the site's own URLs are
/// relative to the file that holds them and links to folders name
/// `index.html` (see the module documentation).
///
/// A file that cannot be rewritten (not UTF-8, or HTML that `lol_html` cannot
/// parse without guessing) is an error that names the file; `output` is then
/// left unchanged.
pub(crate) fn make_portable(output: &mut Output, config: &Config) -> Result<(), Diagnostics> {
    let rewriter = Rewriter::new(config, output)?;
    // Only HTML and CSS hold links; the rest (the search index, images)
    // is left out before the work is shared between threads.
    let files: Vec<(&String, &crate::output::Bytes)> = output
        .entries()
        .filter(|(path, _)| file_kind(path).is_some())
        .collect();
    let results: Vec<_> = files
        .par_iter()
        .map(|(path, bytes)| (*path, rewriter.rewrite_file(path, bytes)))
        .collect();
    let mut problems = Diagnostics::new();
    let mut changed = Vec::new();
    for (path, result) in results {
        match result {
            Ok(Some(bytes)) => changed.push((path.clone(), bytes)),
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for (path, bytes) in changed {
        output.insert(path, bytes);
    }
    Ok(())
}

/// The kinds of files that hold URLs this module rewrites.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Html,
    Css,
}

fn file_kind(path: &str) -> Option<FileKind> {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match extension.as_str() {
        "html" | "htm" => Some(FileKind::Html),
        "css" => Some(FileKind::Css),
        _ => None,
    }
}

/// Rewrites the files of one site: where the site lives, and its files.
struct Rewriter<'a> {
    addresses: Addresses,
    output: &'a Output,
}

impl<'a> Rewriter<'a> {
    fn new(config: &Config, output: &'a Output) -> Result<Rewriter<'a>, Diagnostic> {
        Ok(Rewriter {
            addresses: Addresses::new(config)?,
            output,
        })
    }

    /// The new bytes of one file, or `None` when it has nothing to rewrite.
    fn rewrite_file(&self, path: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, Diagnostic> {
        let Some(kind) = file_kind(path) else {
            return Ok(None);
        };
        let text = std::str::from_utf8(bytes).map_err(|error| {
            Diagnostic::general(format!(
                "kan de links in `{path}` niet omzetten voor een draagbare site: het bestand is geen UTF-8 (na byte {})",
                error.valid_up_to()
            ))
            .with_help("sla het bestand op als UTF-8, of bouw zonder --portable en zonder `portable = true`")
        })?;
        let from = self.addresses.file_url(path);
        let rewritten = match kind {
            FileKind::Css => self.rewrite_css(&from, text),
            FileKind::Html => Some(self.rewrite_html(&from, text).map_err(|error| {
                Diagnostic::general(format!(
                    "kan de links in `{path}` niet omzetten voor een draagbare site: de HTML is niet te lezen ({error})"
                ))
                .with_help("controleer de HTML die in dit bestand terechtkomt (een template, of HTML in de Markdown), of bouw zonder --portable en zonder `portable = true`")
            })?),
        };
        Ok(rewritten
            .filter(|new| new.as_str() != text)
            .map(String::into_bytes))
    }

    /// Rewrites the URLs of one HTML document at `from`.
    fn rewrite_html(
        &self,
        from: &Url,
        html: &str,
    ) -> Result<String, lol_html::errors::RewritingError> {
        let mut style = String::new();
        let settings = RewriteStrSettings::new()
            .with_enable_esi_tags(false)
            .append_element_content_handler(element!("*", |el| {
                self.rewrite_element(from, el)?;
                Ok(())
            }))
            .append_element_content_handler(text!("style", |chunk| {
                // A `<style>` element's text comes in chunks: gather it, and
                // put it back rewritten in place of the last one.
                style.push_str(chunk.as_str());
                if chunk.last_in_text_node() {
                    let css = self
                        .rewrite_css(from, &style)
                        .unwrap_or_else(|| style.clone());
                    chunk.replace(&css, ContentType::Html);
                    style.clear();
                } else {
                    chunk.remove();
                }
                Ok(())
            }));
        lol_html::rewrite_str(html, settings)
    }

    /// Rewrites the URL-bearing attributes of one element.
    fn rewrite_element(
        &self,
        from: &Url,
        el: &mut Element<'_, '_>,
    ) -> Result<(), lol_html::errors::AttributeNameError> {
        let tag = el.tag_name();
        for (name, holds) in ATTRIBUTES {
            if name == "data" && tag != "object" {
                continue;
            }
            if name == "href" && tag == "link" && is_canonical(el) {
                continue;
            }
            let Some(raw) = el.get_attribute(name) else {
                continue;
            };
            let value = htmlize::unescape_attribute(raw.as_str());
            let rewritten = match holds {
                Holds::Url => self.rewrite_url(from, &value),
                Holds::SrcSet => self.rewrite_srcset(from, &value),
                Holds::Css => self.rewrite_css(from, &value),
            };
            if let Some(new) = rewritten {
                el.set_attribute(name, &htmlize::escape_attribute(&new))?;
            }
        }
        Ok(())
    }

    /// The portable form of one URL found in the file at `from`, or `None`
    /// when it stays as it is.
    fn rewrite_url(&self, from: &Url, value: &str) -> Option<String> {
        let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
        if value.is_empty() || value.starts_with(['#', '?']) {
            return None;
        }
        let target = from.join(value).ok()?;
        let rest = self.addresses.site_path(&target)?;
        let mut to = rest.to_string();
        if to.is_empty() || to.ends_with('/') {
            to.push_str("index.html");
        } else {
            let file = percent_decode_str(rest).decode_utf8_lossy();
            if !self.output.contains(&file) && self.output.contains(&format!("{file}/index.html")) {
                to.push_str("/index.html");
            }
        }
        let from_rest = from.path().strip_prefix(&self.addresses.base)?;
        let mut from_dir: Vec<&str> = from_rest.split('/').collect();
        from_dir.pop();
        let to: Vec<&str> = to.split('/').collect();
        let mut relative = relative_path(&from_dir, &to);
        if let Some(start) = value.find(['?', '#']) {
            relative.push_str(&value[start..]);
        }
        (relative != value).then_some(relative)
    }

    /// Rewrites every URL of a `srcset` (`a.png 1x, b.png 2x`).
    fn rewrite_srcset(&self, from: &Url, value: &str) -> Option<String> {
        let candidates = srcset_candidates(value);
        let mut changed = false;
        let mut parts = Vec::with_capacity(candidates.len());
        for (url, descriptors) in candidates {
            let url = match self.rewrite_url(from, url) {
                Some(new) => {
                    changed = true;
                    new
                }
                None => url.to_string(),
            };
            parts.push(if descriptors.is_empty() {
                url
            } else {
                format!("{url} {descriptors}")
            });
        }
        changed.then(|| parts.join(", "))
    }

    /// Rewrites the URLs of a style sheet (or a `style` attribute) at `from`.
    fn rewrite_css(&self, from: &Url, css: &str) -> Option<String> {
        let mut found = Vec::new();
        let mut input = ParserInput::new(css);
        collect_css_urls(&mut Parser::new(&mut input), &mut found);
        let mut rewritten = String::with_capacity(css.len());
        let mut copied = 0;
        for found in found {
            let Some(new) = self.rewrite_url(from, &found.url) else {
                continue;
            };
            rewritten.push_str(&css[copied..found.start]);
            if found.in_url_function {
                rewritten.push_str("url(");
            }
            // Writing to a String cannot fail.
            let _ = cssparser::serialize_string(&new, &mut rewritten);
            if found.in_url_function {
                rewritten.push(')');
            }
            copied = found.end;
        }
        if copied == 0 {
            return None;
        }
        rewritten.push_str(&css[copied..]);
        Some(rewritten)
    }
}

/// True for `<link rel="canonical">`.
fn is_canonical(el: &Element<'_, '_>) -> bool {
    el.get_attribute("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|token| token.eq_ignore_ascii_case("canonical"))
    })
}

/// The path from the folder `from_dir` to the file `to`, both given as
/// segments below the site's root (`to` ends with the file name).
fn relative_path(from_dir: &[&str], to: &[&str]) -> String {
    let common = from_dir
        .iter()
        .zip(to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut parts = vec![".."; from_dir.len() - common];
    parts.extend_from_slice(&to[common..]);
    let relative = parts.join("/");
    // `a:b/index.html` would read as a URL with the scheme `a:`.
    let first = relative.split('/').next().unwrap_or("");
    if first.contains(':') {
        format!("./{relative}")
    } else {
        relative
    }
}

/// A URL in a style sheet, and the bytes it takes there.
struct CssUrl {
    start: usize,
    end: usize,
    url: String,
    /// `url(…)`; otherwise the string of an `@import "…"`.
    in_url_function: bool,
}

/// Finds the URLs of a style sheet: `url(x)`, `url("x")` and `@import "x"`,
/// in any nested block.
fn collect_css_urls(parser: &mut Parser<'_, '_>, found: &mut Vec<CssUrl>) {
    loop {
        let start = parser.position().byte_index();
        let token = match parser.next_including_whitespace_and_comments() {
            Ok(token) => token.clone(),
            Err(_) => return,
        };
        match token {
            Token::UnquotedUrl(url) => found.push(CssUrl {
                start,
                end: parser.position().byte_index(),
                url: url.to_string(),
                in_url_function: true,
            }),
            Token::Function(name) if name.eq_ignore_ascii_case("url") => {
                let quoted = parser.parse_nested_block(|inner| {
                    let url = inner.expect_string()?.to_string();
                    Ok::<String, ParseError<'_, ()>>(url)
                });
                if let Ok(url) = quoted {
                    found.push(CssUrl {
                        start,
                        end: parser.position().byte_index(),
                        url,
                        in_url_function: true,
                    });
                }
            }
            Token::AtKeyword(name) if name.eq_ignore_ascii_case("import") => {
                // `@import url(x)` is found by the loop; here only `@import "x"`.
                let string = parser.try_parse(|inner| {
                    inner.skip_whitespace();
                    let start = inner.position().byte_index();
                    let url = inner.expect_string()?.to_string();
                    Ok::<CssUrl, ParseError<'_, ()>>(CssUrl {
                        start,
                        end: inner.position().byte_index(),
                        url,
                        in_url_function: false,
                    })
                });
                if let Ok(string) = string {
                    found.push(string);
                }
            }
            Token::Function(_)
            | Token::ParenthesisBlock
            | Token::SquareBracketBlock
            | Token::CurlyBracketBlock => {
                let _ = parser.parse_nested_block(|inner| {
                    collect_css_urls(inner, found);
                    Ok::<(), ParseError<'_, ()>>(())
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        Config::parse(&format!("title = \"H\"\nbase_url = \"{base_url}\"\n"))
            .expect("a valid config")
    }

    /// The sample's shape: a home page, a section, a page below it, a style
    /// sheet and an image.
    fn output() -> Output {
        let mut output = Output::new();
        for path in [
            "index.html",
            "404.html",
            "competenties/index.html",
            "competenties/luistert/index.html",
            "over ons/index.html",
            "bekwaam.css",
            "img/a.png",
            "img/b.png",
        ] {
            output.insert(path.to_string(), Vec::new());
        }
        output
    }

    /// Rewrites `value` as found in the file `file` of a site at `base_url`.
    fn url_in(base_url: &str, file: &str, value: &str) -> String {
        let config = config(base_url);
        let output = output();
        let rewriter = Rewriter::new(&config, &output).expect("a site");
        rewriter
            .rewrite_url(&rewriter.addresses.file_url(file), value)
            .unwrap_or_else(|| value.to_string())
    }

    #[test]
    fn links_from_the_home_page() {
        let at = |v| url_in("/", "index.html", v);
        assert_eq!(at("/"), "index.html");
        assert_eq!(at("/competenties/"), "competenties/index.html");
        assert_eq!(
            at("/competenties/luistert/"),
            "competenties/luistert/index.html"
        );
        assert_eq!(at("/bekwaam.css"), "bekwaam.css");
        assert_eq!(at("/img/a.png"), "img/a.png");
        assert_eq!(at("competenties/"), "competenties/index.html");
    }

    #[test]
    fn links_from_deeper_pages() {
        let one = |v| url_in("/", "competenties/index.html", v);
        assert_eq!(one("/"), "../index.html");
        assert_eq!(one("/competenties/"), "index.html");
        assert_eq!(one("/competenties/luistert/"), "luistert/index.html");
        assert_eq!(one("/bekwaam.css"), "../bekwaam.css");
        let two = |v| url_in("/", "competenties/luistert/index.html", v);
        assert_eq!(two("/"), "../../index.html");
        assert_eq!(two("/competenties/"), "../index.html");
        assert_eq!(two("/competenties/luistert/"), "index.html");
        assert_eq!(two("/img/a.png"), "../../img/a.png");
        assert_eq!(two("/over%20ons/"), "../../over%20ons/index.html");
        // Already relative links are resolved and written again.
        assert_eq!(two("../"), "../index.html");
        // The 404 page lies at the root.
        assert_eq!(
            url_in("/", "404.html", "/competenties/"),
            "competenties/index.html"
        );
    }

    #[test]
    fn fragments_and_queries_are_kept() {
        let two = |v| url_in("/", "competenties/luistert/index.html", v);
        assert_eq!(
            two("/competenties/luistert/#tip-vraag-door"),
            "index.html#tip-vraag-door"
        );
        assert_eq!(two("/competenties/#a"), "../index.html#a");
        assert_eq!(two("/img/a.png?v=2#x"), "../../img/a.png?v=2#x");
        assert_eq!(two("/?q=netwerk"), "../../index.html?q=netwerk");
        // Only a fragment or a query: stays as it is.
        assert_eq!(two("#inhoud"), "#inhoud");
        assert_eq!(two("?q=1"), "?q=1");
    }

    #[test]
    fn a_folder_without_its_slash_names_its_index() {
        let two = |v| url_in("/", "competenties/luistert/index.html", v);
        assert_eq!(two("/competenties"), "../index.html");
        assert_eq!(two("/competenties/luistert#a"), "index.html#a");
        // A file that does not exist stays a file.
        assert_eq!(two("/nergens"), "../../nergens");
    }

    #[test]
    fn base_path_with_a_sub_path() {
        for base_url in ["/handboek/", "https://intranet.example.nl/handboek/"] {
            let two = |v| url_in(base_url, "competenties/luistert/index.html", v);
            assert_eq!(two("/handboek/"), "../../index.html");
            assert_eq!(two("/handboek"), "../../index.html");
            assert_eq!(two("/handboek/competenties/"), "../index.html");
            assert_eq!(two("/handboek/bekwaam.css"), "../../bekwaam.css");
            // Outside the site's root: not the site's own.
            assert_eq!(two("/elders/"), "/elders/");
            assert_eq!(two("/"), "/");
            let home = |v| url_in(base_url, "index.html", v);
            assert_eq!(
                home("/handboek/competenties/#x"),
                "competenties/index.html#x"
            );
        }
    }

    #[test]
    fn own_permalinks_become_relative() {
        let base = "https://intranet.example.nl/handboek/";
        let two = |v| url_in(base, "competenties/luistert/index.html", v);
        assert_eq!(
            two("https://intranet.example.nl/handboek/competenties/"),
            "../index.html"
        );
        assert_eq!(
            two("//intranet.example.nl/handboek/img/a.png"),
            "../../img/a.png"
        );
        // Another scheme, host or port is another site.
        for other in [
            "http://intranet.example.nl/handboek/competenties/",
            "https://example.org/handboek/competenties/",
            "https://intranet.example.nl:8443/handboek/",
        ] {
            assert_eq!(two(other), other);
        }
    }

    #[test]
    fn external_links_are_untouched() {
        for base_url in ["/", "https://intranet.example.nl/"] {
            let two = |v| url_in(base_url, "competenties/luistert/index.html", v);
            for value in [
                "https://www.movisie.nl/",
                "http://example.org/a/",
                "//example.org/a/",
                "mailto:redactie@example.nl",
                "tel:+31301234567",
                "data:image/png;base64,AAAA",
                "javascript:void(0)",
                "",
            ] {
                assert_eq!(two(value), value);
            }
        }
    }

    #[test]
    fn a_file_name_with_a_colon_is_not_a_scheme() {
        assert_eq!(relative_path(&[], &["a:b.html"]), "./a:b.html");
        assert_eq!(relative_path(&["x"], &["a:b.html"]), "../a:b.html");
        assert_eq!(relative_path(&["x", "y"], &["x", "z.png"]), "../z.png");
    }

    fn html_in(base_url: &str, file: &str, html: &str) -> String {
        let config = config(base_url);
        let output = output();
        let rewriter = Rewriter::new(&config, &output).expect("a site");
        rewriter
            .rewrite_html(&rewriter.addresses.file_url(file), html)
            .expect("the HTML rewrites")
    }

    #[test]
    fn html_attributes_are_rewritten_and_the_rest_kept() {
        let html = concat!(
            "<!DOCTYPE html>\n<html><head>",
            "<link rel=\"stylesheet\" href=\"/bekwaam.css\">",
            "<link rel=\"canonical\" href=\"/competenties/luistert/\">",
            "<script src=\"/app.js\" defer></script>",
            "</head><body>",
            "<a class=\"x\" href=\"/competenties/#a\">Competenties</a>",
            "<a href=\"#inhoud\">Naar de inhoud</a>",
            "<a href='/?a=1&amp;b=2'>Zoeken</a>",
            "<a href=\"mailto:a@example.nl\">Mail</a>",
            "<img src=\"/img/a.png\" alt=\"a &amp; b\">",
            "<form action=\"/competenties/\"><button formaction=\"/\">Ga</button></form>",
            "<video poster=\"/img/a.png\"></video>",
            "<object data=\"/img/a.png\"></object><div data=\"/img/a.png\"></div>",
            "</body></html>"
        );
        let expected = concat!(
            "<!DOCTYPE html>\n<html><head>",
            "<link rel=\"stylesheet\" href=\"../../bekwaam.css\">",
            "<link rel=\"canonical\" href=\"/competenties/luistert/\">",
            "<script src=\"../../app.js\" defer></script>",
            "</head><body>",
            "<a class=\"x\" href=\"../index.html#a\">Competenties</a>",
            "<a href=\"#inhoud\">Naar de inhoud</a>",
            "<a href=\"../../index.html?a=1&amp;b=2\">Zoeken</a>",
            "<a href=\"mailto:a@example.nl\">Mail</a>",
            "<img src=\"../../img/a.png\" alt=\"a &amp; b\">",
            "<form action=\"../index.html\"><button formaction=\"../../index.html\">Ga</button></form>",
            "<video poster=\"../../img/a.png\"></video>",
            "<object data=\"../../img/a.png\"></object><div data=\"/img/a.png\"></div>",
            "</body></html>"
        );
        assert_eq!(
            html_in("/", "competenties/luistert/index.html", html),
            expected
        );
    }

    #[test]
    fn escaped_characters_in_attributes_are_read_and_written_back() {
        // pulldown-cmark writes `'` as `&#x27;`; its `#` is not a fragment.
        let html =
            "<a href=\"/over%20ons/it&#x27;s/\">a</a><a href=\"&#x2F;competenties&#x2F;\">b</a>";
        assert_eq!(
            html_in("/", "index.html", html),
            "<a href=\"over%20ons/it's/index.html\">a</a><a href=\"competenties/index.html\">b</a>"
        );
    }

    #[test]
    fn srcset_with_several_candidates() {
        let html = "<img srcset=\"/img/a.png 1x,/img/b.png 2x, https://cdn.example.org/c.png 3x\" src=\"/img/a.png\">\
                    <picture><source srcset=\"/img/a.png\"></picture>";
        assert_eq!(
            html_in("/", "competenties/index.html", html),
            "<img srcset=\"../img/a.png 1x, ../img/b.png 2x, https://cdn.example.org/c.png 3x\" src=\"../img/a.png\">\
             <picture><source srcset=\"../img/a.png\"></picture>"
        );
        assert_eq!(
            srcset_candidates(" a.png 640w,b,, c.png (x, y) 2x , d.png"),
            [
                ("a.png", "640w"),
                ("b", ""),
                ("c.png", "(x, y) 2x"),
                ("d.png", "")
            ]
        );
        // A comma inside a URL belongs to it; only trailing commas end it.
        assert_eq!(srcset_candidates("a,b.png 1x"), [("a,b.png", "1x")]);
        // Nothing of the site's own: the attribute is not touched.
        let external = "<img srcset=\"https://cdn.example.org/a.png 1x,  b.png 2x\">";
        assert_eq!(html_in("/", "index.html", external), external);
    }

    #[test]
    fn css_urls_are_rewritten_relative_to_the_style_sheet() {
        let config = config("/handboek/");
        let output = output();
        let rewriter = Rewriter::new(&config, &output).expect("a site");
        let css = "/* url(/handboek/niet.png) */\n\
                   @import \"/handboek/print.css\";\n\
                   @import url(/handboek/extra.css);\n\
                   .a { background: URL( /handboek/img/a.png ) no-repeat; }\n\
                   @media print { .b { background-image: url(\"/handboek/img/b.png#x\"); } }\n\
                   .c { background: url(data:image/png;base64,AA) }\n\
                   .d::before { content: \"url(/handboek/img/a.png)\"; }\n";
        let expected = "/* url(/handboek/niet.png) */\n\
                        @import \"print.css\";\n\
                        @import url(\"extra.css\");\n\
                        .a { background: url(\"img/a.png\") no-repeat; }\n\
                        @media print { .b { background-image: url(\"img/b.png#x\"); } }\n\
                        .c { background: url(data:image/png;base64,AA) }\n\
                        .d::before { content: \"url(/handboek/img/a.png)\"; }\n";
        let sheet = rewriter.addresses.file_url("bekwaam.css");
        assert_eq!(rewriter.rewrite_css(&sheet, css).as_deref(), Some(expected));
        let nested = rewriter.addresses.file_url("css/site.css");
        assert_eq!(
            rewriter
                .rewrite_css(&nested, "a{b:url(/handboek/img/a.png)}")
                .as_deref(),
            Some("a{b:url(\"../img/a.png\")}")
        );
        assert_eq!(rewriter.rewrite_css(&sheet, "a { color: red }"), None);
    }

    #[test]
    fn css_in_html_is_rewritten_relative_to_the_page() {
        let html = "<div style=\"background: url('/img/a.png')\"></div>\
                    <style>.x { background: url(/img/b.png) }</style>";
        assert_eq!(
            html_in("/", "competenties/index.html", html),
            "<div style=\"background: url(&quot;../img/a.png&quot;)\"></div>\
             <style>.x { background: url(\"../img/b.png\") }</style>"
        );
    }

    #[test]
    fn make_portable_rewrites_html_and_css_only() {
        let mut output = output();
        output.insert(
            "competenties/index.html".into(),
            b"<a href=\"/competenties/luistert/\">x</a>".to_vec(),
        );
        output.insert("bekwaam.css".into(), b"a{b:url(/img/a.png)}".to_vec());
        output.insert("sitemap.xml".into(), b"<loc>/competenties/</loc>".to_vec());
        make_portable(&mut output, &config("/")).expect("portable");
        assert_eq!(
            output.get("competenties/index.html"),
            Some(&b"<a href=\"luistert/index.html\">x</a>"[..])
        );
        assert_eq!(
            output.get("bekwaam.css"),
            Some(&b"a{b:url(\"img/a.png\")}"[..])
        );
        assert_eq!(
            output.get("sitemap.xml"),
            Some(&b"<loc>/competenties/</loc>"[..])
        );
    }

    #[test]
    fn a_file_that_cannot_be_rewritten_is_a_diagnostic_naming_it() {
        let mut output = output();
        output.insert(
            "oud/index.html".into(),
            b"<a href=\"/\">caf\xe9</a>".to_vec(),
        );
        // Markup that lol_html cannot parse without guessing (see its docs).
        output.insert(
            "raar.html".into(),
            b"<select><xmp><script>\"use strict\";</script></select>".to_vec(),
        );
        let before = output.clone();
        let problems = make_portable(&mut output, &config("/"))
            .expect_err("two files cannot be rewritten")
            .into_sorted();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].message.contains("`oud/index.html`"),
            "{}",
            problems[0]
        );
        assert!(problems[0].message.contains("UTF-8"), "{}", problems[0]);
        assert!(
            problems[1].message.contains("`raar.html`"),
            "{}",
            problems[1]
        );
        assert_eq!(output, before, "nothing is changed after a failure");
    }
}
