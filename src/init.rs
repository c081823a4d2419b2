//! `bekwaam init`: a small starter handbook that builds at once.
//!
//! The starter's files live in `src/starter/` and are built into the binary.

use std::path::Path;

use crate::diagnostics::{Diagnostic, io_reason};

/// The starter handbook: (path below the new folder, text).
pub const STARTER: &[(&str, &str)] = &[
    ("config.toml", include_str!("starter/config.toml")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    (
        "content/competenties/_index.md",
        include_str!("starter/content/competenties/_index.md"),
    ),
    (
        "content/competenties/luistert-en-vraagt-door.md",
        include_str!("starter/content/competenties/luistert-en-vraagt-door.md"),
    ),
    (
        "content/competenties/werkt-samen-met-anderen.md",
        include_str!("starter/content/competenties/werkt-samen-met-anderen.md"),
    ),
];

/// Writes the starter handbook into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    let shown = dir.display().to_string();
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| {
                Diagnostic::error(
                    &shown,
                    format!("kan deze map niet lezen: {}", io_reason(&e)),
                )
            })?
            .next()
            .is_none();
        if !empty {
            return Err(Diagnostic::error(
                &shown,
                "deze map is niet leeg; bekwaam init schrijft niets over bestaande bestanden",
            )
            .with_help("kies een nieuwe of lege map"));
        }
    }
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(
                    parent.display().to_string(),
                    format!("kan de map niet maken: {}", io_reason(&e)),
                )
            })?;
        }
        std::fs::write(&target, text).map_err(|e| {
            Diagnostic::error(
                target.display().to_string(),
                format!("kan het bestand niet schrijven: {}", io_reason(&e)),
            )
        })?;
    }
    std::fs::create_dir_all(dir.join("static")).map_err(|e| {
        Diagnostic::error(
            &shown,
            format!("kan de map static/ niet maken: {}", io_reason(&e)),
        )
    })?;
    Ok(())
}
