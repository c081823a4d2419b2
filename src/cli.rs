//! The command line: parse arguments, call the library, map the result to an
//! exit code (0 done, 1 a problem in the handbook, 2 wrong usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{ArgAction, Parser, Subcommand};

use bekwaam::diagnostics::{Counts, Diagnostic, Diagnostics, Severity};
use bekwaam::output::{self, WriteError};
use bekwaam::{BuildOptions, init};

mod handbook;
mod output_dir;
mod usage;

use output_dir::{check_output_dir, unfit_output};

pub use usage::parse;

/// The layout of every `--help`: clap's own headings ("Usage:") are English,
/// so the template names them itself.
const HELP: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// Bekwaam maakt van een map met Markdown-bestanden een website met een competentiehandboek.
#[derive(Parser, Debug)]
#[command(
    name = "bekwaam",
    version,
    help_template = HELP,
    override_usage = "bekwaam [--root MAP] <COMMANDO> [OPTIES]",
    subcommand_help_heading = "Commando's",
    subcommand_value_name = "COMMANDO",
    next_help_heading = "Opties",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Een handboek is een map met config.toml en de map content/. Elke pagina is een \
                  Markdown-bestand dat begint met de front matter: de kop van het bestand, tussen \
                  de regels +++.\nMeer over een commando: bekwaam <COMMANDO> --help"
)]
pub struct Args {
    /// De map van het handboek (met config.toml en content/). Zonder --root zoekt Bekwaam
    /// config.toml in deze map en in de mappen erboven.
    #[arg(long, global = true, value_name = "MAP", display_order = 100)]
    root: Option<PathBuf>,
    /// Toon deze hulp.
    #[arg(short = 'h', long, global = true, action = ArgAction::Help, display_order = 101)]
    help: Option<bool>,
    /// Toon het versienummer.
    #[arg(short = 'V', long, action = ArgAction::Version, display_order = 102)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

/// How `check` reports (the texts show in shell completions).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// Een regel per probleem, met bestand, regel en kolom.
    Text,
    /// Eén JSON-document met alles wat er gevonden is.
    Json,
}

