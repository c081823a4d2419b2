//! `bekwaam new`: a new competency or page, with the front matter and the
//! headings the build looks for, so an editor starts from a file that
//! builds without a warning and only has to replace the placeholder text.
//!
//! A competency goes into the competencies folder (`[handbook]
//! competencies`), a page into `content/` or a folder below it. The file gets
//! the next weight in its folder (the highest there plus one), its name is
//! made from the title (the `slug` crate), and an existing file is never
//! overwritten: the file is created with `create_new`, which fails when
//! something is already there, also when it appeared a moment ago.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::config::{Config, Handbook};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::{frontmatter, source};

/// What `new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A competency, in the competencies folder.
    Competency,
    /// An ordinary page.
    Page,
}

/// Writes a new file of `kind` titled `title` into the handbook at `root`
/// and returns its path below `root`. `file` is the file's name (for a page:
/// a path below `content/`, or a folder there when it ends with `/`);
/// without it the name is made from the title.
pub fn new(
    root: &Path,
    kind: Kind,
    title: &str,
    file: Option<&Path>,
) -> Result<PathBuf, Diagnostics> {
    let config = Config::load(root)?;
    let title = title.trim();
    if !frontmatter::has_visible_text(title) {
        return Err(Diagnostic::general("de titel is leeg")
            .with_help("geef een titel tussen aanhalingstekens: bekwaam new competentie \"Werkt samen met anderen\"")
            .into());
    }
    if title.chars().any(char::is_control) {
        return Err(Diagnostic::general(
            "de titel moet op één regel staan, zonder tabs of andere stuurtekens",
        )
        .with_help("geef een titel van één regel tussen aanhalingstekens")
        .into());
    }
    let relative = target(&config.handbook, kind, title, file)?;
    let path = root.join(&relative);
    let folder = path.parent().unwrap_or(root).to_path_buf();
    let shown_folder = relative.parent().unwrap_or(Path::new("")).to_path_buf();
    std::fs::create_dir_all(&folder).map_err(|error| {
        Diagnostic::error(&shown_folder, format!("kan de map niet maken ({error})"))
            .with_help("controleer of je in deze map mag schrijven")
    })?;
    source::refuse_outside(root, &folder)?;
    let weight = next_weight(&folder);
    let text = match kind {
        Kind::Competency => competency_text(&config.handbook, title, weight),
        Kind::Page => page_text(title, weight),
    };
    write_new(&path, &relative, &text)?;
    Ok(relative)
}

/// The path below the handbook of the file to write.
fn target(
    handbook: &Handbook,
    kind: Kind,
    title: &str,
    file: Option<&Path>,
) -> Result<PathBuf, Diagnostic> {
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::general(format!(
            "van de titel `{title}` kan Bekwaam geen bestandsnaam maken"
        ))
        .with_help("geef de naam van het bestand erachter: bekwaam new pagina \"…\" over-ons"));
    }
    let content = PathBuf::from("content");
    let Some(file) = file else {
        let folder = match kind {
            Kind::Competency => content.join(&handbook.competencies),
            Kind::Page => content,
        };
        return Ok(folder.join(format!("{slug}.md")));
    };
    let shown = file.display().to_string();
    let plain = file.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain || file.as_os_str().is_empty() {
        return Err(Diagnostic::general(format!(
            "`{shown}` kan niet: het bestand moet in content/ van het handboek komen"
        ))
        .with_help("geef een naam, of bij een pagina een map en een naam onder content/, zoals over/werkwijze"));
    }
    let in_folder = shown.ends_with('/') || shown.ends_with(std::path::MAIN_SEPARATOR);
    if kind == Kind::Competency && (in_folder || file.components().count() > 1) {
        return Err(Diagnostic::general(format!(
            "`{shown}` kan niet: een competentie komt altijd in content/{}/",
            handbook.competencies
        ))
        .with_help("geef alleen de naam van het bestand, zonder map"));
    }
    let base = match kind {
        Kind::Competency => content.join(&handbook.competencies),
        Kind::Page => content,
    };
    if in_folder {
        return Ok(base.join(file).join(format!("{slug}.md")));
    }
    let mut path = base.join(file);
    if path.extension().is_none_or(|ext| ext != "md") {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".md");
        path.set_file_name(name);
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    if name == "_index.md" || source::is_ignored_name(&name) {
        return Err(Diagnostic::general(format!(
            "`{name}` kan niet als naam: Bekwaam leest zo'n bestand niet als pagina"
        ))
        .with_help("kies een naam met letters en streepjes, zoals werkt-samen"));
    }
    Ok(path)
}

/// The highest weight of the pages in `folder`, plus one (1 when none has
/// one). A file that does not read or parse is skipped: the build names it.
fn next_weight(folder: &Path) -> i64 {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 1;
    };
    let highest = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter(|path| path.file_name().is_some_and(|name| name != "_index.md"))
        .filter_map(|path| weight_of(&path))
        .max();
    highest.map_or(1, |weight| weight.saturating_add(1))
}

