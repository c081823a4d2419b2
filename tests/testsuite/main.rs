//! Bekwaam's integration tests: one binary, a module per area.
//!
//! Tests run the real `bekwaam` binary on real handbook folders (the sample
//! handbook of this repository, the starter from `bekwaam init`, and small
//! broken handbooks made in a temporary folder) and check the files it writes
//! with an HTML parser. Where Debian's `chromium` is installed, `browser`
//! also opens the pages in a real headless browser.

mod atomic;
mod bad_input;
mod browser;
mod bundles;
mod check;
mod cli;
mod dutch;
mod editor;
mod export;
mod framework;
mod framework_browser;
mod hard;
mod helpers;
#[cfg(feature = "serve")]
mod hostile_clients;
mod hostile_handbooks;
mod hostile_paths;
mod hostile_templates;
mod init;
mod messages;
mod no_script;
mod portable;
#[cfg(feature = "serve")]
mod preview;
mod readability;
mod sample;
mod search;
mod search_forms;
mod search_kinds;
#[cfg(feature = "serve")]
mod serve;
mod texts;
mod theme;
mod theme_behaviour;
mod theme_browser;
mod theme_wcag;
mod themes;
