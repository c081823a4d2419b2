//! The templates of a site: the built-in theme, the chosen theme and the
//! site's own, loaded in three layers and checked; rendering one of them
//! with messages that name the template and the page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

use super::guard::{self, Failure};
use super::includes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::source;
use crate::theme;

/// Where a template came from, for messages.
#[derive(Clone, Debug)]
enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// The templates of a site, loaded and checked.
pub(crate) struct Templates {
    tera: Tera,
    origins: BTreeMap<String, Origin>,
}

impl Templates {
    /// Loads the built-in theme, the chosen theme and the site's templates.
    pub(crate) fn load(root: &Path, theme_name: Option<&str>) -> Result<Templates, Diagnostics> {
        let mut sources: BTreeMap<String, (String, Origin)> = theme::TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), Origin::BuiltIn)))
            .collect();
        let mut problems = Diagnostics::new();
        let mut dirs = Vec::new();
        if let Some(name) = theme_name {
            let dir = root.join("themes").join(name);
            if !dir.is_dir() {
                return Err(Diagnostic::error(
                    "config.toml",
                    format!("het thema `{name}` bestaat niet: de map themes/{name}/ ontbreekt"),
                )
                .with_help("zet het thema in themes/, of haal `theme` weg voor het standaardthema")
                .into());
            }
            dirs.push(dir.join("templates"));
        }
        dirs.push(root.join("templates"));
        for dir in dirs {
            let (files, found) = source::walk(root, &dir);
            problems.extend(found);
            for file in files {
                match source::read_text(root, &file.full) {
                    Ok(text) => {
                        let shown = file
                            .full
                            .strip_prefix(root)
                            .unwrap_or(&file.full)
                            .to_path_buf();
                        sources.insert(file.relative, (text, Origin::File(shown)));
                    }
                    Err(problem) => problems.push(problem),
                }
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let origins: BTreeMap<String, Origin> = sources
            .iter()
            .map(|(n, (_, o))| (n.clone(), o.clone()))
            .collect();
        // Tera parses and Bekwaam walks the templates recursively: on a
        // stack of their own, so a deeply nested template is no crash.
        let tera = guard::on_own_stack(|| compile(&sources, &origins))?;
        Ok(Templates { tera, origins })
    }

    /// True if a template of this name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.origins.contains_key(name)
    }

    /// True if the site or its theme has its own template `name` (not
    /// only the built-in theme).
    pub(crate) fn is_own(&self, name: &str) -> bool {
        matches!(self.origins.get(name), Some(Origin::File(_)))
    }

    /// Where the template `name` comes from, as messages show it
    /// (`templates/page.html`, or the built-in theme).
    pub(crate) fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .map_or_else(|| PathBuf::from(name), origin_path)
    }

    /// Renders the template `name` for the page made from `for_file`,
    /// within the limits of [`guard`].
    pub(crate) fn render(
        &self,
        name: &str,
        context: &Context,
        for_file: &Path,
    ) -> Result<String, Diagnostic> {
        let bytes = guard::render(&self.tera, name, context).map_err(|failure| match failure {
            Failure::Limit(limit) => {
                let template = limit.template().unwrap_or(name);
                Diagnostic::error(self.origin(template), limit.message(name)).with_help(format!(
                    "{}; dit gebeurde bij {}",
                    limit.help(),
                    for_file.display()
                ))
            }
            Failure::Tera(error) => {
                let message = render_failure(&error_chain(&error));
                Diagnostic::error(self.origin(name), format!("template `{name}` faalt: {message}")).with_help(format!(
                    "dit gebeurde bij {}; gebruik alleen variabelen die bestaan (zie README), of geef een standaardwaarde met `| default(value=\"\")`",
                    for_file.display()
                ))
            }
        })?;
        // Tera writes only whole strings, so the page is UTF-8.
        String::from_utf8(bytes).map_err(|_| {
            Diagnostic::error(
                self.origin(name),
                format!("template `{name}` maakte tekst die geen UTF-8 is"),
            )
            .with_help(format!("dit gebeurde bij {}", for_file.display()))
        })
    }
}

