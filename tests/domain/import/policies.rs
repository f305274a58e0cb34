//! The import's duplicate policies (skip, merge, create anyway), bad rows and rights.

use super::{PEOPLE, actor, count, run};
use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::schema::leads;
use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{identities, tags};

#[actix_web::test]
async fn bad_rows_are_reported_by_row_and_column_and_the_rest_is_imported() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\
title,email,salesperson,probability
Good one,good@example.com,sales,20
,nobody@example.com,,
Bad mail,not-an-email,nobody,150
Another good one,,,
";
    let report = run(&mut conn, file, Policy::Skip);
    assert_eq!(report.rows, 4);
    assert_eq!(report.created, 2);
    assert_eq!(report.invalid, 2);
    let found: Vec<(usize, &str)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (3, "title"),
            (4, "email"),
            (4, "salesperson"),
            (4, "probability")
        ]
    );
    assert!(
        report.errors[2]
            .message
            .to_string()
            .contains("no user with login 'nobody'")
    );
    assert_eq!(count(&mut conn), 2);
}

#[actix_web::test]
async fn skip_leaves_the_match_alone_and_names_it() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    run(&mut conn, PEOPLE, Policy::Create);
    let report = run(
        &mut conn,
        "name,email,city\nMario R.,mario@rossi.it,Milano\n",
        Policy::Skip,
    );
    assert_eq!((report.skipped, report.created), (1, 0));
    let mario: i32 = leads::table
        .filter(leads::email_norm.eq("mario@rossi.it"))
        .select(leads::id)
        .first(&mut conn)
        .unwrap();
    assert_eq!(report.skipped_rows, vec![(2, mario)]);
    let city: Option<String> = leads::table
        .find(mario)
        .select(leads::city)
        .first(&mut conn)
        .unwrap();
    assert_eq!(city, None, "the stored lead is untouched");
    assert_eq!(count(&mut conn), 3);
}

#[actix_web::test]
async fn merge_fills_the_blanks_of_the_match_and_keeps_its_values() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    run(&mut conn, PEOPLE, Policy::Create);
    let report = run(
        &mut conn,
        "title,name,email,city,tags,messengers\nOther title,Mario R.,mario@rossi.it,Milano,boiler,telegram:@mario_r\n",
        Policy::Merge,
    );
    assert_eq!((report.merged, report.created), (1, 0));
    let (id, title, city): (i32, String, Option<String>) = leads::table
        .filter(leads::email_norm.eq("mario@rossi.it"))
        .select((leads::id, leads::title, leads::city))
        .first(&mut conn)
        .unwrap();
    assert_eq!(title, "Boiler", "the stored title is kept");
    assert_eq!(city.as_deref(), Some("Milano"), "the blank city is filled");
    let tag_names: Vec<String> = tags::for_lead(&mut conn, leadbook::domain::ids::LeadId(id))
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(tag_names, vec!["boiler", "vip"]);
    let handles = identities::for_lead(&mut conn, leadbook::domain::ids::LeadId(id)).unwrap();
    assert_eq!(handles.len(), 1);
    assert_eq!(count(&mut conn), 3);
}

#[actix_web::test]
async fn create_anyway_makes_a_second_record() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    run(&mut conn, PEOPLE, Policy::Create);
    let report = run(
        &mut conn,
        "name,email\nMario R.,mario@rossi.it\n",
        Policy::Create,
    );
    assert_eq!(report.created, 1);
    assert_eq!(count(&mut conn), 4);
}

#[actix_web::test]
async fn a_duplicate_inside_the_file_is_caught_too() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let report = run(
        &mut conn,
        "name,email\nMario Rossi,mario@rossi.it\nMario Rossi,Mario@Rossi.it\n",
        Policy::Skip,
    );
    assert_eq!((report.created, report.skipped), (1, 1));
}

#[actix_web::test]
async fn a_semicolon_file_with_a_bom_reads_like_any_other() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\u{feff}Title;Contact;E-mail;Expected revenue\nBoiler;Mario Rossi;mario@rossi.it;1.234,50\n";
    let mut source = Source::open(file.as_bytes()).unwrap();
    assert_eq!(source.separator, b';');
    assert_eq!(source.headers[0], "Title", "no BOM in the first header");
    drop(source.next_row());
    let report = run(&mut conn, file, Policy::Skip);
    assert_eq!(
        (report.created, report.invalid),
        (1, 0),
        "{:?}",
        report.errors
    );
    let (contact, revenue): (Option<String>, i64) = leads::table
        .select((leads::contact_name, leads::expected_revenue))
        .first(&mut conn)
        .unwrap();
    assert_eq!(contact.as_deref(), Some("Mario Rossi"));
    assert_eq!(revenue, 123_450);
}

#[actix_web::test]
async fn a_salesperson_may_not_import() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let sales = actor(&mut conn, "sales");
    let mut source = Source::open(&b"title\nA\n"[..]).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy: Policy::Skip,
        kind: Kind::Lead,
        large: false,
    };
    let refused = import::import(
        &mut conn,
        &sales,
        &mut source,
        &mapping,
        &options,
        &mut |_, _| Ok(()),
    );
    assert!(matches!(
        refused,
        Err(leadbook::domain::DomainError::Forbidden)
    ));
}
