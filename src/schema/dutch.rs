//! The TOML parser's and serde's messages in plain Dutch.
//!
//! `toml` gives its messages in English and gives no kind to match on: a
//! syntax error is the parser's description and what it expected
//! (`invalid basic string, expected `"``), a type error is serde's wording
//! (`invalid type: string "twee", expected i64`). Both are stable texts, so
//! this module reads the description (the part before `, expected`) and
//! says in Dutch what is wrong and what to write instead, with the key and
//! the value from the editor's own line where they help. The parser's whole
//! message set (toml_parser's lexer, decoder and document parser, toml's
//! document checks and toml_datetime) is covered; a message this module does
//! not know is kept, in parentheses, after a Dutch sentence.

/// A TOML problem in Dutch: what is wrong, and what to do.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Said {
    /// The whole message, naming the document.
    pub(super) message: String,
    /// What to write instead.
    pub(super) help: String,
}

/// What is known around a problem, from the editor's file.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Around<'a> {
    /// Names the document ("config.toml", "de kop van het bestand (front matter)").
    pub(super) what: &'a str,
    /// The TOML text the error points at (its span), if any.
    pub(super) value: Option<&'a str>,
    /// The key on the line of the error, if the line is `key = …`.
    pub(super) key: Option<&'a str>,
    /// All that is written after `key =` on that line.
    pub(super) written: Option<&'a str>,
}

/// The help for a problem this module does not know.
const GENERAL_HELP: &str = "controleer de regel: tekst tussen \"aanhalingstekens\", getallen zonder aanhalingstekens, lijsten als [\"a\", \"b\"], één sleutel per regel";

/// `english`, a message of the TOML parser or of serde, in Dutch.
pub(super) fn say(english: &str, around: &Around<'_>) -> Said {
    let english = english.trim().trim_end_matches('.');
    if let Some(said) = serde_message(english, around) {
        return said;
    }
    let (description, expected) = match english.split_once(", expected ") {
        Some((description, expected)) => (description, Some(expected)),
        None => (english, None),
    };
    let problem = syntax(description, expected, around).unwrap_or_else(|| {
        Problem::new(
            format!("deze regel is geen geldige TOML ({english})"),
            GENERAL_HELP.to_string(),
        )
    });
    Said {
        message: format!("fout in {}: {}", around.what, problem.message),
        help: problem.help,
    }
}

/// A message without the document's name, and its help.
struct Problem {
    message: String,
    help: String,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// The key of the error's line, or a word for it.
fn key_or<'a>(around: &Around<'a>, otherwise: &'a str) -> &'a str {
    around.key.unwrap_or(otherwise)
}

/// The value the error points at, trimmed, if it is not empty.
fn value_text<'a>(around: &Around<'a>) -> Option<&'a str> {
    around.value.map(str::trim).filter(|v| !v.is_empty())
}

/// Whether `value` is a word or words, as an editor writes text that
/// lacks its quotes (`twee`, `nl`, `zeer goed`): it starts with a letter.
fn is_bare_text(value: &str) -> bool {
    value.chars().next().is_some_and(char::is_alphabetic) && !value.contains(['"', '\''])
}

/// Text written without quotes: `weight = twee`, `language = nl`.
fn unquoted(value: &str, around: &Around<'_>) -> Problem {
    let key = key_or(around, "sleutel");
    let message = if value.starts_with(|c: char| c.is_ascii_digit()) {
        format!("`{value}` is geen getal, en tekst hoort tussen aanhalingstekens")
    } else {
        format!("`{value}` staat niet tussen aanhalingstekens")
    };
    Problem::new(
        message,
        format!(
            "tekst hoort tussen aanhalingstekens: `{key} = \"{value}\"`; een getal, true en false schrijf je zonder"
        ),
    )
}

