//! Configuration → Settings → Backups, as an admin uses it: "Back up now" writes a file the
//! page lists, keeping N prunes the oldest, bad input is a field error that saves nothing,
//! and nobody else reaches the page.

use crate::support::TestApp;
use leadbook::domain::backup;

fn backups_in(dir: &std::path::Path) -> Vec<String> {
    backup::list(dir).into_iter().map(|b| b.name).collect()
}

#[actix_web::test]
async fn back_up_now_writes_a_backup_that_the_page_lists() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    if !leadbook::db::is_sqlite(&app.conn()) {
        return on_postgres_the_page_points_to_pg_dump(&admin).await;
    }
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().to_str().unwrap();
    let saved = admin
        .post(
            "/config/backups",
            &[("folder", path), ("keep", "3"), ("daily", "on")],
        )
        .await;
    saved.assert_redirect("/config/backups");
    let before = admin.get("/config/backups").await;
    assert!(
        before.body.contains("Backup settings saved"),
        "{}",
        before.body
    );
    assert!(before.body.contains("No backups in the folder yet."));
    admin
        .post("/config/backups/run", &[])
        .await
        .assert_redirect("/config/backups");
    let names = backups_in(folder.path());
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].starts_with("leadbook-") && names[0].ends_with(".db"));
    let page = admin.get("/config/backups").await;
    assert!(page.body.contains("Backup written"), "{}", page.body);
    assert!(
        page.body.contains(&names[0]),
        "the page lists the new backup"
    );
    let trail = leadbook::domain::audit::query::all(
        &mut app.conn(),
        &leadbook::domain::access::Actor::operator(),
        &leadbook::domain::audit::AuditFilter::default(),
    )
    .unwrap();
    let taken = trail.iter().find(|e| e.action == "backup_taken");
    let taken = taken.expect("Back up now is on record");
    assert_eq!(taken.actor_login, "admin");
    assert_eq!(taken.targets[0].0, names[0], "named by its file");
    // The file is a Leadbook database a restore accepts.
    backup::inspect(&folder.path().join(&names[0])).expect("a sound backup");
}

/// PostgreSQL: no backup settings, the pg_dump advice instead; Back up now refuses.
async fn on_postgres_the_page_points_to_pg_dump(admin: &crate::support::client::Client) {
    let page = admin.get("/config/backups").await;
    assert!(page.body.contains("pg_dump -Fc"), "{}", page.body);
    assert!(!page.body.contains("id=\"folder\""));
    admin
        .post("/config/backups/run", &[])
        .await
        .assert_redirect("/config/backups");
    let after = admin.get("/config/backups").await;
    assert!(
        after.body.contains("are made with pg_dump -Fc"),
        "{}",
        after.body
    );
}

#[actix_web::test]
async fn keeping_n_removes_the_oldest_of_its_own_backups_only() {
    let app = TestApp::spawn().await;
    if !leadbook::db::is_sqlite(&app.conn()) {
        return;
    }
    let admin = app.client_as("admin").await;
    let folder = tempfile::tempdir().unwrap();
    // Three older backups of this feature, and a file of someone else's.
    for stamp in ["20240101-000000", "20240102-000000", "20240103-000000"] {
        std::fs::write(folder.path().join(format!("leadbook-{stamp}.db")), b"old").unwrap();
    }
    std::fs::write(folder.path().join("notes.db"), b"mine").unwrap();
    let path = folder.path().to_str().unwrap();
    admin
        .post("/config/backups", &[("folder", path), ("keep", "2")])
        .await
        .assert_redirect("/config/backups");
    admin
        .post("/config/backups/run", &[])
        .await
        .assert_redirect("/config/backups");
    let names = backups_in(folder.path());
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(
        names[1], "leadbook-20240103-000000.db",
        "the newest old one stays"
    );
    assert!(
        !names[0].contains("2024"),
        "the new one is first: {names:?}"
    );
    assert!(
        folder.path().join("notes.db").exists(),
        "other files are never touched"
    );
}

#[actix_web::test]
async fn bad_input_is_a_field_error_that_keeps_what_was_typed_and_saves_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    if !leadbook::db::is_sqlite(&app.conn()) {
        // PostgreSQL: the page has only the retention field.
        let fields = [("keep", "7"), ("import_retention_days", "-3")];
        let bad = admin.post("/config/backups", &fields).await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("from 0 to 36500"), "{}", bad.body);
        assert!(bad.body.contains("value=\"-3\""), "what was typed stays");
        return;
    }
    let relative = admin
        .post(
            "/config/backups",
            &[
                ("folder", "backups/here"),
                ("keep", "0"),
                ("import_retention_days", "-3"),
            ],
        )
        .await;
    assert_eq!(relative.status, 422);
    assert!(
        relative.body.contains("is not an absolute path"),
        "{}",
        relative.body
    );
    assert!(
        relative
            .body
            .contains("Backups to keep is a whole number from 1 to 1000")
    );
    assert!(relative.body.contains("from 0 to 36500"));
    assert!(
        relative.body.contains("value=\"backups/here\""),
        "what was typed stays"
    );
    let missing = admin
        .post(
            "/config/backups",
            &[("folder", "/no/such/folder/anywhere"), ("keep", "3")],
        )
        .await;
    assert_eq!(missing.status, 422);
    assert!(missing.body.contains("There is no folder"));
    let saved = backup::config::load(&mut app.conn()).unwrap();
    assert_eq!(saved, backup::BackupConfig::default(), "nothing was saved");
    // Without a folder, Back up now says what to do and writes nothing.
    admin
        .post("/config/backups/run", &[])
        .await
        .assert_redirect("/config/backups");
    assert!(
        admin
            .get("/config/backups")
            .await
            .body
            .contains("Choose a backup folder first")
    );
}

#[actix_web::test]
async fn salespeople_and_managers_cannot_reach_backups() {
    let app = TestApp::spawn().await;
    for login in ["sales", "manager"] {
        let user = app.client_as(login).await;
        assert_eq!(user.get("/config/backups").await.status, 403, "{login}");
        assert_eq!(
            user.post("/config/backups/run", &[]).await.status,
            403,
            "{login}"
        );
        assert!(
            !user.get("/pipeline").await.body.contains("/config/backups"),
            "{login}"
        );
    }
    assert!(
        app.client_as("admin")
            .await
            .get("/pipeline")
            .await
            .body
            .contains("/config/backups")
    );
}
