//! The warnings about one page: what the build accepts but an editor most
//! likely did not mean.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use super::{CONTENT_DIR, Page, PageKind};
use crate::config::Handbook;
use crate::diagnostics::{Diagnostic, Lines, closest};
use crate::frontmatter::FrontMatter;
use crate::markdown::{Heading, NoteKind, Rendered};

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

/// A page's text and where it is, for the places of its warnings.
pub(super) struct PageText<'a> {
    /// The file as shown in messages (`content/…`).
    pub(super) shown: &'a Path,
    /// The lines of the whole file.
    pub(super) lines: &'a Lines<'a>,
    /// Byte offset of the body in the file.
    pub(super) body_offset: usize,
    /// The Markdown after the front matter.
    pub(super) body: &'a str,
}

impl PageText<'_> {
    /// Line and column in the file of a byte offset in the body.
    pub(super) fn at(&self, offset: usize) -> (usize, usize) {
        self.lines.at(self.body_offset + offset)
    }
}

/// What is worth a warning in one page: things the build accepts but an
/// editor most likely did not mean.
pub(super) fn page_warnings(
    page: &PageText<'_>,
    kind: PageKind,
    front: &FrontMatter,
    rendered: &Rendered,
    handbook: &Handbook,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut covered = Vec::new();
    if kind == PageKind::Competency {
        let examples = PartSection {
            wanted: &handbook.examples_heading,
            found: rendered.examples_heading.as_ref(),
            empty: rendered.examples.is_empty(),
            nothing_under: rendered.examples.is_empty() && rendered.examples_intro.is_empty(),
            missing: "deze competentie heeft geen voorbeelden",
            what: "de voorbeelden",
            how: "zet voorbeelden onder een kop ## {heading}, elk met een kop ### Titel",
            fill: "zet er voorbeelden onder, elk met een kop ### Titel, of haal de kop weg",
        };
        let tips = PartSection {
            wanted: &handbook.tips_heading,
            found: rendered.tips_heading.as_ref(),
            empty: rendered.tips.is_empty(),
            nothing_under: rendered.tips.is_empty() && rendered.tips_intro.is_empty(),
            missing: "deze competentie heeft geen praktijktips",
            what: "de praktijktips",
            how: "zet tips als lijst onder een kop ## {heading}: - **Korte titel.** Uitleg",
            fill: "zet er tips onder als lijst: - **Korte titel.** Uitleg; of haal de kop weg",
        };
        for section in [examples, tips] {
            if let Some((warning, offset)) = section.warning(page, &rendered.headings) {
                warnings.push(warning);
                covered.extend(offset);
            }
        }
        if front.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            warnings.push(
                Diagnostic::warning(page.shown, "deze competentie heeft geen samenvatting")
                    .at(1, 1)
                    .with_help("zet `summary = \"…\"` in de kop van het bestand (front matter): één zin die op de kaart van de startpagina komt"),
            );
        }
    }
    for note in &rendered.notes {
        // A parts heading at the wrong level that the warning about the
        // missing part already names.
        if matches!(note.kind, NoteKind::PartsHeadingLevel(_)) && covered.contains(&note.offset) {
            continue;
        }
        let (line, col) = page.at(note.offset);
        let (message, help) = note_text(&note.kind);
        warnings.push(
            Diagnostic::warning(page.shown, message)
                .at(line, col)
                .with_help(help),
        );
    }
    if kind == PageKind::Page && page.body.trim().is_empty() {
        warnings.push(
            Diagnostic::warning(page.shown, "de pagina is leeg")
                .at(1, 1)
                .with_help("schrijf tekst onder de kop van het bestand (front matter), of zet `draft = true` zolang de pagina niet af is"),
        );
    }
    warnings
}

/// The examples or the tips of a competency, as far as a warning needs.
struct PartSection<'a> {
    /// The heading that opens the part (from `[handbook]` or the language).
    wanted: &'a str,
    /// That heading, if the page has it at level 2.
    found: Option<&'a Heading>,
    /// No example (or tip) was found.
    empty: bool,
    /// Not even text under the heading.
    nothing_under: bool,
    /// The message when there are none.
    missing: &'a str,
    /// The part, for messages (`de voorbeelden`).
    what: &'a str,
    /// The help when there are none; `{heading}` is the wanted heading.
    how: &'a str,
    /// The help when there is nothing under the heading.
    fill: &'a str,
}

