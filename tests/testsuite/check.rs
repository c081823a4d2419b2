//! `bekwaam check`: every error and warning in one run, compiler style or
//! JSON, and nothing written.

use std::path::Path;

use crate::helpers::{check, starter, write};

#[test]
fn each_warning_names_its_place_and_what_to_do() {
    // (file, content, expected place, words in the message)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "content/competenties/zonder-voorbeelden.md",
            "+++\ntitle = \"Z\"\nsummary = \"S.\"\n+++\n\nTekst.\n\n## Praktijktips\n\n- **Tip.** Doe.\n",
            "zonder-voorbeelden.md:1:1: warning:",
            "geen voorbeelden",
        ),
        (
            "content/competenties/zonder-tips.md",
            "+++\ntitle = \"Z\"\nsummary = \"S.\"\n+++\n\n## Voorbeelden\n\n### V\n\nTekst.\n",
            "zonder-tips.md:1:1: warning:",
            "geen praktijktips",
        ),
        (
            "content/competenties/zonder-samenvatting.md",
            "+++\ntitle = \"Z\"\n+++\n\n## Voorbeelden\n\n### V\n\nT.\n\n## Praktijktips\n\n- **T.** D.\n",
            "zonder-samenvatting.md:1:1: warning:",
            "geen samenvatting",
        ),
        (
            "content/competenties/diep.md",
            "+++\ntitle = \"D\"\nsummary = \"S.\"\n+++\n\n## Voorbeelden\n\n#### Te diep\n\nT.\n\n## Praktijktips\n\n- **T.** D.\n",
            "diep.md:8:1: warning:",
            "niveau 4",
        ),
        (
            "content/dubbel.md",
            "+++\ntitle = \"Dubbel\"\n+++\n\n## Zelfde kop\n\nA.\n\n## Zelfde kop\n\nB.\n",
            "dubbel.md:9:1: warning:",
            "`#zelfde-kop` bestaat al",
        ),
        (
            "content/competenties/dubbele-tip.md",
            "+++\ntitle = \"D\"\nsummary = \"S.\"\n+++\n\n## Voorbeelden\n\n### V\n\nT.\n\n## Praktijktips\n\n- **Rust.** Een.\n- **Rust.** Twee.\n",
            "dubbele-tip.md:15:1: warning:",
            "`#tip-rust` bestaat al",
        ),
        (
            "content/competenties/tips-diep.md",
            "+++\ntitle = \"D\"\nsummary = \"S.\"\n+++\n\n## Voorbeelden\n\n### V\n\nT.\n\n### Praktijktips\n\n- **Rust.** Een.\n",
            "tips-diep.md:12:1: warning:",
            "geen praktijktips: de kop `### Praktijktips`",
        ),
        (
            "content/leeg.md",
            "+++\ntitle = \"Leeg\"\n+++\n",
            "leeg.md:1:1: warning:",
            "de pagina is leeg",
        ),
        (
            "content/plaatje.md",
            "+++\ntitle = \"Plaatje\"\n+++\n\nTekst.\n\n![](/img/x.svg)\n",
            "plaatje.md:7:1: warning:",
            "geen alt-tekst",
        ),
        (
            "content/sprong.md",
            "+++\ntitle = \"Sprong\"\n+++\n\n## Twee\n\nA.\n\n#### Vier\n\nB.\n",
            "sprong.md:9:1: warning:",
            "niveau 4 volgt op een kop van niveau 2",
        ),
        (
            "content/script.md",
            "+++\ntitle = \"Script\"\n+++\n\nTekst.\n\n<script>alert(1)</script>\n",
            "script.md:7:1: warning:",
            "<script>",
        ),
        (
            "content/klik.md",
            "+++\ntitle = \"Klik\"\n+++\n\nTekst <b onclick=\"alert(1)\">vet</b>.\n",
            "klik.md:5:10: warning:",
            "`onclick` is weggehaald",
        ),
        (
            "content/javascript.md",
            "+++\ntitle = \"Js\"\n+++\n\nEen [link](javascript:alert(1)) hier.\n",
            "javascript.md:5:5: warning:",
            "`javascript:` is onveilig",
        ),
        (
            "content/vbscript.md",
            "+++\ntitle = \"Vb\"\n+++\n\nEen [link](vbscript:msgbox) hier.\n",
            "vbscript.md:5:5: warning:",
            "`vbscript:`",
        ),
        (
            "content/data.md",
            "+++\ntitle = \"Data\"\n+++\n\nEen [link](data:text/html;base64,PHNjcmlwdD4=) hier.\n",
            "data.md:5:5: warning:",
            "`data:`",
        ),
    ];
    for (file, text, place, words) in cases {
        let (_dir, root) = starter();
        write(
            &root,
            "static/img/x.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
        write(&root, file, text);
        let (code, stdout, stderr) = check(&root, &[]);
        assert_eq!(code, Some(0), "{file}: warnings do not fail\n{stderr}");
        // A competency without `weight` has that warning at 1:1 as well.
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(place) && l.contains(words)),
            "{file}: no `{place}` with `{words}` in\n{stderr}"
        );
        assert!(stderr.contains("help:"), "{file}: {stderr}");
        assert!(stdout.contains("waarschuwing"), "{stdout}");
        let (code, _, _) = check(&root, &["--deny-warnings"]);
        assert_eq!(code, Some(1), "{file}: --deny-warnings");
        assert!(!root.join("public").exists(), "check writes nothing");
    }
}