/// The syntax errors of `toml_parser` and `toml`, by description.
fn syntax(description: &str, expected: Option<&str>, around: &Around<'_>) -> Option<Problem> {
    let value = value_text(around);
    let key = key_or(around, "sleutel");
    if let Some(problem) = string_problem(description, expected, key) {
        return Some(problem);
    }
    if let Some(problem) = value_problem(description, expected, around) {
        return Some(problem);
    }
    if let Some(problem) = structure_problem(description, around) {
        return Some(problem);
    }
    let key_help = "een sleutel bestaat uit letters zonder accenten, cijfers, `-` en `_` (zoals `title`); zet een andere naam tussen aanhalingstekens: `\"één\" = 1`";
    let problem = match description {
        "key with no value" | "missing value for key" => Problem::new(
            "na de sleutel hoort een `=`",
            "schrijf `sleutel = waarde`, zoals `title = \"Mijn titel\"`; een sleutel heeft geen spaties",
        ),
        "missing value" => Problem::new(
            "na `=` ontbreekt de waarde",
            format!("schrijf de waarde achter `=`, zoals `{key} = \"tekst\"` of `{key} = 3`"),
        ),
        "extra `=`" => Problem::new(
            "hier staat een `=` te veel",
            "schrijf één `=` tussen sleutel en waarde",
        ),
        "invalid key" | "invalid unquoted key" | "invalid key-value pair" => Problem::new(
            match value {
                Some(v) => format!("`{v}` kan geen sleutel zijn"),
                None => "hier hoort een sleutel".to_string(),
            },
            key_help,
        ),
        "invalid table" => Problem::new("de naam van de tabel kan zo niet", key_help),
        "unquoted keys cannot be empty" => Problem::new("hier mist de sleutel voor `=`", key_help),
        "keys cannot be multi-line literal strings" | "keys cannot be multi-line basic strings" => {
            Problem::new("een sleutel kan niet over meer regels gaan", key_help)
        }
        "duplicate key" => Problem::new(
            match value {
                Some(v) => format!("`{v}` staat er twee keer"),
                None => "deze sleutel staat er twee keer".to_string(),
            },
            "elke sleutel en elke tabel mag één keer voorkomen: haal een van de twee weg",
        ),
        d if d.starts_with("cannot extend value of type ") => Problem::new(
            match value {
                Some(v) => format!("`{v}` heeft al een waarde en kan geen tabel worden"),
                None => "deze sleutel heeft al een waarde en kan geen tabel worden".to_string(),
            },
            "geef de sleutel met de punt een andere naam, of haal een van de twee weg",
        ),
        "cannot recurse further; max recursion depth met" | "recursion limit" => Problem::new(
            "de lijsten en tabellen liggen te diep in elkaar",
            "maak het eenvoudiger: hooguit een paar lagen lijsten en tabellen in elkaar",
        ),
        "carriage return must be followed by newline" => Problem::new(
            "hier staat een los teken voor een nieuwe regel (CR)",
            "sla het bestand op met gewone regeleinden (LF of CRLF)",
        ),
        "invalid comment character" => Problem::new(
            "in de opmerking staat een teken dat niet mag (een onzichtbaar stuurteken)",
            "haal het teken weg of typ de opmerking opnieuw",
        ),
        "missing comment start" | "unexpected content between comment and newline" => Problem::new(
            "na de waarde staat nog iets op de regel",
            "zet een opmerking achter `#`, en elke sleutel op een eigen regel",
        ),
        "unexpected key or value" | "unexpected content" => Problem::new(
            match value {
                Some(v) => format!("na de waarde staat nog iets op de regel: `{v}`"),
                None => "na de waarde staat nog iets op de regel".to_string(),
            },
            "zet elke sleutel op een eigen regel; tekst met spaties hoort tussen aanhalingstekens",
        ),
        _ => return None,
    };
    Some(problem)
}

