//! Deciding what a request may see, before anything is looked up.
//!
//! hyper hands over the request target exactly as the client sent it,
//! undecoded, so every defence against reading outside the site is here. The
//! site lives in memory and is only ever looked up by key, so no request can
//! reach the file system at all; on top of that, [`resolve`] refuses every
//! target that could mean something else than a plain path inside the site:
//! dot segments in any encoding, encoded slashes and backslashes, NUL and
//! other control characters, invalid UTF-8, and targets that are not a path.

use std::net::IpAddr;

use percent_encoding::percent_decode_str;

/// Why a request target is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The target is malformed (400).
    BadRequest,
    /// The target tries to step outside the site or is ambiguous (404).
    NotFound,
}

/// The key of the site (`competenties/x/index.html`) a request target names.
///
/// The query string is ignored. A target ending in `/` names the folder's
/// `index.html`.
pub fn resolve(target: &str) -> Result<String, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    // Only origin-form targets: no `*`, no `http://host/…`.
    let Some(path) = path.strip_prefix('/') else {
        return Err(Refusal::BadRequest);
    };
    let mut parts: Vec<String> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, raw) in segments.iter().enumerate() {
        let decoded = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| Refusal::BadRequest)?;
        if decoded.chars().any(char::is_control) {
            return Err(Refusal::BadRequest);
        }
        let refused = decoded == "."
            || decoded == ".."
            || decoded.contains(['/', '\\', ':'])
            // `a//b`: an empty segment anywhere but at the end.
            || (decoded.is_empty() && i != last)
            // What was decoded must not decode again into something else
            // (`%252e%252e` is `%2e%2e`, which a second decoder would make `..`).
            || decoded.contains('%');
        if refused {
            return Err(Refusal::NotFound);
        }
        parts.push(decoded.into_owned());
    }
    let mut key = parts.join("/");
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Ok(key)
}

/// True if `host` (a `Host` header) names this machine: `localhost`, a name
/// below `.localhost`, or a loopback address, with or without a port.
///
/// While the server listens on a loopback address, requests naming any other
/// host are refused: a web page elsewhere could otherwise point a name of its
/// own at 127.0.0.1 (DNS rebinding) and read the preview.
pub fn is_loopback_host(host: &str) -> bool {
    host_name(host).is_some_and(|name| is_loopback_name(&name))
}

/// Whether `name` (as [`host_name`] gives it) is `localhost`, a name below
/// `.localhost`, or a loopback address.
pub(super) fn is_loopback_name(name: &str) -> bool {
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The name in a `Host` header, without its port, brackets or final dot,
/// in lower case; `None` if the header is malformed.
pub(super) fn host_name(host: &str) -> Option<String> {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:1111
        match rest.split_once(']') {
            Some((address, port)) if port.is_empty() || is_port(port) => address,
            _ => return None,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return None,
            None => host,
        }
    };
    Some(name.trim_end_matches('.').to_ascii_lowercase())
}

fn is_port(text: &str) -> bool {
    text.strip_prefix(':')
        .unwrap_or(text)
        .parse::<u16>()
        .is_ok()
        && !text.trim_start_matches(':').is_empty()
}

/// The `Content-Type` for a file of the site.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
        || mime.suffix().is_some_and(|s| s == mime_guess::mime::XML);
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_resolve() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(
            resolve("/competenties/").unwrap(),
            "competenties/index.html"
        );
        assert_eq!(resolve("/bekwaam.css?v=2").unwrap(), "bekwaam.css");
        assert_eq!(
            resolve("/img/tien%20competenties.svg").unwrap(),
            "img/tien competenties.svg"
        );
        assert_eq!(resolve("/caf%C3%A9/").unwrap(), "café/index.html");
    }

    #[test]
    fn traversal_is_refused_in_every_encoding() {
        use Refusal::*;
        for (target, refusal) in [
            ("/../etc/passwd", NotFound),
            ("/a/../../etc/passwd", NotFound),
            ("/%2e%2e/etc/passwd", NotFound),
            ("/%2E%2E/etc/passwd", NotFound),
            ("/.%2e/x", NotFound),
            ("/a/./b", NotFound),
            ("/..%2fetc%2fpasswd", NotFound),
            ("/..%5cetc", NotFound),
            ("/..\\etc", NotFound),
            ("/%252e%252e/etc/passwd", NotFound),
            ("/a//b", NotFound),
            ("//etc/passwd", NotFound),
            ("/c:/windows", NotFound),
            ("/x%00.html", BadRequest),
            ("/x%0a", BadRequest),
            ("/%ff%fe", BadRequest),
            ("http://evil.example/", BadRequest),
            ("*", BadRequest),
            ("", BadRequest),
            ("etc/passwd", BadRequest),
        ] {
            assert_eq!(resolve(target), Err(refusal), "{target}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// Whatever the target, a resolved key is a plain relative path:
        /// no dot segments, no empty segments, nothing absolute, no
        /// backslash or control character. Looking it up in the site's
        /// files is therefore the only thing it can do.
        #[test]
        fn resolved_keys_stay_inside_the_site(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("..".to_string()),
                    proptest::strategy::Just("%2e%2e".to_string()),
                    proptest::strategy::Just("%2E%2e".to_string()),
                    proptest::strategy::Just(".%2e".to_string()),
                    proptest::strategy::Just("%252e%252e".to_string()),
                    proptest::strategy::Just("%2f".to_string()),
                    proptest::strategy::Just("%5c".to_string()),
                    proptest::strategy::Just("%00".to_string()),
                    proptest::strategy::Just("%c0%ae".to_string()),
                    proptest::strategy::Just(String::new()),
                    "[a-z.%/\\:0-9A-F]{0,8}",
                    "\\PC{0,4}",
                ],
                0..10,
            ),
            query in "(\\?[^#]{0,10})?",
        ) {
            let target = format!("/{}{query}", parts.join("/"));
            if let Ok(key) = resolve(&target) {
                proptest::prop_assert!(!key.starts_with('/'), "{target} → {key}");
                for segment in key.split('/') {
                    proptest::prop_assert!(
                        !segment.is_empty() && segment != "." && segment != "..",
                        "{target} → {key}"
                    );
                    proptest::prop_assert!(
                        !segment.contains(['\\', '%', ':']) && !segment.chars().any(char::is_control),
                        "{target} → {key}"
                    );
                }
            }
        }

        #[test]
        fn any_text_is_answered_without_panicking(target in "\\PC{0,40}") {
            let _ = resolve(&target);
        }
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST.",
            "127.0.0.1:1111",
            "127.1.2.3",
            "[::1]:1111",
            "[::1]",
            "handboek.localhost:8080",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "192.168.1.10:1111",
            "[::1",
            "localhost:abc",
            "localhost:",
            "",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("bekwaam.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("img/x.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("img/x.png"), "image/png");
        assert_eq!(content_type("img/x.jpg"), "image/jpeg");
        assert_eq!(content_type("img/x.webp"), "image/webp");
        assert_eq!(content_type("font.woff2"), "font/woff2");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(
            content_type("handboek.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert!(content_type("zoek.js").contains("javascript"));
        assert_eq!(content_type("x.unknown"), "application/octet-stream");
    }
}
