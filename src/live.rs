//! Keeping a built site up to date in memory while its files change: the
//! engine behind the preview server (`bekwaam serve`), free of any HTTP.
//!
//! [`Live::update`] takes the paths that changed on disk and does the least
//! work that gives exactly what a fresh `bekwaam build` would:
//!
//! - `config.toml`, `templates/`, `themes/`, files next to the Markdown in
//!   `content/`, folders appearing or vanishing: everything is loaded and
//!   rendered again ([`Scope::Full`]).
//! - Only files in `static/`: the static files are copied again and the
//!   rendered pages kept; links are checked again ([`Scope::Static`]).
//! - Only Markdown files: those files are read again and the site is checked
//!   again. If no page appeared or vanished and no page's *face* changed (what
//!   other pages show of it: title, summary, order, counts, address), only the
//!   changed pages and the generated pages (overviews, print, sitemap, export)
//!   are rendered ([`Scope::Pages`]); otherwise every page is rendered from the
//!   pages already in memory ([`Scope::AllPages`]).
//!
//! The site is always the one a server shows: the portable step of `build`
//! ([`crate::portable`]) is never applied here, whatever `BuildOptions` or
//! `config.toml` say, since the preview is served over HTTP.
//!
//! After a failed rebuild the engine forgets its state, so the next rebuild
//! starts from the files on disk: a content edit saved while a template was
//! broken always shows once the template is fixed.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::build::{BuildOptions, Made, Rerender, Stats};
use crate::content::{Page, PageKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::source;

/// How much a rebuild did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Loaded and rendered everything.
    Full,
    /// Read the changed Markdown files, rendered every page.
    AllPages,
    /// Read and rendered only this many pages, plus the generated pages.
    Pages(usize),
    /// Copied the static files again.
    Static,
    /// Built the search index.
    Index,
    /// Nothing that the site is made from changed.
    Nothing,
}

/// The result of a successful rebuild.
pub(crate) struct Rebuilt {
    /// The whole site as it is now.
    pub output: Output,
    /// Files of the site that were added, changed or removed, sorted.
    pub changed: Vec<String>,
    /// What the rebuild did.
    pub scope: Scope,
    /// Counts of the site.
    pub stats: Stats,
    /// The folder of the search index in the output (`zoek/`).
    pub search_dir: &'static str,
    /// The warnings a build of the handbook as it is now gives, sorted.
    pub warnings: Vec<Diagnostic>,
}

/// What a set of changed paths asks for.
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    Nothing,
    Static,
    /// Markdown files, relative to `content/`.
    Pages(BTreeSet<String>),
    Full,
}

/// A site kept up to date in memory.
pub(crate) struct Live {
    root: PathBuf,
    options: BuildOptions,
    /// The last good site and what it was made from: `None` until the
    /// first good build and after every failed one.
    state: Option<Made>,
    /// What browsers were last given: the last good output.
    shown: Output,
    /// Whether the search index in the state matches its pages.
    indexed: bool,
    /// Counts the rebuilds; an index made from an older one is dropped.
    generation: u64,
    /// The generation an index is being made for, if any, and its stop sign.
    indexing: Option<(u64, Arc<std::sync::atomic::AtomicBool>)>,
}

/// The making of a search index, apart from the site (for a thread).
pub(crate) struct IndexJob {
    generation: u64,
    dir: &'static str,
    input: crate::search::Input<'static>,
    cancel: Arc<std::sync::atomic::AtomicBool>,
}

/// A search index made by an [`IndexJob`].
pub(crate) struct Index {
    generation: u64,
    dir: &'static str,
    files: Output,
}

impl IndexJob {
    /// Makes the index (the slow part: it may run on any thread). `None`
    /// when the site changed meanwhile.
    pub(crate) fn run(self) -> Option<Index> {
        let files = crate::search::files(&self.input, self.dir, &self.cancel)?;
        Some(Index {
            generation: self.generation,
            dir: self.dir,
            files,
        })
    }
}

impl Live {
    /// An engine for the handbook in `root`; nothing is built yet.
    pub(crate) fn new(root: &Path, options: BuildOptions) -> Live {
        Live {
            root: root.to_path_buf(),
            options,
            state: None,
            shown: Output::new(),
            indexed: false,
            generation: 0,
            indexing: None,
        }
    }

