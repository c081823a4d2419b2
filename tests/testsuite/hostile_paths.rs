//! Hostile paths (issue 15): an output folder that would replace the
//! handbook or a folder a build did not make, links that leave the
//! handbook, a theme outside `themes/`, and files of the handbook that a
//! generated file would replace. Each case asserts the exit status, the
//! message, and that the handbook (and every other file in the test's
//! folder) is byte-for-byte what it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::helpers::{
    bekwaam, build, build_ok, init_handbook, read_tree, stderr, wait_until, write,
};

/// A starter handbook `handboek/` in a temporary folder, with a file of
/// someone else's beside it (`buren/`), which no build may touch.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        init_handbook(&dir.path().join("handboek"));
        write(dir.path(), "buren/brief.txt", "van de buren");
        Case { dir }
    }

    /// The temporary folder, with every link in its path resolved.
    fn path(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    fn root(&self) -> PathBuf {
        self.path().join("handboek")
    }

    /// Everything in the temporary folder (links not followed).
    fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.path())
    }

    /// Runs `bekwaam ARGS` in `cwd`; asserts exit status 1, no panic, each
    /// of `expected` in standard error and nothing changed in the folder.
    /// Returns standard error.
    fn refused(&self, cwd: &Path, args: &[&str], expected: &[&str]) -> String {
        let before = self.tree();
        let result = run_in(cwd, args);
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        for text in expected {
            assert!(err.contains(text), "{args:?}: expected `{text}` in:\n{err}");
        }
        assert!(self.tree() == before, "{args:?}: files changed");
        err
    }
}

/// Runs the binary in `cwd` and waits for it, at most [`crate::helpers::DEADLINE`]: a run
/// that walks a whole disk fails the test instead of hanging it.
fn run_in(cwd: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bekwaam"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the bekwaam binary runs");
    let mut stopped = Stopped(Some(child.id()));
    let status = wait_until(&format!("bekwaam {args:?} finishes"), || {
        match child.try_wait() {
            Ok(Some(status)) => Ok(status),
            _ => Err(String::from("still running")),
        }
    });
    stopped.0 = None;
    let mut output = Output {
        status,
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    use std::io::Read;
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_end(&mut output.stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_end(&mut output.stderr);
    }
    output
}

/// Stops the process with this id when dropped (a test that fails while
/// it runs leaves nothing running).
struct Stopped(Option<u32>);

