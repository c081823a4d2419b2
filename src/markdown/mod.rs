//! Markdown to HTML with pulldown-cmark, plus what Bekwaam needs from a page.
//!
//! One parse of a page's body yields everything: the HTML, the heading ids
//! (unique slugs), the internal links to check later (with their byte offset in
//! the body), and — for competencies — the page cut into its parts: the free
//! text, the behaviour indicators, the levels with their indicators, the
//! examples (each level-3 heading under the examples heading), the tips (each
//! top-level list item under the tips heading) and the reflection questions,
//! each with a stable anchor.
//!
//! This file owns the result ([`Rendered`]) and [`render`], which runs the
//! passes over the page's events in order; each pass lives in a room of its
//! own:
//!
//! - `headings`: heading ids and the notes about heading levels;
//! - `footnotes`: footnotes numbered over the whole page;
//! - `links`: internal and root links rewritten and recorded;
//! - `notes`: what deserves a warning, and link schemes made safe;
//! - `safe`: raw HTML made safe, in each rendered piece;
//! - `text`: plain text, the first paragraph, the sections for the search;
//! - `tables`: each table in a named box that scrolls on a phone;
//! - `parts`: a competency cut into free text, indicators, levels, examples,
//!   tips and questions;
//! - `ids`: slugs, and ids kept unique within one page.
//!
//! Invariants: every `id` this module writes is unique within one call;
//! internal links (`@/path.md#anchor`) and root links (`/img/x.png`) are
//! rewritten to the site's base path, and returned so the caller can check
//! that they point somewhere.

mod footnotes;
mod headings;
mod ids;
mod links;
mod notes;
mod parts;
mod safe;
mod tables;
mod text;

use pulldown_cmark::{Event, Options, Parser};

pub use headings::{Heading, heading_names};
pub use ids::slugify;
pub use links::Link;
pub use notes::{Note, NoteKind};
pub use parts::{Level, Levels, ListSection, Part};
pub use text::TextSection;
pub(crate) use text::{is_inline, is_inline_end};

/// What a render needs to know about the page and the site.
pub struct RenderOptions<'a> {
    /// The level-2 heading that opens the examples; `None` for pages that are
    /// not competencies.
    pub examples_heading: Option<&'a str>,
    /// The level-2 heading that opens the tips.
    pub tips_heading: Option<&'a str>,
    /// The level-2 heading that opens the behaviour indicators.
    pub behaviour_heading: Option<&'a str>,
    /// The level-2 heading that opens the levels; `None` when the handbook
    /// names no scale of levels.
    pub levels_heading: Option<&'a str>,
    /// The level-2 heading that opens the reflection questions.
    pub reflection_heading: Option<&'a str>,
    /// Put before every id (used on the print page, where many pages meet).
    pub id_prefix: &'a str,
    /// The site's base path, starting and ending with `/`.
    pub base_path: &'a str,
    /// Maps the path in an internal link (`competenties/x.md`) to the page's
    /// site path (`competenties/x/`), or `None` if that is not a page path.
    pub site_path: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The folder of the Markdown file below `content/` (`competenties`,
    /// empty for `content/` itself): relative links are resolved against it.
    pub folder: &'a str,
    /// Also cut the page into plain-text sections ([`Rendered::sections`]),
    /// which only the search index reads.
    pub sections: bool,
    /// The word for a table in the site's language (`Tabel`): the start of
    /// the name of the box each table is put in.
    pub table_name: &'a str,
}

/// The result of rendering one page body.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// The free text before the examples and tips (all of it for other pages).
    pub content: String,
    /// Free text after the examples and tips.
    pub content_after: String,
    /// Text under the examples heading before the first example.
    pub examples_intro: String,
    /// The examples.
    pub examples: Vec<Part>,
    /// Text under the tips heading before the list of tips.
    pub tips_intro: String,
    /// The tips.
    pub tips: Vec<Part>,
    /// The behaviour indicators, under the behaviour heading.
    pub behaviour: ListSection,
    /// The levels, under the levels heading.
    pub levels: Levels,
    /// The reflection questions, under the reflection heading.
    pub reflection: ListSection,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every id written (headings, tips, footnotes).
    pub ids: Vec<String>,
    /// Links to check.
    pub links: Vec<Link>,
    /// The first paragraph as plain text (a fallback for descriptions).
    pub first_paragraph: String,
    /// The examples heading as written, if the page has one.
    pub examples_heading: Option<Heading>,
    /// The tips heading as written, if the page has one.
    pub tips_heading: Option<Heading>,
    /// The page as plain text, cut at level-1 and level-2 headings.
    pub sections: Vec<TextSection>,
    /// Things worth a warning.
    pub notes: Vec<Note>,
}

