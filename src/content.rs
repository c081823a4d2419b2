//! The handbook as data: pages, sections, competencies, their examples and tips.
//!
//! [`read`] reads `content/` (in parallel), parsing front matter and
//! Markdown; [`Site::assemble`] then orders the pages and checks what needs
//! all of them at once: two files that claim one URL, `related` slugs (the
//! links between pages are checked by [`crate::links`]). Problems are
//! collected, never thrown one at a time.
//!
//! A page's URL follows its path: each part is slugified,
//! `competenties/Legt Contact.md` becomes `competenties/legt-contact/` and a
//! folder's `_index.md` becomes the folder's page. A *site path* is such a URL
//! without the base path: `""` for the home page, otherwise ending in `/`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Lines};
use crate::frontmatter::{self, FrontMatter};
use crate::layout::Layout;
use crate::markdown::{self, Link, RenderOptions, Rendered};
use crate::source;
use crate::texts::Texts;
use warnings::{PageText, folder_warnings, order_warnings, page_warnings, tidy_related};

mod drafts;
mod levels;
mod warnings;

/// The folder below the root that holds the Markdown.
pub const CONTENT_DIR: &str = "content";

/// What a page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// `content/_index.md`.
    Home,
    /// A folder's `_index.md`.
    Section,
    /// A file in the competencies folder.
    Competency,
    /// Any other page.
    Page,
}

/// One content file, loaded and rendered to HTML fragments.
#[derive(Clone, Debug)]
pub struct Page {
    /// The file, relative to the handbook root (`content/competenties/x.md`).
    pub file: PathBuf,
    /// The file relative to `content/`, with `/` (`competenties/x.md`).
    pub source: String,
    /// What kind of page this is.
    pub kind: PageKind,
    /// The front matter.
    pub front: FrontMatter,
    /// The site path (`competenties/x/`).
    pub path: String,
    /// The last part of the site path (`x`); empty for the home page.
    pub slug: String,
    /// The body, rendered.
    pub rendered: Rendered,
    /// The body rendered again with ids prefixed by the slug, for the print
    /// page (competencies only).
    pub print: Option<Rendered>,
    /// The links written in the body (to pages, files, anchors), each with its place
    /// in the file; taken out of `rendered.links`, which is then empty.
    pub links: Vec<WrittenLink>,
    /// Line and column of the `related` key in the file, for messages
    /// (`(1, 1)` when the front matter has none).
    pub related_at: (usize, usize),
    /// Line and column of the `template` key in the file, for messages
    /// (`(1, 1)` when the front matter has none).
    pub template_at: (usize, usize),
    /// Line and column of the `weight` key in the file, for messages
    /// (`(1, 1)` when the front matter has none).
    pub weight_at: (usize, usize),
    /// Warnings about this page (the build goes on).
    pub warnings: Vec<Diagnostic>,
}

/// A link written in a page's Markdown, with its place in the file.
#[derive(Clone, Debug)]
pub struct WrittenLink {
    /// Where it points.
    pub link: Link,
    /// Line in the file (front matter counted).
    pub line: usize,
    /// Column.
    pub column: usize,
}

impl Page {
    /// The site path of the folder this page lists, or lives in (a
    /// bundle, `x/index.md`, lives in the folder that holds `x/`).
    pub fn folder(&self) -> &str {
        let source = self
            .source
            .strip_suffix("/index.md")
            .unwrap_or(&self.source);
        match source.rfind('/') {
            Some(i) => &source[..i],
            None => "",
        }
    }
}

/// The whole handbook, checked.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Where the generated pages go.
    pub(crate) layout: Layout,
    /// The theme's texts in the site's language.
    pub(crate) texts: Texts,
    /// All published pages, sorted by source path.
    pub pages: Vec<Page>,
    /// Indexes into `pages` of the competencies, in framework order.
    pub competencies: Vec<usize>,
    /// For each competency's slug, its place in `competencies` (the first,
    /// should two share one): keeps lookups by slug and numbering linear.
    by_slug: HashMap<String, usize>,
    /// Non-Markdown files in `content/`, to copy: (site path, full path).
    pub assets: Vec<(String, PathBuf)>,
    /// The drafts that are left out (none with [`Config::drafts`]).
    pub(crate) drafts: Vec<Page>,
    /// The handbook's root folder.
    pub root: PathBuf,
    /// Warnings that need every page: the order of the competencies, a
    /// folder named almost like the competencies folder.
    site_warnings: Vec<Diagnostic>,
}

