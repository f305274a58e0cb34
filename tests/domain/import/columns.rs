//! How the import reads its columns: numbers, countries, times, messengers, names.

use super::{by_external_id, run};
use crate::support::TestApp;
use leadbook::db::DbConn;
use leadbook::domain::import::Policy;
use leadbook::domain::models::identities;

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
    assert_eq!(ivan.address.country.as_deref(), Some("RU"));
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
        assert_eq!(lead.address.country.as_deref(), Some(code), "{id}");
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
