//! `config.toml`: the schema, its defaults and their validation.
//!
//! Unknown keys are errors with the file, line and nearest known key (see
//! [`crate::schema`]: the known keys are the fields of the structs below). A
//! message about a value points at its key, found in the parsed document, not
//! searched for again in the text. The language code is read once into a
//! [`Language`], and the defaults that depend on it (the headings that open
//! the examples and the tips) are resolved here, so the rest of the pipeline
//! reads one finished [`Config`].

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::schema::{self, KeyOffsets, Parsed};

/// The name of the configuration file in a handbook's root.
pub const CONFIG_FILE: &str = "config.toml";

#[derive(Deserialize)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    portable: bool,
    #[serde(default)]
    handbook: RawHandbook,
    #[serde(default)]
    branding: Branding,
    #[serde(default)]
    accessibility: Accessibility,
    #[serde(default)]
    search: Search,
    #[serde(default)]
    check: Check,
    #[serde(default)]
    texts: std::collections::BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Default, Deserialize)]
struct RawHandbook {
    competencies: Option<String>,
    examples_heading: Option<String>,
    tips_heading: Option<String>,
    behaviour_heading: Option<String>,
    levels_heading: Option<String>,
    reflection_heading: Option<String>,
    #[serde(default)]
    levels: Vec<String>,
    namespace: Option<String>,
}

fn default_base_url() -> String {
    "/".to_string()
}

fn default_language() -> String {
    "nl".to_string()
}

/// The finished configuration of a handbook.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    /// The handbook's title.
    pub title: String,
    /// The site's description (meta description of the home page).
    pub description: String,
    /// The address the site is published at, as written (`https://host/handboek/`).
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`.
    pub base_path: String,
    /// The language code, as written (`nl`, `en-GB`): templates print it.
    pub language: String,
    /// The language of Bekwaam's own texts and of the search, read from
    /// `language`: Dutch for a language Bekwaam has no texts for (allowed when
    /// `[handbook]` names both headings). Not shown to templates; they print
    /// `language`.
    #[serde(skip_serializing)]
    pub lang: Language,
    /// The theme in `themes/<name>/`, if one is chosen.
    pub theme: Option<String>,
    /// Build output that works from a folder (`file://`), as `--portable`
    /// does. The preview (`bekwaam serve`) ignores it. Not shown to
    /// templates: rendering is the same either way (see [`crate::portable`]).
    #[serde(skip_serializing)]
    pub portable: bool,
    /// Drafts (`draft = true`) are built too, marked as drafts (`--drafts`
    /// of `build`, `check` and `serve`; not a key of `config.toml`).
    #[serde(skip_serializing)]
    pub drafts: bool,
    /// Where the competencies live and how their parts are found.
    pub handbook: Handbook,
    /// The organisation's colour, logo and name.
    pub branding: Branding,
    /// The organisation's part of the accessibility statement.
    pub accessibility: Accessibility,
    /// The search.
    pub search: Search,
    /// What `bekwaam check` looks at besides errors (the writing help).
    /// Not shown to templates.
    #[serde(skip_serializing)]
    pub check: Check,
    /// Free values for templates.
    pub extra: toml::Table,
    /// The `[texts]` table: single texts of the theme, replaced.
    #[serde(skip_serializing)]
    pub texts: Vec<TextOverride>,
    /// Warnings about `config.toml`: they do not stop a build, and are
    /// reported with the warnings about the pages.
    #[serde(skip_serializing)]
    pub warnings: Vec<Diagnostic>,
}

/// One entry of the `[texts]` table, with its place in `config.toml`.
#[derive(Clone, Debug)]
pub struct TextOverride {
    /// The name of the text (`previous`).
    pub name: String,
    /// The new text (or list of texts).
    pub value: toml::Value,
    /// Line of the value in `config.toml`.
    pub line: usize,
    /// Column of the value.
    pub column: usize,
}

/// A language Bekwaam has its own texts for: the theme's words, the default
/// headings of a competency's parts, the stemmer of the search.
///
/// `config.toml` names it by a code (`language = "nl"`), which may carry a
/// region (`nl-BE`, `en_GB`); [`Config::lang`] holds it, parsed once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// Dutch (`nl`), the default.
    Dutch,
    /// English (`en`).
    English,
}

impl Language {
    /// The language of a code as written in `config.toml` (`nl`, `en`, also
    /// with a region after `-` or `_`), or `None` for a language Bekwaam has
    /// no texts for.
    pub fn from_code(code: &str) -> Option<Language> {
        match code.split(['-', '_']).next().unwrap_or("") {
            "nl" => Some(Language::Dutch),
            "en" => Some(Language::English),
            _ => None,
        }
    }

