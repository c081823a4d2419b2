//! `bekwaam serve`: the preview server over real HTTP, against a temporary
//! copy of the sample handbook that the tests edit while it runs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::helpers::{DEADLINE, bekwaam, build, read_tree, sample_copy, stderr, wait_until, write};
use crate::preview::{Event, Events, Preview, SCRIPT_TAG, status_of};

const WAIT: Duration = DEADLINE;
const COMPETENCY: &str = "content/competenties/verheldert-vragen-en-behoeften.md";
const PAGE: &str = "/competenties/verheldert-vragen-en-behoeften/";
/// Another competency: a change to it is the later, distinguishable change
/// that tests wait for before they check that something did not happen.
const MARKER: &str = "content/competenties/werkt-samen-en-versterkt-netwerken.md";
const MARKER_PAGE: &str = "/competenties/werkt-samen-en-versterkt-netwerken/index.html";

/// A temporary copy of the sample handbook, with a running preview.
fn sample_preview() -> (tempfile::TempDir, PathBuf, Preview) {
    let (dir, root) = sample_copy();
    let preview = Preview::start(&root);
    (dir, root, preview)
}

fn append(root: &Path, path: &str, text: &str) {
    let mut current = std::fs::read_to_string(root.join(path)).unwrap();
    current.push_str(text);
    std::fs::write(root.join(path), current).unwrap();
}

/// Adds a sentence to [`MARKER`] and returns every event up to and including
/// its reload. The watcher hands changes on in order, so by then everything
/// written before has been handled (or goes in the marker's own rebuild).
fn mark(root: &Path, events: &mut Events, sentence: &str) -> Vec<Event> {
    append(root, MARKER, &format!("\n{sentence}\n"));
    events.until("the marker's reload", is_marker_reload)
}

fn is_marker_reload(event: &Event) -> bool {
    event.name == "reload"
        && event.json()["pages"]
            .as_array()
            .is_some_and(|pages| pages.iter().any(|p| p == MARKER_PAGE))
}

/// The lines of `log` that are not about [`MARKER`].
fn without_marker(log: &str) -> String {
    let marker = MARKER.rsplit('/').next().unwrap_or(MARKER);
    log.lines()
        .filter(|line| !line.contains(marker))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn replace(root: &Path, path: &str, from: &str, to: &str) {
    let current = std::fs::read_to_string(root.join(path)).unwrap();
    assert!(current.contains(from), "{path} has no `{from}`");
    std::fs::write(root.join(path), current.replacen(from, to, 1)).unwrap();
}

#[test]
fn serves_the_site_from_memory_with_the_preview_script() {
    let (_dir, root, preview) = sample_preview();
    let home = preview.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-cache"));
    let html = home.text();
    assert_eq!(html.matches(SCRIPT_TAG).count(), 1);
    assert!(html.find(SCRIPT_TAG) < html.find("</head>"));
    let script = preview.get("/__bekwaam/live.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));
    assert!(
        script
            .header("content-type")
            .unwrap()
            .contains("javascript"),
        "{:?}",
        script.headers
    );
    for (path, kind) in [
        ("/bekwaam.css", "text/css; charset=utf-8"),
        ("/img/tien-competenties.svg", "image/svg+xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/handboek.json", "application/json; charset=utf-8"),
    ] {
        let reply = preview.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(kind), "{path}");
        assert!(!reply.text().contains(SCRIPT_TAG), "{path}");
    }
    // A folder without its slash is redirected; a missing page is the 404 page.
    let folder = preview.get("/competenties");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/competenties/"));
    let missing = preview.get("/bestaat-niet/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Pagina niet gevonden"));
    // No listing of a folder without a page.
    assert_eq!(preview.get("/img/").status, 404);
    // serve never writes the site to disk.
    assert!(!root.join("public").exists());
}