/// What `new` writes (the texts show in shell completions).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum NewKind {
    /// Een competentie, in de map met competenties.
    Competentie,
    /// Een gewone pagina.
    Pagina,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Maak een nieuw handboek om mee te beginnen, in een nieuwe map.
    #[command(help_template = HELP, next_help_heading = "Opties", override_usage = "bekwaam init <MAP>")]
    Init {
        /// De map voor het nieuwe handboek. Die mag nog niet bestaan, of moet leeg zijn.
        #[arg(value_name = "MAP", help_heading = "Argumenten")]
        dir: PathBuf,
    },
    /// Schrijf een nieuwe competentie of pagina, met de juiste front matter en koppen.
    #[command(
        help_template = HELP,
        next_help_heading = "Opties",
        override_usage = "bekwaam new <SOORT> <TITEL> [BESTAND]"
    )]
    New {
        /// Wat je maakt: competentie (in de map met competenties) of pagina (in content/).
        #[arg(
            value_enum,
            value_name = "SOORT",
            help_heading = "Argumenten",
            hide_possible_values = true,
            display_order = 1
        )]
        kind: NewKind,
        /// De titel, tussen aanhalingstekens: "Werkt samen met anderen".
        #[arg(value_name = "TITEL", help_heading = "Argumenten", display_order = 2)]
        title: String,
        /// De naam van het bestand (standaard: gemaakt van de titel). Bij een pagina mag er een
        /// map onder content/ voor staan, zoals over/werkwijze.
        #[arg(value_name = "BESTAND", help_heading = "Argumenten", display_order = 3)]
        file: Option<PathBuf>,
    },
    /// Bouw de website (standaard in de map public/ van het handboek).
    #[command(help_template = HELP, next_help_heading = "Opties", override_usage = "bekwaam build [OPTIES]")]
    Build {
        /// Schrijf de website in deze map.
        #[arg(short, long, value_name = "MAP")]
        output: Option<PathBuf>,
        /// Gebruik dit adres in plaats van base_url uit config.toml.
        #[arg(long, value_name = "ADRES")]
        base_url: Option<String>,
        /// Maak een website die werkt als je hem uit een map opent (file://): alle links
        /// noemen index.html. Kan ook met portable = true in config.toml.
        #[arg(long)]
        portable: bool,
        /// Neem concepten (`draft = true`) mee, gemarkeerd als concept.
        #[arg(long)]
        drafts: bool,
    },
    /// Controleer het handboek zoals een build doet, met waarschuwingen. Schrijft niets.
    #[command(help_template = HELP, next_help_heading = "Opties", override_usage = "bekwaam check [OPTIES]")]
    Check {
        /// Hoe de uitkomst eruitziet: text (regel per probleem, standaard) of json (voor een
        /// pipeline).
        #[arg(long, value_enum, default_value_t = Format::Text, value_name = "VORM",
              hide_default_value = true, hide_possible_values = true)]
        format: Format,
        /// Stop ook met status 1 bij waarschuwingen.
        #[arg(long)]
        deny_warnings: bool,
        /// Controleer ook de concepten (`draft = true`).
        #[arg(long)]
        drafts: bool,
        /// Geef ook schrijfhulp voor B1: lange zinnen, lange woorden, een cijfer per pagina.
        #[arg(long)]
        leesbaarheid: bool,
    },
    /// Bekijk het handboek in de browser: Bekwaam bouwt het opnieuw bij elke wijziging.
    #[cfg(feature = "serve")]
    #[command(help_template = HELP, next_help_heading = "Opties", override_usage = "bekwaam serve [OPTIES]")]
    Serve {
        /// De poort (standaard 1111; 0: een vrije poort, die Bekwaam laat zien).
        #[arg(
            short,
            long,
            default_value_t = 1111,
            value_name = "POORT",
            hide_default_value = true
        )]
        port: u16,
        /// Het adres waarop Bekwaam luistert (standaard 127.0.0.1, alleen deze computer;
        /// 0.0.0.0: elk netwerk).
        #[arg(
            short,
            long,
            default_value = "127.0.0.1",
            value_name = "ADRES",
            hide_default_value = true
        )]
        interface: std::net::IpAddr,
        /// Open het handboek in de browser.
        #[arg(long)]
        open: bool,
        /// Beantwoord ook verzoeken met deze naam van de computer (mag vaker). De eigen namen
        /// en adressen van deze computer werken altijd.
        #[arg(long = "allow-host", value_name = "NAAM")]
        allow_host: Vec<String>,
        /// Toon ook de concepten (`draft = true`), gemarkeerd als concept.
        #[arg(long)]
        drafts: bool,
    },
    /// Schrijf een script dat commando's en opties aanvult met de Tab-toets in je shell.
    #[command(help_template = HELP, next_help_heading = "Opties", override_usage = "bekwaam completions <SHELL>")]
    Completions {
        /// De shell: bash, zsh, fish, powershell of elvish.
        #[arg(
            value_name = "SHELL",
            help_heading = "Argumenten",
            hide_possible_values = true
        )]
        shell: clap_complete::Shell,
    },
}

impl Args {
    /// Runs the command and returns the exit code.
    pub fn run(self) -> ExitCode {
        let root = self.root;
        let explicit = root.is_some();
        let result = match self.command {
            Command::Init { dir } => run_init(&dir),
            Command::Completions { shell } => {
                usage::completions(shell);
                return ExitCode::SUCCESS;
            }
            command => match (handbook::find(root), command) {
                (Ok(root), command) => return run_in(&root, explicit, command),
                // `check` reports as it always does, also in JSON.
                (
                    Err(problem),
                    Command::Check {
                        format,
                        deny_warnings,
                        ..
                    },
                ) => return print_check(problem.into(), None, format, deny_warnings, None),
                (Err(problem), _) => Err(problem.into()),
            },
        };
        exit_code(result)
    }
}

