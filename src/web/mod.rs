//! The web layer, kept thin: extract the request, parse it into a domain call, run that call
//! on the blocking pool, then render a template or redirect.

pub mod api;
pub mod csrf;
pub mod ctx;
pub mod error;
pub mod filter_bar;
pub mod form;
pub mod handlers;
pub mod multipart;
pub mod router;

use std::net::TcpListener;
use std::path::PathBuf;

use actix_session::SessionMiddleware;
use actix_session::config::CookieContentSecurity;
use actix_session::storage::CookieSessionStore;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Server;
use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, HttpServer, middleware, web};
use askama::Template;

use crate::db::{DbConn, DbPool};
use crate::domain::{DomainError, DomainResult};
pub use error::{WebError, see_other};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
}

pub const SESSION_COOKIE: &str = "leadbook";

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

/// The HTTP server on `listener`, used by `leadbook serve`, the tests and the browser tests.
pub fn server(
    state: AppState,
    key: Key,
    secure_cookies: bool,
    listener: TcpListener,
) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let statics = static_dir();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::QueryConfig::default().error_handler(|e, _| {
                WebError::BadRequest(format!("the address has a bad parameter: {e}")).into()
            }))
            .app_data(web::PathConfig::default().error_handler(|_, _| WebError::NotFound.into()))
            .wrap(session_middleware(key.clone(), secure_cookies))
            .wrap(
                middleware::DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "same-origin")),
            )
            .wrap(middleware::Logger::new("%r %s %Dms"))
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
                out.push(b as char)
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
    use super::safe_next;

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
}
