//! Similar leads: the duplicate rules, each test named after one rule of the issue.

mod customers;
mod database_scan;
mod stored_counts;
mod typed;

use crate::support::similar::{actor, duplicate_of, find, lead, setup};
use leadbook::db::DbConn;
use leadbook::domain::ids::{LeadId, Owner, PartnerId};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::similarity::{self, Class, not_duplicate, scan};

fn partner(conn: &mut DbConn, fields: &[(&str, &str)]) -> PartnerId {
    let mut map = serde_json::Map::new();
    for (k, v) in fields {
        map.insert((*k).into(), (*v).into());
    }
    let input: PartnerInput = serde_json::from_value(map.into()).unwrap();
    partners::create(conn, &input).unwrap().id
}

#[test]
fn formatted_and_upper_case_emails_match() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[("email", "\"Robin Banks\" <Robin.Banks@Example.com>")],
    );
    let b = lead(c, w.admin, &[("email", "  robin.banks@example.com ")]);
    let m = duplicate_of(c, &me, a, b).expect("a duplicate");
    assert!(
        m.reason_text()
            .contains("same email robin.banks@example.com")
    );
    assert_eq!(similarity::count_similar(c, &me, a).unwrap(), 1);
}

#[test]
fn free_mail_addresses_match_only_in_full() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[
            ("contact_name", "Robin Banks"),
            ("email", "robin@gmail.com"),
        ],
    );
    let b = lead(
        c,
        w.admin,
        &[("contact_name", "Anna Rossi"), ("email", "anna@gmail.com")],
    );
    let c2 = lead(c, w.admin, &[("email", "ROBIN@gmail.com")]);
    let found = similarity::similar_to(c, &me, a).unwrap();
    assert!(find(&found, b).is_none(), "two gmail users are unrelated");
    assert!(find(&found, c2).is_some_and(|m| m.class == Class::Duplicate));
}

#[test]
fn company_domains_match_as_same_organisation_not_as_duplicates() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[("contact_name", "Anna Rossi"), ("email", "anna@acme.com")],
    );
    let b = lead(
        c,
        w.admin,
        &[
            ("contact_name", "Marco Bianchi"),
            ("email", "marco@acme.com"),
        ],
    );
    let found = similarity::similar_to(c, &me, a).unwrap();
    let m = find(&found, b).expect("listed");
    assert_eq!(m.class, Class::SameOrganisation);
    assert!(
        m.reason_text()
            .contains("same email domain acme.com — a different address")
    );
    assert_eq!(similarity::count_similar(c, &me, a).unwrap(), 0);
}

#[test]
fn a_subdomain_is_a_different_domain() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[("contact_name", "Anna Rossi"), ("email", "anna@acme.com")],
    );
    let b = lead(
        c,
        w.admin,
        &[
            ("contact_name", "Marco Bianchi"),
            ("email", "marco@eu.acme.com"),
        ],
    );
    assert!(find(&similarity::similar_to(c, &me, a).unwrap(), b).is_none());
}

#[test]
fn the_same_italian_number_in_three_spellings_matches() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, &[("phone", "+39 333 1234567")]);
    let b = lead(c, w.admin, &[("phone", "0039 3331234567")]);
    let d = lead(c, w.admin, &[("phone", "333-123-4567")]);
    for (x, y) in [(a, b), (a, d), (b, d)] {
        let m = duplicate_of(c, &me, x, y).expect("same number");
        assert!(
            m.reason_text().contains("same phone +39 333 123 4567"),
            "{}",
            m.reason_text()
        );
    }
}

#[test]
fn a_leads_mobile_matches_another_leads_phone() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, &[("mobile", "333 765 4321")]);
    let b = lead(c, w.admin, &[("phone", "+393337654321")]);
    let m = duplicate_of(c, &me, a, b).expect("mobile = phone");
    assert!(
        m.reason_text().contains("mobile here, phone there"),
        "{}",
        m.reason_text()
    );
}

#[test]
fn the_telegram_whatsapp_marketplace_trio_is_clustered() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let tg = lead(
        c,
        w.admin,
        &[("title", "Telegram chat"), ("source_channel", "telegram")],
    );
    identities::add(
        c,
        Owner::Lead(tg),
        IdentityChannel::Telegram,
        "@Ivan_Petrov",
        "RU",
    )
    .unwrap();
    let wa = lead(
        c,
        w.admin,
        &[
            ("title", "WhatsApp"),
            ("contact_name", "Ivan Petrov"),
            ("phone", "+7 912 345-67-89"),
            ("source_channel", "whatsapp"),
        ],
    );
    identities::add(
        c,
        Owner::Lead(wa),
        IdentityChannel::WhatsApp,
        "+79123456789",
        "RU",
    )
    .unwrap();
    let av = lead(
        c,
        w.admin,
        &[
            ("title", "Avito: диван"),
            ("contact_name", "Иван Петров"),
            ("source_channel", "avito"),
        ],
    );
    let unrelated = lead(c, w.admin, &[("contact_name", "Olga Smirnova")]);
    let clusters = scan(c, &me, 10).unwrap();
    assert_eq!(clusters.len(), 1, "one customer across three channels");
    let ids: Vec<i32> = clusters[0].records.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![tg.0, wa.0, av.0]);
    assert!(!ids.contains(&unrelated.0));
    let m = duplicate_of(c, &me, tg, wa).expect("nickname ≈ name");
    assert!(
        m.reason_text().contains("Telegram @ivan_petrov"),
        "{}",
        m.reason_text()
    );
}

