//! The demo data: every planted duplicate kind is there with the keys that make it findable,
//! the records cover every state, the filler's keys follow the domain's rules, and two loads
//! give the same records.

mod duplicates;
mod languages;

use crate::support::fresh_sqlite;
use leadbook::db::PooledConn;
use leadbook::demo::{self, DemoOptions, DemoReport, PlantedKind};
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, PartnerId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities;
use leadbook::domain::models::leads::{self, Lead};
use leadbook::domain::models::{lost_reasons, partners, tags, users};
use leadbook::domain::similarity::normalise;
use tempfile::TempDir;

fn demo_with(leads: usize) -> (TempDir, PooledConn, DemoReport) {
    let (dir, pool) = fresh_sqlite();
    let mut conn = pool.get().expect("connection");
    let report = demo::load(
        &mut conn,
        &DemoOptions {
            leads,
            ..DemoOptions::default()
        },
    )
    .expect("demo loads");
    (dir, conn, report)
}

fn planted(conn: &mut PooledConn, report: &DemoReport, kind: PlantedKind) -> Vec<Lead> {
    let group = report.group(kind).expect("planted group");
    group
        .leads
        .iter()
        .map(|id| leads::find(conn, *id).expect("planted lead"))
        .collect()
}

#[test]
fn every_planted_kind_is_reported_and_tagged() {
    let (_dir, mut conn, report) = demo_with(100);
    for kind in PlantedKind::ALL {
        let group = report
            .group(kind)
            .unwrap_or_else(|| panic!("{kind:?} missing"));
        let tagged = tags::lead_ids_with(&mut conn, &kind.tag()).unwrap();
        let mut expected = group.leads.clone();
        expected.sort();
        assert_eq!(tagged, expected, "{kind:?}");
        assert!(
            group.leads.len() + group.partners.len() >= 2,
            "{kind:?} is not a group"
        );
    }
}

#[test]
fn the_same_email_written_differently_has_one_email_norm() {
    let (_dir, mut conn, report) = demo_with(50);
    let robins = planted(&mut conn, &report, PlantedKind::SameEmail);
    assert_eq!(robins.len(), 2);
    assert_ne!(robins[0].email, robins[1].email, "typed differently");
    assert_eq!(
        robins[0].email_norm.as_deref(),
        Some("robin.banks@northwind-trading.com")
    );
    assert_eq!(robins[0].email_norm, robins[1].email_norm);
}

#[test]
fn the_same_phone_in_three_formats_has_one_e164() {
    let (_dir, mut conn, report) = demo_with(50);
    let calls = planted(&mut conn, &report, PlantedKind::SamePhone);
    let typed: Vec<_> = calls.iter().map(|l| l.phone.clone().unwrap()).collect();
    assert_eq!(
        typed,
        ["+39 333 1234567", "0039 3331234567", "333-123-4567"]
    );
    assert!(
        calls
            .iter()
            .all(|l| l.phone_e164.as_deref() == Some("+393331234567"))
    );
}

#[test]
fn a_colleague_at_the_same_domain_is_planted_as_a_non_duplicate() {
    let (_dir, mut conn, report) = demo_with(50);
    assert!(!PlantedKind::SameDomainOtherPerson.is_duplicate());
    let pair = planted(&mut conn, &report, PlantedKind::SameDomainOtherPerson);
    let domain = |l: &Lead| normalise::email_domain_key(l.email.as_deref().unwrap());
    assert_eq!(domain(&pair[0]), domain(&pair[1]));
    assert_ne!(pair[0].email_norm, pair[1].email_norm);
    assert_ne!(pair[0].contact_name_key, pair[1].contact_name_key);
}

#[test]
fn one_person_through_telegram_whatsapp_and_avito_shares_no_email_or_phone() {
    let (_dir, mut conn, report) = demo_with(50);
    let three = planted(&mut conn, &report, PlantedKind::CrossChannel);
    let channels: Vec<_> = three.iter().map(|l| l.source_channel.as_str()).collect();
    assert_eq!(channels, ["telegram", "whatsapp", "avito"]);
    assert!(
        three
            .iter()
            .all(|l| l.email_norm.is_none() && l.phone_e164.is_none())
    );
    let handles: Vec<(String, String)> = three
        .iter()
        .flat_map(|l| identities::for_lead(&mut conn, l.id).unwrap())
        .map(|i| (i.channel.to_string(), i.handle_norm))
        .collect();
    assert_eq!(
        handles,
        [
            ("telegram".to_string(), "dmitry_sokolov".to_string()),
            ("whatsapp".to_string(), "+79164821735".to_string()),
            ("avito".to_string(), "дмитрий соколов".to_string()),
        ]
    );
    assert!(
        three[0].contact_name.is_none(),
        "Telegram gives only a nickname"
    );
}