#[test]
fn etags_answer_304_until_the_page_changes() {
    let (_dir, root, preview) = sample_preview();
    let first = preview.get(PAGE);
    let etag = first.header("etag").unwrap().to_string();
    let again = preview.request(PAGE, &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    let mut events = preview.events();
    append(&root, COMPETENCY, "\nEen zin die net is toegevoegd.\n");
    events.wait_for("reload", WAIT);
    let changed = preview.request(PAGE, &[("If-None-Match", &etag)]);
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag").unwrap(), etag);
    assert!(changed.text().contains("Een zin die net is toegevoegd."));
}

#[test]
fn head_requests_get_headers_only() {
    let (_dir, _root, preview) = sample_preview();
    let answer = preview.raw(
        format!(
            "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            preview.port
        )
        .as_bytes(),
    );
    let text = String::from_utf8_lossy(&answer);
    assert_eq!(status_of(&answer), Some(200), "{text}");
    let length: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(length > 1000);
    assert!(text.ends_with("\r\n\r\n"), "a body was sent: {text}");
}

#[test]
fn edits_additions_and_deletions_reach_the_browser() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();

    // An edit to the text of one competency: that page and the overviews.
    append(&root, COMPETENCY, "\nDeze zin is nieuw in de preview.\n");
    let change = events.wait_for("reload", WAIT).json();
    let pages: Vec<&str> = change["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(
        pages.contains(&format!("{PAGE}index.html").as_str()),
        "{pages:?}"
    );
    assert!(
        pages.contains(&"/alle-voorbeelden/index.html") || pages.contains(&"/afdrukken/index.html")
    );
    assert!(
        !pages.contains(&"/index.html"),
        "the home page shows no body text: {pages:?}"
    );
    assert!(
        preview
            .get(PAGE)
            .text()
            .contains("Deze zin is nieuw in de preview.")
    );
    assert!(
        preview
            .get("/afdrukken/")
            .text()
            .contains("Deze zin is nieuw in de preview.")
    );

    // A new competency appears on the home page, with its own page.
    write(
        &root,
        "content/competenties/werkt-met-digitale-middelen.md",
        "+++\ntitle = \"Werkt met digitale middelen\"\nsummary = \"Gebruikt apps en beeldbellen waar dat helpt.\"\nweight = 11\n+++\n\nTekst.\n\n## Voorbeelden\n\n### Beeldbellen met een mantelzorger\n\nVerhaal.\n\n## Praktijktips\n\n- **Vraag eerst** of beeldbellen past.\n",
    );
    events.wait_for("reload", WAIT);
    assert!(
        preview
            .get("/")
            .text()
            .contains("Werkt met digitale middelen")
    );
    let new_page = preview.get("/competenties/werkt-met-digitale-middelen/");
    assert_eq!(new_page.status, 200);
    assert!(new_page.text().contains("Beeldbellen met een mantelzorger"));

    // A new folder with a page in it.
    write(
        &root,
        "content/extra/uitleg.md",
        "+++\ntitle = \"Uitleg\"\n+++\n\nHier staat uitleg.\n",
    );
    events.wait_for("reload", WAIT);
    assert!(
        preview
            .get("/extra/uitleg/")
            .text()
            .contains("Hier staat uitleg.")
    );

    // Deleting both again.
    std::fs::remove_file(root.join("content/competenties/werkt-met-digitale-middelen.md")).unwrap();
    events.wait_for("reload", WAIT);
    assert!(
        !preview
            .get("/")
            .text()
            .contains("Werkt met digitale middelen")
    );
    assert_eq!(
        preview
            .get("/competenties/werkt-met-digitale-middelen/")
            .status,
        404
    );
    std::fs::remove_dir_all(root.join("content/extra")).unwrap();
    events.wait_for("reload", WAIT);
    assert_eq!(preview.get("/extra/uitleg/").status, 404);

    // The terminal says what happened, one line per rebuild.
    let log = preview.log();
    assert!(
        log.contains(
            "verheldert-vragen-en-behoeften.md: 1 pagina en de overzichten opnieuw gemaakt"
        ),
        "{log}"
    );
    assert!(log.contains(" ms)"), "{log}");
    assert!(!root.join("public").exists());
}

#[test]
fn a_style_sheet_change_swaps_styles_without_a_reload() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();
    write(
        &root,
        "static/bekwaam.css",
        "body { color: rebeccapurple; }\n",
    );
    let change = events.wait_for("reload", WAIT).json();
    assert_eq!(change["pages"], serde_json::json!([]));
    assert_eq!(change["styles"], serde_json::json!(["/bekwaam.css"]));
    assert_eq!(change["assets"], false);
    assert!(preview.get("/bekwaam.css").text().contains("rebeccapurple"));
}

#[test]
fn a_broken_front_matter_shows_the_overlay_and_keeps_the_last_good_page() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();
    let good = preview.get(PAGE).text();
    let original = std::fs::read_to_string(root.join(COMPETENCY)).unwrap();

    // A front matter that does not parse, with markup in the wrong place.
    let broken = original.replacen(
        "+++\n",
        "+++\n<img src=x onerror=alert(1)> = \"<b>vet</b>\n",
        1,
    );
    std::fs::write(root.join(COMPETENCY), &broken).unwrap();
    let report = events.wait_for("problems", WAIT).json();
    // One problem: pages that link to the broken one are not blamed too.
    assert_eq!(report["problems"].as_array().unwrap().len(), 1, "{report}");
    let first = &report["problems"][0];
    let place = first["place"].as_str().unwrap();
    assert!(
        place.starts_with("content/competenties/verheldert-vragen-en-behoeften.md:2:"),
        "{report}"
    );
    assert!(report["title"].as_str().unwrap().contains("niet gebouwd"));
    // The payload is JSON text; the script puts it in text nodes only.
    let script = preview.get("/__bekwaam/live.js").text();
    assert!(
        !script.contains("innerHTML")
            && !script.contains("insertAdjacentHTML")
            && !script.contains("document.write")
    );
    assert!(script.contains("role\", \"alert\""));
    // The last good page is still served, and a tab opened now gets the overlay.
    assert_eq!(preview.get(PAGE).text(), good);
    let mut late = preview.events();
    late.wait_for("problems", WAIT);
    assert!(
        preview
            .log()
            .contains("verheldert-vragen-en-behoeften.md:2:"),
        "{}",
        preview.log()
    );

    // Fixed (with a change to the text): the overlay gives way to a reload.
    std::fs::write(
        root.join(COMPETENCY),
        original.clone() + "\nHersteld en aangevuld.\n",
    )
    .unwrap();
    let change = events.wait_for("reload", WAIT).json();
    assert_eq!(change["fixed"], true);
    assert!(preview.get(PAGE).text().contains("Hersteld en aangevuld."));
    assert!(preview.log().contains("weer in orde"), "{}", preview.log());
}