#[test]
fn cyrillic_ivan_petrov_matches_latin_ivan_petrov() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, &[("contact_name", "Иван Петров")]);
    let b = lead(c, w.admin, &[("contact_name", "Ivan Petrov")]);
    assert!(duplicate_of(c, &me, a, b).is_some());
}

#[test]
fn vietnamese_name_matches_without_diacritics() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, &[("contact_name", "Nguyễn Văn An")]);
    let b = lead(c, w.admin, &[("contact_name", "Nguyen Van An")]);
    assert!(duplicate_of(c, &me, a, b).is_some());
}

#[test]
fn robin_and_robyn_in_the_same_city_match() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[("contact_name", "Robin Banks"), ("city", "Milano")],
    );
    let b = lead(
        c,
        w.admin,
        &[("contact_name", "Robyn Banks"), ("city", "milano")],
    );
    let m = duplicate_of(c, &me, a, b).expect("similar name, same city");
    assert!(
        m.reason_text()
            .contains("names 'Robin Banks' ≈ 'Robyn Banks' ("),
        "{}",
        m.reason_text()
    );
    assert!(m.reason_text().contains("same city milano"));
}

#[test]
fn two_different_people_at_the_same_company_do_not_match() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let common = [
        ("company_name", "Acme S.r.l."),
        ("city", "Milano"),
        ("phone", "02 1234567"),
    ];
    let a = lead(
        c,
        w.admin,
        &[
            &common[..],
            &[
                ("contact_name", "Anna Rossi"),
                ("email", "anna.rossi@acme.it"),
            ],
        ]
        .concat(),
    );
    let b = lead(
        c,
        w.admin,
        &[
            &common[..],
            &[
                ("contact_name", "Marco Bianchi"),
                ("email", "marco.bianchi@acme.it"),
            ],
        ]
        .concat(),
    );
    let found = similarity::similar_to(c, &me, a).unwrap();
    assert_eq!(
        find(&found, b).map(|m| m.class),
        Some(Class::SameOrganisation)
    );
}

#[test]
fn over_common_values_are_ignored() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let ids: Vec<LeadId> = (0..22)
        .map(|i| {
            lead(
                c,
                w.admin,
                &[("title", &format!("Call {i}")), ("phone", "02 9999999")],
            )
        })
        .collect();
    assert!(
        similarity::similar_to(c, &me, ids[0]).unwrap().is_empty(),
        "a switchboard shared by 22 says nothing"
    );
    let a = lead(
        c,
        w.admin,
        &[("phone", "02 9999999"), ("email", "x@example.org")],
    );
    let b = lead(
        c,
        w.admin,
        &[("phone", "02 9999999"), ("email", "x@example.org")],
    );
    let m = duplicate_of(c, &me, a, b).expect("the email still counts");
    let phone = m
        .reasons
        .iter()
        .find(|r| r.code.starts_with("phone:"))
        .expect("the number is compared");
    let email = m
        .reasons
        .iter()
        .find(|r| r.code.starts_with("email:"))
        .expect("the email is compared");
    assert!(
        phone.text.contains("common here: 24 records") && phone.weight < email.weight / 2.0,
        "a switchboard shared by 24 weighs little: {}",
        m.reason_text()
    );
}

#[test]
fn a_pair_marked_not_duplicate_returns_only_with_new_evidence() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, &[("email", "shared@example.org")]);
    let b = lead(c, w.admin, &[("email", "shared@example.org")]);
    not_duplicate::mark(c, &me, a, b, "Husband and wife share the address").unwrap();
    assert!(duplicate_of(c, &me, a, b).is_none());
    let sales = actor(c, w.sales);
    assert!(
        duplicate_of(c, &sales, a, b).is_none(),
        "hidden for everyone"
    );
    let input = LeadInput {
        title: "A lead".into(),
        email: "shared@example.org".into(),
        phone: "333 000 1111".into(),
        ..LeadInput::default()
    };
    leads::update(c, a, &input).unwrap();
    leads::update(c, b, &input).unwrap();
    assert!(
        duplicate_of(c, &me, a, b).is_some(),
        "a shared phone is new evidence"
    );
}
