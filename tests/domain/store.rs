//! The store: migrations, the write transaction, the session key.

use diesel::prelude::*;
use leadbook::db::{self, schema::settings};
use leadbook::domain::DomainError;
use leadbook::domain::models::settings as app_settings;

#[test]
fn migrations_run_twice_without_harm() {
    let (pool, _guard) = crate::support::fresh_pool();
    let mut conn = pool.get().unwrap();
    assert_eq!(
        db::migrate(&mut conn).unwrap(),
        0,
        "a second run has nothing to do"
    );
    let reasons: i64 = leadbook::db::schema::lost_reasons::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(reasons, 3, "the default lost reasons are seeded once");
}

#[test]
fn reopening_a_sqlite_file_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reopen.db");
    let path = path.to_str().unwrap();
    let key = {
        let pool = db::connect(path, 2).unwrap();
        app_settings::session_key(&mut pool.get().unwrap()).unwrap()
    };
    let pool = db::connect(path, 2).unwrap();
    assert_eq!(
        app_settings::session_key(&mut pool.get().unwrap()).unwrap(),
        key,
        "sessions survive a restart"
    );
    assert!(key.len() >= 64);
}

#[test]
fn a_failing_write_transaction_leaves_nothing_behind() {
    let (pool, _guard) = crate::support::fresh_pool();
    let mut conn = pool.get().unwrap();
    let result: Result<(), DomainError> = db::write_tx(&mut conn, |c| {
        diesel::insert_into(settings::table)
            .values((settings::key.eq("half_written"), settings::value.eq("1")))
            .execute(c)?;
        Err(DomainError::Conflict("injected failure".into()))
    });
    assert!(result.is_err());
    let left: i64 = settings::table
        .filter(settings::key.eq("half_written"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn concurrent_read_then_write_transactions_all_succeed() {
    let (pool, _guard) = crate::support::fresh_pool();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                for i in 0..25 {
                    db::write_tx(&mut conn, |c| {
                        let n: i64 = settings::table.count().get_result(c)?;
                        diesel::insert_into(settings::table)
                            .values((
                                settings::key.eq(format!("k{t}-{i}-{n}")),
                                settings::value.eq("v"),
                            ))
                            .execute(c)?;
                        Ok::<_, DomainError>(())
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let count: i64 = settings::table
        .filter(settings::key.like("k%"))
        .count()
        .get_result(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(count, 100);
}

/// Several app instances starting at once on one database must agree on one session key,
/// or cookies signed by one instance are rejected by the others.
#[test]
fn instances_starting_together_agree_on_one_session_key() {
    let (pool, _guard) = crate::support::fresh_pool();
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                start.wait();
                app_settings::session_key(&mut conn)
            })
        })
        .collect();
    let keys: Vec<Vec<u8>> = threads
        .into_iter()
        .map(|t| t.join().unwrap().expect("every instance gets the key"))
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "one key for everybody");
}

/// Concurrent wrong passwords for a login nobody failed before: every one is counted and
/// none becomes a server error (the first failure inserts the throttle row).
#[test]
fn concurrent_failed_sign_ins_are_all_counted() {
    use leadbook::domain::models::users;
    let (pool, _guard) = crate::support::fresh_pool();
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                start.wait();
                users::authenticate(&mut conn, "nobody", "wrong password", "192.0.2.1")
            })
        })
        .collect();
    for t in threads {
        match t.join().unwrap() {
            Err(DomainError::Invalid(_)) => {}
            other => panic!("expected the wrong-password answer, got {other:?}"),
        }
    }
    let failures: i32 = leadbook::db::schema::login_throttle::table
        .find(("nobody", "192.0.2.1"))
        .select(leadbook::db::schema::login_throttle::failures)
        .first(&mut pool.get().unwrap())
        .unwrap();
    assert_eq!(failures, 4);
}

/// Several instances starting together on an empty PostgreSQL database (the scale-out set-up):
/// each runs the migrations at start, and every one of them must come up. SQLite is one
/// instance on one file, and its migrations are not serialised across connections, so the
/// test runs on PostgreSQL only.
#[test]
fn instances_starting_together_on_an_empty_database_all_come_up() {
    let (url, _guard) = crate::support::fresh_database();
    if !db::is_postgres_url(&url) {
        return;
    }
    let start = std::sync::Arc::new(std::sync::Barrier::new(4));
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let url = url.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                db::connect(&url, 1).map(|_| ())
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().expect("every instance starts");
    }
}

/// Diesel keys a migration by the date before its name: two folders with one version would
/// leave one of them unapplied on every database. Both backends carry the same migrations.
#[test]
fn migrations_have_unique_versions_and_the_same_set_on_both_backends() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let versions = |backend: &str| {
        let mut names: Vec<String> = std::fs::read_dir(root.join(backend))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let (sqlite, postgres) = (versions("sqlite"), versions("postgres"));
    assert_eq!(sqlite, postgres, "the same migrations on both backends");
    let mut seen = std::collections::BTreeSet::new();
    for name in &sqlite {
        let version = name.split('_').next().unwrap_or_default();
        assert!(
            seen.insert(version.to_string()),
            "two migrations share version {version}"
        );
    }
}
