//! Leads: creating and editing from typed input, every field checked at once, the
//! normalised columns computed on every write, changes logged in the chatter.

use crate::support::fresh_sqlite;
use leadbook::db::PooledConn;
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, UserId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::leads::{self, AddressInput, Channel, Kind, LeadInput};
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::models::{stages, tags};
use tempfile::TempDir;

/// A database with the default stages and one salesperson.
fn world() -> (TempDir, PooledConn, UserId) {
    let (dir, pool) = fresh_sqlite();
    let mut conn = pool.get().expect("connection");
    stages::ensure_defaults(&mut conn).unwrap();
    let input = UserInput {
        login: "mario".into(),
        name: "Mario Rossi".into(),
        role: "salesperson".into(),
        ..UserInput::default()
    };
    let mario = users::create_with_hash(
        &mut conn,
        &leadbook::domain::access::Actor::operator(),
        &input,
        "not-a-real-hash",
    )
    .unwrap()
    .id;
    (dir, conn, mario)
}

fn typed(title: &str) -> LeadInput {
    LeadInput {
        title: title.into(),
        ..LeadInput::default()
    }
}

#[test]
fn kinds_and_channels_read_back_what_they_write() {
    for kind in Kind::ALL {
        assert_eq!(Kind::parse(kind.as_str()), Ok(*kind));
    }
    for channel in Channel::ALL {
        assert_eq!(Channel::parse(channel.as_str()), Ok(*channel));
    }
    assert_eq!(Channel::parse(" WhatsApp "), Ok(Channel::WhatsApp));
    assert!(Channel::parse("pigeon").is_err());
}

#[test]
fn a_created_lead_gets_its_normalised_columns() {
    let (_dir, mut conn, mario) = world();
    let input = LeadInput {
        contact_name: "Nguyễn  Văn An".into(),
        company_name: "Công ty TNHH Minh Phát".into(),
        email: "\"An\" <An.Nguyen@MinhPhat.vn>".into(),
        phone: "0912 345 678".into(),
        mobile: "+39 333 1234567".into(),
        address: AddressInput {
            country: "vn".into(),
            ..AddressInput::default()
        },
        expected_revenue: "1 234,50".into(),
        tags: "vip, trade-fair, vip".into(),
        source_channel: "web".into(),
        ..typed("Office furniture")
    };
    let lead = leads::create(&mut conn, mario, Kind::Lead, &input).unwrap();
    assert_eq!(lead.contact_name_key.as_deref(), Some("an nguyen van"));
    assert_eq!(lead.company_name_key.as_deref(), Some("minh phat"));
    assert_eq!(
        lead.email.as_deref(),
        Some("\"An\" <An.Nguyen@MinhPhat.vn>")
    );
    assert_eq!(lead.email_norm.as_deref(), Some("an.nguyen@minhphat.vn"));
    assert_eq!(
        lead.phone_e164.as_deref(),
        Some("+84912345678"),
        "read with the lead's country"
    );
    assert_eq!(lead.mobile_e164.as_deref(), Some("+393331234567"));
    assert_eq!(lead.address.country.as_deref(), Some("VN"));
    assert_eq!(lead.expected_revenue, 123_450);
    assert_eq!(lead.source_channel.as_str(), "web");
    assert_eq!(lead.created_by, Some(mario));
    let names: Vec<_> = tags::for_lead(&mut conn, lead.id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["trade-fair", "vip"]);
}

#[test]
fn a_lead_without_a_stage_goes_to_the_first_stage_with_its_probability() {
    let (_dir, mut conn, mario) = world();
    let lead = leads::create(&mut conn, mario, Kind::Opportunity, &typed("Solar panels")).unwrap();
    let first = &stages::list(&mut conn).unwrap()[0];
    assert_eq!(lead.stage_id, Some(first.id));
    assert_eq!(lead.probability, first.probability);
    assert_eq!(lead.kind, Kind::Opportunity);
    assert!(lead.active);
}

