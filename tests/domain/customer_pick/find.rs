//! Finding one customer: by name in another script, by `#id`, by phone; the lead form's
//! Customer field taking a name (one match, several, none).

use super::customer;
use crate::support::{LeadBuilder, World, actor, fresh_pool};
use leadbook::domain::DomainError;
use leadbook::domain::customers::find::{self, Resolved};
use leadbook::domain::records::{self, MessengerEdits};

#[test]
fn a_customer_is_found_by_name_in_another_script_by_id_and_by_phone() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let vektor = customer(conn, "company", "ООО «Вектор»", &[]);
    let nguyen = customer(conn, "person", "Nguyễn Văn An", &[]);
    let robin = customer(
        conn,
        "person",
        "Robin Banks",
        &[("phone", "+39 02 1234 5678"), ("country", "IT")],
    );
    let ids = |found: Vec<find::Pick>| found.iter().map(|p| p.id).collect::<Vec<_>>();

    assert_eq!(
        ids(find::lookup(conn, "Vektor").unwrap()),
        vec![vektor.id.0]
    );
    assert_eq!(
        ids(find::lookup(conn, "вектор").unwrap()),
        vec![vektor.id.0]
    );
    assert_eq!(
        ids(find::lookup(conn, "nguyen van").unwrap()),
        vec![nguyen.id.0]
    );
    let by_id = find::lookup(conn, &format!("#{}", vektor.id)).unwrap();
    assert_eq!(by_id[0].label, format!("ООО «Вектор» #{}", vektor.id));
    assert_eq!(by_id[0].kind, "company");
    assert_eq!(
        ids(find::lookup(conn, "02 1234 56").unwrap()),
        vec![robin.id.0]
    );
    assert!(find::lookup(conn, "").unwrap().is_empty());
}

#[test]
fn typed_text_resolves_to_one_customer_or_says_which_match() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let spa = customer(conn, "company", "Acme SpA", &[]);
    let srl = customer(conn, "company", "Acme Srl", &[]);
    let north = customer(conn, "company", "Northgate Foods", &[]);
    customer(conn, "company", "Northgate Foods Logistics", &[]);

    assert_eq!(find::resolve(conn, " ").unwrap(), Resolved::Nothing);
    assert_eq!(
        find::resolve(conn, "northgate foods").unwrap(),
        Resolved::One(north.id),
        "the one whose very name it is, among several matches"
    );
    let Resolved::Refused(northgate) = find::resolve(conn, "Northgate").unwrap() else {
        panic!("two match");
    };
    assert_eq!(
        northgate.to_string(),
        format!(
            "Several customers match 'Northgate': Northgate Foods #{}, Northgate Foods \
             Logistics #{} — type the #ID",
            north.id,
            north.id.0 + 1
        )
    );
    assert_eq!(
        find::resolve(conn, &format!("#{}", srl.id)).unwrap(),
        Resolved::One(srl.id)
    );
    let Resolved::Refused(several) = find::resolve(conn, "Acme").unwrap() else {
        panic!("several match");
    };
    assert!(
        several
            .to_string()
            .contains("Several customers match 'Acme'"),
        "{several}"
    );
    assert!(
        several
            .to_string()
            .contains(&format!("Acme SpA #{}", spa.id)),
        "{several}"
    );
    assert!(
        several
            .to_string()
            .contains(&format!("Acme Srl #{}", srl.id)),
        "{several}"
    );
    let Resolved::Refused(none) = find::resolve(conn, "Zebra Works").unwrap() else {
        panic!("none match");
    };
    assert!(
        none.to_string()
            .contains("No customer matches 'Zebra Works'"),
        "{none}"
    );
}

#[test]
fn the_lead_form_links_the_one_customer_a_name_matches_and_explains_otherwise() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let north = customer(conn, "company", "Northgate Foods", &[]);
    customer(conn, "company", "Acme SpA", &[]);
    customer(conn, "company", "Acme Srl", &[]);
    let none = MessengerEdits::default();

    let input = LeadBuilder::new("Crates")
        .owner(w.sales)
        .field("partner_id", "Northgate Foods")
        .input();
    let lead = records::create(conn, &me, &input, &none).unwrap();
    assert_eq!(lead.partner_id, Some(north.id));

    let input = LeadBuilder::new("Crates")
        .owner(w.sales)
        .field("partner_id", "Acme")
        .input();
    let Err(DomainError::Invalid(errors)) = records::create(conn, &me, &input, &none) else {
        panic!("several customers match");
    };
    assert!(
        errors["partner_id"]
            .to_string()
            .starts_with("Several customers match 'Acme'")
    );

    let input = LeadBuilder::new("")
        .owner(w.sales)
        .field("partner_id", "Nobody Ltd")
        .input();
    let Err(DomainError::Invalid(errors)) = records::create(conn, &me, &input, &none) else {
        panic!("no customer matches");
    };
    assert!(
        errors["partner_id"]
            .to_string()
            .contains("No customer matches 'Nobody Ltd'")
    );
    assert!(errors.contains_key("title"), "every mistake shows at once");
}
