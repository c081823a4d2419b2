//! The words of the theme: every text a reader sees that is not in the
//! handbook itself (the skip link, "Vorige" and "Volgende", the search
//! field's hints, the labels of the filters).
//!
//! The texts are data that ships with the theme, one TOML file per language:
//! the built-in theme's `themes/default/texts/nl.toml` and `en.toml` are
//! embedded in the binary. Three layers give the texts of one site, each
//! replacing single texts of the one before:
//!
//! 1. the built-in theme's file for the site's language (complete);
//! 2. `themes/<name>/texts/<lang>.toml` of the chosen theme, if it has one;
//! 3. the `[texts]` table of `config.toml`.
//!
//! A name that the built-in file does not have is an error that names the
//! file, the line and the nearest name; so is a value of another type (a
//! number for a text, a list of three for a list of four). Templates see the
//! result as `t` (`{{ t.previous }}`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::config::{Config, TextOverride};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source;
use crate::theme;

/// The theme's texts in the site's language.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Texts {
    /// Skip link.
    pub skip: String,
    /// Home link.
    pub home: String,
    /// The competencies.
    pub competencies: String,
    /// One competency.
    pub competency: String,
    /// Heading of the examples on a competency page.
    pub examples: String,
    /// Heading of the tips on a competency page.
    pub tips: String,
    /// Title of the overview of all examples.
    pub all_examples: String,
    /// Title of the overview of all tips.
    pub all_tips: String,
    /// Title of the print page.
    pub print: String,
    /// Table of contents.
    pub contents: String,
    /// Related competencies.
    pub related: String,
    /// Previous competency.
    pub previous: String,
    /// Next competency.
    pub next: String,
    /// Singular of "example".
    pub example_one: String,
    /// Plural.
    pub example_many: String,
    /// Singular of "tip".
    pub tip_one: String,
    /// Plural.
    pub tip_many: String,
    /// Heading of the behaviour indicators on a competency page.
    pub behaviour: String,
    /// Heading of the levels on a competency page, and title of the levels
    /// overview.
    pub levels: String,
    /// Heading of the reflection questions, and title of their overview.
    pub reflection: String,
    /// Singular of "behaviour indicator".
    pub indicator_one: String,
    /// Plural.
    pub indicator_many: String,
    /// Singular of "reflection question".
    pub question_one: String,
    /// Plural.
    pub question_many: String,
    /// The place of a level in the scale: `{step}` and `{total}` are filled in.
    pub level_step: String,
    /// Link to one level of a competency.
    pub link_level: String,
    /// Said in the levels overview where a competency does not describe a level.
    pub level_missing: String,
    /// Under the title of the levels overview.
    pub levels_intro: String,
    /// Label of the choice of one level on the levels overview.
    pub level_filter: String,
    /// The choice that shows every level.
    pub level_all: String,
    /// Said when the choice changes: `{level}` is filled in.
    pub level_shown: String,
    /// Under the title of the reflection questions overview.
    pub reflection_intro: String,
    /// Label of the choice how to print the reflection questions.
    pub handout_label: String,
    /// Print each competency on a page of its own.
    pub handout_per_page: String,
    /// Print everything on as few pages as possible.
    pub handout_one_sheet: String,
    /// The button that opens the browser's print window.
    pub print_button: String,
    /// Label of the links to the other overviews.
    pub more_overviews: String,
    /// Title of the 404 page.
    pub not_found: String,
    /// Text of the 404 page.
    pub not_found_text: String,
    /// Breadcrumb label.
    pub breadcrumb: String,
    /// Main navigation label.
    pub navigation: String,
    /// "Go to the competency" on overviews.
    pub to_competency: String,
    /// Link to print the page.
    pub print_hint: String,
    /// Label for a page's sections.
    pub on_this_page: String,
    /// The mark on a draft, shown with `--drafts`.
    pub draft: String,
    /// What the mark on a draft says next to it.
    pub draft_text: String,
    /// Title of the accessibility statement.
    pub accessibility: String,
    /// Label above an example.
    pub example_label: String,
    /// Label of a tip.
    pub tip_label: String,
    /// Link to one example.
    pub link_example: String,
    /// Link to one tip.
    pub link_tip: String,
    /// Button that copies the link to an example or tip.
    pub copy_link: String,
    /// Said after copying.
    pub copied: String,
    /// Said when copying is not possible.
    pub copy_failed: String,
    /// Label of the filter buttons on the overviews.
    pub filter_label: String,
    /// The filter button that shows everything.
    pub filter_all: String,
    /// How many are shown: `{shown}` and `{total}` are filled in.
    pub filter_count: String,
    /// Label of the search field.
    pub search: String,
    /// Placeholder of the search field.
    pub search_placeholder: String,
    /// Shown while the index loads.
    pub searching: String,
    /// One result.
    pub search_one: String,
    /// `{n}` results.
    pub search_many: String,
    /// No results for `{q}`.
    pub search_none: String,
    /// Shown when a file of the index cannot be loaded.
    pub search_failed: String,
    /// Shown without JavaScript.
    pub search_nojs: String,
    /// Label of the results.
    pub search_results: String,
    /// Hint about the keyboard.
    pub search_help: String,
    /// Close the results.
    pub search_close: String,
    /// The button under the results that shows more of them.
    pub search_more: String,
    /// A word of the query that the handbook does not have: `{q}`.
    pub search_missing: String,
    /// Before the nearest words of the handbook, offered as buttons.
    pub search_suggest: String,
    /// Kind filter: everything.
    pub search_all: String,
    /// Labels of the kinds, in the order competentie, voorbeeld, tip, pagina,
    /// gedrag, reflectievraag (the order of the search script's kinds).
    pub kinds: [String; 6],
    /// Kind filter labels, same order.
    pub kinds_only: [String; 6],
    /// Label of the kind filter.
    pub search_kind: String,
}

