//! `leadbook backup` and `leadbook restore` on the real binary: a backup taken while eight
//! clients create leads through the API restores to a sound database holding every lead
//! acknowledged before the backup started; a damaged backup or one from a newer version is
//! refused and leaves the current database as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use leadbook::domain::models::api_tokens;

use crate::api_support::real_server::{Server, free_port};
use crate::support::World;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

fn serve(database: &Path, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_leadbook"))
        .arg("--database")
        .arg(database)
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start leadbook");
    let server = Server(child);
    for _ in 0..400 {
        if agent()
            .get(format!("http://127.0.0.1:{port}/login"))
            .call()
            .is_ok()
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("leadbook did not start");
}

fn leadbook(database: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_leadbook"))
        .env("LC_ALL", "en_US.UTF-8")
        .arg("--database")
        .arg(database)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run leadbook");
    println!("{}{}", text(&out.stdout), text(&out.stderr));
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A database with the fixtures, and a token of its salesperson.
fn database(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("live.db");
    let pool = leadbook::db::connect(path.to_str().unwrap(), 2).expect("database");
    let mut conn = pool.get().unwrap();
    let world = World::create(&mut conn);
    let token = api_tokens::create(&mut conn, world.sales, "writer").unwrap();
    (path, token)
}

/// Creates leads until told to stop; each acknowledged id with the moment of its answer.
fn writer(port: u16, token: String, n: usize, stop: Arc<AtomicBool>) -> Vec<(i32, Instant)> {
    let agent = agent();
    let mut acknowledged = Vec::new();
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let answer = agent
            .post(format!("http://127.0.0.1:{port}/api/v1/leads"))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .send(format!(r#"{{"title": "Writer {n} lead {i}"}}"#).as_bytes());
        let Ok(mut answer) = answer else { continue };
        if answer.status().as_u16() == 201 {
            let body: serde_json::Value =
                serde_json::from_str(&answer.body_mut().read_to_string().unwrap()).unwrap();
            let id = body["lead"]["id"].as_i64().expect("the new lead's id");
            acknowledged.push((i32::try_from(id).unwrap(), Instant::now()));
        }
    }
    acknowledged
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = Integer)]
    id: i32,
}

#[derive(QueryableByName)]
struct Recorded {
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    actor_login: String,
}

#[derive(QueryableByName)]
struct Integrity {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

fn sqlite_only() -> bool {
    std::env::var("LEADBOOK_TEST_POSTGRES").map_or(true, |v| v.is_empty())
}

#[test]
fn a_backup_taken_under_eight_writers_restores_every_lead_acknowledged_before_it() {
    if !sqlite_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (live, token) = database(dir.path());
    let port = free_port();
    let _server = serve(&live, port);
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..8)
        .map(|n| {
            let (token, stop) = (token.clone(), stop.clone());
            std::thread::spawn(move || writer(port, token, n, stop))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let backup = dir.path().join("backup.db");
    let started = Instant::now();
    let made = leadbook(&live, &["backup", backup.to_str().unwrap()]);
    assert!(made.status.success());
    assert!(text(&made.stdout).contains("backup written"));
    std::thread::sleep(Duration::from_millis(500));
    stop.store(true, Ordering::Relaxed);
    let acknowledged: Vec<(i32, Instant)> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let before: Vec<i32> = acknowledged
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(id, _)| *id)
        .collect();
    println!(
        "acknowledged: {} before the backup, {} in all",
        before.len(),
        acknowledged.len()
    );
    assert!(
        before.len() >= 8,
        "the writers were writing: {}",
        before.len()
    );
    assert!(
        acknowledged.len() > before.len(),
        "and went on during the backup"
    );
    // Restored into another place (the live database stays as it is).
    let restored = dir.path().join("restored.db");
    assert!(
        leadbook(&restored, &["restore", backup.to_str().unwrap()])
            .status
            .success()
    );
    let mut c = diesel::SqliteConnection::establish(restored.to_str().unwrap()).unwrap();
    let check: Vec<Integrity> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut c)
        .unwrap();
    assert_eq!(check.len(), 1);
    assert_eq!(check[0].integrity_check, "ok");
    let ids: std::collections::HashSet<i32> = diesel::sql_query("SELECT id FROM leads")
        .load::<Id>(&mut c)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let missing: Vec<_> = before.iter().filter(|id| !ids.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing: {missing:?}"
    );
    // The restore itself is the restored trail's newest record, by the command line.
    let newest: Vec<Recorded> =
        diesel::sql_query("SELECT action, actor_login FROM audit_log ORDER BY id DESC LIMIT 1")
            .load(&mut c)
            .unwrap();
    assert_eq!(
        (newest[0].action.as_str(), newest[0].actor_login.as_str()),
        ("backup_restored", "cli")
    );
}

/// Every file of the database's directory with its bytes, to see that nothing changed.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn restore_refuses_a_damaged_backup_and_a_newer_one_and_changes_nothing() {
    if !sqlite_only() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (live, _) = database(dir.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let good = elsewhere.path().join("good.db");
    assert!(
        leadbook(&live, &["backup", good.to_str().unwrap()])
            .status
            .success()
    );
    // The file is never overwritten.
    let again = leadbook(&live, &["backup", good.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(text(&again.stderr).contains("already exists"));

    let mut bytes = std::fs::read(&good).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 4..len / 2] {
        *b ^= 0xA5;
    }
    let damaged = elsewhere.path().join("damaged.db");
    std::fs::write(&damaged, bytes).unwrap();
    let newer = elsewhere.path().join("newer.db");
    std::fs::copy(&good, &newer).unwrap();
    let mut c = diesel::SqliteConnection::establish(newer.to_str().unwrap()).unwrap();
    diesel::sql_query("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231235959')")
        .execute(&mut c)
        .unwrap();
    drop(c);

    let before = files(dir.path());
    let refused = leadbook(&live, &["restore", damaged.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("is damaged"),
        "{}",
        text(&refused.stderr)
    );
    let refused = leadbook(&live, &["restore", newer.to_str().unwrap()]);
    assert!(!refused.status.success());
    let message = text(&refused.stderr);
    assert!(message.contains("newer version of Leadbook"), "{message}");
    assert!(message.contains("29991231235959"), "{message}");
    assert_eq!(
        files(dir.path()),
        before,
        "the current database is untouched"
    );
    // The good one goes in, and the current database is kept beside it.
    assert!(
        leadbook(&live, &["restore", good.to_str().unwrap()])
            .status
            .success()
    );
    let names: Vec<String> = files(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("live.db.before-restore-")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.ends_with(".restoring")),
        "{names:?}"
    );
}
