//! `competenties.csv` (`competencies.csv` in English): one row per
//! competency, behaviour indicator, level indicator, example, tip and
//! reflection question, for a spreadsheet.
//!
//! Written the way Dutch Excel opens it without asking: UTF-8 with a
//! byte-order mark, `;` between the fields, CRLF at the end of each row,
//! fields with a `;`, a quote or a line break in quotes. A field that
//! starts with `=`, `+`, `-` or `@` gets a `'` before it, so a spreadsheet
//! shows the text instead of running it as a formula.

use crate::config::Language;
use crate::content::Site;

use super::{Entry, File};

/// The header row, in the handbook's language.
fn header(language: Language) -> [&'static str; 7] {
    match language {
        Language::Dutch => [
            "code",
            "soort",
            "competentie",
            "niveau",
            "titel",
            "tekst",
            "adres",
        ],
        Language::English => [
            "code",
            "kind",
            "competency",
            "level",
            "title",
            "text",
            "url",
        ],
    }
}

/// A field as a spreadsheet may show it: no formula.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// `competenties.csv`.
pub(super) fn export(site: &Site, entries: &[Entry<'_>]) -> File {
    let config = &site.config;
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(::csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    // Writing to memory does not fail; a row that did would be left out.
    let _ = writer.write_record(header(config.lang));
    for entry in entries {
        let level = entry
            .level
            .map_or("", |(level, _)| level.heading.text.as_str());
        let row = [
            entry.code.clone(),
            entry.kind.word(config.lang).to_string(),
            cell(&entry.page.front.title),
            cell(level),
            cell(entry.title),
            cell(&entry.text),
            config.permalink(&entry.site_path()),
        ];
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    (site.layout.table.to_string(), bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_shown_as_text() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Luistert = kijkt"), "Luistert = kijkt");
        assert_eq!(cell(""), "");
    }
}
