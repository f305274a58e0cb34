//! The web layer, kept thin: extract the request, parse it into a domain call, run that call
//! on the blocking pool, then render a template or redirect.

pub mod api;
pub mod audit;
pub mod chatter;
pub mod csrf;
pub mod ctx;
pub mod error;
pub mod error_language;
pub mod filter_bar;
pub mod form;
pub mod handlers;
pub mod metrics;
pub mod multipart;
pub mod page;
pub mod router;

use std::net::TcpListener;
use std::path::PathBuf;

use actix_session::SessionMiddleware;
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_web::body::MessageBody;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, middleware, web};
use askama::Template;

use crate::db::{DbConn, DbPool};
use crate::domain::models::sessions::SessionPolicy;
use crate::domain::{DomainError, DomainResult};
pub use error::{WebError, see_other};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
}

pub const SESSION_COOKIE: &str = "leadbook";

/// How the server treats sessions and requests, from the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebOptions {
    /// Send the session cookie only over HTTPS.
    pub secure_cookies: bool,
    /// The absolute lifetime and idle timeout of a signed-in session.
    pub sessions: SessionPolicy,
    /// Take the client address (sign-in throttling, the log) from the `X-Forwarded-For` or
    /// `Forwarded` header a reverse proxy sets, instead of from the connection.
    pub trust_proxy: bool,
    /// The bearer token `GET /metrics` asks for; without one, metrics are off (404) and
    /// nothing is recorded.
    pub metrics_token: Option<crate::config::SecretKey>,
}

/// The Content-Security-Policy of every answer: scripts, styles, images and connections
/// from this site only, no inline script or style, no plugins, forms post only here, and no
/// other site may frame a page (clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub fn session_middleware(key: Key, secure: bool) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name(SESSION_COOKIE.into())
        .cookie_secure(secure)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_content_security(CookieContentSecurity::Private)
        .build()
}

/// Where the CSS and JS are: `LEADBOOK_STATIC`, else the source tree's `static/`, else
/// `./static`.
fn static_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("LEADBOOK_STATIC") {
        return PathBuf::from(dir);
    }
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("static");
    if source.is_dir() {
        source
    } else {
        PathBuf::from("static")
    }
}

/// The HTTP server on `listener` with the default session limits, used by the tests and the
/// browser tests.
pub fn server(
    state: AppState,
    key: Key,
    secure_cookies: bool,
    listener: TcpListener,
) -> std::io::Result<Server> {
    let options = WebOptions {
        secure_cookies,
        ..WebOptions::default()
    };
    server_with(state, key, options, listener)
}

/// The HTTP server on `listener` with `options`, used by `leadbook serve`.
pub fn server_with(
    state: AppState,
    key: Key,
    options: WebOptions,
    listener: TcpListener,
) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let secure_cookies = options.secure_cookies;
    let metrics_on = options.metrics_token.is_some();
    if metrics_on {
        crate::telemetry::install();
    }
    let options = web::Data::new(options);
    let statics = static_dir();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(options.clone())
            .app_data(
                web::QueryConfig::default()
                    .error_handler(|e, _| WebError::BadRequest(bad_parameter(e)).into()),
            )
            .app_data(web::PathConfig::default().error_handler(|_, _| WebError::NotFound.into()))
            .wrap(middleware::from_fn(error_language::error_language))
            .wrap(session_middleware(key.clone(), secure_cookies))
            .wrap(
                middleware::DefaultHeaders::new()
                    .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "same-origin")),
            )
            .wrap(middleware::from_fn(no_store))
            .wrap(middleware::Condition::new(
                metrics_on,
                middleware::from_fn(metrics::track),
            ))
            .wrap(
                middleware::Logger::new("%r %s %Dms")
                    .exclude("/healthz")
                    .exclude("/readyz"),
            )
            .service(actix_files::Files::new("/static", statics.clone()))
            .configure(api::routes)
            .configure(|cfg| handlers::routes(&mut router::Router::new(cfg, "")))
            .default_service(web::to(|| async {
                Err::<HttpResponse, _>(WebError::NotFound)
            }))
    })
    .listen(listener)?
    .run();
    Ok(server)
}

/// The refusal of an address whose query the handler cannot read.
pub fn bad_parameter(e: impl std::fmt::Display) -> crate::i18n::Msg {
    crate::i18n::Msg::new("web.error.bad_parameter").text("detail", e.to_string())
}

/// The refusal of a form the handler cannot read.
pub fn bad_form(e: impl std::fmt::Display) -> WebError {
    WebError::BadRequest(crate::i18n::Msg::new("web.error.bad_form").text("detail", e.to_string()))
}

/// A refusal whose text (from the domain) is already written.
pub fn bad_request(text: impl Into<String>) -> WebError {
    WebError::BadRequest(crate::i18n::Msg::new("web.error.detail").text("detail", text))
}

/// `Cache-Control: no-store` on every answer but the static files: pages show what only a
/// signed-in user may see and carry the session's CSRF token, so no browser or proxy cache
/// keeps them (the back button after sign-out shows nothing).
async fn no_store(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let cacheable = req.path().starts_with("/static/");
    let mut res = next.call(req).await?;
    if !cacheable && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// The client's address, for sign-in throttling and the log. Without `trust_proxy` it is the
/// connection's peer. With it, it is the last address of `X-Forwarded-For` (else of the
/// `Forwarded` header's `for=`): the one the reverse proxy in front added, which the client
/// cannot choose, unlike the first. IPv6 addresses count by their /64 network, since one
/// client usually holds a whole /64.
/// The first of our languages the request's `Accept-Language` names, if any.
pub fn browser_language(headers: &actix_web::http::header::HeaderMap) -> Option<crate::i18n::Lang> {
    headers
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::negotiate)
}

