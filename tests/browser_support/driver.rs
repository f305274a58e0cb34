//! chromedriver in its own process group, and the Chromium it drives: where they are, how
//! they start, and the raw WebDriver calls a `Drop` can still make.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::ChromeCapabilities;
use thirtyfour::prelude::*;

/// Per WebDriver request; thirtyfour's default is 120 s (STACK.md pitfall 16).
pub(super) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long element queries and waits poll before giving up.
pub(super) const WAIT_TIMEOUT: Duration = Duration::from_secs(10);
pub(super) const WAIT_INTERVAL: Duration = Duration::from_millis(50);

/// STACK.md section 8.
pub(super) const CHROMIUM_ARGS: &[&str] = &[
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

pub(super) fn find_program(env: &str, names: &[&str], fallbacks: &[&str]) -> Option<PathBuf> {
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
pub(super) struct Chromedriver {
    pub(super) child: Child,
    pub(super) port: u16,
    pub(super) log: PathBuf,
}

impl Chromedriver {
    pub(super) fn start(program: &Path, log: PathBuf) -> Chromedriver {
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

    pub(super) fn wait_ready(&mut self) {
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

    pub(super) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A plain blocking request to chromedriver, usable from `Drop` while the async runtime
    /// is stuck in a panic: returns the JSON `value` of the answer.
    pub(super) fn raw(&self, method: &str, path: &str) -> Option<serde_json::Value> {
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

pub(super) fn capabilities(chromium: &Path, user_data: &Path) -> ChromeCapabilities {
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
