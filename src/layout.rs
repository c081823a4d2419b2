//! Where a build puts what it makes: the site paths of the pages and files
//! Bekwaam generates beside the content (the overviews, the print page, the
//! accessibility statement, the exports, the search index).
//!
//! The paths follow the site's language (a Dutch handbook has
//! `alle-praktijktips/`, an English one `all-tips/`) and are worked out once,
//! when the configuration is read ([`Layout::of`]); every stage that needs a
//! path reads it here, so no module has to ask the renderer for a folder
//! name. Templates see the layout as `layout` (`{{ root }}{{ layout.print }}`).
//!
//! Two pages exist only when the handbook has what they show: the levels
//! (`niveaus/`, when `[handbook] levels` names a scale) and the reflection
//! questions (`reflectievragen/`, when a competency has questions), so a
//! handbook without them keeps the paths it had.

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
    /// Every competency against every level of `[handbook] levels`: only
    /// when the scale names levels.
    pub levels: Option<&'static str>,
    /// Every reflection question by competency, to print as a handout:
    /// only when a competency has reflection questions.
    pub reflection: Option<&'static str>,
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
    /// The layout of a site with this configuration; `questions` says
    /// whether any competency has reflection questions (their page is only
    /// made when one has).
    pub(crate) fn of(config: &Config, questions: bool) -> Layout {
        let mut layout = Layout::new(config.lang, &config.handbook.competencies);
        let (levels, reflection) = match config.lang {
            Language::English => ("levels/", "reflection-questions/"),
            Language::Dutch => ("niveaus/", "reflectievragen/"),
        };
        layout.levels = (!config.handbook.levels.is_empty()).then_some(levels);
        layout.reflection = questions.then_some(reflection);
        layout
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
                levels: None,
                reflection: None,
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
                levels: None,
                reflection: None,
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
    /// path): all tips, all examples, the print page, the accessibility
    /// statement, and the levels and the reflection questions when the site
    /// has them. No content page may take one of these paths.
    pub(crate) fn overviews(&self) -> Vec<(&'static str, &'static str)> {
        let mut pages = vec![
            ("tips.html", self.tips),
            ("examples.html", self.examples),
            ("print.html", self.print),
            ("accessibility.html", self.accessibility),
        ];
        pages.extend(self.levels.map(|path| ("levels.html", path)));
        pages.extend(self.reflection.map(|path| ("reflection.html", path)));
        pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(config: &str, questions: bool) -> Layout {
        let config = Config::parse(config).unwrap();
        Layout::of(&config, questions)
    }

    #[test]
    fn the_levels_and_questions_pages_exist_only_with_what_they_show() {
        let plain = layout("title = \"H\"\n", false);
        assert_eq!((plain.levels, plain.reflection), (None, None));
        assert_eq!(plain.overviews().len(), 4);

        let dutch = layout("title = \"H\"\n[handbook]\nlevels = [\"A\", \"B\"]\n", true);
        assert_eq!(dutch.levels, Some("niveaus/"));
        assert_eq!(dutch.reflection, Some("reflectievragen/"));
        let overviews = dutch.overviews();
        assert!(overviews.contains(&("levels.html", "niveaus/")));
        assert!(overviews.contains(&("reflection.html", "reflectievragen/")));

        let english = layout(
            "title = \"H\"\nlanguage = \"en\"\n[handbook]\nlevels = [\"A\"]\n",
            false,
        );
        assert_eq!(english.levels, Some("levels/"));
        assert_eq!(english.reflection, None);
        let english = layout("title = \"H\"\nlanguage = \"en\"\n", true);
        assert_eq!(english.reflection, Some("reflection-questions/"));
    }
}
