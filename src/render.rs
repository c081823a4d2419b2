//! From a checked [`Site`] to the files of the website, in memory.
//!
//! Templates come from three layers, later ones overriding earlier ones by
//! name: the default theme built into the binary, the theme chosen with
//! `theme = "name"` (`themes/name/templates/`), and the site's own
//! `templates/`. Autoescaping is on for HTML and XML; only Bekwaam's own
//! rendered Markdown is marked safe in the templates.
//!
//! Every page is rendered independently (in parallel) from one shared base
//! context: the configuration, the theme's texts in the site's language, the
//! navigation and the list of competencies.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::content::{Page, PageKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Heading, Link, Part};
use crate::output::Output;
use crate::source;
use crate::theme;

/// Texts of the theme in the site's language, and the paths of the pages a
/// build generates.
#[derive(Clone, Debug, Serialize)]
pub struct Texts {
    /// The language code these texts are in.
    pub lang: &'static str,
    /// Skip link.
    pub skip: &'static str,
    /// Home link.
    pub home: &'static str,
    /// The competencies.
    pub competencies: &'static str,
    /// One competency.
    pub competency: &'static str,
    /// Heading of the examples on a competency page.
    pub examples: &'static str,
    /// Heading of the tips on a competency page.
    pub tips: &'static str,
    /// Title of the overview of all examples.
    pub all_examples: &'static str,
    /// Title of the overview of all tips.
    pub all_tips: &'static str,
    /// Title of the print page.
    pub print: &'static str,
    /// Table of contents.
    pub contents: &'static str,
    /// Related competencies.
    pub related: &'static str,
    /// Previous competency.
    pub previous: &'static str,
    /// Next competency.
    pub next: &'static str,
    /// Singular and plural of "example".
    pub example_one: &'static str,
    /// Plural.
    pub example_many: &'static str,
    /// Singular of "tip".
    pub tip_one: &'static str,
    /// Plural.
    pub tip_many: &'static str,
    /// Title of the 404 page.
    pub not_found: &'static str,
    /// Text of the 404 page.
    pub not_found_text: &'static str,
    /// Breadcrumb label.
    pub breadcrumb: &'static str,
    /// Main navigation label.
    pub navigation: &'static str,
    /// "Go to the competency" on overviews.
    pub to_competency: &'static str,
    /// Link to print the page.
    pub print_hint: &'static str,
    /// Label for a page's sections.
    pub on_this_page: &'static str,
    /// Site path of the tips overview.
    pub tips_path: &'static str,
    /// Site path of the examples overview.
    pub examples_path: &'static str,
    /// Site path of the print page.
    pub print_path: &'static str,
    /// File name of the JSON export.
    pub export_path: &'static str,
    /// Title of the accessibility statement.
    pub accessibility: &'static str,
    /// Site path of the accessibility statement.
    pub accessibility_path: &'static str,
    /// Label above an example.
    pub example_label: &'static str,
    /// Label of a tip.
    pub tip_label: &'static str,
    /// Link to one example.
    pub link_example: &'static str,
    /// Link to one tip.
    pub link_tip: &'static str,
    /// Button that copies the link to an example or tip.
    pub copy_link: &'static str,
    /// Said after copying.
    pub copied: &'static str,
    /// Said when copying is not possible.
    pub copy_failed: &'static str,
    /// Label of the filter buttons on the overviews.
    pub filter_label: &'static str,
    /// The filter button that shows everything.
    pub filter_all: &'static str,
    /// How many are shown: `{shown}` and `{total}` are filled in.
    pub filter_count: &'static str,
    /// Folder of the search index.
    pub search_path: &'static str,
    /// Label of the search field.
    pub search: &'static str,
    /// Placeholder of the search field.
    pub search_placeholder: &'static str,
    /// Shown while the index loads.
    pub searching: &'static str,
    /// One result.
    pub search_one: &'static str,
    /// `{n}` results.
    pub search_many: &'static str,
    /// No results for `{q}`.
    pub search_none: &'static str,
    /// Shown when a file of the index cannot be loaded.
    pub search_failed: &'static str,
    /// Shown without JavaScript.
    pub search_nojs: &'static str,
    /// Label of the results.
    pub search_results: &'static str,
    /// Hint about the keyboard.
    pub search_help: &'static str,
    /// Close the results.
    pub search_close: &'static str,
    /// The button under the results that shows more of them.
    pub search_more: &'static str,
    /// Kind filter: everything.
    pub search_all: &'static str,
    /// Labels of the kinds, in the order competentie, voorbeeld, tip, pagina.
    pub kinds: [&'static str; 4],
    /// Kind filter labels, same order.
    pub kinds_only: [&'static str; 4],
    /// Label of the kind filter.
    pub search_kind: &'static str,
}

impl Texts {
    /// The overviews Bekwaam makes beside the content pages, as (template,
    /// site path): all tips, all examples, the print page and the
    /// accessibility statement.
    pub fn overviews(&self) -> [(&'static str, &'static str); 4] {
        [
            ("tips.html", self.tips_path),
            ("examples.html", self.examples_path),
            ("print.html", self.print_path),
            ("accessibility.html", self.accessibility_path),
        ]
    }

    /// The texts for a language code (Dutch for anything not English).
    pub fn for_language(language: &str) -> Texts {
        if language.split(['-', '_']).next() == Some("en") {
            Texts {
                lang: "en",
                skip: "Skip to content",
                home: "Home",
                competencies: "Competencies",
                competency: "Competency",
                examples: "Examples",
                tips: "Tips",
                all_examples: "All examples",
                all_tips: "All tips",
                print: "The whole handbook",
                contents: "Contents",
                related: "Related competencies",
                previous: "Previous",
                next: "Next",
                example_one: "example",
                example_many: "examples",
                tip_one: "tip",
                tip_many: "tips",
                not_found: "Page not found",
                not_found_text: "This page does not exist (any more). Go to the home page or pick a competency.",
                breadcrumb: "You are here",
                navigation: "Main menu",
                to_competency: "Go to the competency",
                print_hint: "Print or save as PDF with your browser's print function.",
                on_this_page: "On this page",
                tips_path: "all-tips/",
                examples_path: "all-examples/",
                print_path: "print/",
                export_path: "handbook.json",
                accessibility: "Accessibility statement",
                accessibility_path: "accessibility/",
                example_label: "Example from practice",
                tip_label: "Tip",
                link_example: "Link to this example",
                link_tip: "Link to this tip",
                copy_link: "Copy link",
                copied: "Link copied",
                copy_failed: "Copying did not work. The address is now in the address bar.",
                filter_label: "Show competency",
                filter_all: "All competencies",
                filter_count: "{shown} of {total} shown",
                search_path: "search/",
                search: "Search",
                search_placeholder: "Competency, example or tip",
                searching: "searching…",
                search_one: "1 result",
                search_many: "{n} results",
                search_none: "No results for “{q}”.",
                search_failed: "Search does not work right now. Reload the page and try again.",
                search_nojs: "Search needs JavaScript; every page can be read without it.",
                search_results: "Search results",
                search_help: "Press / to search. Use the arrow keys to move through the results.",
                search_close: "Close",
                search_more: "More results",
                search_all: "Everything",
                kinds: ["Competency", "Example", "Tip", "Page"],
                kinds_only: ["Competencies", "Examples", "Tips", "Pages"],
                search_kind: "Show",
            }
        } else {
            Texts {
                lang: "nl",
                skip: "Naar de inhoud",
                home: "Start",
                competencies: "Competenties",
                competency: "Competentie",
                examples: "Voorbeelden",
                tips: "Praktijktips",
                all_examples: "Alle voorbeelden",
                all_tips: "Alle praktijktips",
                print: "Het hele handboek",
                contents: "Inhoud",
                related: "Hangt samen met",
                previous: "Vorige",
                next: "Volgende",
                example_one: "voorbeeld",
                example_many: "voorbeelden",
                tip_one: "tip",
                tip_many: "tips",
                not_found: "Pagina niet gevonden",
                not_found_text: "Deze pagina bestaat niet (meer). Ga naar de startpagina of kies een competentie.",
                breadcrumb: "U bent hier",
                navigation: "Hoofdmenu",
                to_competency: "Naar de competentie",
                print_hint: "Druk af of bewaar als pdf met de afdrukfunctie van je browser.",
                on_this_page: "Op deze pagina",
                tips_path: "alle-praktijktips/",
                examples_path: "alle-voorbeelden/",
                print_path: "afdrukken/",
                export_path: "handboek.json",
                accessibility: "Toegankelijkheidsverklaring",
                accessibility_path: "toegankelijkheid/",
                example_label: "Voorbeeld uit de praktijk",
                tip_label: "Tip",
                link_example: "Link naar dit voorbeeld",
                link_tip: "Link naar deze tip",
                copy_link: "Kopieer link",
                copied: "Link gekopieerd",
                copy_failed: "Kopiëren lukt niet. Het adres staat nu in de adresbalk.",
                filter_label: "Toon competentie",
                filter_all: "Alle competenties",
                filter_count: "{shown} van {total} zichtbaar",
                search_path: "zoek/",
                search: "Zoeken",
                search_placeholder: "Competentie, voorbeeld of tip",
                searching: "zoeken…",
                search_one: "1 resultaat",
                search_many: "{n} resultaten",
                search_none: "Geen resultaten voor “{q}”.",
                search_failed: "Zoeken lukt nu niet. Laad de pagina opnieuw en probeer het nog eens.",
                search_nojs: "Zoeken werkt alleen met JavaScript. Alle pagina's zijn zonder te lezen.",
                search_results: "Zoekresultaten",
                search_help: "Druk op / om te zoeken. Met de pijltjestoetsen ga je door de resultaten.",
                search_close: "Sluiten",
                search_more: "Meer resultaten",
                search_all: "Alles",
                kinds: ["Competentie", "Voorbeeld", "Tip", "Pagina"],
                kinds_only: ["Competenties", "Voorbeelden", "Tips", "Pagina's"],
                search_kind: "Toon",
            }
        }
    }
}

/// A short reference to a page, for lists, cards and navigation.
#[derive(Clone, Debug, Serialize)]
struct PageRef<'a> {
    title: &'a str,
    url: String,
    path: &'a str,
    slug: &'a str,
    summary: Option<&'a str>,
    /// Place in the framework (competencies only).
    number: Option<usize>,
    examples: usize,
    tips: usize,
    weight: Option<i64>,
}

/// An example or tip in a template.
#[derive(Serialize)]
struct PartCtx<'a> {
    id: &'a str,
    title: &'a str,
    html: &'a str,
    text: &'a str,
    /// The address of this part on its competency page.
    url: String,
}