/// The site path of a content file (`competenties/x.md` → `competenties/x/`),
/// or `None` when it is not a Markdown file or a part slugifies to nothing.
/// A folder's `_index.md` is the folder's page, and so is the `index.md` of
/// a page bundle (`competenties/x/index.md` → `competenties/x/`, a page with
/// its files beside it), except in `content/` itself.
pub fn site_path(source: &str) -> Option<String> {
    let stem = source.strip_suffix(".md")?;
    let mut parts: Vec<&str> = stem.split('/').collect();
    if parts.last() == Some(&"_index") || (parts.len() > 1 && parts.last() == Some(&"index")) {
        parts.pop();
    }
    let mut path = String::new();
    for part in parts {
        if part.is_empty() || part == "." || part == ".." {
            return None;
        }
        let slug = markdown::slugify(part);
        if slug.is_empty() {
            return None;
        }
        path.push_str(&slug);
        path.push('/');
    }
    Some(path)
}

/// What the file `relative` (below `content/`) is: the home page, a
/// section's page, a competency (directly in the competencies folder, or
/// a bundle's `index.md` there), or an ordinary page.
fn page_kind(relative: &str, competencies: &str) -> PageKind {
    if relative == "_index.md" {
        PageKind::Home
    } else if relative.ends_with("/_index.md") {
        PageKind::Section
    } else if relative
        .strip_prefix(competencies)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|rest| !rest.strip_suffix("/index.md").unwrap_or(rest).contains('/'))
    {
        PageKind::Competency
    } else {
        PageKind::Page
    }
}

/// Reads, parses and renders one Markdown file of `content/`.
pub(crate) fn load_page(
    root: &Path,
    config: &Config,
    file: &source::SourceFile,
) -> Result<Page, Diagnostics> {
    let shown = Path::new(CONTENT_DIR).join(&file.relative);
    let text = source::read_text(root, &file.full)?;
    let split = frontmatter::split(&shown, &text)?;
    let parsed = frontmatter::parse(&shown, &text, &split)?;
    let mut front = parsed.value;
    let Some(path) = site_path(&file.relative) else {
        return Err(Diagnostic::error(
            &shown,
            "van deze bestandsnaam kan geen webadres gemaakt worden",
        )
        .with_help("gebruik letters of cijfers in de naam van het bestand en de mappen")
        .into());
    };
    let kind = page_kind(&file.relative, &config.handbook.competencies);
    let slug = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    let (body, body_offset) = split.body;
    let is_competency = kind == PageKind::Competency;
    let folder = file
        .relative
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let options = RenderOptions {
        examples_heading: is_competency.then_some(config.handbook.examples_heading.as_str()),
        tips_heading: is_competency.then_some(config.handbook.tips_heading.as_str()),
        behaviour_heading: is_competency.then_some(config.handbook.behaviour_heading.as_str()),
        levels_heading: (is_competency && !config.handbook.levels.is_empty())
            .then_some(config.handbook.levels_heading.as_str()),
        reflection_heading: is_competency.then_some(config.handbook.reflection_heading.as_str()),
        id_prefix: "",
        base_path: &config.base_path,
        site_path: &site_path,
        folder,
        sections: config.search.enabled,
        table_name: config.lang.table_name(),
    };
    let mut rendered = markdown::render(body, &options);
    let print = is_competency.then(|| {
        let prefix = format!("{slug}--");
        markdown::render(
            body,
            &RenderOptions {
                id_prefix: &prefix,
                sections: false,
                ..options
            },
        )
    });
    let lines = Lines::new(&text);
    let key_at = |key| {
        parsed
            .keys
            .get(key)
            .map_or((1, 1), |offset| lines.at(offset))
    };
    let links = std::mem::take(&mut rendered.links)
        .into_iter()
        .map(|link| {
            let (line, column) = lines.at(body_offset + link.offset());
            WrittenLink { link, line, column }
        })
        .collect();
    let text_of_page = PageText {
        shown: &shown,
        lines: &lines,
        body_offset,
        body,
    };
    let mut warnings = page_warnings(&text_of_page, kind, &front, &rendered, &config.handbook);
    if is_competency {
        let handbook = &config.handbook;
        warnings.extend(levels::check_levels(&text_of_page, &rendered, handbook)?);
    }
    let related_at = key_at("related");
    warnings.extend(tidy_related(&shown, &slug, &mut front.related, related_at));
    Ok(Page {
        file: shown,
        source: file.relative.clone(),
        warnings,
        kind,
        related_at,
        template_at: key_at("template"),
        weight_at: key_at("weight"),
        front,
        path,
        slug,
        rendered,
        print,
        links,
    })
}

