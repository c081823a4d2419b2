//! Splitting a content file into TOML front matter and Markdown body.
//!
//! Front matter sits between two lines that hold only `+++` (Zola's
//! convention). The split keeps byte offsets into the original file, so every
//! later diagnostic (a TOML error, a broken link in the body) can name the line
//! and column of the file the editor has open.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::{self, Parsed};

/// How messages name the front matter: editors know it as the head of the
/// file, between the lines `+++`; the technical name follows for searching.
pub(crate) const NAME: &str = "de kop van het bestand (front matter)";

/// The keys of a page's front matter.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct FrontMatter {
    /// The page title (required).
    pub title: String,
    /// Meta description; falls back to the summary.
    #[serde(default)]
    pub description: Option<String>,
    /// One line for cards and search.
    #[serde(default)]
    pub summary: Option<String>,
    /// Order among siblings (the framework's order for competencies).
    #[serde(default)]
    pub weight: Option<i64>,
    /// Slugs of related competencies.
    #[serde(default)]
    pub related: Vec<String>,
    /// The ESCO skill this competency is the same as
    /// (`http://data.europa.eu/esco/skill/…`), for the CASE export.
    #[serde(default)]
    pub esco: Option<String>,
    /// Publication date, as written.
    #[serde(default)]
    pub date: Option<toml::value::Datetime>,
    /// Date of the last change, as written.
    #[serde(default)]
    pub updated: Option<toml::value::Datetime>,
    /// A draft is not published.
    #[serde(default)]
    pub draft: bool,
    /// A template other than the default for this kind of page.
    #[serde(default)]
    pub template: Option<String>,
    /// Free values for templates.
    #[serde(default)]
    pub extra: toml::Table,
}

/// A content file split into its parts, with offsets into the file text.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines and its byte offset in the file.
    pub front: (&'a str, usize),
    /// The Markdown after the closing `+++` line and its byte offset.
    pub body: (&'a str, usize),
}

/// Splits `text` (the whole file, byte-order mark already removed).
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error(
            path,
            format!("de pagina mist {NAME}: de eerste regel is niet `+++`"),
        )
        .at(1, 1)
        .with_help(
            "zet bovenaan een regel `+++`, dan `title = \"…\"`, en daaronder weer een regel `+++`",
        ));
    }
    let front_start = first_line_end;
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_start = offset + line.len();
            return Ok(Split {
                front: (&text[front_start..offset], front_start),
                body: (&text[body_start..], body_start),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        format!("{NAME} wordt niet afgesloten: de tweede regel `+++` ontbreekt"),
    )
    .at(1, 1)
    .with_help("zet een regel met alleen `+++` onder de laatste sleutel van de kop, boven de tekst van de pagina"))
}

/// Parses the front matter of `text` (the whole file at `path`), with the
/// offset of each key for later messages.
pub fn parse(
    path: &Path,
    text: &str,
    split: &Split<'_>,
) -> Result<Parsed<FrontMatter>, Diagnostics> {
    let (front, base) = split.front;
    let parsed: Parsed<FrontMatter> = schema::parse(path, text, base, front, NAME)?;
    let title = &parsed.value.title;
    if !has_visible_text(title) {
        let offset = parsed.keys.get("title").unwrap_or(base);
        let message = if title.trim().is_empty() {
            "de titel (`title`) is leeg"
        } else {
            "de titel (`title`) bevat alleen onzichtbare tekens"
        };
        return Err(Diagnostic::error(path, message)
            .at_offset(text, offset)
            .with_help("geef de pagina een titel: `title = \"…\"`")
            .into());
    }
    if let Some(esco) = &parsed.value.esco
        && let Some(problem) = esco_problem(esco)
    {
        let offset = parsed.keys.get("esco").unwrap_or(base);
        return Err(Diagnostic::error(path, problem)
            .at_offset(text, offset)
            .with_help(
                "kopieer het adres van de vaardigheid uit ESCO, bijvoorbeeld `esco = \"http://data.europa.eu/esco/skill/…\"`, of haal de regel weg",
            )
            .into());
    }
    Ok(parsed)
}

/// The start of every ESCO address.
const ESCO: &str = "http://data.europa.eu/esco/";

/// What is wrong with the value of `esco`, if anything: it is the address
/// (URI) of something in ESCO, such as a skill.
fn esco_problem(esco: &str) -> Option<String> {
    if !esco.starts_with(ESCO) {
        return Some(format!(
            "`esco` is `{esco}`, maar een ESCO-adres begint met `{ESCO}`"
        ));
    }
    let parsed = url::Url::parse(esco).ok();
    let rest = esco[ESCO.len()..].trim_matches('/');
    let is_url = parsed.is_some_and(|url| url.as_str() == esco)
        && !rest.is_empty()
        && !esco.contains(char::is_whitespace);
    (!is_url).then(|| format!("`esco` is `{esco}`, maar dat is geen volledig ESCO-adres"))
}

