//! The pipeline, in named stages, for `bekwaam build`, `bekwaam check` and
//! the preview alike:
//!
//! ```text
//! load ─► assemble ─► statics ─► render (all or some pages) ─► check links ─► finish ─► write
//!  config, theme,     order,      theme, static/,  templates     root links,     portable,   (cli)
//!  pages              checks      content assets                 template links  search index
//! ```
//!
//! [`build`] runs them all and returns the finished site in memory, or
//! every problem found; writing it is [`crate::output::Output::write_atomically`].
//! The preview keeps a [`Made`] site between rebuilds and asks it to run
//! the stages again from the one a change touches ([`Made::new`],
//! [`Made::with_new_statics`], [`Made::with_new_pages`]); which stage and
//! which pages is all the preview decides ([`crate::live`]). The preview
//! never runs `finish`: it is served over HTTP, and it makes its search
//! index on a thread of its own.
//!
//! Only `load` and `statics` read files; nothing here writes any.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::config::Config;
use crate::content::{self, Loaded, Site};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::links;
use crate::output::Output;
use crate::portable;
use crate::render::{self, Pages, Templates};
use crate::search;
use crate::source;
use crate::texts::Texts;
use crate::theme;

#[cfg(feature = "serve")]
mod made;
#[cfg(feature = "serve")]
pub(crate) use made::{Made, Rerender};

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
    /// ([`links::finished`]), and the search index is not made.
    pub check: bool,
    /// Builds the drafts too (`--drafts`), marked as drafts on their page.
    pub drafts: bool,
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

/// Loads, checks and renders the handbook in `root`: every stage.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, Diagnostics> {
    let (site, templates) = load(root, options)?;
    // The search index needs the site, not its pages: it is made beside
    // them, so that the serial steps of each fill the other's idle time.
    let (pages, index) = rayon::join(
        || {
            let (statics, _) = statics(&site)?;
            let output = render_and_check(&site, &templates, statics, Pages::All)?;
            // Before the portable rewrite, which changes every link.
            let link_problems = if options.check {
                links::finished::check(&site, &templates, &output)
            } else {
                Diagnostics::new()
            };
            let mut output = output;
            if options.portable || site.config.portable {
                portable::make_portable(&mut output, &site.config)?;
            }
            Ok::<(Output, Diagnostics), Diagnostics>((output, link_problems))
        },
        || (site.config.search.enabled && !options.check).then(|| index(&site)),
    );
    let (mut output, link_problems) = pages?;
    if let Some(Some(index)) = index {
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

/// Stage `load`: the configuration, the theme (templates and texts) and
/// every page, then `assemble`.
fn load(root: &Path, options: &BuildOptions) -> Result<(Site, Templates), Diagnostics> {
    let mut config = Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url)?;
    }
    config.drafts = options.drafts;
    // The theme and the content are independent: load both, report both.
    let (theme, loaded) = rayon::join(
        || {
            let templates = Templates::load(root, config.theme.as_deref());
            let texts = Texts::load(root, &config);
            match (templates, texts) {
                (Ok(templates), Ok(texts)) => Ok((templates, texts)),
                (templates, texts) => Err(problems_of([templates.err(), texts.err()])),
            }
        },
        || content::read(root, &config),
    );
    match (theme, loaded) {
        (Ok((templates, texts)), Ok(loaded)) => {
            let site = assemble(root, config, texts, loaded)?;
            Ok((site, templates))
        }
        (theme, loaded) => Err(problems_of([theme.err(), loaded.err()])),
    }
}

/// All the problems of stages that failed side by side.
fn problems_of<const N: usize>(failed: [Option<Diagnostics>; N]) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for found in failed.into_iter().flatten() {
        problems.extend(found);
    }
    problems
}

/// Stage `assemble`: the pages ordered and checked as a whole, with the
/// links between them. The site is returned only if there are no errors,
/// counting those found while loading.
fn assemble(
    root: &Path,
    config: Config,
    texts: Texts,
    loaded: Loaded,
) -> Result<Site, Diagnostics> {
    let Loaded {
        pages,
        assets,
        mut problems,
        mut failed,
    } = loaded;
    let site = Site::assemble(root, config, texts, pages, assets, &mut problems, &failed);
    // A link to a draft that is left out was reported by `assemble`.
    failed.extend(site.drafts.iter().map(|draft| draft.source.clone()));
    links::check_written(&site, &failed, &mut problems);
    if problems.has_errors() {
        files_before_render(&site, &failed, &mut problems);
        return Err(problems);
    }
    Ok(site)
}

/// When the build stops before rendering, the links to files are still
/// checked, against the files the site would have (what stage `statics`
/// copies, and a place for every page and generated file, also the pages
/// that did not load, in `failed`), so that one run reports every problem,
/// as it does when the pages are fine.
fn files_before_render(site: &Site, failed: &HashSet<String>, problems: &mut Diagnostics) {
    let mut output = match statics(site) {
        Ok((output, _)) => output,
        Err(found) => {
            problems.extend(found);
            return;
        }
    };
    let pages = site.pages.iter().map(|page| page.path.clone());
    let unloaded = failed
        .iter()
        .filter_map(|source| crate::content::site_path(source));
    for path in pages.chain(unloaded) {
        output.insert(format!("{path}index.html"), Vec::new());
    }
    for (path, _) in render::generated_paths(site) {
        output.insert(path, Vec::new());
    }
    if let Err(found) = links::check_rendered(site, &output) {
        problems.extend(found);
    }
}