/// The Markdown extensions a handbook may use (the writing help reads
/// the text with the same ones).
pub(crate) fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a page body. `body` is the Markdown after the front matter.
///
/// The order of the passes matters: headings claim their ids before
/// footnotes and tips, and links and unsafe targets are rewritten before
/// the page is cut into pieces and rendered.
pub fn render(body: &str, options: &RenderOptions<'_>) -> Rendered {
    let mut events: Vec<(Event<'_>, usize)> = Parser::new_ext(body, parser_options())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .collect();
    let mut ids = ids::Ids::default();
    let mut rendered = Rendered::default();
    let heading_at = headings::claim_headings(
        &mut events,
        options,
        body,
        &mut ids,
        &mut rendered.headings,
        &mut rendered.notes,
    );
    footnotes::rewrite_footnotes(&mut events, &mut ids, options.id_prefix);
    links::rewrite_links(&mut events, options, &mut rendered.links);
    notes::check_links(&mut events, &mut rendered.notes);
    rendered.first_paragraph = text::first_paragraph(&events);
    if options.sections {
        rendered.sections = text::text_sections(&events, &heading_at);
    }
    tables::wrap_tables(&mut events, options.table_name);
    parts::split_parts(events, body, &heading_at, options, &mut ids, &mut rendered);
    rendered.ids = ids.all;
    rendered.shrink();
    rendered
}

impl Rendered {
    /// Gives back the spare room the texts were made with: a site keeps
    /// every page's texts in memory until it is written.
    fn shrink(&mut self) {
        for text in [
            &mut self.content,
            &mut self.content_after,
            &mut self.examples_intro,
            &mut self.tips_intro,
            &mut self.first_paragraph,
        ] {
            text.shrink_to_fit();
        }
        for text in [
            &mut self.behaviour.intro,
            &mut self.behaviour.after,
            &mut self.levels.intro,
            &mut self.reflection.intro,
            &mut self.reflection.after,
        ] {
            text.shrink_to_fit();
        }
        for level in &mut self.levels.levels {
            level.description.shrink_to_fit();
            level.text.shrink_to_fit();
            level.after.shrink_to_fit();
        }
        let levels = self
            .levels
            .levels
            .iter_mut()
            .flat_map(|l| &mut l.indicators);
        for part in self
            .examples
            .iter_mut()
            .chain(&mut self.tips)
            .chain(&mut self.behaviour.items)
            .chain(levels)
            .chain(&mut self.reflection.items)
        {
            part.html.shrink_to_fit();
            part.text.shrink_to_fit();
        }
        for section in &mut self.sections {
            section.text.shrink_to_fit();
        }
    }
}

/// Index of the event that closes the element opened at `start`.
fn matching_end(events: &[(Event<'_>, usize)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_path(path: &str) -> Option<String> {
        path.strip_suffix(".md").map(|p| format!("{p}/"))
    }

    fn opts(competency: bool) -> RenderOptions<'static> {
        RenderOptions {
            examples_heading: competency.then_some("Voorbeelden"),
            tips_heading: competency.then_some("Praktijktips"),
            behaviour_heading: competency.then_some("Wat je ziet"),
            levels_heading: competency.then_some("Niveaus"),
            reflection_heading: competency.then_some("Reflectievragen"),
            id_prefix: "",
            base_path: "/handboek/",
            site_path: &site_path,
            folder: "",
            sections: true,
            table_name: "Tabel",
        }
    }

    #[test]
    fn notes_find_what_deserves_a_warning() {
        let r = render(
            "## Voorbeelden\n\n#### Te diep\n\nT.\n\n## A\n\n## A\n\n![](/x.png) <b onclick=\"x\">b</b>\n\n[l](javascript:x)\n",
            &opts(true),
        );
        let kinds: Vec<&NoteKind> = r.notes.iter().map(|n| &n.kind).collect();
        assert!(kinds.contains(&&NoteKind::ExampleLevel(4)), "{kinds:?}");
        assert!(
            kinds.contains(&&NoteKind::HeadingSkip { from: 2, to: 4 }),
            "{kinds:?}"
        );
        assert!(
            kinds
                .iter()
                .any(|k| matches!(k, NoteKind::AnchorTaken { .. })),
            "{kinds:?}"
        );
        assert!(kinds.contains(&&NoteKind::ImageWithoutAlt), "{kinds:?}");
        assert!(
            kinds.contains(&&NoteKind::EventHandler("onclick".into())),
            "{kinds:?}"
        );
        assert!(!r.content.contains("onclick"), "{}", r.content);
        assert!(
            kinds.contains(&&NoteKind::UnsafeLink("javascript".into())),
            "{kinds:?}"
        );
    }

    #[test]
    fn no_script_from_markdown_and_notes_at_the_place() {
        let body = "## Kop {#eigen .klein onfocus=window.x=1 autofocus tabindex=0}\n\n\
                    <div class=\"a\"\n  onclick=\"x()\">a</div>\n\n\
                    Tekst <a href=\"javascript:alert(1)\">b</a>.\n\n\
                    <iframe src=\"javascript:alert(2)\"></iframe>\n";
        let r = render(body, &opts(false));
        assert!(
            r.content
                .starts_with("<h2 id=\"eigen\" class=\"klein\">Kop</h2>"),
            "{}",
            r.content
        );
        for gone in ["onfocus", "autofocus", "tabindex", "onclick", "javascript"] {
            assert!(!r.content.contains(gone), "{gone}: {}", r.content);
        }
        let at = |kind: NoteKind| {
            r.notes
                .iter()
                .find(|n| n.kind == kind)
                .map(|n| n.offset)
                .unwrap_or_else(|| panic!("{kind:?} in {:?}", r.notes))
        };
        assert_eq!(
            at(NoteKind::HeadingAttribute("onfocus".into())),
            body.find("onfocus").unwrap()
        );
        assert_eq!(
            at(NoteKind::HeadingAttribute("tabindex".into())),
            body.find("tabindex").unwrap()
        );
        assert_eq!(
            at(NoteKind::EventHandler("onclick".into())),
            body.find("onclick").unwrap()
        );
        assert_eq!(
            at(NoteKind::Embedded("iframe".into())),
            body.find("<iframe").unwrap()
        );
        let unsafe_href = NoteKind::UnsafeUrl {
            attribute: "href".into(),
            scheme: "javascript".into(),
            link: true,
        };
        assert_eq!(at(unsafe_href), body.find("href").unwrap());
    }

    #[test]
    fn raw_html_is_read_as_the_browser_reads_the_piece() {
        // A type-6 HTML block ends at the blank line, inside the attribute:
        // the browser reads the link after it as part of the tag, and finds
        // an event handler there.
        let body = "<div title=\"\n\n[x](onclick=alert(1)//)\n";
        let r = render(body, &opts(false));
        assert!(!r.content.contains("onclick"), "{}", r.content);
        assert!(
            r.notes
                .iter()
                .any(|n| n.kind == NoteKind::EventHandler("onclick".into())),
            "{:?}",
            r.notes
        );
        // A piece that ends inside a tag is shown as text.
        let body = "Tekst.\n\n<div title=\"\n";
        let r = render(body, &opts(false));
        assert_eq!(r.content, "<p>Tekst.</p>\n&lt;div title=\"\n");
        assert!(
            r.notes
                .iter()
                .any(|n| n.kind == NoteKind::UnfinishedHtml && n.offset == 8),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn raw_html_in_quotes_and_lists_is_made_safe_too() {
        for body in [
            "> <div class=\"a\"\n> onclick=\"x()\">a</div>\n",
            "- <span\n  onclick=\"x()\">a</span>\n",
            "Tekst[^1] <b onclick=\"x()\">b</b>.\n\n[^1]: Noot.\n",
        ] {
            let r = render(body, &opts(false));
            assert!(!r.content.contains("onclick"), "{body:?}: {}", r.content);
            let note = r
                .notes
                .iter()
                .find(|n| n.kind == NoteKind::EventHandler("onclick".into()))
                .unwrap_or_else(|| panic!("{body:?}: {:?}", r.notes));
            assert_eq!(note.offset, body.find("onclick").unwrap(), "{body:?}");
        }
    }

    #[test]
    fn rendered_texts_keep_no_spare_room() {
        // A 10,000-page site keeps every page's texts until it is written.
        let markdown = "Intro met *nadruk*.\n\n## Voorbeelden\n\n### Een\n\nTekst. ".repeat(40)
            + "\n\n## Praktijktips\n\n- **Tip.** Doe het.\n";
        let r = render(&markdown, &opts(true));
        assert!(!r.content.is_empty() && !r.sections.is_empty() && !r.tips.is_empty());
        assert_eq!(r.content.capacity(), r.content.len());
        for section in &r.sections {
            assert_eq!(section.text.capacity(), section.text.len());
        }
        for part in r.examples.iter().chain(&r.tips) {
            assert_eq!(part.html.capacity(), part.html.len());
            assert_eq!(part.text.capacity(), part.text.len());
        }
    }

    #[test]
    fn heading_ids_are_slugs_and_unique() {
        let r = render(
            "## Wanneer schakel je door?\n\n## Wanneer schakel je door?\n\n### Créëer {#eigen}\n",
            &opts(false),
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "wanneer-schakel-je-door",
                "wanneer-schakel-je-door-1",
                "eigen"
            ]
        );
        assert!(r.content.contains("<h2 id=\"wanneer-schakel-je-door-1\">"));
    }

    #[test]
    fn examples_and_tips_are_cut_out() {
        let body = "Intro met *nadruk*.\n\n## Wat je ziet\n\n- Je luistert.\n\n## Voorbeelden\n\n\
                    ### Mevrouw Jansen\n\nZe belt.\n\n#### Wat hielp\n\nRust.\n\n### Het buurthuis\n\nDrukte.\n\n\
                    ## Praktijktips\n\n- **Vraag door**: Stel een open vraag.\n- **Stilte:** Laat stilte vallen.\n\
                    - Een tip zonder titel\n  - met een sublijst\n\n## Meer lezen\n\nZie ook.\n";
        let r = render(body, &opts(true));
        assert!(r.content.contains("Intro met <em>nadruk</em>"));
        assert!(!r.content.contains("wat-je-ziet"), "{}", r.content);
        assert_eq!(r.behaviour.items[0].text, "Je luistert.");
        assert!(!r.content.contains("Voorbeelden"));
        assert_eq!(r.examples.len(), 2);
        assert_eq!(r.examples[0].title, "Mevrouw Jansen");
        assert_eq!(r.examples[0].id, "mevrouw-jansen");
        assert!(r.examples[0].html.contains("<h4 id=\"wat-hielp\">"));
        assert_eq!(r.examples[0].text, "Ze belt. Wat hielp Rust.");
        assert_eq!(r.tips.len(), 3);
        assert_eq!(r.tips[0].title, "Vraag door");
        assert_eq!(r.tips[0].id, "tip-vraag-door");
        assert_eq!(r.tips[0].html, "Stel een open vraag.");
        assert_eq!(r.tips[1].title, "Stilte");
        assert_eq!(r.tips[1].text, "Laat stilte vallen.");
        assert_eq!(r.tips[2].title, "");
        assert_eq!(r.tips[2].id, "tip-een-tip-zonder-titel-met-een");
        assert!(r.tips[2].html.contains("<ul>"));
        assert!(r.content_after.contains("Zie ook."));
        assert!(r.ids.contains(&"tip-vraag-door".to_string()));
    }

    #[test]
    fn tip_ids_stay_unique() {
        let r = render(
            "## Praktijktips\n\n- **Rust**: a\n- **Rust**: b\n",
            &opts(true),
        );
        assert_eq!(r.tips[0].id, "tip-rust");
        assert_eq!(r.tips[1].id, "tip-rust-1");
    }

    #[test]
    fn links_are_rewritten_and_recorded() {
        let r = render(
            "[a](@/competenties/x.md#kop) [b](/img/logo.png) ![c](/img/foto.jpg) [d](#hier) [e](https://example.org/)",
            &opts(false),
        );
        assert!(r.content.contains("href=\"/handboek/competenties/x/#kop\""));
        assert!(r.content.contains("href=\"/handboek/img/logo.png\""));
        assert!(r.content.contains("src=\"/handboek/img/foto.jpg\""));
        assert!(r.content.contains("href=\"https://example.org/\""));
        assert_eq!(
            r.links[0],
            Link::Internal {
                path: "competenties/x.md".into(),
                anchor: Some("kop".into()),
                offset: 0
            }
        );
        assert_eq!(r.links.len(), 4);
    }

    #[test]
    fn footnotes_number_across_pieces_and_prefix_applies() {
        let body =
            "Tekst[^a].\n\n## Praktijktips\n\n- **T**: meer[^b].\n\n[^a]: Eerste.\n[^b]: Tweede.\n";
        let mut options = opts(true);
        options.id_prefix = "p--";
        let r = render(body, &options);
        assert!(r.content.contains("<a href=\"#p--voetnoot-a\">1</a>"));
        assert!(r.tips[0].html.contains("<a href=\"#p--voetnoot-b\">2</a>"));
        assert_eq!(r.tips[0].id, "p--tip-t");
    }

    #[test]
    fn tables_in_every_piece_are_boxed_with_names_unique_on_the_page() {
        let table = "| Wat | Wanneer |\n|:--|--:|\n| a | b |\n";
        let body = format!(
            "{table}\nTekst <b>vet</b>.\n\n## Voorbeelden\n\n### Een\n\n{table}\n\
             ## Praktijktips\n\n- **Tip**: kijk.\n\n  {}\n",
            table.replace('\n', "\n  ")
        );
        let r = render(&body, &opts(true));
        let boxed =
            "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel: Wat, Wanneer";
        // The free text holds raw HTML, so it was read again to be made safe.
        assert!(
            r.content.contains(&format!("{boxed}\"><table>")),
            "{}",
            r.content
        );
        assert!(r.content.contains("<b>vet</b>"), "{}", r.content);
        assert!(
            r.examples[0].html.contains(&format!("{boxed} (2)\">")),
            "{}",
            r.examples[0].html
        );
        assert!(
            r.tips[0].html.contains(&format!("{boxed} (3)\">")),
            "{}",
            r.tips[0].html
        );
        for html in [&r.content, &r.examples[0].html, &r.tips[0].html] {
            assert!(html.contains("<td class=\"align-right\">b</td>"), "{html}");
            assert!(html.contains("</tbody></table></div>"), "{html}");
            assert!(!html.contains("style"), "{html}");
        }
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        assert_eq!(r.tips[0].title, "Tip");
        // The search reads each cell as words of its own.
        assert_eq!(r.examples[0].text, "Wat Wanneer a b");
        assert_eq!(r.tips[0].text, "kijk. Wat Wanneer a b");
    }

    #[test]
    fn markdown_extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~weg~~ \"citaat\"\n\n- [x] klaar\n",
            &opts(false),
        );
        assert!(r.content.contains("<table>"));
        assert!(r.content.contains("<del>weg</del>"));
        assert!(r.content.contains("“citaat”"));
        assert!(r.content.contains("type=\"checkbox\""));
        assert_eq!(r.first_paragraph, "weg “citaat”");
    }

    #[test]
    fn behaviour_levels_and_questions_are_cut_out_with_their_places() {
        let body = "Intro.\n\n## Wat je ziet\n\nJe herkent het aan:\n\n- Je luistert.\n- Je vat *samen*.\n\n\
                    Meer.\n\n## Niveaus\n\nZo groei je.\n\n### Startbekwaam\n\nMet hulp.\n\n- Je vraagt hulp.\n\n\
                    ### Vakbekwaam\n\nZelfstandig.\n\n- Je kiest zelf.\n- Je helpt anderen.\n\n\
                    ## Reflectievragen\n\n- Wanneer vroeg je hulp?\n- Wat leerde je?\n";
        let r = render(body, &opts(true));
        assert!(!r.content.contains("luistert"), "{}", r.content);
        let behaviour = &r.behaviour;
        assert_eq!(
            behaviour.heading.as_ref().map(|h| h.text.as_str()),
            Some("Wat je ziet")
        );
        assert_eq!(behaviour.intro, "<p>Je herkent het aan:</p>\n");
        assert_eq!(behaviour.after, "<p>Meer.</p>\n");
        let ids: Vec<&str> = behaviour.items.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["gedrag-je-luistert", "gedrag-je-vat-samen"]);
        assert_eq!(behaviour.items[1].html, "Je vat <em>samen</em>.");
        assert_eq!(
            behaviour.items[0].offset,
            body.find("- Je luistert").unwrap()
        );
        let levels = &r.levels;
        assert_eq!(levels.intro, "<p>Zo groei je.</p>\n");
        let names: Vec<&str> = levels
            .levels
            .iter()
            .map(|l| l.heading.text.as_str())
            .collect();
        assert_eq!(names, ["Startbekwaam", "Vakbekwaam"]);
        assert_eq!(
            levels.levels[0].heading.offset,
            body.find("### Startbekwaam").unwrap()
        );
        assert_eq!(levels.levels[0].heading.id, "startbekwaam");
        assert_eq!(levels.levels[0].text, "Met hulp.");
        assert_eq!(
            levels.levels[1].indicators[1].id,
            "vakbekwaam-je-helpt-anderen"
        );
        assert_eq!(levels.levels[1].indicators[1].text, "Je helpt anderen.");
        assert_eq!(levels.indicators().count(), 3);
        let questions: Vec<&str> = r.reflection.items.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(questions, ["Wanneer vroeg je hulp?", "Wat leerde je?"]);
        assert_eq!(r.reflection.items[0].id, "vraag-wanneer-vroeg-je-hulp");
        for id in [
            "gedrag-je-luistert",
            "vakbekwaam-je-kiest-zelf",
            "vraag-wat-leerde-je",
        ] {
            assert!(r.ids.iter().any(|i| i == id), "{id} in {:?}", r.ids);
        }
    }

    #[test]
    fn without_a_scale_the_levels_heading_is_ordinary_text() {
        let mut options = opts(true);
        options.levels_heading = None;
        let r = render(
            "## Niveaus\n\n### Startbekwaam\n\n- Je vraagt hulp.\n",
            &options,
        );
        assert!(r.levels.levels.is_empty() && r.levels.heading.is_none());
        assert!(
            r.content.contains("<h3 id=\"startbekwaam\">"),
            "{}",
            r.content
        );
    }

    #[test]
    fn list_part_ids_stay_unique_and_the_print_prefix_applies() {
        let body = "## Wat je ziet\n\n- Je luistert goed.\n- Je luistert goed.\n\n\
                    ## Niveaus\n\n### Startbekwaam\n\n- Je luistert goed.\n";
        let mut options = opts(true);
        options.id_prefix = "p--";
        let r = render(body, &options);
        let ids: Vec<&str> = r.behaviour.items.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            ["p--gedrag-je-luistert-goed", "p--gedrag-je-luistert-goed-1"]
        );
        assert_eq!(
            r.levels.levels[0].indicators[0].id,
            "p--startbekwaam-je-luistert-goed"
        );
        assert!(
            r.notes.iter().any(|n| matches!(&n.kind, NoteKind::AnchorTaken { got, .. } if got == "p--gedrag-je-luistert-goed-1")),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn an_empty_parts_heading_is_not_linked_to() {
        let r = render(
            "## Reflectievragen\n\n## Praktijktips\n\n- **T**: t.\n",
            &opts(true),
        );
        assert!(r.reflection.heading.is_some());
        assert!(
            !r.headings.iter().any(|h| h.id == "reflectievragen"),
            "{:?}",
            r.headings
        );
        assert!(!r.ids.iter().any(|i| i == "reflectievragen"));
    }
}
