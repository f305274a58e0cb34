//! The test harness every web and domain test uses.
//!
//! - [`fresh_pool`]: an empty, migrated database of its own — a temporary SQLite file, or a
//!   new PostgreSQL database when `LEADBOOK_TEST_POSTGRES` names a server (built with
//!   `--features postgres`).
//! - [`World`]: the shared fixtures — users of each role, two teams, default stages, the
//!   default lost reasons.
//! - [`TestApp`]: the real HTTP server on port 0 over such a database, and [`Client`], a
//!   cookie-keeping client that does not follow redirects and sends the CSRF token.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the harness"
)]

use std::cell::RefCell;
use std::net::TcpListener;

use actix_web::cookie::Key;
use leadbook::db::{self, DbConn, DbPool};
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::models::{stages, teams};

pub mod similar;

pub const PASSWORD: &str = "correct horse battery";

/// Keeps the database alive for the test's duration; a PostgreSQL test database is dropped
/// with it.
pub enum DbGuard {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        #[cfg(feature = "postgres")]
        if let DbGuard::Postgres { admin_url, name } = self {
            use diesel::{Connection, RunQueryDsl};
            // FORCE (PostgreSQL 13+) ends the connections the pool and the server still hold.
            let dropped = diesel::PgConnection::establish(admin_url).and_then(|mut admin| {
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin)
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)
            });
            if let Err(e) = dropped {
                eprintln!("could not drop the test database {name}: {e}");
            }
        }
    }
}

/// A fresh migrated database for one test.
pub fn fresh_pool() -> (DbPool, DbGuard) {
    let (url, guard) = fresh_database();
    let pool = db::connect(&url, 4).expect("open the test database");
    (pool, guard)
}

/// The URL of a fresh, empty (not yet migrated) database for one test: a temporary SQLite
/// file, or a new PostgreSQL database when `LEADBOOK_TEST_POSTGRES` names a server.
pub fn fresh_database() -> (String, DbGuard) {
    if let Ok(admin_url) = std::env::var("LEADBOOK_TEST_POSTGRES")
        && !admin_url.is_empty()
    {
        return postgres_database(&admin_url);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.db");
    let url = path.to_str().expect("utf-8 path").to_string();
    (url, DbGuard::Sqlite(dir))
}

#[cfg(feature = "postgres")]
fn postgres_database(admin_url: &str) -> (String, DbGuard) {
    use diesel::{Connection, RunQueryDsl};
    let name = format!("lb_test_{}", hex::encode(rand::random::<[u8; 8]>()));
    let mut admin =
        diesel::PgConnection::establish(admin_url).expect("connect to LEADBOOK_TEST_POSTGRES");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("create test database");
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    let url = format!("{base}/{name}");
    let guard = DbGuard::Postgres {
        admin_url: admin_url.to_string(),
        name,
    };
    (url, guard)
}

#[cfg(not(feature = "postgres"))]
fn postgres_database(_: &str) -> (String, DbGuard) {
    panic!("LEADBOOK_TEST_POSTGRES is set but this test build has no `postgres` feature");
}

/// The shared fixtures: one user per role (plus a second salesperson in the other team).
pub struct World {
    pub admin: UserId,
    pub manager: UserId,
    /// In team Europe.
    pub sales: UserId,
    /// In team Asia.
    pub other_sales: UserId,
    pub europe: TeamId,
    pub asia: TeamId,
}

fn user(conn: &mut DbConn, login: &str, name: &str, role: &str) -> UserId {
    let input = UserInput {
        login: login.into(),
        name: name.into(),
        email: format!("{login}@leadbook.test"),
        role: role.into(),
        language: "en".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    };
    // The command line's door: the fixtures are set up as the operator sets up a server.
    users::create(conn, &Actor::operator(), &input)
        .expect("create fixture user")
        .id
}

impl World {
    pub fn create(conn: &mut DbConn) -> World {
        stages::ensure_defaults(conn).expect("stages");
        let admin = user(conn, "admin", "Ada Admin", "admin");
        let manager = user(conn, "manager", "Sofia Manager", "manager");
        let sales = user(conn, "sales", "Mario Rossi", "salesperson");
        let other_sales = user(conn, "other", "Linh Tran", "salesperson");
        let europe = teams::create(conn, "Europe", Some(manager))
            .expect("team")
            .id;
        let asia = teams::create(conn, "Asia", None).expect("team").id;
        teams::add_member(conn, europe, sales).expect("member");
        teams::add_member(conn, asia, other_sales).expect("member");
        World {
            admin,
            manager,
            sales,
            other_sales,
            europe,
            asia,
        }
    }
}

/// The app on a random port over its own database.
pub struct TestApp {
    pub base: String,
    pub pool: DbPool,
    pub world: Option<World>,
    handle: actix_web::dev::ServerHandle,
    _guard: DbGuard,
}

impl TestApp {
    /// With the fixtures world.
    pub async fn spawn() -> TestApp {
        Self::start(true).await
    }

    /// With no user at all (first run).
    pub async fn spawn_empty() -> TestApp {
        Self::start(false).await
    }

    /// With the fixtures world and these server options (session limits, proxy trust).
    pub async fn spawn_with(options: leadbook::web::WebOptions) -> TestApp {
        Self::start_with(true, options).await
    }

    async fn start(with_world: bool) -> TestApp {
        Self::start_with(with_world, leadbook::web::WebOptions::default()).await
    }

    async fn start_with(with_world: bool, options: leadbook::web::WebOptions) -> TestApp {
        let (pool, guard) = fresh_pool();
        let world = with_world.then(|| World::create(&mut pool.get().expect("connection")));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind port 0");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let state = leadbook::web::AppState { pool: pool.clone() };
        let server =
            leadbook::web::server_with(state, Key::generate(), options, listener).expect("server");
        let handle = server.handle();
        actix_web::rt::spawn(server);
        TestApp {
            base,
            pool,
            world,
            handle,
            _guard: guard,
        }
    }

    pub fn world(&self) -> &World {
        self.world
            .as_ref()
            .expect("this app was spawned without the fixtures world")
    }

    pub fn conn(&self) -> db::PooledConn {
        self.pool.get().expect("connection")
    }

    /// An anonymous visitor.
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// An anonymous visitor behind a reverse proxy that names it `address` in
    /// `X-Forwarded-For` (which only counts when the app trusts the proxy).
    pub fn client_from(&self, address: &str) -> Client {
        let mut client = Client::new(&self.base);
        client.forwarded_for = Some(address.to_string());
        client
    }

    /// A visitor signed in through the real sign-in form.
    pub async fn client_as(&self, login: &str) -> Client {
        let client = self.client();
        let resp = client
            .post("/login", &[("login", login), ("password", PASSWORD)])
            .await;
        assert_eq!(resp.status, 303, "sign-in as {login} failed: {}", resp.body);
        client
    }

    pub async fn stop(self) {
        self.handle.stop(false).await;
    }
}

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

fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}

/// The user as the domain sees them.
#[allow(dead_code)]
pub fn actor(
    conn: &mut leadbook::db::DbConn,
    id: leadbook::domain::ids::UserId,
) -> leadbook::domain::access::Actor {
    use leadbook::domain::models::users;
    let user = users::find(conn, id).unwrap();
    leadbook::domain::access::Actor::new(&user, users::team_ids(conn, id).unwrap())
}