#[derive(Serialize)]
struct HeadingCtx<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

fn heading_ctx(heading: &Heading) -> HeadingCtx<'_> {
    HeadingCtx {
        level: heading.level,
        id: &heading.id,
        text: &heading.text,
    }
}

/// Everything a template knows about the page it renders.
#[derive(Serialize)]
struct PageCtx<'a> {
    kind: PageKind,
    title: &'a str,
    description: String,
    summary: Option<&'a str>,
    url: String,
    permalink: String,
    path: &'a str,
    slug: &'a str,
    number: Option<usize>,
    content: &'a str,
    content_after: &'a str,
    examples_intro: &'a str,
    tips_intro: &'a str,
    /// The examples heading as written (its `id` and `text`).
    examples_heading: Option<HeadingCtx<'a>>,
    /// The tips heading as written.
    tips_heading: Option<HeadingCtx<'a>>,
    examples: Vec<PartCtx<'a>>,
    tips: Vec<PartCtx<'a>>,
    toc: Vec<HeadingCtx<'a>>,
    related: Vec<PageRef<'a>>,
    previous: Option<PageRef<'a>>,
    next: Option<PageRef<'a>>,
    /// For sections: the pages directly in the folder.
    pages: Vec<PageRef<'a>>,
    /// For sections: the sections directly below.
    subsections: Vec<PageRef<'a>>,
    date: Option<String>,
    updated: Option<String>,
    extra: &'a toml::Table,
}