/// The pages of a handbook as read from disk, before the checks that need
/// all of them.
pub(crate) struct Loaded {
    /// The pages that loaded, drafts too ([`Site::assemble`] leaves them out).
    pub pages: Vec<Page>,
    /// Non-Markdown files in `content/`: (site path, full path).
    pub assets: Vec<(String, PathBuf)>,
    /// What went wrong while reading.
    pub problems: Diagnostics,
    /// Source paths of the pages that could not be loaded.
    pub failed: HashSet<String>,
}

/// Reads every page of `content/` (in parallel).
pub(crate) fn read(root: &Path, config: &Config) -> Result<Loaded, Diagnostics> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(Diagnostic::general(format!(
            "de map {} ontbreekt",
            content_dir.display()
        ))
        .with_help("zet de pagina's van het handboek in de map content/, of maak een nieuw handboek met `bekwaam init MAP`")
        .into());
    }
    let (files, walk_problems) = source::walk(root, &content_dir);
    let (markdown, other): (Vec<_>, Vec<_>) =
        files.into_iter().partition(|f| f.relative.ends_with(".md"));
    let mut loaded = read_pages(root, config, &markdown);
    loaded.assets = other.into_iter().map(|f| (f.relative, f.full)).collect();
    loaded.problems.extend(walk_problems);
    Ok(loaded)
}

/// Reads the Markdown files `files` (in parallel), without assets.
pub(crate) fn read_pages(root: &Path, config: &Config, files: &[source::SourceFile]) -> Loaded {
    let results: Vec<Result<Page, Diagnostics>> = files
        .par_iter()
        .map(|file| load_page(root, config, file))
        .collect();
    let mut loaded = Loaded {
        pages: Vec::with_capacity(results.len()),
        assets: Vec::new(),
        problems: Diagnostics::new(),
        failed: HashSet::new(),
    };
    for (result, file) in results.into_iter().zip(files) {
        match result {
            Ok(page) => loaded.pages.push(page),
            Err(found) => {
                loaded.problems.extend(found);
                loaded.failed.insert(file.relative.clone());
            }
        }
    }
    loaded
}

impl Site {
    /// A site from loaded pages: leaves out the drafts (unless
    /// [`Config::drafts`]), orders the pages and checks what needs all pages
    /// at once: two files that claim one URL, a page that takes the URL of a
    /// page Bekwaam makes, `related` slugs, links to a draft left out.
    /// Problems are added to `problems`; `failed` are the source paths that
    /// could not be loaded (a `related` slug naming one is not reported as
    /// well: the editor has one thing to fix, not a page of follow-up
    /// errors). Links are checked by [`crate::links`].
    pub(crate) fn assemble(
        root: &Path,
        config: Config,
        texts: Texts,
        mut pages: Vec<Page>,
        assets: Vec<(String, PathBuf)>,
        problems: &mut Diagnostics,
        failed: &HashSet<String>,
    ) -> Site {
        // The walk visits a folder before a file whose name it prefixes
        // (`b/a.md` before `b.md`); `page()` needs plain string order.
        pages.sort_by(|a, b| a.source.cmp(&b.source));
        let (pages, drafts) = drafts::left_out(pages, config.drafts);
        drafts::check_links_to_drafts(&pages, &drafts, problems);
        let questions = pages
            .iter()
            .any(|p| p.kind == PageKind::Competency && !p.rendered.reflection.items.is_empty());
        let mut site = Site {
            layout: Layout::of(&config, questions),
            config,
            texts,
            pages,
            competencies: Vec::new(),
            by_slug: HashMap::new(),
            assets,
            drafts,
            root: root.to_path_buf(),
            site_warnings: Vec::new(),
        };
        site.order_competencies();
        site.site_warnings = order_warnings(&site.pages, &site.competencies);
        site.site_warnings.extend(folder_warnings(
            &site.pages,
            &site.config.handbook.competencies,
        ));
        site.check_unique_paths(problems);
        site.check_generated_paths(problems);
        site.check_related(problems, failed);
        site
    }

