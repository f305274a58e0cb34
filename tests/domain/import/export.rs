//! Export and import round trips, formulas neutralised, and a large load keyed for the
//! duplicate finder.

use super::{actor, count, run};
use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::leads;
use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
use leadbook::domain::listing::LeadFilter;
use leadbook::domain::listing::query;
use leadbook::domain::models::leads::Kind;

#[actix_web::test]
async fn export_then_import_gives_the_same_records_and_a_reimport_updates() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\
external_id,title,contact_name,company_name,email,phone,city,country,expected_revenue,probability,priority,stage,salesperson,team,source_channel,tags,messengers
A-1,Boiler,Mario Rossi,Rossi SpA,mario@rossi.it,+39 333 123 4567,Milano,IT,1234.50,30,2,Qualified,sales,Europe,web,\"fair, vip\",telegram:@mario_r; whatsapp:+39 333 765 4321
A-2,Heat pump,Anna Bianchi,,anna@bianchi.it,,Roma,IT,0.00,10,0,New,,,email,,
";
    run(&mut conn, file, Policy::Create);
    let ids: Vec<leadbook::domain::ids::LeadId> = leads::table
        .order(leads::id)
        .select(leads::id)
        .load(&mut conn)
        .unwrap();
    let exported = String::from_utf8(import::export::to_csv(&mut conn, &ids).unwrap()).unwrap();

    // Into another database holding the same users, stages and teams.
    let other = TestApp::spawn().await;
    let mut conn2 = other.conn();
    let first = run(&mut conn2, &exported, Policy::Skip);
    assert_eq!((first.created, first.invalid), (2, 0), "{:?}", first.errors);
    let ids2: Vec<leadbook::domain::ids::LeadId> = leads::table
        .order(leads::id)
        .select(leads::id)
        .load(&mut conn2)
        .unwrap();
    let again = String::from_utf8(import::export::to_csv(&mut conn2, &ids2).unwrap()).unwrap();
    let without_id_and_date = |csv: &str| -> Vec<String> {
        csv.lines()
            .map(|l| {
                let cells: Vec<&str> = l.splitn(2, ',').collect();
                let rest = cells.get(1).copied().unwrap_or("");
                rest.rsplit_once(',')
                    .map(|r| r.0)
                    .unwrap_or(rest)
                    .to_string()
            })
            .collect()
    };
    assert_eq!(without_id_and_date(&again), without_id_and_date(&exported));
    assert!(exported.contains("telegram:@mario_r; whatsapp:+39 333 765 4321"));
    assert!(exported.contains(",sales,Europe,"));

    // The file again with one city changed: both rows match by external id; the changed
    // one updates its lead, the other has nothing new; nothing is created.
    let changed = exported.replace("Milano", "Torino");
    let second = run(&mut conn2, &changed, Policy::Create);
    assert_eq!(
        (second.created, second.updated, second.unchanged),
        (0, 1, 1)
    );
    assert_eq!(count(&mut conn2), 2);
    let city: Option<String> = leads::table
        .filter(leads::external_id.eq("A-1"))
        .select(leads::city)
        .first(&mut conn2)
        .unwrap();
    assert_eq!(city.as_deref(), Some("Torino"));

    // And once more: nothing in it is new, so nothing is written, not even the dates.
    let stamps = |conn: &mut DbConn| -> Vec<(i32, chrono::NaiveDateTime)> {
        leads::table
            .order(leads::id)
            .select((leads::id, leads::updated_at))
            .load(conn)
            .unwrap()
    };
    let before = stamps(&mut conn2);
    let third = run(&mut conn2, &changed, Policy::Create);
    assert_eq!(
        (third.created, third.updated, third.unchanged),
        (0, 0, 2),
        "{third:?}"
    );
    assert_eq!(stamps(&mut conn2), before, "the records were not touched");
}