/// The files of the handbook that stage `statics` copied: site path → the
/// file (relative to the handbook folder) that the copy came from.
pub(crate) type Sources = BTreeMap<String, PathBuf>;

/// Stage `statics`: the built-in theme's static files, the chosen theme's,
/// the site's `static/`, and files next to the Markdown in `content/`
/// (later ones win), with the handbook files they came from. A file of the
/// handbook where Bekwaam makes a file of its own is an error
/// ([`check_collisions`]).
fn statics(site: &Site) -> Result<(Output, Sources), Diagnostics> {
    let mut output = Output::new();
    for (path, bytes) in theme::static_files() {
        output.insert_shared(path.to_string(), bytes.clone());
    }
    let root = &site.root;
    let mut dirs = Vec::new();
    if let Some(name) = &site.config.theme {
        dirs.push(root.join("themes").join(name).join("static"));
    }
    dirs.push(root.join("static"));
    let mut problems = Diagnostics::new();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for dir in dirs {
        let (found, walk_problems) = source::walk(root, &dir);
        problems.extend(walk_problems);
        files.extend(found.into_iter().map(|f| (f.relative, f.full)));
    }
    files.extend(site.assets.iter().cloned());
    let mut sources = Sources::new();
    for (path, full) in files {
        match source::read_bytes(root, &full) {
            Ok(bytes) => output.insert(path.clone(), bytes),
            Err(problem) => problems.push(problem),
        }
        let shown = full.strip_prefix(root).unwrap_or(&full).to_path_buf();
        sources.insert(path, shown);
    }
    problems.extend(check_collisions(site, &sources));
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((output, sources))
}

/// Files of the handbook at a place in the website where Bekwaam makes a
/// file of its own (`content/index.html` where the home page goes, a file
/// `static/zoek` where the search index goes, `static/sitemap.xml`): one
/// error for each, naming both, as a generated file must never silently
/// take the place of one of the handbook's.
pub(crate) fn check_collisions(site: &Site, sources: &Sources) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for (path, what) in render::generated_paths(site) {
        let place = path.trim_end_matches('/');
        // The same place, or a file where one of its folders goes...
        let mut taken: Vec<(&String, &PathBuf)> = place
            .match_indices('/')
            .map(|(end, _)| &place[..end])
            .chain([place])
            .filter_map(|folder| sources.get_key_value(folder))
            .collect();
        // ...or files inside it, if it is a folder of Bekwaam's.
        let below = format!("{place}/");
        taken.extend(
            sources
                .range(below.clone()..)
                .take_while(|(at, _)| at.starts_with(&below)),
        );
        for (at, file) in taken {
            let message = if *at == path {
                format!("dit bestand komt in de website op /{at}, maar daar maakt Bekwaam {what}")
            } else {
                format!(
                    "dit bestand komt in de website op /{at}, en dat botst met /{path}: daar maakt Bekwaam {what}"
                )
            };
            problems.push(Diagnostic::error(file, message).with_help(
                "geef het bestand een andere naam of zet het in een andere map; Bekwaam vervangt geen bestanden van het handboek",
            ));
        }
    }
    problems
}

/// Stages `render` and `check links`: the pages that `pages` names and
/// every generated file rendered into `output`, then the root links of all
/// pages checked against the whole output. Both report, so an editor sees
/// a broken template and a broken link in one run.
fn render_and_check(
    site: &Site,
    templates: &Templates,
    mut output: Output,
    pages: Pages<'_>,
) -> Result<Output, Diagnostics> {
    let rendered = render::render(site, templates, &mut output, pages);
    let checked = links::check_rendered(site, &output);
    match (rendered, checked) {
        (Ok(()), Ok(())) => Ok(output),
        (rendered, checked) => Err(problems_of([rendered.err(), checked.err()])),
    }
}

/// Stage `finish`, its search half: the index files of `site`, below its
/// layout's search folder.
fn index(site: &Site) -> Option<Output> {
    let never = AtomicBool::new(false);
    search::files(&search::Input::of(site), site.layout.search, &never)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`render::generated_paths`] must name every file Bekwaam makes: a
    /// file it forgot could silently replace one of the handbook's.
    #[test]
    fn the_generated_paths_are_every_file_that_is_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = std::fs::read_to_string(sample.join("config.toml")).unwrap();
        let config = config.replace("[branding]\n", "[branding]\ncolor = \"#00689e\"\n");
        std::fs::write(root.join("config.toml"), config).unwrap();
        let folders = [sample.join("content"), sample.join("static")];
        for entry in folders.iter().flat_map(walkdir::WalkDir::new) {
            let entry = entry.unwrap();
            let target = root.join(entry.path().strip_prefix(sample).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let built = build(root, &BuildOptions::default()).unwrap();
        let (site, _) = load(root, &BuildOptions::default()).unwrap();
        let (_, sources) = statics(&site).unwrap();
        let generated = render::generated_paths(&site);
        assert!(site.config.search.enabled && site.config.branding.color.is_some());
        let mut made = 0;
        for (path, _) in built.output.entries() {
            let copied = sources.contains_key(path)
                || theme::static_files().iter().any(|(name, _)| name == path);
            let listed = generated.iter().any(|(place, _)| {
                place == path || (place.ends_with('/') && path.starts_with(place.as_str()))
            });
            assert!(copied || listed, "{path} is made but not listed");
            made += usize::from(listed);
        }
        assert!(made > site.pages.len(), "{made}");
    }
}
