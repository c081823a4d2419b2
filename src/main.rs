//! The `bekwaam` command. All work is in the library; see `cli.rs`.

mod cli;

fn main() -> std::process::ExitCode {
    // Rayon's workers render the pages: with the stack a page is rendered
    // on, no page needs a fresh one. Should the pool exist already, pages
    // still get their stack, one at a time.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(bekwaam::RENDER_STACK_BYTES)
        .build_global();
    match cli::parse() {
        Ok(args) => args.run(),
        Err(code) => code,
    }
}
