//! The Import page as a manager uses it: upload a file, check the guessed mapping against
//! the preview, check every row, read the report, import the valid rows; and who may not.

use crate::support::{Client, TestApp};
use diesel::prelude::*;
use leadbook::db::schema::leads;

const FILE: &str = "\u{feff}Name;E-mail;Owner;Probability\n\
Mario Rossi;mario@rossi.it;sales;20\n\
Anna Bianchi;not-an-email;sales;30\n\
Linh Tran;linh@tran.vn;;150\n\
Sofia Verdi;sofia@verdi.it;manager;\n";

/// Follows the job page until its background step is over.
async fn settled(client: &Client, job: &str) -> String {
    for _ in 0..100 {
        let page = client.get(job).await;
        assert_eq!(page.status, 200, "{}", page.body);
        if !page.body.contains("id=\"progress\"") {
            return page.body;
        }
        tokio_sleep().await;
    }
    panic!("the import job never finished");
}

async fn tokio_sleep() {
    actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
}

#[actix_web::test]
async fn a_manager_uploads_maps_checks_and_imports_the_valid_rows() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let form = manager.get("/import").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));

    let uploaded = manager
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "people.csv",
            FILE.as_bytes(),
        )
        .await;
    uploaded.assert_redirect("/import/");
    let job = uploaded.location.clone().unwrap();

    let mapping = manager.get(&job).await;
    assert!(mapping.body.contains("4 rows"), "the row count is shown");
    assert!(
        mapping
            .body
            .contains("<option value=\"contact_name\" selected>")
    );
    assert!(mapping.body.contains("<option value=\"email\" selected>"));
    assert!(
        mapping
            .body
            .contains("<option value=\"salesperson\" selected>")
    );
    assert!(mapping.body.contains("id=\"preview\""));
    assert!(
        mapping.body.contains("<td>Anna Bianchi</td>"),
        "preview shows the rows"
    );

    let checked = manager
        .post(
            &format!("{job}/check"),
            &[
                ("column", "contact_name"),
                ("column", "email"),
                ("column", "salesperson"),
                ("column", "probability"),
                ("policy", "skip"),
                ("kind", "lead"),
            ],
        )
        .await;
    checked.assert_redirect(&job);
    let report = settled(&manager, &job).await;
    assert!(report.contains("id=\"errors\""));
    assert!(report.contains("<td class=\"num\">3</td><td>E-mail</td>"));
    assert!(report.contains("<td class=\"num\">4</td><td>Probability</td>"));
    assert!(report.contains("Import the valid rows (2)"));
    let count =
        |app: &TestApp| -> i64 { leads::table.count().get_result(&mut app.conn()).unwrap() };
    assert_eq!(count(&app), 0, "checking writes nothing");

    manager
        .post(&format!("{job}/run"), &[])
        .await
        .assert_redirect(&job);
    let done = settled(&manager, &job).await;
    assert!(
        done.contains("<strong>2</strong><span>created</span>"),
        "{done}"
    );
    assert!(done.contains("<strong>2</strong><span>rows with errors</span>"));
    assert_eq!(count(&app), 2);

    let status = manager.get(&format!("{job}/status")).await;
    assert!(status.body.contains("\"state\":\"done\""));
    assert!(status.body.contains("\"percent\":100"));
}

#[actix_web::test]
async fn a_mapping_without_a_title_is_refused_next_to_the_columns() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let uploaded = manager
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "p.csv",
            FILE.as_bytes(),
        )
        .await;
    let job = uploaded.location.unwrap();
    let resp = manager
        .post(
            &format!("{job}/check"),
            &[
                ("column", ""),
                ("column", "email"),
                ("column", ""),
                ("column", ""),
                ("policy", "skip"),
                ("kind", "lead"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("Map a column to Title"));
    assert!(
        resp.body.contains("<option value=\"email\" selected>"),
        "choices kept"
    );
}

#[actix_web::test]
async fn a_file_that_is_not_csv_text_gets_a_clear_message() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let resp = manager
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "x.xlsx",
            b"PK\x03\x04\xff\xfe",
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("not UTF-8 text"));
    let empty = manager
        .post_file("/import", &[("kind", "lead")], "file", "x.csv", b"")
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Choose a CSV file"));
}

