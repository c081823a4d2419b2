//! The files Bekwaam makes beside the content pages: the competencies page
//! (when there is no `_index.md` for it), the overviews of all tips and all
//! examples, of the levels and of the reflection questions, the print page, the
//! 404 page, the accessibility statement, the sitemap, the exports (see
//! [`crate::export`]), and the organisation's colours.
//!
//! Their paths come from the site's [`crate::layout::Layout`]; that no
//! content page takes one of them is checked when the site is assembled.

use std::path::Path;

use serde::Serialize;
use tera::Context;

use crate::content::Site;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::layout::{self, BRANDING_CSS};
use crate::output::Output;

use super::context::{IntroCtx, Renderer};

/// A rendered file: its path in the output and its bytes.
type File = (String, Vec<u8>);

impl<'a> Renderer<'a> {
    /// Every generated page, rendered (or the problem of each that failed).
    pub(super) fn generated_pages(&self) -> Vec<Result<File, Diagnostic>> {
        let site = self.site;
        let (layout, texts) = (&site.layout, &site.texts);
        let mut files = Vec::new();
        // The competencies folder always has an overview page, even without _index.md.
        if !site.pages.iter().any(|p| p.path == layout.competencies) {
            files.push(self.generated(
                "competencies.html",
                &layout.competencies,
                &texts.competencies,
                Context::new(),
            ));
        }
        let items = self.items();
        let with_items = || {
            let mut values = Context::new();
            values.insert("items", &items);
            values
        };
        let intro = site
            .page(&format!("{}/_index.md", site.config.handbook.competencies))
            .map(IntroCtx::of);
        let mut print = with_items();
        print.insert("intro", &intro);
        // The statement shows its date as a reader writes it (`29 november 2026`).
        let mut statement = Context::new();
        statement.insert(
            "statement_date",
            &site.config.accessibility.date_in(site.config.lang),
        );
        let pages = [
            ("tips.html", layout.tips, &texts.all_tips, with_items()),
            (
                "examples.html",
                layout.examples,
                &texts.all_examples,
                with_items(),
            ),
            ("print.html", layout.print, &texts.print, print),
            (
                "404.html",
                layout::NOT_FOUND,
                &texts.not_found,
                Context::new(),
            ),
            (
                "accessibility.html",
                layout.accessibility,
                &texts.accessibility,
                statement,
            ),
        ];
        for (template, path, title, values) in pages {
            files.push(self.generated(template, path, title, values));
        }
        // The framework's pages, when the handbook has levels or questions.
        let framework = [
            ("levels.html", layout.levels, &texts.levels),
            ("reflection.html", layout.reflection, &texts.reflection),
        ];
        for (template, path, title) in framework {
            if let Some(path) = path {
                files.push(self.generated(template, path, title, with_items()));
            }
        }
        files
    }

