//! A real headless Chromium for the tests that need a browser: live reload,
//! accessibility checks, screenshots, following links.
//!
//! The browser is Debian's `chromium` at `/usr/bin/chromium`, or the file
//! named by `$BEKWAAM_CHROMIUM`. When it is missing, [`Browser::launch`] prints
//! why and returns `None`, so a developer without Chromium still gets a green
//! `cargo test`; CI sets `BEKWAAM_REQUIRE_BROWSER=1`, which turns the missing
//! browser into a failure. A Chromium that exists but does not start is always
//! a failure.
//!
//! The DevTools Protocol is spoken by the `headless_chrome` crate, built
//! without its default features except `offline`: `fetch` (which downloads a
//! browser) stays off, and `offline` makes its build script read the protocol
//! description shipped in the crate instead of downloading it.
//!
//! Every call returns a [`BrowserError`] whose text says what was asked of the
//! browser, so `expect` in a test prints a useful failure.

use std::ffi::OsStr;
use std::fmt;
use std::io::Write;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use headless_chrome::protocol::cdp::{Emulation, Page as CdpPage, Runtime};
use headless_chrome::{LaunchOptions, Tab};
use serde_json::{Value, json};

use crate::helpers::{build, sample_root, stderr};

/// Where Debian's `chromium` package puts the browser.
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// How long a page may take to load.
const LOAD_TIMEOUT: Duration = crate::helpers::DEADLINE;

/// Flags for every launch. `headless_chrome` also adds `--headless`,
/// `--no-sandbox` and `--disable-gpu` from the options set in
/// [`Browser::launch`], `--user-data-dir` from the profile folder given there,
/// and `--no-first-run` and its own list of defaults
/// (`--disable-background-networking`, `--disable-extensions`,
/// `--disable-background-timer-throttling`, …) itself. The list here names
/// what Bekwaam relies on, whether or not the crate adds it too: no traffic to
/// any other host, no updates of components during a test, and scrollbars
/// that take no room, as on a phone, so that a page and its screenshot are as
/// wide as the window.
const FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--hide-scrollbars",
];

/// Something the browser could not do, with what was asked of it.
pub struct BrowserError(String);

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// `expect` prints the Debug form; make it the plain message.
impl fmt::Debug for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrowserError {}

pub type Result<T> = std::result::Result<T, BrowserError>;

/// Wraps an error of `headless_chrome` with what we were doing.
fn failed<E: fmt::Display>(doing: impl fmt::Display) -> impl FnOnce(E) -> BrowserError {
    move |error| BrowserError(format!("{doing}: {error:#}"))
}

/// A running headless Chromium; it is stopped when this is dropped.
pub struct Browser {
    // Fields drop in this order: first the browser is closed and killed, then
    // its folder is removed.
    chrome: headless_chrome::Browser,
    _scratch: Scratch,
}

/// A folder for one browser's profile and temporary files, removed on drop.
///
/// Chromium puts more than its profile on disk: a folder with its
/// single-instance socket in `$TMPDIR`, which a killed browser leaves behind.
/// Giving each browser its own `$TMPDIR` inside this folder keeps `/tmp`
/// clean.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix("bekwaam-chromium-")
            .tempdir()
            .expect("a temporary folder for chromium");
        let scratch = Scratch(dir.keep());
        for sub in ["profile", "tmp"] {
            std::fs::create_dir(scratch.0.join(sub)).expect("a folder in the temporary folder");
        }
        scratch
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Chromium's helper processes (renderer, GPU, …) notice the killed
        // browser a moment later and may write to the profile until then, so
        // a single removal can fail or be undone; try for a few seconds.
        for _ in 0..50 {
            let _ = std::fs::remove_dir_all(&self.0);
            std::thread::sleep(Duration::from_millis(100));
            if !self.0.exists() {
                return;
            }
        }
    }
}

