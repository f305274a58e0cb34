//! Retention of import files: finished jobs past the limit go, with their file; recent ones
//! and those still running or waiting for the user stay.

use super::actor;
use crate::support::TestApp;
use chrono::Duration;
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::import_jobs;
use leadbook::domain::access::Actor;
use leadbook::domain::audit::{self, AuditFilter, Origin};
use leadbook::domain::backup::{self, BackupInput};
use leadbook::domain::import::jobs::{self, JobState};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::now;

/// An uploaded job moved to `state`, last changed `days` ago.
fn job(conn: &mut DbConn, state: JobState, days: i64) -> i32 {
    let manager = actor(conn, "manager");
    let id = jobs::upload(conn, &manager, "people.csv", b"title\nA\n", Kind::Lead).unwrap();
    diesel::update(import_jobs::table.find(id))
        .set((
            import_jobs::state.eq(state.as_str()),
            import_jobs::updated_at.eq(now() - Duration::days(days)),
        ))
        .execute(conn)
        .unwrap();
    id
}

fn remaining(conn: &mut DbConn) -> Vec<i32> {
    import_jobs::table
        .select(import_jobs::id)
        .order(import_jobs::id)
        .load(conn)
        .unwrap()
}

#[actix_web::test]
async fn an_old_finished_job_goes_a_recent_one_and_an_unfinished_old_one_stay() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let old_done = job(&mut conn, JobState::Done, 100);
    let old_failed = job(&mut conn, JobState::Failed, 100);
    let recent_done = job(&mut conn, JobState::Done, 2);
    let old_importing = job(&mut conn, JobState::Importing, 100);
    let old_waiting = job(&mut conn, JobState::Checked, 100);
    let old_interrupted = job(&mut conn, JobState::Interrupted, 100);
    let purged =
        jobs::purge_finished_before(&mut conn, &Origin::system(), now() - Duration::days(30))
            .unwrap();
    assert_eq!(purged.job_ids, vec![old_done, old_failed]);
    assert_eq!(
        remaining(&mut conn),
        vec![recent_done, old_importing, old_waiting, old_interrupted]
    );
}

#[actix_web::test]
async fn the_housekeeping_pass_applies_the_retention_setting_and_none_keeps_forever() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let old_done = job(&mut conn, JobState::Done, 100);
    let kept = backup::housekeeping(&mut conn, now()).unwrap();
    assert!(kept.purged.job_ids.is_empty(), "no limit: kept forever");
    assert!(kept.backup.is_none(), "no daily backups configured");
    let admin = actor(&mut conn, "admin");
    let input = BackupInput {
        keep: "7".into(),
        import_retention_days: "30".into(),
        ..BackupInput::default()
    };
    backup::config::save(&mut conn, &admin, &Origin::system(), &input).unwrap();
    let pass = backup::housekeeping(&mut conn, now()).unwrap();
    assert_eq!(pass.purged.job_ids, vec![old_done]);
    assert!(remaining(&mut conn).is_empty());
    // The purge is on record, by the system, naming the job; the record outlives the job.
    let trail = audit::query::all(&mut conn, &Actor::operator(), &AuditFilter::default()).unwrap();
    let purge = trail
        .iter()
        .find(|e| e.action == "imports_purged")
        .expect("an imports_purged record");
    assert_eq!(purge.actor_login, "system");
    let named: Vec<String> = purge.targets.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(named, [old_done.to_string()]);
    let settings = trail
        .iter()
        .filter(|e| e.action == "settings_changed")
        .count();
    assert_eq!(settings, 1, "saving the retention setting is on record too");
}

#[actix_web::test]
async fn the_daily_backup_is_taken_when_the_newest_is_a_day_old_and_pruned_to_keep_n() {
    let app = TestApp::spawn().await;
    if !leadbook::db::is_sqlite(&app.conn()) {
        return;
    }
    let mut conn = app.conn();
    let folder = tempfile::tempdir().unwrap();
    let admin = actor(&mut conn, "admin");
    let input = BackupInput {
        folder: folder.path().to_str().unwrap().into(),
        keep: "2".into(),
        daily: true,
        import_retention_days: String::new(),
    };
    backup::config::save(&mut conn, &admin, &Origin::system(), &input).unwrap();
    let start = now();
    let first = backup::housekeeping(&mut conn, start).unwrap();
    assert!(first.backup.is_some(), "none yet: one is taken");
    let hour_later = backup::housekeeping(&mut conn, start + Duration::hours(1)).unwrap();
    assert!(hour_later.backup.is_none(), "not due within the day");
    for day in 1..=3 {
        let pass = backup::housekeeping(&mut conn, start + Duration::days(day)).unwrap();
        assert!(pass.backup.is_some(), "day {day}");
    }
    let names: Vec<_> = backup::list(folder.path())
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(names.len(), 2, "kept two: {names:?}");
    let trail = audit::query::all(&mut conn, &Actor::operator(), &AuditFilter::default()).unwrap();
    let taken: Vec<_> = trail
        .iter()
        .filter(|e| e.action == "backup_taken")
        .collect();
    assert_eq!(taken.len(), 4, "every daily backup is on record");
    assert!(taken.iter().all(|e| e.actor_login == "system"));
}