    /// Builds everything from the files on disk.
    pub(crate) fn full(&mut self) -> Result<Rebuilt, Diagnostics> {
        self.state = None;
        let result = self.full_state();
        self.finish(result, Scope::Full)
    }

    /// Brings the site up to date after `paths` (absolute, or relative to the
    /// handbook folder) changed, were created or were removed.
    pub(crate) fn update(&mut self, paths: &[PathBuf]) -> Result<Rebuilt, Diagnostics> {
        let plan = match &self.state {
            None => Plan::Full,
            Some(state) => {
                // A file or folder of content/ that the site was made from.
                let known = |relative: &str| {
                    let folder = format!("{relative}/");
                    let sources = state.site.pages.iter().map(|p| p.source.as_str());
                    let assets = state.site.assets.iter().map(|(a, _)| a.as_str());
                    sources
                        .chain(assets)
                        .any(|known| known == relative || known.starts_with(&folder))
                };
                plan(&self.root, paths, &known)
            }
        };
        if matches!(plan, Plan::Full | Plan::Pages(_)) {
            // An index for the site as it was would only slow this down.
            self.stop_indexing();
        }
        let (result, scope) = match plan {
            Plan::Nothing => {
                let stats = self.state.as_ref().map(|s| Stats::of(&s.site, &s.output));
                let warnings = self
                    .state
                    .as_ref()
                    .map_or_else(Vec::new, |s| s.site.warnings().into_sorted());
                // Nothing was ever built: no file is named, any folder does.
                let search_dir = self.state.as_ref().map_or(
                    crate::layout::Layout::new(crate::config::Language::Dutch, "").search,
                    |s| s.site.layout.search,
                );
                return Ok(Rebuilt {
                    output: self.shown.clone(),
                    changed: Vec::new(),
                    scope: Scope::Nothing,
                    stats: stats.unwrap_or_default(),
                    search_dir,
                    warnings,
                });
            }
            Plan::Full => (self.full_state(), Scope::Full),
            Plan::Static => (self.static_state(), Scope::Static),
            Plan::Pages(sources) => self.pages_state(&sources),
        };
        self.finish(result, scope)
    }

    /// The search index of the current site, to be made. Rebuilds leave it
    /// out so that browsers hear about a change without waiting for it (on a
    /// large handbook the index takes longer than the pages); the preview
    /// makes it on a thread of its own and hands it to [`Live::add_index`].
    /// `None` if it is up to date or already being made.
    pub(crate) fn index_job(&mut self) -> Option<IndexJob> {
        let state = self.state.as_ref()?;
        if !state.site.config.search.enabled {
            return None;
        }
        let running = self
            .indexing
            .as_ref()
            .is_some_and(|(generation, _)| *generation == self.generation);
        if self.indexed || running {
            return None;
        }
        let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
        self.indexing = Some((self.generation, Arc::clone(&cancel)));
        Some(IndexJob {
            generation: self.generation,
            dir: state.site.layout.search,
            input: crate::search::Input::of(&state.site).into_owned(),
            cancel,
        })
    }

    /// Puts a finished index into the site, unless the site changed since
    /// its job was made (then a newer job follows).
    pub(crate) fn add_index(&mut self, index: Index) -> Option<Rebuilt> {
        if index.generation != self.generation {
            return None;
        }
        let mut state = self.state.take()?;
        state.output.remove_prefix(index.dir);
        state.output.extend(index.files);
        self.indexed = true;
        self.indexing = None;
        self.finish(Ok(state), Scope::Index).ok()
    }

    /// Makes the search index here and now.
    pub(crate) fn index(&mut self) -> Option<Rebuilt> {
        let job = self.index_job()?;
        self.add_index(job.run()?)
    }