#[test]
fn unsafe_links_are_neutralised_in_the_output() {
    let (dir, root) = starter();
    write(
        &root,
        "content/links.md",
        "+++\ntitle = \"Links\"\n+++\n\n[a](javascript:alert(1)) [b](VBScript:x) [c](data:text/html,x) ![d](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    let out = dir.path().join("public");
    let result = crate::helpers::build(&root, &out, &[]);
    assert!(
        result.status.success(),
        "{}",
        crate::helpers::stderr(&result)
    );
    let html = std::fs::read_to_string(out.join("links/index.html")).unwrap();
    assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
    assert!(!html.to_ascii_lowercase().contains("vbscript:"), "{html}");
    assert!(!html.contains("data:text/html"), "{html}");
    assert!(
        html.contains("src=\"data:image/png"),
        "images from data: stay: {html}"
    );
    // The build shows the warnings too.
    assert!(crate::helpers::stderr(&result).contains("links.md:5:1: warning:"));
}

#[test]
fn json_for_a_pipeline() {
    let (_dir, root) = starter();
    write(&root, "content/leeg.md", "+++\ntitle = \"Leeg\"\n+++\n");
    write(&root, "content/kapot.md", "+++\ntitel = \"x\"\n+++\n");
    let (code, stdout, _) = check(&root, &["--format", "json"]);
    assert_eq!(code, Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(report["errors"].as_u64().unwrap() >= 1, "{report}");
    let findings = report["findings"].as_array().unwrap();
    let error = findings.iter().find(|f| f["severity"] == "error").unwrap();
    assert_eq!(error["file"], "content/kapot.md");
    assert_eq!(error["line"], 2);
    assert!(error["help"].is_string());
}

#[test]
fn twenty_five_errors_in_ten_files_in_one_run() {
    let (_dir, root) = starter();
    for i in 0..5 {
        write(
            &root,
            &format!("content/sleutels-{i}.md"),
            "+++\ntitle = \"S\"\ntittle = 1\nsumary = \"x\"\nwieght = 2\n+++\n\nTekst.\n",
        );
    }
    for i in 0..5 {
        write(
            &root,
            &format!("content/links-{i}.md"),
            "+++\ntitle = \"L\"\n+++\n\n[een](@/bestaat-niet.md) en [twee](@/ook-niet.md).\n",
        );
    }
    let (code, _, stderr) = check(&root, &[]);
    assert_eq!(code, Some(1));
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error:")).collect();
    assert_eq!(errors.len(), 25, "{stderr}");
    let files: std::collections::BTreeSet<&str> = errors
        .iter()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(files.len(), 10);
    let mut sorted = errors.clone();
    sorted.sort_by_key(|l| {
        let mut parts = l.splitn(4, ':');
        let file = parts.next().unwrap().to_string();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let col: usize = parts.next().unwrap().parse().unwrap();
        (file, line, col)
    });
    assert_eq!(errors, sorted, "sorted by file and place");
    assert!(stderr.contains("Gestopt: 25 fouten"), "{stderr}");
}

/// A template of the built-in theme with `extra` put in front of `marker`.
fn theme_template_with(name: &str, marker: &str, extra: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(marker), "{name} has no {marker}");
    text.replacen(marker, &format!("{extra}{marker}"), 1)
}

#[test]
fn broken_links_in_templates_are_errors_once_per_link() {
    let (_dir, root) = starter();
    // Good links of every kind, so that only the broken ones are reported.
    let good = r##"<a href="{{ root }}">home</a> <a href="#inhoud">top</a> <a href="https://example.org/elders">elders</a> <a href="mailto:x@example.org">mail</a> <a href="{{ root }}bekwaam.css?v=1">css</a>"##;
    write(
        &root,
        "templates/base.html",
        theme_template_with(
            "base.html",
            "</main>",
            &format!(r#"{good}<a href="{{{{ root }}}}bestaat-niet/">weg</a>"#),
        ),
    );
    write(
        &root,
        "templates/competency.html",
        theme_template_with(
            "competency.html",
            "{% endblock main %}",
            r#"<a href="{{ root }}competenties/#geen-anker">anker</a><img src="../../img/weg.png" alt=""><img src="{{ root }}bekwaam.css" srcset="{{ root }}bekwaam.css 1x, {{ root }}img/ook-weg.png 2x" alt="">"#,
        ),
    );
    // Links written in Markdown are the editor's: checked at their source
    // (a broken one is an error there), never reported as a template's.
    let page = std::fs::read_dir(root.join("content/competenties"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n[relatief](../competenties/)\n")).unwrap();

    let (code, _, stderr) = check(&root, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error:")).collect();
    assert_eq!(errors.len(), 4, "{stderr}");
    assert!(
        errors.iter().any(|l| l.contains("img/ook-weg.png")),
        "{stderr}"
    );
    let base = errors.iter().find(|l| l.contains("bestaat-niet")).unwrap();
    assert!(base.starts_with("templates/base.html: error:"), "{base}");
    assert!(base.contains("pagina's, zoals /"), "{base}");
    let anchor = errors.iter().find(|l| l.contains("geen-anker")).unwrap();
    assert!(
        anchor.starts_with("templates/competency.html: error:"),
        "{anchor}"
    );
    assert!(anchor.contains("anker `#geen-anker`"), "{anchor}");
    let image = errors.iter().find(|l| l.contains("img/weg.png")).unwrap();
    assert!(
        image.starts_with("templates/competency.html: error:"),
        "{image}"
    );
    assert!(!stderr.contains("niet-hier"), "{stderr}");
    assert!(stderr.contains("help: "), "{stderr}");

    // The same links in a portable build's check: the same four errors.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(&root, "config.toml", format!("portable = true\n{config}"));
    let (code, _, portable) = check(&root, &[]);
    assert_eq!(code, Some(1));
    assert_eq!(
        portable.lines().filter(|l| l.contains(": error:")).count(),
        4,
        "{portable}"
    );

    // Fixed, nothing is left.
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    let (code, _, stderr) = check(&root, &[]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn the_sample_and_the_starter_have_no_broken_links() {
    let (_dir, root) = starter();
    for root in [root, crate::helpers::sample_root()] {
        let (code, stdout, stderr) = check(&root, &[]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(stdout.contains(" 0 fouten"), "{stdout}");
    }
}
