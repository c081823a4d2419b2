//! Bekwaam's integration tests: one binary, a module per area.
//!
//! Tests run the real `bekwaam` binary on real handbook folders (the sample
//! handbook of this repository, the starter from `bekwaam init`, and small
//! broken handbooks made in a temporary folder) and check the files it writes
//! with an HTML parser.

mod bad_input;
mod helpers;
mod init;
mod preview;
mod sample;
mod serve;
mod themes;
