//! What open tabs are told: the payloads of the `problems` and `reload`
//! events, as JSON for `live.js`.
//!
//! The overlay shows a failed build's problems over the last site that
//! worked; its texts are here, and `live.js` puts them in the page as text,
//! never as markup. A reload names the pages and style sheets that changed,
//! so a tab reloads only when what it shows changed.

use serde::Serialize;

use crate::diagnostics::Diagnostics;

/// Changed pages listed by name in a reload event; more means "all".
const MAX_LISTED_PAGES: usize = 500;

/// The problems as the overlay shows them.
#[derive(Serialize)]
struct Report {
    title: &'static str,
    intro: &'static str,
    close: &'static str,
    problems: Vec<ReportItem>,
}

#[derive(Serialize)]
struct ReportItem {
    place: Option<String>,
    message: String,
    help: Option<String>,
}

/// The `problems` event of a failed build: every problem, sorted, with its
/// place.
pub(super) fn report_json(problems: &Diagnostics) -> String {
    let problems = problems
        .clone()
        .into_sorted()
        .into_iter()
        .map(|d| ReportItem {
            place: d.location.as_ref().map(|l| match l.position {
                Some((line, col)) => format!("{}:{line}:{col}", l.path.display()),
                None => l.path.display().to_string(),
            }),
            message: d.message,
            help: d.help,
        })
        .collect();
    let report = Report {
        title: "Het handboek kan niet gebouwd worden",
        intro: "Je ziet de laatste versie die wel werkte. Verbeter het bestand en sla het op; deze pagina laadt dan vanzelf opnieuw.",
        close: "Verbergen",
        problems,
    };
    serde_json::to_string(&report).unwrap_or_else(|_| "{}".into())
}

/// The reload event: which pages, style sheets and other files changed.
#[derive(Serialize)]
struct Change {
    generation: u64,
    /// Changed pages as URL paths; `None` when there are too many to list.
    pages: Option<Vec<String>>,
    styles: Vec<String>,
    /// Other files (images, scripts) changed: every tab reloads.
    assets: bool,
    /// The handbook builds again after a failed build.
    fixed: bool,
}

/// The `reload` event of a rebuild: the pages and style sheets that changed,
/// whether other files did (images, scripts), and whether it fixed a broken
/// site. The search index (below `search_dir`) changes with every edit; open
/// tabs load it fresh when they search, so it asks for no reload.
pub(super) fn change_json(
    generation: u64,
    changed: &[String],
    search_dir: &str,
    fixed: bool,
) -> String {
    let mut pages = Vec::new();
    let mut styles = Vec::new();
    let mut assets = false;
    for path in changed.iter().filter(|p| !p.starts_with(search_dir)) {
        if path.ends_with(".html") {
            pages.push(format!("/{path}"));
        } else if path.ends_with(".css") {
            styles.push(format!("/{path}"));
        } else if !matches!(path.rsplit('.').next(), Some("xml" | "json" | "txt")) {
            assets = true;
        }
    }
    let change = Change {
        generation,
        pages: (pages.len() <= MAX_LISTED_PAGES).then_some(pages),
        styles,
        assets,
        fixed,
    };
    serde_json::to_string(&change).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn reload_events_name_pages_and_styles() {
        let json = change_json(
            3,
            &[
                "a/index.html".into(),
                "x.css".into(),
                "sitemap.xml".into(),
                "zoek/index.js".into(),
            ],
            "zoek/",
            false,
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["pages"][0], "/a/index.html");
        assert_eq!(value["styles"][0], "/x.css");
        assert_eq!(value["assets"], false);
        let json = change_json(4, &["img/a.png".into()], "zoek/", true);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["assets"], true);
        assert_eq!(value["fixed"], true);
    }

    #[test]
    fn overlay_payload_keeps_markup_as_text() {
        let problems: Diagnostics = Diagnostic::error(
            "content/<img src=x onerror=alert(1)>.md",
            "onbekende sleutel `<img src=x onerror=alert(1)>`",
        )
        .at(2, 1)
        .into();
        let json = report_json(&problems);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            value["problems"][0]["message"],
            "onbekende sleutel `<img src=x onerror=alert(1)>`"
        );
        assert_eq!(
            value["problems"][0]["place"],
            "content/<img src=x onerror=alert(1)>.md:2:1"
        );
    }
}