impl Browser {
    /// Starts Chromium, or returns `None` (after saying so on stderr) when it
    /// is not installed. Panics when it is installed but does not start, and
    /// when it is missing while `BEKWAAM_REQUIRE_BROWSER=1`.
    pub fn launch() -> Option<Browser> {
        let path = std::env::var_os("BEKWAAM_CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CHROMIUM));
        if !path.is_file() {
            let why = format!(
                "chromium not found at {} (install Debian's chromium package)",
                path.display()
            );
            if std::env::var_os("BEKWAAM_REQUIRE_BROWSER").is_some_and(|v| v == "1") {
                panic!("BEKWAAM_REQUIRE_BROWSER=1, but {why}");
            }
            // Straight to the stderr handle: the test harness captures
            // `eprintln!` of a passing test, and this should be seen.
            let _ = writeln!(std::io::stderr(), "browser tests skipped: {why}");
            return None;
        }
        let scratch = Scratch::new();
        let tmpdir = scratch.0.join("tmp").to_string_lossy().into_owned();
        let options = LaunchOptions {
            path: Some(path.clone()),
            user_data_dir: Some(scratch.0.join("profile")),
            process_envs: Some([("TMPDIR".to_string(), tmpdir)].into()),
            headless: true,
            sandbox: false,
            enable_gpu: false,
            window_size: Some((1280, 800)),
            // The crate ignores certificate errors unless told not to; the
            // tests reach only local pages, so one should show.
            ignore_certificate_errors: false,
            args: FLAGS.iter().map(OsStr::new).collect(),
            // The crate drops its connection after this long without a
            // message from the browser, which a test that works elsewhere for
            // a while (a slow build, a server) could reach.
            idle_browser_timeout: Duration::from_secs(600),
            ..LaunchOptions::default()
        };
        match headless_chrome::Browser::new(options) {
            Ok(chrome) => Some(Browser {
                chrome,
                _scratch: scratch,
            }),
            Err(error) => panic!("chromium at {} did not start: {error:#}", path.display()),
        }
    }

    /// Opens `url` (`http://…` or `file://…`) in a new tab and waits until it
    /// has loaded.
    pub fn open(&self, url: &str) -> Result<Page<'_>> {
        let tab = self.chrome.new_tab().map_err(failed("opening a tab"))?;
        let page = Page {
            tab,
            _browser: PhantomData,
        };
        page.goto(url)?;
        Ok(page)
    }
}

/// One tab of a [`Browser`]; it is closed when this is dropped.
pub struct Page<'browser> {
    tab: Arc<Tab>,
    _browser: PhantomData<&'browser Browser>,
}