#[actix_web::test]
async fn a_large_create_load_keys_the_new_leads_for_the_duplicate_finder() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let manager = actor(&mut conn, "manager");
    let mut file = String::from("external_id,name,email\n");
    for i in 0..3000 {
        file.push_str(&format!("X{i},Person {i},p{i}@example.com\n"));
    }
    let mut source = Source::open(file.as_bytes()).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy: Policy::Create,
        kind: Kind::Lead,
        large: true,
    };
    let report = import::import(
        &mut conn,
        &manager,
        &mut source,
        &mapping,
        &options,
        &mut |_, _| Ok(()),
    )
    .unwrap();
    assert_eq!(report.created, 3000);
    let again = run(
        &mut conn,
        "name,email\nPerson 7,p7@example.com\n",
        Policy::Skip,
    );
    assert_eq!(
        again.skipped, 1,
        "the bulk-loaded lead is found as a duplicate"
    );
    let mut filter = LeadFilter::new(Kind::Lead);
    filter.search = "p2999@example".into();
    let found = query::list(&mut conn, &manager, &filter).unwrap();
    assert_eq!(
        found.total, 1,
        "the bulk-loaded lead is found by the list search"
    );
    assert_eq!(found.rows[0].title, "Person 2999");
}

/// The header and value of every cell of the first row of `csv`.
fn cells(csv: &str) -> Vec<(String, String)> {
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    headers
        .iter()
        .zip(record.iter())
        .map(|(h, v)| (h.to_string(), v.to_string()))
        .collect()
}

/// The value of the cell under `name`.
fn cell(cells: &[(String, String)], name: &str) -> String {
    cells.iter().find(|(h, _)| h == name).unwrap().1.clone()
}

/// The title, contact, company and phone of the only stored lead.
fn stored(conn: &mut DbConn) -> (String, Option<String>, Option<String>, Option<String>) {
    leads::table
        .select((
            leads::title,
            leads::contact_name,
            leads::company_name,
            leads::phone,
        ))
        .first(conn)
        .unwrap()
}

#[actix_web::test]
async fn would_be_formulas_are_exported_neutralised_and_read_back_unchanged() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "title,contact_name,company_name,phone,tags\n\
\"=cmd|' /C calc'!A0\",+SUM(1+1),@SUM(1),+39 333 123 4567,\"=1+2, vip\"\n";
    let first = run(&mut conn, file, Policy::Create);
    assert_eq!(first.created, 1, "{:?}", first.errors);
    // Every door trims values; a leading tab can only come from older data.
    diesel::update(leads::table)
        .set(leads::city.eq("\t=1+1"))
        .execute(&mut conn)
        .unwrap();
    let ids: Vec<leadbook::domain::ids::LeadId> =
        leads::table.select(leads::id).load(&mut conn).unwrap();
    let exported = String::from_utf8(import::export::to_csv(&mut conn, &ids).unwrap()).unwrap();
    let written = cells(&exported);
    assert_eq!(cell(&written, "title"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell(&written, "contact_name"), "'+SUM(1+1)");
    assert_eq!(cell(&written, "company_name"), "'@SUM(1)");
    assert_eq!(cell(&written, "city"), "'\t=1+1");
    assert_eq!(cell(&written, "tags"), "'=1+2, vip");
    assert!(cell(&written, "phone").starts_with("'+39"), "phones too");
    for (header, value) in &written {
        assert!(
            !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{header} = {value:?} would run as a formula"
        );
    }

    // Read back, the cells are the original values again.
    let mut source = Source::open(exported.as_bytes()).unwrap();
    let row = source.next_row().unwrap().cells.unwrap();
    let at = |name: &str| source.headers.iter().position(|h| h == name).unwrap();
    assert_eq!(row[at("title")], "=cmd|' /C calc'!A0");
    assert_eq!(row[at("city")], "\t=1+1");
    assert_eq!(row[at("tags")], "=1+2, vip");

    // Imported into another database, the records are the same as the originals.
    let other = TestApp::spawn().await;
    let mut conn2 = other.conn();
    let again = run(&mut conn2, &exported, Policy::Create);
    assert_eq!((again.created, again.invalid), (1, 0), "{:?}", again.errors);
    assert_eq!(stored(&mut conn2), stored(&mut conn));
    let (title, ..) = stored(&mut conn2);
    assert_eq!(title, "=cmd|' /C calc'!A0");
    let ids2: Vec<leadbook::domain::ids::LeadId> =
        leads::table.select(leads::id).load(&mut conn2).unwrap();
    let reexported =
        cells(&String::from_utf8(import::export::to_csv(&mut conn2, &ids2).unwrap()).unwrap());
    for name in ["title", "contact_name", "company_name", "phone", "tags"] {
        assert_eq!(cell(&reexported, name), cell(&written, name), "{name}");
    }
    assert_eq!(
        cell(&reexported, "city"),
        "'=1+1",
        "the city read back as \\t=1+1; saving it trims the tab, as every door does"
    );
}