/// Runs a command that works on a handbook, in its folder `root` (given
/// with `--root` when `explicit`, else found from the current folder).
fn run_in(root: &Path, explicit: bool, command: Command) -> ExitCode {
    let result = match command {
        Command::Init { .. } | Command::Completions { .. } => Ok(()),
        Command::New { kind, title, file } => {
            run_new(root, explicit, kind, &title, file.as_deref())
        }
        Command::Build {
            output,
            base_url,
            portable,
            drafts,
        } => run_build(root, output, base_url, portable, drafts),
        Command::Check {
            format,
            deny_warnings,
            drafts,
            leesbaarheid,
        } => {
            let asked = CheckAsked {
                format,
                deny_warnings,
                drafts,
                readability: leesbaarheid,
            };
            return run_check(root, &asked);
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            port,
            interface,
            open,
            allow_host,
            drafts,
        } => {
            let options = bekwaam::serve::ServeOptions {
                interface,
                port,
                open,
                allow_hosts: allow_host,
                drafts,
            };
            return preview::run(root, &options);
        }
    };
    exit_code(result)
}

/// 0 when done, 1 (after printing them) when the handbook has problems.
fn exit_code(result: Result<(), Diagnostics>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problems) => {
            report(problems);
            ExitCode::from(1)
        }
    }
}

/// Prints the problems of a run that stopped, and how many errors it found.
fn report(problems: Diagnostics) {
    let sorted = problems.into_sorted();
    print_problems(&sorted);
    eprintln!("{}", Counts::of(&sorted).stopped());
}

/// Prints problems, sorted, to stderr: the one place they are printed.
fn print_problems(sorted: &[Diagnostic]) {
    for problem in sorted {
        eprintln!("{problem}");
    }
}

fn run_init(dir: &Path) -> Result<(), Diagnostics> {
    init::init(dir)?;
    println!("Nieuw handboek gemaakt in {}.", dir.display());
    println!("Bekijk het in je browser met: {}", preview_command(dir));
    Ok(())
}

/// `bekwaam new`: writes the file and says how to see it.
fn run_new(
    root: &Path,
    explicit: bool,
    kind: NewKind,
    title: &str,
    file: Option<&Path>,
) -> Result<(), Diagnostics> {
    let kind = match kind {
        NewKind::Competentie => bekwaam::new::Kind::Competency,
        NewKind::Pagina => bekwaam::new::Kind::Page,
    };
    let written = bekwaam::new::new(root, kind, title, file)?;
    println!("Geschreven: {}", root.join(written).display());
    // A handbook found above the current folder is found again by `serve`.
    let preview = if explicit { root } else { Path::new(".") };
    println!("Bekijk het in je browser met: {}", preview_command(preview));
    Ok(())
}

/// The command that previews the handbook in `root`, as a person types it.
fn preview_command(root: &Path) -> String {
    if root == Path::new(".") {
        String::from("bekwaam serve")
    } else {
        format!(
            "bekwaam --root {} serve",
            shell_word(&root.display().to_string())
        )
    }
}

/// `word` as one word for a shell: quoted when it holds anything else than
/// letters, digits and `/._-`.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':'));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// `bekwaam check`: every error and warning, sorted, with a summary; exit 1
/// on errors (and on warnings with `--deny-warnings`).
/// What `check` was asked to do.
struct CheckAsked {
    format: Format,
    deny_warnings: bool,
    drafts: bool,
    /// `--leesbaarheid` (also on with `[check] readability = true`).
    readability: bool,
}

