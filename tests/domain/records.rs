//! Partners, channel identities, lost reasons, tags and the chatter: each keeps its
//! invariants and its normalised keys.

use crate::support::fresh_sqlite;
use leadbook::db::PooledConn;
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, Owner, UserId};
use leadbook::domain::models::chatter::{self, Change, MessageKind};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput, PartnerKind};
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::models::{lost_reasons, tags};
use tempfile::TempDir;

/// A manager, for the configuration functions.
fn manager(conn: &mut PooledConn) -> leadbook::domain::access::Actor {
    let input = UserInput {
        login: "boss".into(),
        name: "Boss".into(),
        role: "manager".into(),
        ..UserInput::default()
    };
    let user = users::create_with_hash(
        conn,
        &leadbook::domain::access::Actor::operator(),
        &input,
        "not-a-real-hash",
    )
    .unwrap();
    leadbook::domain::access::Actor::new(&user, Vec::new())
}

fn world() -> (TempDir, PooledConn, UserId, LeadId) {
    let (dir, pool) = fresh_sqlite();
    let mut conn = pool.get().expect("connection");
    let input = UserInput {
        login: "anna".into(),
        name: "Анна Петрова".into(),
        role: "salesperson".into(),
        ..UserInput::default()
    };
    let anna = users::create_with_hash(
        &mut conn,
        &leadbook::domain::access::Actor::operator(),
        &input,
        "not-a-real-hash",
    )
    .unwrap()
    .id;
    let lead = LeadInput {
        title: "Telegram enquiry".into(),
        ..LeadInput::default()
    };
    let lead = leads::create(&mut conn, anna, Kind::Lead, &lead)
        .unwrap()
        .id;
    (dir, conn, anna, lead)
}

fn company(conn: &mut PooledConn, name: &str) -> partners::Partner {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        ..PartnerInput::default()
    };
    partners::create(conn, &input).unwrap()
}

