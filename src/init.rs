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
        let text = if *path == "config.toml" {
            with_namespace(text, uuid::Uuid::new_v4())
        } else {
            text.to_string()
        };
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostic::error(
                    parent.display().to_string(),
                    format!("kan de map niet maken: {}", io_reason(&e)),
                )
            })?;
        }
        std::fs::write(&target, &text).map_err(|e| {
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

/// The starter's `config.toml` with a new namespace for the identifiers of
/// the exports (see `case.json` in the README): at the end of its
/// `[handbook]` table (before the first empty line or table after it), or
/// in a new table at the end of the file.
fn with_namespace(config: &str, namespace: uuid::Uuid) -> String {
    let line = format!(
        "# Het vaste nummer van dit handboek, voor de nummers in case.json. Verander het niet.\n\
         namespace = \"{namespace}\"\n"
    );
    let mut out = String::with_capacity(config.len() + line.len() + 12);
    let (mut in_table, mut placed) = (false, false);
    for row in config.split_inclusive('\n') {
        let trimmed = row.trim();
        if in_table && !placed && (trimmed.is_empty() || trimmed.starts_with('[')) {
            out.push_str(&line);
            placed = true;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(row);
        in_table |= trimmed == "[handbook]";
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !in_table {
        out.push_str("\n[handbook]\n");
    }
    if !placed {
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    fn namespace_of(text: &str) -> Option<uuid::Uuid> {
        crate::config::Config::parse(text)
            .unwrap()
            .handbook
            .namespace
    }

    #[test]
    fn the_namespace_goes_into_the_handbook_table() {
        let id = uuid::Uuid::parse_str(ID).unwrap();
        let without = "title = \"H\"\n";
        let written = with_namespace(without, id);
        assert_eq!(namespace_of(&written), Some(id));
        let with = "title = \"H\"\n[handbook]\nlevels = [\"A\"]\n[branding]\n";
        let written = with_namespace(with, id);
        assert!(
            written.contains("levels = [\"A\"]\n# Het vaste nummer"),
            "{written}"
        );
        let at_end = "title = \"H\"\n[handbook]\nlevels = [\"A\"]";
        assert_eq!(namespace_of(&with_namespace(at_end, id)), Some(id));
        let written = with_namespace(with, id);
        assert_eq!(written.matches("[handbook]").count(), 1);
        assert_eq!(namespace_of(&written), Some(id));
        let config = crate::config::Config::parse(&written).unwrap();
        assert_eq!(config.handbook.levels, ["A"]);
    }

    #[test]
    fn the_starter_gets_a_namespace() {
        let (_, starter) = STARTER[0];
        let id = uuid::Uuid::new_v4();
        let config = crate::config::Config::parse(&with_namespace(starter, id)).unwrap();
        assert_eq!(config.handbook.namespace, Some(id));
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);
    }
}