    fn order_competencies(&mut self) {
        let mut competencies: Vec<usize> = (0..self.pages.len())
            .filter(|&i| self.pages[i].kind == PageKind::Competency)
            .collect();
        competencies.sort_by(|&a, &b| {
            let (a, b) = (&self.pages[a], &self.pages[b]);
            (
                a.front.weight.unwrap_or(i64::MAX),
                &a.front.title,
                &a.source,
            )
                .cmp(&(
                    b.front.weight.unwrap_or(i64::MAX),
                    &b.front.title,
                    &b.source,
                ))
        });
        self.by_slug = HashMap::with_capacity(competencies.len());
        for (position, &i) in competencies.iter().enumerate() {
            self.by_slug
                .entry(self.pages[i].slug.clone())
                .or_insert(position);
        }
        self.competencies = competencies;
    }

    fn check_unique_paths(&self, problems: &mut Diagnostics) {
        let mut by_path: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
        for page in &self.pages {
            by_path.entry(&page.path).or_default().push(page);
        }
        for (path, pages) in by_path {
            if pages.len() > 1 {
                let files: Vec<String> =
                    pages.iter().map(|p| p.file.display().to_string()).collect();
                for page in &pages {
                    problems.push(
                        Diagnostic::error(
                            &page.file,
                            format!(
                                "meerdere bestanden krijgen het webadres /{path}: {}",
                                files.join(", ")
                            ),
                        )
                        .with_help("geef één van de bestanden een andere naam"),
                    );
                }
            }
        }
    }

    /// Generated pages must not share a URL with a content page.
    fn check_generated_paths(&self, problems: &mut Diagnostics) {
        for (_, generated) in self.layout.overviews() {
            if let Some(page) = self.pages.iter().find(|p| p.path == generated) {
                problems.push(
                    Diagnostic::error(&page.file, format!("het webadres /{generated} is al in gebruik voor een overzicht dat Bekwaam maakt"))
                        .with_help("geef dit bestand een andere naam"),
                );
            }
        }
    }

    fn check_related(&self, problems: &mut Diagnostics, failed: &HashSet<String>) {
        let slugs: HashSet<&str> = self
            .competencies
            .iter()
            .map(|&i| self.pages[i].slug.as_str())
            .collect();
        for page in &self.pages {
            for slug in &page.front.related {
                let unloaded = failed.iter().any(|f| {
                    site_path(f)
                        .is_some_and(|p| p.trim_end_matches('/').ends_with(&format!("/{slug}")))
                });
                let draft = self
                    .drafts
                    .iter()
                    .any(|d| d.kind == PageKind::Competency && d.slug == *slug);
                if !slugs.contains(slug.as_str()) && !unloaded && !draft {
                    let help = match crate::diagnostics::closest(
                        slug,
                        self.competencies
                            .iter()
                            .map(|&i| self.pages[i].slug.as_str()),
                    ) {
                        Some(s) => format!("bedoel je `{s}`?"),
                        None => format!(
                            "`related` noemt de bestandsnamen (zonder .md) van competenties in content/{}/",
                            self.config.handbook.competencies
                        ),
                    };
                    problems.push(
                        Diagnostic::error(
                            &page.file,
                            format!("`related` noemt `{slug}`, maar die competentie bestaat niet"),
                        )
                        .at(page.related_at.0, page.related_at.1)
                        .with_help(help),
                    );
                }
            }
        }
    }

