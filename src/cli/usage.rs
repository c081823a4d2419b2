//! Wrong usage in Dutch. clap has no translations: its help headings are
//! set by the template in `cli.rs`, and its errors are rendered here from
//! their kind and context into one Dutch message, a `help:` line where there
//! is something to suggest, the usage of the command and where to read more;
//! exit status 2. Help and version exit with 0.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{CommandFactory, Parser};

use super::Args;

/// Dutch words an editor may type for a command, with the command meant.
const DUTCH_NAMES: &[(&str, &str)] = &[
    ("bouw", "build"),
    ("bouwen", "build"),
    ("maak", "build"),
    ("controleer", "check"),
    ("controleren", "check"),
    ("test", "check"),
    ("toon", "serve"),
    ("tonen", "serve"),
    ("bekijk", "serve"),
    ("bekijken", "serve"),
    ("preview", "serve"),
    ("start", "serve"),
    ("nieuw", "new"),
    ("maak-nieuw", "new"),
    ("begin", "init"),
    ("aanvullen", "completions"),
];

/// The arguments of this run, or the exit code after help, the version or
/// a usage error was printed.
pub fn parse() -> Result<Args, ExitCode> {
    match Args::try_parse() {
        Ok(args) => Ok(args),
        Err(error) => Err(report(&error)),
    }
}

/// Prints what clap stopped at, in Dutch, and returns the exit code.
fn report(error: &clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            // The help is the template's, in Dutch; the version is a number.
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(2)
        }
        _ => {
            eprint!("{}", message(error));
            ExitCode::from(2)
        }
    }
}

/// The whole text for a usage error: `error: …`, perhaps `help: …`, the
/// usage, and where to read more.
pub(super) fn message(error: &clap::Error) -> String {
    let (what, help) = explain(error);
    let mut text = format!("error: {what}\n");
    if let Some(help) = help {
        text.push_str(&format!("  help: {help}\n"));
    }
    let command = subcommand(std::env::args().skip(1));
    let usage = match &command {
        Some(name) => Args::command()
            .find_subcommand_mut(name)
            .map(|sub| sub.render_usage().to_string()),
        None => Some(Args::command().render_usage().to_string()),
    }
    .unwrap_or_default();
    let usage = usage.trim();
    let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
    if !usage.is_empty() {
        text.push_str(&format!("\nGebruik: {usage}\n"));
    }
    match command {
        Some(command) => text.push_str(&format!("Meer uitleg: bekwaam {command} --help\n")),
        None => text.push_str("Meer uitleg: bekwaam --help\n"),
    }
    text
}

/// The command named in `args` (the arguments after the program's name),
/// if the first word that is not an option is one.
fn subcommand(args: impl IntoIterator<Item = String>) -> Option<String> {
    let command = Args::command();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--root" {
            args.next();
        } else if !arg.starts_with('-') {
            return command
                .find_subcommand(&arg)
                .map(|sub| sub.get_name().to_string());
        }
    }
    None
}

