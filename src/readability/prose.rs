//! The prose of a Markdown body: what a reader reads as sentences.
//!
//! Paragraphs, list items, headings, quotes, table cells and footnotes are
//! prose, with the text of their links and emphasis. Not prose: code (blocks
//! and inline), HTML, the alt text of images, a link whose text is its own
//! address, and an address written as text (`https://…`, `www.…`, `naam@…`). Every block ends a sentence, whatever its punctuation, so a
//! list item or a heading is never run together with the next one. Bold
//! text at the start of a block is a title, as a tip has
//! (`- **Titel**: uitleg`), and ends a sentence too.
//!
//! A block's text is kept with the places in the body its pieces come from,
//! so a sentence or a word can be reported at its line and column.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown::{is_inline, is_inline_end};

/// One block of prose.
#[derive(Debug, Default)]
pub(crate) struct Block {
    /// The text, pieces joined (a line break becomes a space).
    pub text: String,
    /// Whether the block is a heading.
    pub heading: bool,
    /// Where pieces of `text` start: (byte in `text`, byte in the body,
    /// whether the piece is the body's text byte for byte).
    pieces: Vec<(usize, usize, bool)>,
}

impl Block {
    /// The byte offset in the body of byte `at` of the text: exact inside a
    /// piece written as is, else the start of the piece (an entity, a
    /// typographic quote).
    pub(crate) fn offset_in_body(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(start, _, _)| start <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((start, body, true)) => body + (at - start),
            Some((_, body, false)) => body,
            None => 0,
        }
    }

    fn push(&mut self, text: &str, body: usize, exact: bool) {
        self.pieces.push((self.text.len(), body, exact));
        let mut rest = text;
        while !rest.is_empty() {
            let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let space_end = rest[token_end..]
                .find(|c: char| !c.is_whitespace())
                .map_or(rest.len(), |i| token_end + i);
            let token = &rest[..token_end];
            if is_address(token) {
                // Blanked to the same length, so places after it stay exact.
                self.text.extend(std::iter::repeat_n(' ', token.len()));
            } else {
                self.text.push_str(token);
            }
            self.text.push_str(&rest[token_end..space_end]);
            rest = &rest[space_end..];
        }
    }
}

/// A web or e-mail address written as text: not words.
fn is_address(token: &str) -> bool {
    token.contains("://")
        || token.starts_with("www.")
        || token
            .split_once('@')
            .is_some_and(|(name, host)| !name.is_empty() && host.contains('.'))
}

/// The blocks of prose of `body`, in order; blocks without words left out.
pub(crate) fn blocks(body: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut block = Block::default();
    // Inside code, HTML or an image: nothing is prose.
    let mut hidden = 0usize;
    // The addresses of the links we are in.
    let mut links: Vec<String> = Vec::new();
    // Bold text that opens a block is a title (`- **Titel**: uitleg`).
    let mut title = false;
    for (event, range) in
        Parser::new_ext(body, crate::markdown::parser_options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock) => hidden += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock) => {
                hidden = hidden.saturating_sub(1);
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                links.pop();
            }
            Event::Start(Tag::Strong) => title = block.text.trim().is_empty(),
            Event::End(TagEnd::Strong) if title => {
                title = false;
                finish(&mut blocks, &mut block);
            }
            Event::Start(Tag::Heading { .. }) => {
                finish(&mut blocks, &mut block);
                block.heading = true;
            }
            Event::Start(tag) if !is_inline(&tag) => finish(&mut blocks, &mut block),
            Event::End(tag) if !is_inline_end(&tag) => finish(&mut blocks, &mut block),
            Event::Text(text) if hidden == 0 => {
                let own_address = links.last().is_some_and(|url| {
                    let url = url.strip_prefix("mailto:").unwrap_or(url);
                    text.trim() == url
                });
                if own_address {
                    block.push(" ", range.start, false);
                } else {
                    let exact = body.get(range.clone()) == Some(&*text);
                    block.push(&text, range.start, exact);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::Code(_) | Event::InlineHtml(_) => {
                block.push(" ", range.start, false);
            }
            _ => {}
        }
    }
    finish(&mut blocks, &mut block);
    blocks
}

/// Ends the block being gathered, keeping it if it has a letter or digit.
fn finish(blocks: &mut Vec<Block>, block: &mut Block) {
    let done = std::mem::take(block);
    if done.text.chars().any(char::is_alphanumeric) {
        blocks.push(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<String> {
        blocks(body).into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn code_html_images_and_bare_addresses_are_not_prose() {
        let body = "Zet `summary` in de kop.\n\n```\nlet x = 1;\n```\n\n\
                    <div>html</div>\n\n![Een plaatje](a.png) Kijk op <https://example.nl>.\n\n\
                    Mail info@example.nl of ga naar https://example.nl/organisatie nu.\n";
        assert_eq!(
            texts(body),
            [
                "Zet   in de kop.".to_string(),
                " Kijk op  .".to_string(),
                format!("Mail {} of ga naar {} nu.", " ".repeat(15), " ".repeat(30)),
            ]
        );
        let block = &blocks(body)[2];
        let at = block.text.find("nu").unwrap();
        assert_eq!(&body[block.offset_in_body(at)..][..2], "nu");
    }

    #[test]
    fn every_block_is_its_own_text() {
        let body = "## Praktijktips\n\n- **Luister.** Vraag door\n- Noem **het**\n  - binnen\n";
        assert_eq!(
            texts(body),
            [
                "Praktijktips",
                "Luister.",
                " Vraag door",
                "Noem het",
                "binnen"
            ]
            .map(String::from)
        );
        assert!(blocks(body)[0].heading);
    }

    #[test]
    fn places_point_into_the_body() {
        let body = "Eerst *iets*\nen dan &amp; meer.";
        let block = &blocks(body)[0];
        let at = block.text.find("dan").unwrap();
        assert_eq!(&body[block.offset_in_body(at)..][..3], "dan");
        let at = block.text.find("iets").unwrap();
        assert_eq!(&body[block.offset_in_body(at)..][..4], "iets");
    }
}
