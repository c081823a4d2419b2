//! B1 writing help: long sentences, long words and a readability figure per
//! page, as warnings of `bekwaam check --leesbaarheid` (or `[check]
//! readability = true`).
//!
//! Only prose counts ([`prose`]): paragraphs, list items, headings, quotes,
//! tables and footnotes; not code, HTML, addresses or the front matter.
//! Sentences are split by [`sentences`], syllables counted by [`syllables`].
//!
//! - A sentence with more than `[check] max_sentence_words` words (20) is a
//!   warning at its first word.
//! - A word with more than `[check] max_word_syllables` syllables (4) is a
//!   warning at its first place on a page, once per page. Not warned about:
//!   the handbook's own vocabulary ([`Vocabulary`]: words of `[check]
//!   words`, words in the titles and headings of the competencies, and long
//!   words used on many pages), names (a capital inside a sentence) and
//!   abbreviations in capitals. Words are compared by their stem, so
//!   `netwerken` counts as `netwerk`.
//! - The figure of a page is Flesch-Douma's reading ease for Dutch
//!   (206.835 − 0.93 × words per sentence − 77 × syllables per word), or
//!   Flesch's own for English; a page of at least [`MIN_WORDS`] words that
//!   scores below [`B1_SCORE`] is a warning with its figure.
//!
//! Nothing here runs unless asked for: a build or a check without the flag
//! or the key does not read a file twice or load the patterns. The files
//! are read again (the site keeps the rendered pages, not their Markdown).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

use crate::config::{Check, Language};
use crate::content::{Page, PageKind, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Lines};
use crate::{frontmatter, source};

mod prose;
mod sentences;
pub(crate) mod syllables;

/// A page that scores below this is harder than B1 (*moeilijk*).
pub const B1_SCORE: f64 = 60.0;

/// A page that scores this or more is *makkelijk*; between [`B1_SCORE`]
/// and this it is *gemiddeld*.
pub const EASY_SCORE: f64 = 70.0;

/// A page with fewer words gets a figure but no warning about it: on a few
/// sentences the figure says little.
pub const MIN_WORDS: usize = 50;

/// The counts of a text and its reading ease.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// Words of prose.
    pub words: usize,
    /// Sentences.
    pub sentences: usize,
    /// Syllables over all words.
    pub syllables: usize,
    /// The reading ease: Flesch-Douma for Dutch, Flesch for English; higher
    /// is easier, from 0 to 100 (the formula's result is clamped to that
    /// range, as is usual; a text with no words scores 100).
    pub score: f64,
}

impl Figure {
    fn of(words: usize, sentences: usize, syllables: usize, language: Language) -> Figure {
        let score = if words == 0 {
            100.0
        } else {
            let per_sentence = words as f64 / sentences.max(1) as f64;
            let per_word = syllables as f64 / words as f64;
            match language {
                Language::Dutch => 206.835 - 0.93 * per_sentence - 77.0 * per_word,
                Language::English => 206.835 - 1.015 * per_sentence - 84.6 * per_word,
            }
            .clamp(0.0, 100.0)
        };
        Figure {
            words,
            sentences,
            syllables,
            score,
        }
    }

    /// A short Dutch label: `makkelijk`, `gemiddeld` (B1) or `moeilijk`
    /// (harder than B1); `te kort` below [`MIN_WORDS`] words.
    pub fn label(&self) -> &'static str {
        if self.words < MIN_WORDS {
            "te kort"
        } else if self.score >= EASY_SCORE {
            "makkelijk"
        } else if self.score >= B1_SCORE {
            "gemiddeld"
        } else {
            "moeilijk"
        }
    }
}

/// The name of the figure in messages.
pub fn figure_name(language: Language) -> &'static str {
    match language {
        Language::Dutch => "Flesch-Douma",
        Language::English => "Flesch",
    }
}