    /// Stops an index being made for an older site.
    fn stop_indexing(&mut self) {
        if let Some((_, cancel)) = self.indexing.take() {
            cancel.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    fn finish(
        &mut self,
        result: Result<Made, Diagnostics>,
        scope: Scope,
    ) -> Result<Rebuilt, Diagnostics> {
        let mut state = result?;
        if scope != Scope::Static && scope != Scope::Index {
            self.indexed = false;
            self.generation += 1;
            self.stop_indexing();
            self.keep_old_index(&mut state);
        }
        let changed = changed_files(&self.shown, &state.output);
        let stats = Stats::of(&state.site, &state.output);
        let search_dir = state.site.layout.search;
        let warnings = state.site.warnings().into_sorted();
        self.shown = state.output.clone();
        let output = state.output.clone();
        self.state = Some(state);
        Ok(Rebuilt {
            output,
            changed,
            scope,
            stats,
            search_dir,
            warnings,
        })
    }

    /// A site rendered afresh has no search index until the next one is
    /// made: until then it keeps the one it had, so that a tab searching
    /// meanwhile still finds something (the old files are whole and agree
    /// with each other).
    fn keep_old_index(&self, state: &mut Made) {
        if !state.site.config.search.enabled {
            return;
        }
        let dir = state.site.layout.search;
        if state
            .output
            .entries()
            .any(|(path, _)| path.starts_with(dir))
        {
            return;
        }
        for (path, bytes) in self.shown.entries().filter(|(p, _)| p.starts_with(dir)) {
            state.output.insert_shared(path.clone(), bytes.clone());
        }
    }

    fn full_state(&mut self) -> Result<Made, Diagnostics> {
        self.state = None;
        self.generation += 1;
        self.stop_indexing();
        Made::new(&self.root, &self.options)
    }

    fn static_state(&mut self) -> Result<Made, Diagnostics> {
        match self.state.take() {
            Some(old) => old.with_new_statics(),
            None => self.full_state(),
        }
    }

    fn pages_state(&mut self, sources: &BTreeSet<String>) -> (Result<Made, Diagnostics>, Scope) {
        let Some(old) = self.state.take() else {
            return (self.full_state(), Scope::Full);
        };
        // Other pages show only the face of a page; if no face changed and
        // no page came or went, rendering the changed pages is enough.
        let decide = |replaced: &[Page], loaded: &[Page]| {
            let same_faces = replaced.len() == loaded.len()
                && replaced
                    .iter()
                    .zip(loaded)
                    .all(|(a, b)| a.source == b.source && Face::of(a) == Face::of(b));
            if same_faces {
                Rerender::Edited
            } else {
                Rerender::All
            }
        };
        match old.with_new_pages(sources, decide) {
            Ok((made, Rerender::Edited)) => (Ok(made), Scope::Pages(sources.len())),
            Ok((made, Rerender::All)) => (Ok(made), Scope::AllPages),
            Err(problems) => (Err(problems), Scope::AllPages),
        }
    }
}

/// What other pages show of a page: its place, address and card.
#[derive(PartialEq)]
struct Face<'a> {
    kind: PageKind,
    path: &'a str,
    slug: &'a str,
    title: &'a str,
    summary: Option<&'a str>,
    weight: Option<i64>,
    examples: usize,
    tips: usize,
    /// Counted on the cards.
    indicators: usize,
    /// Counted on the cards; the first and the last question of a site
    /// also make or remove the reflection questions page and its menu entry.
    questions: usize,
    date: Option<toml::value::Datetime>,
    updated: Option<toml::value::Datetime>,
}

impl<'a> Face<'a> {
    fn of(page: &'a Page) -> Face<'a> {
        Face {
            kind: page.kind,
            path: &page.path,
            slug: &page.slug,
            title: &page.front.title,
            summary: page.front.summary.as_deref(),
            weight: page.front.weight,
            examples: page.rendered.examples.len(),
            tips: page.rendered.tips.len(),
            indicators: page.rendered.behaviour.items.len()
                + page.rendered.levels.indicators().count(),
            questions: page.rendered.reflection.items.len(),
            date: page.front.date,
            updated: page.front.updated,
        }
    }
}

/// True if a change to `path` can change the site: a file or folder in
/// `content/`, `static/`, `templates/` or `themes/`, or `config.toml`, that a
/// build does not skip (hidden files, editor leftovers).
pub(crate) fn matters(root: &Path, path: &Path) -> bool {
    parts(root, path)
        .split_first()
        .is_some_and(|(first, rest)| part_matters(first, rest))
}

/// The names of `path` below `root` (`..` for anything but a name).
fn parts(root: &Path, path: &Path) -> Vec<String> {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_string_lossy().into_owned(),
            _ => String::from(".."),
        })
        .collect()
}