/// Errors inside a string: no closing quote, a wrong escape.
fn string_problem(description: &str, expected: Option<&str>, key: &str) -> Option<Problem> {
    let closing = match expected {
        Some("`\"`") => Some('"'),
        Some("`'`") => Some('\''),
        _ => None,
    };
    let problem = match description {
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string"
        | "invalid string" => match closing {
            Some(quote) => Problem::new(
                format!(
                    "de tekst wordt niet afgesloten: het aanhalingsteken {quote} aan het eind ontbreekt"
                ),
                format!(
                    "zet de tekst tussen twee aanhalingstekens op één regel: `{key} = \"…\"`; een \" in de tekst schrijf je als \\\""
                ),
            ),
            None => Problem::new(
                "in de tekst staat een teken dat niet mag (een tab of onzichtbaar teken)",
                "haal het teken weg; een nieuwe regel in tekst schrijf je als \\n",
            ),
        },
        "missing opening quote" => Problem::new(
            "aan het begin van de tekst ontbreekt een aanhalingsteken",
            format!("zet de tekst tussen twee aanhalingstekens: `{key} = \"…\"`"),
        ),
        "missing escaped value" => Problem::new(
            "na een \\ in de tekst hoort een teken als n (nieuwe regel) of \" (aanhalingsteken)",
            "schrijf een \\ als \\\\, of zet de tekst tussen enkele aanhalingstekens: 'C:\\map'",
        ),
        "too few unicode value digits" => Problem::new(
            "na \\u horen vier tekens 0-9 of a-f (na \\U acht)",
            "schrijf het teken zelf in de tekst, of bijvoorbeeld \\u00e9 voor é",
        ),
        _ => return None,
    };
    Some(problem)
}

/// Errors in a number, a date, true or false, or a value without quotes.
fn value_problem(
    description: &str,
    expected: Option<&str>,
    around: &Around<'_>,
) -> Option<Problem> {
    let value = value_text(around);
    if description == "string values must be quoted" {
        return Some(match value {
            Some(v) => unquoted(v, around),
            None => Problem::new(
                "na `=` ontbreekt de waarde",
                format!(
                    "schrijf de waarde achter `=`, zoals `{} = \"tekst\"`",
                    key_or(around, "sleutel")
                ),
            ),
        });
    }
    let number_help = match description {
        "unexpected leading zero" => {
            "een getal begint niet met 0 (schrijf 7, niet 07); een datum schrijf je als 2026-12-01"
        }
        "invalid fraction" => "na de punt horen cijfers: 2.5",
        "invalid exponent" | "invalid mantissa" => {
            "schrijf het getal gewoon uit, zoals 2.5 of 1000"
        }
        "redundant numeric sign" | "unexpected sign" => "schrijf één + of - voor het getal",
        "`_` may only go between digits" => "een _ mag alleen tussen twee cijfers staan: 1_000",
        "radix must be lowercase"
        | "redundant integer number prefix"
        | "integers with a radix cannot be signed" => {
            "schrijf het getal gewoon in cijfers, zoals 16"
        }
        "invalid integer number"
        | "invalid hexadecimal number"
        | "invalid octal number"
        | "invalid binary number"
        | "invalid float"
        | "invalid boolean"
        | "invalid value" => {
            "schrijf een getal zonder aanhalingstekens (3 of 2.5), true of false, of tekst tussen aanhalingstekens"
        }
        "invalid date" | "invalid time" | "invalid offset" | "invalid datetime"
        | "invalid date-time" => {
            return Some(date_problem(around.written.or(value), expected));
        }
        _ => return None,
    };
    // The parser points at one character; the editor knows the value.
    let value = around.written.filter(|w| !w.is_empty()).or(value);
    Some(match value {
        Some(v) if is_bare_text(v) => unquoted(v, around),
        Some(v) => Problem::new(format!("`{v}` is geen geldig getal"), number_help),
        None => Problem::new("hier staat geen geldig getal", number_help),
    })
}