#[test]
fn a_content_edit_made_while_a_template_is_broken_shows_once_it_is_fixed() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();
    write(
        &root,
        "templates/competency.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title }",
    );
    events.wait_for("problems", WAIT);
    append(
        &root,
        COMPETENCY,
        "\nGeschreven terwijl de template stuk was.\n",
    );
    events.wait_for("problems", WAIT);
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    let change = events.wait_for("reload", WAIT).json();
    assert_eq!(change["fixed"], true);
    assert!(
        preview
            .get(PAGE)
            .text()
            .contains("Geschreven terwijl de template stuk was.")
    );
}

#[test]
fn the_first_build_may_fail_and_the_preview_waits_for_a_fix() {
    let (_dir, root) = sample_copy();
    replace(&root, COMPETENCY, "title = ", "titel = ");
    let preview = Preview::start(&root);
    let waiting = preview.get("/");
    assert_eq!(waiting.status, 503);
    assert!(waiting.text().contains(SCRIPT_TAG));
    let mut events = preview.events();
    events.wait_for("problems", WAIT);
    replace(&root, COMPETENCY, "titel = ", "title = ");
    events.wait_for("reload", WAIT);
    assert_eq!(preview.get("/").status, 200);
}

#[test]
fn one_save_by_an_editor_gives_one_rebuild() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();
    let target = root.join(COMPETENCY);
    let text =
        std::fs::read_to_string(&target).unwrap() + "\nOpgeslagen zoals een editor dat doet.\n";
    // Like vim and many editors: a swap file, a backup, a new file renamed
    // over the original, and a second write of the same bytes.
    let dir = target.parent().unwrap();
    std::fs::write(dir.join(".verheldert-vragen-en-behoeften.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("verheldert-vragen-en-behoeften.md~"), "backup").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    let temporary = dir.join(".verheldert.tmp");
    std::fs::write(&temporary, &text).unwrap();
    std::fs::rename(&temporary, &target).unwrap();
    std::fs::write(&target, &text).unwrap();
    // The save's own reload, then a later change as a marker: nothing
    // between the two may be a reload (the marker's own reload is not
    // counted; a late part of the save may go in it).
    let mut seen = events.until("the save's reload", |e| e.name == "reload");
    seen.extend(mark(&root, &mut events, "Daarna een ander bestand."));
    seen.pop();
    let reloads = seen.iter().filter(|e| e.name == "reload").count();
    assert_eq!(reloads, 1, "{seen:?}\n{}", preview.log());
    assert!(
        preview
            .get(PAGE)
            .text()
            .contains("Opgeslagen zoals een editor dat doet.")
    );
    // One line in the terminal, and the leftovers are not part of the site.
    let log = without_marker(&preview.log());
    assert_eq!(
        log.matches("verheldert-vragen-en-behoeften.md").count(),
        1,
        "{log}"
    );
    assert!(!log.contains(".swp") && !log.contains("4913"), "{log}");
}

#[test]
fn the_second_write_of_a_save_adds_no_line_even_when_it_comes_late() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();
    let target = root.join(COMPETENCY);
    let text = std::fs::read_to_string(&target).unwrap() + "\nTwee keer geschreven.\n";
    let temporary = target.with_file_name(".verheldert.tmp");
    std::fs::write(&temporary, &text).unwrap();
    std::fs::rename(&temporary, &target).unwrap();
    // What a busy machine does to an editor's save: its second write lands
    // in a rebuild of its own (written once the first rebuild is done).
    let seen = events.until("the save's reload", |e| e.name == "reload");
    assert_eq!(seen.iter().filter(|e| e.name == "reload").count(), 1);
    std::fs::write(&target, &text).unwrap();
    // Saved again without an edit, after a quiet spell longer than the
    // preview's echo window (1 s after the first save's line, which came
    // before its reload): the editor hears that the save was seen and
    // changed nothing. This pause is part of the scenario, not a wait.
    std::thread::sleep(Duration::from_millis(1500));
    let name = "verheldert-vragen-en-behoeften.md";
    let before = preview.log().len();
    std::fs::write(&target, &text).unwrap();
    preview.wait_for_log(before, &format!("{name}: niets veranderd"));
    // A later change as a marker: no reload came for the two writes of
    // the same bytes, and the second write added no line.
    let mut seen = mark(&root, &mut events, "Daarna een ander bestand.");
    seen.pop();
    assert!(seen.iter().all(|e| e.name != "reload"), "{seen:?}");
    let log = without_marker(&preview.log());
    assert_eq!(log.matches(name).count(), 2, "{log}");
}

#[test]
fn answers_after_a_quiet_spell_and_closes_each_connection() {
    let (_dir, _root, preview) = sample_preview();
    // No timeout on the listening socket: a receive timeout there would also
    // time out `accept`, and tiny_http stops accepting at the first error.
    std::thread::sleep(Duration::from_secs(3));
    let reply = preview.get("/");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("connection"), Some("close"));
    // Many pages opened at once (a browser opens six connections) are all
    // answered, none left waiting in tiny_http's queue.
    let threads: Vec<_> = (0..24)
        .map(|i| {
            let path = ["", "bekwaam.css", "bekwaam.js", "bekwaam-zoek.js"][i % 4];
            let url = format!("{}{path}", preview.url);
            std::thread::spawn(move || {
                // Like a browser: the connection ends with the response.
                let agent = ureq::Agent::config_builder()
                    .timeout_global(Some(Duration::from_secs(25)))
                    .build()
                    .new_agent();
                let started = std::time::Instant::now();
                let status = agent.get(&url).call().map(|r| r.status().as_u16());
                (status.ok(), started.elapsed())
            })
        })
        .collect();
    for thread in threads {
        let (status, took) = thread.join().unwrap();
        assert_eq!(status, Some(200));
        // A request left waiting in the queue is not answered before the
        // agent gives up (25 s); a slow machine answers well within 20 s.
        assert!(took < Duration::from_secs(20), "a request waited {took:?}");
    }
}