/// The figure of one page.
#[derive(Clone, Debug)]
pub struct PageFigure {
    /// The file, relative to the handbook root (`content/competenties/x.md`).
    pub file: PathBuf,
    /// The page's site path (`competenties/x/`).
    pub path: String,
    /// Its figure.
    pub figure: Figure,
}

/// The writing help for a whole handbook.
#[derive(Clone, Debug)]
pub struct Report {
    /// Long sentences, long words and hard pages, as warnings.
    pub warnings: Diagnostics,
    /// The figure of every page, in the order of the site's pages.
    pub pages: Vec<PageFigure>,
    /// The language the figures are for (it names the formula).
    pub language: Language,
}

impl Report {
    /// The figure of the page read from `file` (relative to the handbook
    /// root), for the preview's notice.
    pub fn figure_of(&self, file: &std::path::Path) -> Option<&Figure> {
        self.pages
            .iter()
            .find(|p| p.file == file)
            .map(|p| &p.figure)
    }

    /// One line for the end of `check`: how many pages are easy, average
    /// and hard, and the hardest page, counting the pages of at least
    /// [`MIN_WORDS`] words.
    pub fn summary(&self) -> String {
        let measured: Vec<&PageFigure> = self
            .pages
            .iter()
            .filter(|p| p.figure.words >= MIN_WORDS)
            .collect();
        let count = |label| {
            measured
                .iter()
                .filter(|p| p.figure.label() == label)
                .count()
        };
        let mut line = format!(
            "Leesbaarheid ({}, B1 vanaf {B1_SCORE:.0}): {} makkelijk, {} gemiddeld, {} moeilijk",
            figure_name(self.language),
            count("makkelijk"),
            count("gemiddeld"),
            count("moeilijk"),
        );
        let short = count("te kort");
        if short > 0 {
            line.push_str(&format!(", {short} te kort om te meten"));
        }
        let hardest = self
            .pages
            .iter()
            .filter(|p| p.figure.words >= MIN_WORDS)
            .min_by(|a, b| a.figure.score.total_cmp(&b.figure.score));
        if let Some(hardest) = hardest {
            line.push_str(&format!(
                "; het moeilijkst: {} ({:.0})",
                hardest.file.display(),
                hardest.figure.score
            ));
        }
        line.push('.');
        line
    }
}

/// The writing help for every page of `site`, with the limits of its
/// `[check]` table.
pub fn check(site: &Site) -> Report {
    let settings = &site.config.check;
    let language = site.config.lang;
    let analysed: Vec<Option<Analysed>> = site
        .pages
        .par_iter()
        .map(|page| analyse_page(site, page, settings, language))
        .collect();
    let vocabulary = Vocabulary::of(settings, language, &analysed);
    let mut report = Report {
        warnings: Diagnostics::new(),
        pages: Vec::new(),
        language,
    };
    for (page, analysed) in site.pages.iter().zip(analysed) {
        let Some(analysed) = analysed else { continue };
        report.warnings.extend(analysed.long_sentences);
        for word in analysed.long_words {
            if !vocabulary.has(&word.stem) {
                report.warnings.push(long_word(page, &word, settings));
            }
        }
        let figure = analysed.figure;
        if figure.words >= MIN_WORDS && figure.score < B1_SCORE {
            report.warnings.push(hard_page(page, &figure, language));
        }
        report.pages.push(PageFigure {
            file: page.file.clone(),
            path: page.path.clone(),
            figure,
        });
    }
    report
}

/// The figure of one page of `site`, its file read again: for the
/// preview's notice, which shows the page being edited. `None` when the
/// file can no longer be read.
pub fn page_figure(site: &Site, page: &Page) -> Option<Figure> {
    let analysed = analyse_page(site, page, &site.config.check, site.config.lang)?;
    Some(analysed.figure)
}

/// The figure of one page's Markdown body (front matter left out), for a
/// page that is not part of a checked site.
pub fn figure(body: &str, language: Language) -> Figure {
    analyse(body, 0, &Check::default(), language, PageKind::Page, "").figure
}

