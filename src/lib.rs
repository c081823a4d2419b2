//! Bekwaam turns a folder of Markdown into a competency handbook website.
//!
//! The pipeline runs one way, and only its two ends touch the file system
//! ([`build`] has the stages):
//!
//! ```text
//! config.toml ─► Config ─┐
//! content/**  ─► pages (front matter + Markdown) ─► Site (checked, links too)
//!                                                     │
//!   theme (templates, texts) ─► render ─► Output (path → bytes, in memory)
//!                      search index (made beside the pages) ─┘
//!                                                     │
//!                                        build: write atomically
//! ```
//!
//! [`build()`] is the one entry point for a whole build: it returns the
//! finished site in memory, or every problem it found. Writing it is
//! [`output::Output::write_atomically`]. The preview ([`live`], and the
//! `serve` feature's server) runs the same stages again after each save.

#![warn(missing_docs)]
// `pub` means "part of the library's interface": anything the binary, the
// tests or a library user cannot reach is `pub(crate)` or private.
#![warn(unreachable_pub)]

mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
mod export;
pub mod frontmatter;
pub mod init;
mod layout;
mod links;
#[cfg(feature = "serve")]
mod live;
pub mod markdown;
pub mod new;
pub mod output;
mod portable;
pub mod readability;
mod render;
mod schema;
#[doc(hidden)]
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
mod source;
mod texts;
mod theme;

pub use build::{BuildOptions, Built, Stats, build};

/// The stack a page is rendered on (templates may recurse deeply). A program
/// that sets up rayon's global pool should give its workers this much, as
/// the `bekwaam` binary does: then no page needs a fresh stack of its own.
pub const RENDER_STACK_BYTES: usize = render::STACK_BYTES;