#[test]
fn refuses_a_port_that_is_taken() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = crate::helpers::sample_root();
    let result = bekwaam(&["--root", root.to_str().unwrap(), "serve", "-p", &port]);
    assert_eq!(result.status.code(), Some(1));
    let message = stderr(&result);
    assert!(
        message.contains(&format!("poort {port} is al in gebruik")),
        "{message}"
    );
    assert!(message.contains("-p 0"), "{message}");
}

#[test]
fn refuses_other_host_names_while_on_loopback() {
    let (_dir, _root, preview) = sample_preview();
    for host in ["evil.example", "evil.example:1111", "127.0.0.1.nip.io"] {
        let answer = preview
            .raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert_eq!(status_of(&answer), Some(403), "{host}");
    }
    for host in [
        format!("localhost:{}", preview.port),
        format!("127.0.0.1:{}", preview.port),
        format!("[::1]:{}", preview.port),
    ] {
        let answer = preview
            .raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert_eq!(status_of(&answer), Some(200), "{host}");
    }
}

/// Files placed where a traversal would find them; no answer may hold them.
const SECRET: &str = "GEHEIM-3f9a1c";

#[test]
fn traversal_and_malformed_requests_are_refused() {
    let (dir, root) = sample_copy();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    let preview = Preview::start(&root);
    let host = format!("Host: 127.0.0.1:{}", preview.port);
    let get =
        |target: &str| format!("GET {target} HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n");
    let long_header = format!(
        "GET / HTTP/1.1\r\n{host}\r\nX-Lang: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(20_000)
    );
    let cases: Vec<(String, &[u16])> = vec![
        (get("/../secret.txt"), &[404]),
        (get("/../../../../../../etc/passwd"), &[404]),
        (get("/%2e%2e/secret.txt"), &[404]),
        (get("/%2E%2E/secret.txt"), &[404]),
        (get("/.%2e/secret.txt"), &[404]),
        (get("/%2e%2e%2fsecret.txt"), &[404]),
        (get("/..%2fsecret.txt"), &[404]),
        (get("/..%5csecret.txt"), &[404]),
        (get("/..\\secret.txt"), &[404]),
        (get("/%252e%252e/secret.txt"), &[404]),
        (get("/%25252e%25252e/secret.txt"), &[404]),
        (get("/competenties/../../secret.txt"), &[404]),
        (get("/./secret.txt"), &[404]),
        (get("//secret.txt"), &[404]),
        (get("/secret.txt"), &[404]),
        (get("/config.toml"), &[404]),
        (get("/content/_index.md"), &[404]),
        (get("/c:/windows/win.ini"), &[404]),
        (get("/index.html%00.txt"), &[400]),
        (get("/%00"), &[400]),
        (get("/%c0%ae%c0%ae/secret.txt"), &[400]),
        (get("http://127.0.0.1/secret.txt"), &[400]),
        (get("*"), &[400]),
        (get("secret.txt"), &[400]),
        (
            format!("POST / HTTP/1.1\r\n{host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            &[405],
        ),
        (
            format!(
                "PUT /secret.txt HTTP/1.1\r\n{host}\r\nContent-Length: 6\r\nConnection: close\r\n\r\ngeheim"
            ),
            &[405],
        ),
        (
            format!("DELETE / HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"),
            &[405],
        ),
        (
            format!("OPTIONS * HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"),
            &[405],
        ),
        (
            format!("BREW /pot HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n"),
            &[400, 405],
        ),
        ("GARBAGE\r\n\r\n".to_string(), &[400]),
        (
            "GET / HTTP/1.1\r\nno colon here\r\n\r\n".to_string(),
            &[400],
        ),
        (
            "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
            &[400],
        ),
        (long_header, &[431]),
    ];
    assert!(cases.len() >= 20);
    for (request, expected) in &cases {
        let answer = preview.raw(request.as_bytes());
        let status = status_of(&answer);
        let shown = request.chars().take(80).collect::<String>();
        assert!(
            status.is_some_and(|s| expected.contains(&s)),
            "{shown:?}: got {status:?}, expected {expected:?}:\n{}",
            String::from_utf8_lossy(&answer)
        );
        assert!(
            !String::from_utf8_lossy(&answer).contains(SECRET),
            "{shown:?} leaked the secret"
        );
    }
    // After all that, the server still answers.
    assert_eq!(preview.get("/").status, 200);
}

#[test]
fn generated_paths_never_reach_outside_the_site() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let (dir, root) = sample_copy();
    std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    std::fs::write(root.join("secret.txt"), SECRET).unwrap();
    let preview = Preview::start(&root);

    let segment = prop_oneof![
        Just("..".to_string()),
        Just(".".to_string()),
        Just("%2e%2e".to_string()),
        Just("%2E.".to_string()),
        Just("%252e%252e".to_string()),
        Just("..%2f".to_string()),
        Just("..%5c".to_string()),
        Just("..\\".to_string()),
        Just("%2f".to_string()),
        Just("%00".to_string()),
        Just("%c0%ae".to_string()),
        Just("secret.txt".to_string()),
        Just("config.toml".to_string()),
        Just("competenties".to_string()),
        Just("index.html".to_string()),
        Just(String::new()),
        "[a-z%.]{1,6}",
    ];
    let path =
        proptest::collection::vec(segment, 1..8).prop_map(|parts| format!("/{}", parts.join("/")));
    let mut runner = TestRunner::new(Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    });
    let host = format!("Host: 127.0.0.1:{}", preview.port);
    runner
        .run(&path, |path| {
            let answer = preview.raw(
                format!("GET {path} HTTP/1.1\r\n{host}\r\nConnection: close\r\n\r\n").as_bytes(),
            );
            let status = status_of(&answer);
            prop_assert!(
                matches!(status, Some(200 | 301 | 400 | 404)),
                "{path}: {status:?}"
            );
            prop_assert!(
                !String::from_utf8_lossy(&answer).contains(SECRET),
                "{path} leaked the secret"
            );
            Ok(())
        })
        .unwrap();
}