/// What one page says before the vocabulary of the handbook is known.
struct Analysed {
    figure: Figure,
    long_sentences: Vec<Diagnostic>,
    /// Long words that may get a warning, each the first time on the page.
    long_words: Vec<LongWord>,
    /// The stems of every long word on the page, names too.
    long_stems: HashSet<String>,
    /// The stems of the words in the title and headings of a competency.
    heading_stems: HashSet<String>,
}

/// A word with more syllables than the limit, at its first place on a page.
struct LongWord {
    word: String,
    stem: String,
    syllables: usize,
    line: usize,
    column: usize,
}

/// Reads the page's file again and analyses its body; `None` when it can no
/// longer be read (the build that just read it reports that next time).
fn analyse_page(
    site: &Site,
    page: &Page,
    settings: &Check,
    language: Language,
) -> Option<Analysed> {
    let text = source::read_text(&site.root, &site.root.join(&page.file)).ok()?;
    let split = frontmatter::split(&page.file, &text).ok()?;
    let shown = page.file.to_string_lossy();
    let mut analysed = analyse(&text, split.body.1, settings, language, page.kind, &shown);
    if page.kind == PageKind::Competency {
        let stemmer = stemmer(language);
        for word in page.front.title.unicode_words() {
            analysed.heading_stems.insert(stem(&stemmer, word));
        }
    }
    Some(analysed)
}

fn stemmer(language: Language) -> Stemmer {
    Stemmer::create(match language {
        Language::Dutch => Algorithm::DutchPorter,
        Language::English => Algorithm::English,
    })
}

fn stem(stemmer: &Stemmer, word: &str) -> String {
    stemmer.stem(&word.to_lowercase()).into_owned()
}

/// Analyses the body of `text` (a whole file; the body starts at byte
/// `body_offset`), reporting places in `shown`.
fn analyse(
    text: &str,
    body_offset: usize,
    settings: &Check,
    language: Language,
    kind: PageKind,
    shown: &str,
) -> Analysed {
    let lines = Lines::new(text);
    let stemmer = stemmer(language);
    let mut analysed = Analysed {
        figure: Figure::of(0, 0, 0, language),
        long_sentences: Vec::new(),
        long_words: Vec::new(),
        long_stems: HashSet::new(),
        heading_stems: HashSet::new(),
    };
    let (mut words, mut sentences, mut syllables) = (0, 0, 0);
    let mut seen = HashSet::new();
    // Words repeat on a page: each is hyphenated once.
    let mut counted: HashMap<String, usize> = HashMap::new();
    for block in prose::blocks(&text[body_offset..]) {
        let place = |at: usize| lines.at(body_offset + block.offset_in_body(at));
        for range in sentences::split(&block.text) {
            let sentence = &block.text[range.clone()];
            let found: Vec<(usize, &str)> = sentence.unicode_word_indices().collect();
            if found.is_empty() {
                continue;
            }
            sentences += 1;
            words += found.len();
            if found.len() > settings.max_sentence_words && !block.heading {
                let (line, column) = place(range.start);
                analysed.long_sentences.push(long_sentence(
                    shown,
                    (line, column),
                    &found,
                    settings.max_sentence_words,
                ));
            }
            for (i, &(at, word)) in found.iter().enumerate() {
                let count = match counted.get(word) {
                    Some(&count) => count,
                    None => {
                        let count = syllables::count(word, language);
                        counted.insert(word.to_string(), count);
                        count
                    }
                };
                syllables += count;
                if block.heading && kind == PageKind::Competency {
                    analysed.heading_stems.insert(stem(&stemmer, word));
                }
                if count <= settings.max_word_syllables {
                    continue;
                }
                let word_stem = stem(&stemmer, word);
                analysed.long_stems.insert(word_stem.clone());
                if is_name(word, i) || !seen.insert(word.to_lowercase()) {
                    continue;
                }
                let (line, column) = place(range.start + at);
                analysed.long_words.push(LongWord {
                    word: word.to_string(),
                    stem: word_stem,
                    syllables: count,
                    line,
                    column,
                });
            }
        }
    }
    analysed.figure = Figure::of(words, sentences, syllables, language);
    analysed
}

