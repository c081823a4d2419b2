//! The default theme's pages, read with an HTML parser: what every page has,
//! the organisation's colour and logo, the accessibility statement, the
//! links to single examples and tips, the overviews without JavaScript, and
//! the weight of a page.

use std::collections::BTreeMap;

use scraper::{Html, Selector};

use crate::helpers::{build_ok, sample_root, starter, stderr, write};

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn html(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> Html {
    Html::parse_document(std::str::from_utf8(&tree[path]).unwrap())
}

fn sample() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let tree = build_ok(&sample_root(), &dir.path().join("public"));
    (dir, tree)
}

fn pages(tree: &BTreeMap<String, Vec<u8>>) -> impl Iterator<Item = (&String, Html)> {
    tree.keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p, html(tree, p)))
}

#[test]
fn every_page_has_the_landmarks_and_links_of_the_theme() {
    let (_dir, tree) = sample();
    for (path, page) in pages(&tree) {
        for css in [
            "a.skip-link[href='#inhoud']",
            "header.site-header nav.site-nav",
            "main#inhoud",
            "footer.site-footer",
            "link[rel=stylesheet][href='/bekwaam.css']",
            "script[src='/bekwaam.js'][defer]",
            "footer a[href='/toegankelijkheid/']",
            "footer a[href='/afdrukken/']",
        ] {
            assert_eq!(page.select(&sel(css)).count(), 1, "{path}: {css}");
        }
        assert_eq!(page.select(&sel("h1")).count(), 1, "{path}: one h1");
        // Nothing that a strict Content-Security-Policy would block.
        assert_eq!(
            page.select(&sel("script:not([src]), [style]")).count(),
            0,
            "{path}"
        );
        for element in page.select(&sel("*")) {
            let attributes = element.value().attrs();
            for (name, value) in attributes {
                assert!(!name.starts_with("on"), "{path}: {name}={value}");
                assert!(
                    !value.trim_start().starts_with("javascript:"),
                    "{path}: {name}"
                );
            }
        }
        // Images have alt text (empty for decoration).
        assert_eq!(page.select(&sel("img:not([alt])")).count(), 0, "{path}");
    }
}

