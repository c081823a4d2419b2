//! Every message an editor reads is Dutch: no English from the TOML parser,
//! serde or the operating system (`expected`, `invalid type`, `missing
//! field`, `os error`, …) outside the technical detail in parentheses.
//!
//! Two sources: every message of the message fixtures (read from their
//! snapshots, which `messages` keeps equal to what the binary prints), and
//! bad inputs run here, each with its exit status and place.

use std::path::Path;

use crate::helpers::{bekwaam, starter, stderr, write};

/// English words and phrases of parsers and systems. Matched as whole
/// words, case aside, outside parentheses and backticks.
const ENGLISH: &[&str] = &[
    "expected",
    "invalid",
    "invalid type",
    "missing",
    "missing field",
    "found",
    "unexpected",
    "duplicate",
    "duplicate key",
    "unknown",
    "unknown variant",
    "variant",
    "field",
    "string",
    "integer",
    "float",
    "boolean",
    "key",
    "value",
    "array",
    "os error",
    "no such file",
    "permission denied",
    "is a directory",
    "not a directory",
    "directory",
    "file",
    "cannot",
    "failed",
];

/// `text` without what stands between parentheses (the technical detail)
/// and between backticks (code and the editor's own words).
fn prose(text: &str) -> String {
    let mut depth = 0usize;
    let mut in_code = false;
    let mut kept = String::new();
    for c in text.chars() {
        match c {
            '`' => in_code = !in_code,
            '(' if !in_code => depth += 1,
            ')' if !in_code => depth = depth.saturating_sub(1),
            c if depth == 0 && !in_code => kept.push(c),
            _ => {}
        }
    }
    kept
}

/// The English phrases in the prose of `text`.
fn english_in(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = prose(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let joined = format!(" {} ", words.join(" "));
    ENGLISH
        .iter()
        .copied()
        .filter(|phrase| joined.contains(&format!(" {phrase} ")))
        .collect()
}

/// The message and help texts in what `bekwaam` printed (the compiler
/// form `path:line:col: error: message` and `  help: …`), without the
/// paths and keywords.
fn said(printed: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for line in printed.lines() {
        let line = line.trim();
        if let Some(help) = line.strip_prefix("help: ") {
            texts.push(help.to_string());
        } else if let Some((_, message)) = line
            .split_once("error: ")
            .or_else(|| line.split_once("warning: "))
        {
            texts.push(message.to_string());
        }
    }
    texts
}

#[test]
fn prose_leaves_out_parentheses_and_code() {
    assert_eq!(
        english_in("het bestand bestaat niet (No such file or directory (os error 2))"),
        Vec::<&str>::new()
    );
    assert_eq!(english_in("de sleutel `key` ontbreekt"), Vec::<&str>::new());
    assert_eq!(
        english_in("invalid type: string \"twee\", expected i64"),
        ["expected", "invalid", "invalid type", "string"]
    );
    assert_eq!(
        english_in("No such file or directory"),
        ["no such file", "directory", "file"]
    );
}

/// Every message of every message fixture, as its snapshot holds it.
#[test]
fn every_message_of_the_fixtures_is_dutch() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    let mut english = Vec::new();
    for entry in std::fs::read_dir(&snapshots).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for message in said(&text) {
            checked += 1;
            let found = english_in(&message);
            if !found.is_empty() {
                english.push(format!("{}: {found:?} in {message}", path.display()));
            }
        }
    }
    assert!(checked > 100, "only {checked} messages in the snapshots");
    assert!(
        english.is_empty(),
        "English in messages:\n{}",
        english.join("\n")
    );
}

/// One bad front matter line in a page of the starter handbook: `check`
/// fails with the place and a Dutch message containing `expect`.
fn bad_line(line: &str, place: &str, expect: &str) {
    let (_dir, root) = starter();
    write(
        &root,
        "content/w.md",
        format!("+++\ntitle = \"W\"\n{line}\n+++\nTekst.\n"),
    );
    check_fails(&root, &format!("content/w.md:{place}: error: "), expect);
}

