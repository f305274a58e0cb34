//! The `leadbook` command as an operator uses it: migrate, demo, user create, token create,
//! import (a report of every bad row, and a second run that updates instead of duplicating);
//! its messages in the language of the environment.

use std::io::Write;
use std::process::{Command, Output, Stdio};

pub(crate) fn leadbook(db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    leadbook_in(&[], db, args, stdin)
}

/// Runs the command with only the locale variables `locale` set (English without any).
fn leadbook_in(locale: &[(&str, &str)], db: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leadbook"));
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    let mut child = command
        .envs(locale.iter().copied())
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

pub(crate) fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn migrate_twice_then_create_a_user_and_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let db = db.to_str().unwrap();
    assert!(leadbook(db, &["migrate"], None).status.success());
    let again = leadbook(db, &["migrate"], None);
    assert!(again.status.success());
    assert!(text(&again).contains("0 migrations applied"));

    let created = leadbook(
        db,
        &[
            "user",
            "create",
            "--login",
            "mario",
            "--role",
            "salesperson",
        ],
        Some("a long password\n"),
    );
    assert!(created.status.success(), "{}", text(&created));
    assert!(text(&created).contains("created mario (salesperson)"));

    let token = leadbook(db, &["token", "create", "--login", "mario"], None);
    assert!(token.status.success(), "{}", text(&token));
    let printed = String::from_utf8_lossy(&token.stdout).trim().to_string();
    assert!(
        printed.starts_with("lb_") && printed.len() > 40,
        "only the token is printed: {printed}"
    );
}

#[test]
fn bad_commands_and_options_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let db = db.to_str().unwrap();
    let short = leadbook(
        db,
        &["user", "create", "--login", "x", "--role", "salesperson"],
        Some("short\n"),
    );
    assert!(!short.status.success());
    assert!(text(&short).contains("at least 8 characters"));
    let role = leadbook(
        db,
        &["user", "create", "--login", "x", "--role", "king"],
        Some("a long password\n"),
    );
    assert!(text(&role).contains("is not a role"));
    let unknown = leadbook(db, &["frobnicate"], None);
    assert!(!unknown.status.success());
    assert!(text(&unknown).contains("unknown command"));
    let nobody = leadbook(db, &["token", "create", "--login", "ghost"], None);
    assert!(text(&nobody).contains("no user with login 'ghost'"));
    let bad_n = leadbook(db, &["demo", "--leads", "many"], None);
    assert!(text(&bad_n).contains("is not a number"));
}

#[test]
fn demo_loads_once_and_names_the_demo_logins() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let db = db.to_str().unwrap();
    let out = leadbook(db, &["demo", "--leads", "400"], None);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("loaded 400 leads"), "{said}");
    assert!(said.contains("mario"));
    let again = leadbook(db, &["demo"], None);
    assert!(
        !again.status.success(),
        "a second load is refused rather than duplicating everything"
    );
}

#[test]
fn demo_with_duplicates_writes_the_true_pairs_for_the_scan_to_be_scored_against() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dups.db");
    let db = db.to_str().unwrap();
    let truth = dir.path().join("truth.csv");
    let truth_path = truth.to_str().unwrap();
    let bad = leadbook(db, &["demo", "--duplicates", "1.5"], None);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("between 0 and 1"), "{}", text(&bad));
    let out = leadbook(
        db,
        &[
            "demo",
            "--leads",
            "500",
            "--duplicates",
            "0.2",
            "--truth",
            truth_path,
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("loaded 500 leads"), "{}", text(&out));
    let written = std::fs::read_to_string(&truth).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some("external_id_a,external_id_b"));
    let pairs: Vec<&str> = lines.collect();
    assert!(pairs.len() > 50, "{} pairs", pairs.len());
    assert!(pairs.iter().all(|p| p.starts_with('D') && p.contains(",D")));
    assert!(text(&out).contains(&format!("{} true duplicate pairs", pairs.len())));
}

#[test]
fn import_prints_a_report_and_a_rerun_updates_only_the_changed_rows_by_external_id() {
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

    let unchanged = leadbook(db, &["import", file, "--policy", "create"], None);
    let out = String::from_utf8_lossy(&unchanged.stdout);
    assert!(
        out.contains(
            "0 created, 0 updated (same external_id), 0 merged into a duplicate, 2 unchanged"
        ),
        "{out}"
    );
    let newer = std::fs::read_to_string(file)
        .unwrap()
        .replace("Boiler", "Boiler and radiators");
    std::fs::write(file, newer).unwrap();
    let second = leadbook(db, &["import", file, "--policy", "create"], None);
    let out = String::from_utf8_lossy(&second.stdout);
    assert!(
        out.contains(
            "0 created, 1 updated (same external_id), 0 merged into a duplicate, 1 unchanged"
        ),
        "{out}"
    );

    let bad = leadbook(db, &["import", file, "--policy", "sometimes"], None);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a duplicate policy"));
}

