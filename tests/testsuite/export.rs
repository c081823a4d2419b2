//! The exports: `handboek.json`, `case.json` (1EdTech CASE 1.1) and
//! `competenties.csv`, built from `tests/fixtures/framework/` (two
//! competencies with levels, indicators, examples, tips, questions, a
//! `related` and an `esco` link), from the sample and from the starter.
//!
//! `case.json` is checked against the rules of the CASE 1.1 CFPackage JSON
//! schema, written out in `export/case_rules.rs`: the properties each object
//! may have and must have, identifiers as lowercase UUIDs, date-times, and
//! every association's ends found in the package.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::helpers::{build, build_ok, check, copy_folder, sample_root, starter, stderr, write};

mod case_rules;
use case_rules::{case_problems, is_case_uuid};

/// A copy of the framework fixture in a new temporary folder.
fn framework() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("kader");
    copy_folder(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/framework"),
        &root,
    );
    (dir, root)
}

fn json(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> Value {
    serde_json::from_slice(&tree[path]).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_validator_catches_what_case_forbids() {
    let (_dir, root) = framework();
    let tree = build_ok(&root, &root.join("public"));
    let good = json(&tree, "case.json");
    assert_eq!(case_problems(&good), Vec::<String>::new());
    let mut bad = good.clone();
    bad["CFItems"][0]["slug"] = "x".into();
    bad["CFItems"][1]["identifier"] = "46725592-27C1-558C-9BBE-4EFAE0ACE0F8".into();
    bad["CFItems"][2]["lastChangeDateTime"] = "2026-10-01".into();
    bad["CFAssociations"][0]["destinationNodeURI"]["identifier"] =
        "00000000-0000-5000-8000-000000000000".into();
    bad["CFDocument"].as_object_mut().unwrap().remove("creator");
    let problems = case_problems(&bad).join("\n");
    for expected in [
        "CFItems[0]: `slug` is no property",
        "CFItems[1]: `identifier` has a bad value",
        "CFItems[2]: `lastChangeDateTime` has a bad value",
        "CFAssociations[0].destinationNodeURI: 00000000-0000-5000-8000-000000000000 is nothing",
        "CFDocument: the required `creator` is missing",
    ] {
        assert!(problems.contains(expected), "{expected}\nin:\n{problems}");
    }
}

/// The codes and kinds of `case.json`'s items, in order.
fn codes(package: &Value) -> Vec<(String, String)> {
    package["CFItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["humanCodingScheme"].as_str().unwrap().to_string(),
                i["CFItemType"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn case_json_is_a_case_package_of_the_whole_framework() {
    let (_dir, root) = framework();
    let tree = build_ok(&root, &root.join("public"));
    let package = json(&tree, "case.json");
    assert_eq!(case_problems(&package), Vec::<String>::new());
    let codes = codes(&package);
    let expected = [
        ("C1", "Competentie"),
        ("C1.G1", "Gedragsindicator"),
        ("C1.G2", "Gedragsindicator"),
        ("C1.N1.1", "Niveau-indicator"),
        ("C1.N1.2", "Niveau-indicator"),
        ("C1.N2.1", "Niveau-indicator"),
        ("C1.N3.1", "Niveau-indicator"),
        ("C1.V1", "Voorbeeld"),
        ("C1.T1", "Praktijktip"),
        ("C1.T2", "Praktijktip"),
        ("C1.R1", "Reflectievraag"),
        ("C1.R2", "Reflectievraag"),
        ("C2", "Competentie"),
    ];
    for (i, (code, kind)) in expected.iter().enumerate() {
        assert_eq!((codes[i].0.as_str(), codes[i].1.as_str()), (*code, *kind));
    }
    assert_eq!(codes.len(), 12 + 1 + 1 + 3 + 1 + 1 + 1);
    let document = &package["CFDocument"];
    assert_eq!(document["creator"], "Testorganisatie");
    assert_eq!(document["uri"], "https://kader.example.nl/boek/");
    assert_eq!(document["lastChangeDateTime"], "2026-10-01T00:00:00+00:00");
    let items = package["CFItems"].as_array().unwrap();
    assert_eq!(items[0]["fullStatement"], "Luistert en vraagt door");
    assert_eq!(items[1]["fullStatement"], "Je stelt open vragen.");
    assert_eq!(items[7]["abbreviatedStatement"], "Een vraag over de tuin");
    assert_eq!(items[3]["extensions"]["level"], "Startbekwaam");
    assert_eq!(
        items[1]["uri"],
        "https://kader.example.nl/boek/competenties/luistert/#gedrag-je-stelt-open-vragen"
    );
    // Each page's date; the handbook's latest for a page without one.
    assert_eq!(items[12]["lastChangeDateTime"], "2026-03-04T00:00:00+00:00");
    // The associations: the tree, the order, `related` and ESCO.
    let associations = package["CFAssociations"].as_array().unwrap();
    let of = |kind: &str| {
        associations
            .iter()
            .filter(|a| a["associationType"] == kind)
            .map(|a| {
                let end = |e: &str| a[e]["identifier"].as_str().unwrap().to_string();
                (end("originNodeURI"), end("destinationNodeURI"))
            })
            .collect::<Vec<_>>()
    };
    let id = |i: usize| items[i]["identifier"].as_str().unwrap().to_string();
    let document_id = document["identifier"].as_str().unwrap().to_string();
    let children = of("isChildOf");
    assert_eq!(children.len(), items.len());
    assert!(children.contains(&(id(0), document_id.clone())));
    assert!(children.contains(&(id(12), document_id)));
    assert!(children.contains(&(id(5), id(0))));
    assert_eq!(of("precedes"), [(id(0), id(12))]);
    assert_eq!(of("isRelatedTo"), [(id(0), id(12))]);
    assert_eq!(
        of("exactMatchOf"),
        [(
            id(0),
            "http://data.europa.eu/esco/skill/15d76317-c71a-4fa2-aadc-2ecc34e627b7".to_string()
        )]
    );
    // The levels as one rubric: a criterion per competency, a level each.
    let rubrics = package["CFRubrics"].as_array().unwrap();
    assert_eq!(rubrics.len(), 1);
    let criteria = rubrics[0]["CFRubricCriteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 2);
    assert_eq!(criteria[0]["CFItemURI"]["identifier"], id(0).as_str());
    let levels = criteria[1]["CFRubricCriterionLevels"].as_array().unwrap();
    let shown: Vec<(&str, u64, &str)> = levels
        .iter()
        .map(|l| {
            (
                l["quality"].as_str().unwrap(),
                l["score"].as_u64().unwrap(),
                l["description"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Startbekwaam", 1, "Met hulp."),
            ("Vakbekwaam", 2, "Zelf."),
            ("Vakvolwassen", 3, "Voor anderen.")
        ]
    );
}

#[test]
fn two_builds_in_two_folders_give_identical_exports() {
    let (_one, first) = framework();
    let (_two, second) = framework();
    let a = build_ok(&first, &first.join("public"));
    let b = build_ok(&second, &second.join("elders"));
    for file in ["case.json", "handboek.json", "competenties.csv"] {
        assert!(!a[file].is_empty(), "{file}");
        assert!(a[file] == b[file], "{file} differs between two builds");
    }
    // The identifiers come from the namespace: another gives others.
    let config = std::fs::read_to_string(second.join("config.toml")).unwrap();
    write(
        &second,
        "config.toml",
        config.replace(
            "9a4f3c2e-1b7d-4e6a-8f5c-2d1e0b9a8c7f",
            "11111111-2222-4333-8444-555555555555",
        ),
    );
    let c = build_ok(&second, &second.join("public"));
    let (a, c) = (json(&a, "case.json"), json(&c, "case.json"));
    assert_ne!(a["CFDocument"]["identifier"], c["CFDocument"]["identifier"]);
    assert_eq!(codes(&a), codes(&c));
    assert_eq!(case_problems(&c), Vec::<String>::new());
}

/// The number of parts of every kind in `handboek.json`, and competencies.
fn count_items(export: &Value) -> usize {
    let competencies = export["competencies"].as_array().unwrap();
    let len = |c: &Value, key: &str| c[key].as_array().unwrap().len();
    competencies
        .iter()
        .map(|c| {
            let level_indicators: usize = c["levels"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| len(l, "indicators"))
                .sum();
            1 + len(c, "behaviour")
                + level_indicators
                + len(c, "examples")
                + len(c, "tips")
                + len(c, "questions")
        })
        .sum()
}

/// The rows of a CSV as Python's `csv` module reads it (`;`, `utf-8-sig`).
fn python_rows(file: &Path) -> Vec<Vec<String>> {
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n\
        \x20   print(json.dumps(list(csv.reader(f, delimiter=';'))))\n";
    let output = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_csv_opens_in_python_with_a_row_for_every_item() {
    for (name, (_dir, root)) in [
        ("kader", framework()),
        ("voorbeeld", {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("voorbeeld");
            crate::helpers::copy_sample(&root);
            (dir, root)
        }),
    ] {
        let out = root.join("public");
        let tree = build_ok(&root, &out);
        let bytes = &tree["competenties.csv"];
        assert!(
            bytes.starts_with("\u{feff}code;soort;".as_bytes()),
            "{name}"
        );
        let text = std::str::from_utf8(bytes).unwrap();
        assert!(text.ends_with("\r\n"), "{name}");
        let rows = python_rows(&out.join("competenties.csv"));
        assert_eq!(
            text.matches("\r\n").count(),
            rows.len(),
            "{name}: a row without CRLF"
        );
        assert_eq!(
            rows[0],
            [
                "code",
                "soort",
                "competentie",
                "niveau",
                "titel",
                "tekst",
                "adres"
            ],
            "{name}"
        );
        let export = json(&tree, "handboek.json");
        assert_eq!(rows.len() - 1, count_items(&export), "{name}");
        assert!(rows.iter().all(|r| r.len() == 7), "{name}");
        // The codes are those of case.json, in the same order.
        let case: Vec<String> = codes(&json(&tree, "case.json"))
            .into_iter()
            .map(|c| c.0)
            .collect();
        let csv: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
        assert_eq!(csv, case, "{name}");
    }
}

#[test]
fn the_csv_keeps_separators_and_shows_formulas_as_text() {
    let (_dir, root) = framework();
    let out = root.join("public");
    build_ok(&root, &out);
    let rows = python_rows(&out.join("competenties.csv"));
    let row = |code: &str| rows.iter().find(|r| r[0] == code).unwrap().clone();
    assert_eq!(
        row("C1.N1.2")[1..6],
        [
            "niveau",
            "Luistert en vraagt door",
            "Startbekwaam",
            "",
            "Je vat samen; soms “=SOM(A1)” of met een komma, zoals hier."
        ]
    );
    assert_eq!(row("C1.T1")[4], "Vraag naar een gewone dag");
    assert_eq!(
        row("C2.N2.1")[6],
        "https://kader.example.nl/boek/competenties/werkt-samen/#vakbekwaam-je-werkt-samen-over-twee-regels"
    );
    let (_dir, root) = framework();
    let page = std::fs::read_to_string(root.join("content/competenties/werkt-samen.md")).unwrap();
    write(
        &root,
        "content/competenties/werkt-samen.md",
        page.replace("- Je leidt een overleg.", "- =HYPERLINK(\"x\")"),
    );
    let out = root.join("public");
    build_ok(&root, &out);
    let rows = python_rows(&out.join("competenties.csv"));
    let cell = &rows.iter().find(|r| r[0] == "C2.N3.1").unwrap()[5];
    assert_eq!(cell, "'=HYPERLINK(“x”)");
}

#[test]
fn handboek_json_has_the_scale_the_indicators_the_levels_and_the_questions() {
    let (_dir, root) = framework();
    let tree = build_ok(&root, &root.join("public"));
    let export = json(&tree, "handboek.json");
    assert_eq!(
        export["levels"],
        serde_json::json!(["Startbekwaam", "Vakbekwaam", "Vakvolwassen"])
    );
    let first = &export["competencies"][0];
    assert_eq!(first["code"], "C1");
    assert_eq!(
        first["esco"],
        "http://data.europa.eu/esco/skill/15d76317-c71a-4fa2-aadc-2ecc34e627b7"
    );
    assert_eq!(first["behaviour"][1]["text"], "Je vat samen wat je hoort.");
    assert_eq!(first["behaviour"][1]["code"], "C1.G2");
    assert_eq!(
        first["behaviour"][1]["url"],
        "/boek/competenties/luistert/#gedrag-je-vat-samen-wat-je-hoort"
    );
    let level = &first["levels"][1];
    assert_eq!(level["name"], "Vakbekwaam");
    assert_eq!(level["step"], 2);
    assert_eq!(level["id"], "vakbekwaam");
    assert_eq!(level["text"], "Je luistert zelfstandig.");
    assert_eq!(level["description"], "<p>Je luistert zelfstandig.</p>\n");
    assert_eq!(level["indicators"][0]["code"], "C1.N2.1");
    assert_eq!(
        first["questions"][1]["text"],
        "Welke vraag stelde je te snel?"
    );
    assert_eq!(first["questions"][1]["code"], "C1.R2");
    // What was there before stays.
    for key in [
        "description",
        "examples",
        "number",
        "related",
        "slug",
        "summary",
        "tips",
        "title",
        "url",
    ] {
        assert!(first.get(key).is_some(), "{key}");
    }
    // Every anchor in the export is on its page.
    for competency in export["competencies"].as_array().unwrap() {
        let page = format!(
            "{}index.html",
            competency["url"]
                .as_str()
                .unwrap()
                .trim_start_matches("/boek/")
        );
        let html = std::str::from_utf8(&tree[&page]).unwrap();
        let mut ids: Vec<&str> = Vec::new();
        for key in ["behaviour", "questions", "levels"] {
            ids.extend(
                competency[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["id"].as_str().unwrap()),
            );
        }
        for level in competency["levels"].as_array().unwrap() {
            ids.extend(
                level["indicators"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["id"].as_str().unwrap()),
            );
        }
        for id in ids {
            assert!(
                html.contains(&format!("id=\"{id}\"")),
                "{page} has no #{id}"
            );
        }
    }
}

#[test]
fn the_sample_exports_a_valid_case_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let result = build(&sample_root(), &out, &[]);
    assert!(result.status.success(), "{}", stderr(&result));
    let tree = crate::helpers::read_tree(&out);
    let package = json(&tree, "case.json");
    assert_eq!(case_problems(&package), Vec::<String>::new());
    let competencies = codes(&package)
        .iter()
        .filter(|c| c.1 == "Competentie")
        .count();
    assert_eq!(competencies, 10);
    // The sample's base_url is a path: URIs are URNs of the identifiers.
    let document = &package["CFDocument"];
    assert_eq!(
        document["uri"].as_str().unwrap(),
        format!("urn:uuid:{}", document["identifier"].as_str().unwrap())
    );
    // With levels in the sample, every competency is a criterion of the rubric.
    if let Some(rubric) = package["CFRubrics"].as_array().and_then(|r| r.first()) {
        assert_eq!(rubric["CFRubricCriteria"].as_array().unwrap().len(), 10);
    }
}

#[test]
fn portable_builds_write_the_exports_and_the_sitemap_lists_none() {
    let (_dir, root) = framework();
    let out = root.join("public");
    let result = build(&root, &out, &["--portable"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let tree = crate::helpers::read_tree(&out);
    for file in ["case.json", "handboek.json", "competenties.csv"] {
        assert!(tree.contains_key(file), "{file}");
    }
    assert_eq!(
        case_problems(&json(&tree, "case.json")),
        Vec::<String>::new()
    );
    let plain = build_ok(&root, &root.join("gewoon"));
    let sitemap = std::str::from_utf8(&plain["sitemap.xml"]).unwrap();
    assert!(sitemap.contains("<loc>https://kader.example.nl/boek/competenties/luistert/</loc>"));
    for file in [".json", ".csv"] {
        assert!(!sitemap.contains(file), "the sitemap lists a {file} file");
    }
}

#[test]
fn a_bad_esco_address_is_an_error_at_its_line() {
    for bad in [
        "https://esco.ec.europa.eu/nl/skill/x",
        "http://data.europa.eu/esco/skill/met spatie",
    ] {
        let (_dir, root) = framework();
        let file = root.join("content/competenties/werkt-samen.md");
        let page = std::fs::read_to_string(&file).unwrap();
        write(
            &root,
            "content/competenties/werkt-samen.md",
            page.replace("weight = 2\n", &format!("weight = 2\nesco = \"{bad}\"\n")),
        );
        let (code, _, err) = check(&root, &[]);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("content/competenties/werkt-samen.md:4:1: error: `esco` is"),
            "{err}"
        );
        assert!(
            err.contains("help: kopieer het adres van de vaardigheid uit ESCO"),
            "{err}"
        );
        let result = build(&root, &root.join("public"), &[]);
        assert_eq!(result.status.code(), Some(1));
    }
}

#[test]
fn a_bad_namespace_is_an_error_at_its_line() {
    let (_dir, root) = framework();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    write(
        &root,
        "config.toml",
        config.replace("9a4f3c2e-1b7d-4e6a-8f5c-2d1e0b9a8c7f", "geen-uuid"),
    );
    let (code, _, err) = check(&root, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("config.toml:11:1: error: `namespace` is geen UUID: `geen-uuid`"),
        "{err}"
    );
    let result = build(&root, &root.join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(!root.join("public/case.json").exists());
}

#[test]
fn without_a_namespace_check_warns_and_the_base_url_gives_one() {
    let (_one, first) = framework();
    let (_two, second) = framework();
    for root in [&first, &second] {
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        write(
            root,
            "config.toml",
            config.replace("namespace = \"9a4f3c2e-1b7d-4e6a-8f5c-2d1e0b9a8c7f\"\n", ""),
        );
    }
    let (code, _, err) = check(&first, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("config.toml:9:2: warning: `[handbook]` heeft geen `namespace`"),
        "{err}"
    );
    let help = err
        .lines()
        .find(|l| l.contains("help: zet `namespace = \""))
        .unwrap();
    let offered = help.split('"').nth(1).unwrap();
    assert!(is_case_uuid(offered), "{offered}");
    assert!(err.contains("`bekwaam init` doet dat voor je"), "{err}");
    // The build warns too, and still gives stable, valid identifiers.
    let result = build(&first, &first.join("public"), &[]);
    assert!(stderr(&result).contains("heeft geen `namespace`"));
    let a = crate::helpers::read_tree(&first.join("public"));
    let b = build_ok(&second, &second.join("public"));
    assert!(a["case.json"] == b["case.json"]);
    assert_eq!(case_problems(&json(&a, "case.json")), Vec::<String>::new());
}

#[test]
fn init_writes_a_new_namespace_and_its_handbook_gets_no_warning() {
    let (_one, first) = starter();
    let (_two, second) = starter();
    let namespace = |root: &Path| {
        let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
        let value: toml::Table = config.parse().unwrap();
        value["handbook"]["namespace"].as_str().unwrap().to_string()
    };
    let (a, b) = (namespace(&first), namespace(&second));
    assert!(is_case_uuid(&a), "{a}");
    assert_ne!(a, b);
    let (code, _, err) = check(&first, &[]);
    assert_eq!(code, Some(0));
    assert!(!err.contains("namespace"), "{err}");
    let tree = build_ok(&first, &first.join("public"));
    let package = json(&tree, "case.json");
    assert_eq!(case_problems(&package), Vec::<String>::new());
}

#[test]
fn an_english_handbook_has_english_names_and_files() {
    let (_dir, root) = framework();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let headings = "[handbook]\nexamples_heading = \"Voorbeelden\"\ntips_heading = \"Praktijktips\"\n\
        behaviour_heading = \"Wat je ziet\"\nlevels_heading = \"Niveaus\"\nreflection_heading = \"Reflectievragen\"\n";
    write(
        &root,
        "config.toml",
        config
            .replace("language = \"nl\"", "language = \"en\"")
            .replace("[handbook]\n", headings),
    );
    let out = root.join("public");
    let tree = build_ok(&root, &out);
    assert!(!tree.contains_key("handboek.json") && !tree.contains_key("competenties.csv"));
    let package = json(&tree, "case.json");
    assert_eq!(case_problems(&package), Vec::<String>::new());
    let kinds: HashSet<String> = codes(&package).into_iter().map(|c| c.1).collect();
    for kind in [
        "Competency",
        "Behaviour indicator",
        "Level indicator",
        "Example",
        "Tip",
        "Reflection question",
    ] {
        assert!(kinds.contains(kind), "{kind}: {kinds:?}");
    }
    let rows = python_rows(&out.join("competencies.csv"));
    assert_eq!(
        rows[0],
        [
            "code",
            "kind",
            "competency",
            "level",
            "title",
            "text",
            "url"
        ]
    );
    assert_eq!(rows.len() - 1, count_items(&json(&tree, "handbook.json")));
    assert_eq!(rows[2][1], "behaviour");
}
