//! The language work of the search: from text to the terms of the index.
//!
//! Only the build analyses text. A word as written in the handbook (its
//! *surface form*: lower case, accents folded, `collega's` → `collega`) goes
//! into the index together with its *stem*; the browser matches what a reader
//! types against the surface forms and looks up their stems, so the build and
//! the query agree by construction and the browser never stems.
//!
//! Stems come from the Snowball stemmers of `snowball_stemmers_rs` (made by
//! the Snowball 3.0 compiler): English (Porter2) and Snowball 3.0's Dutch,
//! chosen by measurement over the Dutch stemmer from before 3.0 (the word
//! families in `analyse/families.rs`, figures in `docs/zoekindex.md`).
//! Snowball's Dutch stemmer leaves some forms apart that Dutch readers take
//! for one word, and joins some that are not; Bekwaam's rules, in this
//! order, on the form and on Snowball's stem:
//!
//! 1. a form of [`DUTCH_OWN_STEM`] has the stem given there (`werking` is
//!    not `werk`, `planning` not `plan`);
//! 2. a form of [`DUTCH_IRREGULAR`] is stemmed as the word given there
//!    (`kinderen` as `kind`, `vertrouwelijk` as `vertrouwen`);
//! 3. a `ge` Snowball drops stays when it belongs to the word: a form that
//!    starts with `ge` and does not end as a participle (-d or -t, perhaps
//!    with -e or -en), or that starts with a word of [`KEEP_GE`], is stemmed
//!    as `ge` + the stem of the rest (`gezin`, `gemeente`, `gezond`); a form
//!    that starts with `bege` is `be` + the stem of the rest by this rule
//!    (`begeleiding` is not `beleid`);
//! 4. a form ending in `-ns` whose stem lost only the `s` keeps it (`mens`,
//!    as `mensen`);
//! 5. a stem ending in `t` after a consonant other than `t`, with more than
//!    three letters before it, is the verb ending (`signaleert`, `vindt`):
//!    the rest is stemmed again, by rule 3;
//! 6. a final `e` after a consonant goes (`eenzame`, `grote`), and a
//!    single `a`, `e`, `o` or `u` between two consonants before it is made
//!    long again (`grot` → `groot`);
//! 7. a final `bar` goes from a stem of more than five letters (`kwetsbare`,
//!    as `kwetsbaar`);
//! 8. a final `d` after a consonant goes, from four letters on (`meld`, as
//!    Snowball's `mel` of `melden`; `ondersteund`);
//! 9. a doubled `a`, `e`, `o` or `u` before the last consonant is single
//!    when a vowel comes earlier in the stem, repeated (`signaleer` →
//!    `signaler`, as `signaleren`; `creeer`; but `weet` and `wet` stay
//!    apart);
//! 10. a doubled final `a`, `o` or `u` is single (`autootje`, as `auto`);
//! 11. a doubled final consonant is single, from four letters on
//!     (`besliss` → `beslis`);
//! 12. a final `v` or `z` is `f` or `s` (`leven`/`leeft`, `huizen`/`huis`).
//!
//! The browser stems a query with a port of exactly this: Snowball, these
//! rules and these three lists. [`crate::search::analyse_for_tests`] gives
//! the forms and stems for the tests of that port.
//!
//! Invariants: the stem of a form depends on the form and the language
//! only; the cache of stems belongs to one [`Analyser`] (the index makes one
//! per build), and there is no global state. [`for_each_word`] cuts exactly
//! as [`words`] and as the careful way over the whole text (a proptest below
//! holds it to that), and every form it gives is folded: the browser folds
//! what a reader types the same way.

use crate::config::Language;
use std::collections::HashMap;

use snowball_stemmers_rs::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// Words too common to search for, as surface forms (accents folded).
const DUTCH_STOP_WORDS: &[&str] = &[
    "aan", "al", "als", "bij", "dan", "dat", "de", "deze", "die", "dit", "door", "dus", "een",
    "en", "er", "had", "heb", "hebben", "heeft", "het", "hij", "hem", "hoe", "hun", "ik", "in",
    "is", "je", "jij", "jou", "jouw", "kan", "maar", "me", "men", "met", "mij", "na", "naar",
    "niet", "nog", "nu", "of", "om", "ons", "onze", "ook", "op", "over", "te", "tot", "u", "uit",
    "uw", "van", "voor", "was", "waren", "wat", "we", "wel", "werd", "wie", "wij", "wordt",
    "worden", "zal", "ze", "zich", "zij", "zijn", "zo", "zou",
];