#[test]
fn a_file_with_country_names_messenger_columns_and_broken_numbers_imports_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let db = db.to_str().unwrap();
    let made = leadbook(
        db,
        &["user", "create", "--login", "boss", "--role", "admin"],
        Some("correct horse battery\n"),
    );
    assert!(made.status.success(), "{}", text(&made));
    // The column layout other systems export (Odoo's partner_name, one column per
    // messenger, an English country name, ISO times in UTC), with what users type in it.
    let file = dir.path().join("leads.csv");
    std::fs::write(
        &file,
        "external_id,contact_name,partner_name,email,phone,mobile,street,city,zip,country,telegram,whatsapp,created_at\n\
         A1,Tom Harding,,tom.harding@bigpond.com,4418 2270,,12 Gull St,Mackay,4740,Australia,,,2024-02-03T04:05:06Z\n\
         A2,HARDING TOM,,,(07) 4418 2270,0412 345 678,12 Gull Street,Mackay,4740,Australia,@tomh,61412345678,2024-02-04T04:05:06Z\n\
         A3,,,,+61385706721,,68 Mcmanus Place,Laverton,3190,Australia,,,2023-10-16T06:51:16Z\n\
         B1,Chiara Fontana,Fontana S.r.l.,c.fontana@fontanasrl,347-8812345,,\"Via Roma, 12\",Bari,70121,Italy,https://t.me/chiara_fontana,+39 347 881 2345,2023-05-06T07:08:09Z\n\
         C1,Павел Смирнов,ООО Ромашка,,8 (912) 345-67-89,600-46-35,ул. Ленина 5,Казань,420111,Russia,pavel_smirnov,8 912 345 67 89,2024-01-01T00:00:00Z\n\
         D1,Nguyễn Thị Lan,,lan.nguyen@gmail.com,0912 345 678,,12 Lý Thường Kiệt,Hà Nội,100000,Vietnam,,,2024-03-03T03:03:03Z\n\
         E1,Kyle Sandoval,Brown-Flynn,ksandoval@brownflynn.com,832-347-9028,606-1606,9441 Martin Harbors,Ellisstad,56209,United States,,,2023-06-08T21:18:13Z\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = leadbook(db, &["import", file, "--policy", "create"], None);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        report.contains("7 rows read: 7 created") && report.contains(", 0 invalid"),
        "{report}"
    );
    assert!(
        !text(&out).contains("ignoring columns"),
        "every column feeds a field: {}",
        text(&out)
    );
}

#[test]
fn dedupe_train_rekeys_then_prints_the_learned_weight_of_every_level() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("train.db");
    let db = db.to_str().unwrap();
    let out = leadbook(db, &["demo", "--leads", "400", "--duplicates", "0.2"], None);
    assert!(out.status.success(), "{}", text(&out));
    let out = leadbook(db, &["dedupe-train", "--rekey"], None);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("match keys of "), "{said}");
    assert!(said.contains("model estimated on "), "{said}");
    for level in [
        "name      exact",
        "phone     last_digits",
        "zip       different",
    ] {
        assert!(said.contains(level), "{level} missing: {said}");
    }
    let bad = leadbook(db, &["dedupe-train", "--fast"], None);
    assert!(!bad.status.success(), "an unknown option is refused");
}

#[test]
fn messages_are_in_the_language_of_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lang.db");
    let db = db.to_str().unwrap();
    let italian = [("LANG", "it_IT.UTF-8")];
    let refused = leadbook_in(&italian, db, &["token", "create"], None);
    assert!(!refused.status.success());
    let expected = leadbook::i18n::text::fill(
        &leadbook::tr("it", "cli.required"),
        &[("flag", "--login".to_string())],
    );
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr),
        format!("leadbook: {expected}\n")
    );
    let unknown = leadbook_in(&italian, db, &["frobnicate"], None);
    let expected = leadbook::i18n::text::fill(
        &leadbook::tr("it", "cli.unknown_command"),
        &[("command", "frobnicate".to_string())],
    );
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.starts_with(&format!("leadbook: {expected}\n")),
        "{said}"
    );

    // A summary comes from the catalogue too (which variable wins is the config's unit test).
    let migrated = leadbook_in(
        &[("LC_ALL", "it_IT"), ("LANG", "ru_RU.UTF-8")],
        db,
        &["migrate"],
        None,
    );
    assert!(migrated.status.success(), "{}", text(&migrated));
    let applied = leadbook_in(&italian, db, &["migrate"], None);
    let expected = leadbook::i18n::text::fill(
        &leadbook::i18n::plural("it", "cli.migrated", 0),
        &[("database", db.to_string())],
    );
    assert_eq!(
        String::from_utf8_lossy(&applied.stdout),
        format!("{expected}\n")
    );
}