/// An invalid date or time, with what is wrong in it.
fn date_problem(value: Option<&str>, expected: Option<&str>) -> Problem {
    let reason = match expected {
        Some("month between 01 and 12") => Some("de maand loopt van 01 tot en met 12"),
        Some("hour between 00 and 23" | "hours between 00 and 23") => {
            Some("het uur loopt van 00 tot en met 23")
        }
        Some("minute between 00 and 59" | "minutes between 00 and 59") => {
            Some("de minuten lopen van 00 tot en met 59")
        }
        Some("second between 00 and 60") => Some("de seconden lopen van 00 tot en met 59"),
        Some("a four-digit year (YYYY)") => Some("het jaar heeft vier cijfers"),
        Some("a two-digit month (MM)") => Some("de maand heeft twee cijfers"),
        Some("a two-digit day (DD)") => Some("de dag heeft twee cijfers"),
        Some("day") => Some("deze dag bestaat niet in die maand"),
        Some(_) | None => None,
    };
    let what = match value {
        Some(v) => format!("`{v}` is geen geldige datum"),
        None => "dit is geen geldige datum".to_string(),
    };
    let message = match reason {
        Some(reason) => format!("{what}: {reason}"),
        None => what,
    };
    Problem::new(
        message,
        "schrijf een datum als jaar-maand-dag met streepjes, zoals 2026-12-01 (zonder aanhalingstekens)",
    )
}

/// Errors in the shape of lists, tables and tables on one line.
fn structure_problem(description: &str, around: &Around<'_>) -> Option<Problem> {
    let key = key_or(around, "sleutel");
    let list_help = format!(
        "schrijf een lijst als `{key} = [\"a\", \"b\"]`: waarden tussen [ en ], met een komma ertussen"
    );
    let inline_help = "schrijf een tabel op één regel als `{ a = 1, b = \"twee\" }`, of als een eigen [tabel] met sleutels eronder";
    let table_help = "schrijf de naam van een tabel op één regel tussen haken: `[branding]`";
    let problem = match description {
        "unclosed array" => Problem::new("de lijst wordt niet afgesloten met `]`", list_help),
        "extra comma in array" => {
            Problem::new("in de lijst staan twee komma's achter elkaar", list_help)
        }
        "missing comma between array elements" => Problem::new(
            "tussen twee waarden in de lijst ontbreekt een komma",
            list_help,
        ),
        "unexpected `=` in array" => Problem::new("een `=` kan niet in een lijst", list_help),
        "missing array opening" => {
            Problem::new("hier ontbreekt `[` aan het begin van de lijst", list_help)
        }
        "unclosed inline table" => Problem::new(
            "de tabel tussen `{` en `}` wordt niet afgesloten met `}`",
            inline_help,
        ),
        "missing inline table opening" => {
            Problem::new("hier ontbreekt `{` aan het begin van de tabel", inline_help)
        }
        "extra comma in inline table"
        | "extra assignment between key-value pairs"
        | "missing key for inline table element"
        | "missing assignment between key-value pairs"
        | "invalid inline table element"
        | "missing comma between key-value pairs" => {
            Problem::new("de tabel tussen `{` en `}` klopt niet", inline_help)
        }
        "unclosed table" => Problem::new(
            "de naam van de tabel wordt niet afgesloten met `]`",
            table_help,
        ),
        "unclosed array table" => Problem::new(
            "de naam van de tabel wordt niet afgesloten met `]]`",
            "schrijf een lijst van tabellen als `[[naam]]` op één regel",
        ),
        "missing table open" => {
            Problem::new("hier ontbreekt `[` voor de naam van de tabel", table_help)
        }
        _ => return None,
    };
    Some(problem)
}