impl Page<'_> {
    /// Goes to `url` and waits until the new document has loaded
    /// (`document.readyState` is `complete`).
    pub fn goto(&self, url: &str) -> Result<()> {
        // A mark on the old document, so that the wait below cannot take it
        // for the new one.
        self.eval("window.__bekwaamLeaving = true")?;
        let navigated = self
            .tab
            .call_method(CdpPage::Navigate {
                url: url.to_string(),
                referrer: None,
                transition_Type: None,
                frame_id: None,
                referrer_policy: None,
            })
            .map_err(failed(format!("going to {url}")))?;
        if let Some(error) = navigated.error_text {
            return Err(BrowserError(format!("going to {url}: {error}")));
        }
        if navigated.loader_id.is_none() {
            // Only the #fragment changed: the same document stays.
            return Ok(());
        }
        self.wait_for(
            "!window.__bekwaamLeaving && document.readyState === 'complete'",
            LOAD_TIMEOUT,
        )
        .map_err(|error| BrowserError(format!("loading {url}: {error}")))
    }

    /// Evaluates a JavaScript expression in the page and returns its value as
    /// JSON (`null` for `undefined`). A promise is awaited.
    pub fn eval(&self, js: &str) -> Result<Value> {
        self.evaluate(js, &format!("`{js}`"))
    }

    /// Runs a whole script in the page, such as a library read from disk;
    /// errors name it by `name` instead of repeating its text.
    pub fn inject(&self, name: &str, source: &str) -> Result<()> {
        // The trailing `void 0` keeps the script's last value (a library
        // object, say) from being sent back as JSON; the newline ends a
        // closing `//` comment.
        self.evaluate(&format!("{source}\n;void 0"), name)?;
        Ok(())
    }

    /// Evaluates `js`; `shown` is how errors name it.
    fn evaluate(&self, js: &str, shown: &str) -> Result<Value> {
        let evaluated = self
            .tab
            .call_method(Runtime::Evaluate {
                expression: js.to_string(),
                object_group: None,
                include_command_line_api: None,
                silent: None,
                context_id: None,
                return_by_value: Some(true),
                generate_preview: None,
                user_gesture: None,
                await_promise: Some(true),
                throw_on_side_effect: None,
                timeout: None,
                disable_breaks: None,
                repl_mode: None,
                allow_unsafe_eval_blocked_by_csp: None,
                unique_context_id: None,
                serialization_options: None,
            })
            .map_err(failed(format!("evaluating {shown}")))?;
        if let Some(exception) = evaluated.exception_details {
            let message = exception
                .exception
                .and_then(|e| e.description)
                .unwrap_or(exception.text);
            return Err(BrowserError(format!("{shown} threw: {message}")));
        }
        Ok(evaluated.result.value.unwrap_or(Value::Null))
    }

    /// Presses a key as a reader does (`"Tab"`, `"Enter"`, `"ArrowDown"`):
    /// the browser's own key events, so focus moves and buttons act.
    pub fn press_key(&self, key: &str) -> Result<()> {
        self.tab
            .press_key(key)
            .map(|_| ())
            .map_err(failed(format!("pressing {key}")))
    }

    /// Evaluates a JavaScript expression that gives a string.
    pub fn eval_string(&self, js: &str) -> Result<String> {
        match self.eval(js)? {
            Value::String(text) => Ok(text),
            other => Err(BrowserError(format!("`{js}` gave {other}, not a string"))),
        }
    }

    /// Waits until a JavaScript expression is truthy (a promise is awaited).
    /// While it throws, for example because the page is reloading, it counts
    /// as false; the error after `timeout` names the expression and what it
    /// last gave.
    pub fn wait_for(&self, js: &str, timeout: Duration) -> Result<()> {
        let check = format!("(async () => !!(await (\n{js}\n)))()");
        let start = Instant::now();
        loop {
            let last = match self.eval(&check) {
                Ok(Value::Bool(true)) => return Ok(()),
                Ok(value) => format!("it gave {value}"),
                Err(error) => error.to_string(),
            };
            if start.elapsed() >= timeout {
                return Err(BrowserError(format!(
                    "`{js}` was not true after {timeout:?} ({last})"
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs `js` in every document this tab loads from now on, before any
    /// script of the page itself (to listen for events from the start, for
    /// example).
    pub fn run_on_every_document(&self, js: &str) -> Result<()> {
        self.tab
            .call_method(CdpPage::AddScriptToEvaluateOnNewDocument {
                source: js.to_string(),
                world_name: None,
                include_command_line_api: None,
                run_immediately: None,
            })
            .map_err(failed(format!("adding `{js}` to every new document")))?;
        Ok(())
    }

    /// Sets the size of the page's viewport in CSS pixels. `mobile` makes
    /// Chromium behave as a phone: it honours `<meta name="viewport">` and
    /// uses overlay scrollbars.
    pub fn set_viewport(&self, width: u32, height: u32, mobile: bool) -> Result<()> {
        self.tab
            .call_method(Emulation::SetDeviceMetricsOverride {
                width,
                height,
                device_scale_factor: 1.0,
                mobile,
                scale: None,
                screen_width: None,
                screen_height: None,
                position_x: None,
                position_y: None,
                dont_set_visible_size: None,
                screen_orientation: None,
                viewport: None,
                display_feature: None,
                device_posture: None,
            })
            .map_err(failed(format!("setting the viewport to {width}×{height}")))?;
        Ok(())
    }

    /// Turns the page's scripts off, as for a reader without JavaScript;
    /// takes effect from the next load.
    pub fn disable_scripts(&self) -> Result<()> {
        self.tab
            .call_method(Emulation::SetScriptExecutionDisabled { value: true })
            .map_err(failed("turning scripts off"))?;
        Ok(())
    }

    /// Emulates `prefers-color-scheme` (`"dark"` or `"light"`).
    pub fn prefer_color_scheme(&self, scheme: &str) -> Result<()> {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: None,
                features: Some(vec![Emulation::MediaFeature {
                    name: "prefers-color-scheme".to_string(),
                    value: scheme.to_string(),
                }]),
            })
            .map_err(failed(format!("emulating prefers-color-scheme: {scheme}")))?;
        Ok(())
    }

    /// Emulates a media type (`Some("print")`, or `None` for the screen)
    /// and media features such as `("prefers-reduced-motion", "reduce")`.
    pub fn emulate_media(&self, media: Option<&str>, features: &[(&str, &str)]) -> Result<()> {
        self.tab
            .call_method(Emulation::SetEmulatedMedia {
                media: Some(media.unwrap_or("").to_string()),
                features: Some(
                    features
                        .iter()
                        .map(|(name, value)| Emulation::MediaFeature {
                            name: name.to_string(),
                            value: value.to_string(),
                        })
                        .collect(),
                ),
            })
            .map_err(failed(format!("emulating media {media:?} {features:?}")))?;
        Ok(())
    }

    /// Saves what the viewport shows as a PNG file.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        self.capture(path, None)
    }

    /// Saves the whole page, not only the viewport, as a PNG file: its full
    /// width and its height from the top, but at most `max_height` CSS
    /// pixels of it (an overview of every tip is many screens long).
    pub fn screenshot_full_page(&self, path: &Path, max_height: u32) -> Result<()> {
        let size = self.eval(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]",
        )?;
        let (Some(width), Some(height)) = (size[0].as_f64(), size[1].as_f64()) else {
            return Err(BrowserError(format!("the page's size is {size}")));
        };
        let clip = CdpPage::Viewport {
            x: 0.0,
            y: 0.0,
            width,
            height: height.min(f64::from(max_height)),
            scale: 1.0,
        };
        self.capture(path, Some(clip))
    }

    /// Captures the viewport, or `clip` of the page beyond it, into `path`.
    fn capture(&self, path: &Path, clip: Option<CdpPage::Viewport>) -> Result<()> {
        let beyond_viewport = clip.is_some();
        let captured = self
            .tab
            .call_method(CdpPage::CaptureScreenshot {
                format: Some(CdpPage::CaptureScreenshotFormatOption::Png),
                quality: None,
                clip,
                from_surface: Some(true),
                capture_beyond_viewport: Some(beyond_viewport),
                optimize_for_speed: None,
            })
            .map_err(failed("taking a screenshot"))?;
        let png = BASE64_STANDARD
            .decode(captured.data)
            .map_err(failed("decoding the screenshot"))?;
        std::fs::write(path, png)
            .map_err(|error| BrowserError(format!("writing {}: {error}", path.display())))
    }
}

impl Drop for Page<'_> {
    fn drop(&mut self) {
        // The browser lives on (the lifetime says so); a failure to close a
        // tab at the end of a test is not worth a panic.
        let _ = self.tab.close(false);
    }
}

