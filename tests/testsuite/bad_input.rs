//! A mistake in a handbook names its file and line, exits with status 1, and
//! leaves the previous output exactly as it was.

use std::path::Path;

use crate::helpers::{bekwaam, build, build_ok, init_handbook, read_tree, stderr, write};

/// A fresh starter handbook in a temporary folder, built once into `public/`.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        init_handbook(&dir.path().join("handboek"));
        let case = Case { dir };
        build_ok(&case.root(), &case.out());
        case
    }
    fn root(&self) -> std::path::PathBuf {
        self.dir.path().join("handboek")
    }
    fn out(&self) -> std::path::PathBuf {
        self.dir.path().join("public")
    }
    fn write(&self, path: &str, text: impl AsRef<[u8]>) {
        write(&self.root(), path, text);
    }
    /// Builds again; asserts failure, the expected places in the messages
    /// and an untouched output. Returns standard error.
    fn fails_with(&self, expected: &[&str]) -> String {
        let before = read_tree(&self.out());
        let result = build(&self.root(), &self.out(), &[]);
        let err = stderr(&result);
        assert_eq!(result.status.code(), Some(1), "exit status; stderr:\n{err}");
        for place in expected {
            assert!(err.contains(place), "expected `{place}` in:\n{err}");
        }
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            read_tree(&self.out()),
            before,
            "the previous output changed"
        );
        let leftovers: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect();
        assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
        err
    }
}

const PAGE: &str = "content/competenties/luistert-en-vraagt-door.md";

fn page_with(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}")
}

#[test]
fn bad_toml_in_front_matter() {
    let case = Case::new();
    case.write(PAGE, page_with("title = \"Luistert\nweight = 1", "Tekst\n"));
    case.fails_with(&["content/competenties/luistert-en-vraagt-door.md:2:"]);
}

#[test]
fn missing_title() {
    let case = Case::new();
    case.write(PAGE, page_with("weight = 1", "Tekst\n"));
    let err = case.fails_with(&["content/competenties/luistert-en-vraagt-door.md:", "title"]);
    assert!(err.contains("error:"), "{err}");
}

#[test]
fn unknown_front_matter_key_suggests_the_nearest() {
    let case = Case::new();
    case.write(
        PAGE,
        page_with("title = \"Luistert\"\nwieght = 1", "Tekst\n"),
    );
    case.fails_with(&[
        "content/competenties/luistert-en-vraagt-door.md:3:1: error: onbekende sleutel `wieght`",
        "`weight`",
    ]);
}

#[test]
fn unknown_config_key() {
    let case = Case::new();
    let config = std::fs::read_to_string(case.root().join("config.toml")).unwrap();
    // The starter has a [handbook] table: the typo goes on its first line.
    let table = config.lines().position(|l| l == "[handbook]").unwrap();
    case.write(
        "config.toml",
        config.replacen(
            "[handbook]\n",
            "[handbook]\nexample_heading = \"Casussen\"\n",
            1,
        ),
    );
    let line = table + 2;
    case.fails_with(&[
        &format!("config.toml:{line}:1:"),
        "handbook.example_heading",
        "`examples_heading`",
    ]);
}

#[test]
fn bad_toml_in_config() {
    let case = Case::new();
    case.write("config.toml", "title = \"Handboek\"\nlanguage = nl\n");
    case.fails_with(&["config.toml:2:"]);
}

#[test]
fn broken_internal_link() {
    let case = Case::new();
    case.write(
        "content/over.md",
        page_with(
            "title = \"Over\"",
            "Eerste regel.\n\nZie [dit](@/competenties/bestaat-niet.md).\n",
        ),
    );
    case.fails_with(&["content/over.md:6:5:", "@/competenties/bestaat-niet.md"]);
}

#[test]
fn broken_anchor() {
    let case = Case::new();
    case.write(
        "content/over.md",
        page_with(
            "title = \"Over\"",
            "[tips](@/competenties/luistert-en-vraagt-door.md#geen-kop)\n",
        ),
    );
    case.fails_with(&["content/over.md:4:1:", "#geen-kop"]);
}

#[test]
fn broken_image() {
    let case = Case::new();
    case.write(
        "content/over.md",
        page_with("title = \"Over\"", "\n![logo](/img/logo.png)\n"),
    );
    case.fails_with(&["content/over.md:5:1:", "/img/logo.png"]);
}

#[test]
fn related_names_no_competency() {
    let case = Case::new();
    case.write(
        PAGE,
        page_with(
            "title = \"Luistert\"\nweight = 1\nrelated = [\"werkt-samen-met-andren\"]",
            "Tekst\n",
        ),
    );
    case.fails_with(&[
        "content/competenties/luistert-en-vraagt-door.md:4:1:",
        "werkt-samen-met-andren",
        "bedoel je `werkt-samen-met-anderen`",
    ]);
}

