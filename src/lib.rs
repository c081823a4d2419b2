//! Bekwaam turns a folder of Markdown into a competency handbook website.
//!
//! The pipeline runs one way, and only its two ends touch the file system:
//!
//! ```text
//! config.toml ─► Config ─┐
//! content/**  ─► pages (front matter + Markdown) ─► Site (checked)
//!                                                     │
//!            templates + theme ─► render ─► Output (path → bytes, in memory)
//!                      search index (made beside the pages) ─┘
//!                                                     │
//!                                        build: write atomically
//! ```
//!
//! [`build`] is the one entry point: it returns the finished site in memory,
//! or every problem it found. Writing it is [`output::Output::write_atomically`].
//! A portable build (`--portable`) rewrites the finished output's links for
//! `file://` as its last step ([`portable`]).

#![warn(missing_docs)]

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod frontmatter;
pub mod init;
pub mod linkcheck;
pub mod live;
pub mod markdown;
pub mod output;
pub mod portable;
pub mod render;
pub mod schema;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod theme;

use std::path::Path;

use config::Config;
use content::Site;
use diagnostics::Diagnostics;
use output::Output;

/// Choices for one build that are not in `config.toml`.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Replaces `base_url` from the config.
    pub base_url: Option<String>,
    /// Makes the output work from a folder (`file://`), see [`portable`];
    /// `portable = true` in `config.toml` does the same.
    pub portable: bool,
    /// Built for `bekwaam check`, which writes nothing: every link of the
    /// finished pages is followed, for what templates wrote
    /// ([`linkcheck`]), and the search index is not made.
    pub check: bool,
}

/// Counts for the summary line of a build.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages written from content files.
    pub pages: usize,
    /// Competencies.
    pub competencies: usize,
    /// Examples over all competencies.
    pub examples: usize,
    /// Tips over all competencies.
    pub tips: usize,
    /// Files in the output.
    pub files: usize,
}

/// A finished site, in memory.
pub struct Built {
    /// The site, checked.
    pub site: Site,
    /// Every file of the website.
    pub output: Output,
    /// Counts for the summary line.
    pub stats: Stats,
    /// Broken links written by templates, when [`BuildOptions::check`]
    /// asked for them.
    pub link_problems: Diagnostics,
}

/// Loads, checks and renders the handbook in `root`.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, Diagnostics> {
    let (site, templates) = load(root, options)?;
    // The search index needs the site, not its pages: it is made beside
    // them, so that the serial steps of each fill the other's idle time.
    let (pages, index) = rayon::join(
        || {
            let mut output = Output::new();
            copy_static(&site, &mut output)?;
            render::render(&site, &templates, &mut output)?;
            // Before the portable rewrite, which changes every link.
            let links = if options.check {
                linkcheck::check(&site, &templates, &output)
            } else {
                Diagnostics::new()
            };
            if options.portable || site.config.portable {
                portable::make_portable(&mut output, &site.config)?;
            }
            Ok::<(Output, Diagnostics), Diagnostics>((output, links))
        },
        || {
            let never = std::sync::atomic::AtomicBool::new(false);
            let dir = search::dir(&site.config.language);
            (site.config.search.enabled && !options.check)
                .then(|| search::files(&search::Input::of(&site), dir, &never))
                .flatten()
        },
    );
    let (mut output, link_problems) = pages?;
    if let Some(index) = index {
        output.extend(index);
    }
    let stats = Stats::of(&site, &output);
    Ok(Built {
        site,
        output,
        stats,
        link_problems,
    })
}

/// Loads and checks the configuration, the content and the templates.
pub fn load(root: &Path, options: &BuildOptions) -> Result<(Site, render::Templates), Diagnostics> {
    let mut config = Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url)?;
    }
    let theme = config.theme.clone();
    // Templates and content are independent: load both, report both.
    let (templates, site) = rayon::join(
        || render::Templates::load(root, theme.as_deref()),
        || Site::load(root, config),
    );
    match (templates, site) {
        (Ok(t), Ok(s)) => Ok((s, t)),
        (t, s) => {
            let mut problems = Diagnostics::new();
            if let Err(p) = t {
                problems.extend(p);
            }
            if let Err(p) = s {
                problems.extend(p);
            }
            Err(problems)
        }
    }
}

impl Stats {
    /// The counts of a rendered site.
    pub fn of(site: &Site, output: &Output) -> Stats {
        Stats {
            pages: site.pages.len(),
            competencies: site.competencies.len(),
            examples: site.competencies().map(|p| p.rendered.examples.len()).sum(),
            tips: site.competencies().map(|p| p.rendered.tips.len()).sum(),
            files: output.len(),
        }
    }
}

/// Static files: the built-in theme's, the chosen theme's, the site's
/// `static/`, and files next to the Markdown in `content/` (later ones win).
pub fn copy_static(site: &Site, output: &mut Output) -> Result<(), Diagnostics> {
    for (path, bytes) in theme::STATIC {
        output.insert(path.to_string(), bytes.to_vec());
    }
    let root = &site.root;
    let mut dirs = Vec::new();
    if let Some(name) = &site.config.theme {
        dirs.push(root.join("themes").join(name).join("static"));
    }
    dirs.push(root.join("static"));
    let mut problems = Diagnostics::new();
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    for dir in dirs {
        let (found, walk_problems) = source::walk(root, &dir);
        problems.extend(walk_problems);
        files.extend(found.into_iter().map(|f| (f.relative, f.full)));
    }
    files.extend(site.assets.iter().cloned());
    for (path, full) in files {
        match source::read_bytes(root, &full) {
            Ok(bytes) => output.insert(path, bytes),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(())
}
