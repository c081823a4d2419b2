//! Where a build puts what it makes: the site paths of the pages and files
//! Bekwaam generates beside the content (the overviews, the print page, the
//! accessibility statement, the exports, the search index).
//!
//! The paths follow the site's language (a Dutch handbook has
//! `alle-praktijktips/`, an English one `all-tips/`) and are worked out once,
//! when the configuration is read ([`Layout::of`]); every stage that needs a
//! path reads it here, so no module has to ask the renderer for a folder
//! name. Templates see the layout as `layout` (`{{ root }}{{ layout.print }}`).

use serde::Serialize;

use crate::config::{Config, Language};

/// The 404 page, at the root of every site.
pub(crate) const NOT_FOUND: &str = "404.html";
/// The sitemap, at the root of every site.
pub(crate) const SITEMAP: &str = "sitemap.xml";
/// The default theme's icon (in its `static/`).
pub(crate) const FAVICON: &str = "favicon.svg";
/// The style sheet that `[branding]` colours are written to.
pub(crate) const BRANDING_CSS: &str = "huisstijl.css";

/// The site paths of what a build generates (site paths end in `/`; file
/// names do not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Layout {
    /// The competencies folder (`competenties/`): its page exists even
    /// without a `_index.md`.
    pub competencies: String,
    /// The overview of all tips.
    pub tips: &'static str,
    /// The overview of all examples.
    pub examples: &'static str,
    /// The whole handbook on one page, for printing.
    pub print: &'static str,
    /// The accessibility statement.
    pub accessibility: &'static str,
    /// The framework as JSON.
    pub export: &'static str,
    /// The framework as a 1EdTech CASE 1.1 package.
    pub case: &'static str,
    /// The framework as a table (CSV).
    pub table: &'static str,
    /// The folder of the search index.
    pub search: &'static str,
    /// The theme's icon for the browser's tab, linked from every page
    /// unless `[branding]` names one. Browsers that find a `<link
    /// rel="icon">` do not ask for `/favicon.ico`.
    pub favicon: &'static str,
}

impl Layout {
    /// The layout of a site with this configuration.
    pub(crate) fn of(config: &Config) -> Layout {
        Layout::new(config.lang, &config.handbook.competencies)
    }

    /// The layout of a site in `language` whose competencies are in
    /// `content/<competencies>/`.
    pub(crate) fn new(language: Language, competencies: &str) -> Layout {
        let competencies = format!("{competencies}/");
        match language {
            Language::English => Layout {
                competencies,
                tips: "all-tips/",
                examples: "all-examples/",
                print: "print/",
                accessibility: "accessibility/",
                export: "handbook.json",
                case: "case.json",
                table: "competencies.csv",
                search: "search/",
                favicon: FAVICON,
            },
            Language::Dutch => Layout {
                competencies,
                tips: "alle-praktijktips/",
                examples: "alle-voorbeelden/",
                print: "afdrukken/",
                accessibility: "toegankelijkheid/",
                export: "handboek.json",
                case: "case.json",
                table: "competenties.csv",
                search: "zoek/",
                favicon: FAVICON,
            },
        }
    }

    /// The pages Bekwaam makes beside the content pages, as (template, site
    /// path): all tips, all examples, the print page and the accessibility
    /// statement. No content page may take one of these paths.
    pub(crate) fn overviews(&self) -> [(&'static str, &'static str); 4] {
        [
            ("tips.html", self.tips),
            ("examples.html", self.examples),
            ("print.html", self.print),
            ("accessibility.html", self.accessibility),
        ]
    }
}
