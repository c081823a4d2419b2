//! Parsing TOML (config and front matter) with positions, and rejecting unknown keys.
//!
//! A typo in a key (`titel` for `title`) must not pass silently, and the editor
//! must learn where it is. `toml` keeps the position of every key in its
//! spanned document ([`toml::de::DeTable`]), so Bekwaam parses once into that
//! document, checks every key against the fields of the struct it is read
//! into, notes where each key is ([`KeyOffsets`]), and then deserialises the
//! struct from the same document. Every problem becomes a [`Diagnostic`] with
//! a line and column in the original file: the TOML text is a slice of the
//! file starting at byte `base`.
//!
//! The known keys come from the struct itself: serde hands a struct's field
//! names to [`serde::Deserializer::deserialize_struct`], and a small probe
//! deserialiser (see [`struct_fields`]) asks for them, also for the struct of
//! a nested table (`[branding]`). So a new field is a known key at once, and
//! the list in a message follows the order of the fields. A field whose type
//! is not a struct (a string, a list, the free table `extra`) takes any value;
//! a value of the wrong type is reported by deserialisation.

use std::cell::Cell;
use std::path::Path;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics};

mod dutch;

/// A TOML document read into `T`, and where its keys are.
#[derive(Debug)]
pub struct Parsed<T> {
    /// The typed value.
    pub value: T,
    /// The byte offset in the file of each key of the struct's tables.
    pub keys: KeyOffsets,
}

/// Where the keys of a TOML document are: for each key, written as a dotted
/// path from the document's root (`branding.color`), the byte offset of the
/// key in the whole file.
///
/// Only tables that are read into a struct are listed (not the keys inside
/// `extra`): those are the keys a message can point at.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyOffsets(Vec<(String, usize)>);

impl KeyOffsets {
    /// The byte offset in the file of the key at `dotted` (`related`,
    /// `branding.color`), if the document has it.
    pub fn get(&self, dotted: &str) -> Option<usize> {
        self.0
            .iter()
            .find(|(key, _)| key == dotted)
            .map(|(_, offset)| *offset)
    }
}

/// Where a TOML text is, for messages: the file, its whole text, the byte
/// offset of the TOML in it, and a name for the document.
struct Source<'a> {
    path: &'a Path,
    file_text: &'a str,
    base: usize,
    /// Names the document in messages ("de front matter", "config.toml").
    what: &'a str,
}

/// Parses `toml_text` (found at byte `base` of `file_text`, the file at `path`)
/// into `T`, after checking its keys against the fields of `T`.
///
/// `what` names the document in messages ("de front matter", "config.toml").
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    file_text: &str,
    base: usize,
    toml_text: &str,
    what: &str,
) -> Result<Parsed<T>, Diagnostics> {
    let source = Source {
        path,
        file_text,
        base,
        what,
    };
    let table = match DeTable::parse(toml_text) {
        Ok(table) => table,
        Err(error) => return Err(source.toml_error(&error).into()),
    };
    let mut keys = KeyOffsets::default();
    let mut problems = Diagnostics::new();
    let fields = struct_fields::<T>(&[]);
    walk_table::<T>(
        table.get_ref(),
        &mut Vec::new(),
        fields,
        &source,
        &mut keys,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let deserializer = toml::de::Deserializer::from(table);
    match T::deserialize(deserializer) {
        Ok(value) => Ok(Parsed { value, keys }),
        Err(error) => Err(source.toml_error(&error).into()),
    }
}

/// Notes the offset of every key of `table` (at `path` in the document) and
/// reports the keys that are not among `fields`, the fields of the struct the
/// table is read into (`None`: the table takes any key). Goes on into the
/// tables that are read into a struct of their own.
fn walk_table<'t, T: DeserializeOwned>(
    table: &'t DeTable<'_>,
    path: &mut Vec<&'t str>,
    fields: Option<&'static [&'static str]>,
    source: &Source<'_>,
    keys: &mut KeyOffsets,
    problems: &mut Diagnostics,
) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let offset = source.base + key.span().start;
        path.push(name);
        keys.0.push((path.join("."), offset));
        if let Some(known) = fields {
            if !known.contains(&name) {
                let dotted = path.join(".");
                problems.push(
                    Diagnostic::error(
                        source.path,
                        format!("onbekende sleutel `{dotted}` in {}", source.what),
                    )
                    .at_offset(source.file_text, offset)
                    .with_help(suggestion(name, known)),
                );
            } else if let DeValue::Table(inner) = value.get_ref()
                && let Some(inner_fields) = struct_fields::<T>(path)
            {
                walk_table::<T>(inner, path, Some(inner_fields), source, keys, problems);
            }
        }
        path.pop();
    }
}

