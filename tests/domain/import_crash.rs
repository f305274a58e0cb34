//! The fault an unlucky admin meets: the server is killed (`kill -9`) while a large web
//! import runs. After a restart the file is imported whole or not at all, and its job is not
//! stuck: it offers Run again and Discard, and Run again imports the whole file.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Client, PASSWORD};
use diesel::prelude::*;
use leadbook::db::schema::{import_jobs, leads};

/// Rows in the file: enough for the import to run for a few seconds in a debug build. On
/// SQLite the file is big enough to load as a large load; PostgreSQL keys every new lead as
/// it goes, which a debug build does about ten times slower.
fn rows() -> usize {
    match std::env::var("LEADBOOK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => 6_000,
        _ => leadbook::domain::import::LARGE_IMPORT,
    }
}

/// The real `leadbook` binary serving on a port of its own; killed with the test.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn leadbook(database: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leadbook"));
    command
        .arg("--database")
        .arg(database)
        .env("RUST_LOG", "warn");
    command
}

async fn serve(database: &str) -> (Server, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = leadbook(database)
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start leadbook");
    let server = Server(child);
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..400 {
        if reqwest::get(format!("{base}/login")).await.is_ok() {
            return (server, base);
        }
        pause(25).await;
    }
    panic!("leadbook did not start serving");
}

async fn pause(ms: u64) {
    actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
}

async fn signed_in(base: &str) -> Client {
    let client = Client::new(base);
    let resp = client
        .post("/login", &[("login", "boss"), ("password", PASSWORD)])
        .await;
    assert_eq!(resp.status, 303, "sign-in failed: {}", resp.body);
    client
}

/// The `"name":value` number of the status JSON.
fn number(json: &str, name: &str) -> usize {
    let start = json.find(&format!("\"{name}\":")).unwrap() + name.len() + 3;
    json[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// Polls the job until `until` holds for its status JSON.
async fn wait_for(client: &Client, job: &str, what: &str, until: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        let status = client.get(&format!("{job}/status")).await;
        assert_eq!(status.status, 200, "{}", status.body);
        if until(&status.body) {
            eprintln!("{what} after {:?}: {}", started.elapsed(), status.body);
            return status.body;
        }
        pause(20).await;
    }
    panic!("the job never got to: {what}");
}

/// The manager `boss`, created through the command line.
fn create_the_manager(database: &str) {
    let mut create = leadbook(database)
        .args(["user", "create", "--login", "boss", "--role", "manager"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(create.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(create.wait().unwrap().success());
}

/// A CSV of `rows` distinct people.
fn big_file(rows: usize) -> String {
    let mut file = String::from("title,contact_name,email\n");
    for i in 0..rows {
        file.push_str(&format!("Deal {i},Person {i},p{i}@crash.test\n"));
    }
    file
}

/// Uploads `file`, maps it and waits until it is checked. Returns the job's page.
async fn upload_and_check(boss: &Client, file: &str) -> String {
    let job = boss
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "big.csv",
            file.as_bytes(),
        )
        .await
        .location
        .expect("the upload goes to its job");
    let fields = [
        ("column", "title"),
        ("column", "contact_name"),
        ("column", "email"),
        ("policy", "create"),
        ("kind", "lead"),
    ];
    boss.post(&format!("{job}/check"), &fields)
        .await
        .assert_redirect(&job);
    wait_for(boss, &job, "checked", |s| {
        s.contains("\"state\":\"checked\"")
    })
    .await;
    job
}

#[actix_web::test]
async fn a_server_killed_during_a_web_import_leaves_all_or_nothing_and_a_job_that_runs_again() {
    let (database, _guard) = crate::support::fresh_database();
    create_the_manager(&database);

    let rows = rows();
    let file = big_file(rows);

    let (server, base) = serve(&database).await;
    let boss = signed_in(&base).await;
    let job = upload_and_check(&boss, &file).await;
    boss.post(&format!("{job}/run"), &[])
        .await
        .assert_redirect(&job);
    let seen = wait_for(&boss, &job, "importing with rows in", |s| {
        s.contains("\"state\":\"importing\"") && number(s, "done") > 0
    })
    .await;
    drop(server); // kill -9, mid-way
    let done_when_killed = number(&seen, "done");
    assert!(done_when_killed < rows, "killed mid-way: {seen}");

    let (_server, base) = serve(&database).await;
    let pool = leadbook::db::connect(&database, 2).unwrap();
    let count = || -> i64 {
        leads::table
            .count()
            .get_result(&mut pool.get().unwrap())
            .unwrap()
    };
    let boss = signed_in(&base).await;
    // PostgreSQL rolls the killed process's transaction back before its connection ends:
    // the job turns `interrupted` once that is done, shortly after the start.
    let status = wait_for(&boss, &job, "settled after the restart", |s| {
        !s.contains("\"state\":\"importing\"")
    })
    .await;
    if count() != 0 {
        // The commit made it before the kill: then all of it did.
        assert_eq!(count(), rows as i64);
        assert!(status.contains("\"state\":\"done\""), "{status}");
        return;
    }
    assert!(status.contains("\"state\":\"interrupted\""), "{status}");
    let page = boss.get(&job).await.body;
    assert!(
        !page.contains("id=\"progress\""),
        "not stuck at a percentage"
    );
    assert!(page.contains("Run the import again"), "{page}");
    assert!(page.contains("Discard the file"));

    boss.post(&format!("{job}/run"), &[])
        .await
        .assert_redirect(&job);
    wait_for(&boss, &job, "done", |s| s.contains("\"state\":\"done\"")).await;
    assert_eq!(count(), rows as i64, "the whole file, once");
    let id: i32 = job.rsplit('/').next().unwrap().parse().unwrap();
    let content: String = import_jobs::table
        .find(id)
        .select(import_jobs::content)
        .first(&mut pool.get().unwrap())
        .unwrap();
    assert!(content.is_empty(), "the file left the database");
}