/// Where a template came from, for messages.
#[derive(Clone, Debug)]
enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// The templates of a site, loaded and checked.
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
}

impl Templates {
    /// Loads the built-in theme, the chosen theme and the site's templates.
    pub fn load(root: &Path, theme_name: Option<&str>) -> Result<Templates, Diagnostics> {
        let mut sources: BTreeMap<String, (String, Origin)> = theme::TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), Origin::BuiltIn)))
            .collect();
        let mut problems = Diagnostics::new();
        let mut dirs = Vec::new();
        if let Some(name) = theme_name {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(Diagnostic::error(
                    "config.toml",
                    format!("het thema `{name}` bestaat niet: de map themes/{name}/ ontbreekt"),
                )
                .with_help("zet het thema in themes/, of haal `theme` weg voor het standaardthema")
                .into());
            }
            dirs.push(dir.join("templates"));
        }
        dirs.push(root.join("templates"));
        for dir in dirs {
            let (files, found) = source::walk(root, &dir);
            problems.extend(found);
            for file in files {
                match source::read_text(root, &file.full) {
                    Ok(text) => {
                        let shown = file
                            .full
                            .strip_prefix(root)
                            .unwrap_or(&file.full)
                            .to_path_buf();
                        sources.insert(file.relative, (text, Origin::File(shown)));
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let origins: BTreeMap<String, Origin> = sources
            .iter()
            .map(|(n, (_, o))| (n.clone(), o.clone()))
            .collect();
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        tera.set_escape_fn(escape);
        if let Err(error) =
            tera.add_raw_templates(sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())))
        {
            let message = error_chain(&error);
            let name = quoted_name(&message);
            let path = name
                .and_then(|n| origins.get(n))
                .map_or_else(|| PathBuf::from("templates"), origin_path);
            let mut diagnostic =
                Diagnostic::error(path, format!("fout in een template: {message}")).with_help(
                    "controleer de Tera-syntaxis: {{ … }}, {% … %} en of elk blok wordt afgesloten",
                );
            if let Some((line, col)) = tera_position(&message) {
                diagnostic = diagnostic.at(line, col);
            }
            return Err(diagnostic.into());
        }
        Ok(Templates { tera, origins })
    }

    /// True if a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// True if the site or its theme has its own template `name` (not
    /// only the built-in theme).
    pub fn is_own(&self, name: &str) -> bool {
        matches!(self.origins.get(name), Some(Origin::File(_)))
    }

    /// Where the template `name` comes from, as messages show it
    /// (`templates/page.html`, or the built-in theme).
    pub fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .map_or_else(|| PathBuf::from(name), origin_path)
    }

    fn render(&self, name: &str, context: &Context, for_file: &Path) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|error| {
            let message = error_chain(&error);
            Diagnostic::error(self.origin(name), format!("template `{name}` faalt: {message}")).with_help(format!(
                "dit gebeurde bij {}; gebruik alleen variabelen die bestaan (zie README), of geef een standaardwaarde met `| default(value=\"\")`",
                for_file.display()
            ))
        })
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` (Tera's own escaping also turns `/` into
/// `&#x2F;`, which is valid but makes every URL in the output hard to read).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
    escaped
}

