//! The B1 writing help of `bekwaam check --leesbaarheid` and `[check]
//! readability = true`: long sentences, long words and a figure per page.

use std::path::Path;

use crate::helpers::{check, sample_root, write};

fn json(root: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = check(root, &args);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// The line of the `+++` that closes the front matter of `file`.
fn front_matter_end(root: &Path, file: &str) -> usize {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    text.lines()
        .enumerate()
        .skip(1)
        .find(|(_, line)| line.trim_end() == "+++")
        .map(|(i, _)| i + 1)
        .unwrap()
}

#[test]
fn the_sample_handbook_has_figures_that_make_sense() {
    let root = sample_root();
    let report = json(&root, &["--leesbaarheid"]);
    let readability = &report["readability"];
    assert_eq!(readability["formula"], "Flesch-Douma");
    let pages = readability["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 13, "{pages:?}");
    for page in pages {
        let file = page["file"].as_str().unwrap();
        let words = page["words"].as_f64().unwrap();
        let sentences = page["sentences"].as_f64().unwrap();
        let syllables = page["syllables"].as_f64().unwrap();
        let score = page["score"].as_f64().unwrap();
        if file.starts_with("content/competenties/") && !file.ends_with("_index.md") {
            assert!(words > 500.0, "{file}: {words} words");
        }
        // The sample is written for B1: short sentences, short words.
        assert!(
            (4.0..=16.0).contains(&(words / sentences)),
            "{file}: {page}"
        );
        assert!((1.2..=1.8).contains(&(syllables / words)), "{file}: {page}");
        assert!((60.0..=100.0).contains(&score), "{file}: {page}");
        assert!(["makkelijk", "gemiddeld"].contains(&page["label"].as_str().unwrap()));
    }
    // Every warning of the writing help points into the Markdown, below
    // the front matter.
    let findings = report["findings"].as_array().unwrap();
    let mine: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| {
            let message = f["message"].as_str().unwrap();
            message.contains("lettergrepen") || message.starts_with("deze zin heeft")
        })
        .collect();
    assert!(mine.len() > 10, "{findings:?}");
    for finding in mine {
        let file = finding["file"].as_str().unwrap();
        let line = finding["line"].as_u64().unwrap() as usize;
        assert!(line > front_matter_end(&root, file), "{finding}");
        assert_eq!(finding["severity"], "warning");
    }
}

#[test]
fn without_the_flag_or_the_key_check_says_nothing_about_readability() {
    let root = sample_root();
    let report = json(&root, &[]);
    assert!(report.get("readability").is_none());
    let (code, stdout, stderr) = check(&root, &[]);
    assert_eq!(code, Some(0));
    for text in [&stdout, &stderr] {
        assert!(!text.contains("Leesbaarheid"), "{text}");
        assert!(!text.contains("lettergrepen"), "{text}");
        assert!(!text.contains("deze zin heeft"), "{text}");
    }
}

/// A small handbook whose config turns the writing help on, with limits.
fn handbook(root: &Path, check_table: &str, page: &str) {
    write(
        root,
        "config.toml",
        // With a namespace, as `bekwaam init` writes: the only warnings
        // are the writing help's.
        format!(
            "title = \"Handboek\"\n\n[check]\n{check_table}\n[handbook]\nnamespace = \"5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d\"\n"
        ),
    );
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Start\"\n+++\n\nWelkom.\n",
    );
    write(root, "content/pagina.md", page);
}

#[test]
fn the_config_key_and_its_limits_give_warnings_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    handbook(
        root,
        "readability = true\nmax_sentence_words = 5\nmax_word_syllables = 3\nwords = [\"samenwerking\"]\n",
        "+++\ntitle = \"Pagina\"\n+++\n\nKort. Je gaat naar de mensen toe en luistert.\n\n\
         - De samenwerking werkt. De bewoners praten.\n- Een ondersteuning helpt.\n",
    );
    let (code, stdout, stderr) = check(root, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("Leesbaarheid (Flesch-Douma, B1 vanaf 60)"),
        "{stdout}"
    );
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning:")).collect();
    assert_eq!(
        warnings,
        [
            "content/pagina.md:5:7: warning: deze zin heeft 8 woorden (\"Je gaat naar de mensen …\"); \
             een zin in B1-taal heeft niet meer dan 5 woorden",
            "content/pagina.md:8:7: warning: het woord \"ondersteuning\" heeft 4 lettergrepen; \
             een woord in B1-taal heeft er niet meer dan 3",
        ],
        "{stderr}"
    );
    let (code, _, _) = check(root, &["--deny-warnings"]);
    assert_eq!(code, Some(1));
    // `check` writes nothing, with the writing help too.
    let files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    assert_eq!(files.len(), 5, "{files:?}");
}

#[test]
fn a_limit_of_zero_is_an_error_at_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    handbook(
        root,
        "max_word_syllables = 0\n",
        "+++\ntitle = \"P\"\n+++\n\nTekst.\n",
    );
    let (code, stdout, stderr) = check(root, &["--leesbaarheid"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stderr.starts_with(
            "config.toml:4:1: error: `max_word_syllables` is 0; dan krijgt elk woord een waarschuwing\n  \
             help: geef het aantal lettergrepen dat nog goed is, bijvoorbeeld `max_word_syllables = 4`"
        ),
        "{stderr}"
    );
}

#[test]
fn the_figure_of_one_page_is_the_one_check_gives() {
    let options = bekwaam::BuildOptions {
        check: true,
        ..bekwaam::BuildOptions::default()
    };
    let built = bekwaam::build(&sample_root(), &options).unwrap();
    let report = bekwaam::readability::check(&built.site);
    assert_eq!(report.pages.len(), built.site.pages.len());
    for page in &built.site.pages {
        let one = bekwaam::readability::page_figure(&built.site, page);
        assert!(one.is_some_and(|f| f.words > 0), "{}", page.file.display());
        assert_eq!(one.as_ref(), report.figure_of(&page.file));
    }
}