    /// The language's code without a region (`nl`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Dutch => "nl",
            Language::English => "en",
        }
    }

    /// The word for a table, which names the box a table is shown in.
    pub fn table_name(self) -> &'static str {
        match self {
            Language::Dutch => "Tabel",
            Language::English => "Table",
        }
    }

    /// The default level-2 headings that open a competency's examples and
    /// its tips.
    fn headings(self) -> (&'static str, &'static str) {
        match self {
            Language::Dutch => ("Voorbeelden", "Praktijktips"),
            Language::English => ("Examples", "Tips"),
        }
    }

    /// The default level-2 headings that open a competency's behaviour
    /// indicators, its levels and its reflection questions.
    fn model_headings(self) -> [&'static str; 3] {
        match self {
            Language::Dutch => ["Wat je ziet", "Niveaus", "Reflectievragen"],
            Language::English => ["What you see", "Levels", "Reflection questions"],
        }
    }
}

/// The `[branding]` table: the organisation's look, without writing CSS.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Branding {
    /// The main colour (`#rrggbb`): the header band, links, buttons. White
    /// text on it must have a contrast of at least 4.5:1.
    pub color: Option<String>,
    /// The logo, a file of the site (`img/logo.svg`, from `static/`).
    pub logo: Option<String>,
    /// The icon browsers show in the tab and in bookmarks, a file of the
    /// site (`img/icoon.svg`, from `static/`); without it, the theme's.
    pub favicon: Option<String>,
    /// The organisation that publishes the handbook.
    pub organisation: Option<String>,
}

/// The `[accessibility]` table: the parts of the accessibility statement
/// (*toegankelijkheidsverklaring*) only the organisation can fill in.
///
/// Without `contact` the statement promises no answer: it cannot say who
/// would give one. A table that is written without `contact` is a warning;
/// a handbook without the table gets no warning (it has not started on its
/// statement yet), and its statement says where a reader can go instead.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Accessibility {
    /// An e-mail address or web address for questions and complaints.
    pub contact: Option<String>,
    /// The date of the statement (templates get it as text, `2026-11-29`;
    /// the statement shows [`Accessibility::date_in`]).
    #[serde(serialize_with = "date_as_text")]
    pub date: Option<toml::value::Datetime>,
    /// The status of the Dutch statement: `A` (meets the requirements) to
    /// `D` (no measures taken yet).
    pub status: Option<String>,
    /// Parts known not to meet the requirements yet.
    #[serde(default)]
    pub known_issues: Vec<String>,
}

/// The `[search]` table.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Search {
    /// Whether the build makes a search index and pages show the search
    /// field (default `true`).
    #[serde(default = "enabled")]
    pub enabled: bool,
}

impl Default for Search {
    fn default() -> Search {
        Search { enabled: true }
    }
}

fn enabled() -> bool {
    true
}

/// The `[check]` table: the B1 writing help of `bekwaam check` (see
/// [`crate::readability`]).
#[derive(Clone, Debug, Deserialize)]
#[serde(default)]
pub struct Check {
    /// Whether `check` gives the writing help without `--leesbaarheid`.
    pub readability: bool,
    /// A sentence with more words than this gets a warning (default 20).
    pub max_sentence_words: usize,
    /// A word with more syllables than this gets a warning (default 4).
    pub max_word_syllables: usize,
    /// Words of the handbook's own vocabulary that may be long.
    pub words: Vec<String>,
}

impl Check {
    /// The default of a limit, for a message.
    fn default_of(key: &str) -> usize {
        let defaults = Check::default();
        if key == "max_sentence_words" {
            defaults.max_sentence_words
        } else {
            defaults.max_word_syllables
        }
    }
}

impl Default for Check {
    fn default() -> Check {
        Check {
            readability: false,
            max_sentence_words: 20,
            max_word_syllables: 4,
            words: Vec::new(),
        }
    }
}

/// The `[handbook]` table, with language defaults resolved.
#[derive(Clone, Debug, Serialize)]
pub struct Handbook {
    /// Folder under `content/` that holds one file per competency.
    pub competencies: String,
    /// Level-2 heading that opens the examples.
    pub examples_heading: String,
    /// Level-2 heading that opens the tips.
    pub tips_heading: String,
    /// Level-2 heading that opens the behaviour indicators.
    pub behaviour_heading: String,
    /// Level-2 heading that opens the levels.
    pub levels_heading: String,
    /// Level-2 heading that opens the reflection questions.
    pub reflection_heading: String,
    /// The scale of levels, lowest first; empty when the handbook has none.
    pub levels: Vec<String>,
    /// The namespace the exports' identifiers are derived from, if the
    /// handbook names one.
    pub namespace: Option<uuid::Uuid>,
}

