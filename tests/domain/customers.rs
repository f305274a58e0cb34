//! Customers as records of their own: created, edited and archived with the rights of each
//! role, every change tracked in their chatter, found in the list by name in any script, by
//! ID, email or phone, filtered to people, companies or the archived.

use crate::support::{World, actor, fresh_pool};
use leadbook::db::DbConn;
use leadbook::domain::DomainError;
use leadbook::domain::customers::edit;
use leadbook::domain::customers::list::{self, Filter, Show};
use leadbook::domain::ids::UserId;
use leadbook::domain::models::chatter;
use leadbook::domain::models::partners::{self, Partner, PartnerInput};
use leadbook::domain::records::{MessengerEdits, MessengerInput};

fn company(name: &str) -> PartnerInput {
    PartnerInput {
        kind: "company".into(),
        name: name.into(),
        ..PartnerInput::default()
    }
}

fn create(conn: &mut DbConn, who: UserId, input: &PartnerInput) -> Partner {
    let by = actor(conn, who);
    edit::create(conn, &by, input, &MessengerEdits::default()).unwrap()
}

fn found(conn: &mut DbConn, filter: Filter) -> Vec<String> {
    list::list(conn, &filter)
        .unwrap()
        .into_iter()
        .map(|i| i.customer.name)
        .collect()
}

#[test]
fn a_salesperson_edits_the_customers_of_their_records_and_a_manager_any() {
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let by_manager = create(conn, w.manager, &company("Volga Logistics"));
    let renamed = PartnerInput {
        name: "Volga Logistics SpA".into(),
        ..company("")
    };
    let sales = actor(conn, w.sales);
    let refused = edit::update(
        conn,
        &sales,
        by_manager.id,
        &renamed,
        &MessengerEdits::default(),
    );
    assert!(
        matches!(refused, Err(DomainError::Forbidden)),
        "{refused:?}"
    );
    assert!(matches!(
        edit::set_active(conn, &sales, by_manager.id, false),
        Err(DomainError::Forbidden)
    ));
    w.sales_lead("Vans").partner(by_manager.id).create(conn);
    let edited = edit::update(
        conn,
        &sales,
        by_manager.id,
        &renamed,
        &MessengerEdits::default(),
    )
    .unwrap();
    assert_eq!(
        edited.name, "Volga Logistics SpA",
        "now a customer of their record"
    );
    let other = actor(conn, w.other_sales);
    assert!(matches!(
        edit::update(
            conn,
            &other,
            by_manager.id,
            &renamed,
            &MessengerEdits::default()
        ),
        Err(DomainError::Forbidden)
    ));
    let own = create(conn, w.other_sales, &company("Linh's shop"));
    assert_eq!(
        own.salesperson_id,
        Some(w.other_sales),
        "its creator's customer"
    );
    edit::set_active(conn, &other, own.id, false).unwrap();
    let manager = actor(conn, w.manager);
    edit::set_active(conn, &manager, own.id, true).unwrap();
    assert!(partners::find(conn, own.id).unwrap().active);
}

#[test]
fn an_edit_logs_each_changed_field_in_the_customers_chatter() {
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let acme = create(conn, w.manager, &company("Acme"));
    let person = PartnerInput {
        kind: "person".into(),
        name: "Anna Petrova".into(),
        phone: "+39 333 123 4567".into(),
        ..PartnerInput::default()
    };
    let anna = create(conn, w.manager, &person);
    let edits = MessengerEdits {
        add: vec![MessengerInput {
            channel: "telegram".into(),
            handle: "@anna_p".into(),
        }],
        remove: Vec::new(),
    };
    let moved = PartnerInput {
        company_id: acme.id.to_string(),
        city: "Milano".into(),
        ..person
    };
    let manager = actor(conn, w.manager);
    edit::update(conn, &manager, anna.id, &moved, &edits).unwrap();
    edit::set_active(conn, &manager, anna.id, false).unwrap();
    let log = chatter::for_partner(conn, anna.id).unwrap();
    let fields: Vec<(String, Option<String>)> = log
        .iter()
        .flat_map(|m| m.changes.iter().map(|c| (c.field.clone(), c.new.clone())))
        .collect();
    assert!(fields.contains(&("company_id".into(), Some(acme.id.to_string()))));
    assert!(fields.contains(&("city".into(), Some("Milano".into()))));
    assert!(fields.contains(&("active".into(), Some("false".into()))));
    assert!(
        !fields.iter().any(|(f, _)| f == "phone"),
        "unchanged fields are not logged"
    );
    let handles = leadbook::domain::models::identities::for_partner(conn, anna.id).unwrap();
    assert_eq!(handles.len(), 1, "the messenger is added");
    assert_eq!(partners::contacts_of(conn, acme.id).unwrap()[0].id, anna.id);
}

#[test]
fn a_bad_field_or_messenger_is_refused_with_every_mistake_and_nothing_written() {
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let input = PartnerInput {
        kind: "person".into(),
        name: " ".into(),
        email: "not-an-address".into(),
        ..PartnerInput::default()
    };
    let edits = MessengerEdits {
        add: vec![MessengerInput {
            channel: "carrier-pigeon".into(),
            handle: "coo".into(),
        }],
        remove: Vec::new(),
    };
    let sales = actor(conn, w.sales);
    let err = edit::create(conn, &sales, &input, &edits).unwrap_err();
    let DomainError::Invalid(fields) = err else {
        panic!("field errors expected, got {err:?}")
    };
    for field in ["name", "email", "messengers"] {
        assert!(fields.contains_key(field), "{field} in {fields:?}");
    }
    assert!(found(conn, Filter::default()).is_empty(), "nothing written");
}