/// `check` in `root` fails (exit status 1) with a line that starts with
/// `place` and holds `expect`, and nothing it prints is English.
fn check_fails(root: &Path, place: &str, expect: &str) {
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    let printed = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{printed}");
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with(place) && l.contains(expect)),
        "no `{place}…{expect}` in:\n{printed}"
    );
    for message in said(&printed) {
        let found = english_in(&message);
        assert!(found.is_empty(), "English {found:?} in: {message}");
    }
}

/// Regression (issue 16): `weight = "twee"` said `invalid type: string
/// "twee", expected i64`.
#[test]
fn text_for_a_number_asks_for_a_whole_number() {
    let (_dir, root) = starter();
    write(
        &root,
        "content/w.md",
        "+++\ntitle = \"W\"\nweight = \"twee\"\n+++\nTekst.\n",
    );
    check_fails(
        &root,
        "content/w.md:3:10: error: ",
        "hier hoort een heel getal, zoals 3, maar er staat de tekst \"twee\"",
    );
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    assert!(
        stderr(&result)
            .contains("  help: schrijf bijvoorbeeld `weight = 3` (zonder aanhalingstekens)\n"),
        "{}",
        stderr(&result)
    );
}

/// Regression (issue 16): `title = "Luistert` said `invalid basic string,
/// expected '"'`.
#[test]
fn a_string_without_its_closing_quote() {
    let (_dir, root) = starter();
    write(
        &root,
        "content/w.md",
        "+++\ntitle = \"Luistert\nweight = 2\n+++\nTekst.\n",
    );
    check_fails(
        &root,
        "content/w.md:2:18: error: ",
        "de tekst wordt niet afgesloten: het aanhalingsteken \" aan het eind ontbreekt",
    );
}

/// Regression (issue 16): a page without `title` said `missing field
/// 'title'`.
#[test]
fn a_missing_title_names_the_head_of_the_file() {
    let (_dir, root) = starter();
    write(&root, "content/w.md", "+++\nweight = 2\n+++\nTekst.\n");
    check_fails(
        &root,
        "content/w.md:2:1: error: ",
        "de kop van het bestand (front matter) mist de sleutel `title`",
    );
}

#[test]
fn other_toml_mistakes_are_dutch_with_their_place() {
    for (line, place, expect) in [
        ("weight 2", "3:8", "na de sleutel hoort een `=`"),
        (
            "weight = twee",
            "3:10",
            "`twee` staat niet tussen aanhalingstekens",
        ),
        ("weight = 07", "3:10", "`07` is geen geldig getal"),
        (
            "weight = 99999999999999999999",
            "3:10",
            "het getal 99999999999999999999 is te groot",
        ),
        (
            "date = 2026-13-01",
            "3:8",
            "`2026-13-01` is geen geldige datum: de maand loopt van 01 tot en met 12",
        ),
        ("title = \"X\"", "3:1", "`title` staat er twee keer"),
        ("related = [\"a\" \"b\"]", "3:16", "ontbreekt een komma"),
        ("weight = 1 2", "3:10", "`1 2` is geen getal"),
    ] {
        bad_line(line, place, expect);
    }
}

/// Regression (issue 16): a folder without `config.toml` said `No such
/// file or directory (os error 2)`.
#[test]
fn a_missing_config_says_how_to_make_a_handbook() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("leeg");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    let printed = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(&format!(
            "config.toml: error: geen config.toml in map {}",
            root.display()
        )),
        "{printed}"
    );
    assert!(printed.contains("help: maak een handboek met `bekwaam init MAP`"));
    for message in said(&printed) {
        assert!(english_in(&message).is_empty(), "{message}");
    }
}