impl Drop for Stopped {
    fn drop(&mut self) {
        if let Some(pid) = self.0 {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

const THE_HANDBOOK: &str = "is het handboek zelf of een map waar het handboek in staat";

/// Regression: `bekwaam init /tmp/h3 && cd /tmp/h3 && bekwaam build -o
/// ../h3` deleted config.toml and content/, with exit status 0.
#[test]
fn output_named_through_its_parent_is_the_handbook() {
    let case = Case::new();
    let err = case.refused(
        &case.root(),
        &["build", "-o", "../handboek"],
        &[THE_HANDBOOK],
    );
    assert!(err.contains("../handboek (dat is "), "{err}");
    assert!(err.contains("help: kies een eigen map"), "{err}");
}

/// Regression: `bekwaam --root /tmp/h build -o /tmp/h/content/../content`
/// deleted every Markdown file.
#[test]
fn output_with_dots_inside_content_is_refused() {
    let case = Case::new();
    let root = case.root();
    let out = root.join("content/../content");
    build_refused(&case, &out, &["ligt in content/ van het handboek"]);
    let out = root.join("static/nieuw/site");
    build_refused(&case, &out, &["ligt in static/ van het handboek"]);
}

/// Regression: `ln -s /tmp/h /tmp/hl && bekwaam --root /tmp/hl build -o
/// /tmp/h` deleted the handbook.
#[cfg(unix)]
#[test]
fn output_is_the_handbook_behind_a_link() {
    let case = Case::new();
    let link = case.path().join("hl");
    std::os::unix::fs::symlink(case.root(), &link).unwrap();
    let root = case.root();
    case.refused(
        &case.path(),
        &["--root", text(&link), "build", "-o", text(&root)],
        &[THE_HANDBOOK],
    );
    // The other way round, and a link inside the handbook to its content.
    build_refused(&case, &link, &[THE_HANDBOOK]);
    std::os::unix::fs::symlink(root.join("content"), root.join("site")).unwrap();
    build_refused(&case, &root.join("site"), &["ligt in content/"]);
}

#[test]
fn output_that_holds_the_handbook_is_refused() {
    let case = Case::new();
    for out in [case.path(), PathBuf::from("/")] {
        build_refused(&case, &out, &[THE_HANDBOOK]);
    }
}

/// Regression: `-o` naming any existing folder replaced it, whatever it held.
#[test]
fn a_folder_a_build_did_not_make_is_refused_and_kept() {
    let case = Case::new();
    let root = case.root();
    let buren = case.path().join("buren");
    let err = build_refused(
        &case,
        &buren,
        &[
            "buren bestaat al en is niet door Bekwaam gemaakt",
            "help: kies een andere map, of maak",
            "zelf leeg of verwijder hem",
        ],
    );
    assert!(err.contains("1 fout"), "{err}");
    // Only hidden files (a git repository) make a folder not empty too.
    write(&case.path(), "uitgave/.git/HEAD", "ref: refs/heads/main\n");
    case.refused(
        &case.path(),
        &[
            "--root",
            text(&root),
            "build",
            "-o",
            text(&case.path().join("uitgave")),
        ],
        &["uitgave bestaat al en is niet door Bekwaam gemaakt"],
    );
    // A file is no folder.
    build_refused(
        &case,
        &buren.join("brief.txt"),
        &["brief.txt is een bestand, geen map"],
    );
}

#[test]
fn an_empty_folder_and_an_earlier_build_may_be_replaced() {
    let case = Case::new();
    let out = case.path().join("leeg");
    std::fs::create_dir(&out).unwrap();
    let first = build_ok(&case.root(), &out);
    assert!(first.contains_key(".bekwaam"), "{:?}", first.keys());
    assert!(
        String::from_utf8_lossy(&first[".bekwaam"]).contains("gemaakt door Bekwaam"),
        "the marker says what it is"
    );
    write(&out, "eigen.txt", "weg bij de volgende build");
    assert_eq!(build_ok(&case.root(), &out), first);
}

#[test]
fn the_marker_is_in_every_build_and_nowhere_in_the_site() {
    let case = Case::new();
    for (name, extra) in [("gewoon", &[][..]), ("draagbaar", &["--portable"][..])] {
        let out = case.path().join(name);
        let result = build(&case.root(), &out, extra);
        assert!(result.status.success(), "{}", stderr(&result));
        let files = read_tree(&out);
        assert!(files.contains_key(".bekwaam"), "{name}");
        // What lists the site's files and pages: the sitemap, the export
        // and the search index.
        let lists = files.iter().filter(|(path, _)| {
            path.as_str() == "sitemap.xml"
                || path.as_str() == "handboek.json"
                || path.starts_with("zoek/")
        });
        assert!(lists.clone().count() > 2, "{:?}", files.keys());
        for (path, bytes) in lists {
            assert!(
                !String::from_utf8_lossy(bytes).contains(".bekwaam"),
                "{name}: {path} names the marker"
            );
        }
    }
}

#[test]
fn check_writes_nothing() {
    let case = Case::new();
    let before = case.tree();
    let result = bekwaam(&["--root", text(&case.root()), "check"]);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(case.tree() == before);
    assert!(!case.root().join("public").exists());
}

/// Builds the case's handbook into `public/` beside it (as a first build,
/// so that a failing one can be seen to leave it alone).
fn public(case: &Case) -> PathBuf {
    let out = case.path().join("public");
    build_ok(&case.root(), &out);
    out
}

/// `bekwaam --root ROOT build -o OUT`, refused as [`Case::refused`] says.
fn build_refused(case: &Case, out: &Path, expected: &[&str]) -> String {
    let root = case.root();
    case.refused(
        &case.path(),
        &["--root", text(&root), "build", "-o", text(out)],
        expected,
    )
}

const OUTSIDE: &str =
    "deze symbolische link wijst naar een plek buiten het handboek; Bekwaam leest daar niets";

/// Regression: `static -> /` walked the whole disk, its memory growing
/// 150 MB per 10 s.
#[cfg(unix)]
#[test]
fn static_as_a_link_to_the_root_fails_at_once() {
    let case = Case::new();
    let out = public(&case);
    let root = case.root();
    std::fs::remove_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink("/", root.join("static")).unwrap();
    let err = build_refused(&case, &out, &[&format!("static: error: {OUTSIDE}")]);
    assert!(err.contains("Gestopt: 1 fout gevonden."), "{err}");
    // `check` and the other source folders alike.
    case.refused(&root, &["check"], &[&format!("static: error: {OUTSIDE}")]);
    std::fs::remove_file(root.join("static")).unwrap();
    std::os::unix::fs::symlink("/", root.join("templates")).unwrap();
    build_refused(&case, &out, &[&format!("templates: error: {OUTSIDE}")]);
}

/// Regression: `static/sub/usr -> /usr` failed only after reading 6.5 GB.
/// Behind the link: a few thousand files and a loop, which would each be a
/// message of their own if the walk went in.
#[cfg(unix)]
#[test]
fn a_link_to_a_large_tree_outside_is_refused_unread() {
    let case = Case::new();
    let out = public(&case);
    let large = case.path().join("groot");
    for folder in 0..40 {
        for file in 0..100 {
            write(&large, &format!("map-{folder}/bestand-{file}.css"), "a{}");
        }
    }
    std::os::unix::fs::symlink(&large, large.join("map-0/lus")).unwrap();
    std::os::unix::fs::symlink("/nergens", large.join("map-1/kapot")).unwrap();
    let root = case.root();
    std::fs::create_dir_all(root.join("static/sub")).unwrap();
    std::os::unix::fs::symlink(&large, root.join("static/sub/usr")).unwrap();
    let err = build_refused(&case, &out, &[&format!("static/sub/usr: error: {OUTSIDE}")]);
    assert!(err.contains("Gestopt: 1 fout gevonden."), "{err}");
    assert!(!err.contains("groot") && !err.contains("lus"), "{err}");
}

#[cfg(unix)]
#[test]
fn links_inside_the_handbook_keep_working() {
    let case = Case::new();
    let root = case.root();
    write(&root, "gedeeld/kleur.css", "body{}");
    std::os::unix::fs::symlink(root.join("gedeeld"), root.join("static/gedeeld")).unwrap();
    std::os::unix::fs::symlink("../gedeeld/kleur.css", root.join("static/los.css")).unwrap();
    let files = build_ok(&root, &case.path().join("public"));
    assert_eq!(files["gedeeld/kleur.css"], b"body{}");
    assert_eq!(files["los.css"], b"body{}");
}

/// Regression: `theme = "/abs/dir"`, or `"../../../dir"` when `themes/`
/// exists, published that folder's `static/` from outside the handbook.
#[test]
fn a_theme_outside_themes_is_an_error_at_its_key() {
    let case = Case::new();
    let out = public(&case);
    let root = case.root();
    let elsewhere = case.path().join("elders");
    write(&elsewhere, "static/geheim.txt", "niet publiceren");
    write(&root, "themes/zomer/static/zomer.css", "body{}");
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let upward = "../".repeat(root.components().count()) + &text(&elsewhere)[1..];
    for theme in [text(&elsewhere), upward.as_str(), "zomer/../../../elders"] {
        write(&root, "config.toml", format!("theme = {theme:?}\n{config}"));
        let err = build_refused(
            &case,
            &out,
            &[
                "config.toml:1:1: error: `theme` moet de naam van één map in themes/ zijn",
                "help: zet het thema in de map themes/",
            ],
        );
        assert!(!err.contains("geheim"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_theme_that_links_out_of_themes_is_refused() {
    let case = Case::new();
    let out = public(&case);
    let root = case.root();
    let elsewhere = case.path().join("elders");
    write(&elsewhere, "static/geheim.txt", "niet publiceren");
    std::fs::create_dir_all(root.join("themes")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("themes/zomer")).unwrap();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(&root, "config.toml", format!("theme = \"zomer\"\n{config}"));
    build_refused(
        &case,
        &out,
        &["config.toml:", "het thema `zomer` ligt niet in themes/"],
    );
}

/// Regression: `content/index.html`, `content/sitemap.xml` or a file at the
/// search folder's path were silently replaced by generated files.
#[test]
fn a_generated_file_never_replaces_a_handbook_file() {
    let case = Case::new();
    let out = public(&case);
    let root = case.root();
    // A sitemap is only made with a full base_url.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace(
        "base_url = \"/\"",
        "base_url = \"https://intranet.example.nl/\"",
    );
    assert!(config.contains("https://intranet.example.nl/"), "{config}");
    write(&root, "config.toml", config);
    for file in [
        "content/index.html",
        "content/sitemap.xml",
        "static/zoek",
        "static/404.html",
        "static/afdrukken/index.html",
        "static/handboek.json",
        "static/case.json",
        "content/competenties.csv",
        "content/competenties/index.html",
    ] {
        write(&root, file, "van het handboek");
    }
    let takes = "dit bestand komt in de website op";
    let err = build_refused(
        &case,
        &out,
        &[
            &format!(
                "content/index.html: error: {takes} /index.html, maar daar maakt Bekwaam de pagina van content/_index.md"
            ),
            &format!(
                "content/sitemap.xml: error: {takes} /sitemap.xml, maar daar maakt Bekwaam de sitemap"
            ),
            &format!(
                "static/zoek: error: {takes} /zoek, en dat botst met /zoek/: daar maakt Bekwaam de zoekindex"
            ),
            &format!("static/404.html: error: {takes} /404.html"),
            &format!(
                "static/afdrukken/index.html: error: {takes} /afdrukken/index.html, maar daar maakt Bekwaam de pagina om af te drukken"
            ),
            &format!("static/handboek.json: error: {takes} /handboek.json"),
            &format!(
                "static/case.json: error: {takes} /case.json, maar daar maakt Bekwaam de export van het handboek als CASE (case.json)"
            ),
            &format!(
                "content/competenties.csv: error: {takes} /competenties.csv, maar daar maakt Bekwaam de export van het handboek als tabel (CSV)"
            ),
            "content/competenties/index.html: error:",
            "help: geef het bestand een andere naam of zet het in een andere map",
            "Gestopt: 9 fouten gevonden.",
        ],
    );
    assert!(!err.contains("panicked"), "{err}");
    // static/sitemap.xml and content/sitemap.xml are the same place.
    std::fs::remove_file(root.join("content/sitemap.xml")).unwrap();
    write(&root, "static/sitemap.xml", "eigen");
    build_refused(
        &case,
        &out,
        &["static/sitemap.xml: error:", "Gestopt: 9 fouten"],
    );
}

/// Regression: two asset files whose names are not UTF-8 became one, and
/// one of them was silently dropped.
#[cfg(target_os = "linux")]
#[test]
fn asset_names_that_become_one_are_an_error_naming_both() {
    use std::os::unix::ffi::OsStrExt;
    let case = Case::new();
    let out = public(&case);
    let root = case.root();
    for name in [&b"logo\xff.png"[..], b"logo\xfe.png"] {
        std::fs::write(
            root.join("static").join(std::ffi::OsStr::from_bytes(name)),
            "x",
        )
        .unwrap();
    }
    build_refused(
        &case,
        &out,
        &[
            r#"de bestanden "static/logo\xFE.png" en "static/logo\xFF.png" krijgen in de website dezelfde naam"#,
            "help: geef de bestanden namen met alleen gewone letters en cijfers (UTF-8)",
            "Gestopt: 1 fout gevonden.",
        ],
    );
}

/// The preview's watcher follows the same rule: `static -> /` is not
/// watched (that would watch every folder of the disk), it is said so,
/// and the preview serves.
#[cfg(all(unix, feature = "serve"))]
#[test]
fn the_preview_does_not_watch_a_link_out_of_the_handbook() {
    let case = Case::new();
    let root = case.root();
    std::fs::remove_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink("/", root.join("static")).unwrap();
    let log = case.path().join("preview.log");
    let file = std::fs::File::create(&log).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bekwaam"))
        .args(["--root", text(&root), "serve", "--port", "0"])
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap();
    let mut stopped = Stopped(Some(child.id()));
    let said = wait_until("the preview starts and names static/", || {
        let said = std::fs::read_to_string(&log).unwrap_or_default();
        let started = said.contains("Bekwaam toont het handboek op");
        match started && said.contains("Let op: kan static/ niet volgen") {
            true => Ok(said),
            false => Err(said),
        }
    });
    stopped.0 = None;
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        said.contains(&format!("static: error: {OUTSIDE}")),
        "{said}"
    );
    assert!(
        said.contains("de map is een link naar een plek buiten het handboek"),
        "{said}"
    );
}

/// Regression: once the watcher stopped following links (so that one out of
/// the handbook is not watched), an edit behind a link inside the handbook
/// no longer reached the preview. Edits behind a linked folder, a linked
/// file saved by renaming, a linked page, and a link made while the
/// preview runs all show.
#[cfg(all(unix, feature = "serve"))]
#[test]
fn the_preview_sees_edits_behind_links_inside_the_handbook() {
    use std::os::unix::fs::symlink;
    let case = Case::new();
    let root = case.root();
    write(&root, "gedeeld/kleur.css", "body{color:red}");
    write(&root, "gedeeld/los.css", "p{color:red}");
    write(
        &root,
        "teksten/gedeeld.md",
        "+++\ntitle = \"Gedeeld\"\n+++\nEerste versie.\n",
    );
    symlink(root.join("gedeeld"), root.join("static/gedeeld")).unwrap();
    symlink("../gedeeld/los.css", root.join("static/los.css")).unwrap();
    symlink("../teksten", root.join("content/teksten")).unwrap();
    let preview = crate::preview::Preview::start(&root);
    let shows = |path: &str, text: &str| {
        wait_until(&format!("{path} shows {text:?}"), || {
            let body = preview.get(path).text();
            match body.contains(text) {
                true => Ok(()),
                false => Err(body),
            }
        })
    };
    shows("/gedeeld/kleur.css", "red");
    shows("/teksten/gedeeld/", "Eerste versie.");

    write(&root, "gedeeld/kleur.css", "body{color:green}");
    shows("/gedeeld/kleur.css", "green");

    // Saved as many editors save: a new file renamed over the old one.
    write(&root, "gedeeld/.los.css.nieuw", "p{color:blue}");
    std::fs::rename(
        root.join("gedeeld/.los.css.nieuw"),
        root.join("gedeeld/los.css"),
    )
    .unwrap();
    shows("/los.css", "blue");

    write(
        &root,
        "teksten/gedeeld.md",
        "+++\ntitle = \"Gedeeld\"\n+++\nTweede versie.\n",
    );
    shows("/teksten/gedeeld/", "Tweede versie.");

    // A link made while the preview runs is followed from then on.
    write(&root, "later/nieuw.css", "a{color:red}");
    symlink("../later", root.join("static/later")).unwrap();
    shows("/later/nieuw.css", "red");
    write(&root, "later/nieuw.css", "a{color:purple}");
    shows("/later/nieuw.css", "purple");
}