fn origin_path(origin: &Origin) -> PathBuf {
    match origin {
        Origin::BuiltIn => PathBuf::from("(ingebouwd thema)"),
        Origin::File(path) => path.clone(),
    }
}

/// The message of an error with all its causes.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message.replace('\n', " ")
}

/// The first `'name'` in a Tera message.
fn quoted_name(message: &str) -> Option<&str> {
    let start = message.find('\'')? + 1;
    let len = message[start..].find('\'')?;
    Some(&message[start..start + len])
}

/// The `--> line:col` of a Tera parse error.
fn tera_position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    base: Context,
}

impl<'a> Renderer<'a> {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.config.base_path)
    }

    fn number_of(&self, page: &Page) -> Option<usize> {
        self.site
            .competencies()
            .position(|p| std::ptr::eq(p, page))
            .map(|i| i + 1)
    }

    fn page_ref(&self, page: &'a Page) -> PageRef<'a> {
        PageRef {
            title: &page.front.title,
            url: self.url(&page.path),
            path: &page.path,
            slug: &page.slug,
            summary: page.front.summary.as_deref(),
            number: self.number_of(page),
            examples: page.rendered.examples.len(),
            tips: page.rendered.tips.len(),
            weight: page.front.weight,
        }
    }

    fn parts(&self, page: &'a Page, parts: &'a [Part]) -> Vec<PartCtx<'a>> {
        parts
            .iter()
            .map(|p| PartCtx {
                id: &p.id,
                title: &p.title,
                html: &p.html,
                text: &p.text,
                url: format!("{}#{}", self.url(&page.path), p.id),
            })
            .collect()
    }

    fn description(&self, page: &Page) -> String {
        let text = page
            .front
            .description
            .as_deref()
            .or(page.front.summary.as_deref())
            .filter(|d| !d.trim().is_empty())
            .unwrap_or(&page.rendered.first_paragraph);
        let text = if text.trim().is_empty() {
            self.site.config.description.as_str()
        } else {
            text
        };
        shorten(text, 160)
    }

    fn page_context(&self, page: &'a Page) -> PageCtx<'a> {
        let site = self.site;
        let (previous, next) = match site
            .competencies
            .iter()
            .position(|&i| std::ptr::eq(&site.pages[i], page))
        {
            Some(i) => (
                i.checked_sub(1)
                    .map(|j| self.page_ref(&site.pages[site.competencies[j]])),
                site.competencies
                    .get(i + 1)
                    .map(|&j| self.page_ref(&site.pages[j])),
            ),
            None => (None, None),
        };
        let (mut pages, mut subsections) = (Vec::new(), Vec::new());
        if matches!(page.kind, PageKind::Section | PageKind::Home) {
            let folder = page.folder();
            for other in &site.pages {
                if std::ptr::eq(other, page) || other.kind == PageKind::Home {
                    continue;
                }
                let other_folder = other.folder();
                match other.kind {
                    PageKind::Section => {
                        let parent = other_folder.rsplit_once('/').map_or("", |(p, _)| p);
                        if parent == folder && other_folder != folder {
                            subsections.push(self.page_ref(other));
                        }
                    }
                    _ if other_folder == folder => pages.push(self.page_ref(other)),
                    _ => {}
                }
            }
            let key = |r: &PageRef<'_>| {
                (
                    r.number.unwrap_or(usize::MAX),
                    r.weight.unwrap_or(i64::MAX),
                    r.title.to_string(),
                )
            };
            pages.sort_by_key(key);
            subsections.sort_by_key(key);
        }
        let r = &page.rendered;
        PageCtx {
            kind: page.kind,
            title: &page.front.title,
            description: self.description(page),
            summary: page.front.summary.as_deref(),
            url: self.url(&page.path),
            permalink: site.config.permalink(&page.path),
            path: &page.path,
            slug: &page.slug,
            number: self.number_of(page),
            content: &r.content,
            content_after: &r.content_after,
            examples_intro: &r.examples_intro,
            tips_intro: &r.tips_intro,
            examples_heading: r.examples_heading.as_ref().map(heading_ctx),
            tips_heading: r.tips_heading.as_ref().map(heading_ctx),
            examples: self.parts(page, &r.examples),
            tips: self.parts(page, &r.tips),
            toc: r
                .headings
                .iter()
                .map(|h| HeadingCtx {
                    level: h.level,
                    id: &h.id,
                    text: &h.text,
                })
                .collect(),
            related: page
                .front
                .related
                .iter()
                .filter_map(|s| site.competency(s))
                .map(|p| self.page_ref(p))
                .collect(),
            previous,
            next,
            pages,
            subsections,
            date: page.front.date.map(|d| d.to_string()),
            updated: page.front.updated.map(|d| d.to_string()),
            extra: &page.front.extra,
        }
    }

    fn template_for(&self, page: &Page) -> Result<String, Diagnostic> {
        if let Some(name) = &page.front.template {
            if !self.templates.has(name) {
                return Err(Diagnostic::error(
                    &page.file,
                    format!("de template `{name}` bestaat niet"),
                )
                .at(page.template_at.0, page.template_at.1)
                .with_help("zet de template in templates/, of haal `template` weg"));
            }
            return Ok(name.clone());
        }
        Ok(default_template(page.kind).to_string())
    }

    fn render_page(&self, page: &'a Page) -> Result<(String, Vec<u8>), Diagnostic> {
        let name = self.template_for(page)?;
        let mut context = self.base.clone();
        context.insert("page", &self.page_context(page));
        let html = self.templates.render(&name, &context, &page.file)?;
        Ok((format!("{}index.html", page.path), html.into_bytes()))
    }

    /// A generated page (overviews, print, 404) with a title and extra values.
    fn render_generated(
        &self,
        template: &str,
        path: &str,
        title: &str,
        values: Context,
    ) -> Result<(String, Vec<u8>), Diagnostic> {
        let mut context = self.base.clone();
        context.extend(values);
        let description = shorten(&format!("{title} — {}", self.site.config.title), 160);
        context.insert(
            "page",
            &serde_json::json!({
                "kind": "generated",
                "title": title,
                "description": description,
                "url": self.url(path),
                "permalink": self.site.config.permalink(path),
                "path": path,
                "extra": {},
            }),
        );
        let html = self
            .templates
            .render(template, &context, Path::new(template))?;
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        Ok((file, html.into_bytes()))
    }

    /// The competencies with their parts as rendered for pages that show
    /// several competencies at once (overviews, print): ids carry the
    /// competency's slug so they stay unique, while each part's `url` points
    /// at the part on its own competency page.
    fn competencies_with_parts(&self) -> Vec<serde_json::Value> {
        self.site
            .competencies()
            .map(|page| {
                let r = page.print.as_ref().unwrap_or(&page.rendered);
                let with_urls = |shown: &'a [Part], own: &'a [Part]| -> Vec<PartCtx<'a>> {
                    shown
                        .iter()
                        .zip(own)
                        .map(|(p, o)| PartCtx {
                            id: &p.id,
                            title: &p.title,
                            html: &p.html,
                            text: &p.text,
                            url: format!("{}#{}", self.url(&page.path), o.id),
                        })
                        .collect()
                };
                serde_json::json!({
                    "ref": self.page_ref(page),
                    "content": r.content,
                    "content_after": r.content_after,
                    "examples": with_urls(&r.examples, &page.rendered.examples),
                    "tips": with_urls(&r.tips, &page.rendered.tips),
                })
            })
            .collect()
    }
}