#[test]
fn each_example_and_tip_has_a_link_to_itself() {
    let (_dir, tree) = sample();
    let mut checked = 0;
    for (path, page) in pages(&tree).filter(|(p, _)| p.starts_with("competenties/")) {
        for block in page.select(&sel(".tip, .example")) {
            let id = block
                .value()
                .attr("id")
                .or_else(|| {
                    block
                        .select(&sel("h3[id]"))
                        .next()
                        .and_then(|h| h.value().attr("id"))
                })
                .unwrap_or_else(|| panic!("{path}: a block without an id"));
            let share = block
                .select(&sel("a.share[data-share]"))
                .next()
                .unwrap_or_else(|| panic!("{path}#{id}: no link"));
            let href = share.value().attr("href").unwrap();
            let folder = path.trim_end_matches("index.html");
            assert_eq!(href, format!("/{folder}#{id}"), "{path}");
            let name: String = share.text().collect();
            assert!(
                name.starts_with("Link naar deze tip")
                    || name.starts_with("Link naar dit voorbeeld"),
                "{path}: {name}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 30 + 74);
}

#[test]
fn the_overviews_list_every_competency_without_javascript() {
    let (_dir, tree) = sample();
    for (path, item) in [
        ("alle-praktijktips/index.html", ".tip"),
        ("alle-voorbeelden/index.html", ".example"),
    ] {
        let page = html(&tree, path);
        let groups: Vec<_> = page.select(&sel(".overview .overview-group")).collect();
        assert_eq!(groups.len(), 10, "{path}");
        let jump: Vec<String> = page
            .select(&sel("nav.jump a"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        let ids: Vec<String> = groups
            .iter()
            .map(|g| {
                format!(
                    "#{}",
                    g.select(&sel("h2"))
                        .next()
                        .unwrap()
                        .value()
                        .attr("id")
                        .unwrap()
                )
            })
            .collect();
        assert_eq!(jump, ids, "{path}: the list of anchors names every group");
        for group in &groups {
            let label = group.value().attr("data-group").unwrap();
            let title: String = group.select(&sel("h2")).next().unwrap().text().collect();
            // The heading's number badge is hidden from screen readers.
            let title = title
                .trim()
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim();
            assert!(label.ends_with(&format!(". {title}")), "{label} / {title}");
        }
        let overview = page.select(&sel(".overview")).next().unwrap();
        assert_eq!(overview.value().attr("data-filter-items"), Some(item));
    }
}

#[test]
fn the_accessibility_statement_takes_the_organisations_part_from_the_config() {
    let (_dir, tree) = sample();
    let page = html(&tree, "toegankelijkheid/index.html");
    let text: String = page.select(&sel("main")).next().unwrap().text().collect();
    assert!(text.contains("Toegankelijkheidsverklaring"));
    assert!(text.contains("WCAG"));
    assert!(text.contains("Voorbeeldorganisatie Welzijn wil dat iedereen"));
    assert!(text.contains("Status B"));
    // The date as a reader writes it, not as config.toml does.
    assert!(text.contains("gemaakt op 29 november 2026."), "{text}");
    assert!(!text.contains("2026-11-29"), "{text}");
    // With a contact the statement may promise an answer.
    assert!(
        text.contains("Je krijgt binnen twee weken antwoord."),
        "{text}"
    );
    // What was tested, in words a reader knows.
    assert!(!text.contains("axe"), "{text}");
    let mail = page.select(&sel("main a[href^='mailto:']")).next().unwrap();
    assert_eq!(
        mail.value().attr("href"),
        Some("mailto:toegankelijkheid@welzijn.example")
    );
    // The sitemap (only with a full base_url) names the statement too.
    let sitemap_dir = tempfile::tempdir().unwrap();
    let out = sitemap_dir.path().join("public");
    let result = crate::helpers::build(
        &sample_root(),
        &out,
        &["--base-url", "https://intranet.example.nl/"],
    );
    assert!(result.status.success(), "{}", stderr(&result));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://intranet.example.nl/toegankelijkheid/</loc>"));

    // Without an [accessibility] table the statement names the handbook
    // and leaves out what only the organisation can say.
    let (dir, root) = starter();
    let tree = build_ok(&root, &dir.path().join("public"));
    let page = html(&tree, "toegankelijkheid/index.html");
    let text: String = page.select(&sel("main")).next().unwrap().text().collect();
    assert!(!text.contains("Status"), "{text}");
    assert!(!text.contains("gemaakt op"), "{text}");
    assert_eq!(page.select(&sel("main a[href^='mailto:']")).count(), 0);
    // Nobody to answer, so no answer is promised; the reader learns where
    // to go instead.
    assert!(!text.contains("binnen twee weken"), "{text}");
    assert!(text.contains("We willen dat iedereen"), "{text}");
    assert!(
        text.contains("Meld het bij de organisatie die dit handboek maakt. In deze verklaring staat nog geen adres voor meldingen."),
        "{text}"
    );
}

/// `[accessibility]` without `contact` is a warning at the table, with
/// `--deny-warnings` a failed check; the statement promises nothing and
/// names the organisation.
#[test]
fn an_accessibility_table_without_contact_is_a_warning_and_promises_nothing() {
    let (dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = format!(
        "{config}\n[branding]\norganisation = \"Gemeente Voorbeeld\"\n\n[accessibility]\ndate = 2026-03-01\n"
    );
    let line = config.lines().position(|l| l == "[accessibility]").unwrap() + 1;
    write(&root, "config.toml", &config);

    let out = dir.path().join("public");
    let built = crate::helpers::build(&root, &out, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let warning = format!(
        "config.toml:{line}:2: warning: `[accessibility]` heeft geen `contact`: lezers van de toegankelijkheidsverklaring weten niet waar ze een probleem kunnen melden"
    );
    assert!(stderr(&built).contains(&warning), "{}", stderr(&built));
    let page = html(
        &crate::helpers::read_tree(&out),
        "toegankelijkheid/index.html",
    );
    let text: String = page.select(&sel("main")).next().unwrap().text().collect();
    assert!(!text.contains("binnen twee weken"), "{text}");
    assert!(
        text.contains("Gemeente Voorbeeld wil dat iedereen"),
        "{text}"
    );
    assert!(
        text.contains("Meld het bij Gemeente Voorbeeld, de organisatie die dit handboek maakt."),
        "{text}"
    );
    assert!(text.contains("gemaakt op 1 maart 2026."), "{text}");

    let root_arg = root.to_str().unwrap();
    let checked = crate::helpers::bekwaam(&["--root", root_arg, "check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(stderr(&checked).contains(&warning), "{}", stderr(&checked));
    let denied = crate::helpers::bekwaam(&["--root", root_arg, "check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    assert!(stderr(&denied).contains(&warning), "{}", stderr(&denied));

    // A contact ends the warning.
    write(
        &root,
        "config.toml",
        config.replace(
            "\n[accessibility]\n",
            "\n[accessibility]\ncontact = \"https://voorbeeld.nl/melden\"\n",
        ),
    );
    let denied = crate::helpers::bekwaam(&["--root", root_arg, "check", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(0), "{}", stderr(&denied));
}

/// The breadcrumb speaks to the reader as the rest of the site does: *je*.
#[test]
fn the_breadcrumb_says_je_bent_hier() {
    let (_dir, tree) = sample();
    let mut seen = 0;
    for (path, page) in pages(&tree) {
        for nav in page.select(&sel("nav.breadcrumb")) {
            assert_eq!(
                nav.value().attr("aria-label"),
                Some("Je bent hier"),
                "{path}"
            );
            seen += 1;
        }
    }
    assert!(seen > 10, "only {seen} breadcrumbs");
}

#[test]
fn the_organisations_colour_and_logo_come_from_the_config() {
    let (dir, root) = starter();
    let tree = build_ok(&root, &dir.path().join("zonder"));
    assert!(!tree.contains_key("huisstijl.css"));
    assert_eq!(
        html(&tree, "index.html")
            .select(&sel("link[href='/huisstijl.css'], .site-logo"))
            .count(),
        0
    );

    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        format!(
            "{config}\n[branding]\ncolor = \"#7a1f5c\"\nlogo = \"img/logo.svg\"\norganisation = \"Gemeente Voorbeeld\"\n"
        ),
    );
    write(
        &root,
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let tree = build_ok(&root, &dir.path().join("met"));
    assert_eq!(
        String::from_utf8(tree["huisstijl.css"].clone())
            .unwrap()
            .lines()
            .last(),
        Some(":root { --brand: #7a1f5c; }")
    );
    for (path, page) in pages(&tree) {
        assert_eq!(
            page.select(&sel("link[rel=stylesheet][href='/huisstijl.css']"))
                .count(),
            1,
            "{path}"
        );
        let logo = page
            .select(&sel("header .site-title img.site-logo"))
            .next()
            .unwrap();
        assert_eq!(logo.value().attr("src"), Some("/img/logo.svg"));
        assert_eq!(
            logo.value().attr("alt"),
            Some(""),
            "the title beside it names the link"
        );
        let footer: String = page.select(&sel("footer")).next().unwrap().text().collect();
        assert!(footer.contains("Gemeente Voorbeeld"), "{path}");
    }

    // A colour white text cannot be read on, and a logo that is not there.
    let out = dir.path().join("met");
    let before = crate::helpers::read_tree(&out);
    write(
        &root,
        "config.toml",
        format!("{config}\n[branding]\ncolor = \"#f4d03f\"\n"),
    );
    let result = crate::helpers::build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    let message = stderr(&result);
    assert!(message.contains("config.toml:"), "{message}");
    assert!(message.contains("contrast"), "{message}");
    write(
        &root,
        "config.toml",
        format!("{config}\n[branding]\nlogo = \"img/ontbreekt.svg\"\n"),
    );
    let result = crate::helpers::build(&root, &out, &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("img/ontbreekt.svg"),
        "{}",
        stderr(&result)
    );
    assert_eq!(crate::helpers::read_tree(&out), before);
}

#[test]
fn a_competency_page_with_its_css_and_js_weighs_under_50_kb() {
    let (_dir, tree) = sample();
    // (The search script and its index load only when someone searches.)
    let assets = tree["bekwaam.css"].len() + tree["bekwaam.js"].len();
    let heaviest = tree
        .iter()
        .filter(|(p, _)| p.starts_with("competenties/") && p.matches('/').count() == 2)
        .map(|(p, b)| (b.len() + assets, p))
        .max()
        .unwrap();
    assert!(
        heaviest.0 < 50 * 1024,
        "{} weighs {} bytes",
        heaviest.1,
        heaviest.0
    );
}

/// Every page links the theme's icon, and the icon is in the output: from
/// a server and, with `--portable`, from a folder; `[branding] favicon`
/// replaces it. Browsers that find the link do not ask for /favicon.ico.
#[test]
fn every_page_links_an_icon_that_is_in_the_output() {
    let (_dir, tree) = sample();
    let icon = &tree["favicon.svg"];
    assert!(std::str::from_utf8(icon).unwrap().starts_with("<svg"));
    let mut seen = 0;
    for (path, page) in pages(&tree) {
        let links: Vec<_> = page.select(&sel("head link[rel=icon]")).collect();
        assert_eq!(links.len(), 1, "{path}");
        assert_eq!(
            links[0].value().attr("href"),
            Some("/favicon.svg"),
            "{path}"
        );
        assert_eq!(
            links[0].value().attr("type"),
            Some("image/svg+xml"),
            "{path}"
        );
        seen += 1;
    }
    assert!(seen > 10);

    // Portable: the link is relative to the page, and leads to the icon.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let built = crate::helpers::build(&sample_root(), &out, &["--portable"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let tree = crate::helpers::read_tree(&out);
    for (path, page) in pages(&tree) {
        let href = page
            .select(&sel("head link[rel=icon]"))
            .next()
            .and_then(|l| l.value().attr("href"))
            .unwrap_or_else(|| panic!("{path}: no icon"))
            .to_string();
        let folder = std::path::Path::new(path.as_str()).parent().unwrap();
        let target = out.join(folder).join(&href).canonicalize();
        assert_eq!(
            target.ok(),
            out.join("favicon.svg").canonicalize().ok(),
            "{path}: {href}"
        );
    }

    // The organisation's own icon.
    let (dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        format!("{config}\n[branding]\nfavicon = \"img/icoon.png\"\n"),
    );
    write(
        &root,
        "static/img/icoon.png",
        b"\x89PNG\r\n\x1a\n".as_slice(),
    );
    let tree = build_ok(&root, &dir.path().join("public"));
    let page = html(&tree, "index.html");
    let link = page.select(&sel("head link[rel=icon]")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("/img/icoon.png"));
    assert_eq!(link.value().attr("type"), Some("image/png"));
    assert!(tree.contains_key("img/icoon.png"));
}