/// [`matters`] for a path split into its first name and the rest.
fn part_matters(first: &str, rest: &[String]) -> bool {
    match first {
        "config.toml" => true,
        "content" | "static" | "templates" | "themes" => {
            rest.iter().all(|name| !source::is_ignored_name(name))
        }
        _ => false,
    }
}

/// Sorts changed paths into the work they ask for. `known` tells whether a
/// path below `content/` is (or holds) a file the current site was made from.
fn plan(root: &Path, paths: &[PathBuf], known: &dyn Fn(&str) -> bool) -> Plan {
    let mut sources = BTreeSet::new();
    let mut statics = false;
    for path in paths {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let parts = parts(root, path);
        let Some((first, rest)) = parts.split_first() else {
            continue;
        };
        if !part_matters(first, rest) {
            continue;
        }
        match first.as_str() {
            "config.toml" | "templates" | "themes" => return Plan::Full,
            "static" => statics = true,
            "content" if rest.last().is_some_and(|name| name.ends_with(".md")) => {
                let full = root.join(relative);
                match full.symlink_metadata() {
                    Ok(meta) if meta.is_file() => {}
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                    // A folder named `x.md`, a link: let the full walk judge.
                    _ => return Plan::Full,
                }
                sources.insert(rest.join("/"));
            }
            // A temporary file that came and went (vim's `4913`).
            "content" if !root.join(relative).exists() && !known(&rest.join("/")) => {}
            // Assets next to the Markdown, folders, `content/` itself.
            "content" => return Plan::Full,
            _ => {}
        }
    }
    match (sources.is_empty(), statics) {
        (true, false) => Plan::Nothing,
        (true, true) => Plan::Static,
        (false, false) => Plan::Pages(sources),
        (false, true) => Plan::Full,
    }
}