#[test]
fn the_list_finds_by_name_in_another_script_by_id_by_phone_and_filters_kinds_and_archived() {
    let (pool, _guard) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let vector = create(conn, w.manager, &company("ООО «Вектор»"));
    let person = PartnerInput {
        kind: "person".into(),
        name: "Nguyễn Văn An".into(),
        phone: "+84 912 345 678".into(),
        ..PartnerInput::default()
    };
    let an = create(conn, w.manager, &person);
    let old = create(conn, w.manager, &company("Old Vector Trading"));
    let manager = actor(conn, w.manager);
    edit::set_active(conn, &manager, old.id, false).unwrap();
    let search = |conn: &mut DbConn, q: &str| {
        found(
            conn,
            Filter {
                q: q.into(),
                ..Filter::default()
            },
        )
    };
    assert_eq!(
        search(conn, "vektor"),
        vec!["ООО «Вектор»"],
        "Latin finds Cyrillic"
    );
    assert_eq!(
        search(conn, "nguyen van"),
        vec!["Nguyễn Văn An"],
        "without accents"
    );
    assert_eq!(
        search(conn, &format!("#{}", vector.id)),
        vec!["ООО «Вектор»"]
    );
    assert_eq!(
        search(conn, "912 345"),
        vec!["Nguyễn Văn An"],
        "by phone digits"
    );
    let people = Filter {
        show: Show::People,
        ..Filter::default()
    };
    assert_eq!(found(conn, people), vec![an.name.clone()]);
    let companies = Filter {
        show: Show::Companies,
        ..Filter::default()
    };
    assert_eq!(found(conn, companies), vec!["ООО «Вектор»"]);
    let archived = Filter {
        archived: true,
        ..Filter::default()
    };
    assert_eq!(found(conn, archived), vec!["Old Vector Trading"]);
}

mod data_quality {
    use super::*;
    use leadbook::domain::customers::quality::{self, Resolution, Shared};
    use leadbook::domain::similarity::conflicts;

    fn person(name: &str, phone: &str, email: &str) -> PartnerInput {
        PartnerInput {
            kind: "person".into(),
            name: name.into(),
            phone: phone.into(),
            email: email.into(),
            ..PartnerInput::default()
        }
    }

    /// A company and a stranger sharing its phone and its email.
    fn shared(conn: &mut DbConn, w: &World) -> (Partner, Partner) {
        let input = PartnerInput {
            phone: "+39 02 555 0000".into(),
            email: "info@acme.it".into(),
            ..company("Acme S.r.l.")
        };
        let acme = create(conn, w.manager, &input);
        let anna = create(
            conn,
            w.manager,
            &person("Anna Rossi", "+39 02 555 0000", "info@acme.it"),
        );
        (acme, anna)
    }

    #[test]
    fn keeping_a_value_on_one_side_takes_it_off_the_other_and_both_chatters_say_so() {
        let (pool, _guard) = fresh_pool();
        let conn = &mut pool.get().unwrap();
        let w = World::create(conn);
        let (acme, anna) = shared(conn, &w);
        let manager = actor(conn, w.manager);
        let how = Resolution::KeepOnPerson;
        quality::resolve(
            conn,
            &manager,
            acme.id,
            anna.id,
            Shared::Email,
            "info@acme.it",
            how,
        )
        .unwrap();
        assert_eq!(partners::find(conn, acme.id).unwrap().email, None);
        assert!(partners::find(conn, anna.id).unwrap().email.is_some());
        let how = Resolution::KeepOnCompany;
        quality::resolve(
            conn,
            &manager,
            acme.id,
            anna.id,
            Shared::Phone,
            "+39025550000",
            how,
        )
        .unwrap();
        assert_eq!(partners::find(conn, anna.id).unwrap().phone, None);
        assert!(partners::find(conn, acme.id).unwrap().phone.is_some());
        let left = conflicts::company_contact_conflicts(conn, &manager).unwrap();
        assert!(left.is_empty(), "nothing shared any more: {left:?}");
        for id in [acme.id, anna.id] {
            let log = chatter::for_partner(conn, id).unwrap();
            assert_eq!(log.len(), 2, "both actions are in both chatters");
            for m in &log {
                let key = m.event.as_ref().map(|e| e.key.as_str());
                assert_eq!(key, Some("event.quality.kept"), "a key, not a sentence");
                assert!(m.body.is_empty() && m.text().starts_with("Data quality: "));
            }
        }
        let again = quality::resolve(
            conn,
            &manager,
            acme.id,
            anna.id,
            Shared::Phone,
            "+39025550000",
            how,
        );
        assert!(
            matches!(again, Err(DomainError::Invalid(_))),
            "no longer shared"
        );
    }

    #[test]
    fn a_switchboard_makes_the_person_the_companys_and_is_no_longer_a_conflict() {
        let (pool, _guard) = fresh_pool();
        let conn = &mut pool.get().unwrap();
        let w = World::create(conn);
        let (acme, anna) = shared(conn, &w);
        let sales = actor(conn, w.sales);
        let how = Resolution::Switchboard;
        let refused = quality::resolve(
            conn,
            &sales,
            acme.id,
            anna.id,
            Shared::Phone,
            "+39025550000",
            how,
        );
        assert!(matches!(refused, Err(DomainError::Forbidden)));
        let manager = actor(conn, w.manager);
        quality::resolve(
            conn,
            &manager,
            acme.id,
            anna.id,
            Shared::Phone,
            "+39025550000",
            how,
        )
        .unwrap();
        assert_eq!(
            partners::find(conn, anna.id).unwrap().company_id,
            Some(acme.id)
        );
        let found = conflicts::company_contact_conflicts(conn, &manager).unwrap();
        let phone = found
            .iter()
            .find(|c| c.what == "phone")
            .expect("still listed");
        assert!(phone.switchboard, "now shown as the company's switchboard");
    }
}
