//! The framework as data, beside the website: `handboek.json` (Bekwaam's
//! own shape, [`json`]), `case.json` (a 1EdTech CASE 1.1 CFPackage,
//! [`case`]) and `competenties.csv` (one row per competency and part, for a
//! spreadsheet, [`csv`]). The README describes all three.
//!
//! The three exports read one list of [`Entry`]s: every competency in
//! framework order, each followed by its behaviour indicators, its level
//! indicators, its examples, its tips and its reflection questions, each
//! with a code (`C1`, `C1.G3`, `C1.N2.3`; see [`Kind::letter`]).
//!
//! Invariant: nothing here reads the clock or the machine. Identifiers are
//! UUIDv5 from the handbook's namespace and a name made of site paths and
//! anchors ([`Ids`]); dates come from the pages' front matter or the
//! config ([`Dates`]). Two builds of the same files give the same bytes.

mod case;
mod csv;
mod ids;
mod json;

use crate::config::Language;
use crate::content::{Page, Site};
use crate::markdown::{Level, Part};

pub(crate) use ids::missing_namespace;

/// An export file: its path in the output and its bytes.
type File = (String, Vec<u8>);

/// The export files of `site`. `description` gives a page's description
/// as the pages' `<meta>` has it.
pub(crate) fn files(site: &Site, description: &dyn Fn(&Page) -> String) -> Vec<File> {
    let entries = entries(site, description);
    vec![
        json::export(site, description),
        case::export(site, &entries),
        csv::export(site, &entries),
    ]
}

/// The export files' site paths, with what each holds (for messages about a
/// handbook file that takes one of them).
pub(crate) fn paths(site: &Site) -> Vec<(String, String)> {
    let layout = &site.layout;
    [
        (layout.export, "de export van het handboek als JSON"),
        (
            layout.case,
            "de export van het handboek als CASE (case.json)",
        ),
        (layout.table, "de export van het handboek als tabel (CSV)"),
    ]
    .into_iter()
    .map(|(path, what)| (path.to_string(), what.to_string()))
    .collect()
}

/// What kind of thing a row of the framework is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Competency,
    Behaviour,
    LevelIndicator,
    Example,
    Tip,
    Question,
}

impl Kind {
    /// The letter of the kind in a code: `C1.G3` is the third behaviour
    /// indicator (gedrag) of the first competency, `C1.N2.3` the third
    /// indicator of level 2 (niveau), `C1.V1` the first example
    /// (voorbeeld), `C1.T2` the second tip, `C1.R1` the first reflection
    /// question. The letters are the same in every language.
    fn letter(self) -> &'static str {
        match self {
            Kind::Competency => "C",
            Kind::Behaviour => "G",
            Kind::LevelIndicator => "N",
            Kind::Example => "V",
            Kind::Tip => "T",
            Kind::Question => "R",
        }
    }

    /// The kind's name in the CSV (`soort`), as the search names it.
    fn word(self, language: Language) -> &'static str {
        match (language, self) {
            (Language::Dutch, Kind::Competency) => "competentie",
            (Language::Dutch, Kind::Behaviour) => "gedrag",
            (Language::Dutch, Kind::LevelIndicator) => "niveau",
            (Language::Dutch, Kind::Example) => "voorbeeld",
            (Language::Dutch, Kind::Tip) => "tip",
            (Language::Dutch, Kind::Question) => "reflectievraag",
            (Language::English, Kind::Competency) => "competency",
            (Language::English, Kind::Behaviour) => "behaviour",
            (Language::English, Kind::LevelIndicator) => "level",
            (Language::English, Kind::Example) => "example",
            (Language::English, Kind::Tip) => "tip",
            (Language::English, Kind::Question) => "question",
        }
    }

    /// Every kind, in the order of the entries of a competency.
    const ALL: [Kind; 6] = [
        Kind::Competency,
        Kind::Behaviour,
        Kind::LevelIndicator,
        Kind::Example,
        Kind::Tip,
        Kind::Question,
    ];
}

/// One competency or one of its parts.
pub(super) struct Entry<'a> {
    pub(super) kind: Kind,
    /// `C1`, `C1.G3`, `C1.N2.3`, …
    pub(super) code: String,
    /// The competency's page.
    pub(super) page: &'a Page,
    /// The competency's number in the framework, from 1.
    pub(super) number: usize,
    /// The part's place among the parts of its kind (of its level, for a
    /// level indicator), from 1; 0 for the competency.
    pub(super) position: usize,
    /// A level indicator's level and its step in the scale.
    pub(super) level: Option<(&'a Level, usize)>,
    /// The anchor on the competency's page (empty for the competency).
    pub(super) anchor: &'a str,
    /// The title: the competency's, an example's, a tip's bold start.
    pub(super) title: &'a str,
    /// The plain text: the part's, or the competency's description.
    pub(super) text: String,
}

impl Entry<'_> {
    /// The entry's site path: its page, with its anchor.
    pub(super) fn site_path(&self) -> String {
        if self.anchor.is_empty() {
            self.page.path.clone()
        } else {
            format!("{}#{}", self.page.path, self.anchor)
        }
    }
}

