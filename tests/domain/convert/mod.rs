//! Convert to Opportunity in the domain: the wizard's defaults from the duplicate finder,
//! conversion with and without merging, the customer (create, link by id, none), mass
//! conversion with round-robin and deduplication, refusals and rights.

mod customer;
mod defaults;
mod mass;
mod refusals;

use crate::support::World;
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{leads as leads_table, messages, partners as partners_table};
use leadbook::domain::ids::PartnerId;
use leadbook::domain::models::leads::Lead;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::wizards::convert::ConvertInput;

fn convert_plain(customer: &str, w: &World) -> ConvertInput {
    ConvertInput {
        action: "convert".into(),
        salesperson_id: w.sales.to_string(),
        customer: customer.into(),
        ..ConvertInput::default()
    }
}

/// Everything a conversion may touch, to compare before and after.
#[derive(Debug, PartialEq)]
struct State {
    leads: Vec<Lead>,
    partners: i64,
    messages: i64,
}

fn state(conn: &mut DbConn) -> State {
    State {
        leads: leads_table::table
            .order(leads_table::id)
            .select(Lead::as_select())
            .load(conn)
            .unwrap(),
        partners: partners_table::table.count().get_result(conn).unwrap(),
        messages: messages::table.count().get_result(conn).unwrap(),
    }
}

fn person(conn: &mut DbConn, name: &str, email: &str) -> PartnerId {
    partners::create(
        conn,
        &PartnerInput {
            kind: "person".into(),
            name: name.into(),
            email: email.into(),
            ..PartnerInput::default()
        },
    )
    .unwrap()
    .id
}
