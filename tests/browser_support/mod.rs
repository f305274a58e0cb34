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
//! - A test that panics leaves `target/screenshots/FAILED-<test>.png` and `.html` behind.
//!
//! Environment: `CHROMEDRIVER` (default: `chromedriver` on the `PATH`, then
//! `/usr/bin/chromedriver`), `CHROMIUM` (default: Debian's real binary
//! `/usr/lib/chromium/chromium`, then `/usr/bin/chromium`), `LEADBOOK_E2E=0` to skip.
#![allow(
    dead_code,
    reason = "each browser test binary uses a different part of the harness"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use thirtyfour::ChromeCapabilities;
use thirtyfour::components::SelectElement;
use thirtyfour::extensions::query::ElementPollerWithTimeout;
use thirtyfour::prelude::*;

use crate::support::{PASSWORD, TestApp};

/// Per WebDriver request; thirtyfour's default is 120 s (STACK.md pitfall 16).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long element queries and waits poll before giving up.
const WAIT_TIMEOUT: Duration = Duration::from_secs(10);
const WAIT_INTERVAL: Duration = Duration::from_millis(50);

/// STACK.md section 8.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-crash-reporter",
    "--window-size=1366,768",
];

/// Where screenshots go: `<target dir>/screenshots`.
pub fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("screenshots")
}

fn find_program(env: &str, names: &[&str], fallbacks: &[&str]) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(env)
        && !path.is_empty()
    {
        // An explicit choice is final: no silent fallback to another binary.
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let path_var = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path_var) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    fallbacks
        .iter()
        .map(PathBuf::from)
        .find(|candidate| candidate.is_file())
}