#[test]
fn clients_that_vanish_or_stay_cost_nothing() {
    let (_dir, root, preview) = sample_preview();
    // Hang up in the middle of a large page, many times.
    for _ in 0..50 {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
        use std::io::{Read, Write};
        write!(
            stream,
            "GET /afdrukken/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            preview.port
        )
        .unwrap();
        let mut some = [0u8; 100];
        let _ = stream.read(&mut some);
    }
    // Event streams that stay open, up to the limit; one more is refused.
    let mut open: Vec<Events> = (0..bekwaam::serve::MAX_CLIENTS - 1)
        .map(|_| preview.events())
        .collect();
    let mut last = preview.events();
    let over = preview.raw(
        format!(
            "GET /__bekwaam/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            preview.port
        )
        .as_bytes(),
    );
    assert_eq!(
        status_of(&over),
        Some(503),
        "{}",
        String::from_utf8_lossy(&over)
    );
    // Every open stream hears about a change.
    append(&root, COMPETENCY, "\nVoor iedereen.\n");
    for events in open.iter_mut().chain([&mut last]) {
        events.wait_for("reload", WAIT);
    }
    // Closed tabs are noticed at the next messages and free their places.
    drop(open);
    append(&root, COMPETENCY, "\nNog een keer.\n");
    last.wait_for("reload", WAIT);
    let mut again = preview.events();
    append(&root, COMPETENCY, "\nEn nog een keer.\n");
    again.wait_for("reload", WAIT);
    assert_eq!(preview.get("/").status, 200);
}

/// A small deterministic random number generator for the edit sequences.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_edit_sequences_end_with_what_build_writes() {
    for seed in [0x5eed_0001_u64, 0x5eed_0002, 0x5eed_0003] {
        random_edits(seed);
    }
}

