//! Linking a lead to a customer offers its ways to reach; copying never puts one number or
//! email on both a company and one of its people.

use super::customer;
use crate::support::{World, actor, fresh_pool};
use leadbook::domain::DomainError;
use leadbook::domain::customers::reach::{self, Slot};
use leadbook::domain::ids::Owner;
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::partners;

#[test]
fn the_offer_lists_what_the_customer_lacks_and_skips_what_its_company_holds() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let company = customer(
        conn,
        "company",
        "Tessuti Conti SpA",
        &[("phone", "+39 02 1234 5678"), ("country", "IT")],
    );
    let company_id = company.id.to_string();
    let person = customer(
        conn,
        "person",
        "Giulia Conti",
        &[("company_id", &company_id), ("email", "giulia@conti.test")],
    );
    let lead = w
        .sales_lead("Fabrics")
        .contact("Giulia Conti")
        .email("giulia@conti.test")
        .phone("+39 02 1234 5678")
        .fields(&[("mobile", "+39 333 123 4567"), ("country", "IT")])
        .partner(person.id)
        .create(conn);
    for (channel, handle) in [
        (IdentityChannel::WhatsApp, "+39 333 123 4567"),
        (IdentityChannel::Telegram, "@giulia_conti"),
    ] {
        identities::add(conn, Owner::Lead(lead.id), channel, handle, "IT").unwrap();
    }

    let offer = reach::offer(conn, &me, lead.id).unwrap().unwrap();
    assert_eq!(offer.customer, person.id);
    let mut offered: Vec<String> = offer.ways.iter().map(|w| w.slot.label_key()).collect();
    offered.sort();
    assert_eq!(
        offered,
        vec!["channel.telegram", "channel.whatsapp", "lead.mobile"],
        "the email is already the person's; the phone is the company's"
    );
    assert_eq!(offer.skipped.len(), 1);
    assert_eq!(offer.skipped[0].way.slot, Slot::Phone);
    assert_eq!(
        offer.skipped[0].holder,
        format!("Tessuti Conti SpA #{}", company.id)
    );

    let done = reach::copy(conn, &me, lead.id, person.id).unwrap();
    assert_eq!(done.ways.len(), 3);
    let person = partners::find(conn, person.id).unwrap();
    assert_eq!(
        person.phone, None,
        "never the company's number on its person"
    );
    assert_eq!(person.mobile.as_deref(), Some("+39 333 123 4567"));
    assert!(person.mobile_e164.is_some());
    let handles: Vec<String> = identities::for_partner(conn, person.id)
        .unwrap()
        .into_iter()
        .map(|i| i.handle)
        .collect();
    assert_eq!(handles.len(), 2);
    let log = leadbook::domain::models::chatter::for_partner(conn, person.id).unwrap();
    assert!(
        log.iter()
            .any(|m| m.changes.iter().any(|c| c.field == "mobile")),
        "the copy is logged in the customer's chatter"
    );
    let copy = log.iter().find(|m| m.body.is_empty()).expect("an event");
    assert_eq!(copy.event.as_ref().unwrap().key, "event.customer.copied");
    assert!(copy.text().starts_with("Copied from #"), "{}", copy.text());
    let company = partners::find(conn, company.id).unwrap();
    assert_eq!(company.mobile, None);
    assert!(
        identities::for_partner(conn, company.id)
            .unwrap()
            .is_empty()
    );

    let again = reach::offer(conn, &me, lead.id).unwrap().unwrap();
    assert!(again.ways.is_empty(), "nothing left to copy");
}

#[test]
fn a_number_on_another_person_of_the_company_is_not_copied_and_rights_hold() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let company = customer(conn, "company", "Banks & Co", &[]);
    let company_id = company.id.to_string();
    let colleague = customer(
        conn,
        "person",
        "Ann Banks",
        &[
            ("company_id", &company_id),
            ("mobile", "+44 7911 123456"),
            ("country", "GB"),
        ],
    );
    let lead = w
        .sales_lead("Boats")
        .contact("Robin Banks")
        .fields(&[("mobile", "+44 7911 123456"), ("country", "GB")])
        .partner(company.id)
        .create(conn);
    let me = actor(conn, w.sales);
    let offer = reach::offer(conn, &me, lead.id).unwrap().unwrap();
    assert!(offer.ways.is_empty());
    assert_eq!(
        offer.skipped[0].holder,
        format!("Ann Banks #{}", colleague.id)
    );
    reach::copy(conn, &me, lead.id, company.id).unwrap();
    assert_eq!(partners::find(conn, company.id).unwrap().mobile, None);

    let stranger = actor(conn, w.other_sales);
    assert!(matches!(
        reach::copy(conn, &stranger, lead.id, company.id),
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        reach::copy(conn, &me, lead.id, colleague.id),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn a_teammate_who_may_only_read_the_lead_is_offered_nothing() {
    use leadbook::domain::access::Actor;
    use leadbook::domain::models::{teams, users};
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let input = crate::support::user_input("mate", "Team Mate", "salesperson");
    let mate = users::create(conn, &Actor::operator(), &input).unwrap().id;
    teams::add_member(conn, w.europe, mate).unwrap();
    let person = customer(conn, "person", "Giulia Conti", &[]);
    let lead = w
        .sales_lead("Fabrics")
        .fields(&[("mobile", "+39 333 123 4567"), ("country", "IT")])
        .partner(person.id)
        .create(conn);
    let owner = actor(conn, w.sales);
    assert!(reach::offer(conn, &owner, lead.id).unwrap().is_some());
    let teammate = actor(conn, mate);
    assert!(
        reach::offer(conn, &teammate, lead.id).unwrap().is_none(),
        "no Copy button for whom it would answer 403"
    );
}
