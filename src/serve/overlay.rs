//! What open tabs are told: the payloads of the `problems`, `warnings` and
//! `reload` events, as JSON for `live.js`.
//!
//! The overlay shows a failed build's problems over the last site that
//! worked; the notice, a small panel in a corner, shows the warnings of a
//! site that was built. Their texts are here, and `live.js` puts them in the
//! page as text, never as markup (a `code` span between backticks becomes a
//! `<code>` element with that text). A reload names the pages and style
//! sheets that changed, so a tab reloads only when what it shows changed.

use serde::Serialize;

use crate::diagnostics::{Counts, Diagnostic, Diagnostics};

/// Changed pages listed by name in a reload event; more means "all".
const MAX_LISTED_PAGES: usize = 500;
/// Warnings listed in the notice; the rest are counted.
const MAX_LISTED_WARNINGS: usize = 100;

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

impl ReportItem {
    fn of(problem: &Diagnostic) -> ReportItem {
        ReportItem {
            place: problem.location.as_ref().map(|l| match l.position {
                Some((line, col)) => format!("{}:{line}:{col}", l.path.display()),
                None => l.path.display().to_string(),
            }),
            message: problem.message.clone(),
            help: problem.help.clone(),
        }
    }
}

/// The warnings as the notice shows them.
#[derive(Serialize)]
struct Notice {
    /// Changes exactly when the set of warnings does (see
    /// [`super::warnings::key`]): a tab that dismissed the notice shows it
    /// again then.
    key: String,
    /// How many warnings there are; 0 takes the notice away.
    count: usize,
    /// `3 waarschuwingen`, the text of the button that opens the list.
    title: String,
    intro: &'static str,
    close: &'static str,
    warnings: Vec<ReportItem>,
    /// What the list leaves out, if anything.
    more: Option<String>,
}

/// The `warnings` event of a site that was built: its warnings (sorted), the
/// first [`MAX_LISTED_WARNINGS`] of them listed, and `key`.
pub(super) fn notice_json(warnings: &[Diagnostic], key: String) -> String {
    let count = warnings.len();
    let title = Counts {
        errors: 0,
        warnings: count,
    }
    .warnings_text();
    let more = count.checked_sub(MAX_LISTED_WARNINGS).filter(|n| *n > 0).map(|n| {
        format!("En nog {n} andere. `bekwaam check` toont ze allemaal, net als het venster waarin `bekwaam serve` draait.")
    });
    let notice = Notice {
        key,
        count,
        title,
        intro: "De website is gebouwd, maar hier klopt waarschijnlijk iets niet. Verbeter het bestand en sla het op; deze lijst werkt zich vanzelf bij.",
        close: "Verbergen",
        warnings: warnings
            .iter()
            .take(MAX_LISTED_WARNINGS)
            .map(ReportItem::of)
            .collect(),
        more,
    };
    serde_json::to_string(&notice).unwrap_or_else(|_| "{}".into())
}

/// The `problems` event of a failed build: every problem, sorted, with its
/// place.
pub(super) fn report_json(problems: &Diagnostics) -> String {
    let problems = problems
        .clone()
        .into_sorted()
        .iter()
        .map(ReportItem::of)
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
    fn the_notice_lists_a_hundred_warnings_and_counts_the_rest() {
        let warnings: Vec<Diagnostic> = (1..=250)
            .map(|line| Diagnostic::warning("content/a.md", "een `<b>`").at(line, 1))
            .collect();
        let value: serde_json::Value =
            serde_json::from_str(&notice_json(&warnings, "k".into())).unwrap();
        assert_eq!(value["count"], 250);
        assert_eq!(value["title"], "250 waarschuwingen");
        assert_eq!(value["warnings"].as_array().unwrap().len(), 100);
        assert_eq!(value["warnings"][0]["message"], "een `<b>`");
        assert_eq!(value["warnings"][0]["place"], "content/a.md:1:1");
        assert!(
            value["more"]
                .as_str()
                .unwrap()
                .starts_with("En nog 150 andere.")
        );
        let value: serde_json::Value =
            serde_json::from_str(&notice_json(&warnings[..1], "k".into())).unwrap();
        assert_eq!(value["title"], "1 waarschuwing");
        assert!(value["more"].is_null());
        let value: serde_json::Value = serde_json::from_str(&notice_json(&[], "k".into())).unwrap();
        assert_eq!(value["count"], 0);
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
