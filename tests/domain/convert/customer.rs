//! The customer of a conversion: created, linked by id, or none.

use super::{convert_plain, person, state};
use crate::support::actor;
use crate::support::{LeadBuilder, World, fresh_pool, reload};
use diesel::prelude::*;
use leadbook::db::schema::{identities as identities_table, partners as partners_table};
use leadbook::domain::ids::{Owner, PartnerId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::partners;
use leadbook::domain::wizards::convert::{Conversion, ConvertInput};

#[test]
fn creating_the_customer_makes_a_company_and_its_person_without_shared_phone_or_email() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let record = LeadBuilder::new("Fabrics")
        .contact("Giulia Conti")
        .company("Tessuti Conti S.p.A.")
        .email("giulia@conti.test")
        .phone("+39 02 1234 5678")
        .city("Prato")
        .owner(w.sales)
        .fields(&[("mobile", "+39 333 123 4567"), ("website", "conti.test")])
        .create(conn);
    identities::add(
        conn,
        Owner::Lead(record.id),
        IdentityChannel::Telegram,
        "@giulia_conti",
        "IT",
    )
    .unwrap();

    let outcome = Conversion::apply(conn, &me, record.id, &convert_plain("create", &w)).unwrap();
    assert!(outcome.customer_created);
    let person = partners::find(conn, outcome.customer.unwrap()).unwrap();
    assert_eq!(person.name, "Giulia Conti");
    assert_eq!(person.kind.as_str(), "person");
    assert_eq!(person.email.as_deref(), Some("giulia@conti.test"));
    assert!(person.phone.is_some() && person.mobile.is_some());
    let company = partners::find(conn, person.company_id.unwrap()).unwrap();
    assert_eq!(company.kind.as_str(), "company");
    assert_eq!(company.name, "Tessuti Conti S.p.A.");
    assert_eq!(company.email, None, "the email is the person's only");
    assert_eq!(company.phone, None, "the phone is the person's only");
    assert_eq!(company.mobile, None);
    assert_eq!(company.city.as_deref(), Some("Prato"));
    assert_eq!(company.website.as_deref(), Some("conti.test"));
    let handles: Vec<(Option<PartnerId>, String)> = identities_table::table
        .filter(identities_table::partner_id.is_not_null())
        .select((identities_table::partner_id, identities_table::handle))
        .load(conn)
        .unwrap();
    assert_eq!(
        handles,
        vec![(Some(person.id), "@giulia_conti".to_string())]
    );

    let converted = reload(conn, &record);
    assert_eq!(converted.kind, Kind::Opportunity);
    assert_eq!(converted.partner_id, Some(person.id));
    assert!(converted.converted_at.is_some());

    let again = LeadBuilder::new("More fabrics")
        .contact("Paolo Conti")
        .company("Tessuti Conti SpA")
        .by(w.admin)
        .create(conn);
    let second = Conversion::apply(conn, &me, again.id, &convert_plain("create", &w)).unwrap();
    let paolo = partners::find(conn, second.customer.unwrap()).unwrap();
    assert_eq!(
        paolo.company_id,
        Some(company.id),
        "an existing company of the same name is reused"
    );
}

#[test]
fn link_by_customer_id_works_and_an_unknown_id_changes_nothing() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let acme = person(conn, "Acme Buyer", "");
    let record = w.sales_lead("Anvils").create(conn);
    let before = state(conn);
    let unknown = ConvertInput {
        partner_id: "#999".into(),
        ..convert_plain("link", &w)
    };
    let err = Conversion::apply(conn, &me, record.id, &unknown).unwrap_err();
    assert_eq!(
        err.field("partner_id").as_deref(),
        Some("There is no customer #999")
    );
    assert_eq!(state(conn), before, "nothing half-written");

    let by_id = ConvertInput {
        partner_id: format!("#{acme}"),
        ..convert_plain("link", &w)
    };
    let outcome = Conversion::apply(conn, &me, record.id, &by_id).unwrap();
    assert_eq!(outcome.customer, Some(acme));
    assert!(!outcome.customer_created);
    assert_eq!(reload(conn, &record).partner_id, Some(acme));
}

#[test]
fn do_not_link_leaves_the_customer_empty_and_the_chatter_says_what_happened() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let record = LeadBuilder::new("Boat")
        .contact("Ivan Petrov")
        .by(w.admin)
        .create(conn);
    let partners_before: i64 = partners_table::table.count().get_result(conn).unwrap();
    let outcome = Conversion::apply(conn, &me, record.id, &convert_plain("none", &w)).unwrap();
    assert_eq!(outcome.customer, None);
    let after = reload(conn, &record);
    assert_eq!(after.partner_id, None);
    assert_eq!(after.kind, Kind::Opportunity);
    assert_eq!(after.salesperson_id, Some(w.sales));
    assert_eq!(
        after.team_id,
        Some(w.europe),
        "the team follows the salesperson"
    );
    let count: i64 = partners_table::table.count().get_result(conn).unwrap();
    assert_eq!(count, partners_before);
    let log = chatter::for_lead(conn, record.id).unwrap();
    let message = log
        .iter()
        .find(|m| m.kind == MessageKind::Conversion)
        .unwrap();
    assert!(message.text().contains("Converted to opportunity"));
    assert_eq!(
        message.event.as_ref().map(|e| e.key.as_str()),
        Some("event.conversion.no_customer"),
        "a key, not a sentence"
    );
    assert!(message.body.is_empty());
    assert!(message.changes.iter().any(|c| c.field == "kind"));
}
