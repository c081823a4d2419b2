//! What templates see: typed contexts, serialised for Tera.
//!
//! Every template gets the same base ([`Renderer::new`]: `config`, `t`,
//! `layout`, `root`, `lang`, `nav`, `competencies`) and one `page`: a
//! content page's [`PageCtx`] or a generated page's [`GeneratedCtx`]. The
//! field names are the template interface documented in the README; a
//! renamed field breaks every theme that uses it.

use serde::Serialize;
use tera::Context;

use crate::content::{Page, PageKind, Site};
use crate::markdown::{Heading, Part};
use crate::render::Templates;
use crate::render::model::ModelCtx;
use crate::texts::Texts;

/// A short reference to a page, for lists, cards and navigation.
#[derive(Clone, Debug, Serialize)]
pub(super) struct PageRef<'a> {
    pub(super) title: &'a str,
    url: String,
    path: &'a str,
    pub(super) slug: &'a str,
    summary: Option<&'a str>,
    /// Place in the framework (competencies only).
    number: Option<usize>,
    examples: usize,
    tips: usize,
    /// Behaviour indicators, of the competency and of its levels.
    indicators: usize,
    /// Reflection questions.
    questions: usize,
    weight: Option<i64>,
}

/// An example or tip in a template.
#[derive(Serialize)]
pub(super) struct PartCtx<'a> {
    id: &'a str,
    title: &'a str,
    html: &'a str,
    text: &'a str,
    /// The address of this part on its competency page.
    url: String,
}

#[derive(Serialize)]
pub(super) struct HeadingCtx<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

impl<'a> HeadingCtx<'a> {
    pub(super) fn of(heading: &'a Heading) -> HeadingCtx<'a> {
        HeadingCtx {
            level: heading.level,
            id: &heading.id,
            text: &heading.text,
        }
    }
}

/// Everything a template knows about the content page it renders.
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
    /// The behaviour indicators, levels and reflection questions.
    #[serde(flatten)]
    model: ModelCtx<'a>,
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
    /// A draft, shown because of `--drafts`.
    draft: bool,
}

/// The `page` of a page Bekwaam makes (overviews, print, 404).
#[derive(Serialize)]
pub(super) struct GeneratedCtx<'a> {
    /// Always `generated`.
    kind: &'static str,
    title: &'a str,
    description: String,
    url: String,
    permalink: String,
    path: &'a str,
    /// Empty: a generated page has no front matter.
    extra: toml::Table,
}

/// One competency on a page that shows many (overviews, print): its parts'
/// ids carry the competency's slug so they stay unique, while each part's
/// `url` points at the part on its own competency page.
#[derive(Serialize)]
pub(super) struct ItemCtx<'a> {
    #[serde(rename = "ref")]
    reference: PageRef<'a>,
    content: &'a str,
    content_after: &'a str,
    examples: Vec<PartCtx<'a>>,
    tips: Vec<PartCtx<'a>>,
    #[serde(flatten)]
    model: ModelCtx<'a>,
}

/// The competencies folder's own introduction, on the print page.
#[derive(Serialize)]
pub(super) struct IntroCtx<'a> {
    title: &'a str,
    content: &'a str,
}

impl<'a> IntroCtx<'a> {
    pub(super) fn of(page: &'a Page) -> IntroCtx<'a> {
        IntroCtx {
            title: &page.front.title,
            content: &page.rendered.content,
        }
    }
}

/// `t` in templates: the theme's texts, and under their old names the
/// paths that were once texts (`t.print_path`, …), so that templates copied
/// from an earlier Bekwaam keep working; new templates use `layout`.
#[derive(Serialize)]
struct TextsCtx<'a> {
    #[serde(flatten)]
    texts: &'a Texts,
    lang: &'static str,
    tips_path: &'static str,
    examples_path: &'static str,
    print_path: &'static str,
    export_path: &'static str,
    accessibility_path: &'static str,
    search_path: &'static str,
}

impl<'a> TextsCtx<'a> {
    fn of(site: &'a Site) -> TextsCtx<'a> {
        let layout = &site.layout;
        TextsCtx {
            texts: &site.texts,
            lang: site.config.lang.code(),
            tips_path: layout.tips,
            examples_path: layout.examples,
            print_path: layout.print,
            export_path: layout.export,
            accessibility_path: layout.accessibility,
            search_path: layout.search,
        }
    }
}

/// An entry of the main menu.
#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    url: String,
    path: &'a str,
}

/// Renders the pages of one site from one shared base context.
pub(super) struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) templates: &'a Templates,
    base: Context,
}

