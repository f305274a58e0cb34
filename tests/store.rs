//! The store: migrations, the write transaction, the session key.

mod support;

use diesel::prelude::*;
use leadbook::db::{self, schema::settings};
use leadbook::domain::DomainError;
use leadbook::domain::models::settings as app_settings;

#[test]
fn migrations_run_twice_without_harm() {
    let (pool, _guard) = support::fresh_pool();
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
    let (pool, _guard) = support::fresh_pool();
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
    let (pool, _guard) = support::fresh_pool();
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