/// The `title` in the front matter of the sample's home page.
fn sample_home_title() -> String {
    let source = std::fs::read_to_string(sample_root().join("content/_index.md"))
        .expect("the sample has content/_index.md");
    let front_matter = source
        .split("+++")
        .nth(1)
        .expect("content/_index.md starts with +++ front matter");
    let table: toml::Table = toml::from_str(front_matter).expect("the front matter is TOML");
    table["title"]
        .as_str()
        .expect("the front matter has a string title")
        .to_string()
}

/// The sample handbook, built for `file://` and opened in Chromium, shows its
/// title and its ten competencies; the harness's emulation and screenshot work.
#[test]
fn sample_home_page_in_chromium() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("public");
    let base_url = url::Url::from_directory_path(&out)
        .expect("the temporary folder is an absolute path")
        .to_string();
    let result = build(&sample_root(), &out, &["--base-url", &base_url]);
    assert!(
        result.status.success(),
        "build failed:\n{}",
        stderr(&result)
    );

    let page = browser
        .open(&format!("{base_url}index.html"))
        .expect("the home page opens");
    assert_eq!(
        page.eval_string("document.querySelector('h1').textContent")
            .expect("the home page has an h1"),
        sample_home_title()
    );
    assert_eq!(
        page.eval("document.querySelectorAll('ol.cards > li.card').length")
            .expect("counting cards"),
        json!(10)
    );

    // The stylesheet was found below the file:// base URL, and follows the
    // emulated colour scheme.
    let paper = "getComputedStyle(document.documentElement).getPropertyValue('--paper').trim()";
    page.prefer_color_scheme("light").expect("light scheme");
    assert_eq!(page.eval_string(paper).expect("--paper"), "#ffffff");
    page.prefer_color_scheme("dark").expect("dark scheme");
    page.wait_for(&format!("{paper} === '#14171a'"), LOAD_TIMEOUT)
        .expect("the dark colours apply");

    page.set_viewport(360, 740, true).expect("phone viewport");
    assert_eq!(
        page.eval("[innerWidth, document.documentElement.scrollWidth]")
            .expect("measuring the page"),
        json!([360, 360]),
        "at 360 px the page is 360 px wide and does not scroll sideways"
    );

    let png = dir.path().join("home.png");
    page.screenshot(&png).expect("a screenshot");
    let bytes = std::fs::read(&png).expect("the screenshot was written");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the screenshot is a PNG"
    );

    let never = "document.title === 'no such title'";
    let error = page
        .wait_for(never, Duration::from_millis(200))
        .expect_err("a false expression times out");
    assert!(
        error.to_string().contains(never),
        "the timeout names the expression: {error}"
    );
}

/// axe-core, as `npm ci --prefix tests/browser` installs it; `None` (said on
/// stderr, with `what` was skipped) when it is missing and
/// `BEKWAAM_REQUIRE_BROWSER=1` is not set; with it, missing is a failure.
pub fn axe_source(what: &str) -> Option<String> {
    let path = sample_root().join("tests/browser/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(axe) => Some(axe),
        Err(error) if std::env::var("BEKWAAM_REQUIRE_BROWSER").as_deref() != Ok("1") => {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{what} skipped: axe-core is not installed ({}: {error}); run `npm ci --prefix tests/browser`",
                path.display()
            );
            None
        }
        Err(error) => panic!(
            "axe-core is not installed ({}: {error}); run `npm ci --prefix tests/browser`",
            path.display()
        ),
    }
}
