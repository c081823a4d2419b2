//! Parsing TOML (config and front matter) with positions, and rejecting unknown keys.
//!
//! A typo in a key (`titel` for `title`) must not pass silently, and the editor
//! must learn where it is. `toml` keeps the position of every key in its
//! spanned document ([`toml::de::DeTable`]), so Bekwaam parses once into that
//! document, checks every key against a [`Schema`], and then deserialises the
//! typed struct from the same document. Every problem becomes a
//! [`Diagnostic`] with a line and column in the original file: the TOML text is
//! a slice of the file starting at byte `base`.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The keys a TOML table may hold.
pub enum Schema {
    /// Exactly these keys; each value has its own schema.
    Table(&'static [(&'static str, Schema)]),
    /// Any value (free tables such as `[extra]`, and all scalar values).
    Any,
}

/// Parses `toml_text` (found at byte `base` of `file_text`, the file at `path`)
/// into `T`, after checking its keys against `schema`.
///
/// `what` names the document in messages ("de front matter", "config.toml").
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    base: usize,
    toml_text: &str,
    schema: &Schema,
    what: &str,
) -> Result<T, Diagnostics> {
    let table = match DeTable::parse(toml_text) {
        Ok(table) => table,
        Err(error) => return Err(toml_error(path, file_text, base, &error, what).into()),
    };
    let mut problems = Diagnostics::new();
    if let Schema::Table(keys) = schema {
        check_table(
            table.get_ref(),
            keys,
            "",
            path,
            file_text,
            base,
            what,
            &mut problems,
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let deserializer = toml::de::Deserializer::from(table);
    T::deserialize(deserializer)
        .map_err(|error| toml_error(path, file_text, base, &error, what).into())
}

#[allow(clippy::too_many_arguments)]
fn check_table(
    table: &DeTable<'_>,
    keys: &[(&str, Schema)],
    prefix: &str,
    path: &Path,
    file_text: &str,
    base: usize,
    what: &str,
    problems: &mut Diagnostics,
) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        match keys.iter().find(|(known, _)| *known == name) {
            Some((_, Schema::Table(inner))) => {
                if let DeValue::Table(inner_table) = value.get_ref() {
                    let prefix = format!("{prefix}{name}.");
                    check_table(
                        inner_table,
                        inner,
                        &prefix,
                        path,
                        file_text,
                        base,
                        what,
                        problems,
                    );
                }
                // A value of the wrong type is reported by deserialisation.
            }
            Some((_, Schema::Any)) => {}
            None => {
                let known: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
                let mut diagnostic = Diagnostic::error(
                    path,
                    format!("onbekende sleutel `{prefix}{name}` in {what}"),
                )
                .at_offset(file_text, base + key.span().start);
                diagnostic = diagnostic.with_help(suggestion(name, &known));
                problems.push(diagnostic);
            }
        }
    }
}

/// A help line for an unknown key: the nearest known key, else the list.
fn suggestion(name: &str, known: &[&str]) -> String {
    let nearest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name.to_lowercase(), k), *k))
        .filter(|(distance, k)| *distance <= 2 || (k.len() > 5 && *distance <= 3))
        .min();
    let list = known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let extra = if known.contains(&"extra") {
        "; eigen waarden horen in de tabel `[extra]`"
    } else {
        ""
    };
    match nearest {
        Some((_, k)) => format!("bedoel je `{k}`? Bekende sleutels: {list}{extra}"),
        None => format!("bekende sleutels: {list}{extra}"),
    }
}

/// Turns a TOML error into a diagnostic at its place in the file.
fn toml_error(
    path: &Path,
    file_text: &str,
    base: usize,
    error: &toml::de::Error,
    what: &str,
) -> Diagnostic {
    let message = error.message().trim().trim_end_matches('.');
    let diagnostic = Diagnostic::error(path, format!("fout in {what}: {message}"))
        .with_help("controleer de TOML-regel: tekst tussen \"aanhalingstekens\", lijsten als [\"a\", \"b\"], één sleutel per regel");
    match error.span() {
        Some(span) => diagnostic.at_offset(file_text, base + span.start),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // Only deserialised: the tests look at the errors.
    struct Doc {
        title: String,
        #[serde(default)]
        weight: i64,
    }

    const SCHEMA: Schema = Schema::Table(&[
        ("title", Schema::Any),
        ("weight", Schema::Any),
        ("extra", Schema::Any),
        ("nested", Schema::Table(&[("inner", Schema::Any)])),
    ]);

    fn run(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        parse::<Doc>(Path::new("x.md"), text, 0, text, &SCHEMA, "de front matter")
            .map_err(Diagnostics::into_sorted)
    }

    #[test]
    fn unknown_key_names_key_line_and_suggestion() {
        let errors = run("title = \"a\"\ntitel = \"b\"\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position(), Some((2, 1)));
        assert!(errors[0].message.contains("`titel`"));
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("bedoel je `title`")
        );
    }

    #[test]
    fn unknown_nested_key_is_found() {
        let errors = run("title = \"a\"\n[nested]\ninner = 1\nouter = 2\n").unwrap_err();
        assert_eq!(errors[0].position(), Some((4, 1)));
        assert!(errors[0].message.contains("`nested.outer`"));
    }

    #[test]
    fn syntax_and_type_errors_have_positions() {
        let errors = run("title = \"a\nweight = 1\n").unwrap_err();
        assert_eq!(errors[0].position().map(|p| p.0), Some(1));
        let errors = run("title = \"a\"\nweight = \"zwaar\"\n").unwrap_err();
        assert_eq!(errors[0].position().map(|p| p.0), Some(2));
        let errors = run("weight = 3\n").unwrap_err();
        assert!(errors[0].message.contains("title"), "{}", errors[0].message);
    }

    #[test]
    fn base_offset_shifts_positions() {
        let file = "+++\ntitle = \"a\"\nwegiht = 2\n+++\n";
        let toml_text = &file[4..file.len() - 4];
        let errors = parse::<Doc>(Path::new("x.md"), file, 4, toml_text, &SCHEMA, "x")
            .map_err(Diagnostics::into_sorted)
            .unwrap_err();
        assert_eq!(errors[0].position(), Some((3, 1)));
        assert!(errors[0].help.as_deref().unwrap().contains("`weight`"));
    }
}
