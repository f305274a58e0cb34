//! The lead body's `partner_id`: a number, `"#42"`, or a name naming one customer.

use crate::api_support::Api;
use crate::support::TestApp;
use leadbook::domain::models::partners::{self, PartnerInput};
use serde_json::json;

#[actix_web::test]
async fn partner_id_takes_a_number_a_hash_id_or_a_name_of_one_customer() {
    let app = TestApp::spawn().await;
    let mut ids = Vec::new();
    for name in ["Northgate Foods", "Acme SpA", "Acme Srl"] {
        let input = PartnerInput {
            kind: "company".into(),
            name: name.into(),
            ..PartnerInput::default()
        };
        ids.push(partners::create(&mut app.conn(), &input).unwrap().id.0);
    }
    let api = Api::as_user(&app, app.world().sales);
    for (given, linked) in [
        (json!(ids[1]), ids[1]),
        (json!(format!("#{}", ids[2])), ids[2]),
        (json!("northgate foods"), ids[0]),
    ] {
        let created = api
            .post(
                "/api/v1/leads",
                json!({"title": "Crates", "partner_id": given}),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        assert_eq!(created.body["lead"]["partner_id"], linked);
    }
    let several = api
        .post(
            "/api/v1/leads",
            json!({"title": "Crates", "partner_id": "Acme"}),
        )
        .await;
    assert_eq!(several.status, 422, "{}", several.body);
    let message = several.field("partner_id").unwrap_or_default();
    assert!(
        message.starts_with("Several customers match 'Acme'"),
        "{message}"
    );
}
