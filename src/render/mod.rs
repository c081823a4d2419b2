//! From a checked [`Site`] to the files of the website, in memory.
//!
//! Templates come from three layers, later ones overriding earlier ones by
//! name: the default theme built into the binary, the theme chosen with
//! `theme = "name"` (`themes/name/templates/`), and the site's own
//! `templates/` ([`Templates`]). Autoescaping is on for HTML and XML; only
//! Bekwaam's own rendered Markdown is marked safe in the templates.
//!
//! Every page is rendered independently (in parallel) from one shared base
//! context ([`context`]): the configuration, the theme's texts, the layout,
//! the navigation and the list of competencies. The pages Bekwaam makes
//! itself (overviews, print, 404, sitemap, export) are in [`generated`].
//! Rendering checks nothing about links: that is a stage of its own
//! ([`crate::links`]).

mod context;
mod generated;
mod guard;
pub(crate) use guard::STACK_BYTES;
mod includes;
mod model;
mod templates;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::content::{Page, PageKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use context::Renderer;
pub(crate) use generated::paths as generated_paths;
pub(crate) use templates::Templates;

/// The Content-Security-Policy of every page Bekwaam writes: a `<meta>` in
/// the pages (templates see it as `csp`), and a header in the preview. Only
/// scripts from the site's own files run: no inline script, no event
/// handler attributes, and no request to any other host.
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; \
    form-action 'self'";

/// Which content pages to render.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pages<'a> {
    /// Every page.
    All,
    /// The pages with these source paths (`competenties/x.md`): the
    /// preview, after an edit.
    #[cfg_attr(not(feature = "serve"), allow(dead_code))]
    Only(&'a HashSet<String>),
}

/// A rendered file (site path, bytes), or the problem that stopped it.
type RenderedFile = Result<(String, Vec<u8>), Diagnostic>;

/// Renders the content pages that `pages` names and every generated file
/// into `output`, which holds the rest of the site (at least its static
/// files: the logo is looked for there).
///
/// The preview renders only the edited pages after an edit that changed no
/// page's title, order or counts: other pages show nothing of the edited
/// page's text, but the overviews and the print page do, so they are always
/// rendered again.
pub(crate) fn render(
    site: &Site,
    templates: &Templates,
    output: &mut Output,
    pages: Pages<'_>,
) -> Result<(), Diagnostics> {
    generated::branding(site, output)?;
    let renderer = Renderer::new(site, templates);
    // Both halves run on rayon's workers (also when the preview's thread
    // asks), whose stacks are sized for rendering: see `guard`.
    let (mut files, generated) = rayon::join(
        || -> Vec<RenderedFile> {
            site.pages
                .par_iter()
                .filter(|page| match pages {
                    Pages::All => true,
                    Pages::Only(only) => only.contains(&page.source),
                })
                // Each rayon job takes its own copy of the base context once
                // and swaps only `page` in it: a copy per page would make a
                // build with many competencies quadratic (the base lists them
                // all).
                .map_init(
                    || renderer.base_context(),
                    |context, page| render_page(&renderer, context, page),
                )
                .collect()
        },
        || {
            let mut files = renderer.generated_pages();
            files.extend(renderer.sitemap());
            files.extend(renderer.exports().into_iter().map(Ok));
            files
        },
    );
    files.extend(generated);
    let mut problems = Diagnostics::new();
    for file in files {
        match file {
            Ok((path, bytes)) => output.insert(path, bytes),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(())
}

fn render_page(
    renderer: &Renderer<'_>,
    context: &mut tera::Context,
    page: &Page,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let name = template_for(renderer.templates, page)?;
    context.insert("page", &renderer.page_context(page));
    let html = renderer.templates.render(&name, context, &page.file)?;
    Ok((format!("{}index.html", page.path), html.into_bytes()))
}

/// The template of a content page: its front matter's, or its kind's.
fn template_for(templates: &Templates, page: &Page) -> Result<String, Diagnostic> {
    if let Some(name) = &page.front.template {
        if !templates.has(name) {
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

/// The template a content page of this kind is made with, unless its
/// front matter names another.
pub(crate) fn default_template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Home => "index.html",
        PageKind::Section => "section.html",
        PageKind::Competency => "competency.html",
        PageKind::Page => "page.html",
    }
}