#[actix_web::test]
async fn a_salesperson_cannot_open_the_import_or_someone_elses_job() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/import").await.status, 403);
    let refused = sales
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "p.csv",
            FILE.as_bytes(),
        )
        .await;
    assert_eq!(refused.status, 403);

    let manager = app.client_as("manager").await;
    let job = manager
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            "p.csv",
            FILE.as_bytes(),
        )
        .await
        .location
        .unwrap();
    assert_eq!(sales.get(&job).await.status, 403);
    let list = sales.get("/leads").await;
    assert!(
        !list.body.contains("href=\"/import"),
        "no Import button for salespeople"
    );
    let admin = app.client_as("admin").await;
    assert_eq!(admin.get(&job).await.status, 200, "admins see every job");
}

#[actix_web::test]
async fn a_file_over_the_size_limit_is_refused_with_a_clear_message() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let mut big = b"title\n".to_vec();
    big.resize(
        leadbook::domain::import::jobs::MAX_UPLOAD + 128 * 1024,
        b'x',
    );
    let resp = manager
        .post_file("/import", &[("kind", "lead")], "file", "big.csv", &big)
        .await;
    assert_eq!(resp.status, 413);
    assert!(resp.body.contains("too large for the page"));
    assert!(resp.body.contains("leadbook import"));
}

/// Uploads `name` (the test file) as the manager, maps and checks it, and waits until the
/// check has settled. Returns the job's page.
async fn upload_checked(manager: &Client, name: &str) -> String {
    let job = manager
        .post_file(
            "/import",
            &[("kind", "lead")],
            "file",
            name,
            FILE.as_bytes(),
        )
        .await
        .location
        .unwrap();
    let fields = [
        ("column", "contact_name"),
        ("column", "email"),
        ("column", "salesperson"),
        ("column", "probability"),
        ("policy", "skip"),
        ("kind", "lead"),
    ];
    manager
        .post(&format!("{job}/check"), &fields)
        .await
        .assert_redirect(&job);
    settled(manager, &job).await;
    job
}

#[actix_web::test]
async fn an_interrupted_import_offers_run_again_and_discard_instead_of_a_stuck_progress_bar() {
    use leadbook::db::schema::import_jobs;
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let job = upload_checked(&manager, "people.csv").await;
    let id: i32 = job.rsplit('/').next().unwrap().parse().unwrap();
    // The import was under way when the server was killed: the row still says so, and the
    // next start finds it.
    diesel::update(import_jobs::table.find(id))
        .set(import_jobs::state.eq("importing"))
        .execute(&mut app.conn())
        .unwrap();
    leadbook::domain::import::jobs::recover(&mut app.conn()).unwrap();

    let page = manager.get(&job).await;
    assert!(!page.body.contains("id=\"progress\""), "no progress bar");
    assert!(page.body.contains("id=\"interrupted\""), "{}", page.body);
    assert!(page.body.contains("Nothing of it was saved"));
    assert!(page.body.contains("Run the import again"));
    assert!(page.body.contains("Discard the file"));
    let status = manager.get(&format!("{job}/status")).await;
    assert!(status.body.contains("\"state\":\"interrupted\""));

    manager
        .post(&format!("{job}/run"), &[])
        .await
        .assert_redirect(&job);
    let done = settled(&manager, &job).await;
    assert!(
        done.contains("<strong>2</strong><span>created</span>"),
        "{done}"
    );
    let count = leads::table
        .count()
        .get_result::<i64>(&mut app.conn())
        .unwrap();
    assert_eq!(count, 2);

    // A second file, interrupted too, is discarded instead.
    let other = upload_checked(&manager, "again.csv").await;
    let other_id: i32 = other.rsplit('/').next().unwrap().parse().unwrap();
    diesel::update(import_jobs::table.find(other_id))
        .set((
            import_jobs::state.eq("checking"),
            import_jobs::report.eq(""),
        ))
        .execute(&mut app.conn())
        .unwrap();
    leadbook::domain::import::jobs::recover(&mut app.conn()).unwrap();
    let page = manager.get(&other).await;
    assert!(page.body.contains("Check all rows again"), "{}", page.body);
    manager
        .post(&format!("{other}/discard"), &[])
        .await
        .assert_redirect("/import?kind=lead");
    assert_eq!(manager.get(&other).await.status, 404);
}
