//! CSV import as a manager uses it through the domain: bad rows are reported by row and
//! column while the rest is imported, each duplicate policy does what its name says, an
//! exported file reads back as the same records, and re-importing a file with external ids
//! updates instead of duplicating.

use crate::support::TestApp;
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::leads;
use leadbook::domain::access::Actor;
use leadbook::domain::import::{self, Mapping, Options, Policy, Report, Source};
use leadbook::domain::list_query;
use leadbook::domain::listing::LeadFilter;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{identities, tags, users};

fn actor(conn: &mut DbConn, login: &str) -> Actor {
    let user = users::find_by_login(conn, login).unwrap();
    let teams = users::team_ids(conn, user.id).unwrap();
    Actor::new(&user, teams)
}

fn run(conn: &mut DbConn, file: &str, policy: Policy) -> Report {
    let manager = actor(conn, "manager");
    let mut source = Source::open(file.as_bytes()).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy,
        kind: Kind::Lead,
        large: false,
    };
    import::import(
        conn,
        &manager,
        &mut source,
        &mapping,
        &options,
        &mut |_, _| Ok(()),
    )
    .unwrap()
}

fn count(conn: &mut DbConn) -> i64 {
    leads::table
        .filter(leads::merged_into_id.is_null())
        .count()
        .get_result(conn)
        .unwrap()
}

const PEOPLE: &str = "\
title,contact_name,email,phone,salesperson,stage,tags
Boiler,Mario Rossi,mario@rossi.it,+39 333 123 4567,sales,New,vip
Heat pump,Anna Bianchi,anna@bianchi.it,,manager,Qualified,
Solar,Linh Tran,linh@tran.vn,,,,\"fair, vip\"
";

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
    let found = list_query::list(&mut conn, &manager, &filter).unwrap();
    assert_eq!(
        found.total, 1,
        "the bulk-loaded lead is found by the list search"
    );
    assert_eq!(found.rows[0].title, "Person 2999");
}

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
    let cells = |csv: &str| -> Vec<(String, String)> {
        let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let record = reader.records().next().unwrap().unwrap();
        headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.to_string(), v.to_string()))
            .collect()
    };
    let written = cells(&exported);
    let cell = |cells: &[(String, String)], name: &str| -> String {
        cells.iter().find(|(h, _)| h == name).unwrap().1.clone()
    };
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
    let stored = |conn: &mut DbConn| -> (String, Option<String>, Option<String>, Option<String>) {
        leads::table
            .select((
                leads::title,
                leads::contact_name,
                leads::company_name,
                leads::phone,
            ))
            .first(conn)
            .unwrap()
    };
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

/// The stored lead of a file's row, by its external id.
fn by_external_id(conn: &mut DbConn, id: &str) -> leadbook::domain::models::leads::Lead {
    use leadbook::domain::models::leads::Lead;
    leads::table
        .filter(leads::external_id.eq(id))
        .select(Lead::as_select())
        .first(conn)
        .unwrap()
}

#[actix_web::test]
async fn a_row_whose_number_does_not_parse_is_imported_with_the_number_kept_and_flagged() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    // The default country is Italy: none of these reads as an Italian number.
    let file = "\
external_id,contact_name,phone,mobile,email
P1,Ashlie Mason,606-1606,5292 8659,ashlie@mason.com.au
P2,Jenna Walker,600-46-35,+39 333 123 4567,jenna.walker@cherryortegaandrogercom
";
    let report = run(&mut conn, file, Policy::Create);
    assert_eq!((report.created, report.invalid), (2, 0), "{report:?}");
    let ashlie = by_external_id(&mut conn, "P1");
    assert_eq!(ashlie.phone.as_deref(), Some("606-1606"), "kept as typed");
    assert_eq!(ashlie.phone_e164, None);
    assert_eq!(ashlie.mobile.as_deref(), Some("5292 8659"));
    assert!(ashlie.phone_unverified() && ashlie.mobile_unverified());
    assert!(!ashlie.email_unverified());
    let jenna = by_external_id(&mut conn, "P2");
    assert_eq!(jenna.mobile_e164.as_deref(), Some("+393331234567"));
    assert!(!jenna.mobile_unverified());
    assert_eq!(
        jenna.email.as_deref(),
        Some("jenna.walker@cherryortegaandrogercom"),
        "an address with a typo is kept too"
    );
    assert!(jenna.email_unverified());
}

#[actix_web::test]
async fn a_number_is_read_with_the_rows_country_else_the_default_one() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\
external_id,contact_name,phone,country
R1,Ivan Petrov,8 916 482 17 35,Россия
R2,Mario Rossi,333 123 4567,
R3,Olga Ivanova,8 916 482 17 35,
";
    let report = run(&mut conn, file, Policy::Create);
    assert_eq!((report.created, report.invalid), (3, 0), "{report:?}");
    let ivan = by_external_id(&mut conn, "R1");
    assert_eq!(ivan.phone_e164.as_deref(), Some("+79164821735"));
    assert_eq!(ivan.country.as_deref(), Some("RU"));
    let mario = by_external_id(&mut conn, "R2");
    assert_eq!(mario.phone_e164.as_deref(), Some("+393331234567"));
    let olga = by_external_id(&mut conn, "R3");
    assert!(
        olga.phone_unverified(),
        "a Russian national number in Italy"
    );
}

