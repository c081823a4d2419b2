//! The command line: parse arguments, call the library, map the result to an
//! exit code (0 done, 1 a problem in the handbook, 2 wrong usage).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use bekwaam::config::Config;
use bekwaam::diagnostics::{Counts, Diagnostic, Diagnostics, Severity};
use bekwaam::output::{self, Unfit, WriteError};
use bekwaam::{BuildOptions, init};

/// Bekwaam: a competency handbook from Markdown to a static website.
#[derive(Parser, Debug)]
#[command(name = "bekwaam", version, about)]
pub struct Args {
    /// The handbook folder (with config.toml and content/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// How `check` reports.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// `path:line:col: error|warning: message`, one per problem.
    Text,
    /// One JSON document with every finding.
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a small starter handbook into a new folder.
    Init {
        /// The folder to create (must be missing or empty).
        dir: PathBuf,
    },
    /// Build the website (default output: public/ in the handbook folder).
    Build {
        /// Where to write the site.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Replace base_url from config.toml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Write a site that works when opened from a folder (file://):
        /// relative links that name index.html. Also: portable = true in config.toml.
        #[arg(long)]
        portable: bool,
    },
    /// Check the handbook as a build does, with warnings, without writing anything.
    Check {
        /// `text` (compiler style) or `json` (for a pipeline).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Geef ook schrijfhulp voor B1: lange zinnen, lange woorden, een cijfer per pagina.
        #[arg(long)]
        leesbaarheid: bool,
    },
    /// Preview the handbook: build it in memory, serve it, rebuild on every save.
    #[cfg(feature = "serve")]
    Serve {
        /// The port (0: any free port, printed at the start).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (0.0.0.0: every network).
        #[arg(short, long, default_value = "127.0.0.1", value_name = "ADDR")]
        interface: std::net::IpAddr,
        /// Open the handbook in the web browser.
        #[arg(long)]
        open: bool,
        /// Also answer requests that use this host name (repeatable); this
        /// machine's own names and addresses are always answered.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
}

impl Args {
    /// Runs the command and returns the exit code.
    pub fn run(self) -> ExitCode {
        let result = match self.command {
            Command::Init { dir } => run_init(&dir),
            Command::Build {
                output,
                base_url,
                portable,
            } => run_build(&self.root, output, base_url, portable),
            Command::Check {
                format,
                deny_warnings,
                leesbaarheid,
            } => return run_check(&self.root, format, deny_warnings, leesbaarheid),
            #[cfg(feature = "serve")]
            Command::Serve {
                port,
                interface,
                open,
                allow_host,
            } => {
                let options = bekwaam::serve::ServeOptions {
                    interface,
                    port,
                    open,
                    allow_hosts: allow_host,
                };
                return preview::run(&self.root, &options);
            }
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(problems) => {
                report(problems);
                ExitCode::from(1)
            }
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
    println!("Bouw het met: bekwaam --root {} build", dir.display());
    Ok(())
}

/// `bekwaam check`: every error and warning, sorted, with a summary; exit 1
/// on errors (and on warnings with `--deny-warnings`).
fn run_check(root: &Path, format: Format, deny_warnings: bool, readability: bool) -> ExitCode {
    let started = Instant::now();
    let options = BuildOptions {
        check: true,
        ..BuildOptions::default()
    };
    let mut figures = None;
    let (findings, stats) = match bekwaam::build(root, &options) {
        Ok(built) => {
            let mut findings = built.site.warnings();
            findings.extend(built.link_problems);
            if readability || built.site.config.check.readability {
                let mut report = bekwaam::readability::check(&built.site);
                findings.extend(std::mem::take(&mut report.warnings));
                figures = Some(report);
            }
            (findings, Some(built.stats))
        }
        Err(problems) => (problems, None),
    };
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
            if let Some(figures) = &figures {
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
                Some(s) if errors == 0 => println!(
                    "Gecontroleerd: {} pagina's, {} competenties; {}, {} in {:.2} s.",
                    s.pages,
                    s.competencies,
                    counts.errors_text(),
                    counts.warnings_text(),
                    started.elapsed().as_secs_f64()
                ),
                _ => eprintln!("{}", counts.stopped_with_warnings()),
            }
            if let Some(figures) = &figures {
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

/// The folders of a handbook that a build reads: an output folder may not
/// be one of them or lie inside one (with the chosen theme's folder).
const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// Refuses an output folder whose replacement would destroy the handbook or
/// anything else a build did not make: the handbook folder, a folder that
/// holds it, a folder in its sources, a file, or a folder that is not empty
/// and has no marker of an earlier build. Paths are compared fully resolved
/// (symbolic links and `..`), whether or not the output exists yet.
fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let real_root = resolve(root);
    let real_out = resolve(out);
    let shown = || {
        if real_out == out {
            out.display().to_string()
        } else {
            format!("{} (dat is {})", out.display(), real_out.display())
        }
    };
    if real_root.starts_with(&real_out) || real_out.file_name().is_none() {
        return Err(Diagnostic::general(format!(
            "de uitvoermap {} is het handboek zelf of een map waar het handboek in staat: de website zou het handboek vervangen",
            shown()
        ))
        .with_help("kies een eigen map voor de website, zoals public/ in het handboek (dat is de standaard)"));
    }
    let theme = Config::load(root).ok().and_then(|config| config.theme);
    let mut sources: Vec<PathBuf> = SOURCE_DIRS.iter().map(|name| root.join(name)).collect();
    if let Some(theme) = theme {
        sources.push(root.join("themes").join(theme));
    }
    for source in sources {
        // A source folder that leads outside the handbook is an error of
        // the build itself, which reads nothing there.
        let real_source = resolve(&source);
        if real_source.starts_with(&real_root) && real_out.starts_with(&real_source) {
            let name = source.strip_prefix(root).unwrap_or(&source);
            return Err(Diagnostic::general(format!(
                "de uitvoermap {} ligt in {}/ van het handboek: de website zou de bestanden van het handboek vervangen",
                shown(),
                name.display()
            ))
            .with_help("kies een map buiten content/, static/, templates/ en themes/, zoals public/ in het handboek (dat is de standaard)"));
        }
    }
    output::check_target(out).map_err(|unfit| unfit_output(out, &unfit))
}

/// The message for an output folder that a build may not replace.
fn unfit_output(out: &Path, unfit: &Unfit) -> Diagnostic {
    let out = out.display();
    match unfit {
        Unfit::File => Diagnostic::general(format!("de uitvoermap {out} is een bestand, geen map"))
            .with_help("kies een map voor de website, zoals public/"),
        Unfit::Foreign => Diagnostic::general(format!(
            "de map {out} bestaat al en is niet door Bekwaam gemaakt: een build zou alles wat erin staat vervangen"
        ))
        .with_help(format!(
            "kies een andere map, of maak {out} zelf leeg of verwijder hem; Bekwaam verwijdert geen bestanden die het niet zelf heeft gemaakt"
        )),
        Unfit::Unreadable(error) => {
            Diagnostic::general(format!("kan de uitvoermap {out} niet bekijken: {error}"))
                .with_help("controleer of de map bestaat en leesbaar is, of kies een andere map")
        }
    }
}

/// `path` made absolute with every symbolic link and `..` resolved, also
/// when its end does not exist yet: the deepest part that exists is
/// resolved by the system, the rest (which can hold no link) by its names.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => {
                resolved.push(other);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

fn run_build(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    portable: bool,
) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let out = output.unwrap_or_else(|| root.join("public"));
    check_output_dir(root, &out)?;
    let options = BuildOptions {
        base_url,
        portable,
        check: false,
    };
    let built = bekwaam::build(root, &options)?;
    print_problems(&built.site.warnings().into_sorted());
    let old = built
        .output
        .write_atomically(&out)
        .map_err(|error| match error {
            WriteError::Unfit(unfit) => unfit_output(&out, &unfit),
            WriteError::Io(error) => Diagnostic::general(format!(
                "kan de website niet schrijven naar {}: {error}",
                out.display()
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

    use bekwaam::serve::Scope;
    use bekwaam::serve::{Error, Event, Outcome, ServeOptions};

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
            Event::Built { stats, took } => println!(
                "Gebouwd: {} pagina's, {} competenties in {} ms.",
                stats.pages,
                stats.competencies,
                took.as_millis()
            ),
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
            } => print_rebuilt(&files, took.as_secs_f64() * 1000.0, &outcome),
        }
    }

    /// One line per rebuild: what changed, what it did, how long it took.
    fn print_rebuilt(files: &[String], ms: f64, outcome: &Outcome<'_>) {
        println!("{}", rebuilt_line(files, ms, outcome));
        if let Outcome::Failed { problems } = outcome {
            print_failed(problems);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn resolving_follows_links_and_dots_also_past_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(real.join("h/content")).unwrap();
        std::os::unix::fs::symlink(real.join("h"), real.join("hl")).unwrap();
        assert_eq!(
            resolve(&real.join("h/content/../content")),
            real.join("h/content")
        );
        assert_eq!(resolve(&real.join("hl")), real.join("h"));
        assert_eq!(
            resolve(&real.join("hl/nieuw/../content")),
            real.join("h/content")
        );
        assert_eq!(
            resolve(&real.join("hl/nieuw/diep")),
            real.join("h/nieuw/diep")
        );
        assert_eq!(resolve(&real.join("h/content/../../h")), real.join("h"));
    }
}
