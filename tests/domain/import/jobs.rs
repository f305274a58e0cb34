//! Import jobs: interrupted by a dead server, run twice at once.

use super::{actor, count};
use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::domain::models::leads::Kind;

#[actix_web::test]
async fn a_job_left_running_by_a_dead_server_is_interrupted_at_start_then_run_again_or_discarded() {
    use leadbook::db::schema::import_jobs;
    use leadbook::domain::import::jobs::{self, JobState};
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let manager = actor(&mut conn, "manager");
    let content = |conn: &mut DbConn, id: i32| -> Option<String> {
        import_jobs::table
            .find(id)
            .select(import_jobs::content)
            .first(conn)
            .optional()
            .unwrap()
    };
    let id = jobs::upload(&mut conn, &manager, "p.csv", b"title\nA\nB\n", Kind::Lead).unwrap();
    let columns = vec!["title".to_string()];
    // The check is queued, and the server dies before it ends.
    jobs::choose(&mut conn, &manager, id, &columns, "skip", "lead").unwrap();
    assert_eq!(
        jobs::recover(&mut conn).unwrap().marked,
        1,
        "the next start finds it"
    );
    let job = jobs::find(&mut conn, &manager, id).unwrap();
    assert_eq!(job.state, JobState::Interrupted);
    assert!(!job.resumes_import(), "Run again checks the file first");
    jobs::confirm(&mut conn, &manager, id).unwrap();
    assert_eq!(
        jobs::find(&mut conn, &manager, id).unwrap().state,
        JobState::Checking
    );
    jobs::run(&mut conn, id).unwrap();
    assert_eq!(
        jobs::find(&mut conn, &manager, id).unwrap().state,
        JobState::Checked
    );

    // The import is confirmed, and the server dies again before it ends.
    jobs::confirm(&mut conn, &manager, id).unwrap();
    assert_eq!(jobs::recover(&mut conn).unwrap().marked, 1);
    let job = jobs::find(&mut conn, &manager, id).unwrap();
    assert_eq!(job.state, JobState::Interrupted);
    assert!(job.resumes_import(), "the check is not needed again");
    assert_eq!(count(&mut conn), 0);
    jobs::confirm(&mut conn, &manager, id).unwrap();
    jobs::run(&mut conn, id).unwrap();
    let done = jobs::find(&mut conn, &manager, id).unwrap();
    assert_eq!(done.state, JobState::Done);
    assert_eq!(done.report.unwrap().created, 2);
    assert_eq!(count(&mut conn), 2);
    assert_eq!(
        content(&mut conn, id).as_deref(),
        Some(""),
        "the file is gone"
    );
    assert_eq!(
        jobs::recover(&mut conn).unwrap().marked,
        0,
        "nothing else to recover"
    );

    // Another interrupted job is discarded, its file with it; a running one cannot be.
    let other = jobs::upload(&mut conn, &manager, "q.csv", b"title\nC\n", Kind::Lead).unwrap();
    jobs::choose(&mut conn, &manager, other, &columns, "skip", "lead").unwrap();
    assert!(matches!(
        jobs::discard(&mut conn, &manager, other),
        Err(leadbook::domain::DomainError::Conflict(_))
    ));
    jobs::recover(&mut conn).unwrap();
    assert_eq!(
        jobs::discard(&mut conn, &manager, other).unwrap(),
        Kind::Lead
    );
    assert!(content(&mut conn, other).is_none(), "the file is gone");
    assert!(jobs::find(&mut conn, &manager, other).is_err());
    assert_eq!(count(&mut conn), 2, "the discarded file wrote nothing");
}

#[actix_web::test]
async fn a_job_run_twice_at_once_imports_its_file_once() {
    use leadbook::domain::import::jobs::{self, JobState};
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let manager = actor(&mut conn, "manager");
    let mut file = String::from("title\n");
    for i in 0..1000 {
        file.push_str(&format!("Deal {i}\n"));
    }
    let id = jobs::upload(&mut conn, &manager, "p.csv", file.as_bytes(), Kind::Lead).unwrap();
    let columns = vec!["title".to_string()];
    jobs::choose(&mut conn, &manager, id, &columns, "create", "lead").unwrap();
    jobs::run(&mut conn, id).unwrap();
    jobs::confirm(&mut conn, &manager, id).unwrap();
    // A double click on Run: two background runs of the same job.
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let pool = app.pool.clone();
            std::thread::spawn(move || jobs::run(&mut pool.get().unwrap(), id))
        })
        .collect();
    for run in runs {
        // The second may also give up waiting for the first (SQLite's busy timeout).
        drop(run.join().unwrap());
    }
    assert_eq!(count(&mut conn), 1000);
    let job = jobs::find(&mut conn, &manager, id).unwrap();
    assert_eq!(job.state, JobState::Done);
    assert_eq!(job.report.unwrap().created, 1000);
}
