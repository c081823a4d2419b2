//! The command line as an editor meets it: every help text and usage error
//! in Dutch (no phrase of clap's English left), the handbook found from a
//! folder inside it, `new`, `completions`, and what `init` and `serve
//! --open` say.

use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::{bekwaam, init_handbook, read_tree, stderr};

/// Phrases of clap's own English that must never reach an editor.
const ENGLISH: &[&str] = &[
    "Usage",
    "Options",
    "Commands",
    "Arguments",
    "Print help",
    "Print version",
    "[default",
    "[possible values",
    "For more information",
    "unexpected argument",
    "unrecognized",
    "invalid value",
    "invalid digit",
    "a value is required",
    "required arguments were not provided",
    "cannot be used",
    "tip:",
    "similar",
    "subcommand",
];

/// Stdout as text.
fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `bekwaam` with `args` in the folder `dir`.
fn bekwaam_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bekwaam"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the bekwaam binary runs")
}

/// Fails if `text` holds one of clap's English phrases.
fn assert_no_english(args: &[&str], text: &str) {
    for phrase in ENGLISH {
        assert!(
            !text.contains(phrase),
            "`bekwaam {}` says {phrase:?}:\n{text}",
            args.join(" ")
        );
    }
}

#[test]
fn every_help_text_is_dutch_and_exits_with_0() {
    let mut cases: Vec<Vec<&str>> = vec![vec!["--help"], vec!["-h"]];
    for command in ["init", "new", "build", "check", "serve", "completions"] {
        cases.push(vec![command, "--help"]);
        cases.push(vec![command, "-h"]);
    }
    for args in &cases {
        let result = bekwaam(args);
        let text = stdout(&result);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&result)
        );
        assert!(text.starts_with(char::is_uppercase), "{args:?}:\n{text}");
        assert!(text.contains("Gebruik: bekwaam"), "{args:?}:\n{text}");
        assert!(text.contains("Opties:"), "{args:?}:\n{text}");
        assert!(text.contains("Toon deze hulp"), "{args:?}:\n{text}");
        assert_no_english(args, &text);
    }
    let top = stdout(&bekwaam(&["--help"]));
    assert!(top.contains("Commando's:"), "{top}");
    assert!(
        top.contains("front matter: de kop van het bestand, tussen de regels +++"),
        "{top}"
    );
    let serve = stdout(&bekwaam(&["serve", "--help"]));
    assert!(serve.contains("standaard 1111"), "{serve}");
    let version = bekwaam(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        stdout(&version).trim(),
        format!("bekwaam {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_are_dutch_with_a_hint_and_exit_with_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["bouw"], "bedoel je `build`?"),
        (&["chek"], "bedoel je `check`?"),
        (&["hulp"], "`bekwaam --help`"),
        (
            &["serve", "-p", "abc"],
            "`abc` is geen goede waarde voor `--port`",
        ),
        (&["serve", "-i", "thuis"], "geef een IP-adres"),
        (&["serve", "--port"], "`--port` heeft een waarde nodig"),
        (&["build", "--frob"], "de optie `--frob` is hier onbekend"),
        (&["build", "--portabel"], "bedoel je `--portable`?"),
        (
            &["build", "--portable", "--portable"],
            "staat er meer dan één keer",
        ),
        (&["check", "--format", "xml"], "kies uit `text`, `json`"),
        (&["init"], "er ontbreekt iets: <MAP>"),
        (&["new", "pagina"], "er ontbreekt iets: <TITEL>"),
        (&["new", "competenti", "Titel"], "bedoel je `competentie`?"),
        (
            &["new", "pagina", "Twee", "woorden", "los"],
            "tussen aanhalingstekens",
        ),
        (
            &["completions", "tcsh"],
            "`bash`, `elvish`, `fish`, `powershell`, `zsh`",
        ),
    ];
    for (args, expected) in cases {
        let result = bekwaam(args);
        let text = stderr(&result);
        assert_eq!(result.status.code(), Some(2), "{args:?}:\n{text}");
        assert!(text.starts_with("error: "), "{args:?}:\n{text}");
        assert!(
            text.contains(expected),
            "{args:?} should say {expected:?}:\n{text}"
        );
        assert!(text.contains("\nGebruik: bekwaam"), "{args:?}:\n{text}");
        assert!(text.contains("Meer uitleg: bekwaam"), "{args:?}:\n{text}");
        assert_no_english(args, &text);
        assert!(result.stdout.is_empty(), "{args:?}");
    }
    // The usage and the help named are those of the command typed.
    let text = stderr(&bekwaam(&["serve", "-p", "abc"]));
    assert!(text.contains("Gebruik: bekwaam serve [OPTIES]"), "{text}");
    assert!(text.contains("Meer uitleg: bekwaam serve --help"), "{text}");
}

