//! Configuration → Audit: admins only, its filters, its CSV export, and a trail that cannot
//! be changed.

use super::{FROM, app, browser, by, details, mark, one_new};
use diesel::prelude::*;
use leadbook::domain::audit::Action;

#[actix_web::test]
async fn salespeople_and_managers_cannot_see_the_trail_nor_export_it() {
    let app = app().await;
    for login in ["sales", "manager"] {
        let client = browser(&app, login).await;
        assert_eq!(client.get("/config/audit").await.status, 403, "{login}");
        let csv = client.get("/config/audit/export.csv").await;
        assert_eq!(csv.status, 403, "{login}");
        let menu = client.get("/pipeline").await;
        assert!(!menu.body.contains("href=\"/config/audit\""), "{login}");
    }
    let admin = browser(&app, "admin").await;
    let page = admin.get("/config/audit").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("href=\"/config/audit\""),
        "in the admin's menu"
    );
    assert!(
        !page.body.contains("method=\"post\" action=\"/config/audit"),
        "no edit"
    );
}

#[actix_web::test]
async fn the_page_shows_the_records_in_words_and_the_filters_narrow_them() {
    let app = app().await;
    let w = app.world();
    // Sign-ins of three users, one refused.
    for login in ["sales", "manager"] {
        browser(&app, login).await;
    }
    app.client_from(FROM)
        .post("/login", &[("login", "nobody"), ("password", "x")])
        .await;
    let admin = browser(&app, "admin").await;

    let all = admin.get("/config/audit").await;
    assert_eq!(all.status, 200);
    let rows =
        |body: &str, action: &str| body.matches(&format!("data-action=\"{action}\"")).count();
    assert_eq!(rows(&all.body, "sign_in"), 3, "{}", all.body);
    assert_eq!(rows(&all.body, "sign_in_failed"), 1);
    assert!(all.body.contains("Sign-in refused"), "the action in words");
    assert!(all.body.contains(FROM));
    assert!(
        all.body
            .contains(&format!("href=\"/config/users/{}\"", w.manager))
    );

    let refused = admin.get("/config/audit?action=sign_in_failed").await;
    assert_eq!(rows(&refused.body, "sign_in"), 0);
    assert_eq!(rows(&refused.body, "sign_in_failed"), 1);
    assert!(refused.body.contains("nobody"));

    let manager = admin
        .get(&format!("/config/audit?user={}", w.manager))
        .await;
    assert_eq!(rows(&manager.body, "sign_in"), 1);
    assert_eq!(rows(&manager.body, "sign_in_failed"), 0);

    let today = chrono::Utc::now().date_naive();
    let later = today.succ_opt().unwrap();
    let future = admin.get(&format!("/config/audit?from={later}")).await;
    assert!(future.body.contains("Nothing recorded matches"));
    let within = admin
        .get(&format!(
            "/config/audit?from={today}&to={today}&action=sign_in"
        ))
        .await;
    assert_eq!(rows(&within.body, "sign_in"), 3);
}

#[actix_web::test]
async fn the_export_has_the_filtered_rows_and_is_recorded_itself() {
    let app = app().await;
    let w = app.world();
    browser(&app, "sales").await;
    let admin = browser(&app, "admin").await;
    let before = mark(&app);
    let csv = admin.get("/config/audit/export.csv?action=sign_in").await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let lines: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(lines.len(), 2, "the two sign-ins only: {}", csv.body);
    assert_eq!(&lines[0][column("login")], "admin", "newest first");
    assert_eq!(&lines[1][column("login")], "sales");
    assert_eq!(&lines[1][column("action")], "sign_in");
    assert_eq!(&lines[1][column("address")], FROM);
    assert_eq!(&lines[1][column("target_ids")], w.sales.to_string());

    let entry = one_new(&app, before, Action::Export);
    by(&entry, w.admin, "admin", FROM);
    assert_eq!(details(&entry)["list"], "audit");
    assert_eq!(details(&entry)["rows"], 2);
}

#[actix_web::test]
async fn the_database_refuses_to_change_or_delete_a_record() {
    let app = app().await;
    browser(&app, "sales").await;
    let conn = &mut app.conn();
    let changed = diesel::sql_query("UPDATE audit_log SET actor_login = 'someone'").execute(conn);
    assert!(changed.is_err(), "an update is refused");
    let deleted = diesel::sql_query("DELETE FROM audit_log").execute(conn);
    assert!(deleted.is_err(), "a delete is refused");
    assert!(!super::all(&app).is_empty());
}
