//! Existing customers among a lead's similar records, and a shared switchboard.

use super::partner;
use crate::support::similar::{actor, lead, setup};
use leadbook::domain::ids::PartnerId;
use leadbook::domain::similarity::{self, conflicts};

#[test]
fn an_existing_customer_matching_a_lead_is_shown_with_the_reason() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let mario = partner(c, &[("name", "Mario Rossi"), ("phone", "+39 347 1112233")]);
    let a = lead(
        c,
        w.admin,
        &[("contact_name", "M. Rossi"), ("mobile", "347 111 2233")],
    );
    let found = similarity::matching_customers(c, &me, a).unwrap();
    let m = found
        .iter()
        .find(|m| m.record.id == mario.0)
        .expect("the customer");
    assert!(m.record.is_customer);
    assert!(
        m.reason_text().contains("+39 347 111 2233"),
        "{}",
        m.reason_text()
    );
    assert_eq!(similarity::warnings_for_new(c, &me, a).unwrap().len(), 1);
}

#[test]
fn a_company_and_a_person_sharing_a_number_are_flagged_unless_it_is_the_switchboard() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let acme = partner(
        c,
        &[
            ("kind", "company"),
            ("name", "Acme S.r.l."),
            ("phone", "02 5550000"),
            ("email", "info@acme.it"),
        ],
    );
    let own = partner(
        c,
        &[
            ("name", "Anna Rossi"),
            ("company_id", &acme.0.to_string()),
            ("phone", "02 5550000"),
        ],
    );
    let stranger = partner(c, &[("name", "Piero Verdi"), ("email", "info@acme.it")]);
    let found = conflicts::company_contact_conflicts(c, &me).unwrap();
    let of = |id: PartnerId| found.iter().find(|f| f.person.id == id.0).expect("listed");
    assert!(
        !of(stranger).switchboard,
        "a stranger with the company's email is a conflict"
    );
    assert_eq!(of(stranger).what, "email");
    assert!(
        of(own).switchboard,
        "the company's own contact on its switchboard is fine"
    );
}