/// Cuts text to at most `max` characters at a word boundary, adding `…`.
fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    path: String,
}

/// The template a content page of this kind is made with, unless its
/// front matter names another.
pub fn default_template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Section => "section.html",
        PageKind::Competency => "competency.html",
        PageKind::Page => "page.html",
    }
}

/// Renders every page of the site into `output`. The search index is not a
/// page: [`crate::build`] makes it beside the pages ([`crate::search`]).
pub fn render(site: &Site, templates: &Templates, output: &mut Output) -> Result<(), Diagnostics> {
    render_some(site, templates, output, None)
}

/// Renders the pages whose source path is in `only` (every page when `None`)
/// and every generated file (overviews, print, 404, sitemap, export) into
/// `output`, which holds the rest of the site; then checks the links of all
/// pages against the whole output.
///
/// The preview server uses this after an edit that changed no page's title,
/// order or counts: other pages show nothing of the edited page's text, but
/// the overviews and the print page do.
pub fn render_some(
    site: &Site,
    templates: &Templates,
    output: &mut Output,
    only: Option<&HashSet<String>>,
) -> Result<(), Diagnostics> {
    let texts = Texts::for_language(&site.config.language);
    let mut problems = Diagnostics::new();

    // Generated pages must not share a URL with a content page.
    for (_, generated) in texts.overviews() {
        if let Some(page) = site.pages.iter().find(|p| p.path == generated) {
            problems.push(
                Diagnostic::error(&page.file, format!("het webadres /{generated} is al in gebruik voor een overzicht dat Bekwaam maakt"))
                    .with_help("geef dit bestand een andere naam"),
            );
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }

    branding(site, output, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }

    let mut base = Context::new();
    base.insert("config", &site.config);
    base.insert("t", &texts);
    base.insert("root", &site.config.base_path);
    base.insert("lang", &site.config.language);
    let base_path = &site.config.base_path;
    let mut nav: Vec<NavItem> = Vec::new();
    let competencies_path = format!("{}/", site.config.handbook.competencies);
    nav.push(NavItem {
        title: site
            .page(&format!("{}/_index.md", site.config.handbook.competencies))
            .map_or(texts.competencies.to_string(), |p| p.front.title.clone()),
        url: format!("{base_path}{competencies_path}"),
        path: competencies_path.clone(),
    });
    for (title, path) in [
        (texts.all_tips, texts.tips_path),
        (texts.all_examples, texts.examples_path),
    ] {
        nav.push(NavItem {
            title: title.to_string(),
            url: format!("{base_path}{path}"),
            path: path.to_string(),
        });
    }
    let mut top: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| {
            p.kind != PageKind::Home
                && p.path != competencies_path
                && p.path.matches('/').count() == 1
        })
        .collect();
    top.sort_by_key(|p| (p.front.weight.unwrap_or(i64::MAX), p.front.title.clone()));
    nav.extend(top.into_iter().map(|p| NavItem {
        title: p.front.title.clone(),
        url: format!("{base_path}{}", p.path),
        path: p.path.clone(),
    }));
    base.insert("nav", &nav);

    let mut renderer = Renderer {
        site,
        templates,
        base,
    };
    let competency_refs: Vec<PageRef<'_>> =
        site.competencies().map(|p| renderer.page_ref(p)).collect();
    renderer.base.insert("competencies", &competency_refs);

    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = site
        .pages
        .par_iter()
        .filter(|page| only.is_none_or(|only| only.contains(&page.source)))
        .map(|page| renderer.render_page(page))
        .collect();
    for result in rendered {
        match result {
            Ok((path, bytes)) => output.insert(path, bytes),
            Err(problem) => problems.push(problem),
        }
    }

    // The competencies folder always has an overview page, even without _index.md.
    if !site.pages.iter().any(|p| p.path == competencies_path) {
        let values = Context::new();
        match renderer.render_generated(
            "competencies.html",
            &competencies_path,
            texts.competencies,
            values,
        ) {
            Ok((path, bytes)) => output.insert(path, bytes),
            Err(problem) => problems.push(problem),
        }
    }
    let items = renderer.competencies_with_parts();
    let intro = site.page(&format!("{}/_index.md", site.config.handbook.competencies));
    let generated: [(&str, &str, &str, Context); 5] = [
        ("tips.html", texts.tips_path, texts.all_tips, {
            let mut c = Context::new();
            c.insert("items", &items);
            c
        }),
        ("examples.html", texts.examples_path, texts.all_examples, {
            let mut c = Context::new();
            c.insert("items", &items);
            c
        }),
        ("print.html", texts.print_path, texts.print, {
            let mut c = Context::new();
            c.insert("items", &items);
            c.insert(
                "intro",
                &intro.map(
                    |p| serde_json::json!({"title": p.front.title, "content": p.rendered.content}),
                ),
            );
            c
        }),
        ("404.html", "404.html", texts.not_found, Context::new()),
        (
            "accessibility.html",
            texts.accessibility_path,
            texts.accessibility,
            Context::new(),
        ),
    ];
    for (template, path, title, values) in generated {
        match renderer.render_generated(template, path, title, values) {
            Ok((path, bytes)) => output.insert(path, bytes),
            Err(problem) => problems.push(problem),
        }
    }

    // sitemap.xml: every HTML page but the 404.
    let mut urls: Vec<serde_json::Value> = site
        .pages
        .iter()
        .map(|p| {
            serde_json::json!({
                "loc": site.config.permalink(&p.path),
                "lastmod": p.front.updated.or(p.front.date).map(|d| d.to_string()),
            })
        })
        .collect();
    for (_, path) in texts.overviews() {
        urls.push(serde_json::json!({ "loc": site.config.permalink(path), "lastmod": null }));
    }
    let mut context = Context::new();
    context.insert("urls", &urls);
    match templates.render("sitemap.xml", &context, Path::new("sitemap.xml")) {
        Ok(xml) => output.insert("sitemap.xml".into(), xml.into_bytes()),
        Err(problem) => problems.push(problem),
    }

    output.insert(texts.export_path.to_string(), export(site, &renderer));

    check_root_links(site, output, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(())
}

/// Checks that every link and image starting with `/` names a file of
/// `output` (as [`render_some`] does after rendering).
pub fn check_links(site: &Site, output: &Output) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::new();
    check_root_links(site, output, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(())
}

/// The organisation's colour as a style sheet of its own (`huisstijl.css`,
/// linked by the theme only when a colour is set: no inline styles, so pages
/// work under a strict Content-Security-Policy), and a check that the logo
/// is a file of the site.
fn branding(site: &Site, output: &mut Output, problems: &mut Diagnostics) {
    let branding = &site.config.branding;
    if let Some(color) = &branding.color {
        // The colour was checked to be #rgb or #rrggbb when the config was read.
        output.insert(
            BRANDING_CSS.to_string(),
            format!("/* From [branding] in config.toml. */\n:root {{ --brand: {color}; }}\n")
                .into_bytes(),
        );
    }
    if let Some(logo) = &branding.logo {
        let file = logo.trim_start_matches('/');
        if !output.contains(file) {
            problems.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("het logo `{logo}` bestaat niet in de website"),
                )
                .with_help(format!(
                    "zet het bestand in static/{file}, en schrijf het pad zonder static/"
                )),
            );
        }
    }
}