#[test]
fn national_numbers_use_the_default_country_when_the_lead_has_none() {
    let (_dir, mut conn, mario) = world();
    let input = LeadInput {
        phone: "333-123-4567".into(),
        ..typed("Call back")
    };
    let lead = leads::create(&mut conn, mario, Kind::Lead, &input).unwrap();
    assert_eq!(lead.phone_e164.as_deref(), Some("+393331234567"));
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let (_dir, mut conn, mario) = world();
    let input = LeadInput {
        title: "  ".into(),
        email: "robin@".into(),
        phone: "call me maybe".into(),
        address: AddressInput {
            country: "Narnia".into(),
            ..AddressInput::default()
        },
        expected_revenue: "ten".into(),
        probability: "150".into(),
        priority: "7".into(),
        stage_id: "first".into(),
        source_channel: "pigeon".into(),
        ..LeadInput::default()
    };
    let err = leads::create(&mut conn, mario, Kind::Lead, &input).unwrap_err();
    for field in [
        "title",
        "email",
        "country",
        "expected_revenue",
        "probability",
        "priority",
        "stage_id",
        "source_channel",
    ] {
        assert!(err.field(field).is_some(), "no message for {field}: {err}");
    }
    assert!(
        err.field("email").unwrap().contains("robin@"),
        "the message shows what was typed"
    );
    assert!(err.field("probability").unwrap().contains("0 to 100"));
    assert!(err.field("priority").unwrap().contains("0 to 3"));
    assert_eq!(input.email, "robin@", "the typed values stay for the form");
}

#[test]
fn a_phone_that_does_not_parse_with_the_country_is_a_field_error() {
    let (_dir, mut conn, mario) = world();
    let input = LeadInput {
        phone: "12".into(),
        address: AddressInput {
            country: "VN".into(),
            ..AddressInput::default()
        },
        ..typed("Hà Nội")
    };
    let err = leads::create(&mut conn, mario, Kind::Lead, &input).unwrap_err();
    assert!(err.field("phone").unwrap().contains("VN"), "{err}");
}

#[test]
fn unknown_stage_user_team_and_partner_ids_are_field_errors() {
    let (_dir, mut conn, mario) = world();
    let input = LeadInput {
        stage_id: "999".into(),
        salesperson_id: "998".into(),
        team_id: "997".into(),
        partner_id: "996".into(),
        ..typed("Ghosts")
    };
    let err = leads::create(&mut conn, mario, Kind::Lead, &input).unwrap_err();
    for field in ["stage_id", "salesperson_id", "team_id", "partner_id"] {
        assert!(err.field(field).is_some(), "no message for {field}: {err}");
    }
    assert!(
        matches!(
            leads::find(&mut conn, LeadId(1)),
            Err(DomainError::NotFound)
        ),
        "nothing written"
    );
}

#[test]
fn an_edit_recomputes_the_keys_and_logs_old_and_new_values() {
    let (_dir, mut conn, mario) = world();
    let input = LeadInput {
        contact_name: "Ivan Petrov".into(),
        email: "ivan@example.ru".into(),
        probability: "40".into(),
        ..typed("Servers")
    };
    let lead = leads::create(&mut conn, mario, Kind::Lead, &input).unwrap();
    let edited = LeadInput {
        contact_name: "Иван Петров".into(),
        email: "IVAN.PETROV@Example.RU".into(),
        probability: String::new(),
        ..input
    };
    let after = leads::update(&mut conn, lead.id, &edited).unwrap();
    assert_eq!(after.contact_name_key.as_deref(), Some("ivan petrov"));
    assert_eq!(after.email_norm.as_deref(), Some("ivan.petrov@example.ru"));
    assert_eq!(
        after.probability, 40,
        "a blank probability keeps the current one"
    );
    let history = chatter::for_lead(&mut conn, lead.id).unwrap();
    let log = history
        .iter()
        .find(|m| m.kind == MessageKind::Log)
        .expect("a log message");
    let fields: Vec<_> = log.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["contact_name", "email"]);
    assert_eq!(log.changes[0].old.as_deref(), Some("Ivan Petrov"));
    assert_eq!(log.changes[0].new.as_deref(), Some("Иван Петров"));
}

#[test]
fn an_invalid_edit_changes_nothing() {
    let (_dir, mut conn, mario) = world();
    let lead = leads::create(&mut conn, mario, Kind::Lead, &typed("Keep me")).unwrap();
    let bad = LeadInput {
        priority: "9".into(),
        ..typed("Changed")
    };
    assert!(leads::update(&mut conn, lead.id, &bad).is_err());
    assert_eq!(leads::find(&mut conn, lead.id).unwrap().title, "Keep me");
}

#[test]
fn editing_a_missing_lead_is_not_found() {
    let (_dir, mut conn, _mario) = world();
    let result = leads::update(&mut conn, LeadId(42), &typed("Nobody"));
    assert!(matches!(result, Err(DomainError::NotFound)));
}