const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "did", "do", "does", "for",
    "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "is", "it", "its", "me",
    "my", "not", "of", "on", "or", "our", "she", "so", "that", "the", "their", "them", "then",
    "they", "this", "to", "was", "we", "were", "with", "you", "your",
];

/// Turns text into surface forms and stems for one language.
pub(crate) struct Analyser {
    stemmer: Stemmer,
    dutch: bool,
    stop_words: &'static [&'static str],
    /// Stems already computed (a handbook repeats its words).
    cache: HashMap<String, String>,
}

impl Analyser {
    /// The analyser for a language.
    pub(crate) fn for_language(language: Language) -> Analyser {
        let english = language == Language::English;
        Analyser {
            stemmer: Stemmer::create(if english {
                Algorithm::English
            } else {
                Algorithm::Dutch
            }),
            dutch: !english,
            stop_words: if english {
                ENGLISH_STOP_WORDS
            } else {
                DUTCH_STOP_WORDS
            },
            cache: HashMap::new(),
        }
    }

    /// The stop words (the browser leaves them out of a query too).
    pub(crate) fn stop_words(&self) -> &'static [&'static str] {
        self.stop_words
    }

    /// True for a word not worth indexing.
    pub(crate) fn is_stop_word(&self, form: &str) -> bool {
        self.stop_words.contains(&form)
    }

    /// The stem of a surface form.
    pub(crate) fn stem(&mut self, form: &str) -> String {
        if let Some(stem) = self.cache.get(form) {
            return stem.clone();
        }
        let stem = if form.chars().any(|c| c.is_ascii_digit()) {
            form.to_string()
        } else if self.dutch {
            dutch_stem(&self.stemmer, form)
        } else {
            self.stemmer.stem(form).into_owned()
        };
        self.cache.insert(form.to_string(), stem.clone());
        stem
    }
}

/// Plurals no rule joins to their singular: stemmed as the singular.
const DUTCH_IRREGULAR: &[(&str, &str)] = &[
    ("kinderen", "kind"),
    ("steden", "stad"),
    ("schepen", "schip"),
    ("eieren", "ei"),
    ("bladeren", "blad"),
    ("liederen", "lied"),
    ("volkeren", "volk"),
    ("gebeden", "gebed"),
    ("centra", "centrum"),
    ("wijkcentra", "wijkcentrum"),
    ("dagen", "dag"),
    ("ideeen", "idee"),
    ("vertrouwelijk", "vertrouwen"),
    ("vertrouwelijke", "vertrouwen"),
    ("vertrouwelijkheid", "vertrouwen"),
    ("betrokkene", "betrokken"),
    ("betrokkenen", "betrokken"),
    ("betrokkenheid", "betrokken"),
    ("clients", "client"),
    ("reageert", "reageer"),
    ("professioneel", "professionele"),
    ("inkomens", "inkomen"),
    ("budgetje", "budget"),
];

/// Forms that keep a stem of their own, apart from the word Snowball joins
/// them to (`werking` is not `werk`, `gemeente` not `gemeen`).
const DUTCH_OWN_STEM: &[(&str, &str)] = &[
    ("werking", "werking"),
    ("werkingen", "werking"),
    ("planning", "planning"),
    ("planningen", "planning"),
    ("krachtig", "krachtig"),
    ("krachtige", "krachtig"),
    ("jongen", "jongen"),
    ("jongens", "jongen"),
    ("gemeen", "gemeen"),
    ("gemene", "gemeen"),
    ("raadsel", "raadsel"),
    ("raadsels", "raadsel"),
    ("open", "open"),
];

/// Word beginnings whose `ge` is part of the word although the form ends
/// as a participle does (`gezond` is not a form of `zonnen`).
const KEEP_GE: &[&str] = &[
    "gebied", "geduld", "gemeent", "gezond", "geweld", "gericht", "geschikt", "geleid",
];

/// The Dutch stem of a surface form: Snowball, then Bekwaam's rules (see the
/// module documentation).
fn dutch_stem(stemmer: &Stemmer, form: &str) -> String {
    if let Some((_, stem)) = DUTCH_OWN_STEM.iter().find(|(f, _)| *f == form) {
        return (*stem).to_string();
    }
    let form = DUTCH_IRREGULAR
        .iter()
        .find(|(plural, _)| *plural == form)
        .map_or(form, |(_, singular)| singular);
    dutch_rules(stemmer, form)
}

