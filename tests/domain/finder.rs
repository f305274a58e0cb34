//! The duplicate finder's learned model: each test named after one rule it must keep —
//! typo-tolerant candidates, weights by how common a value is, separate deals of one
//! customer, numbers that do not parse, and training on the users' decisions.

use crate::support::similar::{actor, create, duplicate_of, find, lead, setup};

use leadbook::db::DbConn;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, Owner};
use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, Kind};
use leadbook::domain::similarity::model::{self, Model};
use leadbook::domain::similarity::train;
use leadbook::domain::similarity::{self, Class, Match, not_duplicate, scan};

/// Imports CSV rows the way `leadbook import` does (numbers that do not parse are kept).
fn import_rows(conn: &mut DbConn, me: &Actor, csv: &str) {
    let mut source = Source::open(csv.as_bytes()).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy: Policy::Create,
        kind: Kind::Lead,
        large: false,
    };
    let report = import::import(
        conn,
        me,
        &mut source,
        &mapping,
        &options,
        &mut |_, _| Ok(()),
    )
    .unwrap();
    assert_eq!(report.invalid, 0, "every row imported: {report:?}");
}

fn by_external(conn: &mut DbConn, ext: &str) -> LeadId {
    use diesel::prelude::*;
    use leadbook::db::schema::leads::dsl;
    LeadId(
        dsl::leads
            .filter(dsl::external_id.eq(ext))
            .select(dsl::id)
            .first(conn)
            .unwrap(),
    )
}

#[test]
fn the_robin_trio_of_telegram_whatsapp_and_avito_is_one_cluster() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let tg = lead(
        c,
        w.admin,
        &[
            ("title", "Telegram: @RobinB"),
            ("source_channel", "telegram"),
        ],
    );
    identities::add(
        c,
        Owner::Lead(tg),
        IdentityChannel::Telegram,
        "@RobinB",
        "IT",
    )
    .unwrap();
    let wa = lead(
        c,
        w.admin,
        &[
            ("title", "WhatsApp: Robin Banks"),
            ("contact_name", "Robin Banks"),
            ("source_channel", "whatsapp"),
        ],
    );
    identities::add(
        c,
        Owner::Lead(wa),
        IdentityChannel::WhatsApp,
        "+39 333 1234567",
        "IT",
    )
    .unwrap();
    let av = lead(
        c,
        w.admin,
        &[
            ("title", "Avito: Robin Banks"),
            ("contact_name", "Robin Banks"),
            ("source_channel", "avito"),
        ],
    );
    lead(c, w.admin, &[("contact_name", "Olga Smirnova")]);
    let clusters = scan(c, &me, 10).unwrap();
    assert_eq!(clusters.len(), 1, "{clusters:#?}");
    let ids: Vec<i32> = clusters[0].records.iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![tg.0, wa.0, av.0]);
    let m = duplicate_of(c, &me, tg, wa).expect("the nickname spells the name");
    assert!(
        m.reason_text()
            .contains("Telegram @robinb ≈ name 'Robin Banks'"),
        "{}",
        m.reason_text()
    );
}

#[test]
fn swapped_names_with_a_street_typo_and_the_same_postcode_are_duplicates() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(
        c,
        w.admin,
        &[
            ("contact_name", "Christian White"),
            ("street", "10 Boolee St"),
            ("zip", "4352"),
        ],
    );
    let b = lead(
        c,
        w.admin,
        &[
            ("contact_name", "WHITE CHRISTIAN"),
            ("street", "Boolee Setreet"),
            ("zip", "4352"),
        ],
    );
    let m = duplicate_of(c, &me, a, b).expect("swapped name, same street and postcode");
    let text = m.reason_text();
    assert!(text.contains("(order swapped)"), "{text}");
    assert!(text.contains("same postcode 4352"), "{text}");
    assert!(m.probability_text().starts_with("match "));
}

#[test]
fn swapped_names_with_a_local_and_a_national_number_are_duplicates() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    import_rows(
        c,
        &me,
        "external_id,contact_name,phone,street,city,country\n\
         A1,Ashlie Mason,9995 5736,12 Kent Street,Tamworth,Australia\n\
         A2,Mason Ashlie,0299955736,12 Kent Street,Tamworth,Australia\n",
    );
    let (a, b) = (by_external(c, "A1"), by_external(c, "A2"));
    let m = duplicate_of(c, &me, a, b).expect("swapped name, same street, same last digits");
    assert!(
        m.reason_text()
            .contains("numbers with the same last digits"),
        "{}",
        m.reason_text()
    );
}

#[test]
fn an_unparseable_number_is_kept_and_matched_by_its_digits() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    import_rows(
        c,
        &me,
        "external_id,contact_name,phone,country\n\
         U1,Yuri Gagarin,600-46-35,Italy\n\
         U2,Yuri Gagarin,+39 600 46 35,Italy\n",
    );
    let a = by_external(c, "U1");
    let stored = leads::find(c, a).unwrap();
    assert_eq!(stored.phone.as_deref(), Some("600-46-35"), "kept as typed");
    assert_eq!(stored.phone_e164, None, "not verified");
    let b = by_external(c, "U2");
    let found = similarity::similar_to(c, &me, a).unwrap();
    let m = find(&found, b).expect("found by the number's digits");
    assert!(
        m.reasons
            .iter()
            .any(|r| r.code == "phone-digits" && r.weight > 0.0),
        "{}",
        m.reason_text()
    );
}

