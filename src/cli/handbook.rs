//! Finding the handbook a command works on: the folder given with `--root`,
//! or else the nearest folder, from the current one up, that holds a
//! `config.toml` (as git finds `.git` and cargo `Cargo.toml`), so a command
//! typed in `content/competenties/` works on its handbook.

use std::path::{Path, PathBuf};

use bekwaam::diagnostics::Diagnostic;

/// The file that makes a folder a handbook.
const CONFIG_FILE: &str = "config.toml";

/// The handbook folder: `root` when given; else `.` when the current folder
/// holds a `config.toml`, or the nearest folder above it that does, which is
/// then named on stderr (the one place this module prints).
pub(super) fn find(root: Option<PathBuf>) -> Result<PathBuf, Diagnostic> {
    if let Some(root) = root {
        return Ok(root);
    }
    let here = std::env::current_dir().map_err(|error| {
        Diagnostic::general(format!(
            "Bekwaam kan de map waarin je werkt niet vinden ({error})"
        ))
        .with_help("ga naar de map van het handboek, of geef die map met `--root MAP`")
    })?;
    match nearest(&here) {
        Some(found) if found == here => Ok(PathBuf::from(".")),
        Some(found) => {
            eprintln!("Handboek gevonden in {}", found.display());
            Ok(found)
        }
        None => Err(not_found(&here)),
    }
}

/// The nearest folder, from `start` up, that holds a `config.toml` file.
fn nearest(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|folder| folder.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// The message when no folder from `here` up is a handbook.
fn not_found(here: &Path) -> Diagnostic {
    Diagnostic::general(format!(
        "geen handboek gevonden: er staat geen config.toml in {} of in een map daarboven",
        here.display()
    ))
    .with_help(
        "ga eerst naar de map van het handboek (met `cd`), of geef die map met `--root MAP`; \
         een nieuw handboek maak je met `bekwaam init MAP`",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_folder_with_a_config_wins() {
        let dir = tempfile::tempdir().unwrap();
        let outer = dir.path().join("a");
        let inner = outer.join("b/c");
        std::fs::create_dir_all(inner.join("d")).unwrap();
        std::fs::write(outer.join(CONFIG_FILE), "").unwrap();
        assert_eq!(nearest(&inner.join("d")), Some(outer.clone()));
        std::fs::write(inner.join(CONFIG_FILE), "").unwrap();
        assert_eq!(nearest(&inner.join("d")), Some(inner.clone()));
        assert_eq!(nearest(&inner), Some(inner));
    }

    #[test]
    fn a_folder_named_config_toml_is_no_handbook() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("h");
        std::fs::create_dir_all(root.join(CONFIG_FILE)).unwrap();
        assert_ne!(nearest(&root), Some(root));
    }
}
