//! The browser-test harness: Debian's chromedriver and headless Chromium driven by thirtyfour
//! against the app served in-process by [`TestApp`].
//!
//! - [`Browser::start`] starts chromedriver (its own process group, killed with the group on
//!   drop so no Chromium is left behind) and opens a session on a fresh profile. When
//!   chromedriver is missing the test **fails**, unless `LEADBOOK_E2E=0` is set: then it prints
//!   that it skipped and `start` returns `None`.
//! - Helpers: [`Browser::goto`], [`Browser::sign_in`], [`Browser::fill`],
//!   [`Browser::click_and_wait`], [`Browser::text`], [`Browser::value`],
//!   [`Browser::screenshot`] (under `target/screenshots/`); [`Browser::click`],
//!   [`Browser::select`], [`Browser::texts`], [`Browser::count`], [`Browser::visible`] and
//!   [`Browser::drag_and_drop`] / [`Browser::drop_onto`] (HTML5 drag events dispatched from JavaScript: WebDriver's
//!   pointer actions do not fire them in Chromium).
//! - [`Browser::assert_accessible`]: axe-core's serious and critical violations of the page
//!   (axe-core from `npm ci --prefix tests/browser/a11y`; missing, it fails the test).
//! - A test that panics leaves `target/screenshots/FAILED-<test>.png` and `.html` behind.
//!
//! Environment: `CHROMEDRIVER` (default: `chromedriver` on the `PATH`, then
//! `/usr/bin/chromedriver`), `CHROMIUM` (default: Debian's real binary
//! `/usr/lib/chromium/chromium`, then `/usr/bin/chromium`), `LEADBOOK_E2E=0` to skip.
#![allow(
    dead_code,
    reason = "each browser test binary uses a different part of the harness"
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use thirtyfour::extensions::query::ElementPollerWithTimeout;
use thirtyfour::prelude::*;

use crate::support::{PASSWORD, TestApp};

mod a11y;
mod driver;
mod page;

use driver::{
    Chromedriver, REQUEST_TIMEOUT, WAIT_INTERVAL, WAIT_TIMEOUT, capabilities, find_program,
};

/// Where screenshots go: `<target dir>/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

/// A headless Chromium session on the app under test.
pub struct Browser {
    pub driver: WebDriver,
    base: String,
    /// Whether [`Browser::quit`] closed the session.
    quit: bool,
    // Dropped after `driver`: the session is gone before chromedriver is killed.
    chromedriver: Chromedriver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh Chromium session pointed at `app`. `None` means "skip
    /// this test": chromedriver is absent and `LEADBOOK_E2E=0` says that is fine.
    pub async fn start(app: &TestApp) -> Option<Browser> {
        let opted_out = std::env::var("LEADBOOK_E2E").is_ok_and(|v| v == "0");
        let program = find_program(
            "CHROMEDRIVER",
            &["chromedriver"],
            &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
        );
        let Some(program) = program else {
            if opted_out {
                // Straight to stderr: libtest would swallow `eprintln!` of a passing test.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED {}: chromedriver not found and LEADBOOK_E2E=0",
                    test_name()
                );
                return None;
            }
            panic!(
                "chromedriver not found (looked at $CHROMEDRIVER, then the PATH and \
                 /usr/bin/chromedriver). Install it with \
                 `apt-get install -y chromium chromium-driver`, or set LEADBOOK_E2E=0 to \
                 skip the browser tests."
            );
        };
        let chromium = find_program(
            "CHROMIUM",
            &[],
            &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
        )
        .or_else(|| find_program("CHROMIUM", &["chromium", "chromium-browser"], &[]))
        .expect("Chromium not found: apt-get install -y chromium (or set CHROMIUM)");

        let profile = tempfile::tempdir().expect("temp dir for the Chromium profile");
        let chromedriver = Chromedriver::start(&program, profile.path().join("chromedriver.log"));