/// Files that differ between two outputs (added, changed or removed).
fn changed_files(old: &Output, new: &Output) -> Vec<String> {
    let mut changed: Vec<String> = new
        .entries()
        .filter(|(path, bytes)| {
            old.shared(path)
                .is_none_or(|o| !Arc::ptr_eq(o, bytes) && o.as_slice() != bytes.as_slice())
        })
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(
        old.entries()
            .filter(|(path, _)| !new.contains(path))
            .map(|(path, _)| path.clone()),
    );
    changed.sort();
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(paths: &[&str]) -> Plan {
        let root = Path::new("/nonexistent-handbook");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        let known = |p: &str| {
            ["foto.jpg", "map/a.md"]
                .iter()
                .any(|k| *k == p || k.starts_with(&format!("{p}/")))
        };
        plan(root, &paths, &known)
    }

    #[test]
    fn plans_follow_what_changed() {
        assert_eq!(plan_of(&[]), Plan::Nothing);
        assert_eq!(plan_of(&["public/index.html", "README.md"]), Plan::Nothing);
        assert_eq!(plan_of(&["config.toml"]), Plan::Full);
        assert_eq!(plan_of(&["templates/page.html"]), Plan::Full);
        assert_eq!(plan_of(&["themes/eigen/static/x.css"]), Plan::Full);
        assert_eq!(plan_of(&["static/bekwaam.css"]), Plan::Static);
        assert_eq!(
            plan_of(&["content/a.md", "content/b/c.md"]),
            Plan::Pages(["a.md".to_string(), "b/c.md".to_string()].into())
        );
        assert_eq!(plan_of(&["content/a.md", "static/x.css"]), Plan::Full);
        assert_eq!(plan_of(&["content/foto.jpg"]), Plan::Full);
        assert_eq!(plan_of(&["content/4913"]), Plan::Nothing);
        // inotify reports a removed folder once, not each file in it.
        assert_eq!(plan_of(&["content/map"]), Plan::Full);
        assert_eq!(
            plan_of(&["content/a.md", "content/4913"]),
            Plan::Pages(["a.md".to_string()].into())
        );
    }

    #[test]
    fn editor_leftovers_change_nothing() {
        for path in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.git/index",
            "static/.DS_Store",
            "templates/.page.html.swx",
        ] {
            assert_eq!(plan_of(&[path]), Plan::Nothing, "{path}");
        }
    }

    #[test]
    fn changed_files_lists_added_changed_and_removed() {
        let mut old = Output::new();
        old.insert("a".into(), b"1".to_vec());
        old.insert("b".into(), b"2".to_vec());
        old.insert("c".into(), b"3".to_vec());
        let mut new = old.clone();
        new.insert("b".into(), b"2".to_vec()); // same bytes, new allocation
        new.insert("c".into(), b"33".to_vec());
        new.remove("a");
        new.insert("d".into(), b"4".to_vec());
        assert_eq!(changed_files(&old, &new), ["a", "c", "d"]);
    }

    #[test]
    fn a_site_rendered_afresh_keeps_its_index_until_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(sample.join("config.toml"), dir.path().join("config.toml")).unwrap();
        let folders = [sample.join("content"), sample.join("static")];
        for entry in folders.iter().flat_map(walkdir::WalkDir::new) {
            let entry = entry.unwrap();
            let target = dir.path().join(entry.path().strip_prefix(sample).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let mut live = Live::new(dir.path(), BuildOptions::default());
        live.full().unwrap();
        let indexed = live.index().unwrap();
        let old_manifest = indexed.output.get("zoek/index.js").unwrap().to_vec();

        // A new title: every page is rendered again, the index waits.
        let page = dir
            .path()
            .join("content/competenties/verheldert-vragen-en-behoeften.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, text.replacen("title = \"", "title = \"Nieuw: ", 1)).unwrap();
        let rebuilt = live.update(&[page]).unwrap();
        assert_eq!(rebuilt.scope, Scope::AllPages);
        assert_eq!(
            rebuilt.output.get("zoek/index.js"),
            Some(old_manifest.as_slice())
        );
        assert!(!rebuilt.changed.iter().any(|p| p.starts_with("zoek/")));

        // The next index replaces it whole: no file of the old one is left.
        let fresh = live.index().unwrap();
        assert!(fresh.changed.iter().any(|p| p.starts_with("zoek/")));
        let below = |output: &Output, folder: &str| -> Vec<String> {
            output
                .entries()
                .map(|(p, _)| p.clone())
                .filter(|p| p.starts_with(folder))
                .collect()
        };
        assert_ne!(
            below(&fresh.output, "zoek/t/"),
            below(&indexed.output, "zoek/t/")
        );
        assert_eq!(
            below(&fresh.output, "zoek/p/").len(),
            below(&indexed.output, "zoek/p/").len()
        );
    }

    /// The reflection questions page comes and goes with the questions, and
    /// with it the menu entry on every page: removing the last questions is a
    /// change of the pages' faces, so every page is rendered afresh.
    #[test]
    fn the_last_questions_removed_take_their_page_and_menu_entry_along() {
        let dir = tempfile::tempdir().unwrap();
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/framework-handbook");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let target = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        let mut live = Live::new(dir.path(), BuildOptions::default());
        let first = live.full().unwrap();
        let page = "reflectievragen/index.html";
        let menu = |output: &Output| {
            let home = String::from_utf8_lossy(output.get("over/index.html").unwrap()).into_owned();
            home.contains("href=\"/reflectievragen/\"")
        };
        assert!(first.output.get(page).is_some() && menu(&first.output));

        let folder = dir.path().join("content/competenties");
        let mut changed = Vec::new();
        for name in ["luistert-en-vraagt-door.md", "werkt-samen-met-anderen.md"] {
            let file = folder.join(name);
            let text = std::fs::read_to_string(&file).unwrap();
            let cut = text.find("## Reflectievragen").unwrap();
            std::fs::write(&file, &text[..cut]).unwrap();
            changed.push(file);
        }
        let rebuilt = live.update(&changed).unwrap();
        assert_eq!(rebuilt.scope, Scope::AllPages);
        assert!(rebuilt.output.get(page).is_none());
        assert!(!menu(&rebuilt.output));
    }
}