/// A help line for an unknown key: the nearest known key, else the list.
fn suggestion(name: &str, known: &[&str]) -> String {
    let nearest = crate::diagnostics::closest(name, known.iter().copied());
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
        Some(k) => format!("bedoel je `{k}`? Bekende sleutels: {list}{extra}"),
        None => format!("bekende sleutels: {list}{extra}"),
    }
}

impl Source<'_> {
    /// Turns a TOML error into a diagnostic at its place in the file.
    fn toml_error(&self, error: &toml::de::Error) -> Diagnostic {
        toml_error(self.path, self.file_text, self.base, error, self.what)
    }
}

/// A TOML error (of the text at byte `base` of `file_text`, the file at
/// `path`) as a diagnostic in plain Dutch at its place in the file. `what`
/// names the document in the message ("config.toml").
pub(crate) fn toml_error(
    path: &Path,
    file_text: &str,
    base: usize,
    error: &toml::de::Error,
    what: &str,
) -> Diagnostic {
    let span = error.span().map(|span| base + span.start..base + span.end);
    let line = span
        .as_ref()
        .and_then(|span| key_of_line(file_text, span.start));
    let around = dutch::Around {
        what,
        value: span.clone().and_then(|span| file_text.get(span)),
        key: line.map(|(key, _)| key),
        written: line.map(|(_, written)| written),
    };
    let said = dutch::say(error.message(), &around);
    let diagnostic = Diagnostic::error(path, said.message).with_help(said.help);
    match span {
        Some(span) => diagnostic.at_offset(file_text, span.start),
        None => diagnostic,
    }
}

/// The key and the value written after it on the line of `text` that
/// holds byte `offset`, if that line starts with a plain key and `=`
/// (`weight = 01 # oud` gives `weight` and `01`).
fn key_of_line(text: &str, offset: usize) -> Option<(&str, &str)> {
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let (key, written) = line.split_once('=')?;
    let key = key.trim();
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let written = written.split(" #").next().unwrap_or(written).trim();
    plain.then_some((key, written))
}

/// The field names of the struct that `T` reads at `path`: `[]` for `T`
/// itself, `["branding"]` for the type of its field `branding`. `None` when
/// that is not a struct (a string, a list, a free table, a date).
///
/// Runs `T`'s `Deserialize` against a [`Probe`] that answers only
/// `deserialize_struct` and `deserialize_option`: it walks down `path` one
/// field at a time and, at the end, keeps the `fields` serde names and stops.
fn struct_fields<T: DeserializeOwned>(path: &[&str]) -> Option<&'static [&'static str]> {
    let found = Cell::new(None);
    // The probe always ends in an error: it has no values to give.
    let _ = T::deserialize(Probe {
        path,
        found: &found,
    });
    found.get()
}

/// A deserialiser without a document, that only learns field names.
#[derive(Clone, Copy)]
struct Probe<'p> {
    /// The fields still to walk down.
    path: &'p [&'p str],
    /// Where the fields of the struct at the end of the path go.
    found: &'p Cell<Option<&'static [&'static str]>>,
}

/// How a [`Probe`] stops: it never produces a value.
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names probed")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: std::fmt::Display>(_: M) -> Stop {
        Stop
    }
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        // toml's dates and spans are structs with private names: values, not tables.
        if name.starts_with("$__") {
            return Err(Stop);
        }
        match self.path.split_first() {
            None => {
                self.found.set(Some(fields));
                Err(Stop)
            }
            Some((field, rest)) => visitor.visit_map(ProbeField {
                field: Some(field),
                value: Probe { path: rest, ..self },
            }),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple tuple_struct
        map enum identifier ignored_any
    }
}

/// A map of one entry, the next field of the probe's path, whose value is
/// probed further.
struct ProbeField<'p> {
    field: Option<&'p str>,
    value: Probe<'p>,
}

