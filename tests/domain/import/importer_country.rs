//! An import reads national numbers with the importer's country (their own, else their
//! team's, else the company's); a row's country column still wins.

use super::{actor, by_external_id, run};
use crate::support::TestApp;
use leadbook::domain::import::Policy;
use leadbook::domain::models::users;

#[actix_web::test]
async fn numbers_are_read_with_the_importers_country_unless_the_row_names_one() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let manager = actor(&mut conn, "manager");
    users::set_preferences(&mut conn, &manager, "en", "RU").unwrap();
    let file = "\
external_id,contact_name,phone,country
R1,Olga Ivanova,8 916 482 17 35,
R2,Mario Rossi,333 123 4567,Italia
R3,Luca Verdi,333 123 4567,
";
    let report = run(&mut conn, file, Policy::Create);
    assert_eq!((report.created, report.invalid), (3, 0), "{report:?}");
    let olga = by_external_id(&mut conn, "R1");
    assert_eq!(olga.phone_e164.as_deref(), Some("+79164821735"));
    let mario = by_external_id(&mut conn, "R2");
    assert_eq!(mario.phone_e164.as_deref(), Some("+393331234567"));
    let luca = by_external_id(&mut conn, "R3");
    assert_ne!(
        luca.phone_e164.as_deref(),
        Some("+393331234567"),
        "an Italian national number is not read as Italian in Russia"
    );
}
