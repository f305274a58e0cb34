//! The audit trail in the domain and at the command line: `user create`, `token create` and
//! `import` write their records as the operator; the filters and paging of the page's query;
//! only admins read it.

use crate::cli::{leadbook, text};
use crate::support::{World, fresh_pool};
use leadbook::domain::access::Actor;
use leadbook::domain::audit::{self, Action, AuditFilter, Origin, Target, TargetKind, query};
use leadbook::domain::models::users;

fn trail(db: &str) -> Vec<audit::Entry> {
    let pool = leadbook::db::connect(db, 1).unwrap();
    let mut all = query::all(
        &mut pool.get().unwrap(),
        &Actor::operator(),
        &AuditFilter::default(),
    )
    .unwrap();
    all.reverse();
    all
}

#[test]
fn the_command_line_records_users_tokens_and_imports_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.db");
    let db = db.to_str().unwrap();
    let made = leadbook(
        db,
        &["user", "create", "--login", "boss", "--role", "manager"],
        Some("correct horse battery\n"),
    );
    assert!(made.status.success(), "{}", text(&made));
    let entries = trail(db);
    assert_eq!(entries.len(), 1, "{entries:#?}");
    assert_eq!(entries[0].action, "user_created");
    assert_eq!(entries[0].actor_user_id, None);
    assert_eq!(entries[0].actor_login, "cli");
    assert_eq!(entries[0].client_address, None);
    let boss = entries[0].targets[0].0.clone();

    let token = leadbook(db, &["token", "create", "--login", "boss"], None);
    assert!(token.status.success(), "{}", text(&token));
    let entries = trail(db);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].action, "token_created");
    assert_eq!(entries[1].actor_login, "cli");
    assert!(entries[1].details.contains(&format!("\"owner_id\":{boss}")));

    let file = dir.path().join("leads.csv");
    std::fs::write(
        &file,
        "title;email\nBoiler;mario@rossi.it\nSolar;linh@tran.vn\n",
    )
    .unwrap();
    let imported = leadbook(db, &["import", file.to_str().unwrap()], None);
    assert!(imported.status.success(), "{}", text(&imported));
    let entries = trail(db);
    assert_eq!(entries.len(), 4, "{entries:#?}");
    assert_eq!(entries[2].action, "import_started");
    assert_eq!(entries[3].action, "import_finished");
    assert!(
        entries[3].details.contains("\"created\":2"),
        "{}",
        entries[3].details
    );
    assert!(!entries[3].details.contains("rossi"));

    let checked = leadbook(db, &["import", file.to_str().unwrap(), "--check"], None);
    assert!(checked.status.success());
    assert_eq!(
        trail(db).len(),
        4,
        "a check imports nothing and is not recorded"
    );
}

#[test]
fn the_query_filters_pages_and_is_for_admins_only() {
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let admin = users::find(conn, w.admin).unwrap();
    let origin = Origin::user(&admin, Some("10.0.0.1".into()));
    for i in 0..60 {
        let action = if i % 3 == 0 {
            Action::Export
        } else {
            Action::SignIn
        };
        audit::record(conn, &origin, action, Target::of(TargetKind::User, [i])).unwrap();
    }
    audit::record(conn, &Origin::system(), Action::BackupTaken, Target::none()).unwrap();
    let admin_actor = crate::support::actor(conn, w.admin);
    let everything = query::page(conn, &admin_actor, &AuditFilter::default(), 1).unwrap();
    assert_eq!((everything.total, everything.pages), (61, 2));
    assert_eq!(everything.entries.len(), 50);
    assert_eq!(everything.entries[0].action, "backup_taken", "newest first");
    let last = query::page(conn, &admin_actor, &AuditFilter::default(), 9).unwrap();
    assert_eq!(
        (last.page, last.entries.len()),
        (2, 11),
        "a page too far is the last"
    );

    let exports = AuditFilter::parse("export", "", "", "");
    let page = query::page(conn, &admin_actor, &exports, 1).unwrap();
    assert_eq!(page.total, 20);
    assert!(page.entries.iter().all(|e| e.action == "export"));
    let by_admin = AuditFilter::parse("", &w.admin.to_string(), "", "");
    assert_eq!(
        query::page(conn, &admin_actor, &by_admin, 1).unwrap().total,
        60
    );
    let bad = AuditFilter::parse("no-such", "x", "yesterday", "");
    assert_eq!(
        bad,
        AuditFilter::default(),
        "what cannot be read does not narrow"
    );
    let past = AuditFilter::parse("", "", "", "2000-01-01");
    assert_eq!(query::page(conn, &admin_actor, &past, 1).unwrap().total, 0);

    for role_user in [w.manager, w.sales] {
        let someone = crate::support::actor(conn, role_user);
        assert!(query::page(conn, &someone, &AuditFilter::default(), 1).is_err());
        assert!(query::all(conn, &someone, &AuditFilter::default()).is_err());
    }
    let csv = query::csv(&query::all(conn, &admin_actor, &exports).unwrap()).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(csv.lines().count(), 21, "a header and the 20 exports");
    assert!(csv.starts_with("id,time_utc,user_id,login,address,action"));
}

#[test]
fn the_store_refuses_to_change_delete_or_empty_the_trail() {
    use diesel::RunQueryDsl;
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    audit::record(
        conn,
        &Origin::command_line(),
        Action::Export,
        Target::none(),
    )
    .unwrap();
    for sql in [
        "UPDATE audit_log SET actor_login = 'someone'",
        "DELETE FROM audit_log",
    ] {
        let refused = diesel::sql_query(sql).execute(conn);
        assert!(
            refused.is_err_and(|e| e.to_string().contains("append-only")),
            "{sql}"
        );
    }
    let operator = Actor::operator();
    assert_eq!(
        query::all(conn, &operator, &AuditFilter::default())
            .unwrap()
            .len(),
        1
    );
}