        // One retry: the very first session after an install once hung (STACK.md pitfall 17).
        let mut last_error = None;
        for attempt in 1..=2 {
            let user_data = profile.path().join(format!("profile-{attempt}"));
            let caps = capabilities(&chromium, &user_data);
            let poller = ElementPollerWithTimeout::new(WAIT_TIMEOUT, WAIT_INTERVAL);
            let session = WebDriver::builder(chromedriver.url(), caps)
                .request_timeout(REQUEST_TIMEOUT)
                .poller(Arc::new(poller))
                .await;
            match session {
                Ok(driver) => {
                    return Some(Browser {
                        driver,
                        base: app.base.clone(),
                        quit: false,
                        chromedriver,
                        _profile: profile,
                    });
                }
                Err(e) => {
                    eprintln!("browser session, attempt {attempt} of 2, failed: {e}");
                    last_error = Some(e);
                }
            }
        }
        panic!(
            "cannot open a Chromium session ({}): {last_error:?}\nchromedriver log:\n{}",
            chromium.display(),
            std::fs::read_to_string(&chromedriver.log).unwrap_or_default()
        );
    }

    /// Saves a PNG of the viewport as `target/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("create target/screenshots");
        let path = dir.join(format!("{name}.png"));
        self.driver
            .screenshot(&path)
            .await
            .unwrap_or_else(|e| panic!("screenshot {}: {e}", path.display()));
        path
    }

    /// Screenshots `name-1366` and `name-390` of the current page, for the eye, with
    /// `in_view` (a CSS selector) scrolled into view when given (on a phone the board
    /// scrolls sideways); the window is back at 1366 px after.
    pub async fn shoot_widths(&self, name: &str, in_view: Option<&str>) {
        for (width, height) in [(390, 844), (1366, 900)] {
            self.driver
                .set_window_rect(0, 0, width, height)
                .await
                .expect("resize");
            if let Some(selector) = in_view {
                let scroll = format!(
                    "document.querySelector({selector:?}).scrollIntoView({{inline: 'center'}});"
                );
                self.driver
                    .execute(&scroll, Vec::new())
                    .await
                    .expect("scroll");
            }
            self.screenshot(&format!("{name}-{width}")).await;
        }
    }

    /// Ends the session cleanly (dropping the browser also cleans up, less politely).
    pub async fn quit(mut self) {
        if let Err(e) = self.driver.clone().quit().await {
            eprintln!("closing the browser session: {e}");
        }
        self.quit = true;
    }

    /// After a panic: the screenshot and HTML of the page, through plain blocking HTTP (the
    /// test's async runtime cannot be used from `Drop`).
    fn save_failure_artifacts(&self) {
        let name = format!("FAILED-{}", test_name().replace("::", "-"));
        let dir = screenshot_dir();
        if std::fs::create_dir_all(&dir).is_err() {
            return;
        }
        let session = self.driver.session_id().to_string();
        let png = self
            .chromedriver
            .raw("GET", &format!("/session/{session}/screenshot"))
            .and_then(|v| v.as_str().map(String::from))
            .and_then(|b64| base64::engine::general_purpose::STANDARD.decode(b64).ok());
        if let Some(png) = png {
            let path = dir.join(format!("{name}.png"));
            if std::fs::write(&path, png).is_ok() {
                eprintln!("screenshot of the failed test: {}", path.display());
            }
        }
        if let Some(html) = self
            .chromedriver
            .raw("GET", &format!("/session/{session}/source"))
            .and_then(|v| v.as_str().map(String::from))
        {
            let path = dir.join(format!("{name}.html"));
            if std::fs::write(&path, html).is_ok() {
                eprintln!("page source of the failed test: {}", path.display());
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.save_failure_artifacts();
        }
        if !self.quit {
            // thirtyfour's fallback for an unclosed session reuses the HTTP connections of the
            // test's runtime, which is blocked in this very drop, so it would hang for the whole
            // request timeout. Close the session with plain HTTP instead, and keep thirtyfour's
            // fallback from running by leaking one reference to the session handle.
            let session = self.driver.session_id().to_string();
            let _ = self
                .chromedriver
                .raw("DELETE", &format!("/session/{session}"));
            std::mem::forget(self.driver.clone());
        }
    }
}

/// The running test's name (libtest names the thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("browser-test")
        .to_string()
}
