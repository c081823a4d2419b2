//! The default theme, built into the binary.
//!
//! Its source lives in `themes/default/` of this repository; a site overrides a
//! template by putting one of the same name in its own `templates/` folder, or
//! picks another theme with `theme = "name"` in `config.toml`.

use std::sync::{Arc, OnceLock};

use crate::config::Language;
use crate::output::Bytes;

/// The templates of the default theme: (name, source).
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../themes/default/templates/macros.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "section.html",
        include_str!("../themes/default/templates/section.html"),
    ),
    (
        "competencies.html",
        include_str!("../themes/default/templates/competencies.html"),
    ),
    (
        "competency.html",
        include_str!("../themes/default/templates/competency.html"),
    ),
    (
        "page.html",
        include_str!("../themes/default/templates/page.html"),
    ),
    (
        "tips.html",
        include_str!("../themes/default/templates/tips.html"),
    ),
    (
        "examples.html",
        include_str!("../themes/default/templates/examples.html"),
    ),
    (
        "print.html",
        include_str!("../themes/default/templates/print.html"),
    ),
    (
        "levels.html",
        include_str!("../themes/default/templates/levels.html"),
    ),
    (
        "reflection.html",
        include_str!("../themes/default/templates/reflection.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "accessibility.html",
        include_str!("../themes/default/templates/accessibility.html"),
    ),
    (
        "sitemap.xml",
        include_str!("../themes/default/templates/sitemap.xml"),
    ),
];

/// The texts of the default theme in `language` (TOML, see [`crate::texts`]).
pub(crate) fn texts(language: Language) -> &'static str {
    match language {
        Language::Dutch => include_str!("../themes/default/texts/nl.toml"),
        Language::English => include_str!("../themes/default/texts/en.toml"),
    }
}

/// The static files of the default theme as a build writes them: (site
/// path, bytes). Its scripts are minified (comments and indentation out),
/// so a reader on a phone loads about 40% less; the readable sources are
/// the files in `themes/default/static/`. A script the minifier cannot
/// read is written as it is. Made once per process.
pub(crate) fn static_files() -> &'static [(&'static str, Bytes)] {
    static FILES: OnceLock<Vec<(&'static str, Bytes)>> = OnceLock::new();
    FILES.get_or_init(|| {
        STATIC
            .iter()
            .map(|&(path, bytes)| {
                let minified = path
                    .ends_with(".js")
                    .then(|| std::str::from_utf8(bytes).ok())
                    .flatten()
                    .and_then(|source| minifier::js::minify(source).ok())
                    .map(|script| script.to_string().into_bytes());
                (path, Arc::new(minified.unwrap_or_else(|| bytes.to_vec())))
            })
            .collect()
    })
}

/// The static files of the default theme: (site path, bytes).
const STATIC: &[(&str, &[u8])] = &[
    (
        "bekwaam.css",
        include_bytes!("../themes/default/static/bekwaam.css"),
    ),
    (
        "bekwaam.js",
        include_bytes!("../themes/default/static/bekwaam.js"),
    ),
    (
        "bekwaam-zoek.js",
        include_bytes!("../themes/default/static/bekwaam-zoek.js"),
    ),
    (
        "bekwaam-stam-nl.js",
        include_bytes!("../themes/default/static/bekwaam-stam-nl.js"),
    ),
    (
        "bekwaam-stam-en.js",
        include_bytes!("../themes/default/static/bekwaam-stam-en.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
];
