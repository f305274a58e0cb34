//! Customers chosen wherever one is chosen: found by name in any script, by `#id`, by phone;
//! typed names resolved on the lead form; a lead's ways to reach copied onto its customer.

mod find;
mod reach;

use leadbook::db::DbConn;
use leadbook::domain::models::partners::{self, Partner, PartnerInput};

/// A customer created as the Customers form would.
pub fn customer(conn: &mut DbConn, kind: &str, name: &str, fields: &[(&str, &str)]) -> Partner {
    let mut input = PartnerInput {
        kind: kind.into(),
        name: name.into(),
        ..PartnerInput::default()
    };
    for (field, value) in fields {
        let value = value.to_string();
        match *field {
            "email" => input.email = value,
            "phone" => input.phone = value,
            "mobile" => input.mobile = value,
            "company_id" => input.company_id = value,
            "country" => input.country = value,
            other => panic!("no field {other}"),
        }
    }
    partners::create(conn, &input).expect("customer")
}