#[test]
fn a_common_name_alone_is_not_a_duplicate_where_it_is_frequent() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let ids: Vec<LeadId> = (0..30)
        .map(|i| {
            lead(
                c,
                w.admin,
                &[
                    ("title", &format!("Enquiry {i}")),
                    ("contact_name", "Michael Williams"),
                ],
            )
        })
        .collect();
    let found = similarity::similar_to(c, &me, ids[0]).unwrap();
    assert!(
        !found.iter().any(Match::is_duplicate),
        "30 Michael Williams are not one person: {:?}",
        found.first().map(Match::reason_text)
    );
    // The same pair with a rare name and the same city is.
    let a = lead(
        c,
        w.admin,
        &[
            ("contact_name", "Abourjeili Wenceslas"),
            ("city", "Tamworth"),
        ],
    );
    let b = lead(
        c,
        w.admin,
        &[
            ("contact_name", "Wenceslas Abourjeili"),
            ("city", "Tamworth"),
        ],
    );
    let m = duplicate_of(c, &me, a, b).expect("rare name, same city");
    assert!(
        m.reason_text().contains("same city tamworth"),
        "{}",
        m.reason_text()
    );
}

#[test]
fn colleagues_sharing_a_first_name_at_one_company_are_same_organisation() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let office = [
        ("company_name", "Khimprom Ekaterinburg"),
        ("phone", "+7 495 298-97-84"),
        ("street", "ul. Lenina 146"),
        ("zip", "620014"),
        ("city", "Ekaterinburg"),
    ];
    let staff = [
        "Elena Morozova",
        "Elena Fyodorova",
        "Ivan Petrov",
        "Olga Smirnova",
        "Pavel Orlov",
        "Sergei Volkov",
        "Anna Kuznetsova",
        "Dmitry Sokolov",
    ];
    let ids: Vec<LeadId> = staff
        .iter()
        .map(|name| {
            lead(
                c,
                w.admin,
                &[&office[..], &[("contact_name", *name)]].concat(),
            )
        })
        .collect();
    // The company, its switchboard and its address belong to eight people: sharing them
    // and one first name does not make two of them one person.
    let found = similarity::similar_to(c, &me, ids[0]).unwrap();
    let m = find(&found, ids[1]).expect("Elena Fyodorova is shown");
    assert_eq!(m.class, Class::SameOrganisation, "{}", m.reason_text());
    assert!(
        !found.iter().any(Match::is_duplicate),
        "{}",
        m.reason_text()
    );
    // A second record of Elena Morozova at the same office still is a duplicate.
    let again = lead(
        c,
        w.admin,
        &[&office[..], &[("contact_name", "Морозова Елена")]].concat(),
    );
    assert!(duplicate_of(c, &me, ids[0], again).is_some());
}

#[test]
fn separate_deals_of_one_customer_are_another_deal_not_duplicates() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let customer = {
        let mut map = serde_json::Map::new();
        map.insert("name".into(), "Rossi Costruzioni".into());
        map.insert("kind".into(), "company".into());
        let input: leadbook::domain::models::partners::PartnerInput =
            serde_json::from_value(map.into()).unwrap();
        leadbook::domain::models::partners::create(c, &input)
            .unwrap()
            .id
    };
    let id = customer.0.to_string();
    let a = create(
        c,
        w.admin,
        Kind::Opportunity,
        &[
            ("title", "Scaffolding for Via Roma"),
            ("contact_name", "Luca Rossi"),
            ("company_name", "Rossi Costruzioni"),
            ("partner_id", &id),
        ],
    );
    let b = create(
        c,
        w.admin,
        Kind::Opportunity,
        &[
            ("title", "Cranes for the new depot"),
            ("contact_name", "Giulia Verdi"),
            ("company_name", "Rossi Costruzioni"),
            ("partner_id", &id),
        ],
    );
    let found = similarity::similar_to(c, &me, a).unwrap();
    let m = find(&found, b).expect("shown");
    assert_eq!(m.class, Class::SameCustomer);
    assert_eq!(similarity::count_similar(c, &me, a).unwrap(), 0);
    assert!(
        scan(c, &me, 10).unwrap().is_empty(),
        "never proposed for merge"
    );
}

#[test]
fn merges_and_not_a_duplicate_decisions_change_the_trained_weights() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    // Pairs agreeing on the city only, with similar names: the decisions say what they are.
    let mut pairs = Vec::new();
    for (x, y, city) in [
        ("Anna Verdi", "Ana Verdi", "Parma"),
        ("Carlo Neri", "Carl Neri", "Lecco"),
        ("Sara Blu", "Sarah Blu", "Terni"),
        ("Pia Gialli", "Pia Gialla", "Rieti"),
    ] {
        let a = lead(c, w.admin, &[("contact_name", x), ("city", city)]);
        let b = lead(c, w.admin, &[("contact_name", y), ("city", city)]);
        pairs.push((a, b));
    }
    let before = train::train(c).unwrap();
    for (a, b) in &pairs {
        not_duplicate::mark(c, &me, *a, *b, "Two sisters").unwrap();
    }
    let rejected = train::train(c).unwrap();
    assert_eq!(rejected.rejections, 4);
    assert_ne!(
        before.fields, rejected.fields,
        "rejections move the weights"
    );
    let weight = |m: &Model, level: usize| {
        let p = m.field(similarity::compare::Field::Name);
        (p.m[level] / p.u[level]).log2()
    };
    assert!(
        weight(&rejected, 3) < weight(&before, 3) || weight(&rejected, 2) < weight(&before, 2),
        "rejected similar names weigh less"
    );
    let in_use = model::load(c).unwrap();
    assert_eq!(
        (in_use.trained_at, in_use.rejections, in_use.pairs),
        (rejected.trained_at, rejected.rejections, rejected.pairs),
        "the trained model is in use"
    );
}