impl<'de> MapAccess<'de> for ProbeField<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.field.take() {
            Some(field) => seed.deserialize(field.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(self.value)
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
        #[serde(default)]
        extra: toml::Table,
        #[serde(default)]
        nested: Option<Nested>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Nested {
        inner: i64,
    }

    fn run(text: &str) -> Result<Doc, Vec<Diagnostic>> {
        parse::<Doc>(Path::new("x.md"), text, 0, text, "de front matter")
            .map(|parsed| parsed.value)
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
        let errors = parse::<Doc>(Path::new("x.md"), file, 4, toml_text, "x")
            .map(|parsed| parsed.value)
            .map_err(Diagnostics::into_sorted)
            .unwrap_err();
        assert_eq!(errors[0].position(), Some((3, 1)));
        assert!(errors[0].help.as_deref().unwrap().contains("`weight`"));
    }

    #[test]
    fn known_keys_come_from_the_struct() {
        let fields: Option<&[&str]> = Some(&["title", "weight", "extra", "nested"]);
        assert_eq!(struct_fields::<Doc>(&[]), fields);
        let fields: Option<&[&str]> = Some(&["inner"]);
        assert_eq!(struct_fields::<Doc>(&["nested"]), fields);
        assert_eq!(struct_fields::<Doc>(&["extra"]), None);
        assert_eq!(struct_fields::<Doc>(&["weight"]), None);
        assert_eq!(struct_fields::<Doc>(&["nergens"]), None);
        assert_eq!(struct_fields::<toml::value::Datetime>(&[]), None);
        assert_eq!(struct_fields::<toml::Table>(&[]), None);
    }

    #[test]
    fn key_offsets_are_file_offsets_of_the_struct_keys() {
        let file = "+++\ntitle = \"a\"\n[nested]\ninner = 1\n[extra]\nvrij = 2\n+++\n";
        let toml_text = &file[4..file.len() - 4];
        let parsed = parse::<Doc>(Path::new("x.md"), file, 4, toml_text, "x").unwrap();
        assert_eq!(parsed.keys.get("title"), file.find("title"));
        assert_eq!(parsed.keys.get("nested.inner"), file.find("inner"));
        assert_eq!(parsed.keys.get("extra"), file.find("extra"));
        assert_eq!(parsed.keys.get("extra.vrij"), None);
        assert_eq!(parsed.keys.get("weight"), None);
    }

    /// Every syntax error the TOML parser gives for these lines, and the
    /// type errors of serde: what an editor reads has no English outside
    /// parentheses, and says where.
    #[test]
    fn every_toml_problem_is_told_in_dutch() {
        let english = [
            "expected",
            "invalid",
            "missing",
            "found",
            "unexpected",
            "duplicate",
            "key",
            "value",
            "string",
            "table",
            "array",
            "type",
            "field",
            "variant",
            "error",
        ];
        for text in BAD_TOML {
            let errors = run(text).unwrap_err();
            let said = format!(
                "{}\n{}",
                errors[0].message,
                errors[0].help.as_deref().unwrap_or("")
            );
            println!("{text:?}\n  {said}");
            let outside = outside_parentheses(&said).to_lowercase();
            for word in english {
                assert!(
                    !outside
                        .split(|c: char| !c.is_alphabetic())
                        .any(|w| w == word),
                    "{text:?} gives English `{word}`: {said}"
                );
            }
            assert!(
                errors[0].position().is_some(),
                "{text:?} has no place: {said}"
            );
        }
    }

    /// Bad lines an editor can write, one per message of the parser.
    const BAD_TOML: &[&str] = &[
        "title = \"a\nweight = 1\n",
        "title \"a\"\n",
        "title = 'a\n",
        "title = \"\"\"a\n",
        "ti tle = 1\n",
        "title = \"a\"\ntitle = \"b\"\n",
        "title = \"a\"\nweight = 1x\n",
        "title = \"a\"\nweight = 01\n",
        "title = \"a\"\nweight = 1.\n",
        "title = \"a\"\nweight = 1e\n",
        "title = \"a\"\nweight = 2026-13-01\n",
        "title = \"a\"\nweight = 2026-01-0\n",
        "title = \"a\"\nweight = 2026-01-01T25:00:00\n",
        "title = \"a\"\nweight = twee\n",
        "title = \"a\"\nweight = \n",
        "title = \"a\"\nweight = [1 2]\n",
        "title = \"a\"\nweight = [1,,2]\n",
        "title = \"a\"\nweight = [1, 2\n",
        "title = \"a\"\nweight = {a = 1\n",
        "title = \"a\"\n[nested\n",
        "title = \"a\"\n[[nested\n",
        "title = \"a\"\nweight = 1 2\n",
        "title = \"a\\q\"\n",
        "title = \"a\\u12\"\n",
        "= 1\n",
        "title = 1\ntitle.b = 2\n",
        "title = \"a\"\nweight = +-1\n",
        "title = \"a\"\nweight = 1__0\n",
        "title = \"a\"\nweight = 0X1\n",
        "title = \"a\"\nweight = -0x1\n",
        "title = \"a\" # c\u{1}\n",
        "title = \"a\" =\n",
        "title = \"a\"\n[nested]\ninner = 1\n[nested]\n",
        "title = \"a\"\r\n\rweight = 2\n",
        "€ = 1\n",
        "title = \"a\"\nweight = \"twee\"\n",
        "title = \"a\"\nweight = 99999999999999999999\n",
        "title = \"a\"\nweight = 1.5\n",
        "title = \"a\"\nweight = true\n",
        "title = 3\n",
        "title = [\"a\"]\n",
        "weight = 3\n",
        "title = \"a\"\nextra = 3\n",
        "title = \"a\"\nnested = 3\n",
    ];

    /// `text` without what stands between parentheses (nested too).
    fn outside_parentheses(text: &str) -> String {
        let mut depth = 0usize;
        let mut kept = String::new();
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                c if depth == 0 => kept.push(c),
                _ => {}
            }
        }
        kept
    }
}
