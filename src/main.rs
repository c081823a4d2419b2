//! The `bekwaam` command. All work is in the library; see `cli.rs`.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::Args::parse().run()
}