    /// Every warning about `config.toml` and the pages, sorted by file and
    /// place.
    pub fn warnings(&self) -> Diagnostics {
        let mut warnings = Diagnostics::new();
        warnings.extend(self.config.warnings.iter().cloned());
        for page in &self.pages {
            for warning in &page.warnings {
                warnings.push(warning.clone());
            }
        }
        for warning in &self.site_warnings {
            warnings.push(warning.clone());
        }
        warnings
    }

    /// The competencies in framework order.
    pub fn competencies(&self) -> impl Iterator<Item = &Page> {
        self.competencies.iter().map(|&i| &self.pages[i])
    }

    /// The page with this source path (`competenties/x.md`).
    pub fn page(&self, source: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.source.as_str().cmp(source))
            .ok()
            .map(|i| &self.pages[i])
    }

    /// The competency with this slug.
    pub fn competency(&self, slug: &str) -> Option<&Page> {
        self.by_slug
            .get(slug)
            .map(|&position| &self.pages[self.competencies[position]])
    }

    /// The place of `page` (one of `pages`) in framework order, from 0, if
    /// it is a competency.
    pub(crate) fn position(&self, page: &Page) -> Option<usize> {
        if page.kind != PageKind::Competency {
            return None;
        }
        self.by_slug
            .get(&page.slug)
            .copied()
            .filter(|&position| std::ptr::eq(&self.pages[self.competencies[position]], page))
            .or_else(|| {
                // Only when two competencies share a slug (an error the
                // build reports anyway).
                self.competencies
                    .iter()
                    .position(|&i| std::ptr::eq(&self.pages[i], page))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_follow_file_paths() {
        assert_eq!(site_path("_index.md").as_deref(), Some(""));
        assert_eq!(
            site_path("competenties/_index.md").as_deref(),
            Some("competenties/")
        );
        assert_eq!(
            site_path("competenties/legt-contact.md").as_deref(),
            Some("competenties/legt-contact/")
        );
        assert_eq!(
            site_path("Over Ons/Wie zijn wij.md").as_deref(),
            Some("over-ons/wie-zijn-wij/")
        );
        assert_eq!(site_path("café.md").as_deref(), Some("cafe/"));
        assert_eq!(site_path("plaatje.png"), None);
        assert_eq!(site_path("../buiten.md"), None);
        assert_eq!(site_path("🙂.md").as_deref(), Some("slight-smile/"));
        assert_eq!(site_path("---.md"), None);
        // A page bundle is its folder's page; `content/index.md` is not one.
        assert_eq!(
            site_path("competenties/legt-contact/index.md").as_deref(),
            Some("competenties/legt-contact/")
        );
        assert_eq!(site_path("index.md").as_deref(), Some("index/"));
    }

    /// The line of `key` as `load_page` finds it: from the key offsets of
    /// the front matter (any keys, so that `relatedness` parses), or 1.
    fn key_line(text: &str, key: &str) -> usize {
        let path = Path::new("p.md");
        let split = frontmatter::split(path, text).unwrap();
        let (front, base) = split.front;
        let parsed = crate::schema::parse::<toml::Table>(path, text, base, front, "x").unwrap();
        parsed
            .keys
            .get(key)
            .map_or(1, |offset| Lines::new(text).at(offset).0)
    }

    #[test]
    fn key_line_finds_front_matter_keys_only() {
        let text = "+++\ntitle = \"x\"\nrelated = [\"a\"]\n+++\nrelated = nee\n";
        assert_eq!(key_line(text, "related"), 3);
        assert_eq!(key_line(text, "template"), 1);
        assert_eq!(key_line("+++\nrelatedness = 1\n+++\n", "related"), 1);
    }

    /// Regression: a line inside a multi-line string that looked like the key
    /// was taken for the key.
    #[test]
    fn key_line_skips_lines_inside_strings() {
        let text =
            "+++\ntitle = \"x\"\nsummary = \"\"\"\nrelated = nee\n\"\"\"\nrelated = [\"a\"]\n+++\n";
        assert_eq!(key_line(text, "related"), 6);
    }
}