/// A name or an abbreviation: a capital inside a sentence (word `index` of
/// it), or capitals only. The editor cannot make those shorter.
fn is_name(word: &str, index: usize) -> bool {
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    let all_capitals = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    (capital && index > 0) || all_capitals
}

/// The long words that are the handbook's own: no warning for them.
struct Vocabulary(HashSet<String>);

impl Vocabulary {
    /// The stems of `[check] words`, of the words in the competencies'
    /// titles and headings, and of the long words on at least a fifth of
    /// the pages (and at least three).
    fn of(settings: &Check, language: Language, analysed: &[Option<Analysed>]) -> Vocabulary {
        let stemmer = stemmer(language);
        let mut own: HashSet<String> = settings
            .words
            .iter()
            .flat_map(|entry| entry.unicode_words())
            .map(|word| stem(&stemmer, word))
            .collect();
        let pages = analysed.iter().flatten().count();
        let many = (pages / 5).max(3);
        let mut on_pages: HashMap<&str, usize> = HashMap::new();
        for page in analysed.iter().flatten() {
            own.extend(page.heading_stems.iter().cloned());
            for stem in &page.long_stems {
                *on_pages.entry(stem).or_default() += 1;
            }
        }
        own.extend(
            on_pages
                .into_iter()
                .filter(|&(_, count)| count >= many)
                .map(|(stem, _)| stem.to_string()),
        );
        Vocabulary(own)
    }

    fn has(&self, stem: &str) -> bool {
        self.0.contains(stem)
    }
}

/// The warning about a sentence with too many words.
fn long_sentence(
    shown: &str,
    (line, column): (usize, usize),
    words: &[(usize, &str)],
    limit: usize,
) -> Diagnostic {
    let start: Vec<&str> = words.iter().take(5).map(|&(_, word)| word).collect();
    Diagnostic::warning(
        shown,
        format!(
            "deze zin heeft {} woorden (\"{} …\"); een zin in B1-taal heeft niet meer dan {limit} woorden",
            words.len(),
            start.join(" ")
        ),
    )
    .at(line, column)
    .with_help("splits de zin in tweeën, of haal een deel weg dat de lezer niet nodig heeft")
}

/// The warning about a long word, at its first place on the page.
fn long_word(page: &Page, word: &LongWord, settings: &Check) -> Diagnostic {
    Diagnostic::warning(
        &page.file,
        format!(
            "het woord \"{}\" heeft {} lettergrepen; een woord in B1-taal heeft er niet meer dan {}",
            word.word, word.syllables, settings.max_word_syllables
        ),
    )
    .at(word.line, word.column)
    .with_help(format!(
        "kies een korter woord of zeg het in meer woorden; hoort het bij de vaktaal van het handboek, zet het dan in config.toml: [check] words = [\"{}\"]",
        word.word.to_lowercase()
    ))
}

/// The warning about a page that is harder to read than B1.
fn hard_page(page: &Page, figure: &Figure, language: Language) -> Diagnostic {
    Diagnostic::warning(
        &page.file,
        format!(
            "deze pagina is moeilijk te lezen: {} {:.0}; B1-tekst haalt {B1_SCORE:.0} of meer",
            figure_name(language),
            figure.score
        ),
    )
    .at(1, 1)
    .with_help(format!(
        "schrijf kortere zinnen en kortere woorden: nu {:.1} woorden per zin en {:.2} lettergrepen per woord",
        figure.words as f64 / figure.sentences.max(1) as f64,
        figure.syllables as f64 / figure.words.max(1) as f64
    ))
}

#[cfg(test)]
mod tests;
