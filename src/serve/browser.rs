//! `serve --open`: opening the preview in the browser, and knowing when
//! that did not work.
//!
//! The `opener` crate starts `xdg-open` on Linux without waiting for it, and
//! when `xdg-open` is missing it runs a copy of that script of its own, also
//! without waiting: both return `Ok` on a machine without any browser, and
//! the editor sees nothing open and no word why. So on Linux (not WSL,
//! where `opener` calls Windows) Bekwaam runs `xdg-open` itself and waits a
//! moment for its answer: a failure status within [`ANSWER_WITHIN`] is
//! reported; a script still running then has found a program to start.
//! Without `xdg-open`, `$BROWSER` or a screen (`DISPLAY`, `WAYLAND_DISPLAY`)
//! there is no browser to start, which is reported at once. Elsewhere
//! `opener` asks the system, which does answer.

use std::time::Duration;

/// How long `xdg-open` may take to say it failed.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// Opens `url` in the browser; the error says why not, in Dutch.
pub(super) fn open(url: &str) -> Result<(), String> {
    #[cfg(target_os = "linux")]
    if std::env::var_os("BROWSER").is_none() && !is_wsl() {
        return linux::open(url);
    }
    opener::open_browser(url).map_err(|error| format!("het systeem meldt: {error}"))
}

/// Whether this Linux runs under Windows (WSL), where `opener` starts the
/// Windows browser.
#[cfg(target_os = "linux")]
fn is_wsl() -> bool {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .is_ok_and(|release| release.to_lowercase().contains("microsoft"))
}

#[cfg(target_os = "linux")]
mod linux {
    use std::process::{Child, Command, Stdio};

    use wait_timeout::ChildExt;

    use super::ANSWER_WITHIN;

    /// Opens `url` with `xdg-open` from `PATH`, or says why that cannot be.
    pub(super) fn open(url: &str) -> Result<(), String> {
        let Ok(xdg_open) = which::which("xdg-open") else {
            let screen = ["DISPLAY", "WAYLAND_DISPLAY"]
                .iter()
                .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
            if !screen {
                return Err(String::from(
                    "er is geen browser gevonden: geen xdg-open en geen beeldscherm",
                ));
            }
            // A screen without xdg-open: opener's own copy of the script
            // may still find a browser.
            return opener::open(url).map_err(|error| format!("het systeem meldt: {error}"));
        };
        let child = Command::new(xdg_open)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("xdg-open start niet ({error})"))?;
        answer(child)
    }

    /// Waits a moment for `xdg-open` to fail; one still running is left to
    /// run (and reaped when it ends).
    fn answer(mut child: Child) -> Result<(), String> {
        match child.wait_timeout(ANSWER_WITHIN) {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(match status.code() {
                    Some(code) => {
                        format!("xdg-open vond geen browser om te starten, status {code}")
                    }
                    None => String::from("xdg-open is gestopt voordat een browser startte"),
                });
            }
            Ok(None) => {}
            Err(_) => return Ok(()),
        }
        std::thread::spawn(move || child.wait());
        Ok(())
    }
}