#[test]
fn the_lost_duplicate_is_inactive_with_probability_zero_a_reason_and_a_closing_note() {
    let (_dir, mut conn, report) = demo_with(50);
    let pair = planted(&mut conn, &report, PlantedKind::LostDuplicate);
    let (active, lost) = (&pair[0], &pair[1]);
    assert!(active.active && !active.is_lost());
    assert!(lost.is_lost());
    assert_eq!(lost.probability, 0);
    assert_eq!(active.email_norm, lost.email_norm);
    assert_eq!(active.phone_e164, lost.phone_e164);
    let reason = lost_reasons::find(&mut conn, lost.lost_reason_id.unwrap()).unwrap();
    assert_eq!(reason.name, "Chose a competitor");
    let history = chatter::for_lead(&mut conn, lost.id).unwrap();
    let note = history
        .iter()
        .find(|m| m.kind == MessageKind::Lost)
        .expect("lost message");
    assert!(
        note.text().contains("local supplier"),
        "the closing note is in the lost event"
    );
    assert!(
        note.changes
            .iter()
            .any(|c| c.field == "probability" && c.new.as_deref() == Some("0"))
    );
}

#[test]
fn the_company_and_its_contact_person_carry_the_same_phone_and_email() {
    let (_dir, mut conn, report) = demo_with(50);
    let group = report.group(PlantedKind::CompanyContact).unwrap();
    let [company, person]: [PartnerId; 2] = group.partners.clone().try_into().unwrap();
    let company = partners::find(&mut conn, company).unwrap();
    let person = partners::find(&mut conn, person).unwrap();
    assert_eq!(
        (company.kind.as_str(), person.kind.as_str()),
        ("company", "person")
    );
    assert_eq!(person.company_id, Some(company.id));
    assert_ne!(company.phone, person.phone, "typed differently");
    assert_eq!(company.phone_e164.as_deref(), Some("+74957812240"));
    assert_eq!(company.phone_e164, person.phone_e164);
    assert_eq!(company.email_norm, person.email_norm);
}

#[test]
fn names_in_two_scripts_or_without_diacritics_share_a_name_key() {
    let (_dir, mut conn, report) = demo_with(50);
    for kind in [
        PlantedKind::CyrillicLatinName,
        PlantedKind::VietnameseDiacritics,
    ] {
        let pair = planted(&mut conn, &report, kind);
        assert_ne!(pair[0].contact_name, pair[1].contact_name, "{kind:?}");
        assert_eq!(
            pair[0].contact_name_key, pair[1].contact_name_key,
            "{kind:?}"
        );
        assert_eq!(pair[0].address.city, pair[1].address.city, "{kind:?}");
    }
}

#[test]
fn robin_and_robyn_in_the_same_city_differ_by_one_letter() {
    let (_dir, mut conn, report) = demo_with(50);
    let pair = planted(&mut conn, &report, PlantedKind::NameTypo);
    let keys: Vec<_> = pair
        .iter()
        .map(|l| l.contact_name_key.clone().unwrap())
        .collect();
    assert_eq!(keys, ["banks robin", "banks robyn"]);
    assert_eq!(pair[0].address.city, pair[1].address.city);
    assert_eq!(strsim::levenshtein(&keys[0], &keys[1]), 1);
}

#[test]
fn the_demo_has_records_in_every_state() {
    let (_dir, mut conn, report) = demo_with(400);
    assert_eq!(report.leads, 400);
    assert_eq!(report.users, 5);
    assert!(report.opportunities > 0 && report.opportunities < report.leads);
    assert!(report.lost > 0 && report.archived > 0 && report.unassigned > 0);
    assert!(report.partners >= 20);
    let tessuti = partners::search(&mut conn, "Tessuti Conti", 1).unwrap();
    let staff = partners::contacts_of(&mut conn, tessuti[0].id).unwrap();
    assert_eq!(
        staff[0].name, "Laura Ricci",
        "story people belong to their companies"
    );
    let all: Vec<Lead> = (1..=400)
        .map(|id| leads::find(&mut conn, LeadId(id)).unwrap())
        .collect();
    let stages = leadbook::domain::models::stages::list(&mut conn).unwrap();
    for stage in &stages {
        assert!(
            all.iter().any(|l| l.active && l.stage_id == Some(stage.id)),
            "no lead in {}",
            stage.name
        );
    }
    assert!(stages.iter().any(|s| s.folded && s.name == "On hold"));
    assert!(
        all.iter()
            .any(|l| l.is_lost() && l.lost_reason_id.is_none()),
        "lost without a reason"
    );
    assert!(
        all.iter()
            .any(|l| l.is_lost() && l.lost_reason_id.is_some()),
        "lost with a reason"
    );
    let scripts = ["Иван", "Nguyễn", "Giulia", "Robin"];
    for script in scripts {
        assert!(
            all.iter()
                .any(|l| l.contact_name.as_deref().unwrap_or("").contains(script)),
            "{script}"
        );
    }
}