/// chromedriver in its own process group; the whole group (Chromium included) dies on drop.
struct Chromedriver {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Chromedriver {
    fn start(program: &Path, log: PathBuf) -> Chromedriver {
        use std::os::unix::process::CommandExt;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("pick a free port for chromedriver")
            .port();
        let log_file = std::fs::File::create(&log).expect("create the chromedriver log");
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("chromedriver log"))
            .stderr(log_file)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let mut driver = Chromedriver { child, port, log };
        driver.wait_ready();
        driver
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "chromedriver exited ({status}) before listening on port {}:\n{}",
                    self.port,
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {} within 15 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A plain blocking request to chromedriver, usable from `Drop` while the async runtime
    /// is stuck in a panic: returns the JSON `value` of the answer.
    fn raw(&self, method: &str, path: &str) -> Option<serde_json::Value> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        stream.write_all(request.as_bytes()).ok()?;
        // Read the head, then exactly Content-Length bytes: chromedriver may keep the
        // connection open whatever the request says.
        let mut answer = Vec::new();
        let mut chunk = [0u8; 64 * 1024];
        let (head_len, body_len) = loop {
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                return None;
            }
            answer.extend_from_slice(&chunk[..n]);
            if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())?;
                break (end + 4, length);
            }
        };
        while answer.len() < head_len + body_len {
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&chunk[..n]);
        }
        let body = answer.get(head_len..head_len + body_len)?;
        let mut json: serde_json::Value = serde_json::from_slice(body).ok()?;
        Some(json["value"].take())
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The whole process group chromedriver leads (it was spawned with
        // `process_group(0)`): its Chromium children go with it.
        let _ = std::process::Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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

    /// Opens `path` (e.g. `/login`) on the app.
    pub async fn goto(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.driver
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// The path of the current page (no scheme, host or port).
    pub async fn path(&self) -> String {
        let url = self.driver.current_url().await.expect("current url");
        let full = url.as_str();
        full.strip_prefix(&self.base).unwrap_or(full).to_string()
    }

    /// The first element matching the CSS `selector`, waiting for it to appear.
    pub async fn find(&self, selector: &str) -> WebElement {
        self.driver
            .query(By::Css(selector))
            .first()
            .await
            .unwrap_or_else(|e| panic!("no element matches `{selector}`: {e}"))
    }

    /// Whether an element matches `selector` right now (no waiting).
    pub async fn exists(&self, selector: &str) -> bool {
        !self
            .driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
            .is_empty()
    }

    /// Replaces the content of the input matching `selector` with `value`.
    pub async fn fill(&self, selector: &str, value: &str) {
        let input = self.find(selector).await;
        input
            .clear()
            .await
            .unwrap_or_else(|e| panic!("clear `{selector}`: {e}"));
        input
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into `{selector}`: {e}"));
    }

    /// Clicks `selector` and waits until the page it was on is gone (a submit or a link):
    /// `click()` returns before the POST/redirect/GET finishes (STACK.md pitfall 15).
    pub async fn click_and_wait(&self, selector: &str) {
        let old_page = self
            .driver
            .find(By::Tag("html"))
            .await
            .expect("the <html> element");
        self.find(selector)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{selector}`: {e}"));
        old_page
            .wait_until()
            .stale()
            .await
            .unwrap_or_else(|e| panic!("the page did not change after clicking `{selector}`: {e}"));
    }

    /// Clicks `selector` when the click stays on the page (a `<summary>`, a checkbox, a
    /// link that opens a dialog).
    pub async fn click(&self, selector: &str) {
        self.find(selector)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click `{selector}`: {e}"));
    }

    /// Picks the option showing `text` in the `<select>` matching `selector`.
    pub async fn select(&self, selector: &str, text: &str) {
        let element = self.find(selector).await;
        SelectElement::new(&element)
            .await
            .unwrap_or_else(|e| panic!("`{selector}` is not a select: {e}"))
            .select_by_visible_text(text)
            .await
            .unwrap_or_else(|e| panic!("no option {text:?} in `{selector}`: {e}"));
    }

    /// The visible texts of every element matching `selector` right now, in page order.
    pub async fn texts(&self, selector: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
        {
            texts.push(
                element
                    .text()
                    .await
                    .unwrap_or_else(|e| panic!("text of `{selector}`: {e}")),
            );
        }
        texts
    }

    /// How many elements match `selector` right now.
    pub async fn count(&self, selector: &str) -> usize {
        self.driver
            .find_all(By::Css(selector))
            .await
            .unwrap_or_default()
            .len()
    }

    /// Whether the first element matching `selector` is displayed (waits for it to exist).
    pub async fn visible(&self, selector: &str) -> bool {
        self.find(selector)
            .await
            .is_displayed()
            .await
            .unwrap_or_else(|e| panic!("is `{selector}` displayed: {e}"))
    }

    /// Drags the element matching `source` onto the one matching `target` as a mouse would,
    /// through the HTML5 drag events (`dragstart`, `dragenter`, `dragover`, `drop`,
    /// `dragend`), then waits for the page to reload.
    pub async fn drag_and_drop(&self, source: &str, target: &str) {
        let old_page = self
            .driver
            .find(By::Tag("html"))
            .await
            .expect("the <html> element");
        self.drop_onto(source, target).await;
        old_page.wait_until().stale().await.unwrap_or_else(|e| {
            panic!("the page did not reload after dropping `{source}` on `{target}`: {e}")
        });
    }

    /// Like [`Browser::drag_and_drop`], without waiting for anything.
    pub async fn drop_onto(&self, source: &str, target: &str) {
        let from = self
            .find(source)
            .await
            .to_json()
            .expect("element reference");
        let to = self
            .find(target)
            .await
            .to_json()
            .expect("element reference");
        self.driver
            .execute(
                r"const [from, to] = arguments;
                  const data = new DataTransfer();
                  const fire = (el, type) => el.dispatchEvent(new DragEvent(type,
                      { bubbles: true, cancelable: true, dataTransfer: data }));
                  fire(from, 'dragstart');
                  fire(to, 'dragenter');
                  fire(to, 'dragover');
                  fire(to, 'drop');
                  fire(from, 'dragend');",
                vec![from, to],
            )
            .await
            .unwrap_or_else(|e| panic!("drag `{source}` onto `{target}`: {e}"));
    }

    /// Waits for a JavaScript `alert()`, closes it with OK and returns its text.
    pub async fn accept_alert(&self) -> String {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        loop {
            match self.driver.get_alert_text().await {
                Ok(text) => {
                    self.driver.accept_alert().await.expect("accept the alert");
                    return text;
                }
                Err(e) => assert!(Instant::now() < deadline, "no alert appeared: {e}"),
            }
            actix_web::rt::time::sleep(WAIT_INTERVAL).await;
        }
    }

    /// The visible text of the first element matching `selector`.
    pub async fn text(&self, selector: &str) -> String {
        self.find(selector)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("text of `{selector}`: {e}"))
    }

    /// The current value of the input matching `selector`.
    pub async fn value(&self, selector: &str) -> String {
        self.find(selector)
            .await
            .value()
            .await
            .unwrap_or_else(|e| panic!("value of `{selector}`: {e}"))
            .unwrap_or_default()
    }

    /// Signs in as `login` with the fixtures' password through the real sign-in form.
    pub async fn sign_in(&self, login: &str) {
        self.sign_in_with(login, PASSWORD).await;
    }

    /// Fills and submits the sign-in form; the caller checks where it landed.
    pub async fn sign_in_with(&self, login: &str, password: &str) {
        self.goto("/login").await;
        self.fill("#login", login).await;
        self.fill("#password", password).await;
        self.click_and_wait("form[action='/login'] button[type=submit]")
            .await;
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

fn capabilities(chromium: &Path, user_data: &Path) -> ChromeCapabilities {
    let mut caps = DesiredCapabilities::chrome();
    let binary = chromium.to_str().expect("UTF-8 path to Chromium");
    caps.set_binary(binary).expect("chromium binary capability");
    for arg in CHROMIUM_ARGS {
        caps.add_arg(arg).expect("chromium argument");
    }
    caps.add_arg(&format!("--user-data-dir={}", user_data.display()))
        .expect("chromium profile argument");
    caps
}

/// The running test's name (libtest names the thread after it).
fn test_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("browser-test")
        .to_string()
}