impl Handbook {
    /// The place of a level's name in the scale, from 1 (0: not in it).
    /// Names are compared as the parts' headings are: case and a trailing
    /// colon aside.
    pub fn level_step(&self, name: &str) -> usize {
        self.levels
            .iter()
            .position(|level| crate::markdown::heading_names(name, level))
            .map_or(0, |i| i + 1)
    }
}

/// The error for a `config.toml` in `root` that cannot be read: most
/// often there is none, because the command runs in the wrong folder.
fn unreadable_config(root: &Path, error: &std::io::Error) -> Diagnostic {
    let folder = if root.as_os_str().is_empty() || root == Path::new(".") {
        "de huidige map".to_string()
    } else {
        format!("map {}", root.display())
    };
    match error.kind() {
        std::io::ErrorKind::NotFound => Diagnostic::error(
            CONFIG_FILE,
            format!("geen config.toml in {folder}"),
        )
        .with_help(
            "maak een handboek met `bekwaam init MAP`, of geef de map van het handboek met --root",
        ),
        _ => Diagnostic::error(
            CONFIG_FILE,
            format!(
                "kan config.toml in {folder} niet lezen: {}",
                crate::diagnostics::io_reason(error)
            ),
        )
        .with_help("controleer of config.toml een bestand is dat je kunt lezen (leesrechten), of geef met --root een andere map"),
    }
}

impl Config {
    /// Reads and checks `config.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        crate::source::refuse_outside(root, &path)?;
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => return Err(unreadable_config(root, &error).into()),
        };
        Config::parse_in(&text, Some(root))
    }

    /// Checks the text of a `config.toml`, without a handbook folder to
    /// look in: the theme's name is checked, not its folder.
    pub fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse_in(text, None)
    }

    /// Checks the text of the `config.toml` in `root` (if given).
    fn parse_in(text: &str, root: Option<&Path>) -> Result<Config, Diagnostics> {
        let path = Path::new(CONFIG_FILE);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let Parsed { value: raw, keys } =
            schema::parse::<RawConfig>(path, text, 0, text, "config.toml")?;
        let mut problems = Problems {
            text,
            keys: &keys,
            found: Diagnostics::new(),
            warnings: Vec::new(),
        };

        let base_path = base_path(&raw.base_url).unwrap_or_else(|| {
            problems.error(
                "base_url",
                format!("`base_url` is geen geldig adres: `{}`", raw.base_url),
                "schrijf een volledig adres (`https://intranet.example.nl/handboek/`) of een pad dat met `/` begint",
            );
            "/".to_string()
        });

        problems.check_title(&raw.title);

        let lang = Language::from_code(&raw.language);
        if lang.is_none()
            && (raw.handbook.examples_heading.is_none() || raw.handbook.tips_heading.is_none())
        {
            problems.error(
                "language",
                format!("taal `{}` wordt niet ondersteund", raw.language),
                "gebruik `nl` of `en`, of zet `examples_heading` en `tips_heading` in `[handbook]`",
            );
        }
        let lang = lang.unwrap_or(Language::Dutch);
        let handbook = problems.handbook(raw.handbook, lang);
        if let Some(theme) = &raw.theme {
            problems.check_theme(theme, root);
        }
        if let Some(color) = &raw.branding.color {
            problems.check_color(color);
        }
        problems.check_accessibility(&raw.accessibility);
        problems.check_limits(&raw.check);
        if problems.found.has_errors() {
            return Err(problems.found);
        }
        let overrides = raw
            .texts
            .into_iter()
            .map(|(name, value)| {
                let (line, column) = crate::diagnostics::line_col(text, value.span().start);
                TextOverride {
                    name,
                    value: value.into_inner(),
                    line,
                    column,
                }
            })
            .collect();
        Ok(Config {
            texts: overrides,
            warnings: problems.warnings,
            title: raw.title,
            description: raw.description,
            base_url: raw.base_url,
            base_path,
            language: raw.language,
            lang,
            theme: raw.theme,
            portable: raw.portable,
            drafts: false,
            handbook,
            branding: raw.branding,
            accessibility: raw.accessibility,
            search: raw.search,
            check: raw.check,
            extra: raw.extra,
        })
    }

    /// Replaces the base URL (the `--base-url` option).
    pub fn set_base_url(&mut self, base_url: &str) -> Result<(), Diagnostic> {
        match base_path(base_url) {
            Some(path) => {
                self.base_url = base_url.to_string();
                self.base_path = path;
                Ok(())
            }
            None => Err(Diagnostic::general(format!(
                "`--base-url` is geen geldig adres: `{base_url}`"
            ))),
        }
    }

    /// Whether `base_url` is a full address (`https://…/`), not a path.
    pub fn has_origin(&self) -> bool {
        !self.base_url.starts_with('/')
    }

    /// The absolute address of a site path such as `competenties/x/`, for
    /// the sitemap and canonical links.
    pub fn permalink(&self, site_path: &str) -> String {
        if !self.has_origin() {
            format!("{}{site_path}", self.base_path)
        } else {
            let origin = self.base_url.trim_end_matches('/');
            let origin = origin
                .strip_suffix(self.base_path.trim_end_matches('/'))
                .unwrap_or(origin);
            format!("{origin}{}{site_path}", self.base_path)
        }
    }
}

