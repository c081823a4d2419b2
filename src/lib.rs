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

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod frontmatter;
pub mod init;
pub mod layout;
pub mod links;
pub mod live;
pub mod markdown;
pub mod output;
pub mod portable;
pub mod render;
pub mod schema;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod texts;
pub mod theme;

pub use build::{BuildOptions, Built, Stats, build};
