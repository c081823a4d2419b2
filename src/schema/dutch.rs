//! serde's type errors in plain Dutch.
//!
//! `toml` reports a wrong type with serde's English wording, for example
//! `invalid type: map, expected i64`. This turns the shapes serde uses
//! (invalid type, invalid value, invalid length, missing field, unknown
//! variant) into a sentence that names the expected type the way an editor
//! writes it in TOML. Anything else is returned as it came.

/// `message` in Dutch. `value` is the TOML text of the value the error is
/// about (its span), if known: serde calls a date and a table both `map`.
pub(super) fn message(message: &str, value: Option<&str>) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        return format!(
            "hier hoort {}, maar er staat {}",
            expected_type(expected),
            found_value(found, value)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: ")
        && let Some((found, expected)) = rest.rsplit_once(", expected ")
    {
        return format!(
            "{} kan hier niet: hier hoort {}",
            found_value(found, value),
            expected_type(expected)
        );
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((length, expected)) = rest.split_once(", expected ")
    {
        return format!(
            "de lijst heeft {length} waarden, maar hier hoort {}",
            expected_type(expected)
        );
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("de sleutel {field} ontbreekt");
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return format!("de sleutel {field} staat er twee keer");
    }
    if let Some(rest) = message.strip_prefix("unknown variant ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let choices = expected
            .strip_prefix("one of ")
            .unwrap_or(expected)
            .replace(" or ", " of ");
        return format!("{found} kan hier niet; kies uit {choices}");
    }
    message.to_string()
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
        "a map" => "een tabel, zoals [extra] met sleutels eronder",
        other if other.starts_with("struct ") => "een tabel, zoals [extra] met sleutels eronder",
        other if other.starts_with("a sequence of") || other.starts_with("an array of") => {
            "een lijst, zoals [\"a\", \"b\"]"
        }
        other => return format!("`{other}`"),
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
        other => format!("`{other}`"),
    }
}

/// Whether a TOML value's text is a date or time (`2026-12-01`, …).
fn is_date(value: &str) -> bool {
    value.trim().parse::<toml::value::Datetime>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn type_errors_name_the_expected_type_in_dutch() {
        for (english, value, dutch) in [
            (
                "invalid type: map, expected i64",
                Some("2024-01-01"),
                "hier hoort een heel getal, zoals 3, maar er staat een datum",
            ),
            (
                "invalid type: map, expected i64",
                Some("{a = 1}"),
                "hier hoort een heel getal, zoals 3, maar er staat een tabel",
            ),
            (
                "invalid type: string \"x\", expected a boolean",
                None,
                "hier hoort true of false, maar er staat de tekst \"x\"",
            ),
            (
                "invalid type: integer `5`, expected a string",
                None,
                "hier hoort tekst tussen aanhalingstekens, zoals \"tekst\", maar er staat het getal 5",
            ),
            (
                "invalid type: integer `99999999999999999999` as i128, expected i64",
                None,
                "hier hoort een heel getal, zoals 3, maar er staat het getal 99999999999999999999",
            ),
            (
                "invalid type: floating point `1.5`, expected a TOML datetime",
                None,
                "hier hoort een datum, zoals 2026-12-01, maar er staat het getal 1.5",
            ),
            (
                "invalid type: boolean `true`, expected a sequence",
                None,
                "hier hoort een lijst, zoals [\"a\", \"b\"], maar er staat `true`",
            ),
            (
                "invalid value: integer `-1`, expected u32",
                None,
                "het getal -1 kan hier niet: hier hoort een heel getal van 0 of meer, zoals 3",
            ),
            (
                "missing field `title`",
                None,
                "de sleutel `title` ontbreekt",
            ),
            (
                "unknown variant `x`, expected `a` or `b`",
                None,
                "`x` kan hier niet; kies uit `a` of `b`",
            ),
            ("iets anders", None, "iets anders"),
        ] {
            assert_eq!(message(english, value), dutch, "{english}");
        }
    }
}