/// The problems found in the values of a `config.toml`, each at its key.
struct Problems<'a> {
    /// The text of `config.toml`.
    text: &'a str,
    keys: &'a KeyOffsets,
    found: Diagnostics,
    /// What does not stop the build.
    warnings: Vec<Diagnostic>,
}

impl Problems<'_> {
    /// The `[handbook]` table checked, with the defaults of the language
    /// filled in.
    fn handbook(&mut self, raw: RawHandbook, lang: Language) -> Handbook {
        let (examples, tips) = lang.headings();
        let [behaviour, levels, reflection] = lang.model_headings();
        let competencies = raw.competencies.unwrap_or_else(|| "competenties".into());
        self.check_competencies_folder(&competencies);
        self.check_levels(&raw.levels);
        let namespace = match raw.namespace.as_deref() {
            Some(text) => self.check_namespace(text),
            None => {
                let at = self.keys.get("handbook");
                let warning = crate::export::missing_namespace(self.text, at);
                self.warnings.push(warning);
                None
            }
        };
        Handbook {
            competencies,
            examples_heading: raw.examples_heading.unwrap_or_else(|| examples.into()),
            tips_heading: raw.tips_heading.unwrap_or_else(|| tips.into()),
            behaviour_heading: raw.behaviour_heading.unwrap_or_else(|| behaviour.into()),
            levels_heading: raw.levels_heading.unwrap_or_else(|| levels.into()),
            reflection_heading: raw.reflection_heading.unwrap_or_else(|| reflection.into()),
            levels: raw.levels,
            namespace,
        }
    }

    /// An error about the value of `key` (`branding.color`), at that key.
    fn error(&mut self, key: &str, message: String, help: &str) {
        let offset = self.keys.get(key).unwrap_or(0);
        self.found.push(
            Diagnostic::error(CONFIG_FILE, message)
                .at_offset(self.text, offset)
                .with_help(help),
        );
    }

    /// The accessibility status is one of the four of the Dutch register.
    fn check_status(&mut self, status: &str) {
        if !matches!(status, "A" | "B" | "C" | "D") {
            self.error(
                "accessibility.status",
                format!("`status` is `{status}`, maar moet A, B, C of D zijn"),
                "A: voldoet volledig, B: voldoet gedeeltelijk, C: eerste maatregelen genomen, D: nog geen maatregelen",
            );
        }
    }

    /// A written `[accessibility]` table needs a `contact`: the statement
    /// tells readers where to report a problem. Its `date` is a day, its
    /// `status` one of the register's.
    fn check_accessibility(&mut self, accessibility: &Accessibility) {
        if let Some(status) = &accessibility.status {
            self.check_status(status);
        }
        if let Some(date) = &accessibility.date
            && (date.date.is_none() || date.time.is_some())
        {
            self.error(
                "accessibility.date",
                format!("`date` is `{date}`, maar moet een dag zijn"),
                "schrijf de dag waarop de verklaring is gemaakt als jaar-maand-dag, zonder aanhalingstekens: `date = 2026-11-29`",
            );
        }
        let Some(offset) = self.keys.get("accessibility") else {
            return;
        };
        if accessibility.contact.is_none() {
            self.warnings.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    "`[accessibility]` heeft geen `contact`: lezers van de toegankelijkheidsverklaring weten niet waar ze een probleem kunnen melden",
                )
                .at_offset(self.text, offset)
                .with_help(
                    "zet het e-mailadres of de webpagina voor meldingen in `[accessibility]`, bijvoorbeeld `contact = \"toegankelijkheid@example.nl\"`",
                ),
            );
        }
    }

    /// The limits of the writing help are at least 1: a limit of 0 would
    /// warn about every sentence and every word.
    fn check_limits(&mut self, check: &Check) {
        for (key, value, what, each) in [
            (
                "max_sentence_words",
                check.max_sentence_words,
                "woorden",
                "elke zin",
            ),
            (
                "max_word_syllables",
                check.max_word_syllables,
                "lettergrepen",
                "elk woord",
            ),
        ] {
            if value == 0 {
                self.error(
                    &format!("check.{key}"),
                    format!("`{key}` is 0; dan krijgt {each} een waarschuwing"),
                    &format!(
                        "geef het aantal {what} dat nog goed is, bijvoorbeeld `{key} = {}`",
                        Check::default_of(key)
                    ),
                );
            }
        }
    }

    /// The competencies folder is one folder's name, directly in `content/`.
    /// The names of the levels are not empty, and each is named once.
    fn check_levels(&mut self, levels: &[String]) {
        let mut seen: Vec<String> = Vec::new();
        for name in levels {
            let folded = name.trim().to_lowercase();
            if folded.is_empty() {
                self.error(
                    "handbook.levels",
                    "`levels` bevat een lege naam".to_string(),
                    "geef elk niveau een naam, bijvoorbeeld `levels = [\"Startbekwaam\", \"Vakbekwaam\", \"Vakvolwassen\"]`",
                );
            } else if seen.contains(&folded) {
                self.error(
                    "handbook.levels",
                    format!("`levels` noemt het niveau `{name}` meer dan één keer"),
                    "noem elk niveau één keer, van laag naar hoog",
                );
            }
            seen.push(folded);
        }
    }

    /// The namespace is a UUID (`bekwaam init` writes a new one).
    fn check_namespace(&mut self, text: &str) -> Option<uuid::Uuid> {
        match uuid::Uuid::parse_str(text.trim()) {
            Ok(namespace) => Some(namespace),
            Err(_) => {
                self.error(
                    "handbook.namespace",
                    format!("`namespace` is geen UUID: `{text}`"),
                    &format!(
                        "schrijf een UUID zoals `namespace = \"{}\"` (een nieuw nummer, alleen voor dit handboek), of haal de regel weg",
                        uuid::Uuid::new_v4()
                    ),
                );
                None
            }
        }
    }

    fn check_competencies_folder(&mut self, competencies: &str) {
        if competencies.is_empty()
            || competencies.contains(['/', '\\'])
            || competencies.starts_with('.')
        {
            self.error(
                "handbook.competencies",
                format!("`competencies` moet de naam van één map zijn, niet `{competencies}`"),
                "bijvoorbeeld `competencies = \"competenties\"` voor content/competenties/",
            );
        }
    }

    /// The handbook needs a title a reader can see.
    fn check_title(&mut self, title: &str) {
        if !crate::frontmatter::has_visible_text(title) {
            self.error(
                "title",
                "de titel van het handboek (`title`) is leeg of bevat alleen onzichtbare tekens"
                    .to_string(),
                "geef het handboek een titel: `title = \"…\"`",
            );
        }
    }

    /// The theme must be the name of a folder in `themes/` of the handbook
    /// in `root`, and stay there: not a path, and not a link to a folder
    /// elsewhere (a theme's `static/` is published as it is).
    fn check_theme(&mut self, name: &str, root: Option<&Path>) {
        let key = "theme";
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(['/', '\\', ':', '\0'])
            && Path::new(name).is_relative();
        if !plain {
            self.error(
                key,
                format!("`theme` moet de naam van één map in themes/ zijn, niet `{name}`"),
                "zet het thema in de map themes/ van het handboek en schrijf alleen de naam van zijn map, bijvoorbeeld `theme = \"zomer\"` voor themes/zomer/",
            );
            return;
        }
        let Some(root) = root else {
            return;
        };
        let themes = root.join("themes");
        let dir = themes.join(name);
        if !dir.is_dir() {
            self.error(
                key,
                format!("het thema `{name}` bestaat niet: de map themes/{name}/ ontbreekt"),
                "zet het thema in themes/, of haal `theme` weg voor het standaardthema",
            );
            return;
        }
        let inside = match (dir.canonicalize(), themes.canonicalize()) {
            (Ok(dir), Ok(themes)) => dir.starts_with(themes),
            _ => false,
        };
        if !inside {
            self.error(
                key,
                format!("het thema `{name}` ligt niet in themes/: de map themes/{name}/ is een link naar een andere plek"),
                &format!("kopieer het thema naar themes/{name}/ in plaats van er een link naar te zetten; Bekwaam leest niets buiten het handboek"),
            );
        }
    }

    /// The organisation's colour must be one, and white text on it readable.
    fn check_color(&mut self, color: &str) {
        let key = "branding.color";
        match hex_color(color) {
            None => self.error(
                key,
                format!("`color` is geen kleur: `{color}`"),
                "schrijf de kleur als #rrggbb, bijvoorbeeld `color = \"#00689e\"`",
            ),
            Some(rgb) if contrast(rgb, (255, 255, 255)) < 4.5 => self.error(
                key,
                format!(
                    "witte tekst op de kleur {color} is slecht te lezen (contrast {:.1}:1, nodig is 4.5:1)",
                    contrast(rgb, (255, 255, 255))
                ),
                "kies een donkerdere tint van de kleur van de organisatie",
            ),
            Some(_) => {}
        }
    }
}