impl PartSection<'_> {
    /// The warning about a part that has nothing in it, with the offset of
    /// the misplaced parts heading it names, if that is what it is about.
    fn warning(
        &self,
        page: &PageText<'_>,
        headings: &[Heading],
    ) -> Option<(Diagnostic, Option<usize>)> {
        if !self.empty {
            return None;
        }
        let how = self.how.replace("{heading}", self.wanted);
        if let Some(heading) = self.found {
            let (line, col) = page.at(heading.offset);
            let (message, help) = if self.nothing_under {
                (
                    format!("onder de kop `## {}` staat niets", heading.text),
                    self.fill.to_string(),
                )
            } else {
                (self.missing.to_string(), how)
            };
            let warning = Diagnostic::warning(page.shown, message)
                .at(line, col)
                .with_help(help);
            return Some((warning, None));
        }
        let Some(near) = headings.iter().find(|h| self.nearly(h)) else {
            let warning = Diagnostic::warning(page.shown, self.missing)
                .at(1, 1)
                .with_help(how);
            return Some((warning, None));
        };
        let (line, col) = page.at(near.offset);
        let written = format!("{} {}", "#".repeat(usize::from(near.level)), near.text);
        let message = format!(
            "{}: de kop `{written}` is niet de kop van {}",
            self.missing, self.what
        );
        let why = if near.level == 2 {
            format!("Alleen onder precies die kop vindt Bekwaam {}", self.what)
        } else {
            format!(
                "Die kop moet niveau 2 hebben (##), anders vindt Bekwaam {} niet",
                self.what
            )
        };
        let warning = Diagnostic::warning(page.shown, message)
            .at(line, col)
            .with_help(format!("bedoel je `## {}`? {why}", self.wanted));
        Some((warning, Some(near.offset)))
    }

    /// True if `heading` looks like a mistake for the parts heading: the
    /// same words at another level, or a level-2 heading a letter or two
    /// off. (Deeper headings that are only close are left alone: under the
    /// examples heading, `### Voorbeeld 1` is an example.)
    fn nearly(&self, heading: &Heading) -> bool {
        let text = heading.text.trim().trim_end_matches(':').trim();
        let same = text.eq_ignore_ascii_case(self.wanted.trim());
        if heading.level != 2 {
            return same;
        }
        !same && closest(text, [self.wanted.trim()]).is_some()
    }
}

/// Warnings about the order of the competencies (`order` is framework
/// order, indexes into `pages`): one without `weight`, and each that shares
/// its weight with another; both say which place the site now gives them.
pub(super) fn order_warnings(pages: &[Page], order: &[usize]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut by_weight: BTreeMap<i64, Vec<(usize, &Page)>> = BTreeMap::new();
    for (position, page) in order.iter().map(|&i| &pages[i]).enumerate() {
        let number = position + 1;
        match page.front.weight {
            Some(weight) => by_weight.entry(weight).or_default().push((number, page)),
            None => warnings.push(
                Diagnostic::warning(&page.file, "deze competentie heeft geen `weight`")
                    .at(1, 1)
                    .with_help(format!(
                        "zet `weight = {number}` (of een ander getal) in de kop van het bestand (front matter); zonder weight zet de site haar na de competenties met een weight, op volgorde van de titel: nu is ze nummer {number}"
                    )),
            ),
        }
    }
    for (weight, shared) in by_weight.into_iter().filter(|(_, s)| s.len() > 1) {
        let files: Vec<String> = shared
            .iter()
            .map(|(_, p)| format!("`{}`", p.file.display()))
            .collect();
        let places: Vec<String> = shared
            .iter()
            .map(|(number, p)| format!("`{}` is nummer {number}", file_name(&p.file)))
            .collect();
        let message = format!(
            "{} competenties hebben `weight = {weight}`: {}",
            shared.len(),
            and_list(&files)
        );
        let help = format!(
            "geef elke competentie een eigen weight; nu zet de site ze op volgorde van de titel: {}",
            and_list(&places)
        );
        for (_, page) in &shared {
            warnings.push(
                Diagnostic::warning(&page.file, message.clone())
                    .at(page.weight_at.0, page.weight_at.1)
                    .with_help(help.clone()),
            );
        }
    }
    warnings
}

