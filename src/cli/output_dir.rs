//! The output folder of `build`: refused when replacing it would destroy
//! the handbook or anything else a build did not make.

use std::path::{Component, Path, PathBuf};

use bekwaam::config::Config;
use bekwaam::diagnostics::Diagnostic;
use bekwaam::output::{self, Unfit};

/// The folders of a handbook that a build reads: an output folder may not
/// be one of them or lie inside one (with the chosen theme's folder).
const SOURCE_DIRS: [&str; 4] = ["content", "static", "templates", "themes"];

/// Refuses an output folder whose replacement would destroy the handbook or
/// anything else a build did not make: the handbook folder, a folder that
/// holds it, a folder in its sources, a file, or a folder that is not empty
/// and has no marker of an earlier build. Paths are compared fully resolved
/// (symbolic links and `..`), whether or not the output exists yet.
pub(super) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let real_root = resolve(root);
    let real_out = resolve(out);
    let shown = || {
        if real_out == out {
            out.display().to_string()
        } else {
            format!("{} (dat is {})", out.display(), real_out.display())
        }
    };
    if real_root.starts_with(&real_out) || real_out.file_name().is_none() {
        return Err(Diagnostic::general(format!(
            "de uitvoermap {} is het handboek zelf of een map waar het handboek in staat: de website zou het handboek vervangen",
            shown()
        ))
        .with_help("kies een eigen map voor de website, zoals public/ in het handboek (dat is de standaard)"));
    }
    let theme = Config::load(root).ok().and_then(|config| config.theme);
    let mut sources: Vec<PathBuf> = SOURCE_DIRS.iter().map(|name| root.join(name)).collect();
    if let Some(theme) = theme {
        sources.push(root.join("themes").join(theme));
    }
    for source in sources {
        // A source folder that leads outside the handbook is an error of
        // the build itself, which reads nothing there.
        let real_source = resolve(&source);
        if real_source.starts_with(&real_root) && real_out.starts_with(&real_source) {
            let name = source.strip_prefix(root).unwrap_or(&source);
            return Err(Diagnostic::general(format!(
                "de uitvoermap {} ligt in {}/ van het handboek: de website zou de bestanden van het handboek vervangen",
                shown(),
                name.display()
            ))
            .with_help("kies een map buiten content/, static/, templates/ en themes/, zoals public/ in het handboek (dat is de standaard)"));
        }
    }
    output::check_target(out).map_err(|unfit| unfit_output(out, &unfit))
}

/// The message for an output folder that a build may not replace.
pub(super) fn unfit_output(out: &Path, unfit: &Unfit) -> Diagnostic {
    let out = out.display();
    match unfit {
        Unfit::File => Diagnostic::general(format!("de uitvoermap {out} is een bestand, geen map"))
            .with_help("kies een map voor de website, zoals public/"),
        Unfit::Foreign => Diagnostic::general(format!(
            "de map {out} bestaat al en is niet door Bekwaam gemaakt: een build zou alles wat erin staat vervangen"
        ))
        .with_help(format!(
            "kies een andere map, of maak {out} zelf leeg of verwijder hem; Bekwaam verwijdert geen bestanden die het niet zelf heeft gemaakt"
        )),
        Unfit::Unreadable(error) => {
            Diagnostic::general(format!("kan de uitvoermap {out} niet bekijken: {}", bekwaam::diagnostics::io_reason(error)))
                .with_help("controleer of de map bestaat en leesbaar is, of kies een andere map")
        }
    }
}

/// `path` made absolute with every symbolic link and `..` resolved, also
/// when its end does not exist yet: the deepest part that exists is
/// resolved by the system, the rest (which can hold no link) by its names.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => {
                resolved.push(other);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn resolving_follows_links_and_dots_also_past_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(real.join("h/content")).unwrap();
        std::os::unix::fs::symlink(real.join("h"), real.join("hl")).unwrap();
        assert_eq!(
            resolve(&real.join("h/content/../content")),
            real.join("h/content")
        );
        assert_eq!(resolve(&real.join("hl")), real.join("h"));
        assert_eq!(
            resolve(&real.join("hl/nieuw/../content")),
            real.join("h/content")
        );
        assert_eq!(
            resolve(&real.join("hl/nieuw/diep")),
            real.join("h/nieuw/diep")
        );
        assert_eq!(resolve(&real.join("h/content/../../h")), real.join("h"));
    }
}