impl Accessibility {
    /// The date of the statement as a reader writes it, in `language`:
    /// `29 november 2026`, `29 November 2026`.
    pub fn date_in(&self, language: Language) -> Option<String> {
        let date = self.date.as_ref()?.date?;
        let months = match language {
            Language::Dutch => [
                "januari",
                "februari",
                "maart",
                "april",
                "mei",
                "juni",
                "juli",
                "augustus",
                "september",
                "oktober",
                "november",
                "december",
            ],
            Language::English => [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
        };
        let month = months.get(usize::from(date.month).checked_sub(1)?)?;
        Some(format!("{} {month} {}", date.day, date.year))
    }
}

fn date_as_text<S: serde::Serializer>(
    date: &Option<toml::value::Datetime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.serialize_some(&date.to_string()),
        None => serializer.serialize_none(),
    }
}

/// `#rrggbb` or `#rgb` as red, green and blue.
fn hex_color(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some((
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        3 => {
            let short = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some((short(0)?, short(1)?, short(2)?))
        }
        _ => None,
    }
}

/// The WCAG contrast ratio of two colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The path part of a base URL, starting and ending with `/`.
fn base_path(base_url: &str) -> Option<String> {
    let path = if base_url.starts_with('/') {
        if base_url.starts_with("//") {
            return None;
        }
        base_url.split(['?', '#']).next().unwrap_or("/").to_string()
    } else {
        let url = url::Url::parse(base_url).ok()?;
        if !matches!(url.scheme(), "http" | "https" | "file") || url.cannot_be_a_base() {
            return None;
        }
        url.path().to_string()
    };
    Some(if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_date_is_written_as_a_reader_writes_it() {
        let config = Config::parse(
            "title = \"H\"\nhandbook.namespace = \"6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b\"\n[accessibility]\ndate = 2026-11-29\ncontact = \"a@b.nl\"\n",
        )
        .unwrap();
        let a = &config.accessibility;
        assert_eq!(
            a.date_in(Language::Dutch).as_deref(),
            Some("29 november 2026")
        );
        assert_eq!(
            a.date_in(Language::English).as_deref(),
            Some("29 November 2026")
        );
        assert!(config.warnings.is_empty());
        assert_eq!(
            Config::parse("title = \"H\"\n")
                .unwrap()
                .accessibility
                .date_in(Language::Dutch),
            None
        );
        // A time, or a day with a time, is not the day of a statement.
        for date in ["12:00:00", "2026-11-29T10:00:00", "2026-11-29T10:00:00Z"] {
            let text =
                format!("title = \"H\"\n[accessibility]\ncontact = \"a@b.nl\"\ndate = {date}\n");
            let errors = Config::parse(&text).unwrap_err().into_sorted();
            assert_eq!(errors[0].position(), Some((4, 1)), "{date}");
            assert!(errors[0].message.contains("moet een dag zijn"), "{date}");
        }
    }

    #[test]
    fn an_accessibility_table_without_contact_is_a_warning_at_the_table() {
        let config = Config::parse(
            "title = \"H\"\n\n[accessibility]\nstatus = \"B\"\n[handbook]\nnamespace = \"6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b\"\n",
        )
        .unwrap();
        assert_eq!(config.warnings.len(), 1);
        assert_eq!(config.warnings[0].position(), Some((3, 2)));
        assert!(config.warnings[0].message.contains("geen `contact`"));
        let config = Config::parse(
            "title = \"H\"\naccessibility.status = \"B\"\nhandbook.namespace = \"6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b\"\n",
        )
        .unwrap();
        assert_eq!(config.warnings[0].position(), Some((2, 1)));
        // Without the table there is nothing to warn about: the statement
        // then promises nothing (see the template).
        assert!(
            Config::parse(
                "title = \"H\"\nhandbook.namespace = \"6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b\"\n"
            )
            .unwrap()
            .warnings
            .is_empty()
        );
    }

    /// The identifiers of case.json need a namespace of the handbook's own.
    #[test]
    fn a_config_without_a_namespace_is_a_warning() {
        let config = Config::parse("title = \"H\"\n").unwrap();
        assert_eq!(config.warnings.len(), 1);
        assert!(config.warnings[0].message.contains("geen `namespace`"));
        assert_eq!(config.warnings[0].position(), None);
        let config = Config::parse("title = \"H\"\n\n[handbook]\nlevels = [\"A\"]\n").unwrap();
        assert_eq!(config.warnings[0].position(), Some((3, 2)));
        let help = config.warnings[0].help.as_deref().unwrap();
        let offered = help.split('"').nth(1).unwrap();
        assert_eq!(uuid::Uuid::parse_str(offered).unwrap().get_version_num(), 4);
    }

    #[test]
    fn defaults_follow_the_language() {
        let config = Config::parse("title = \"H\"\n").unwrap();
        assert_eq!(config.base_path, "/");
        assert_eq!(config.handbook.examples_heading, "Voorbeelden");
        assert_eq!(config.handbook.tips_heading, "Praktijktips");
        assert_eq!(config.handbook.competencies, "competenties");
        assert!(!config.portable);
        assert!(
            Config::parse("portable = true\ntitle = \"H\"\n")
                .unwrap()
                .portable
        );
        let config = Config::parse("title = \"H\"\nlanguage = \"en\"\n").unwrap();
        assert_eq!(config.handbook.examples_heading, "Examples");
        assert_eq!(config.handbook.tips_heading, "Tips");
    }

    #[test]
    fn base_url_with_sub_path() {
        let config =
            Config::parse("title = \"H\"\nbase_url = \"https://intranet.example.nl/handboek\"\n")
                .unwrap();
        assert_eq!(config.base_path, "/handboek/");
        assert_eq!(
            config.permalink("competenties/x/"),
            "https://intranet.example.nl/handboek/competenties/x/"
        );
        let config = Config::parse("title = \"H\"\nbase_url = \"/sub/\"\n").unwrap();
        assert_eq!(config.permalink(""), "/sub/");
    }

    #[test]
    fn a_theme_is_the_name_of_a_folder_in_themes() {
        for name in [
            "/abs/dir",
            "../../../dir",
            "zomer/../..",
            "..",
            ".",
            "",
            "c:\\x",
            ".verborgen",
        ] {
            let text = format!("title = \"H\"\ntheme = {name:?}\n");
            let errors = Config::parse(&text).unwrap_err().into_sorted();
            assert_eq!(errors.len(), 1, "{name}");
            assert_eq!(errors[0].position(), Some((2, 1)), "{name}");
            assert!(
                errors[0]
                    .message
                    .contains("moet de naam van één map in themes/ zijn"),
                "{name}: {}",
                errors[0].message
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let text = "title = \"H\"\ntheme = \"zomer\"\n";
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let errors = Config::load(dir.path()).unwrap_err().into_sorted();
        assert!(errors[0].message.contains("de map themes/zomer/ ontbreekt"));
        assert_eq!(errors[0].position(), Some((2, 1)));
        std::fs::create_dir_all(dir.path().join("themes/zomer")).unwrap();
        assert_eq!(
            Config::load(dir.path()).unwrap().theme.as_deref(),
            Some("zomer")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_theme_that_is_a_link_out_of_themes_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("themes/zomer")).unwrap();
        let text = "title = \"H\"\ntheme = \"zomer\"\n";
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let errors = Config::load(dir.path()).unwrap_err().into_sorted();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position(), Some((2, 1)));
        assert!(
            errors[0].message.contains("ligt niet in themes/"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn unknown_key_and_bad_values_are_errors() {
        let errors = Config::parse("title = \"H\"\n\n[handbook]\ntip_heading = \"x\"\n")
            .unwrap_err()
            .into_sorted();
        assert_eq!(errors[0].position(), Some((4, 1)));
        assert!(errors[0].message.contains("handbook.tip_heading"));
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`tips_heading`")
        );

        let errors = Config::parse("title = \"H\"\nbase_url = \"geen adres\"\nlanguage = \"fy\"\n")
            .unwrap_err()
            .into_sorted();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].position(), Some((2, 1)));
        assert_eq!(errors[1].position(), Some((3, 1)));

        let errors = Config::parse(
            "title = \"H\"\n[branding]\ncolor = \"#ffcc00\"\n[accessibility]\nstatus = \"Z\"\n",
        )
        .unwrap_err()
        .into_sorted();
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0].message.contains("contrast 1.5:1"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].position(), Some((3, 1)));
        assert!(errors[1].message.contains("A, B, C of D"));
        let errors = Config::parse("title = \"H\"\n[branding]\ncolor = \"blauw\"\n")
            .unwrap_err()
            .into_sorted();
        assert!(errors[0].message.contains("geen kleur"));
        let config = Config::parse("title = \"H\"\n[branding]\ncolor = \"#00689e\"\n").unwrap();
        assert_eq!(config.branding.color.as_deref(), Some("#00689e"));

        let errors = Config::parse("description = \"zonder titel\"\n")
            .unwrap_err()
            .into_sorted();
        assert!(errors[0].message.contains("title"));
    }

    /// Regression: a message about a value named the first line that started
    /// with the key's name, which could be another table's key (`colors` in
    /// `[extra]`) or a line inside a multi-line string; and always column 1.
    #[test]
    fn messages_point_at_the_key_not_at_the_first_line_that_starts_like_it() {
        let positions = |text: &str| -> Vec<Option<(usize, usize)>> {
            let errors = Config::parse(text).unwrap_err().into_sorted();
            errors.iter().map(Diagnostic::position).collect()
        };
        let text = "title = \"H\"\n[extra]\ncolors = [\"rood\"]\nstatus_note = \"x\"\n\
                    [branding]\ncolor = \"blauw\"\n[accessibility]\nstatus = \"Z\"\n";
        assert_eq!(positions(text), [Some((6, 1)), Some((8, 1))]);
        let text = "title = \"H\"\ndescription = \"\"\"\nlanguage = hier niet\n\"\"\"\nlanguage = \"fy\"\n";
        assert_eq!(positions(text), [Some((5, 1))]);
        let text = "title = \"H\"\n[branding]\n  color = \"blauw\"\n";
        assert_eq!(positions(text), [Some((3, 3))]);
        let text = "title = \"H\"\nbranding = { color = \"blauw\" }\n";
        assert_eq!(positions(text), [Some((2, 14))]);
        let text = "title = \"H\"\nhandbook.competencies = \"a/b\"\n";
        assert_eq!(positions(text), [Some((2, 10))]);
    }

    #[test]
    fn known_keys_are_the_fields_in_their_order() {
        let help = |text: &str| {
            let errors = Config::parse(text).unwrap_err().into_sorted();
            assert_eq!(errors.len(), 1, "{errors:?}");
            errors[0].help.clone().unwrap()
        };
        assert_eq!(
            help("title = \"H\"\ntheem = \"zomer\"\n"),
            "bedoel je `theme`? Bekende sleutels: `title`, `description`, `base_url`, \
             `language`, `theme`, `portable`, `handbook`, `branding`, `accessibility`, \
             `search`, `check`, `texts`, `extra`; eigen waarden horen in de tabel `[extra]`"
        );
        assert_eq!(
            help("title = \"H\"\n[accessibility]\nadres = \"x\"\n"),
            "bekende sleutels: `contact`, `date`, `status`, `known_issues`"
        );
        assert_eq!(
            help("title = \"H\"\n[search]\nenable = false\n"),
            "bedoel je `enabled`? Bekende sleutels: `enabled`"
        );
        // Free tables take any key; a date is a value, not a table.
        let text =
            "title = \"H\"\n[extra]\nwat = { dan = 1 }\n[accessibility]\ndate = 2026-11-29\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.extra["wat"]["dan"].as_integer(), Some(1));
    }

    #[test]
    fn the_language_is_parsed_once() {
        assert_eq!(Language::from_code("nl"), Some(Language::Dutch));
        assert_eq!(Language::from_code("nl-BE"), Some(Language::Dutch));
        assert_eq!(Language::from_code("en_GB"), Some(Language::English));
        assert_eq!(Language::from_code("fy"), None);
        assert_eq!(Language::from_code(""), None);
        assert_eq!(Language::English.code(), "en");
        assert_eq!(Language::Dutch.code(), "nl");

        let config = Config::parse("title = \"H\"\n").unwrap();
        assert_eq!(
            (config.lang, config.language.as_str()),
            (Language::Dutch, "nl")
        );
        let config = Config::parse("title = \"H\"\nlanguage = \"en-GB\"\n").unwrap();
        assert_eq!(
            (config.lang, config.language.as_str()),
            (Language::English, "en-GB")
        );
        // Own headings make any language possible; Bekwaam's texts are Dutch.
        let config = Config::parse(
            "title = \"H\"\nlanguage = \"fy\"\n[handbook]\nexamples_heading = \"Foarbylden\"\ntips_heading = \"Tips\"\n",
        )
        .unwrap();
        assert_eq!(
            (config.lang, config.language.as_str()),
            (Language::Dutch, "fy")
        );
        let json = serde_json::to_value(&config).unwrap();
        assert!(json.get("lang").is_none(), "templates see only `language`");
    }
}
