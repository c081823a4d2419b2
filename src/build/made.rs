//! The stages again, for the preview: a [`Made`] site is what the stages up
//! to `check links` made, kept between rebuilds; each method runs the
//! stages again from the one that a change touches.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;

use crate::content::{self, CONTENT_DIR, Page, Site};
use crate::diagnostics::Diagnostics;
use crate::links;
use crate::output::Output;
use crate::render::{Pages, Templates};
use crate::source::SourceFile;

use super::{BuildOptions, Sources, assemble, check_collisions, load, render_and_check, statics};

/// What the stages up to `check links` made: the site and everything it
/// was made from, as the preview keeps it between rebuilds.
pub(crate) struct Made {
    /// The site, checked.
    pub(crate) site: Site,
    /// Its templates.
    pub(crate) templates: Templates,
    /// The static files alone.
    pub(crate) statics: Output,
    /// The handbook's files among them.
    pub(crate) sources: Sources,
    /// The whole site: the static files and the rendered ones over them.
    pub(crate) output: Output,
}

/// Which pages a content edit renders again, as the preview decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rerender {
    /// Only the edited pages (and the generated ones).
    Edited,
    /// Every page.
    All,
}

impl Made {
    /// Every stage up to `check links`, from the files on disk.
    pub(crate) fn new(root: &Path, options: &BuildOptions) -> Result<Made, Diagnostics> {
        let (site, templates) = load(root, options)?;
        let (statics, sources) = statics(&site)?;
        let output = render_and_check(&site, &templates, statics.clone(), Pages::All)?;
        Ok(Made {
            site,
            templates,
            statics,
            sources,
            output,
        })
    }

    /// Stage `statics` again; the rendered files are kept (they win over
    /// static ones, as in a build), and the links checked again.
    pub(crate) fn with_new_statics(self) -> Result<Made, Diagnostics> {
        let (statics, sources) = statics(&self.site)?;
        let mut output = statics.clone();
        for (path, bytes) in self.output.entries() {
            let from_static = self
                .statics
                .shared(path)
                .is_some_and(|s| Arc::ptr_eq(s, bytes));
            if !from_static {
                output.insert_shared(path.clone(), bytes.clone());
            }
        }
        links::check_rendered(&self.site, &output)?;
        Ok(Made {
            statics,
            sources,
            output,
            ..self
        })
    }

    /// The Markdown files `sources` (relative to `content/`; gone ones are
    /// left out) loaded again and the site assembled again, then rendered
    /// and checked: the edited pages only, or every page, as `decide` says
    /// from the pages as they were and as they are now.
    pub(crate) fn with_new_pages(
        self,
        sources: &BTreeSet<String>,
        decide: impl FnOnce(&[Page], &[Page]) -> Rerender,
    ) -> Result<(Made, Rerender), Diagnostics> {
        let root = self.site.root.clone();
        let files: Vec<SourceFile> = sources
            .iter()
            .map(|source| SourceFile {
                full: root.join(CONTENT_DIR).join(source),
                relative: source.clone(),
            })
            .filter(|file| file.full.is_file())
            .collect();
        let config = self.site.config.clone();
        let mut loaded = content::read_pages(&root, &config, &files);
        let Site {
            mut pages,
            assets,
            texts,
            drafts,
            ..
        } = self.site;
        // Drafts that are left out come back, so that `assemble` knows them.
        pages.extend(drafts);
        let (replaced, mut kept): (Vec<Page>, Vec<Page>) =
            pages.into_iter().partition(|p| sources.contains(&p.source));
        let rerender = decide(&replaced, &loaded.pages);
        kept.append(&mut loaded.pages);
        loaded.pages = kept;
        loaded.assets = assets;
        let site = assemble(&root, config, texts, loaded)?;
        let collisions = check_collisions(&site, &self.sources);
        if collisions.has_errors() {
            return Err(collisions);
        }
        // The edited pages go over the whole site as it was; every page over
        // the static files alone.
        let only: HashSet<String> = sources.iter().cloned().collect();
        let (start, pages) = match rerender {
            Rerender::Edited => (self.output, Pages::Only(&only)),
            Rerender::All => (self.statics.clone(), Pages::All),
        };
        let output = render_and_check(&site, &self.templates, start, pages)?;
        Ok((
            Made {
                site,
                templates: self.templates,
                statics: self.statics,
                sources: self.sources,
                output,
            },
            rerender,
        ))
    }
}