#[test]
fn file_that_is_not_utf8() {
    let case = Case::new();
    case.write(
        "content/oud.md",
        b"+++\ntitle = \"Oud\"\n+++\nCaf\xe9\n".as_slice(),
    );
    case.fails_with(&["content/oud.md:4:4:", "UTF-8"]);
}

#[test]
fn two_files_claim_one_url() {
    let case = Case::new();
    case.write("content/Mijn Pagina.md", page_with("title = \"Een\"", ""));
    case.write("content/mijn-pagina.md", page_with("title = \"Twee\"", ""));
    case.fails_with(&[
        "content/Mijn Pagina.md:",
        "content/mijn-pagina.md:",
        "/mijn-pagina/",
    ]);
}

#[test]
fn front_matter_that_never_closes() {
    let case = Case::new();
    case.write(PAGE, "+++\ntitle = \"Luistert\"\n\nTekst zonder einde\n");
    case.fails_with(&[
        "content/competenties/luistert-en-vraagt-door.md:1:1:",
        "niet afgesloten",
    ]);
}

#[test]
fn page_without_front_matter() {
    let case = Case::new();
    case.write("content/los.md", "# Los\n\nGeen front matter.\n");
    case.fails_with(&["content/los.md:1:1:"]);
}

#[test]
fn unknown_template_variable() {
    let case = Case::new();
    case.write(
        "templates/page.html",
        "<html><body>{{ page.titel }}</body></html>",
    );
    case.write("content/over.md", page_with("title = \"Over\"", "Tekst\n"));
    case.fails_with(&["templates/page.html", "titel", "content/over.md"]);
}

#[test]
fn template_syntax_error() {
    let case = Case::new();
    case.write(
        "templates/page.html",
        "<html>\n<body>\n{% if page.title %}\n</body></html>",
    );
    case.fails_with(&["templates/page.html"]);
}

#[test]
fn template_named_in_front_matter_is_missing() {
    let case = Case::new();
    case.write(
        "content/over.md",
        page_with("title = \"Over\"\ntemplate = \"speciaal.html\"", "Tekst\n"),
    );
    case.fails_with(&["content/over.md:3:1:", "speciaal.html"]);
}

#[test]
fn theme_that_does_not_exist() {
    let case = Case::new();
    let config = std::fs::read_to_string(case.root().join("config.toml")).unwrap();
    case.write("config.toml", format!("theme = \"zomer\"\n{config}"));
    case.fails_with(&["config.toml", "zomer"]);
}

#[test]
fn generated_page_url_taken_by_content() {
    let case = Case::new();
    case.write(
        "content/alle-praktijktips.md",
        page_with("title = \"Tips\"", "Tekst\n"),
    );
    case.fails_with(&["content/alle-praktijktips.md:", "/alle-praktijktips/"]);
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    let case = Case::new();
    std::os::unix::fs::symlink(
        case.root().join("content"),
        case.root().join("content/competenties/lus"),
    )
    .unwrap();
    case.fails_with(&["content/competenties/lus", "lus"]);
}

#[test]
fn all_problems_of_a_run_are_reported_sorted() {
    let case = Case::new();
    case.write("content/a.md", page_with("title = \"A\"\nwieght = 1", ""));
    case.write(
        "content/b.md",
        page_with("title = \"B\"", "[x](@/nergens.md)\n\n[y](@/ook-niet.md)\n"),
    );
    case.write(
        PAGE,
        page_with("title = \"Luistert\"\nrelated = [\"niemand\"]", ""),
    );
    let err = case.fails_with(&[
        "content/a.md:3:1:",
        "content/b.md:4:1:",
        "content/b.md:6:1:",
        "luistert-en-vraagt-door.md:3:1:",
    ]);
    let order: Vec<usize> = [
        "content/a.md:3",
        "content/b.md:4",
        "content/b.md:6",
        "content/competenties/luistert",
    ]
    .iter()
    .map(|p| err.find(p).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "not sorted:\n{err}");
    assert!(err.contains("4 fouten"), "{err}");
}

#[test]
fn usage_errors_exit_with_2() {
    let result = bekwaam(&["bouw"]);
    assert_eq!(result.status.code(), Some(2));
    let result = bekwaam(&["build", "--onbekend"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn missing_handbook_folder_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let result = build(dir.path(), &dir.path().join("public"), &[]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("config.toml"));
    assert!(!Path::new(&dir.path().join("public")).exists());
}

#[test]
fn output_may_not_replace_the_handbook() {
    let case = Case::new();
    let before = read_tree(&case.root());
    let result = build(&case.root(), &case.root().join("content"), &[]);
    assert_eq!(result.status.code(), Some(1));
    let result = build(&case.root(), &case.root(), &[]);
    assert_eq!(result.status.code(), Some(1));
    assert_eq!(read_tree(&case.root()), before);
}