/// Rules 3 to 12 of the module documentation: Snowball and the string
/// rules, without the two lists of forms.
fn dutch_rules(stemmer: &Stemmer, form: &str) -> String {
    let mut stem = snowball_keeping_ge(stemmer, form);
    // Snowball takes -s for a plural, also from mens, kans, wens, grens,
    // whose plurals (mensen, kansen) keep it.
    if form.ends_with("ns") && stem.len() + 1 == form.len() {
        stem = form.to_string();
    }
    // The verb ending -t (signaleert, vindt, vraagt): stem the rest again.
    if let Some(rest) = stem.strip_suffix('t')
        && rest.len() > 3
        && rest
            .chars()
            .last()
            .is_some_and(|c| !is_vowel(c) && c != 't')
    {
        stem = snowball_keeping_ge(stemmer, rest);
    }
    let mut chars: Vec<char> = stem.chars().collect();
    // An inflected adjective (eenzame, grote) or -baar (kwetsbare): the
    // ending goes.
    let n = chars.len();
    let dropped_e = n > 3 && chars[n - 1] == 'e' && !is_vowel(chars[n - 2]);
    if dropped_e {
        chars.pop();
    }
    // A grote, with its e gone, is groot again (as the other adjectives,
    // whose Snowball stem is long: eenzaam, lokaal).
    if dropped_e {
        let n = chars.len();
        if n >= 3
            && !is_vowel(chars[n - 1])
            && matches!(chars[n - 2], 'a' | 'e' | 'o' | 'u')
            && !is_vowel(chars[n - 3])
        {
            chars.insert(n - 1, chars[n - 2]);
        }
    }
    if chars.len() > 5 && chars.ends_with(&['b', 'a', 'r']) {
        chars.truncate(chars.len() - 3);
    }
    // A final d after a consonant: the past tense (meldde, ondersteund) and
    // Snowball's stem of melden (mel) meet.
    let n = chars.len();
    if n >= 4 && chars[n - 1] == 'd' && !is_vowel(chars[n - 2]) {
        chars.pop();
    }
    // A doubled vowel before the last consonant, after an earlier vowel:
    // signaleer → signaler, as signaleren (one syllable keeps it: wet and
    // weet stay apart). Repeated: `creëert` folds to a triple e.
    while chars.len() >= 4 && {
        let n = chars.len();
        !is_vowel(chars[n - 1])
            && chars[n - 2] == chars[n - 3]
            && matches!(chars[n - 2], 'a' | 'e' | 'o' | 'u')
            && chars[..n - 3].iter().any(|&c| is_vowel(c))
    } {
        let n = chars.len();
        chars.remove(n - 2);
    }
    // A doubled final o, a or u (autootje → autoo): single, as auto.
    let n = chars.len();
    if n >= 3 && chars[n - 1] == chars[n - 2] && matches!(chars[n - 1], 'a' | 'o' | 'u') {
        chars.pop();
    }
    // A doubled final consonant: beslissen → besliss → beslis (as beslist).
    let n = chars.len();
    if n >= 4 && chars[n - 1] == chars[n - 2] && !is_vowel(chars[n - 1]) {
        chars.pop();
    }
    // leven/leeft, huizen/huis.
    match chars.last() {
        Some('v') => {
            chars.pop();
            chars.push('f');
        }
        Some('z') => {
            chars.pop();
            chars.push('s');
        }
        _ => {}
    }
    chars.into_iter().collect()
}

/// Snowball's stem, but a `ge` that belongs to the word stays: Snowball
/// drops it from `gezin`, `gemeente` and `begeleiding`, and only a form
/// shaped as a participle (`gesignaleerd`) should lose it.
fn snowball_keeping_ge(stemmer: &Stemmer, form: &str) -> String {
    let stem = stemmer.stem(form).into_owned();
    if let Some(rest) = form.strip_prefix("be")
        && rest.starts_with("ge")
        && !stem.starts_with("bege")
    {
        return format!("be{}", snowball_keeping_ge(stemmer, rest));
    }
    if let Some(rest) = form.strip_prefix("ge")
        && !stem.starts_with("ge")
        && (!participle_shaped(form) || KEEP_GE.iter().any(|w| form.starts_with(w)))
    {
        return format!("ge{}", stemmer.stem(rest));
    }
    stem
}

