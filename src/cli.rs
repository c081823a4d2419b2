//! The command line: parse arguments, call the library, map the result to an
//! exit code (0 done, 1 a problem in the handbook, 2 wrong usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use bekwaam::diagnostics::{Diagnostic, Diagnostics};
use bekwaam::{BuildOptions, init, output};

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
    /// Check the handbook as a build does, without writing anything.
    Check,
    /// Preview the handbook: build it in memory, serve it, rebuild on every save.
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
            Command::Check => run_check(&self.root),
            Command::Serve {
                port,
                interface,
                open,
            } => bekwaam::serve::serve(
                &self.root,
                &bekwaam::serve::ServeOptions {
                    interface,
                    port,
                    open,
                },
            ),
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

fn report(problems: Diagnostics) {
    let sorted = problems.into_sorted();
    let errors = sorted
        .iter()
        .filter(|d| d.severity == bekwaam::diagnostics::Severity::Error)
        .count();
    for problem in &sorted {
        eprintln!("{problem}");
    }
    let noun = if errors == 1 { "fout" } else { "fouten" };
    eprintln!("Gestopt: {errors} {noun} gevonden.");
}

fn run_init(dir: &Path) -> Result<(), Diagnostics> {
    init::init(dir)?;
    println!("Nieuw handboek gemaakt in {}.", dir.display());
    println!("Bouw het met: bekwaam --root {} build", dir.display());
    Ok(())
}

fn run_check(root: &Path) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let built = bekwaam::build(root, &BuildOptions::default())?;
    println!(
        "Geen fouten: {} pagina's, {} competenties gecontroleerd in {:.2} s.",
        built.stats.pages,
        built.stats.competencies,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Refuses output folders whose replacement would destroy the handbook.
fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out_abs) = (absolute(root), absolute(out));
    let mut protected = vec![root.clone()];
    for name in ["content", "static", "templates", "themes"] {
        protected.push(root.join(name));
    }
    if protected.iter().any(|p| p.starts_with(&out_abs)) || out_abs.file_name().is_none() {
        return Err(Diagnostic::general(format!(
            "de uitvoermap {} zou het handboek zelf vervangen",
            out.display()
        ))
        .with_help("kies een eigen map voor de website, zoals public/"));
    }
    Ok(())
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
    let built = bekwaam::build(root, &BuildOptions { base_url, portable })?;
    let old = built.output.write_atomically(&out).map_err(|error| {
        Diagnostic::general(format!(
            "kan de website niet schrijven naar {}: {error}",
            out.display()
        ))
        .with_help("controleer of de map beschrijfbaar is; de vorige versie is niet veranderd")
    })?;
    if let Some(old) = old {
        output::remove_in_background(&old);
    }
    let s = built.stats;
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