#[test]
fn filler_rows_have_the_keys_the_domain_rules_compute() {
    let (_dir, mut conn, _report) = demo_with(600);
    let mut checked = 0;
    for id in 100..600 {
        let lead = leads::find(&mut conn, LeadId(id)).unwrap();
        let country = lead.address.country.clone().unwrap();
        if let Some(phone) = &lead.phone {
            assert_eq!(
                normalise::phone_e164(phone, &country),
                lead.phone_e164,
                "{phone} in {country}"
            );
            checked += 1;
        }
        assert_eq!(
            lead.contact_name.as_deref().and_then(normalise::name_key),
            lead.contact_name_key
        );
        assert_eq!(
            lead.company_name
                .as_deref()
                .and_then(normalise::company_key),
            lead.company_name_key
        );
        assert_eq!(
            lead.email.as_deref().and_then(normalise::email_norm),
            lead.email_norm
        );
    }
    assert!(checked > 300, "only {checked} phones checked");
}

#[test]
fn two_loads_give_the_same_titles() {
    let titles = |report_leads: usize| {
        let (_dir, mut conn, report) = demo_with(report_leads);
        (1..=report.leads as i32)
            .map(|id| leads::find(&mut conn, LeadId(id)).unwrap().title)
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(300), titles(300));
}

#[test]
fn loading_twice_is_refused_and_changes_nothing() {
    let (_dir, mut conn, report) = demo_with(60);
    let again = demo::load(
        &mut conn,
        &DemoOptions {
            leads: 60,
            ..DemoOptions::default()
        },
    );
    assert!(matches!(again, Err(DomainError::Conflict(_))));
    let count = users::count(&mut conn).unwrap();
    assert_eq!(count as usize, report.users);
}

#[test]
fn demo_users_sign_in_with_the_demo_password_and_none_is_an_admin() {
    let (_dir, mut conn, _report) = demo_with(30);
    let sofia = users::authenticate(&mut conn, "sofia", demo::DEMO_PASSWORD, "192.0.2.1").unwrap();
    assert_eq!(sofia.role, users::Role::Manager);
    let everyone = users::list(&mut conn).unwrap();
    assert_eq!(everyone.len(), demo::DEMO_LOGINS.len());
    assert!(everyone.iter().all(|u| u.role != users::Role::Admin));
}

/// One password for every demo user, but a salt of its own for each: equal passwords must not
/// show as equal hashes in the users table, and each user still signs in.
#[test]
fn demo_users_have_distinct_password_hashes_that_all_verify() {
    use diesel::prelude::*;
    use leadbook::db::schema::users as user_rows;
    let (_dir, mut conn, _report) = demo_with(30);
    let hashes: Vec<String> = user_rows::table
        .select(user_rows::password_hash)
        .load(&mut conn)
        .unwrap();
    assert_eq!(hashes.len(), demo::DEMO_LOGINS.len());
    let distinct: std::collections::BTreeSet<&String> = hashes.iter().collect();
    assert_eq!(
        distinct.len(),
        hashes.len(),
        "every demo user has a salt of its own"
    );
    for (login, ..) in demo::DEMO_LOGINS {
        users::authenticate(&mut conn, login, demo::DEMO_PASSWORD, "192.0.2.1")
            .unwrap_or_else(|e| panic!("{login} signs in: {e}"));
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn the_bulk_load_leaves_every_index_in_place() {
    use diesel::RunQueryDsl;
    let count = |conn: &mut PooledConn| {
        diesel::sql_query(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('leads', 'lead_tags')",
        )
        .get_result::<Count>(&mut **conn)
        .unwrap()
        .n
    };
    let (_dir, pool) = fresh_sqlite();
    let mut empty = pool.get().unwrap();
    let before = count(&mut empty);
    let (_dir, mut conn, _report) = demo_with(200);
    assert_eq!(count(&mut conn), before);
    assert!(before >= 12);
}
