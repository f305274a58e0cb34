//! `leadbook import FILE.csv` as an operator uses it: a report of what was created and of
//! every bad row, and a second run of the same file that updates instead of duplicating.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn leadbook(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadbook"))
        .arg("--database")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run leadbook");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

#[test]
fn import_prints_a_report_and_a_second_run_updates_by_external_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let db = db.to_str().unwrap();
    let made = leadbook(
        db,
        &["user", "create", "--login", "boss", "--role", "manager"],
        Some("correct horse battery\n"),
    );
    assert!(made.status.success());
    let file = dir.path().join("leads.csv");
    std::fs::write(
        &file,
        "external_id;title;email;stage\n\
         E1;Boiler;mario@rossi.it;New\n\
         E2;Heat pump;not-an-email;New\n\
         E3;Solar;linh@tran.vn;Nowhere\n\
         E4;Windows;anna@bianchi.it;\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let checked = leadbook(db, &["import", file, "--check"], None);
    let out = String::from_utf8_lossy(&checked.stdout);
    assert!(
        out.contains("4 rows read: 2 valid, 2 invalid (checked only"),
        "{out}"
    );
    assert!(out.contains("row 3, email:"));
    let first = leadbook(db, &["import", file, "--as", "boss"], None);
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{out}");
    assert!(out.contains("4 rows read: 2 created"), "{out}");
    assert!(out.contains("2 invalid"));
    assert!(out.contains("row 3, email: 'not-an-email' is not an email address"));
    assert!(out.contains("row 4, stage: There is no stage named 'Nowhere'"));

    let second = leadbook(db, &["import", file, "--policy", "create"], None);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        out.contains("0 created, 2 updated (same external_id)"),
        "{out}"
    );

    let bad = leadbook(db, &["import", file, "--policy", "sometimes"], None);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a duplicate policy"));
}