/// True for a form that ends as a participle does (`gesignaleerd`,
/// `gewerkte`): -d or -t, perhaps inflected.
fn participle_shaped(form: &str) -> bool {
    let bare = form
        .strip_suffix("en")
        .or_else(|| form.strip_suffix('e'))
        .unwrap_or(form);
    bare.ends_with('d') || bare.ends_with('t')
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Lower case without accents: `Creëren` → `creeren`.
pub(crate) fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The surface forms of a text, in order: words and numbers, folded, with
/// apostrophes handled (`collega's` → `collega`, `zo'n` → `zon`). The tests'
/// view of [`for_each_word`].
#[cfg(test)]
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, |word| words.push(word.to_string()));
    words
}

/// Calls `f` with each surface form of `text`, as [`words`] cuts them,
/// without making a string per word (the index reads millions of words).
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    // ASCII spaces and punctuation (not the apostrophe) end a word whatever
    // surrounds them, and folding leaves them alone: the text is cut there
    // first. The common piece, ASCII letters and digits, is lowered in
    // place; only a piece with an apostrophe or a non-ASCII character takes
    // the careful way. Each byte is classed by a table, so the loop that
    // runs along a word has a single test.
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && BYTE_CLASS[usize::from(bytes[i])] == BOUNDARY {
            i += 1;
        }
        let from = i;
        let mut seen = 0;
        while i < bytes.len() {
            let class = BYTE_CLASS[usize::from(bytes[i])];
            if class == BOUNDARY {
                break;
            }
            seen |= class;
            i += 1;
        }
        // A boundary byte is a whole character: `from` and `i` are on
        // character boundaries.
        if from == i {
            // Only boundaries were left.
            break;
        }
        let word = &text[from..i];
        if seen & SPECIAL != 0 {
            careful_words(word, &mut f);
        } else if seen & UPPER != 0 {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            f(&lower);
        } else {
            f(word);
        }
    }
}

/// Byte classes for [`for_each_word`]: a lower-case ASCII letter or a digit
/// is 0.
const UPPER: u8 = 1;
/// An apostrophe or a byte of a non-ASCII character.
const SPECIAL: u8 = 2;
/// Any other ASCII byte: spaces and punctuation.
const BOUNDARY: u8 = 4;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [BOUNDARY; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_lowercase() || byte.is_ascii_digit() {
            0
        } else if byte.is_ascii_uppercase() {
            UPPER
        } else if byte == b'\'' || !byte.is_ascii() {
            SPECIAL
        } else {
            BOUNDARY
        };
        b += 1;
    }
    table
};

/// [`for_each_word`] for a piece of text with apostrophes or non-ASCII
/// characters: folded first, then cut.
fn careful_words(text: &str, mut f: impl FnMut(&str)) {
    let normal = fold(text);
    let s = normal.as_str();
    // The word so far is `joined` (only after an apostrophe inside it) plus
    // the run of letters from `start`.
    let mut joined = String::new();
    let mut start: Option<usize> = None;
    let mut emit = |joined: &mut String, run: &str| {
        if joined.is_empty() {
            if !run.is_empty() {
                f(run);
            }
        } else {
            joined.push_str(run);
            f(joined);
            joined.clear();
        }
    };
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        let run = start.map_or("", |from| &s[from..i]);
        start = None;
        let in_word = !run.is_empty() || !joined.is_empty();
        if matches!(c, '\'' | '’') && in_word {
            let mut ahead = chars.clone();
            let first = ahead.next().map(|(_, c)| c);
            let second = ahead.next().map(|(_, c)| c);
            if first == Some('s') && !second.is_some_and(char::is_alphanumeric) {
                // `'s` at the end: a plural or possessive ending, left out.
                emit(&mut joined, run);
                chars.next();
            } else if first.is_some_and(char::is_alphanumeric) {
                // Inside a word (`zo'n`): the word goes on.
                joined.push_str(run);
            } else {
                emit(&mut joined, run);
            }
            continue;
        }
        emit(&mut joined, run);
    }
    let run = start.map_or("", |from| &s[from..]);
    emit(&mut joined, run);
}