#[test]
fn no_command_shows_the_help_and_exits_with_2() {
    let result = bekwaam(&[]);
    assert_eq!(result.status.code(), Some(2));
    let text = stderr(&result);
    assert!(text.contains("Gebruik: bekwaam"), "{text}");
    assert_no_english(&[], &text);
}

#[test]
fn a_command_in_a_subfolder_finds_its_handbook_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    init_handbook(&root);
    let inside = root.join("content/competenties");
    let result = bekwaam_in(&inside, &["check"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(stdout(&result).contains("Gecontroleerd: 4 pagina's"));
    assert_eq!(
        stderr(&result),
        format!(
            "Handboek gevonden in {}\n",
            root.canonicalize().unwrap().display()
        )
    );

    // A build from there writes the handbook's public/, not one below.
    let result = bekwaam_in(&inside, &["build"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(root.join("public/index.html").is_file());
    assert!(!inside.join("public").exists());

    // In the handbook's own folder nothing extra is said.
    let result = bekwaam_in(&root, &["check"]);
    assert_eq!(result.status.code(), Some(0));
    assert_eq!(stderr(&result), "");
}

#[test]
fn outside_any_handbook_the_error_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    if dir
        .path()
        .ancestors()
        .any(|a| a.join("config.toml").is_file())
    {
        return; // a handbook above the temporary folder: nothing to test here
    }
    for args in [&["build"][..], &["check"], &["new", "pagina", "Over ons"]] {
        let result = bekwaam_in(dir.path(), args);
        let text = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{args:?}:\n{text}");
        assert!(text.contains("error: geen handboek gevonden"), "{text}");
        assert!(text.contains("`--root MAP`"), "{text}");
        assert!(text.contains("`bekwaam init MAP`"), "{text}");
    }
    assert!(read_tree(dir.path()).is_empty(), "nothing was written");
    let json = bekwaam_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["errors"], 1);
}

#[test]
fn new_writes_a_competency_with_the_next_weight_that_builds_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    init_handbook(&root);
    let result = bekwaam_in(&root, &["new", "competentie", "Werkt veilig & zorgvuldig"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let file = root.join("content/competenties/werkt-veilig-zorgvuldig.md");
    let said = stdout(&result);
    assert!(
        said.contains(&format!(
            "Geschreven: {}",
            Path::new(".")
                .join("content/competenties/werkt-veilig-zorgvuldig.md")
                .display()
        )),
        "{said}"
    );
    assert!(said.trim_end().ends_with("bekwaam serve"), "{said}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("+++\ntitle = \"Werkt veilig & zorgvuldig\"\nweight = 3\n"),
        "{text}"
    );
    assert!(text.contains("\n## Voorbeelden\n\n### "), "{text}");
    assert!(text.contains("\n## Praktijktips\n\n- **"), "{text}");
    assert!(text.contains("\n## Wat je ziet\n\n- "), "{text}");
    assert!(text.contains("\n## Reflectievragen\n\n- "), "{text}");
    // The starter names a scale, so the new competency has a place for
    // each level, in the scale's order.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    assert!(config.contains("\nlevels = ["), "{config}");
    let at = |level: &str| text.find(&format!("\n### {level}\n"));
    assert!(text.contains("\n## Niveaus\n\n### "), "{text}");
    assert!(at("Startbekwaam").is_some(), "{text}");
    assert!(at("Startbekwaam") < at("Vakbekwaam") && at("Vakbekwaam") < at("Vakvolwassen"));

    // A page, in content/ and in a folder below it.
    for (args, path) in [
        (&["new", "pagina", "Over ons"][..], "content/over-ons.md"),
        (
            &["new", "pagina", "Werkwijze", "over/"],
            "content/over/werkwijze.md",
        ),
        (
            &["new", "pagina", "Contact", "over/bel-ons"],
            "content/over/bel-ons.md",
        ),
    ] {
        let result = bekwaam_in(&root.join("content"), args);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&result)
        );
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        assert!(text.starts_with("+++\ntitle = "), "{text}");
    }
    let later = std::fs::read_to_string(root.join("content/over/bel-ons.md")).unwrap();
    assert!(
        later.contains("weight = 2"),
        "the next weight in over/: {later}"
    );

    let check = bekwaam_in(&root, &["check", "--deny-warnings"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(stdout(&check).contains("3 competenties; 0 fouten, 0 waarschuwingen"));

    let next = bekwaam_in(&root, &["new", "competentie", "Nog een"]);
    assert_eq!(next.status.code(), Some(0));
    let text = std::fs::read_to_string(root.join("content/competenties/nog-een.md")).unwrap();
    assert!(text.contains("\nweight = 4\n"), "{text}");
}

#[test]
fn new_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    init_handbook(&root);
    let before = read_tree(dir.path());
    for args in [
        &["new", "competentie", "Luistert en vraagt door"][..],
        &[
            "new",
            "pagina",
            "Het handboek",
            "competenties/luistert-en-vraagt-door",
        ],
    ] {
        let result = bekwaam_in(&root, args);
        let text = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "{args:?}: {text}");
        assert!(
            text.contains(
                "content/competenties/luistert-en-vraagt-door.md: error: dit bestand bestaat al"
            ),
            "{text}"
        );
        assert!(result.stdout.is_empty());
        assert_eq!(read_tree(dir.path()), before, "nothing changed");
    }
    // Nor does it write outside content/.
    let result = bekwaam_in(&root, &["new", "pagina", "Weg", "../../buiten"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("in content/ van het handboek"),
        "{}",
        stderr(&result)
    );
    assert_eq!(read_tree(dir.path()), before, "nothing changed");
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let result = bekwaam(&["completions", shell]);
        assert_eq!(
            result.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&result)
        );
        let script = stdout(&result);
        for command in [
            "init",
            "new",
            "build",
            "check",
            "serve",
            "completions",
            "--root",
        ] {
            assert!(
                script.contains(command),
                "{shell} lacks {command}:\n{script}"
            );
        }
    }
}