fn random_edits(seed: u64) {
    let (dir, root, preview) = sample_preview();
    let events = preview.events();
    let mut rng = Rng(seed);
    let sample_competencies: Vec<String> = std::fs::read_dir(root.join("content/competenties"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "_index.md")
        .map(|n| format!("content/competenties/{n}"))
        .collect();
    let mut added: Vec<String> = Vec::new();
    let mut ever: Vec<String> = Vec::new();
    for step in 0..16 {
        match rng.below(9) {
            0 => {
                let file = &sample_competencies[rng.below(sample_competencies.len())];
                append(
                    &root,
                    file,
                    &format!("\nZin {step} van de reeks {seed:x}.\n"),
                );
            }
            1 => {
                let file = &sample_competencies[rng.below(sample_competencies.len())];
                let text = std::fs::read_to_string(root.join(file)).unwrap();
                let text = text.replacen("title = \"", &format!("title = \"{step} "), 1);
                std::fs::write(root.join(file), text).unwrap();
            }
            2 => {
                let file = &sample_competencies[rng.below(sample_competencies.len())];
                let text = std::fs::read_to_string(root.join(file)).unwrap();
                let weight = rng.below(12);
                let text: Vec<String> = text
                    .lines()
                    .map(|line| match line.starts_with("weight = ") {
                        true => format!("weight = {weight}"),
                        false => line.to_string(),
                    })
                    .collect();
                std::fs::write(root.join(file), text.join("\n") + "\n").unwrap();
            }
            3 | 4 => {
                let name = format!("content/competenties/nieuw-{seed:x}-{step}.md");
                write(
                    &root,
                    &name,
                    format!(
                        "+++\ntitle = \"Nieuw {step}\"\nweight = {}\n+++\n\nTekst {step}.\n\n## Voorbeelden\n\n### Voorbeeld {step}\n\nVerhaal.\n\n## Praktijktips\n\n- **Tip {step}.** Doe het.\n",
                        rng.below(20)
                    ),
                );
                ever.push(name.clone());
                added.push(name);
            }
            5 if !added.is_empty() => {
                let name = added.remove(rng.below(added.len()));
                std::fs::remove_file(root.join(&name)).unwrap();
            }
            6 => {
                write(
                    &root,
                    "static/extra.css",
                    format!("p {{ margin: {step}px; }}\n"),
                );
            }
            7 => {
                // Broken and fixed again in one burst.
                let file = &sample_competencies[rng.below(sample_competencies.len())];
                let good = std::fs::read_to_string(root.join(file)).unwrap();
                std::fs::write(
                    root.join(file),
                    good.replacen("+++\n", "+++\nkapot = \n", 1),
                )
                .unwrap();
                std::thread::sleep(Duration::from_millis(rng.below(60) as u64));
                std::fs::write(root.join(file), good).unwrap();
            }
            _ if !added.is_empty() => {
                let at = rng.below(added.len());
                let name = format!("content/competenties/hernoemd-{seed:x}-{step}.md");
                std::fs::rename(root.join(&added[at]), root.join(&name)).unwrap();
                ever.push(name.clone());
                added[at] = name;
            }
            _ => {
                write(
                    &root,
                    &format!("content/notitie-{step}.md"),
                    format!("+++\ntitle = \"Notitie {step}\"\n+++\n\nNotitie.\n"),
                );
            }
        }
        // Sometimes right after each other, sometimes during a rebuild,
        // sometimes after it.
        std::thread::sleep(Duration::from_millis([0, 5, 15, 40, 120][rng.below(5)]));
    }
    drop(events);

    let out = dir.path().join("gebouwd");
    let result = build(&root, &out, &["--base-url", &preview.url]);
    assert!(
        result.status.success(),
        "seed {seed:x}: {}",
        stderr(&result)
    );
    let built = read_tree(&out);
    // The preview catches up in the background (rebuilds, then the search
    // index): wait until it serves what the build wrote.
    wait_until(
        &format!("seed {seed:x}: the preview serves the build"),
        || serves_the_build(&preview, &built, &ever),
    );
}

/// Whether `preview` serves every file of `built` as it is, and none of the
/// pages in `ever` that `built` lacks; if not, the first difference.
fn serves_the_build(
    preview: &Preview,
    built: &BTreeMap<String, Vec<u8>>,
    ever: &[String],
) -> Result<(), String> {
    // The marker of a written site is no file of the site.
    for (path, bytes) in built.iter().filter(|(path, _)| *path != ".bekwaam") {
        let reply = preview.get(&format!("/{path}"));
        if reply.status != 200 {
            return Err(format!("/{path}: status {}", reply.status));
        }
        let served = if path.ends_with(".html") {
            reply.text().replacen(SCRIPT_TAG, "", 1).into_bytes()
        } else {
            reply.body
        };
        if served != *bytes {
            return Err(format!("/{path} differs from the build\n{}", preview.log()));
        }
    }
    for name in ever {
        let page = name.trim_start_matches("content/").trim_end_matches(".md");
        let file = format!("{page}/index.html");
        if !built.contains_key(&file) {
            let status = preview.get(&format!("/{page}/")).status;
            if status != 404 {
                return Err(format!("/{page}/ still served ({status})"));
            }
        }
    }
    Ok(())
}

#[test]
fn the_browser_shows_changes_without_any_action() {
    let Some(browser) = crate::browser::Browser::launch() else {
        return;
    };
    let (_dir, root, preview) = sample_preview();
    let page = browser
        .open(&format!("{}{}", preview.url.trim_end_matches('/'), PAGE))
        .expect("the page opens");
    let second = DEADLINE;
    // The live script is connected once its event stream is open.
    page.wait_for("window.bekwaamPreview === 'verbonden'", second)
        .expect("the event stream opens");
    page.eval("window.scrollTo({top: 600, behavior: 'instant'}); window.bekwaamMark = 'zelfde pagina'; scrollY")
        .expect("scrolling");

    // A saved edit appears, at the same scroll position.
    append(
        &root,
        COMPETENCY,
        "\nDit verschijnt vanzelf in de browser.\n",
    );
    page.wait_for(
        "document.body.textContent.includes('Dit verschijnt vanzelf in de browser.')",
        second,
    )
    .expect("the edit appears without any action");
    assert_eq!(
        page.eval("window.bekwaamMark === undefined").unwrap(),
        serde_json::json!(true),
        "the page reloaded"
    );
    page.wait_for("Math.abs(scrollY - 600) < 2", second)
        .expect("the scroll position is kept");

    // A style sheet change applies without reloading the page.
    page.eval("window.bekwaamMark = 'zelfde pagina'").unwrap();
    let css = std::fs::read_to_string(
        crate::helpers::sample_root().join("themes/default/static/bekwaam.css"),
    )
    .unwrap_or_default()
        + "\nbody { outline: 7px solid rgb(1, 2, 3); }\n";
    write(&root, "static/bekwaam.css", css);
    page.wait_for(
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        second,
    )
    .expect("the new style applies");
    assert_eq!(
        page.eval_string("window.bekwaamMark").unwrap(),
        "zelfde pagina",
        "no reload for CSS"
    );

    // A mistake shows the overlay, as text; fixing it takes the overlay away.
    let good = std::fs::read_to_string(root.join(COMPETENCY)).unwrap();
    std::fs::write(
        root.join(COMPETENCY),
        good.replacen(
            "+++\n",
            "+++\n<img src=x onerror=\"window.hacked=1\"> = 1\n",
            1,
        ),
    )
    .unwrap();
    page.wait_for(
        "document.querySelector('#bekwaam-fouten[role=alert]') !== null",
        second,
    )
    .expect("the overlay appears");
    let overlay = page
        .eval_string("document.getElementById('bekwaam-fouten').textContent")
        .unwrap();
    assert!(
        overlay.contains("verheldert-vragen-en-behoeften.md:2:"),
        "{overlay}"
    );
    assert_eq!(
        page.eval("document.querySelectorAll('#bekwaam-fouten img').length")
            .unwrap(),
        serde_json::json!(0)
    );
    assert_eq!(
        page.eval("window.hacked === undefined").unwrap(),
        serde_json::json!(true)
    );
    // The last good page is still there under the overlay.
    assert!(
        page.eval_string("document.body.textContent")
            .unwrap()
            .contains("Dit verschijnt vanzelf in de browser.")
    );
    std::fs::write(root.join(COMPETENCY), good + "\nWeer goed.\n").unwrap();
    page.wait_for("document.body.textContent.includes('Weer goed.') && !document.getElementById('bekwaam-fouten')", second)
        .expect("the overlay goes and the page reloads");
}

/// The line of `text` (from 1) that holds `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` in the text"))
        + 1
}