#[cfg(test)]
mod families;
#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(language: &str, a: &str, b: &str) -> (String, String) {
        let mut analyser = Analyser::for_language(Language::from_code(language).unwrap());
        let a = words(a).into_iter().next().unwrap_or_default();
        let b = words(b).into_iter().next().unwrap_or_default();
        (analyser.stem(&a), analyser.stem(&b))
    }

    #[test]
    fn dutch_word_pairs_that_must_meet() {
        let pairs = [
            ("sociaal", "sociale"),
            ("werkt", "werk"),
            ("werkt", "werken"),
            ("ondersteunt", "ondersteuning"),
            ("ondersteuning", "ondersteunen"),
            ("creëren", "creeren"),
            ("creëren", "creëert"),
            ("collega's", "collega"),
            ("vraag", "vragen"),
            ("vraagt", "vragen"),
            ("praat", "praten"),
            ("groot", "grote"),
            ("leven", "leeft"),
            ("huizen", "huis"),
            ("zoekt", "zoeken"),
            ("netwerk", "netwerken"),
            ("buurt", "buurten"),
            ("gesprek", "gesprekken"),
            ("mantelzorger", "mantelzorgers"),
            ("bewoner", "bewoners"),
            ("signaleert", "signaleren"),
            ("wijk", "wijken"),
            ("kinderen", "kind"),
            ("steden", "stad"),
            ("mensen", "mens"),
            ("kansen", "kans"),
            ("grenzen", "grens"),
            ("helpt", "helpen"),
            ("vindt", "vinden"),
            ("gemeente", "gemeenten"),
            ("vrijwilliger", "vrijwilligers"),
            ("bericht", "berichten"),
            ("contact", "contacten"),
            ("afspraak", "afspraken"),
            ("maakt", "maken"),
            ("eenzaam", "eenzame"),
            ("oplossing", "oplossingen"),
            ("Wmo", "wmo"),
            ("ZELFREGIE", "zelfregie"),
            ("café", "cafe"),
            ("ideeën", "ideeen"),
            ("auto's", "auto"),
            ("loopt", "lopen"),
            ("beslist", "beslissen"),
        ];
        assert!(pairs.len() >= 40);
        for (a, b) in pairs {
            let (sa, sb) = stems("nl", a, b);
            assert_eq!(sa, sb, "{a} ({sa}) and {b} ({sb}) should meet");
        }
    }

    #[test]
    fn dutch_word_pairs_that_must_stay_apart() {
        for (a, b) in [
            ("regie", "regio"),
            ("werk", "wereld"),
            ("zorg", "zorgvuldig"),
            ("kracht", "krachtig"),
            ("wijk", "wijs"),
            ("hulp", "hulpverlening"),
            ("buurt", "buurman"),
            ("plan", "planning"),
        ] {
            let (sa, sb) = stems("nl", a, b);
            assert_ne!(sa, sb, "{a} and {b} should stay apart");
        }
    }

    #[test]
    fn english_words_meet_too() {
        for (a, b) in [("support", "supporting"), ("neighbours", "neighbour")] {
            let (sa, sb) = stems("en", a, b);
            assert_eq!(sa, sb, "{a} / {b}");
        }
    }

    #[test]
    fn words_are_folded_numbers_kept_and_apostrophes_handled() {
        assert_eq!(
            words("De Wmo 2015 en collega's: creëren, zo'n café-bezoek!"),
            [
                "de", "wmo", "2015", "en", "collega", "creeren", "zon", "cafe", "bezoek"
            ]
        );
        assert_eq!(words("’s Avonds"), ["s", "avonds"]);
        assert_eq!(words(""), Vec::<String>::new());
        let analyser = Analyser::for_language(Language::Dutch);
        assert!(analyser.is_stop_word("de") && !analyser.is_stop_word("wijk"));
    }

    proptest::proptest! {
        /// Cutting the text at ASCII punctuation first changes nothing: the
        /// same words as the careful way over the whole text.
        #[test]
        fn the_fast_way_cuts_as_the_careful_way(
            text in "[a-zA-Z0-9 .,;:!?()\\-'’éëÉïçß\u{0301}\u{037e}\u{212a}😀İ@\\[`{/:\u{7f}\t\n]{0,60}"
        ) {
            let mut careful = Vec::new();
            careful_words(&text, |w| careful.push(w.to_string()));
            proptest::prop_assert_eq!(words(&text), careful);
        }
    }
}