pub fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let forwarded = || -> Option<String> {
        let header = |name: &str| {
            req.headers()
                .get_all(name)
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",")
        };
        let xff = header("x-forwarded-for");
        if let Some(last) = xff.rsplit(',').map(str::trim).find(|s| !s.is_empty()) {
            return Some(last.to_string());
        }
        let fwd = header("forwarded");
        fwd.split([',', ';'])
            .filter_map(|pair| pair.trim().split_once('='))
            .filter(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
            .map(|(_, v)| v.trim().trim_matches('"').to_string())
            .next_back()
    };
    let raw = match trust_proxy.then(forwarded).flatten() {
        Some(address) => address,
        None => req
            .peer_addr()
            .map_or_else(|| "unknown".to_string(), |a| a.ip().to_string()),
    };
    client_key(&raw)
}

/// An address as throttling counts it: the IP without a port, an IPv6 address as its /64.
fn client_key(raw: &str) -> String {
    use std::net::{IpAddr, SocketAddr};
    let trimmed = raw.trim().trim_start_matches('[');
    let ip = raw
        .trim()
        .parse::<SocketAddr>()
        .map(|s| s.ip())
        .or_else(|_| {
            trimmed
                .split(']')
                .next()
                .unwrap_or(trimmed)
                .parse::<IpAddr>()
        });
    match ip {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        // Not an address (`unknown`, an obfuscated `_name` of RFC 7239): kept as given.
        Err(_) => raw.trim().chars().take(100).collect(),
    }
}

/// Every route `server` registers (API and pages), as method and path pattern, in
/// registration order: the same route functions, run without an app. Static files and the
/// 404 fallback are not routes.
pub fn route_table() -> Vec<(actix_web::http::Method, String)> {
    let mut api = router::Router::recording(api::PREFIX);
    api::table(&mut api);
    let mut pages = router::Router::recording("");
    handlers::routes(&mut pages);
    let mut all = api.into_routes();
    all.extend(pages.into_routes());
    all
}

/// Runs `f` with a pooled connection on the blocking thread pool.
pub async fn db<T, F>(state: &web::Data<AppState>, f: F) -> DomainResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> DomainResult<T> + Send + 'static,
{
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool
            .get()
            .map_err(|e| DomainError::Internal(format!("database pool: {e}")))?;
        f(&mut conn)
    })
    .await
    .map_err(|e| DomainError::Internal(e.to_string()))?
}

/// A rendered page with `status`.
pub fn render(page: &impl Template, status: StatusCode) -> Result<HttpResponse, WebError> {
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.render()?))
}

/// A rendered page, 200 OK.
pub fn page(page: &impl Template) -> Result<HttpResponse, WebError> {
    render(page, StatusCode::OK)
}

/// Percent-encodes a query value.
pub fn urlencode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A redirect target from a `next` parameter, only when it is a path on this site: one
/// leading `/` (not `//`), no backslash and no control character. Browsers drop tabs and
/// line breaks from a `Location` (so `/\t/evil.example` would become `//evil.example`, off
/// site) and treat `\` as `/`; a line break would also make the header invalid (a 500 after
/// the change was saved). Callers fall back to a default of their own on `None`; every
/// `next` in the application goes through here.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        for bad in [
            "/\t/evil.example/x",
            "//evil",
            "/\\evil",
            "https://x",
            "/\n/x",
            "/\r\nSet-Cookie: x=1",
            "/x\u{7f}",
            "javascript:alert(1)",
            "evil.example",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
        for good in [
            "/leads?x=1",
            "/",
            "/pipeline?stage=2&q=%2F%2Fx",
            "/leads/7#chatter",
        ] {
            assert_eq!(safe_next(good), Some(good));
        }
    }

    fn from_peer(headers: &[(&str, &str)]) -> TestRequest {
        let mut req = TestRequest::default().peer_addr("10.0.0.7:51000".parse().unwrap());
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        req
    }

    #[test]
    fn the_client_address_is_the_peer_unless_a_proxy_is_trusted() {
        let req = from_peer(&[("x-forwarded-for", "203.0.113.9")]).to_http_request();
        assert_eq!(client_address(&req, false), "10.0.0.7");
        assert_eq!(client_address(&req, true), "203.0.113.9");
        // The proxy appends what it saw; a client's own claim before it does not count.
        let req = from_peer(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]).to_http_request();
        assert_eq!(client_address(&req, true), "203.0.113.9");
        let req = from_peer(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8:1:2::17]:4711\"")])
            .to_http_request();
        assert_eq!(client_address(&req, true), "2001:db8:1:2::/64");
        let req = from_peer(&[]).to_http_request();
        assert_eq!(
            client_address(&req, true),
            "10.0.0.7",
            "no header: the peer"
        );
    }

    #[test]
    fn ipv6_clients_count_by_their_64_network() {
        assert_eq!(client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(client_key("[2001:db8:1:2::1]"), "2001:db8:1:2::/64");
        assert_eq!(client_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(client_key("192.0.2.1:8080"), "192.0.2.1");
        assert_eq!(client_key("_hidden"), "_hidden");
    }
}