/// The counts of `bekwaam build` for `root`: `13 pagina's, …, 74 tips`.
fn build_counts(root: &Path) -> String {
    let out = tempfile::tempdir().unwrap();
    let built = build(root, &out.path().join("site"), &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let line = String::from_utf8_lossy(&built.stdout).into_owned();
    let counts = line
        .strip_prefix("Klaar: ")
        .and_then(|rest| rest.split(" in ").next())
        .unwrap_or_else(|| panic!("no summary line: {line}"));
    counts.to_string()
}

#[test]
fn a_warning_from_an_edit_is_told_in_the_terminal_once_and_so_is_its_fix() {
    let (_dir, root, preview) = sample_preview();
    let mut events = preview.events();
    assert_eq!(events.wait_for("warnings", WAIT).json()["count"], 0);
    // The first build's summary has the counts `build` gives, and the number
    // of warnings.
    let log = preview.log();
    let counts = build_counts(&root);
    assert!(
        log.contains(&format!("Gebouwd: {counts}; 0 waarschuwingen in ")),
        "{counts}\n{log}"
    );

    // An edit that a build accepts with a warning.
    let before = preview.log().len();
    append(
        &root,
        COMPETENCY,
        "\nHier staat code.\n\n<script>window.hacked = 1</script>\n",
    );
    let text = std::fs::read_to_string(root.join(COMPETENCY)).unwrap();
    let line = line_of(&text, "<script>");
    let place = format!("{COMPETENCY}:{line}:1");
    let warning = format!("{place}: warning: een <script> in de tekst is weggehaald");
    let log = preview.wait_for_log(before, &warning);
    let help = &log[log.find(&warning).unwrap() + warning.len()..];
    assert!(help.starts_with("\n  help: "), "{log}");
    preview.wait_for_log(before, "; 1 waarschuwing.");
    let notice = events.wait_for("warnings", WAIT).json();
    assert_eq!(notice["count"], 1, "{notice}");
    assert_eq!(notice["title"], "1 waarschuwing");
    assert_eq!(notice["warnings"][0]["place"], place.as_str());

    // Another save: the warning is still there, but not told again, and
    // neither is it when lines are added above it.
    let before = preview.log().len();
    mark(&root, &mut events, "Een zin elders.");
    replace(&root, COMPETENCY, "Hier staat code.", "Hier\n\nstaat code.");
    preview.wait_for_log(before, "verheldert-vragen-en-behoeften.md: ");
    mark(&root, &mut events, "Nog een zin elders.");
    let log = preview.wait_for_log(before, "; 1 waarschuwing.");
    assert!(!log[before..].contains("warning:"), "{}", &log[before..]);
    assert!(!log[before..].contains("Opgelost"), "{}", &log[before..]);

    // The fix is told, at the warning's place as it was last.
    let before = preview.log().len();
    replace(
        &root,
        COMPETENCY,
        "<script>window.hacked = 1</script>",
        "Zonder code.",
    );
    let fixed = format!(
        "Opgelost: {COMPETENCY}:{}:1: een <script> in de tekst is weggehaald",
        line + 2
    );
    let log = preview.wait_for_log(before, &fixed);
    preview.wait_for_log(before, "; 0 waarschuwingen.");
    assert!(!log[before..].contains("warning:"), "{}", &log[before..]);
    let notice = events.wait_for("warnings", WAIT).json();
    assert_eq!(notice["count"], 0, "{notice}");
    assert_eq!(
        preview.log().matches(&warning).count(),
        1,
        "{}",
        preview.log()
    );
}

/// The WCAG 2.0 and 2.1 A and AA violations axe finds on the page.
const AXE_VIOLATIONS: &str = "axe.run(document, {runOnly: {type: 'tag', values: \
     ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(result => result.violations.map(v =>
    `${v.id}: ${v.help}: ${v.nodes.slice(0, 3).map(n => n.html).join(' | ')}`))";