/// The weight in the front matter of the file at `path`, if it has one.
fn weight_of(path: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let split = frontmatter::split(path, text).ok()?;
    frontmatter::parse(path, text, &split).ok()?.value.weight
}

/// `text` as a TOML string, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A new competency: front matter, the description, and a heading with a
/// placeholder for each part (the levels only when the handbook has a scale),
/// so it builds without warnings.
fn competency_text(handbook: &Handbook, title: &str, weight: i64) -> String {
    let levels: String = handbook
        .levels
        .iter()
        .map(|level| {
            format!(
                "### {level}\n\n\
                 Wat dit niveau betekent voor deze competentie, in een of twee zinnen.\n\n\
                 - Gedrag dat je ziet bij iemand op het niveau {level}.\n\n"
            )
        })
        .collect();
    let levels = if levels.is_empty() {
        levels
    } else {
        format!("## {}\n\n{levels}", handbook.levels_heading)
    };
    format!(
        "+++\n\
         title = {title}\n\
         weight = {weight}\n\
         summary = \"Eén zin over deze competentie: die komt op de kaart op de startpagina.\"\n\
         +++\n\
         \n\
         Beschrijf hier in een paar zinnen wat deze competentie is en waarom ze ertoe doet.\n\
         \n\
         ## {behaviour}\n\
         \n\
         - Gedrag dat je ziet als iemand dit goed doet.\n\
         \n\
         {levels}\
         ## {examples}\n\
         \n\
         ### Titel van het voorbeeld\n\
         \n\
         Vertel hier een situatie uit de praktijk: wie, wat er gebeurde en wat de werker deed.\n\
         \n\
         ## {tips}\n\
         \n\
         - **Korte titel van de tip**: wat je kunt doen, in een of twee zinnen.\n\
         \n\
         ## {reflection}\n\
         \n\
         - Wanneer lukte dit jou goed, en wat hielp je daarbij?\n",
        title = quoted(title),
        behaviour = handbook.behaviour_heading,
        examples = handbook.examples_heading,
        tips = handbook.tips_heading,
        reflection = handbook.reflection_heading,
    )
}

/// A new page: front matter and a line of text to replace.
fn page_text(title: &str, weight: i64) -> String {
    format!(
        "+++\ntitle = {}\nweight = {weight}\n+++\n\nSchrijf hier de tekst van de pagina.\n",
        quoted(title)
    )
}

/// Writes `text` to `path` (shown as `relative`), which may not exist yet.
fn write_new(path: &Path, relative: &Path, text: &str) -> Result<(), Diagnostic> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(
                    relative,
                    "dit bestand bestaat al; Bekwaam schrijft er niet overheen",
                )
                .with_help("kies een andere titel, of geef een andere bestandsnaam achter de titel")
            } else {
                Diagnostic::error(relative, format!("kan het bestand niet maken ({error})"))
                    .with_help("controleer of je in deze map mag schrijven")
            }
        })?;
    file.write_all(text.as_bytes()).map_err(|error| {
        Diagnostic::error(
            relative,
            format!("kan het bestand niet schrijven ({error})"),
        )
        .with_help("controleer of er ruimte is op de schijf")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handbook() -> Handbook {
        Config::parse("title = \"H\"\n").unwrap().handbook
    }

    #[test]
    fn names_come_from_the_title_or_the_argument() {
        let h = handbook();
        let t = |kind, file: Option<&str>| {
            target(&h, kind, "Werkt samen, met anderen!", file.map(Path::new))
                .map(|p| p.display().to_string())
                .map_err(|d| d.message)
        };
        assert_eq!(
            t(Kind::Competency, None).unwrap(),
            "content/competenties/werkt-samen-met-anderen.md"
        );
        assert_eq!(
            t(Kind::Page, None).unwrap(),
            "content/werkt-samen-met-anderen.md"
        );
        assert_eq!(
            t(Kind::Page, Some("over/")).unwrap(),
            "content/over/werkt-samen-met-anderen.md"
        );
        assert_eq!(
            t(Kind::Page, Some("over/ons")).unwrap(),
            "content/over/ons.md"
        );
        assert_eq!(
            t(Kind::Competency, Some("samen.md")).unwrap(),
            "content/competenties/samen.md"
        );
        assert!(t(Kind::Competency, Some("over/samen")).is_err());
        assert!(t(Kind::Page, Some("../buiten")).is_err());
        assert!(t(Kind::Page, Some("/tmp/x")).is_err());
        assert!(t(Kind::Page, Some("_index")).is_err());
    }

    #[test]
    fn a_title_reads_back_as_it_was_written() {
        for title in ["Zeg \"ja\"", "Don't \\ stop", "Twee\nregels"] {
            let table: toml::Table = format!("title = {}", quoted(title)).parse().unwrap();
            assert_eq!(table["title"].as_str(), Some(title));
        }
    }
}