/// Bad TOML in `config.toml` and in a theme's texts file.
#[test]
fn config_and_theme_texts_are_dutch_too() {
    let (_dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        config.replace("language = \"nl\"", "language = nl"),
    );
    check_fails(
        &root,
        "config.toml:4:12: error: ",
        "`nl` staat niet tussen aanhalingstekens",
    );

    let (_dir, root) = starter();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(&root, "config.toml", format!("theme = \"zomer\"\n{config}"));
    write(
        &root,
        "themes/zomer/texts/nl.toml",
        "skip = \"Naar de inhoud\n",
    );
    check_fails(
        &root,
        "themes/zomer/texts/nl.toml:1:23: error: ",
        "fout in de teksten van het thema: de tekst wordt niet afgesloten",
    );
}

/// A page Bekwaam may not read: the message says so in Dutch (where the
/// test can take the permission away; not as root, who may read anything).
#[cfg(unix)]
#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, root) = starter();
    write(&root, "content/geheim.md", "+++\ntitle = \"Geheim\"\n+++\n");
    let file = root.join("content/geheim.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        eprintln!("skipped: this user may read a file without read permission");
        return;
    }
    check_fails(
        &root,
        "content/geheim.md: error: ",
        "kan dit bestand niet lezen: je hebt geen toestemming",
    );
}

/// A `config.toml` that is a folder: the system's `Is a directory (os
/// error 21)` becomes Dutch. (Unlike a missing permission, every user can
/// make this one.)
#[test]
fn a_config_that_is_a_folder() {
    let (_dir, root) = starter();
    std::fs::remove_file(root.join("config.toml")).unwrap();
    std::fs::create_dir(root.join("config.toml")).unwrap();
    check_fails(&root, "config.toml: error: ", "kan config.toml in map");
    let result = bekwaam(&["--root", root.to_str().unwrap(), "check"]);
    assert!(
        stderr(&result).contains("niet lezen: dit is een map, geen bestand"),
        "{}",
        stderr(&result)
    );
}

/// The preview on an address that is not this computer's: the system's
/// `Cannot assign requested address (os error 99)` becomes Dutch.
#[cfg(feature = "serve")]
#[test]
fn the_preview_on_an_address_of_another_computer() {
    let (_dir, root) = starter();
    // 203.0.113.0/24 is for documentation: never a local address.
    let result = bekwaam(&[
        "--root",
        root.to_str().unwrap(),
        "serve",
        "-i",
        "203.0.113.7",
        "-p",
        "0",
    ]);
    let printed = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(
            "error: kan niet luisteren op 203.0.113.7:0: dit adres hoort niet bij deze computer"
        ),
        "{printed}"
    );
    for message in said(&printed) {
        assert!(english_in(&message).is_empty(), "{message}");
    }
}

/// An output folder below a file: the system's `Not a directory (os error
/// 20)` becomes Dutch, and the file stays as it was.
#[test]
fn an_output_folder_below_a_file() {
    let (dir, root) = starter();
    let file = dir.path().join("notities.txt");
    std::fs::write(&file, "eigen notities").unwrap();
    let out = file.join("public");
    let result = bekwaam(&[
        "--root",
        root.to_str().unwrap(),
        "build",
        "-o",
        out.to_str().unwrap(),
    ]);
    let printed = stderr(&result);
    assert_eq!(result.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains(&format!(
            "error: kan de uitvoermap {} niet bekijken: een deel van het pad is een bestand, geen map",
            out.display()
        )),
        "{printed}"
    );
    for message in said(&printed) {
        assert!(english_in(&message).is_empty(), "{message}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "eigen notities");
}

/// A symbolic link to nothing in `content/`: it said `kan dit niet lezen:
/// No such file or directory (os error 2)`.
#[cfg(unix)]
#[test]
fn a_link_to_nothing() {
    let (_dir, root) = starter();
    std::os::unix::fs::symlink("weg.md", root.join("content/oud.md")).unwrap();
    check_fails(
        &root,
        "content/oud.md: error: ",
        "deze symbolische link wijst naar iets dat niet bestaat",
    );
}
