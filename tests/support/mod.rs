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
    unused_imports,
    reason = "each test binary uses a different part of the harness"
)]

use std::net::TcpListener;

use actix_web::cookie::Key;
use leadbook::db::{self, DbConn, DbPool};
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::models::{stages, teams};

pub mod client;
pub mod lead;
pub mod lost;
pub mod similar;

pub use client::{Client, Resp, csrf_in, encode};
pub use lead::{LeadBuilder, age, reload};
pub use lost::{lose, reason_id};

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

/// The form of a new user `login` of `role`, with the fixtures' password.
pub fn user_input(login: &str, name: &str, role: &str) -> UserInput {
    UserInput {
        login: login.into(),
        name: name.into(),
        email: format!("{login}@leadbook.test"),
        role: role.into(),
        language: "en".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    }
}

fn user(conn: &mut DbConn, login: &str, name: &str, role: &str) -> UserId {
    // The command line's door: the fixtures are set up as the operator sets up a server.
    users::create(conn, &Actor::operator(), &user_input(login, name, role))
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

    /// A lead of the salesperson `sales` in team Europe.
    pub fn sales_lead(&self, title: &str) -> LeadBuilder {
        LeadBuilder::new(title).owner(self.sales).team(self.europe)
    }

    /// An opportunity of the salesperson `sales` in team Europe, expecting `revenue`.
    pub fn sales_deal(&self, title: &str, revenue: &str) -> LeadBuilder {
        self.sales_lead(title)
            .revenue(revenue)
            .kind(leadbook::domain::models::leads::Kind::Opportunity)
    }

    /// A lead of `other_sales`, the salesperson of team Asia.
    pub fn other_lead(&self, title: &str) -> LeadBuilder {
        LeadBuilder::new(title)
            .owner(self.other_sales)
            .team(self.asia)
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
        Client::behind_proxy(&self.base, address)
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

/// The user as the domain sees them.
pub fn actor(conn: &mut DbConn, id: UserId) -> leadbook::domain::access::Actor {
    let user = users::find(conn, id).expect("user");
    leadbook::domain::access::Actor::new(&user, users::team_ids(conn, id).expect("teams"))
}

/// Whether a redirect stays on this site: a path, not `//host`, with no control character
/// or backslash a browser might read as another host.
pub fn same_site(location: Option<&str>) -> bool {
    location.is_some_and(|l| {
        l.starts_with('/')
            && !l.starts_with("//")
            && !l.chars().any(|c| c.is_control() || c == '\\')
    })
}

/// A fresh SQLite database in a temporary folder, for the tests that only run on SQLite.
pub fn fresh_sqlite() -> (tempfile::TempDir, DbPool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.sqlite3");
    let pool = db::connect(&path.to_string_lossy(), 2).expect("database");
    (dir, pool)
}