/// A warning for each folder right below `content/` whose name is close to
/// the competencies folder (`competentie` for `competenties`, or the same
/// name in other capitals): its pages are ordinary pages, not competencies,
/// which an editor who mistyped the name does not expect.
pub(super) fn folder_warnings(pages: &[Page], competencies: &str) -> Vec<Diagnostic> {
    let folders: BTreeSet<&str> = pages
        .iter()
        .filter_map(|p| p.source.split_once('/').map(|(folder, _)| folder))
        .filter(|folder| *folder != competencies)
        .collect();
    folders
        .into_iter()
        .filter(|folder| {
            folder.eq_ignore_ascii_case(competencies) || closest(folder, [competencies]).is_some()
        })
        .map(|folder| {
            Diagnostic::warning(
                Path::new(CONTENT_DIR).join(folder),
                format!("de map `content/{folder}/` lijkt op de map van de competenties, `content/{competencies}/`"),
            )
            .with_help(format!(
                "bedoel je `{competencies}`? Pagina's in deze map worden nu gewone pagina's, geen competenties; geef de map die naam, of kies de map van de competenties in config.toml: `competencies = \"{folder}\"` onder [handbook]"
            ))
        })
        .collect()
}

/// The last part of a path, for a message.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// `a`, `a en b`, `a, b en c`.
fn and_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} en {last}", rest.join(", ")),
    }
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
            "geef koppen en tips verschillende titels, en laat gedrag en vragen met andere woorden beginnen (het anker komt uit de eerste zes woorden), zodat links naar elk ervan blijven werken".to_string(),
        ),
        NoteKind::PartsHeadingLevel(level) => (
            format!("deze kop van een vast onderdeel (voorbeelden, praktijktips, gedrag, niveaus of reflectievragen) heeft niveau {level}"),
            "die kop moet niveau 2 hebben (##), anders herkent Bekwaam het onderdeel niet".to_string(),
        ),
        NoteKind::ExampleLevel(level) => (
            format!("een voorbeeld onder de kop met voorbeelden heeft een kop van niveau {level}"),
            "een voorbeeld begint met een kop van niveau 3: ### Titel van het voorbeeld".to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, text: &str) -> Heading {
        Heading {
            level,
            id: String::new(),
            text: text.to_string(),
            offset: 0,
        }
    }

    fn tips() -> PartSection<'static> {
        PartSection {
            wanted: "Praktijktips",
            found: None,
            empty: true,
            nothing_under: true,
            missing: "",
            what: "",
            how: "",
            fill: "",
        }
    }

    #[test]
    fn a_near_heading_is_a_typo_at_level_2_or_the_same_words_elsewhere() {
        let tips = tips();
        assert!(tips.nearly(&heading(2, "Praktijk tips")));
        assert!(tips.nearly(&heading(2, "praktijktip:")));
        assert!(tips.nearly(&heading(3, "Praktijktips")));
        assert!(tips.nearly(&heading(1, "praktijktips")));
        // The heading itself (any case) is no mistake; other words neither.
        assert!(!tips.nearly(&heading(2, "praktijktips")));
        assert!(!tips.nearly(&heading(2, "Werkwijze")));
        // An example may be called almost like the examples heading.
        let examples = PartSection {
            wanted: "Voorbeelden",
            ..tips
        };
        assert!(examples.nearly(&heading(2, "Voorbeeld")));
        assert!(!examples.nearly(&heading(3, "Voorbeeld 1")));
    }

    #[test]
    fn lists_read_as_dutch() {
        let items = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(and_list(&items(1)), "1");
        assert_eq!(and_list(&items(2)), "1 en 2");
        assert_eq!(and_list(&items(3)), "1, 2 en 3");
    }
}
