//! Page bundles and relative links: images and files next to the pages in
//! `content/` (beside `x.md`, and in a bundle folder `x/index.md`), named
//! from the page by their name, and links between pages written relative to
//! the Markdown file (`x.md`, `../dir/x.md`, `x/`). The handbook builds, and
//! every link and image of every page leads to a file of the site: served
//! from a web server, opened from a folder (`--portable`), and in the
//! preview.

use std::collections::BTreeMap;
#[cfg(feature = "serve")]
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use scraper::{Html, Selector};
use url::Url;

#[cfg(feature = "serve")]
use crate::helpers::wait_until;
use crate::helpers::{build, read_tree, starter, stderr, write};
#[cfg(feature = "serve")]
use crate::preview::Preview;

type Tree = BTreeMap<String, Vec<u8>>;

const INTRANET: &str = "https://intranet.example.nl/handboek/";

/// The links each page of the bundles handbook must have, as the site
/// writes them below its base path, with the page that has them.
const EXPECTED: [(&str, &str); 11] = [
    (
        "competenties/werkt-samen-met-anderen/",
        "competenties/luistert-en-vraagt-door/",
    ),
    (
        "competenties/werkt-samen-met-anderen/",
        "competenties/luistert-en-vraagt-door/#praktijktips",
    ),
    (
        "competenties/werkt-samen-met-anderen/",
        "competenties/schrijft-helder/",
    ),
    (
        "competenties/werkt-samen-met-anderen/",
        "competenties/plaatje.png",
    ),
    (
        "competenties/werkt-samen-met-anderen/",
        "bijlagen/folder.pdf",
    ),
    (
        "competenties/schrijft-helder/",
        "competenties/schrijft-helder/schets.png",
    ),
    (
        "competenties/schrijft-helder/",
        "competenties/schrijft-helder/uitleg.pdf",
    ),
    (
        "competenties/schrijft-helder/",
        "competenties/werkt-samen-met-anderen/",
    ),
    ("over/", "competenties/luistert-en-vraagt-door/"),
    ("over/", "competenties/plaatje.png"),
    ("over/", "bijlagen/folder.pdf"),
];

/// The starter handbook with files next to its pages, a bundle, and
/// relative links in every form.
fn bundles_handbook() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = starter();
    write(
        &root,
        "content/competenties/plaatje.png",
        b"\x89PNG plaatje".as_slice(),
    );
    write(&root, "content/bijlagen/folder.pdf", "%PDF-1.4 folder");
    write(
        &root,
        "content/competenties/schrijft-helder/schets.png",
        b"\x89PNG schets".as_slice(),
    );
    write(
        &root,
        "content/competenties/schrijft-helder/uitleg.pdf",
        "%PDF-1.4 uitleg",
    );
    let page = root.join("content/competenties/werkt-samen-met-anderen.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let links = "\n\nLees ook [doorvragen](luistert-en-vraagt-door.md), [de tips daarbij](luistert-en-vraagt-door.md#praktijktips) en [helder schrijven](schrijft-helder/).\n\n![Een plaatje van de buurt](plaatje.png)\n\nDe [folder](../bijlagen/folder.pdf).\n";
    std::fs::write(&page, format!("{text}{links}")).unwrap();
    write(
        &root,
        "content/competenties/schrijft-helder/index.md",
        "+++\ntitle = \"Schrijft helder\"\nweight = 3\nsummary = \"Je schrijft zo dat iedereen het snapt.\"\n+++\n\n\
         Je schrijft kort. ![Een schets van een brief](schets.png)\n\n\
         Lees [de uitleg](uitleg.pdf) of ga naar [samenwerken](../werkt-samen-met-anderen.md).\n\n\
         ## Voorbeelden\n\n### Een brief\n\nMevrouw Jansen krijgt een korte brief.\n\n\
         ## Praktijktips\n\n- **Kort**: één boodschap per zin.\n",
    );
    write(
        &root,
        "content/over.md",
        "+++\ntitle = \"Over dit handboek\"\n+++\n\n\
         Begin bij [doorvragen](competenties/luistert-en-vraagt-door.md).\n\n\
         ![Een plaatje](@/competenties/plaatje.png)\n\n\
         De [folder](@/bijlagen/folder.pdf).\n",
    );
    (dir, root)
}

/// Builds `root` into a temporary `public/` with `extra` arguments.
fn built(root: &Path, extra: &[&str]) -> (tempfile::TempDir, Tree) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(root, &out, extra);
    let err = stderr(&result);
    assert!(result.status.success(), "build {extra:?} failed:\n{err}");
    assert!(!err.contains("error"), "{err}");
    let tree = read_tree(&out);
    (dir, tree)
}

/// Every `href`, `src` and `srcset` URL of an HTML page.
fn links_of(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut links = Vec::new();
    let selector = Selector::parse("[href], [src], [srcset]").unwrap();
    for element in document.select(&selector) {
        let value = element.value();
        links.extend(value.attr("href").map(str::to_string));
        links.extend(value.attr("src").map(str::to_string));
        if let Some(srcset) = value.attr("srcset") {
            links.extend(
                srcset
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(str::to_string),
            );
        }
    }
    links
}

/// The file of `tree` that a site path (decoded, no `#` or `?`) names.
fn file_at<'t>(tree: &'t Tree, path: &str) -> Option<&'t str> {
    let index = format!("{path}index.html");
    let folder_index = format!("{path}/index.html");
    let candidates = [path, index.as_str(), folder_index.as_str()];
    candidates
        .into_iter()
        .find(|c| !c.is_empty() && tree.contains_key(*c))
        .and_then(|c| tree.get_key_value(c).map(|(k, _)| k.as_str()))
}