/// What went wrong, and what to do, in Dutch.
fn explain(error: &clap::Error) -> (String, Option<String>) {
    let arg = context(error, ContextKind::InvalidArg);
    let value = context(error, ContextKind::InvalidValue);
    match error.kind() {
        ErrorKind::InvalidSubcommand => {
            let name = context(error, ContextKind::InvalidSubcommand);
            (
                format!("`{name}` is geen commando van Bekwaam"),
                Some(suggest_command(&name)),
            )
        }
        ErrorKind::UnknownArgument => {
            let help = match context_list(error, ContextKind::SuggestedArg).first() {
                Some(suggested) => format!("bedoel je `{suggested}`?"),
                None if arg.starts_with('-') => String::from(
                    "deze optie bestaat niet bij dit commando; kijk bij --help welke er zijn",
                ),
                None => String::from(
                    "dit commando heeft hier niets meer nodig; zet een titel of naam met spaties tussen aanhalingstekens",
                ),
            };
            let what = if arg.starts_with('-') {
                "de optie"
            } else {
                "het argument"
            };
            (format!("{what} `{arg}` is hier onbekend"), Some(help))
        }
        ErrorKind::InvalidValue if value.is_empty() => (
            format!(
                "`{}` heeft een waarde nodig, maar er staat niets achter",
                flag(&arg)
            ),
            Some(format!("schrijf de waarde erachter: {arg}")),
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => (
            format!("`{value}` is geen goede waarde voor `{}`", flag(&arg)),
            Some(valid_values(error, &arg)),
        ),
        ErrorKind::MissingRequiredArgument => {
            let missing = context_list(error, ContextKind::InvalidArg).join(", ");
            (
                format!("er ontbreekt iets: {missing}"),
                Some(String::from(
                    "zet het achter het commando; kijk bij --help wat er nodig is",
                )),
            )
        }
        ErrorKind::MissingSubcommand => (
            String::from("zeg wat Bekwaam moet doen: er ontbreekt een commando"),
            Some(String::from(
                "bijvoorbeeld `bekwaam serve` of `bekwaam build`",
            )),
        ),
        ErrorKind::ArgumentConflict => {
            let prior = context_list(error, ContextKind::PriorArg).join(", ");
            if flag(&prior) == flag(&arg) {
                return (
                    format!("`{}` staat er meer dan één keer", flag(&arg)),
                    Some(String::from("één keer is genoeg; haal de andere weg")),
                );
            }
            (
                format!("`{}` gaat niet samen met {prior}", flag(&arg)),
                Some(String::from("kies een van de twee")),
            )
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => (
            format!("`{}` heeft niet het goede aantal waarden", flag(&arg)),
            Some(String::from("kijk bij --help hoeveel waarden erbij horen")),
        ),
        ErrorKind::NoEquals => (
            format!("`{}` moet met een = aan zijn waarde vast", flag(&arg)),
            Some(format!("schrijf {}=WAARDE", flag(&arg))),
        ),
        ErrorKind::InvalidUtf8 => (
            String::from("een argument bevat tekens die geen geldige tekst zijn (geen UTF-8)"),
            Some(String::from("gebruik gewone letters in namen en titels")),
        ),
        _ => (
            String::from("Bekwaam begrijpt dit commando niet"),
            Some(String::from("kijk bij `bekwaam --help` hoe het moet")),
        ),
    }
}

/// What to type instead of the unknown command `name`.
fn suggest_command(name: &str) -> String {
    let lower = name.to_lowercase();
    if matches!(lower.as_str(), "help" | "hulp" | "uitleg") {
        return String::from(
            "de hulp krijg je met `bekwaam --help`, of `bekwaam build --help` bij een commando",
        );
    }
    let commands: Vec<String> = Args::command()
        .get_subcommands()
        .map(|command| command.get_name().to_string())
        .collect();
    let meant = DUTCH_NAMES
        .iter()
        .find(|(dutch, _)| *dutch == lower)
        .map(|(_, command)| (*command).to_string())
        .filter(|command| commands.contains(command))
        .or_else(|| {
            bekwaam::diagnostics::closest(&lower, commands.iter().map(String::as_str))
                .map(str::to_string)
        });
    let list = commands
        .iter()
        .map(|command| format!("`{command}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match meant {
        Some(command) => {
            format!("bedoel je `{command}`? De commando's hebben Engelse namen: {list}")
        }
        None => format!("de commando's zijn: {list}"),
    }
}

/// Which values `arg` takes, for a value it refused.
fn valid_values(error: &clap::Error, arg: &str) -> String {
    let valid = context_list(error, ContextKind::ValidValue);
    if !valid.is_empty() {
        let suggested = context_list(error, ContextKind::SuggestedValue);
        let list = valid
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return match suggested.first() {
            Some(meant) => format!("bedoel je `{meant}`? Kies uit {list}"),
            None => format!("kies uit {list}"),
        };
    }
    match flag(arg) {
        "--port" | "-p" => {
            String::from("geef een getal van 0 tot en met 65535, zoals 1111 (0: een vrije poort)")
        }
        "--interface" | "-i" => String::from(
            "geef een IP-adres, zoals 127.0.0.1 (alleen deze computer) of 0.0.0.0 (elk netwerk)",
        ),
        _ => String::from("kijk bij --help wat hier kan"),
    }
}

/// `--port` of `--port <POORT>` (`-p, --port` stays as it is).
fn flag(arg: &str) -> &str {
    arg.split_whitespace().next().unwrap_or(arg)
}

/// One piece of the error's context as text (empty when it has none).
fn context(error: &clap::Error, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(list)) => list.join(", "),
        Some(ContextValue::StyledStr(text)) => text.to_string(),
        Some(ContextValue::StyledStrs(list)) => list
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A piece of context that may be a list, as a list.
fn context_list(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(text)) => vec![text.clone()],
        Some(ContextValue::Strings(list)) => list.clone(),
        Some(ContextValue::StyledStr(text)) => vec![text.to_string()],
        Some(ContextValue::StyledStrs(list)) => list.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// `bekwaam completions SHELL`: the completion script, on stdout.
pub(super) fn completions(shell: clap_complete::Shell) {
    let mut command = Args::command();
    clap_complete::generate(shell, &mut command, "bekwaam", &mut std::io::stdout());
}
