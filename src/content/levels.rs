//! The checks of a competency's levels against the scale of `[handbook]
//! levels`: a level the scale does not name is an error (it would be shown
//! nowhere in the overview of levels); a missing, repeated or misplaced
//! level, or one without indicators, is a warning.

use super::warnings::PageText;
use crate::config::Handbook;
use crate::diagnostics::{Diagnostic, Diagnostics, closest};
use crate::markdown::{Heading, Rendered, heading_names};

/// The levels of a competency checked: the errors, or else the warnings.
pub(super) fn check_levels(
    page: &PageText<'_>,
    rendered: &Rendered,
    handbook: &Handbook,
) -> Result<Vec<Diagnostic>, Diagnostics> {
    let errors = level_errors(page, rendered, handbook);
    if errors.is_empty() {
        Ok(level_warnings(page, rendered, handbook))
    } else {
        Err(errors.into())
    }
}

/// The errors: each level heading whose name is not in the scale, with the
/// nearest name.
fn level_errors(page: &PageText<'_>, rendered: &Rendered, handbook: &Handbook) -> Vec<Diagnostic> {
    let scale = handbook.levels.iter().map(String::as_str);
    rendered
        .levels
        .levels
        .iter()
        .filter(|level| handbook.level_step(&level.heading.text) == 0)
        .map(|level| {
            let name = &level.heading.text;
            let (line, col) = page.at(level.heading.offset);
            let help = match closest(name, scale.clone()) {
                Some(near) => format!("bedoel je `### {near}`? De niveaus staan in `levels` in config.toml"),
                None => format!(
                    "gebruik een van de niveaus uit `levels` in config.toml: {}; of zet het niveau daar bij",
                    list(&handbook.levels)
                ),
            };
            Diagnostic::error(
                page.shown,
                format!("het niveau `{name}` staat niet in `levels` van config.toml"),
            )
            .at(line, col)
            .with_help(help)
        })
        .collect()
}

/// The warnings: no levels at all, a level missing, repeated or out of
/// order, a level without indicators; and a levels heading in a handbook
/// without a scale.
fn level_warnings(
    page: &PageText<'_>,
    rendered: &Rendered,
    handbook: &Handbook,
) -> Vec<Diagnostic> {
    if handbook.levels.is_empty() {
        return without_scale(page, rendered, handbook);
    }
    let levels = &rendered.levels;
    let Some(heading) = &levels.heading else {
        return vec![
            Diagnostic::warning(page.shown, "deze competentie heeft geen niveaus")
                .at(1, 1)
                .with_help(format!(
                    "zet onder een kop ## {} een kop ### per niveau: {}",
                    handbook.levels_heading,
                    list(&handbook.levels)
                )),
        ];
    };
    let mut warnings = Vec::new();
    let warn = |at: &Heading, message: String, help: String| {
        let (line, col) = page.at(at.offset);
        Diagnostic::warning(page.shown, message)
            .at(line, col)
            .with_help(help)
    };
    let steps: Vec<usize> = levels
        .levels
        .iter()
        .map(|l| handbook.level_step(&l.heading.text))
        .collect();
    let mut highest = 0;
    for (index, (level, &step)) in levels.levels.iter().zip(&steps).enumerate() {
        let name = &level.heading.text;
        if step > 0 && steps[..index].contains(&step) {
            warnings.push(warn(
                &level.heading,
                format!(
                    "het niveau `{name}` staat twee keer onder `## {}`",
                    heading.text
                ),
                "beschrijf elk niveau één keer; voeg de twee stukken samen".to_string(),
            ));
        } else if step > 0 && step < highest {
            warnings.push(warn(
                &level.heading,
                format!("de niveaus staan niet op volgorde: `{name}` komt na een hoger niveau"),
                format!(
                    "zet de niveaus van laag naar hoog: {}",
                    list(&handbook.levels)
                ),
            ));
        }
        highest = highest.max(step);
        if step > 0 && level.indicators.is_empty() {
            warnings.push(warn(
                &level.heading,
                format!("onder het niveau `{name}` staan geen gedragsindicatoren"),
                "zet onder de beschrijving een lijst met gedrag dat je ziet: - Je …".to_string(),
            ));
        }
    }
    let missing: Vec<&str> = handbook
        .levels
        .iter()
        .enumerate()
        .filter(|(i, _)| !steps.contains(&(i + 1)))
        .map(|(_, name)| name.as_str())
        .collect();
    if !missing.is_empty() {
        let names = missing
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(warn(
            heading,
            format!("deze competentie mist een niveau: {names}"),
            format!(
                "zet onder `## {}` een kop ### per niveau: {}",
                heading.text,
                list(&handbook.levels)
            ),
        ));
    }
    warnings
}

/// A levels heading in a handbook that names no scale: its levels are read
/// as ordinary text, which the editor most likely did not mean.
fn without_scale(page: &PageText<'_>, rendered: &Rendered, handbook: &Handbook) -> Vec<Diagnostic> {
    let wanted = &handbook.levels_heading;
    rendered
        .headings
        .iter()
        .filter(|h| h.level == 2 && heading_names(&h.text, wanted))
        .take(1)
        .map(|h| {
            let (line, col) = page.at(h.offset);
            Diagnostic::warning(
                page.shown,
                format!("de kop `## {}` wordt niet als niveaus gelezen: config.toml noemt geen niveaus", h.text),
            )
            .at(line, col)
            .with_help("zet de niveaus in config.toml onder [handbook], van laag naar hoog: `levels = [\"Startbekwaam\", \"Vakbekwaam\", \"Vakvolwassen\"]`")
        })
        .collect()
}

/// The scale as a list for messages: `Startbekwaam, Vakbekwaam, Vakvolwassen`.
fn list(levels: &[String]) -> String {
    levels.join(", ")
}