/// The file `[branding]` colours are written to.
pub const BRANDING_CSS: &str = "huisstijl.css";

/// The framework as data (see the README for the shape).
fn export(site: &Site, renderer: &Renderer<'_>) -> Vec<u8> {
    let part = |page: &Page, p: &Part| {
        serde_json::json!({
            "id": p.id,
            "title": p.title,
            "url": format!("{}#{}", renderer.url(&page.path), p.id),
            "text": p.text,
            "html": p.html,
        })
    };
    let competencies: Vec<serde_json::Value> = site
        .competencies()
        .enumerate()
        .map(|(i, page)| {
            serde_json::json!({
                "number": i + 1,
                "slug": page.slug,
                "title": page.front.title,
                "summary": page.front.summary,
                "description": renderer.description(page),
                "url": renderer.url(&page.path),
                "related": page.front.related,
                "examples": page.rendered.examples.iter().map(|p| part(page, p)).collect::<Vec<_>>(),
                "tips": page.rendered.tips.iter().map(|p| part(page, p)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let export = serde_json::json!({
        "title": site.config.title,
        "language": site.config.language,
        "base_url": site.config.base_url,
        "competencies": competencies,
    });
    let mut bytes = serde_json::to_vec_pretty(&export).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Links and images starting with `/` must name a file of the output.
fn check_root_links(site: &Site, output: &Output, problems: &mut Diagnostics) {
    for page in &site.pages {
        for (link, &(line, col)) in page.rendered.links.iter().zip(&page.link_positions) {
            let Link::Root { path, .. } = link else {
                continue;
            };
            let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let file = if decoded.is_empty() || decoded.ends_with('/') {
                format!("{decoded}index.html")
            } else {
                decoded.to_string()
            };
            if !output.contains(&file) && !output.contains(&format!("{file}/index.html")) {
                problems.push(
                    Diagnostic::error(&page.file, format!("de link naar `/{path}` wijst naar een bestand dat niet bestaat"))
                        .at(line, col)
                        .with_help("een pad dat met / begint, wijst naar static/ of naar een pagina; controleer de naam"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("kort", 10), "kort");
        assert_eq!(shorten("een twee drie vier", 12), "een twee…");
    }

    #[test]
    fn tera_messages_give_positions_and_names() {
        assert_eq!(
            tera_position("Failed to parse 'x.html':  --> 3:7 |"),
            Some((3, 7))
        );
        assert_eq!(quoted_name("Failed to parse 'x.html'"), Some("x.html"));
    }
}