    /// A generated page with a title and values of its own.
    fn generated(
        &self,
        template: &str,
        path: &str,
        title: &str,
        values: Context,
    ) -> Result<File, Diagnostic> {
        let mut context = self.context(&self.generated_context(path, title));
        context.extend(values);
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

    /// `sitemap.xml`: every HTML page but the 404. Only when `base_url` is
    /// a full address: the sitemap protocol wants absolute URLs, and a
    /// base path alone (`/`) gives none.
    pub(super) fn sitemap(&self) -> Option<Result<File, Diagnostic>> {
        #[derive(Serialize)]
        struct Url {
            loc: String,
            lastmod: Option<String>,
        }
        let site = self.site;
        if !site.config.has_origin() {
            return None;
        }
        let mut urls: Vec<Url> = site
            .pages
            .iter()
            .map(|p| Url {
                loc: site.config.permalink(&p.path),
                lastmod: p.front.updated.or(p.front.date).map(|d| d.to_string()),
            })
            .collect();
        for (_, path) in site.layout.overviews() {
            urls.push(Url {
                loc: site.config.permalink(path),
                lastmod: None,
            });
        }
        let mut context = Context::new();
        context.insert("urls", &urls);
        let xml = self
            .templates
            .render("sitemap.xml", &context, Path::new(layout::SITEMAP));
        Some(xml.map(|xml| (layout::SITEMAP.to_string(), xml.into_bytes())))
    }

    /// The export files (`handboek.json`, `case.json`, `competenties.csv`).
    pub(super) fn exports(&self) -> Vec<File> {
        crate::export::files(self.site, &|page| self.description(page))
    }
}

/// Every path of the website that Bekwaam makes itself for `site`, with
/// what it puts there (for messages): the content pages, the generated
/// pages, the sitemap, the export, the colours and the search index (a
/// folder, ending in `/`: all of it is made). This must list what
/// [`super::render`] and the search index write; no file of the handbook
/// may take one of these places.
pub(crate) fn paths(site: &Site) -> Vec<(String, String)> {
    let layout = &site.layout;
    let mut paths: Vec<(String, String)> = site
        .pages
        .iter()
        .map(|page| {
            let what = format!("de pagina van {}", page.file.display());
            (format!("{}index.html", page.path), what)
        })
        .collect();
    let mut made = |path: &str, what: &str| paths.push((path.to_string(), what.to_string()));
    if !site.pages.iter().any(|p| p.path == layout.competencies) {
        made(
            &format!("{}index.html", layout.competencies),
            "het overzicht van de competenties",
        );
    }
    made(
        &format!("{}index.html", layout.tips),
        "het overzicht van alle tips",
    );
    made(
        &format!("{}index.html", layout.examples),
        "het overzicht van alle voorbeelden",
    );
    made(
        &format!("{}index.html", layout.print),
        "de pagina om af te drukken",
    );
    made(
        &format!("{}index.html", layout.accessibility),
        "de toegankelijkheidsverklaring",
    );
    if let Some(path) = layout.levels {
        made(&format!("{path}index.html"), "het overzicht van de niveaus");
    }
    if let Some(path) = layout.reflection {
        made(
            &format!("{path}index.html"),
            "het overzicht van de reflectievragen",
        );
    }
    made(
        layout::NOT_FOUND,
        "de pagina voor een adres dat niet bestaat (404)",
    );
    if site.config.has_origin() {
        made(layout::SITEMAP, "de sitemap");
    }
    if site.config.branding.color.is_some() {
        made(BRANDING_CSS, "de kleuren uit [branding] in config.toml");
    }
    if site.config.search.enabled {
        made(layout.search, "de zoekindex");
    }
    paths.extend(crate::export::paths(site));
    paths
}

/// The organisation's colour as a style sheet of its own (`huisstijl.css`,
/// linked by the theme only when a colour is set: no inline styles, so pages
/// work under a strict Content-Security-Policy), and a check that the logo
/// and the icon (`favicon`) are files of the site.
pub(super) fn branding(site: &Site, output: &mut Output) -> Result<(), Diagnostics> {
    let branding = &site.config.branding;
    if let Some(color) = &branding.color {
        // The colour was checked to be #rgb or #rrggbb when the config was read.
        output.insert(
            BRANDING_CSS.to_string(),
            format!("/* From [branding] in config.toml. */\n:root {{ --brand: {color}; }}\n")
                .into_bytes(),
        );
    }
    let mut problems = Diagnostics::new();
    let files = [
        ("het logo", &branding.logo),
        ("het icoon", &branding.favicon),
    ];
    for (what, file) in files {
        let Some(written) = file else {
            continue;
        };
        let file = written.trim_start_matches('/');
        if !output.contains(file) {
            problems.push(
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    format!("{what} `{written}` bestaat niet in de website"),
                )
                .with_help(format!(
                    "zet het bestand in static/{file}, en schrijf het pad zonder static/"
                )),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
