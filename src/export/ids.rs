//! Identifiers that stay the same from build to build and from machine to
//! machine: UUIDv5 (SHA-1, RFC 9562) of a name in the handbook's namespace.
//!
//! The namespace is `[handbook] namespace` in `config.toml` (`bekwaam
//! init` writes a new random one). A handbook without one gets a warning,
//! and a namespace derived from `base_url` (UUIDv5 of it in the URL
//! namespace): stable, but the same for every handbook with the same
//! `base_url`, so two handbooks published at `/` would share identifiers.
//!
//! The names are site paths with anchors (`competenties/slug/` for a
//! competency, `competenties/slug/#gedrag-…` for a part, the empty path for
//! the handbook), and for what is no place on the site a word before them
//! (`rubric:`, `criterion:competenties/slug/`, `level:…`, `type:gedrag`,
//! `association:<type> <origin> <destination>`). Renaming a competency's
//! file or rewording the start of an indicator changes its anchor, and so
//! its identifier.

use uuid::Uuid;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::Diagnostic;

/// The identifiers and URIs of one handbook's export.
pub(super) struct Ids<'a> {
    namespace: Uuid,
    config: &'a Config,
}

impl<'a> Ids<'a> {
    pub(super) fn of(config: &'a Config) -> Ids<'a> {
        Ids {
            namespace: namespace(config),
            config,
        }
    }

    /// The lowercase identifier of `name`.
    pub(super) fn id(&self, name: &str) -> String {
        Uuid::new_v5(&self.namespace, name.as_bytes())
            .hyphenated()
            .to_string()
    }

    /// The URI of a place on the site (`competenties/x/#anchor`) whose
    /// identifier is `id`: its full address when `base_url` is one, else
    /// `urn:uuid:<id>` (a path alone is no URI).
    pub(super) fn page_uri(&self, site_path: &str, id: &str) -> String {
        if self.config.has_origin() {
            self.config.permalink(site_path)
        } else {
            urn(id)
        }
    }
}

/// The URI of something that is no place on the site.
pub(super) fn urn(id: &str) -> String {
    format!("urn:uuid:{id}")
}

/// The handbook's namespace, or one derived from `base_url`.
fn namespace(config: &Config) -> Uuid {
    config
        .handbook
        .namespace
        .unwrap_or_else(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, config.base_url.as_bytes()))
}

/// The warning for a `config.toml` without `[handbook] namespace`, at the
/// `[handbook]` table if there is one (`handbook_at`: its byte offset in
/// `text`). The help offers a new random namespace to copy.
pub(crate) fn missing_namespace(text: &str, handbook_at: Option<usize>) -> Diagnostic {
    let warning = Diagnostic::warning(
        CONFIG_FILE,
        "`[handbook]` heeft geen `namespace`: de nummers (UUID's) in case.json hangen nu af van `base_url`",
    )
    .with_help(format!(
        "zet `namespace = \"{}\"` in [handbook]; dat nummer is alleen voor dit handboek en verandert daarna niet meer (`bekwaam init` doet dat voor je)",
        Uuid::new_v4()
    ));
    match handbook_at {
        Some(offset) => warning.at_offset(text, offset),
        None => warning,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text).unwrap()
    }

    #[test]
    fn identifiers_are_lowercase_uuidv5_of_the_namespace() {
        let first = config(
            "title = \"H\"\n[handbook]\nnamespace = \"6F1C2A9E-3B4D-4E5F-8A7B-9C0D1E2F3A4B\"\n",
        );
        let ids = Ids::of(&first);
        let id = ids.id("competenties/a/");
        assert_eq!(id, id.to_lowercase());
        let parsed = Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(id, ids.id("competenties/a/"));
        assert_ne!(id, ids.id("competenties/b/"));
        // Another namespace, other identifiers.
        let second = config(
            "title = \"H\"\n[handbook]\nnamespace = \"00000000-0000-4000-8000-000000000000\"\n",
        );
        let other = Ids::of(&second);
        assert_ne!(id, other.id("competenties/a/"));
    }

    #[test]
    fn without_a_namespace_the_base_url_gives_one() {
        let (first, second) = (
            config("title = \"H\"\nbase_url = \"https://a.example/\"\n"),
            config("title = \"H\"\nbase_url = \"https://b.example/\"\n"),
        );
        let (a, b) = (Ids::of(&first), Ids::of(&second));
        assert_ne!(a.id("x"), b.id("x"));
        let expected = Uuid::new_v5(
            &Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://a.example/"),
            b"x",
        );
        assert_eq!(a.id("x"), expected.to_string());
    }

    #[test]
    fn uris_are_addresses_when_base_url_is_one() {
        let full = config("title = \"H\"\nbase_url = \"https://a.example/boek/\"\n");
        let full = Ids::of(&full);
        assert_eq!(
            full.page_uri("competenties/x/#y", "id"),
            "https://a.example/boek/competenties/x/#y"
        );
        let path = config("title = \"H\"\nbase_url = \"/boek/\"\n");
        let path = Ids::of(&path);
        assert_eq!(path.page_uri("competenties/x/", "1-2"), "urn:uuid:1-2");
    }
}
