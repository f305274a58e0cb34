//! A tiny HTTP receiver on 127.0.0.1 for the webhook tests: it keeps every request (headers
//! and body) and answers each as its script says — a status, or hanging.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// One request received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map_or("", String::as_str)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("a JSON body")
    }

    /// Whether the signature is the hex HMAC-SHA256 of `timestamp.body` with `secret`,
    /// computed here independently of the app.
    pub fn signed_with(&self, secret: &str) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(self.header("Leadbook-Timestamp").as_bytes());
        mac.update(b".");
        mac.update(self.body.as_bytes());
        hex::encode(mac.finalize().into_bytes()) == self.header("Leadbook-Signature")
    }
}

/// What the receiver answers to its n-th request (0-based).
pub enum Answer {
    Status(u16),
    Hang(Duration),
}

pub struct Receiver {
    pub url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// Listens on a free port.
    pub fn start(script: impl Fn(usize) -> Answer + Send + Sync + 'static) -> Receiver {
        Self::on(TcpListener::bind("127.0.0.1:0").expect("bind"), script)
    }

    /// Listens on `listener`.
    pub fn on(
        listener: TcpListener,
        script: impl Fn(usize) -> Answer + Send + Sync + 'static,
    ) -> Receiver {
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let (kept, script) = (got.clone(), Arc::new(script));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (kept, script) = (kept.clone(), script.clone());
                std::thread::spawn(move || serve(stream, &kept, &*script));
            }
        });
        Receiver {
            url: format!("http://127.0.0.1:{port}/hook"),
            got,
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` requests came in (or `limit` passed); returns them.
    pub fn wait_for(&self, n: usize, limit: Duration) -> Vec<Received> {
        let start = Instant::now();
        while self.received().len() < n && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.received()
    }
}

fn serve(stream: TcpStream, kept: &Mutex<Vec<Received>>, script: &dyn Fn(usize) -> Answer) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut headers = HashMap::new();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap_or(0);
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap_or(());
    let n = {
        let mut all = kept.lock().unwrap();
        all.push(Received {
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        });
        all.len() - 1
    };
    let code = match script(n) {
        Answer::Status(code) => code,
        Answer::Hang(d) => {
            std::thread::sleep(d);
            200
        }
    };
    let mut stream = stream;
    let answer = format!("HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(answer.as_bytes()).unwrap_or(());
}