/// `url` without its `#fragment` and `?query`, decoded, below `base`; `None`
/// for other hosts and schemes.
fn below(base: &Url, url: &Url) -> Option<String> {
    if url.scheme() != base.scheme() || url.host() != base.host() || url.port() != base.port() {
        return None;
    }
    let path = url.path().strip_prefix(base.path())?;
    Some(
        percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// Asserts that every page of `tree` has the links of [`EXPECTED`].
fn assert_expected_links(tree: &Tree, base: &str) {
    for (page, link) in EXPECTED {
        let html = std::str::from_utf8(&tree[&format!("{page}index.html")]).unwrap();
        let want = format!("{base}{link}");
        assert!(
            links_of(html).contains(&want),
            "{page} has no link to {want}:\n{:?}",
            links_of(html)
        );
    }
}

#[test]
fn a_handbook_with_bundles_builds_and_every_link_leads_to_a_file() {
    let (_dir, root) = bundles_handbook();
    let (_out, tree) = built(&root, &["--base-url", INTRANET]);
    // The files keep their place in content/; the bundle's beside its page.
    for file in [
        "competenties/plaatje.png",
        "bijlagen/folder.pdf",
        "competenties/schrijft-helder/index.html",
        "competenties/schrijft-helder/schets.png",
        "competenties/schrijft-helder/uitleg.pdf",
        "over/index.html",
    ] {
        assert!(tree.contains_key(file), "{file} missing");
    }
    assert!(!tree.keys().any(|k| k.contains("schrijft-helder/index/")));
    assert_expected_links(&tree, "/handboek/");
    let base = Url::parse(INTRANET).unwrap();
    let mut followed = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let from = base.join(path).unwrap();
        for link in links_of(std::str::from_utf8(bytes).unwrap()) {
            let Ok(url) = from.join(&link) else {
                panic!("{path}: {link} is not a URL");
            };
            let Some(target) = below(&base, &url) else {
                continue;
            };
            assert!(
                file_at(&tree, &target).is_some(),
                "{path}: {link} leads to no file"
            );
            followed += 1;
        }
    }
    assert!(followed > 100, "{followed}");
}

#[test]
fn a_portable_handbook_with_bundles_links_every_file_relative_to_the_page() {
    let (_dir, root) = bundles_handbook();
    let (_out, tree) = built(&root, &["--portable"]);
    let base = Url::parse("file:///site/").unwrap();
    let mut followed = 0;
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let from = base.join(path).unwrap();
        for link in links_of(std::str::from_utf8(bytes).unwrap()) {
            if link.starts_with('/') && !link.starts_with("//") {
                panic!("{path}: {link} is not relative to the file");
            }
            let url = from.join(&link).unwrap();
            let Some(target) = below(&base, &url) else {
                continue;
            };
            // From a folder a browser opens files, not folders.
            assert!(
                tree.contains_key(&target),
                "{path}: {link} leads to no file"
            );
            followed += 1;
        }
    }
    assert!(followed > 100, "{followed}");
    let page =
        std::str::from_utf8(&tree["competenties/werkt-samen-met-anderen/index.html"]).unwrap();
    for link in [
        "../plaatje.png",
        "../../bijlagen/folder.pdf",
        "../schrijft-helder/index.html",
    ] {
        assert!(links_of(page).iter().any(|l| l == link), "no {link}");
    }
}

#[cfg(feature = "serve")]
#[test]
fn the_preview_of_a_handbook_with_bundles_answers_every_link_and_image() {
    let (_dir, root) = bundles_handbook();
    let preview = Preview::start(&root);
    preview.wait_for_log(0, "Gebouwd");
    let base = Url::parse(&preview.url).unwrap();
    let mut seen = BTreeSet::from([String::new()]);
    let mut queue = VecDeque::from([String::new()]);
    let mut pages = 0;
    while let Some(path) = queue.pop_front() {
        let reply = preview.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "/{path}");
        let is_html = reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"));
        if !is_html {
            continue;
        }
        pages += 1;
        let from = base.join(&path).unwrap();
        for link in links_of(&reply.text()) {
            let url = from.join(&link).unwrap();
            let Some(target) = below(&base, &url) else {
                continue;
            };
            if seen.insert(target.clone()) {
                queue.push_back(target);
            }
        }
    }
    for (_, link) in EXPECTED {
        let link = link.split('#').next().unwrap();
        assert!(seen.contains(link), "the preview never linked to /{link}");
    }
    assert!(pages >= 8, "{pages}");
    let image = preview.get("/competenties/schrijft-helder/schets.png");
    assert_eq!(image.body, b"\x89PNG schets");

    // A new image next to the page, and a link to it: served once saved.
    write(
        &root,
        "content/competenties/schrijft-helder/nieuw.png",
        "nieuw",
    );
    let page = root.join("content/competenties/schrijft-helder/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n![Een nieuw plaatje](nieuw.png)\n")).unwrap();
    wait_until("the page shows the new image", || {
        let page = preview.get("/competenties/schrijft-helder/");
        let linked =
            links_of(&page.text()).contains(&"/competenties/schrijft-helder/nieuw.png".to_string());
        linked.then_some(()).ok_or_else(|| page.text())
    });
    let image = preview.get("/competenties/schrijft-helder/nieuw.png");
    assert_eq!((image.status, image.body), (200, b"nieuw".to_vec()));
}