fn run_check(root: &Path, asked: &CheckAsked) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        check: true,
        drafts: asked.drafts,
        ..BuildOptions::default()
    };
    let mut figures = None;
    let (findings, stats) = match bekwaam::build(root, &options) {
        Ok(built) => {
            let mut findings = built.site.warnings();
            findings.extend(built.link_problems);
            if asked.readability || built.site.config.check.readability {
                let mut report = bekwaam::readability::check(&built.site);
                findings.extend(std::mem::take(&mut report.warnings));
                figures = Some(report);
            }
            (findings, Some(built.stats))
        }
        Err(problems) => (problems, None),
    };
    print_check(
        findings,
        stats.map(|s| (s, started)),
        asked.format,
        asked.deny_warnings,
        figures.as_ref(),
    )
}

/// Prints what `check` found (with the build's figures and when it started,
/// if it got that far) and returns its exit code.
fn print_check(
    findings: Diagnostics,
    stats: Option<(bekwaam::Stats, Instant)>,
    format: Format,
    deny_warnings: bool,
    figures: Option<&bekwaam::readability::Report>,
) -> ExitCode {
    let sorted = findings.into_sorted();
    let counts = Counts::of(&sorted);
    let (errors, warnings) = (counts.errors, counts.warnings);
    match format {
        Format::Json => {
            let list: Vec<serde_json::Value> = sorted
                .iter()
                .map(|d| {
                    let (line, column) = d
                        .position()
                        .map_or((None, None), |(l, c)| (Some(l), Some(c)));
                    serde_json::json!({
                        "file": d.location.as_ref().map(|l| l.path.display().to_string()),
                        "line": line,
                        "column": column,
                        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
                        "message": d.message,
                        "help": d.help,
                    })
                })
                .collect();
            let mut report = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "findings": list,
            });
            if let Some(figures) = figures {
                report["readability"] = readability_json(figures);
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
        }
        Format::Text => {
            print_problems(&sorted);
            match stats {
                Some((s, started)) if errors == 0 => println!(
                    "Gecontroleerd: {} pagina's, {} competenties; {}, {} in {:.2} s.",
                    s.pages,
                    s.competencies,
                    counts.errors_text(),
                    counts.warnings_text(),
                    started.elapsed().as_secs_f64()
                ),
                _ => eprintln!("{}", counts.stopped_with_warnings()),
            }
            if let Some(figures) = figures {
                println!("{}", figures.summary());
            }
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The figure of every page, for `check --format json`.
fn readability_json(report: &bekwaam::readability::Report) -> serde_json::Value {
    let pages: Vec<serde_json::Value> = report
        .pages
        .iter()
        .map(|page| {
            let figure = &page.figure;
            serde_json::json!({
                "file": page.file.display().to_string(),
                "words": figure.words,
                "sentences": figure.sentences,
                "syllables": figure.syllables,
                "score": (figure.score * 10.0).round() / 10.0,
                "label": figure.label(),
            })
        })
        .collect();
    serde_json::json!({
        "formula": bekwaam::readability::figure_name(report.language),
        "b1_score": bekwaam::readability::B1_SCORE,
        "pages": pages,
    })
}

fn run_build(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    portable: bool,
    drafts: bool,
) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let out = output.unwrap_or_else(|| root.join("public"));
    check_output_dir(root, &out)?;
    let options = BuildOptions {
        base_url,
        portable,
        check: false,
        drafts,
    };
    let built = bekwaam::build(root, &options)?;
    print_problems(&built.site.warnings().into_sorted());
    let old = built
        .output
        .write_atomically(&out)
        .map_err(|error| match error {
            WriteError::Unfit(unfit) => unfit_output(&out, &unfit),
            WriteError::Io(error) => Diagnostic::general(format!(
                "kan de website niet schrijven naar {}: {}",
                out.display(),
                bekwaam::diagnostics::io_reason(&error)
            ))
            .with_help("controleer of de map beschrijfbaar is; de vorige versie is niet veranderd"),
        })?;
    if let Some(old) = old {
        output::remove_in_background(&old);
    }
    let s = built.stats;
    // The process ends here: freeing the site piece by piece (millions of
    // strings) would only delay the exit, the system takes it back at once.
    std::mem::forget(built);
    println!(
        "Klaar: {} pagina's, {} competenties, {} voorbeelden, {} tips in {:.2} s → {}",
        s.pages,
        s.competencies,
        s.examples,
        s.tips,
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}

/// `bekwaam serve`: the library says what happens, this prints it.
#[cfg(feature = "serve")]
mod preview {
    use std::path::Path;
    use std::process::ExitCode;

    use std::collections::HashMap;

    use bekwaam::diagnostics::{Counts, Diagnostic};
    use bekwaam::serve::Scope;
    use bekwaam::serve::{Error, Event, Outcome, ServeOptions, Summary};

    /// Warnings printed in full after a build or a rebuild (and fixed ones
    /// named); the rest are counted.
    const MAX_SHOWN: usize = 20;

    /// Runs the preview until it stops; it only ends with an error (exit 1).
    pub fn run(root: &Path, options: &ServeOptions) -> ExitCode {
        match bekwaam::serve::serve(root, options, print) {
            Ok(()) => ExitCode::SUCCESS,
            Err(Error::Start(problems)) => {
                super::report(problems);
                ExitCode::from(1)
            }
            Err(Error::Listener(error)) => {
                eprintln!(
                    "De preview kan geen verbindingen meer aannemen ({error}). Start `bekwaam serve` opnieuw."
                );
                ExitCode::from(1)
            }
        }
    }

    fn print(event: Event<'_>) {
        match event {
            Event::Built { took, summary } => {
                print_warnings(&summary);
                println!(
                    "Gebouwd: {} in {} ms.",
                    counts_text(&summary),
                    took.as_millis()
                );
            }
            Event::NotBuilt { problems } => print_failed(problems),
            Event::Listening { url } => {
                println!("Bekwaam toont het handboek op {url}");
                println!(
                    "Wijzigingen in content/, static/, templates/, themes/ en config.toml verschijnen meteen. Stoppen: Ctrl+C."
                );
            }
            Event::NoBrowser { url, error } => {
                println!("Kan de browser niet openen ({error}); open {url} zelf.");
            }
            Event::NotWatched { folder, error } => {
                eprintln!("Let op: kan {folder}/ niet volgen: {error}");
            }
            Event::Rebuilt {
                files,
                took,
                outcome,
                summary,
            } => print_rebuilt(
                &files,
                took.as_secs_f64() * 1000.0,
                &outcome,
                summary.as_ref(),
            ),
        }
    }

    /// One line per rebuild: what changed, what it did, how long it took;
    /// then the warnings that are new and those that were fixed, and the
    /// counts of the site when it changed.
    fn print_rebuilt(
        files: &[String],
        ms: f64,
        outcome: &Outcome<'_>,
        summary: Option<&Summary<'_>>,
    ) {
        println!("{}", rebuilt_line(files, ms, outcome));
        if let Outcome::Failed { problems } = outcome {
            print_failed(problems);
        }
        if let Some(summary) = summary {
            print_warnings(summary);
            if !matches!(outcome, Outcome::Unchanged) || !summary.nothing_new() {
                println!("Nu: {}.", counts_text(summary));
            }
        }
    }

    /// The counts of the site, in the words of `build`'s summary line, and
    /// its warnings: `13 pagina's, 10 competenties, 30 voorbeelden, 74 tips;
    /// 2 waarschuwingen`.
    fn counts_text(summary: &Summary<'_>) -> String {
        let s = summary.stats;
        let warnings = Counts {
            errors: 0,
            warnings: summary.warnings.len(),
        };
        format!(
            "{} pagina's, {} competenties, {} voorbeelden, {} tips; {}",
            s.pages,
            s.competencies,
            s.examples,
            s.tips,
            warnings.warnings_text()
        )
    }

    /// The new warnings compiler style and the fixed ones, to stderr.
    fn print_warnings(summary: &Summary<'_>) {
        for line in warning_lines(&summary.new)
            .into_iter()
            .chain(fixed_lines(&summary.fixed))
        {
            eprintln!("{line}");
        }
    }

    /// The new warnings compiler style, as `check` prints them. A warning
    /// that is the same (message and help) at many places is printed once,
    /// with where else it is; after [`MAX_SHOWN`] of them, the rest are
    /// counted, so that 40,000 warnings do not flood the terminal.
    fn warning_lines(new: &[&Diagnostic]) -> Vec<String> {
        let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
        let mut index: HashMap<(&str, Option<&str>), usize> = HashMap::new();
        for &warning in new {
            let key = (warning.message.as_str(), warning.help.as_deref());
            let at = *index.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[at].push(warning);
        }
        let mut lines = Vec::new();
        for group in groups.iter().take(MAX_SHOWN) {
            lines.push(group[0].to_string());
            if let Some(also) = elsewhere(&group[1..]) {
                lines.push(also);
            }
        }
        let left: usize = groups.iter().skip(MAX_SHOWN).map(Vec::len).sum();
        if left > 0 {
            lines.push(format!(
                "… en nog {left} andere {}; `bekwaam check` toont ze allemaal.",
                if left == 1 {
                    "waarschuwing"
                } else {
                    "waarschuwingen"
                }
            ));
        }
        lines
    }

    /// `  ook in a.md:3:1, b.md:1:1 en 12 andere` for the other places of a
    /// warning.
    fn elsewhere(others: &[&Diagnostic]) -> Option<String> {
        const NAMED: usize = 3;
        let (named, left) = others.split_at(others.len().min(NAMED));
        let places: Vec<String> = named.iter().map(|w| place(w)).collect();
        let places = match (places.split_last(), left.len()) {
            (None, _) => return None,
            (Some((last, [])), 0) => last.clone(),
            (Some((last, rest)), 0) => format!("{} en {last}", rest.join(", ")),
            (Some(_), n) => format!("{} en {n} andere", places.join(", ")),
        };
        Some(format!("  ook in {places}"))
    }

    /// `Opgelost: content/a.md:3:1: deze competentie heeft geen praktijktips`
    /// for each fixed warning, the first [`MAX_SHOWN`] of them.
    fn fixed_lines(fixed: &[Diagnostic]) -> Vec<String> {
        let mut lines: Vec<String> = fixed
            .iter()
            .take(MAX_SHOWN)
            .map(|w| match w.location {
                Some(_) => format!("Opgelost: {}: {}", place(w), w.message),
                None => format!("Opgelost: {}", w.message),
            })
            .collect();
        let left = fixed.len().saturating_sub(MAX_SHOWN);
        if left > 0 {
            lines.push(format!(
                "Opgelost: nog {left} andere {}.",
                if left == 1 {
                    "waarschuwing"
                } else {
                    "waarschuwingen"
                }
            ));
        }
        lines
    }

    /// `content/a.md:3:1`, or the file alone where the place is not known.
    fn place(warning: &Diagnostic) -> String {
        match (&warning.location, warning.position()) {
            (Some(l), Some((line, col))) => format!("{}:{line}:{col}", l.path.display()),
            (Some(l), None) => l.path.display().to_string(),
            (None, _) => String::from("(het handboek)"),
        }
    }

    /// The line for a rebuild: `content/a.md: 1 pagina en de overzichten
    /// opnieuw gemaakt, 3 bestanden veranderd (12 ms)`.
    fn rebuilt_line(files: &[String], ms: f64, outcome: &Outcome<'_>) -> String {
        let shown = match files.len() {
            0 => String::from("(onbekend)"),
            1..=3 => files.join(", "),
            n => format!("{} en {} andere", files[..2].join(", "), n - 2),
        };
        let noun = |n: usize| if n == 1 { "bestand" } else { "bestanden" };
        match outcome {
            Outcome::Fixed { changed } => format!(
                "{shown}: weer in orde, {changed} {} veranderd ({ms:.0} ms)",
                noun(*changed)
            ),
            Outcome::Unchanged => format!("{shown}: niets veranderd ({ms:.0} ms)"),
            Outcome::Changed { scope, changed } => {
                let what = match scope {
                    Scope::Full => String::from("alles opnieuw gebouwd"),
                    Scope::AllPages => String::from("alle pagina's opnieuw gemaakt"),
                    Scope::Pages(n) => format!(
                        "{n} {} en de overzichten opnieuw gemaakt",
                        if *n == 1 { "pagina" } else { "pagina's" }
                    ),
                    Scope::Static => String::from("statische bestanden opnieuw gekopieerd"),
                    Scope::Index => String::from("zoekindex gemaakt"),
                    Scope::Nothing => String::new(),
                };
                format!(
                    "{shown}: {what}, {changed} {} veranderd ({ms:.0} ms)",
                    noun(*changed)
                )
            }
            Outcome::Failed { .. } => format!("{shown}: de bouw is mislukt ({ms:.0} ms)"),
        }
    }

    /// The problems of a build that failed while the preview goes on.
    fn print_failed(problems: &bekwaam::diagnostics::Diagnostics) {
        super::print_problems(&problems.clone().into_sorted());
        eprintln!(
            "De preview toont de laatste versie die werkte. Verbeter de fout en sla het bestand op."
        );
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn equal_warnings_are_printed_once_and_many_are_counted() {
            let warning = |file: &str, message: &str| {
                Diagnostic::warning(file, message)
                    .at(1, 1)
                    .with_help("doe iets")
            };
            let many: Vec<Diagnostic> = (0..40_000)
                .map(|i| warning(&format!("content/{i:05}.md"), &format!("anker {i}")))
                .chain((0..5).map(|i| warning(&format!("content/t{i}.md"), "geen tips")))
                .collect();
            let new: Vec<&Diagnostic> = many.iter().collect();
            let lines = warning_lines(&new);
            assert_eq!(lines.len(), MAX_SHOWN + 1, "{lines:#?}");
            assert_eq!(
                lines[0],
                "content/00000.md:1:1: warning: anker 0\n  help: doe iets"
            );
            assert_eq!(
                lines[MAX_SHOWN],
                "… en nog 39985 andere waarschuwingen; `bekwaam check` toont ze allemaal."
            );
            let tips: Vec<&Diagnostic> = many[40_000..].iter().collect();
            assert_eq!(
                warning_lines(&tips),
                [
                    "content/t0.md:1:1: warning: geen tips\n  help: doe iets",
                    "  ook in content/t1.md:1:1, content/t2.md:1:1, content/t3.md:1:1 en 1 andere"
                ]
            );
            assert_eq!(
                warning_lines(&tips[..3])[1],
                "  ook in content/t1.md:1:1 en content/t2.md:1:1"
            );
            let fixed = fixed_lines(&many[..MAX_SHOWN + 1]);
            assert_eq!(fixed[0], "Opgelost: content/00000.md:1:1: anker 0");
            assert_eq!(fixed[MAX_SHOWN], "Opgelost: nog 1 andere waarschuwing.");
        }

        #[test]
        fn a_rebuild_is_one_line_naming_at_most_three_files() {
            let files = |n: usize| {
                (1..=n)
                    .map(|i| format!("content/{i}.md"))
                    .collect::<Vec<_>>()
            };
            let scope = Scope::Pages(1);
            let changed = Outcome::Changed {
                scope: &scope,
                changed: 3,
            };
            assert_eq!(
                rebuilt_line(&files(1), 12.4, &changed),
                "content/1.md: 1 pagina en de overzichten opnieuw gemaakt, 3 bestanden veranderd (12 ms)"
            );
            assert_eq!(
                rebuilt_line(&files(5), 7.0, &Outcome::Fixed { changed: 1 }),
                "content/1.md, content/2.md en 3 andere: weer in orde, 1 bestand veranderd (7 ms)"
            );
            assert_eq!(
                rebuilt_line(&[], 0.2, &Outcome::Unchanged),
                "(onbekend): niets veranderd (0 ms)"
            );
        }
    }
}