impl<'a> Renderer<'a> {
    /// A renderer with the base context every template sees.
    pub(super) fn new(site: &'a Site, templates: &'a Templates) -> Renderer<'a> {
        let mut renderer = Renderer {
            site,
            templates,
            base: Context::new(),
        };
        let mut base = Context::new();
        base.insert("config", &site.config);
        base.insert("t", &TextsCtx::of(site));
        base.insert("layout", &site.layout);
        base.insert("root", &site.config.base_path);
        base.insert("lang", &site.config.language);
        base.insert("csp", super::CONTENT_SECURITY_POLICY);
        base.insert("nav", &renderer.nav());
        let competencies: Vec<PageRef<'_>> =
            site.competencies().map(|p| renderer.page_ref(p)).collect();
        base.insert("competencies", &competencies);
        renderer.base = base;
        renderer
    }

    /// A copy of the base context, for a renderer to insert a `page` into
    /// (again and again: `insert` replaces the previous one).
    pub(super) fn base_context(&self) -> Context {
        self.base.clone()
    }

    /// The base context and a `page`.
    pub(super) fn context(&self, page: &impl Serialize) -> Context {
        let mut context = self.base_context();
        context.insert("page", page);
        context
    }

    /// The main menu: the competencies, the overviews (tips, examples, and
    /// the levels and reflection questions when the site has them), then
    /// the pages and sections directly below the home page, by weight and
    /// title.
    fn nav(&self) -> Vec<NavItem<'a>> {
        let site = self.site;
        let layout = &site.layout;
        let mut nav = vec![NavItem {
            title: site
                .page(&format!("{}/_index.md", site.config.handbook.competencies))
                .map_or(site.texts.competencies.as_str(), |p| &p.front.title),
            url: self.url(&layout.competencies),
            path: &layout.competencies,
        }];
        let framework = [
            (&site.texts.levels, layout.levels),
            (&site.texts.reflection, layout.reflection),
        ];
        let overviews = [
            (&site.texts.all_tips, layout.tips),
            (&site.texts.all_examples, layout.examples),
        ]
        .into_iter()
        .chain(
            framework
                .into_iter()
                .filter_map(|(title, path)| path.map(|path| (title, path))),
        );
        for (title, path) in overviews {
            nav.push(NavItem {
                title,
                url: self.url(path),
                path,
            });
        }
        let mut top: Vec<&Page> = site
            .pages
            .iter()
            .filter(|p| {
                p.kind != PageKind::Home
                    && p.path != layout.competencies
                    && p.path.matches('/').count() == 1
            })
            .collect();
        top.sort_by_key(|p| (p.front.weight.unwrap_or(i64::MAX), p.front.title.clone()));
        nav.extend(top.into_iter().map(|p| NavItem {
            title: &p.front.title,
            url: self.url(&p.path),
            path: &p.path,
        }));
        nav
    }

    /// The address of a site path, below the base path.
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site.config.base_path)
    }

    fn number_of(&self, page: &Page) -> Option<usize> {
        self.site.position(page).map(|i| i + 1)
    }

    pub(super) fn page_ref(&self, page: &'a Page) -> PageRef<'a> {
        PageRef {
            title: &page.front.title,
            url: self.url(&page.path),
            path: &page.path,
            slug: &page.slug,
            summary: page.front.summary.as_deref(),
            number: self.number_of(page),
            examples: page.rendered.examples.len(),
            tips: page.rendered.tips.len(),
            indicators: page.rendered.behaviour.items.len()
                + page.rendered.levels.indicators().count(),
            questions: page.rendered.reflection.items.len(),
            weight: page.front.weight,
        }
    }

    /// `shown` with the urls of `own`: the same parts on their own page
    /// (for a page's own parts, `shown` and `own` are the same).
    pub(super) fn parts(&self, page: &Page, shown: &'a [Part], own: &[Part]) -> Vec<PartCtx<'a>> {
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
    }

    /// The meta description of a page: its own, its summary, its first
    /// paragraph or the site's, at most 160 characters.
    pub(super) fn description(&self, page: &Page) -> String {
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

    /// The previous and next competency of a competency page.
    fn neighbours(&self, page: &Page) -> (Option<PageRef<'a>>, Option<PageRef<'a>>) {
        let site = self.site;
        let Some(i) = site.position(page) else {
            return (None, None);
        };
        (
            i.checked_sub(1)
                .map(|j| self.page_ref(&site.pages[site.competencies[j]])),
            site.competencies
                .get(i + 1)
                .map(|&j| self.page_ref(&site.pages[j])),
        )
    }

    /// For the home page and sections: the pages and the sections directly
    /// in the folder, in framework order, then by weight and title.
    fn children(&self, page: &Page) -> (Vec<PageRef<'a>>, Vec<PageRef<'a>>) {
        let (mut pages, mut subsections) = (Vec::new(), Vec::new());
        if !matches!(page.kind, PageKind::Section | PageKind::Home) {
            return (pages, subsections);
        }
        let folder = page.folder();
        for other in &self.site.pages {
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
        (pages, subsections)
    }

    /// The `page` of a content page.
    pub(super) fn page_context(&self, page: &'a Page) -> impl Serialize + 'a {
        let site = self.site;
        let (previous, next) = self.neighbours(page);
        let (pages, subsections) = self.children(page);
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
            examples_heading: r.examples_heading.as_ref().map(HeadingCtx::of),
            tips_heading: r.tips_heading.as_ref().map(HeadingCtx::of),
            examples: self.parts(page, &r.examples, &r.examples),
            tips: self.parts(page, &r.tips, &r.tips),
            model: self.model(page, r),
            toc: r.headings.iter().map(HeadingCtx::of).collect(),
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
            draft: page.front.draft,
        }
    }

    /// The `page` of a generated page at `path`.
    pub(super) fn generated_context(&self, path: &'a str, title: &'a str) -> GeneratedCtx<'a> {
        GeneratedCtx {
            kind: "generated",
            title,
            description: shorten(&format!("{title} — {}", self.site.config.title), 160),
            url: self.url(path),
            permalink: self.site.config.permalink(path),
            path,
            extra: toml::Table::new(),
        }
    }

    /// The competencies with their parts, for pages that show several
    /// competencies at once.
    pub(super) fn items(&self) -> Vec<ItemCtx<'a>> {
        self.site
            .competencies()
            .map(|page| {
                let r = page.print.as_ref().unwrap_or(&page.rendered);
                ItemCtx {
                    reference: self.page_ref(page),
                    content: &r.content,
                    content_after: &r.content_after,
                    examples: self.parts(page, &r.examples, &page.rendered.examples),
                    tips: self.parts(page, &r.tips, &page.rendered.tips),
                    model: self.model(page, r),
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("kort", 10), "kort");
        assert_eq!(shorten("een twee drie vier", 12), "een twee…");
    }
}