#[test]
fn init_ends_with_the_command_that_previews() {
    let dir = tempfile::tempdir().unwrap();
    let result = bekwaam_in(dir.path(), &["init", "mijn handboek"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let said = stdout(&result);
    assert_eq!(
        said.lines().last(),
        Some("Bekijk het in je browser met: bekwaam --root 'mijn handboek' serve"),
        "{said}"
    );
    assert!(!said.contains("cargo"), "{said}");
    assert!(!said.contains(" build"), "{said}");
}

/// `serve --open` where nothing can open a browser says so: with no
/// `xdg-open` on the `PATH` (and no screen), and with one that fails.
#[cfg(all(feature = "serve", target_os = "linux"))]
#[test]
fn serve_open_says_so_when_no_browser_can_be_started() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    use std::process::Stdio;
    use std::sync::{Arc, Mutex};

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handboek");
    init_handbook(&root);
    let empty = dir.path().join("leeg");
    let failing = dir.path().join("faalt");
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::create_dir_all(&failing).unwrap();
    // What xdg-open does when it finds no browser: exit status 3.
    let script = failing.join("xdg-open");
    std::fs::write(&script, "#!/bin/sh\nexit 3\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    for (path, reason) in [
        (&empty, "er is geen browser gevonden"),
        (&failing, "xdg-open vond geen browser om te starten"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bekwaam"))
            .args([
                "--root",
                root.to_str().unwrap(),
                "serve",
                "-p",
                "0",
                "--open",
            ])
            .env("PATH", path)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("BROWSER")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let writer = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                writer.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let said = crate::helpers::wait_until("the preview says the browser did not open", || {
            let log = log.lock().unwrap().clone();
            if log.contains("Kan de browser niet openen") {
                Ok(log)
            } else {
                Err(log)
            }
        });
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(said.contains(reason), "{said}");
        assert!(said.contains("open http://127.0.0.1:"), "{said}");
    }
}