/// Parses the templates, refuses include cycles and puts in the limits.
fn compile(
    sources: &BTreeMap<String, (String, Origin)>,
    origins: &BTreeMap<String, Origin>,
) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(escape);
    if let Err(error) =
        tera.add_raw_templates(sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str())))
    {
        let message = error_chain(&error);
        let name = quoted_name(&message);
        let path = name
            .and_then(|n| origins.get(n))
            .map_or_else(|| PathBuf::from("templates"), origin_path);
        let said = parse_failure(&message);
        let mut diagnostic = Diagnostic::error(path, format!("fout in een template: {said}"))
            .with_help(
                "controleer de Tera-syntaxis: {{ … }}, {% … %} en of elk blok wordt afgesloten",
            );
        if let Some((line, col)) = tera_position(&message) {
            diagnostic = diagnostic.at(line, col);
        }
        return Err(diagnostic.into());
    }
    let cycles = include_cycles(&tera, sources);
    if cycles.has_errors() {
        return Err(cycles);
    }
    guard::install(&mut tera);
    Ok(tera)
}

/// Every include cycle as an error at the include that starts it.
fn include_cycles(tera: &Tera, sources: &BTreeMap<String, (String, Origin)>) -> Diagnostics {
    let mut problems = Diagnostics::new();
    for cycle in includes::cycles(tera) {
        let (first, next) = (&cycle[0], &cycle[1]);
        let Some((text, origin)) = sources.get(first) else {
            continue;
        };
        let mut diagnostic = Diagnostic::error(
            origin_path(origin),
            format!(
                "de templates nemen elkaar zonder einde op: {}",
                cycle.join(" -> ")
            ),
        )
        .with_help(format!(
            "haal de `{{% include \"{next}\" %}}` weg of kies een andere template: een template mag zichzelf niet opnemen, ook niet via een andere"
        ));
        if let Some(offset) = includes::include_offset(text, next) {
            diagnostic = diagnostic.at_offset(text, offset);
        }
        problems.push(diagnostic);
    }
    problems
}

/// Escapes `&`, `<`, `>`, `"` and `'` (Tera's own escaping also turns `/` into
/// `&#x2F;`, which is valid but makes every URL in the output hard to read).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut escaped, text);
    escaped
}

fn origin_path(origin: &Origin) -> PathBuf {
    match origin {
        Origin::BuiltIn => PathBuf::from("(ingebouwd thema)"),
        Origin::File(path) => path.clone(),
    }
}

/// The message of an error with all its causes.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message.replace('\n', " ")
}

/// Tera's English for a template it cannot parse, in Dutch: the place is
/// the diagnostic's, Tera's own words (what it expected) go in parentheses.
fn parse_failure(message: &str) -> String {
    let detail = message
        .rsplit_once("= ")
        .map_or(message, |(_, detail)| detail)
        .trim();
    format!("Tera kan de opmaak hier niet lezen ({detail})")
}

/// Tera's English for a template that fails while rendering, in Dutch
/// where the cause is known; otherwise Tera's words in parentheses.
fn render_failure(chain: &str) -> String {
    if let Some(start) = chain.find("Variable `") {
        let rest = &chain[start + "Variable `".len()..];
        if let Some((variable, tail)) = rest.split_once('`')
            && tail.starts_with(" not found in context")
        {
            return format!("de variabele `{variable}` bestaat niet");
        }
    }
    format!("Tera kan de pagina niet maken ({chain})")
}

/// The first `'name'` in a Tera message.
fn quoted_name(message: &str) -> Option<&str> {
    let start = message.find('\'')? + 1;
    let len = message[start..].find('\'')?;
    Some(&message[start..start + len])
}

/// The `--> line:col` of a Tera parse error.
fn tera_position(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tera_messages_give_positions_and_names() {
        assert_eq!(
            tera_position("Failed to parse 'x.html':  --> 3:7 |"),
            Some((3, 7))
        );
        assert_eq!(quoted_name("Failed to parse 'x.html'"), Some("x.html"));
    }
}