/// serde's messages (wrong type, missing field, unknown value), from
/// deserialising a parsed document; `None` for a parser message.
fn serde_message(message: &str, around: &Around<'_>) -> Option<Said> {
    let what = around.what;
    let fault = |text: String, help: String| Said {
        message: format!("fout in {what}: {text}"),
        help,
    };
    if let Some(field) = message.strip_prefix("missing field ") {
        let name = field.trim_matches('`');
        return Some(Said {
            message: format!("{what} mist de sleutel {field}"),
            help: format!("voeg een regel `{name} = \"…\"` toe"),
        });
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return Some(fault(
            format!("de sleutel {field} staat er twee keer"),
            "haal een van de twee regels weg".to_string(),
        ));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return Some(fault(
            format!("{found} kan hier niet"),
            format!("kies uit {}", choices(expected)),
        ));
    }
    if let Some(rest) = message.strip_prefix("unknown field ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        return Some(fault(
            format!("onbekende sleutel {found}"),
            format!("bekende sleutels: {}", choices(expected)),
        ));
    }
    if let Some(number) = too_large(message) {
        return Some(fault(
            format!("het getal {number} is te groot"),
            "gebruik een kleiner getal, zoals 3".to_string(),
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        return Some(fault(
            format!(
                "hier hoort {}, maar er staat {}",
                expected_type(expected),
                found_value(found, around.value)
            ),
            example(expected, around),
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        return Some(fault(
            format!(
                "{} kan hier niet: hier hoort {}",
                found_value(found, around.value),
                expected_type(expected)
            ),
            example(expected, around),
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((length, expected)) = rest.split_once(", expected ")
    {
        return Some(fault(
            format!(
                "de lijst heeft {length} waarden, maar hier hoort {}",
                expected_type(expected)
            ),
            example("a sequence", around),
        ));
    }
    if matches!(
        message,
        "integer number overflowed" | "floating-point number overflowed"
    ) {
        return Some(fault(
            "het getal is te groot".to_string(),
            "gebruik een kleiner getal, zoals 3".to_string(),
        ));
    }
    None
}

/// The number in serde's message for a number too large for its type
/// (``invalid type: integer `99999999999999999999` as i128, expected i64``).
fn too_large(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("invalid type: integer `")?;
    let (number, rest) = rest.split_once('`')?;
    rest.starts_with(" as i128").then_some(number)
}

/// serde's list of allowed values (``one of `a`, `b`, `c` `` or
/// `` `a` or `b` ``) as a Dutch list: `` `a`, `b` of `c` ``.
fn choices(expected: &str) -> String {
    let list = expected.strip_prefix("one of ").unwrap_or(expected);
    let items: Vec<&str> = list
        .split(", ")
        .flat_map(|item| item.split(" or "))
        .collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} of {last}", rest.join(", ")),
        _ => list.to_string(),
    }
}

/// A help line with an example of the right kind of value for the key.
fn example(expected: &str, around: &Around<'_>) -> String {
    let key = key_or(around, "sleutel");
    let value = match expected {
        e if e.starts_with('i') || e.starts_with('u') => "3",
        "f32" | "f64" => "2.5",
        "a boolean" => "true",
        "a TOML datetime" | "a datetime" => "2026-12-01",
        e if e.contains("sequence") || e.contains("array") => "[\"a\", \"b\"]",
        e if e.contains("string") || e.contains("char") => "\"tekst\"",
        e if e == "a map" || e.starts_with("struct ") => {
            return match around.key {
                Some(key) => format!("schrijf `[{key}]` op een eigen regel, met de sleutels eronder"),
                None => "schrijf de naam van de tabel tussen haken op een eigen regel, met de sleutels eronder".to_string(),
            };
        }
        _ => return GENERAL_HELP.to_string(),
    };
    let note = match value.chars().next() {
        Some('"') => "tekst tussen aanhalingstekens",
        Some('[') => "een lijst tussen [ en ]",
        _ => "zonder aanhalingstekens",
    };
    format!("schrijf bijvoorbeeld `{key} = {value}` ({note})")
}

/// What serde expected, as an editor would write it in TOML.
fn expected_type(expected: &str) -> String {
    let text = match expected {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "een heel getal, zoals 3",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "een heel getal van 0 of meer, zoals 3",
        "f32" | "f64" => "een getal, zoals 3 of 2.5",
        "a string" | "a borrowed string" | "a character" | "a char" => {
            "tekst tussen aanhalingstekens, zoals \"tekst\""
        }
        "a boolean" => "true of false",
        "a sequence" | "an array" => "een lijst, zoals [\"a\", \"b\"]",
        "a TOML datetime" | "a datetime" => "een datum, zoals 2026-12-01",
        "a map" => "een tabel met sleutels eronder",
        other if other.starts_with("struct ") => "een tabel met sleutels eronder",
        other if other.starts_with("a sequence of") || other.starts_with("an array of") => {
            "een lijst, zoals [\"a\", \"b\"]"
        }
        other => return format!("iets anders ({other})"),
    };
    text.to_string()
}

/// What serde found (its `Unexpected` wording), in Dutch.
fn found_value(found: &str, value: Option<&str>) -> String {
    let quoted = |s: &str| {
        s.trim_matches('`')
            .trim_end_matches(" as i128")
            .trim_end_matches('`')
            .to_string()
    };
    if let Some(text) = found.strip_prefix("string ") {
        return format!("de tekst {text}");
    }
    if let Some(number) = found
        .strip_prefix("integer ")
        .or_else(|| found.strip_prefix("floating point "))
    {
        return format!("het getal {}", quoted(number));
    }
    if let Some(boolean) = found.strip_prefix("boolean ") {
        return format!("`{}`", quoted(boolean));
    }
    match found {
        "sequence" => "een lijst".to_string(),
        "map" if value.is_some_and(is_date) => "een datum".to_string(),
        "map" => "een tabel".to_string(),
        other => format!("iets anders ({other})"),
    }
}

/// Whether a TOML value's text is a date or time (`2026-12-01`, …).
fn is_date(value: &str) -> bool {
    value.trim().parse::<toml::value::Datetime>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(english: &str, value: Option<&str>, key: Option<&str>) -> Said {
        let around = Around {
            what: "config.toml",
            value,
            key,
            written: value,
        };
        say(english, &around)
    }

    #[test]
    fn type_errors_name_the_expected_type_and_an_example() {
        let s = said(
            "invalid type: string \"twee\", expected i64",
            Some("\"twee\""),
            Some("weight"),
        );
        assert_eq!(
            s.message,
            "fout in config.toml: hier hoort een heel getal, zoals 3, maar er staat de tekst \"twee\""
        );
        assert_eq!(
            s.help,
            "schrijf bijvoorbeeld `weight = 3` (zonder aanhalingstekens)"
        );
        let s = said("invalid type: map, expected i64", Some("2024-01-01"), None);
        assert!(
            s.message.ends_with("maar er staat een datum"),
            "{}",
            s.message
        );
        let s = said("invalid value: integer `-1`, expected u32", None, None);
        assert!(s.message.contains("het getal -1 kan hier niet"));
    }

    #[test]
    fn missing_fields_unknown_values_and_large_numbers() {
        let s = said("missing field `title`", None, None);
        assert_eq!(s.message, "config.toml mist de sleutel `title`");
        let s = said(
            "unknown variant `x`, expected one of `a`, `b`, `c`",
            None,
            None,
        );
        assert_eq!(s.message, "fout in config.toml: `x` kan hier niet");
        assert_eq!(s.help, "kies uit `a`, `b` of `c`");
        let s = said("unknown variant `x`, expected `a` or `b`", None, None);
        assert_eq!(s.help, "kies uit `a` of `b`");
        let s = said(
            "invalid type: integer `99999999999999999999` as i128, expected i64",
            None,
            None,
        );
        assert_eq!(
            s.message,
            "fout in config.toml: het getal 99999999999999999999 is te groot"
        );
    }

    #[test]
    fn an_unknown_message_keeps_its_english_in_parentheses() {
        let s = said("something new, expected nothing", None, None);
        assert_eq!(
            s.message,
            "fout in config.toml: deze regel is geen geldige TOML (something new, expected nothing)"
        );
    }

    #[test]
    fn text_without_quotes_is_named_with_its_key() {
        let s = said("invalid float, expected `nan`", Some("n"), Some("language"));
        assert_eq!(
            s.message,
            "fout in config.toml: `n` staat niet tussen aanhalingstekens"
        );
        assert!(s.help.contains("`language = \"n\"`"), "{}", s.help);
    }
}