#[actix_web::test]
async fn country_names_in_four_languages_and_iso_codes_are_stored_as_the_iso_code() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\
external_id,contact_name,country
C1,A,Australia
C2,B,Russia
C3,C,Italia
C4,D,Россия
C5,E,Việt Nam
C6,F,Stati Uniti
C7,G,USA
C8,H,ITA
C9,I,vn
C10,J,Narnia
";
    let report = run(&mut conn, file, Policy::Create);
    assert_eq!(report.created, 9, "{report:?}");
    for (id, code) in [
        ("C1", "AU"),
        ("C2", "RU"),
        ("C3", "IT"),
        ("C4", "RU"),
        ("C5", "VN"),
        ("C6", "US"),
        ("C7", "US"),
        ("C8", "IT"),
        ("C9", "VN"),
    ] {
        let lead = by_external_id(&mut conn, id);
        assert_eq!(lead.country.as_deref(), Some(code), "{id}");
    }
    assert_eq!(
        report.invalid, 1,
        "a country that does not exist is an error"
    );
    assert_eq!(
        (report.errors[0].row, report.errors[0].column.as_str()),
        (11, "country")
    );
}

#[actix_web::test]
async fn iso_times_with_z_or_an_offset_are_stored_in_utc() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\
external_id,contact_name,created_at
T1,A,2024-07-12T12:34:32Z
T2,B,2024-07-12T15:34:32+03:00
T3,C,2024-07-12 12:34:32
T4,D,2024-07-12T12:34:32.250Z
";
    let report = run(&mut conn, file, Policy::Create);
    assert_eq!((report.created, report.invalid), (4, 0), "{report:?}");
    for id in ["T1", "T2", "T3", "T4"] {
        let at = by_external_id(&mut conn, id).created_at;
        assert_eq!(
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
            "2024-07-12 12:34:32",
            "{id}"
        );
    }
}

#[actix_web::test]
async fn telegram_and_whatsapp_columns_become_messengers() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let file = "\
external_id,contact_name,country,telegram,whatsapp
M1,Rossana Terragni,Italy,https://t.me/rossana_terragni,393240306836
M2,Robin Banks,,@RobinB,+39 333 1234567
M3,Ashlie Mason,Australia,ashliem,600-46-35
";
    let report = run(&mut conn, file, Policy::Create);
    assert_eq!((report.created, report.invalid), (3, 0), "{report:?}");
    let handles = |conn: &mut DbConn, id: &str| -> Vec<(String, String)> {
        let lead = by_external_id(conn, id);
        identities::for_lead(conn, lead.id)
            .unwrap()
            .into_iter()
            .map(|i| (i.channel.to_string(), i.handle_norm))
            .collect()
    };
    assert_eq!(
        handles(&mut conn, "M1"),
        vec![
            ("telegram".to_string(), "rossana_terragni".to_string()),
            ("whatsapp".to_string(), "+393240306836".to_string()),
        ],
        "a WhatsApp number without its + is international"
    );
    assert_eq!(
        handles(&mut conn, "M2"),
        vec![
            ("telegram".to_string(), "robinb".to_string()),
            ("whatsapp".to_string(), "+393331234567".to_string()),
        ]
    );
    assert_eq!(
        handles(&mut conn, "M3")[1],
        ("whatsapp".to_string(), "6004635".to_string()),
        "a number that does not parse keeps its digits"
    );
}

#[actix_web::test]
async fn partner_name_is_the_company() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let report = run(
        &mut conn,
        "external_id,contact_name,partner_name\nO1,Sandoval Kyle,Brown-Flynn\n",
        Policy::Create,
    );
    assert_eq!(report.created, 1, "{report:?}");
    let lead = by_external_id(&mut conn, "O1");
    assert_eq!(lead.company_name.as_deref(), Some("Brown-Flynn"));
    assert_eq!(lead.title, "Brown-Flynn: Sandoval Kyle");
}

#[actix_web::test]
async fn a_row_without_a_name_is_called_by_how_to_reach_it() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let report = run(
        &mut conn,
        "external_id,contact_name,partner_name,phone\nN1,,,+61385706721\nN2,,,\n",
        Policy::Create,
    );
    assert_eq!((report.created, report.invalid), (2, 0), "{report:?}");
    assert_eq!(by_external_id(&mut conn, "N1").title, "+61385706721");
    assert_eq!(by_external_id(&mut conn, "N2").title, "N2");
}

#[actix_web::test]
async fn merging_a_row_into_a_lead_keeps_the_rows_unverified_number() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    run(
        &mut conn,
        "external_id,contact_name,email\nU1,Mario Rossi,mario@rossi.it\n",
        Policy::Create,
    );
    let report = run(
        &mut conn,
        "external_id,contact_name,email,phone\nU1,Mario Rossi,mario@rossi.it,606-1606\n",
        Policy::Merge,
    );
    assert_eq!((report.updated, report.invalid), (1, 0), "{report:?}");
    let lead = by_external_id(&mut conn, "U1");
    assert_eq!(lead.phone.as_deref(), Some("606-1606"));
    assert!(lead.phone_unverified());
}
