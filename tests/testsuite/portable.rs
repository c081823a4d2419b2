//! `bekwaam build --portable` (or `portable = true` in config.toml): a site
//! that works when opened from a folder (`file://`), as workers do from a
//! network share. Every link is checked against the files written, and, where
//! Chromium is installed, followed in a real browser.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::path::Path;
use std::time::Instant;

use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use serde_json::Value;

use crate::browser::Browser;
use crate::helpers::{build, read_tree, sample_copy, sample_root, stderr, write};
#[cfg(feature = "serve")]
use crate::preview::Preview;

type Tree = BTreeMap<String, Vec<u8>>;

const INTRANET: &str = "https://intranet.example.nl/handboek/";

/// Builds `root` into a temporary `public/` with `extra` arguments.
fn built(root: &Path, extra: &[&str]) -> (tempfile::TempDir, Tree) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(root, &out, extra);
    assert!(
        result.status.success(),
        "build {extra:?} failed:\n{}",
        stderr(&result)
    );
    let tree = read_tree(&out);
    (dir, tree)
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn parse(tree: &Tree, path: &str) -> Html {
    Html::parse_document(std::str::from_utf8(&tree[path]).unwrap())
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html")
}

/// The folder part of a site path: `a/b/index.html` → `a/b/`.
fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// Resolves a relative path (already percent-decoded) against `folder`;
/// `None` when it climbs out of the site.
fn resolve(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let mut segments = relative.split('/').peekable();
    while let Some(segment) = segments.next() {
        match segment {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            "" if segments.peek().is_some() => {}
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Checks every `href` and `src` of every HTML file of a portable build: the
/// site's own are relative, name an existing file (a page by its
/// `index.html`), and their `#fragment` names an id of that page. Links to
/// other sites, `mailto:` and pure `#fragment` links (whose id must exist on
/// the page itself) are left as they are. Returns how many links were checked.
fn assert_links_work_from_a_folder(tree: &Tree, own_site: Option<&str>) -> usize {
    let pages: BTreeMap<&str, Html> = tree
        .keys()
        .filter(|path| is_html(path))
        .map(|path| (path.as_str(), parse(tree, path)))
        .collect();
    let ids: HashMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(path, html)| {
            let ids = html
                .select(&sel("[id]"))
                .filter_map(|e| e.attr("id").map(str::to_string))
                .collect();
            (*path, ids)
        })
        .collect();
    let mut checked = 0;
    for (path, html) in &pages {
        for element in html.select(&sel("[href], [src]")) {
            if element.value().name() == "link"
                && element.attr("rel").is_some_and(|r| r.contains("canonical"))
            {
                continue;
            }
            for value in ["href", "src"].iter().filter_map(|a| element.attr(a)) {
                let place = format!("{path}: `{value}`");
                if let Some(fragment) = value.strip_prefix('#') {
                    assert!(
                        ids[path].contains(&decode(fragment)),
                        "{place}: no such id on the page"
                    );
                    checked += 1;
                    continue;
                }
                if value.starts_with("mailto:") {
                    continue;
                }
                if url::Url::parse(value).is_ok() {
                    if let Some(own) = own_site {
                        assert!(!value.starts_with(own), "{place}: an absolute own link");
                    }
                    continue;
                }
                assert!(
                    !value.starts_with('/'),
                    "{place}: starts with `/`, which on file:// is the disk's root"
                );
                let (address, fragment) = value.split_once('#').unwrap_or((value, ""));
                let file = address.split('?').next().unwrap();
                assert!(
                    !file.is_empty() && !file.ends_with('/'),
                    "{place}: a folder link must name its index.html"
                );
                let target = resolve(folder_of(path), &decode(file))
                    .unwrap_or_else(|| panic!("{place}: climbs out of the site"));
                assert!(
                    tree.contains_key(&target),
                    "{place}: {target} is not in the output"
                );
                if !fragment.is_empty() {
                    let target_ids = ids.get(target.as_str()).unwrap_or_else(|| {
                        panic!("{place}: a #fragment on a file that is not HTML")
                    });
                    assert!(
                        target_ids.contains(&decode(fragment)),
                        "{place}: {target} has no id `{fragment}`"
                    );
                }
                checked += 1;
            }
        }
    }
    checked
}

/// The visible text of every HTML file, to compare two builds.
fn texts(tree: &Tree) -> BTreeMap<String, String> {
    tree.keys()
        .filter(|path| is_html(path))
        .map(|path| {
            let text = parse(tree, path).root_element().text().collect::<String>();
            (path.clone(), text)
        })
        .collect()
}

#[test]
fn portable_build_links_work_from_the_folder() {
    let (_dir, tree) = built(&sample_root(), &["--portable"]);
    let checked = assert_links_work_from_a_folder(&tree, None);
    // The sample has hundreds of links: menus, cards, overviews, print page.
    assert!(checked > 300, "only {checked} links checked");
    // Spot checks at depth 0, 1 and 2, and on the 404 page.
    let home = std::str::from_utf8(&tree["index.html"]).unwrap();
    assert!(home.contains("href=\"bekwaam.css\""));
    assert!(home.contains("href=\"competenties/index.html\""));
    let section = std::str::from_utf8(&tree["competenties/index.html"]).unwrap();
    assert!(section.contains("src=\"../img/tien-competenties.svg\""));
    assert!(section.contains("href=\"verheldert-vragen-en-behoeften/index.html\""));
    let page = std::str::from_utf8(&tree["competenties/verheldert-vragen-en-behoeften/index.html"])
        .unwrap();
    assert!(page.contains("href=\"../../index.html\""));
    assert!(page.contains("href=\"../index.html\""));
    let examples = std::str::from_utf8(&tree["alle-voorbeelden/index.html"]).unwrap();
    assert!(examples.contains("href=\"../competenties/verheldert-vragen-en-behoeften/index.html#"));
    let missing = std::str::from_utf8(&tree["404.html"]).unwrap();
    assert!(missing.contains("href=\"competenties/index.html\""));
}

#[test]
fn portable_build_changes_only_the_links() {
    let (_plain_dir, plain) = built(&sample_root(), &[]);
    let (_dir, portable) = built(&sample_root(), &["--portable"]);
    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        portable.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &plain {
        if !is_html(path) {
            assert!(
                portable[path] == *bytes,
                "{path} is not HTML and stays as it is"
            );
        }
    }
    assert_eq!(
        texts(&plain),
        texts(&portable),
        "the same text on every page"
    );
    // The normal build keeps its site paths (what a server needs).
    let home = std::str::from_utf8(&plain["index.html"]).unwrap();
    assert!(home.contains("href=\"/competenties/\""));
    assert!(home.contains("href=\"/bekwaam.css\""));
    assert!(!home.contains("index.html"));
}

#[test]
fn portable_key_in_config_toml_gives_the_same_site() {
    let (dir, root) = sample_copy();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    // Top level: before the first [table].
    write(&root, "config.toml", format!("portable = true\n{config}"));
    let (_by_key_dir, by_key) = built(&root, &[]);
    let (_by_flag_dir, by_flag) = built(&sample_root(), &["--portable"]);
    assert_links_work_from_a_folder(&by_key, None);
    assert!(by_key == by_flag, "the key and the flag give the same site");

    // A typo in the key is an error that names it.
    write(&root, "config.toml", format!("portabel = true\n{config}"));
    let result = build(&root, &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let errors = stderr(&result);
    assert!(errors.contains("config.toml:1:1"), "{errors}");
    assert!(errors.contains("bedoel je `portable`"), "{errors}");
}

#[test]
fn portable_build_under_a_sub_path_of_an_intranet() {
    let (_dir, tree) = built(&sample_root(), &["--portable", "--base-url", INTRANET]);
    let checked = assert_links_work_from_a_folder(&tree, Some(INTRANET));
    assert!(checked > 300, "only {checked} links checked");
    // Relative links do not depend on where the site is published.
    let (_root_dir, at_root) = built(&sample_root(), &["--portable"]);
    // (Only the canonical address names the intranet.)
    let without_canonical = |bytes: &[u8]| -> String {
        String::from_utf8_lossy(bytes)
            .lines()
            .filter(|l| !l.starts_with("<link rel=\"canonical\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (path, bytes) in &tree {
        if is_html(path) || path.ends_with(".css") {
            assert!(
                without_canonical(&at_root[path]) == without_canonical(bytes),
                "{path} differs between base URLs"
            );
        }
    }
    let home = String::from_utf8_lossy(&tree["index.html"]).into_owned();
    assert!(home.contains(&format!("<link rel=\"canonical\" href=\"{INTRANET}\">")));
    // The sitemap keeps the permanent addresses.
    let sitemap = std::str::from_utf8(&tree["sitemap.xml"]).unwrap();
    assert!(sitemap.contains(&format!("<loc>{INTRANET}competenties/</loc>")));
}

#[test]
fn a_file_that_cannot_be_made_portable_stops_the_build() {
    let (dir, root) = sample_copy();
    // An old page in Latin-1, shared as a static file.
    write(&root, "static/oud/index.html", b"<a href=\"/\">caf\xe9</a>");
    let out = dir.path().join("public");
    let result = build(&root, &out, &["--portable"]);
    assert_eq!(result.status.code(), Some(1));
    let errors = stderr(&result);
    assert!(errors.contains("`oud/index.html`"), "{errors}");
    assert!(errors.contains("UTF-8"), "{errors}");
    assert!(!out.exists(), "nothing is written");
    // Without --portable the file is copied as it is.
    let result = build(&root, &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
}

#[cfg(feature = "serve")]
#[test]
fn the_preview_is_never_portable() {
    let (_dir, root) = sample_copy();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(&root, "config.toml", format!("portable = true\n{config}"));
    let preview = Preview::start(&root);
    let home = preview.get("/").text();
    assert!(home.contains("href=\"/competenties/\""), "{home}");
    assert!(!home.contains("index.html"), "{home}");
}

/// What one page shows the browser, read in one call.
const PAGE_FACTS: &str = r#"({
    protocol: location.protocol,
    address: location.href.split('#')[0],
    title: document.title,
    h1: document.querySelectorAll('h1').length,
    ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
    links: Array.from(document.querySelectorAll('a[href], link[href]'), a => a.href),
    brokenImages: Array.from(document.images).filter(i => i.loading !== 'lazy' && !(i.complete && i.naturalWidth > 0)).map(i => i.src),
    missingSheets: Array.from(document.querySelectorAll('link[rel=stylesheet]')).filter(l => !l.sheet).map(l => l.href),
})"#;

/// The issue's check: the portable sample build is opened via `file://` and
/// every link on every page is followed without a failure. Each distinct
/// document is visited once; fragments are checked against the ids the target
/// page has.
#[test]
fn portable_build_opened_from_file_follows_every_link_in_chromium() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let started = Instant::now();
    let (dir, _tree) = built(&sample_root(), &["--portable"]);
    let out = dir.path().join("public");
    let root = url::Url::from_directory_path(&out).unwrap().to_string();
    let home = format!("{root}index.html");
    let page = browser.open(&home).expect("the home page opens");

    // The 404 page is linked from nowhere; open it too.
    let mut queue: VecDeque<String> = [home.clone(), format!("{root}404.html")].into();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    // (page, link) for every link with a fragment, checked at the end.
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut followed = 0;
    while let Some(address) = queue.pop_front() {
        if address != home {
            page.goto(&address)
                .unwrap_or_else(|e| panic!("following {address}: {e}"));
        }
        let facts = page.eval(PAGE_FACTS).expect("reading the page");
        let text = |key: &str| facts[key].as_str().unwrap_or("").to_string();
        let list = |key: &str| -> Vec<String> {
            facts[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(text("protocol"), "file:", "{address}");
        assert_eq!(
            text("address"),
            address,
            "{address} was not where the link led"
        );
        assert!(facts["h1"].as_u64() >= Some(1), "{address} has no h1");
        let title = text("title");
        assert!(
            !title.is_empty() && !title.starts_with("Index of") && !title.contains(".html"),
            "{address} shows `{title}`, not a page of the handbook"
        );
        assert!(
            list("brokenImages").is_empty(),
            "{address}: {:?}",
            list("brokenImages")
        );
        assert!(
            list("missingSheets").is_empty(),
            "{address}: {:?}",
            list("missingSheets")
        );
        ids.insert(address.clone(), list("ids").into_iter().collect());
        for link in list("links") {
            if !link.starts_with("file:") {
                continue;
            }
            assert!(
                link.starts_with(&root),
                "{address} links outside the site: {link}"
            );
            followed += 1;
            let (document, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let document = document.split('?').next().unwrap().to_string();
            if !fragment.is_empty() {
                fragments.push((address.clone(), document.clone(), decode(fragment)));
            }
            if !document.ends_with(".html") {
                // A style sheet or an image: it is there, and pages that use
                // it show it loaded (above).
                let file = url::Url::parse(&document)
                    .ok()
                    .and_then(|u| u.to_file_path().ok());
                assert!(
                    file.is_some_and(|f| f.is_file()),
                    "{address} links to {document}, which is not a file of the site"
                );
                continue;
            }
            if seen.insert(document.clone()) {
                queue.push_back(document);
            }
        }
    }
    for (from, document, fragment) in &fragments {
        assert!(
            ids[document].contains(fragment),
            "{from} links to #{fragment}, which {document} does not have"
        );
    }
    assert!(seen.len() >= 15, "only {} pages visited", seen.len());
    assert!(followed > 300, "only {followed} links followed");
    assert!(
        !fragments.is_empty(),
        "links to tips and examples were checked"
    );
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "portable: {} pages, {followed} links, {} fragments in {:.1} s\n",
            seen.len(),
            fragments.len(),
            started.elapsed().as_secs_f64()
        )
        .as_bytes(),
    );
}