/// Whether `text` has at least one character a reader can see: not only
/// spaces, control characters or characters that are never drawn (such as
/// the zero-width space U+200B; Unicode's default-ignorable code points).
pub(crate) fn has_visible_text(text: &str) -> bool {
    text.chars().any(|c| !is_invisible(c))
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            u32::from(c),
            0x00AD
                | 0x034F
                | 0x061C
                | 0x115F
                | 0x1160
                | 0x17B4
                | 0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0x2800
                | 0x3164
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFF8
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE0FFF
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
        let path = Path::new("p.md");
        let split = split(path, text).map_err(|d| vec![d])?;
        parse(path, text, &split)
            .map(|parsed| parsed.value)
            .map_err(Diagnostics::into_sorted)
    }

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let text = "+++\ntitle = \"T\"\n+++\n\nTekst\n";
        let split = split(Path::new("p.md"), text).unwrap();
        assert_eq!(split.front, ("title = \"T\"\n", 4));
        assert_eq!(split.body, ("\nTekst\n", 20));
    }

    #[test]
    fn crlf_and_trailing_spaces_are_accepted() {
        let text = "+++ \r\ntitle = \"T\"\r\nweight = 3\r\n+++\r\nTekst\r\n";
        let front = parse_text(text).unwrap();
        assert_eq!(front.title, "T");
        assert_eq!(front.weight, Some(3));
    }

    #[test]
    fn all_keys_parse() {
        let front = parse_text(
            "+++\ntitle = \"T\"\ndescription = \"D\"\nsummary = \"S\"\nweight = 2\nrelated = [\"a\", \"b\"]\n\
             date = 2026-01-02\nupdated = 2026-02-03\ndraft = true\ntemplate = \"x.html\"\n[extra]\nicoon = \"hart\"\n+++\n",
        )
        .unwrap();
        assert_eq!(front.related, ["a", "b"]);
        assert!(front.draft);
        assert_eq!(front.date.unwrap().to_string(), "2026-01-02");
        assert_eq!(front.extra["icoon"].as_str(), Some("hart"));
    }

    #[test]
    fn problems_name_their_line() {
        let errors = parse_text("+++\ntitle = \"T\"\nsumary = \"S\"\n+++\n").unwrap_err();
        assert_eq!(errors[0].position(), Some((3, 1)));
        assert!(errors[0].help.as_deref().unwrap().contains("`summary`"));

        let errors = parse_text("Geen front matter\n").unwrap_err();
        assert_eq!(errors[0].position(), Some((1, 1)));

        let errors = parse_text("+++\ntitle = \"T\"\n").unwrap_err();
        assert!(errors[0].message.contains("niet afgesloten"));

        let errors = parse_text("+++\nweight = 1\n+++\n").unwrap_err();
        assert!(errors[0].message.contains("title"));

        let errors = parse_text("+++\n\ntitle = \"  \"\n+++\n").unwrap_err();
        assert!(errors[0].message.contains("leeg"));

        let errors = parse_text("+++\ntitle = \"T\"\nrelated = \"a\"\n+++\n").unwrap_err();
        assert_eq!(errors[0].position().map(|p| p.0), Some(3));
    }

    #[test]
    fn esco_is_an_address_in_esco() {
        let good = "http://data.europa.eu/esco/skill/0c4b2ec4-1b2f-4e4a-9a1f-3c1c6c8a1d2e";
        let front = parse_text(&format!("+++\ntitle = \"T\"\nesco = \"{good}\"\n+++\n")).unwrap();
        assert_eq!(front.esco.as_deref(), Some(good));
        for bad in [
            "https://esco.ec.europa.eu/nl/skill/x",
            "http://data.europa.eu/esco/",
            "http://data.europa.eu/esco/skill/a b",
            "data.europa.eu/esco/skill/x",
        ] {
            let errors =
                parse_text(&format!("+++\ntitle = \"T\"\n\nesco = \"{bad}\"\n+++\n")).unwrap_err();
            assert_eq!(errors[0].position(), Some((4, 1)), "{bad}");
            assert!(errors[0].message.contains("`esco`"), "{bad}");
        }
    }

    #[test]
    fn a_title_of_only_invisible_characters_is_an_error() {
        for title in ["\u{200b}", "\u{200b}\u{2060} \u{feff}", "\u{ad}\u{3164}"] {
            let errors = parse_text(&format!("+++\ntitle = \"{title}\"\n+++\n")).unwrap_err();
            assert_eq!(
                errors[0].message, "de titel (`title`) bevat alleen onzichtbare tekens",
                "{title:?}"
            );
            assert_eq!(errors[0].position(), Some((2, 1)), "{title:?}");
        }
        for title in ["A", "\u{200b}A", "é", "😀", "·"] {
            assert!(has_visible_text(title), "{title:?}");
        }
    }

    /// Regression: an empty title was reported at the first line of the
    /// front matter, not at the `title` key.
    #[test]
    fn empty_title_names_the_title_line() {
        let errors = parse_text("+++\nweight = 1\ntitle = \"\"\n+++\n").unwrap_err();
        assert_eq!(errors[0].position(), Some((3, 1)));
        assert!(errors[0].message.contains("leeg"));
    }
}
