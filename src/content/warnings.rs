//! The warnings about one page: what the build accepts but an editor most
//! likely did not mean.

use std::collections::HashSet;
use std::path::Path;

use super::PageKind;
use crate::diagnostics::{Diagnostic, Lines};
use crate::frontmatter::FrontMatter;
use crate::markdown::{NoteKind, Rendered};

/// Takes the page itself and repeats out of `related` (the page would link
/// to itself, or twice to the same competency), with a warning for each.
pub(super) fn tidy_related(
    shown: &Path,
    slug: &str,
    related: &mut Vec<String>,
    (line, column): (usize, usize),
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    related.retain(|other| {
        let (message, help) = if other == slug {
            (
                format!("`related` noemt deze pagina zelf (`{slug}`)"),
                "noem in `related` alleen andere competenties; haal deze naam weg",
            )
        } else if !seen.insert(other.clone()) {
            (
                format!("`related` noemt `{other}` meer dan één keer"),
                "noem elke competentie één keer in `related`",
            )
        } else {
            return true;
        };
        warnings.push(
            Diagnostic::warning(shown, message)
                .at(line, column)
                .with_help(help),
        );
        false
    });
    warnings
}

/// What is worth a warning in one page: things the build accepts but an
/// editor most likely did not mean.
pub(super) fn page_warnings(
    shown: &Path,
    lines: &Lines<'_>,
    body_offset: usize,
    body: &str,
    kind: PageKind,
    front: &FrontMatter,
    rendered: &Rendered,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for note in &rendered.notes {
        let (line, col) = lines.at(body_offset + note.offset);
        let (message, help) = note_text(&note.kind);
        warnings.push(
            Diagnostic::warning(shown, message)
                .at(line, col)
                .with_help(help),
        );
    }
    if kind == PageKind::Competency {
        if rendered.examples.is_empty() {
            warnings.push(
                Diagnostic::warning(shown, "deze competentie heeft geen voorbeelden")
                    .at(1, 1)
                    .with_help(
                        "zet voorbeelden onder een kop ## Voorbeelden, elk met een kop ### Titel",
                    ),
            );
        }
        if rendered.tips.is_empty() {
            warnings.push(
                Diagnostic::warning(shown, "deze competentie heeft geen praktijktips")
                    .at(1, 1)
                    .with_help("zet tips als lijst onder een kop ## Praktijktips: - **Korte titel.** Uitleg"),
            );
        }
        if front.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            warnings.push(
                Diagnostic::warning(shown, "deze competentie heeft geen samenvatting")
                    .at(1, 1)
                    .with_help("zet `summary = \"…\"` in de kop van het bestand (front matter): één zin die op de kaart van de startpagina komt"),
            );
        }
    }
    if kind == PageKind::Page && body.trim().is_empty() {
        warnings.push(
            Diagnostic::warning(shown, "de pagina is leeg")
                .at(1, 1)
                .with_help("schrijf tekst onder de kop van het bestand (front matter), of zet `draft = true` zolang de pagina niet af is"),
        );
    }
    warnings
}

/// What a note says, and what to do about it.
fn note_text(kind: &NoteKind) -> (String, String) {
    match kind {
        NoteKind::Script => (
            "een <script> in de tekst is weggehaald".to_string(),
            "code in de tekst kan gevaarlijk zijn en mag niet; zet code in een .js-bestand in static/ en noem het in een eigen template".to_string(),
        ),
        NoteKind::EventHandler(name) => (
            format!("het attribuut `{name}` is weggehaald: het voert code uit"),
            "code in de tekst mag niet, ook niet in een attribuut; haal het attribuut weg".to_string(),
        ),
        NoteKind::UnsafeUrl { attribute, scheme, link } => (
            format!("het adres in `{attribute}` begint met `{scheme}:`; dat is onveilig en is {}", if *link { "onklikbaar gemaakt" } else { "weggehaald" }),
            "gebruik een adres dat met https:// begint, of een pad op de site zelf".to_string(),
        ),
        NoteKind::RemovedAttribute(name) => (
            format!("het attribuut `{name}` is weggehaald: het zet een hele pagina met code in de pagina"),
            "link naar de pagina, of zet haar inhoud in de tekst".to_string(),
        ),
        NoteKind::InlineStyle(what) => (
            if what == "style" { "het attribuut `style` is weggehaald".to_string() } else { format!("een {what} in de tekst is weggehaald") },
            "de beveiliging van de site staat opmaak in de tekst niet toe; zet de opmaak in een .css-bestand in static/ en geef het element een class".to_string(),
        ),
        NoteKind::Embedded(tag) if tag == "iframe" || tag == "frame" => (
            format!("de pagina bevat een <{tag}>"),
            "die toont alleen pagina's van deze site: de beveiliging van de site blokkeert andere sites; zet er een gewone link naast".to_string(),
        ),
        NoteKind::Embedded(tag) => (
            format!("de pagina bevat een <{tag}>"),
            "dat werkt niet: de beveiliging van de site staat geen plug-ins toe; gebruik een link of een afbeelding".to_string(),
        ),
        NoteKind::HeadingAttribute(name) => (
            format!("het attribuut `{name}` bij een kop is weggelaten"),
            "bij een kop mag alleen een anker en een class: ## Kop {#anker .class}".to_string(),
        ),
        NoteKind::UnfinishedHtml => (
            "de HTML hier is niet afgemaakt: een tag, commentaar of element loopt door tot het eind van dit stuk".to_string(),
            "sluit elke tag met > en elk element met zijn eindtag; tot dan staat de HTML van dit stuk als tekst op de pagina".to_string(),
        ),
        NoteKind::UnreadableHtml => (
            "de HTML hier is niet eenduidig te lezen".to_string(),
            "schrijf de HTML eenvoudiger, met elk element netjes gesloten; tot dan staat de HTML van dit stuk als tekst op de pagina".to_string(),
        ),
        NoteKind::UnsafeLink(scheme) => (
            format!("een link met `{scheme}:` is onveilig en is onklikbaar gemaakt"),
            "link naar een pagina of een adres dat met https:// begint".to_string(),
        ),
        NoteKind::ImageWithoutAlt => (
            "een afbeelding heeft geen alt-tekst".to_string(),
            "beschrijf tussen de vierkante haken wat er te zien is: ![Wat je ziet](/img/plaatje.png)".to_string(),
        ),
        NoteKind::HeadingSkip { from, to } => (
            format!("een kop van niveau {to} volgt op een kop van niveau {from}"),
            format!("sla geen niveau over: gebruik {} na {}", "#".repeat(usize::from(*from) + 1), "#".repeat(usize::from(*from))),
        ),
        NoteKind::AnchorTaken { wanted, got } => (
            format!("het anker `#{wanted}` bestaat al op deze pagina; dit kreeg `#{got}`"),
            "geef koppen en tips verschillende titels, zodat links naar elk ervan blijven werken".to_string(),
        ),
        NoteKind::PartsHeadingLevel(level) => (
            format!("de kop van de voorbeelden of de praktijktips heeft niveau {level}"),
            "die kop moet niveau 2 hebben (##), anders herkent Bekwaam de voorbeelden en tips niet".to_string(),
        ),
        NoteKind::ExampleLevel(level) => (
            format!("een voorbeeld onder de kop met voorbeelden heeft een kop van niveau {level}"),
            "een voorbeeld begint met een kop van niveau 3: ### Titel van het voorbeeld".to_string(),
        ),
    }
}