/// Where an overriding text was written, for messages.
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Texts {
    /// The texts of the site `config` describes, in the theme in `root`'s
    /// `themes/` folder that the config names (if any).
    pub(crate) fn load(root: &Path, config: &Config) -> Result<Texts, Diagnostics> {
        let code = config.lang.code();
        let builtin = theme::texts(config.lang);
        let mut table: toml::Table = toml::from_str(builtin).map_err(|error| {
            Diagnostic::general(format!(
                "de teksten van het ingebouwde thema ({code}.toml) zijn beschadigd ({})",
                error.message()
            ))
            .with_help("dit is een fout in Bekwaam zelf; meld het aan de makers")
        })?;
        let mut problems = Diagnostics::new();
        if let Some(name) = &config.theme {
            let shown: PathBuf = ["themes", name, "texts", &format!("{code}.toml")]
                .iter()
                .collect();
            let full = root.join(&shown);
            if full.is_file() {
                match source::refuse_outside(root, &full)
                    .and_then(|()| source::read_text(root, &full))
                {
                    Ok(text) => {
                        let from = Source {
                            file: &shown,
                            text: &text,
                        };
                        overlay_file(&mut table, &from, &mut problems);
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        for text in &config.texts {
            overlay_one(&mut table, text, &mut problems);
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Texts::deserialize(toml::Value::Table(table)).map_err(|error| {
            let english = error.message().to_string();
            Diagnostic::general(format!("de teksten van het thema kloppen niet ({english})"))
                .with_help("geef elke tekst als tekst tussen \"aanhalingstekens\"")
                .into()
        })
    }
}

/// Replaces texts of `table` by those in a theme's texts file.
fn overlay_file(table: &mut toml::Table, from: &Source<'_>, problems: &mut Diagnostics) {
    let document = match DeTable::parse(from.text) {
        Ok(document) => document,
        Err(error) => {
            let what = "de teksten van het thema";
            problems.push(crate::schema::toml_error(
                from.file, from.text, 0, &error, what,
            ));
            return;
        }
    };
    for (key, value) in document.get_ref().iter() {
        let name: &str = key.get_ref();
        let at = key.span().start;
        let value = match plain(value.get_ref()) {
            Some(value) => value,
            None => {
                problems.push(
                    wrong_type(from.file, name, table.get(name))
                        .at_offset(from.text, value.span().start),
                );
                continue;
            }
        };
        if let Err(problem) = replace(table, name, value, from.file) {
            problems.push(problem.at_offset(from.text, at));
        }
    }
}

/// Replaces one text of `table` by a `[texts]` entry of `config.toml`.
fn overlay_one(table: &mut toml::Table, text: &TextOverride, problems: &mut Diagnostics) {
    let file = Path::new(crate::config::CONFIG_FILE);
    if let Err(problem) = replace(table, &text.name, text.value.clone(), file) {
        problems.push(problem.at(text.line, text.column));
    }
}

/// Puts `value` in place of the text `name`: it must be a known text, with
/// a value of the same shape. A problem names `file`; the caller adds the
/// place.
fn replace(
    table: &mut toml::Table,
    name: &str,
    value: toml::Value,
    file: &Path,
) -> Result<(), Diagnostic> {
    let Some(old) = table.get_mut(name) else {
        let nearest = table
            .keys()
            .map(|known| (strsim::damerau_levenshtein(name, known), known))
            .filter(|(distance, known)| *distance <= 2 || (known.len() > 5 && *distance <= 3))
            .min();
        let help = match nearest {
            Some((_, known)) => {
                format!("bedoel je `{known}`? De namen staan in themes/default/texts/ van Bekwaam")
            }
            None => {
                "de namen van de teksten staan in themes/default/texts/ van Bekwaam".to_string()
            }
        };
        return Err(Diagnostic::error(file, format!("onbekende tekst `{name}`")).with_help(help));
    };
    if !same_shape(old, &value) {
        return Err(wrong_type(file, name, Some(&*old)));
    }
    *old = value;
    Ok(())
}

/// A text or a list of texts, as a plain value; `None` for anything else.
fn plain(value: &DeValue<'_>) -> Option<toml::Value> {
    match value {
        DeValue::String(text) => Some(toml::Value::String(text.to_string())),
        DeValue::Array(items) => items
            .iter()
            .map(|item| match item.get_ref() {
                DeValue::String(text) => Some(toml::Value::String(text.to_string())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(toml::Value::Array),
        _ => None,
    }
}

/// True if `new` can take the place of `old`: a text for a text, a list of
/// as many texts for a list.
fn same_shape(old: &toml::Value, new: &toml::Value) -> bool {
    match (old, new) {
        (toml::Value::String(_), toml::Value::String(_)) => true,
        (toml::Value::Array(a), toml::Value::Array(b)) => {
            a.len() == b.len() && b.iter().all(|v| matches!(v, toml::Value::String(_)))
        }
        _ => false,
    }
}

fn wrong_type(file: &Path, name: &str, old: Option<&toml::Value>) -> Diagnostic {
    let help = match old {
        Some(toml::Value::Array(items)) => format!(
            "geef een lijst van {} teksten: {name} = [\"…\", \"…\"]",
            items.len()
        ),
        _ => format!("geef een tekst tussen aanhalingstekens: {name} = \"…\""),
    };
    Diagnostic::error(file, format!("de tekst `{name}` heeft een verkeerde vorm")).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Language;

    #[test]
    fn the_builtin_texts_are_complete_in_every_language() {
        for lang in [Language::Dutch, Language::English] {
            let table: toml::Table = toml::from_str(theme::texts(lang)).unwrap();
            let texts = Texts::deserialize(toml::Value::Table(table));
            assert!(texts.is_ok(), "{lang:?}: {texts:?}");
        }
    }

    #[test]
    fn a_theme_file_replaces_single_texts_and_names_unknown_ones() {
        let mut table: toml::Table = toml::from_str(theme::texts(Language::Dutch)).unwrap();
        let text = "previous = \"Terug\"\n\nserch = \"Zoek\"\nkinds = [\"a\", \"b\"]\n";
        let from = Source {
            file: Path::new("themes/zomer/texts/nl.toml"),
            text,
        };
        let mut problems = Diagnostics::new();
        overlay_file(&mut table, &from, &mut problems);
        assert_eq!(table["previous"].as_str(), Some("Terug"));
        let found: Vec<String> = problems
            .into_sorted()
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("themes/zomer/texts/nl.toml:3:1: error: onbekende tekst `serch`"),
            "{found:?}"
        );
        assert!(found[0].contains("bedoel je `search`?"));
        assert!(found[1].starts_with(
            "themes/zomer/texts/nl.toml:4:1: error: de tekst `kinds` heeft een verkeerde vorm"
        ));
        assert!(found[1].contains("een lijst van 6 teksten"));
    }
}