#[test]
fn the_browser_notice_lists_the_warnings_as_text_until_they_are_fixed() {
    let Some(browser) = crate::browser::Browser::launch() else {
        return;
    };
    let (_dir, root, preview) = sample_preview();
    let page = browser
        .open(&format!("{}{}", preview.url.trim_end_matches('/'), PAGE))
        .expect("the page opens");
    page.wait_for("window.bekwaamPreview === 'verbonden'", WAIT)
        .expect("the event stream opens");
    const NOTICE: &str = "document.getElementById('bekwaam-waarschuwingen')";
    assert_eq!(page.eval(&format!("{NOTICE} === null")).unwrap(), true);

    // Two warnings, with markup and script in what they are about.
    let good = std::fs::read_to_string(root.join(COMPETENCY)).unwrap();
    let with_warnings = format!(
        "{good}\n<script>window.hacked = 1</script>\n\n<p onclick=\"window.hacked = 2\">Klik</p>\n"
    );
    // The page changes too: a mark on it tells when it has reloaded.
    page.eval("window.bekwaamMark = 1").unwrap();
    std::fs::write(root.join(COMPETENCY), &with_warnings).unwrap();
    let toggle = format!("{NOTICE}.querySelector('button')");
    page.wait_for(
        &format!("window.bekwaamMark === undefined && {NOTICE} !== null && {toggle}.textContent === '2 waarschuwingen'"),
        WAIT,
    )
    .expect("the notice shows the count");
    assert_eq!(
        page.eval(&format!(
            "[{NOTICE}.getAttribute('role'), document.getElementById('bekwaam-fouten'), \
             {toggle}.tagName, {toggle}.type, {toggle}.getAttribute('aria-expanded'), \
             document.getElementById('bekwaam-waarschuwingen-lijst').hidden]"
        ))
        .unwrap(),
        serde_json::json!([null, null, "BUTTON", "button", "false", true]),
        "a quiet notice, closed, opened by a real button"
    );
    // Keyboard: the button takes focus, shows it, and opens the list.
    page.eval(&format!("{toggle}.focus()")).unwrap();
    assert_eq!(
        page.eval(&format!(
            "document.activeElement === {toggle} && getComputedStyle({toggle}).outlineStyle !== 'none'"
        ))
        .unwrap(),
        true,
        "the focus is visible"
    );
    page.eval(&format!("{toggle}.click()")).unwrap();
    let listed = page
        .eval(&format!(
            "[...{NOTICE}.querySelectorAll('li')].map(li => li.textContent)"
        ))
        .unwrap();
    let script_line = line_of(&with_warnings, "<script>");
    let expected_place = format!("{COMPETENCY}:{script_line}:1: ");
    let listed: Vec<String> = serde_json::from_value(listed).unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|item| item.starts_with(&expected_place)
                && item.contains("een <script> in de tekst")),
        "{listed:?}"
    );
    // Markup in a warning is text, and `code` is a <code> element.
    assert_eq!(
        page.eval(&format!(
            "[{NOTICE}.querySelectorAll('script, p[onclick], b, img').length, window.hacked === undefined, \
             [...{NOTICE}.querySelectorAll('li code')].some(c => c.textContent === 'onclick'), \
             [...{NOTICE}.querySelectorAll('li')].some(li => li.textContent.includes('`'))]"
        ))
        .unwrap(),
        serde_json::json!([0, true, true, false])
    );
    if let Some(axe) = crate::browser::axe_source("accessibility check of the notice") {
        page.inject("axe.min.js", &axe).expect("loading axe-core");
        let violations = page.eval(AXE_VIOLATIONS).expect("running axe");
        assert_eq!(violations, serde_json::json!([]), "with the notice open");
    }

    // Dismissed, it stays away after a reload that changes no warning...
    page.eval(&format!("{NOTICE}.querySelectorAll('button')[1].click()"))
        .unwrap();
    assert_eq!(page.eval(&format!("{NOTICE} === null")).unwrap(), true);
    append(&root, COMPETENCY, "\nNog een zin.\n");
    page.wait_for("document.body.textContent.includes('Nog een zin.')", WAIT)
        .expect("the page reloads");
    page.wait_for("window.bekwaamPreview === 'verbonden'", WAIT)
        .expect("the event stream opens again");
    // ...which a later change to another page proves (its event came).
    append(&root, MARKER, "\nElders.\n");
    page.wait_for(
        "fetch('/competenties/werkt-samen-en-versterkt-netwerken/').then(r => r.text()).then(t => t.includes('Elders.'))",
        WAIT,
    )
    .expect("the other page changed");
    assert_eq!(page.eval(&format!("{NOTICE} === null")).unwrap(), true);

    // ...and comes back when the set of warnings changes.
    page.eval("window.bekwaamMark = 1").unwrap();
    replace(
        &root,
        COMPETENCY,
        "<p onclick=\"window.hacked = 2\">Klik</p>",
        "Geen klik.",
    );
    page.wait_for(
        &format!("window.bekwaamMark === undefined && {NOTICE} !== null && {toggle}.textContent === '1 waarschuwing'"),
        WAIT,
    )
    .expect("the notice comes back with one warning");

    // Fixed: the notice goes.
    replace(
        &root,
        COMPETENCY,
        "<script>window.hacked = 1</script>",
        "Zonder code.",
    );
    page.wait_for(
        &format!("document.body.textContent.includes('Zonder code.') && {NOTICE} === null"),
        WAIT,
    )
    .expect("the notice goes once the warnings are fixed");
    assert_eq!(page.eval("window.hacked === undefined").unwrap(), true);

    // The overlay shows `code` in a message as code, not as backticks.
    let fixed = std::fs::read_to_string(root.join(COMPETENCY)).unwrap();
    std::fs::write(
        root.join(COMPETENCY),
        fixed.replacen("+++\n", "+++\nwieght = 1\n", 1),
    )
    .unwrap();
    page.wait_for("document.getElementById('bekwaam-fouten') !== null", WAIT)
        .expect("the overlay appears");
    assert_eq!(
        page.eval(
            "[[...document.querySelectorAll('#bekwaam-fouten li code')].some(c => c.textContent === 'wieght'), \
             [...document.querySelectorAll('#bekwaam-fouten li')].some(li => li.textContent.includes('`'))]"
        )
        .unwrap(),
        serde_json::json!([true, false]),
        "{}",
        page.eval_string("document.getElementById('bekwaam-fouten').textContent")
            .unwrap()
    );
}