/// Every competency and its parts, in framework order.
fn entries<'a>(site: &'a Site, description: &dyn Fn(&Page) -> String) -> Vec<Entry<'a>> {
    let mut entries = Vec::new();
    for (i, page) in site.competencies().enumerate() {
        let number = i + 1;
        for kind in Kind::ALL {
            entries.extend(entries_of(site, page, number, kind, description));
        }
    }
    entries
}

/// The entries of one kind of one competency.
fn entries_of<'a>(
    site: &'a Site,
    page: &'a Page,
    number: usize,
    kind: Kind,
    description: &dyn Fn(&Page) -> String,
) -> Vec<Entry<'a>> {
    let rendered = &page.rendered;
    let entry = |code: String, position, level, part: &'a Part| Entry {
        kind,
        code,
        page,
        number,
        position,
        level,
        anchor: &part.id,
        title: &part.title,
        text: part.text.clone(),
    };
    let parts = |parts: &'a [Part]| -> Vec<Entry<'a>> {
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let code = format!("C{number}.{}{}", kind.letter(), i + 1);
                entry(code, i + 1, None, part)
            })
            .collect()
    };
    match kind {
        Kind::Competency => vec![Entry {
            kind,
            code: format!("C{number}"),
            page,
            number,
            position: 0,
            level: None,
            anchor: "",
            title: &page.front.title,
            text: description(page),
        }],
        Kind::Behaviour => parts(&rendered.behaviour.items),
        Kind::Example => parts(&rendered.examples),
        Kind::Tip => parts(&rendered.tips),
        Kind::Question => parts(&rendered.reflection.items),
        Kind::LevelIndicator => {
            let handbook = &site.config.handbook;
            let mut found = Vec::new();
            for level in &rendered.levels.levels {
                let step = handbook.level_step(&level.heading.text);
                for (i, part) in level.indicators.iter().enumerate() {
                    let code = format!("C{number}.N{step}.{}", i + 1);
                    found.push(entry(code, i + 1, Some((level, step)), part));
                }
            }
            found
        }
    }
}

/// The dates of the export: a page's `updated` (or `date`), and for the
/// whole handbook the latest of those, or `[accessibility] date`, or the
/// start of 1970 when no file names a day. Never the clock.
pub(super) struct Dates {
    handbook: String,
}

impl Dates {
    pub(super) fn of(site: &Site) -> Dates {
        let latest = site
            .pages
            .iter()
            .filter_map(page_date)
            .max()
            .or_else(|| site.config.accessibility.date.as_ref().and_then(date_time));
        Dates {
            handbook: latest.unwrap_or_else(|| "1970-01-01T00:00:00+00:00".to_string()),
        }
    }

    /// The date of the handbook as a whole.
    pub(super) fn handbook(&self) -> &str {
        &self.handbook
    }

    /// The date of a page and everything on it.
    pub(super) fn page(&self, page: &Page) -> String {
        page_date(page).unwrap_or_else(|| self.handbook.clone())
    }
}

fn page_date(page: &Page) -> Option<String> {
    page.front
        .updated
        .as_ref()
        .and_then(date_time)
        .or_else(|| page.front.date.as_ref().and_then(date_time))
}

/// A TOML date or date-time as an RFC 3339 date-time
/// (`2026-11-29T00:00:00+00:00`): a day alone is midnight, a time without
/// an offset is taken as UTC, fractions of a second are left out. A time
/// without a day is no date (`None`).
fn date_time(value: &toml::value::Datetime) -> Option<String> {
    let date = value.date?;
    let (hour, minute, second) = value
        .time
        .map_or((0, 0, 0), |t| (t.hour, t.minute, t.second.unwrap_or(0)));
    let offset = match value.offset {
        None | Some(toml::value::Offset::Z) => "+00:00".to_string(),
        Some(toml::value::Offset::Custom { minutes }) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.unsigned_abs();
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    };
    Some(format!(
        "{:04}-{:02}-{:02}T{hour:02}:{minute:02}:{second:02}{offset}",
        date.year, date.month, date.day
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> toml::value::Datetime {
        text.parse().unwrap()
    }

    #[test]
    fn dates_become_rfc3339_date_times() {
        assert_eq!(
            date_time(&parse("2026-11-29")).as_deref(),
            Some("2026-11-29T00:00:00+00:00")
        );
        assert_eq!(
            date_time(&parse("2026-01-02T03:04:05.678Z")).as_deref(),
            Some("2026-01-02T03:04:05+00:00")
        );
        assert_eq!(
            date_time(&parse("2026-01-02T03:04:05-05:30")).as_deref(),
            Some("2026-01-02T03:04:05-05:30")
        );
        assert_eq!(
            date_time(&parse("2026-01-02 03:04")).as_deref(),
            Some("2026-01-02T03:04:00+00:00")
        );
        assert_eq!(date_time(&parse("03:04:05")), None);
    }

    #[test]
    fn every_kind_has_its_own_letter() {
        let letters: std::collections::HashSet<&str> =
            Kind::ALL.iter().map(|k| k.letter()).collect();
        assert_eq!(letters.len(), Kind::ALL.len());
    }
}
