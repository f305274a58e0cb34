//! The browser-like HTTP client of the web tests: [`Client`] keeps the session cookie, never
//! follows redirects and sends the CSRF token; [`Resp`] is one answer.

use std::cell::RefCell;

/// One HTTP answer.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Resp {
    /// The value of header `name`, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a 303 to `target` (path prefix).
    pub fn assert_redirect(&self, target: &str) {
        assert_eq!(
            self.status, 303,
            "expected a redirect, got {}: {}",
            self.status, self.body
        );
        let location = self.location.as_deref().unwrap_or_default();
        assert!(
            location.starts_with(target),
            "redirected to {location}, expected {target}"
        );
    }
}

/// A browser-like client: keeps the session cookie, never follows redirects, knows the CSRF
/// token of its session.
pub struct Client {
    base: String,
    http: reqwest::Client,
    cookie: RefCell<Option<String>>,
    csrf: RefCell<Option<String>>,
    forwarded_for: Option<String>,
    accept_language: Option<String>,
}

impl Client {
    /// Another browser holding a copy of this one's cookie and CSRF token as they are now:
    /// what a thief replays.
    pub fn copy(&self) -> Client {
        let copy = Client::new(&self.base);
        *copy.cookie.borrow_mut() = self.cookie.borrow().clone();
        *copy.csrf.borrow_mut() = self.csrf.borrow().clone();
        copy
    }

    /// A client behind a reverse proxy that names it `address` in `X-Forwarded-For`.
    pub fn behind_proxy(base: &str, address: &str) -> Client {
        let mut client = Client::new(base);
        client.forwarded_for = Some(address.to_string());
        client
    }

    /// A browser that sends `Accept-Language: header` with every request.
    pub fn speaking(mut self, header: &str) -> Client {
        self.accept_language = Some(header.to_string());
        self
    }

    pub fn new(base: &str) -> Client {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Client {
            base: base.into(),
            http,
            cookie: RefCell::new(None),
            csrf: RefCell::new(None),
            forwarded_for: None,
            accept_language: None,
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Resp {
        let request = match self.cookie.borrow().as_ref() {
            Some(c) => request.header("cookie", format!("{}={c}", leadbook::web::SESSION_COOKIE)),
            None => request,
        };
        let request = match &self.forwarded_for {
            Some(address) => request.header("x-forwarded-for", address),
            None => request,
        };
        let request = match &self.accept_language {
            Some(header) => request.header("accept-language", header),
            None => request,
        };
        let response = request.send().await.expect("request");
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap_or_default();
            let prefix = format!("{}=", leadbook::web::SESSION_COOKIE);
            if let Some(rest) = text.strip_prefix(&prefix) {
                let cookie = rest.split(';').next().unwrap_or_default().to_string();
                *self.cookie.borrow_mut() = (!cookie.is_empty()).then_some(cookie);
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let headers = response.headers().clone();
        let body = response.text().await.unwrap_or_default();
        if let Some(token) = csrf_in(&body) {
            *self.csrf.borrow_mut() = Some(token);
        }
        Resp {
            status,
            location,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    /// Posts a form with this session's CSRF token added.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        let resp = self.post_raw(path, &encode(&all)).await;
        if resp.status == 303 && matches!(path, "/login" | "/setup" | "/logout") {
            // Signing in or out gives the session a new token.
            *self.csrf.borrow_mut() = None;
        }
        resp
    }

    /// Posts a form with the CSRF token as the page's JavaScript does (`Accept: application/json`).
    pub async fn post_js(&self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(&all));
        self.send(request).await
    }

    /// Posts a `multipart/form-data` form (text fields plus one file field `file_field`
    /// named `file_name`) with this session's CSRF token added, as a browser uploads a file.
    pub async fn post_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        file_name: &str,
        data: &[u8],
    ) -> Resp {
        let token = self.csrf_token().await;
        let boundary = "----leadbook-test-boundary-7MA4YWxk";
        let mut body = Vec::new();
        for (k, v) in [("csrf", token.as_str())].iter().chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; \
                 filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        self.send(request).await
    }

    /// Posts a form body exactly as given (no token added).
    pub async fn post_raw(&self, path: &str, body: &str) -> Resp {
        let request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string());
        self.send(request).await
    }

    /// The session's CSRF token, fetched from a page with a form when not yet known.
    pub async fn csrf_token(&self) -> String {
        if let Some(token) = self.csrf.borrow().clone() {
            return token;
        }
        for path in ["/preferences", "/login", "/setup"] {
            let page = self.get(path).await;
            if page.status == 200
                && let Some(token) = csrf_in(&page.body)
            {
                return token;
            }
        }
        panic!("no page offered a CSRF token");
    }
}

/// `application/x-www-form-urlencoded` body.
pub fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                leadbook::web::urlencode(k),
                leadbook::web::urlencode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The CSRF token in a page's form, if it has one.
pub fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}
