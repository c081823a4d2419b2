//! Tables that work on a phone: every Markdown table is put in a box of its
//! own that scrolls sideways when the table is wider than the screen.
//!
//! A box that scrolls must be reachable with the keyboard (WCAG 2.1.1), so
//! it can be focused (`tabindex="0"`), and what can be focused needs a name:
//! the box is a region named after the table, `Tabel: Wat, Waar, Wanneer`
//! (the word for "table" in the site's language and the texts of the header
//! cells), so a screen-reader user hears what the table is about before
//! entering it. Two tables with the same name on one page are told apart by
//! a number: `Tabel: Wat, Waar (2)`.
//!
//! The pass changes events in place, so the event indexes that other passes
//! hold stay right: the start of a table becomes HTML that opens the box and
//! the table, its end HTML that closes both. pulldown-cmark then never sees
//! the table's alignments and writes no `style` attribute (which a strict
//! Content-Security-Policy blocks); an aligned cell's start is written here,
//! with a class (`align-center`) that the theme styles instead.
//!
//! Invariant: every box is closed in the same piece it was opened in, since a
//! table is one block and a piece of a page holds whole blocks.

use std::collections::HashMap;

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

use super::text::plain_text;

/// The class of the box around a table.
const BOX_CLASS: &str = "tabel";

/// Puts every table of the page in a named box that scrolls. `name` is the
/// word for a table in the site's language (`Tabel`).
pub(super) fn wrap_tables(events: &mut [(Event<'_>, usize)], name: &str) {
    let mut names_used: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Table(alignments)) = &events[i].0 {
            let alignments = alignments.clone();
            let end = super::matching_end(events, i);
            let label = unique(table_name(&events[i..=end], name), &mut names_used);
            events[i].0 = Event::Html(CowStr::from(format!(
                "<div class=\"{BOX_CLASS}\" role=\"region\" tabindex=\"0\" aria-label=\"{}\"><table>",
                htmlize::escape_attribute(&label)
            )));
            align_cells(&mut events[i..end], &alignments);
            if matches!(events[end].0, Event::End(TagEnd::Table)) {
                events[end].0 = Event::Html(CowStr::from("</tbody></table></div>\n"));
            }
            i = end;
        }
        i += 1;
    }
}

/// The name of a table: `name` and the texts of its header cells.
fn table_name(table: &[(Event<'_>, usize)], name: &str) -> String {
    let mut headers = Vec::new();
    let mut cell: Option<Vec<&Event<'_>>> = None;
    let mut in_head = false;
    for (event, _) in table {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => break,
            Event::Start(Tag::TableCell) if in_head => cell = Some(Vec::new()),
            Event::End(TagEnd::TableCell) => {
                if let Some(events) = cell.take() {
                    let text = plain_text(events);
                    if !text.is_empty() {
                        headers.push(text);
                    }
                }
            }
            other => {
                if let Some(events) = &mut cell {
                    events.push(other);
                }
            }
        }
    }
    if headers.is_empty() {
        name.to_string()
    } else {
        format!("{name}: {}", headers.join(", "))
    }
}

/// `label`, or with a number after it when the page has a table of that
/// name already.
fn unique(label: String, used: &mut HashMap<String, usize>) -> String {
    let count = used.entry(label.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        label
    } else {
        format!("{label} ({count})")
    }
}

/// Writes each aligned cell of one table (`table` runs from its start to
/// before its end) with a class for its alignment. A cell's start and end
/// both become HTML, so that every other pass still sees the page's starts
/// and ends in pairs.
fn align_cells(table: &mut [(Event<'_>, usize)], alignments: &[Alignment]) {
    if alignments.iter().all(|a| *a == Alignment::None) {
        return;
    }
    let mut in_head = false;
    let mut column = 0;
    let mut aligned_cell = false;
    for (event, _) in table.iter_mut() {
        match event {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => column = 0,
            Event::Start(Tag::TableCell) => {
                let class = match alignments.get(column) {
                    Some(Alignment::Left) => Some("align-left"),
                    Some(Alignment::Center) => Some("align-center"),
                    Some(Alignment::Right) => Some("align-right"),
                    _ => None,
                };
                aligned_cell = class.is_some();
                if let Some(class) = class {
                    let tag = if in_head { "th" } else { "td" };
                    *event = Event::Html(CowStr::from(format!("<{tag} class=\"{class}\">")));
                }
                column += 1;
            }
            Event::End(TagEnd::TableCell) if aligned_cell => {
                let tag = if in_head { "th" } else { "td" };
                *event = Event::Html(CowStr::from(format!("</{tag}>")));
                aligned_cell = false;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;
    use crate::markdown::parser_options;

    fn html(markdown: &str) -> String {
        let mut events: Vec<(Event<'_>, usize)> = Parser::new_ext(markdown, parser_options())
            .into_offset_iter()
            .map(|(event, range)| (event, range.start))
            .collect();
        wrap_tables(&mut events, "Tabel");
        // The other passes count starts and ends: they stay in pairs.
        let mut depth = 0i32;
        for (event, _) in &events {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            assert!(depth >= 0, "an end without its start in {markdown:?}");
        }
        assert_eq!(depth, 0, "a start without its end in {markdown:?}");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
        html
    }

    #[test]
    fn a_table_is_put_in_a_named_box_that_scrolls() {
        assert_eq!(
            html("| Deel | Wat je **vindt** |\n|---|---|\n| Kop | `titel` |\n"),
            "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel: Deel, Wat je vindt\"><table>\
             <thead><tr><th>Deel</th><th>Wat je <strong>vindt</strong></th></tr></thead><tbody>\n\
             <tr><td>Kop</td><td><code>titel</code></td></tr>\n</tbody></table></div>\n"
        );
    }

    #[test]
    fn names_are_escaped_told_apart_and_fall_back_to_the_word() {
        let out = html(
            "| `\"A\" & <b>` |\n|---|\n| 1 |\n\n| `\"A\" & <b>` |\n|---|\n| 2 |\n\n|  |  |\n|---|---|\n| 3 | 4 |\n",
        );
        let labels: Vec<&str> = out
            .split("aria-label=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap_or_default())
            .collect();
        assert_eq!(
            labels,
            [
                "Tabel: &quot;A&quot; &amp; &lt;b&gt;",
                "Tabel: &quot;A&quot; &amp; &lt;b&gt; (2)",
                "Tabel"
            ],
            "{out}"
        );
        assert_eq!(out.matches("<div class=\"tabel\"").count(), 3);
        assert_eq!(out.matches("</table></div>").count(), 3);
    }

    #[test]
    fn alignment_is_a_class_not_a_style() {
        let out = html("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n");
        assert!(!out.contains("style"), "{out}");
        assert!(out.contains("<td>4</td></tr>"), "{out}");
        for cells in [
            "<th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th><th>d</th>",
            "<td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td><td>4</td>",
        ] {
            assert!(out.contains(cells), "{cells} in {out}");
        }
    }

    #[test]
    fn a_table_in_a_list_item_or_quote_is_boxed_too() {
        let out = html("- Punt\n\n  | a |\n  |---|\n  | 1 |\n\n> | b |\n> |---|\n> | 2 |\n");
        assert_eq!(out.matches("<div class=\"tabel\"").count(), 2, "{out}");
        assert!(out.contains("aria-label=\"Tabel: a\""), "{out}");
        assert!(out.contains("aria-label=\"Tabel: b\""), "{out}");
    }
}