#[test]
fn a_company_is_keyed_without_its_legal_form_and_a_person_by_name() {
    let (_dir, mut conn, _anna, _lead) = world();
    let romashka = company(&mut conn, "ООО «Ромашка»");
    assert_eq!(romashka.kind, PartnerKind::Company);
    assert_eq!(romashka.name_key, "romashka");
    let olga = partners::create(
        &mut conn,
        &PartnerInput {
            name: "Ольга Смирнова".into(),
            company_id: romashka.id.to_string(),
            email: "Olga@Romashka.ru".into(),
            phone: "8 (495) 781-22-40".into(),
            country: "RU".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    assert_eq!(olga.kind, PartnerKind::Person);
    assert_eq!(olga.name_key, "olga smirnova");
    assert_eq!(olga.email_norm.as_deref(), Some("olga@romashka.ru"));
    assert_eq!(olga.phone_e164.as_deref(), Some("+74957812240"));
    assert_eq!(
        partners::contacts_of(&mut conn, romashka.id).unwrap(),
        vec![olga]
    );
}

#[test]
fn a_person_belongs_only_to_an_existing_company() {
    let (_dir, mut conn, _anna, _lead) = world();
    let person = partners::create(
        &mut conn,
        &PartnerInput {
            name: "Laura Ricci".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    let input = PartnerInput {
        name: "Marco".into(),
        company_id: person.id.to_string(),
        ..PartnerInput::default()
    };
    let err = partners::create(&mut conn, &input).unwrap_err();
    assert!(err.field("company_id").is_some(), "{err}");
    let input = PartnerInput {
        name: "Marco".into(),
        company_id: "404".into(),
        ..PartnerInput::default()
    };
    assert!(
        partners::create(&mut conn, &input)
            .unwrap_err()
            .field("company_id")
            .is_some()
    );
}

#[test]
fn partner_fields_are_all_checked_at_once() {
    let (_dir, mut conn, _anna, _lead) = world();
    let input = PartnerInput {
        kind: "robot".into(),
        name: " ".into(),
        email: "nope".into(),
        phone: "12".into(),
        ..PartnerInput::default()
    };
    let err = partners::create(&mut conn, &input).unwrap_err();
    for field in ["kind", "name", "email", "phone"] {
        assert!(err.field(field).is_some(), "no message for {field}: {err}");
    }
}

#[test]
fn partners_are_found_by_name_in_any_script_or_by_id() {
    let (_dir, mut conn, _anna, _lead) = world();
    let romashka = company(&mut conn, "ООО «Ромашка»");
    company(&mut conn, "Rossi Costruzioni S.r.l.");
    let found = partners::search(&mut conn, "romashka", 10).unwrap();
    assert_eq!(found, vec![romashka.clone()]);
    let rossi = partners::search(&mut conn, "Costruzioni Rossi SRL", 10).unwrap();
    assert_eq!(rossi[0].name, "Rossi Costruzioni S.r.l.");
    assert_eq!(
        partners::search(&mut conn, &format!("#{}", romashka.id), 10).unwrap(),
        vec![romashka]
    );
}

#[test]
fn a_telegram_nickname_is_stored_without_the_at_and_found_by_any_spelling() {
    let (_dir, mut conn, _anna, lead) = world();
    let id = identities::add(
        &mut conn,
        Owner::Lead(lead),
        IdentityChannel::Telegram,
        "@Dmitry_Sokolov",
        "RU",
    )
    .unwrap();
    assert_eq!(
        (id.handle.as_str(), id.handle_norm.as_str()),
        ("@Dmitry_Sokolov", "dmitry_sokolov")
    );
    let again = identities::add(
        &mut conn,
        Owner::Lead(lead),
        IdentityChannel::Telegram,
        "dmitry_sokolov",
        "RU",
    )
    .unwrap();
    assert_eq!(again.id, id.id, "one identity per owner and handle");
    let found = identities::find_by_handle(
        &mut conn,
        IdentityChannel::Telegram,
        "https://t.me/DMITRY_SOKOLOV",
        "RU",
    )
    .unwrap();
    assert_eq!(found, vec![id]);
}

#[test]
fn a_whatsapp_number_is_stored_in_e164_and_a_bad_one_is_refused() {
    let (_dir, mut conn, _anna, lead) = world();
    let id = identities::add(
        &mut conn,
        Owner::Lead(lead),
        IdentityChannel::WhatsApp,
        "8 916 482-17-35",
        "RU",
    )
    .unwrap();
    assert_eq!(id.handle_norm, "+79164821735");
    let err = identities::add(
        &mut conn,
        Owner::Lead(lead),
        IdentityChannel::WhatsApp,
        "Дмитрий",
        "RU",
    )
    .unwrap_err();
    assert!(err.field("handle").is_some());
    assert_eq!(identities::for_lead(&mut conn, lead).unwrap().len(), 1);
}

#[test]
fn partners_have_identities_too() {
    let (_dir, mut conn, _anna, _lead) = world();
    let romashka = company(&mut conn, "ООО «Ромашка»");
    identities::add(
        &mut conn,
        Owner::Partner(romashka.id),
        IdentityChannel::Avito,
        "Ромашка Опт",
        "RU",
    )
    .unwrap();
    let all = identities::for_partner(&mut conn, romashka.id).unwrap();
    assert_eq!(all[0].handle_norm, "ромашка опт");
}

#[test]
fn lost_reason_names_are_unique_ignoring_case() {
    let (_dir, mut conn, _anna, _lead) = world();
    let boss = manager(&mut conn);
    let err = lost_reasons::create(&mut conn, &boss, "too EXPENSIVE").unwrap_err();
    assert!(err.field("name").is_some());
    let budget = lost_reasons::create(&mut conn, &boss, "No budget").unwrap();
    assert_eq!(
        lost_reasons::find_or_create(&mut conn, " no  BUDGET ").unwrap(),
        budget
    );
    let names: Vec<_> = lost_reasons::list(&mut conn, false)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(
        names,
        [
            "No budget",
            "Not enough stock",
            "Too expensive",
            "We don't have people/skills"
        ]
    );
}

#[test]
fn an_archived_lost_reason_is_hidden_and_comes_back_when_typed_again() {
    let (_dir, mut conn, _anna, _lead) = world();
    let boss = manager(&mut conn);
    let reason = lost_reasons::create(&mut conn, &boss, "Chose a competitor").unwrap();
    lost_reasons::set_active(&mut conn, &boss, reason.id, false).unwrap();
    assert!(
        lost_reasons::list(&mut conn, false)
            .unwrap()
            .iter()
            .all(|r| r.id != reason.id)
    );
    let back = lost_reasons::find_or_create(&mut conn, "chose a competitor").unwrap();
    assert!(back.active && back.id == reason.id);
}

#[test]
fn a_tag_is_created_once_and_reused() {
    let (_dir, mut conn, _anna, lead) = world();
    let vip = tags::find_or_create(&mut conn, " vip ").unwrap();
    assert_eq!(tags::find_or_create(&mut conn, "vip").unwrap(), vip);
    tags::add_to_lead(&mut conn, lead, vip.id).unwrap();
    tags::add_to_lead(&mut conn, lead, vip.id).unwrap();
    assert_eq!(tags::for_lead(&mut conn, lead).unwrap(), vec![vip]);
    assert_eq!(tags::lead_ids_with(&mut conn, "vip").unwrap(), vec![lead]);
}

#[test]
fn the_chatter_lists_a_leads_messages_newest_first_with_their_changes() {
    let (_dir, mut conn, anna, lead) = world();
    chatter::post(
        &mut conn,
        Owner::Lead(lead),
        Some(anna),
        MessageKind::Note,
        "Called, no answer.",
        &[],
    )
    .unwrap();
    let change = Change::new("probability", Some("10"), Some("0"));
    chatter::post(
        &mut conn,
        Owner::Lead(lead),
        Some(anna),
        MessageKind::Lost,
        "",
        std::slice::from_ref(&change),
    )
    .unwrap();
    let history = chatter::for_lead(&mut conn, lead).unwrap();
    let kinds: Vec<_> = history.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [MessageKind::Lost, MessageKind::Note]);
    assert_eq!(history[0].changes, vec![change]);
    assert_eq!(history[1].author_id, Some(anna));
}

#[test]
fn an_empty_message_without_changes_is_refused() {
    let (_dir, mut conn, anna, lead) = world();
    let err = chatter::post(
        &mut conn,
        Owner::Lead(lead),
        Some(anna),
        MessageKind::Note,
        "  ",
        &[],
    )
    .unwrap_err();
    assert!(matches!(err, DomainError::Invalid(_)));
    assert!(chatter::for_lead(&mut conn, lead).unwrap().is_empty());
}
