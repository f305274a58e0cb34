//! Lost opportunities in the domain: Mark as Lost, Restore / Unarchive, Archive, lost
//! reasons, and the lost reasons report on a known data set.

mod report;
mod restore;

use crate::support::actor;
use crate::support::{World, fresh_pool, reason_id, reload};
use leadbook::domain::DomainError;
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::leads::{Kind, Lead};
use leadbook::domain::models::lost_reasons;
use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::domain::wizards::archive::archive;
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};
use leadbook::domain::wizards::restore::restore;

fn lose(ids: &[&Lead], reason: ReasonChoice, note: Option<&str>) -> MarkLost {
    MarkLost {
        lead_ids: ids.iter().map(|l| l.id).collect(),
        reason,
        closing_note: note.map(Into::into),
    }
}

#[test]
fn losing_with_a_reason_and_a_note_closes_the_record_and_logs_it_once() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = w.sales_deal("Boat rental", "1200").create(conn);
    let me = actor(conn, w.sales);
    let expensive = reason_id(conn, "too expensive");
    let done = lose(
        &[&deal],
        ReasonChoice::Existing(expensive),
        Some("Chose a cheaper offer"),
    )
    .apply(conn, &me)
    .unwrap();
    assert_eq!(done.count, 1);
    let lost = reload(conn, &deal);
    assert!(!lost.active);
    assert_eq!(lost.probability, 0);
    assert!(lost.closed_at.is_some());
    assert_eq!(lost.lost_reason_id, Some(expensive));
    assert!(lost.is_lost());
    let log = chatter::for_lead(conn, deal.id).unwrap();
    let entries: Vec<_> = log.iter().filter(|m| m.kind == MessageKind::Lost).collect();
    assert_eq!(entries.len(), 1, "one chatter entry per record");
    assert!(entries[0].text().contains("Chose a cheaper offer"));
    assert_eq!(entries[0].author_id, Some(w.sales));
    let reason = entries[0]
        .changes
        .iter()
        .find(|c| c.field == "lost_reason_id")
        .unwrap();
    assert_eq!(reason.new, Some(expensive.to_string()));
    assert_eq!(reason.new_name.as_deref(), Some("Too expensive"));
    let active = entries[0]
        .changes
        .iter()
        .find(|c| c.field == "active")
        .unwrap();
    assert_eq!(
        (active.old.as_deref(), active.new.as_deref()),
        (Some("true"), Some("false"))
    );
}

#[test]
fn losing_without_reason_or_note_is_allowed_by_default() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let a = w.sales_deal("A", "10").create(conn);
    let b = w.sales_deal("B", "20").create(conn);
    let me = actor(conn, w.sales);
    let done = lose(&[&a, &b], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap();
    assert_eq!(done.count, 2);
    assert!(done.reason.is_none());
    for lead in [&a, &b] {
        let lost = reload(conn, lead);
        assert!(lost.is_lost());
        assert_eq!(lost.lost_reason_id, None);
    }
    let again = lose(&[&a], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap_err();
    assert_eq!(again.field("ids").as_deref(), Some("Already lost: A"));
}

#[test]
fn the_reason_required_setting_refuses_a_loss_without_reason_and_writes_nothing() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let admin = actor(conn, w.admin);
    settings::save(
        conn,
        &admin,
        &SettingsInput {
            leads_enabled: true,
            default_country: "IT".into(),
            lost_reason_required: true,
            ..Default::default()
        },
    )
    .unwrap();
    let deal = w.sales_deal("Boat rental", "1200").create(conn);
    let me = actor(conn, w.sales);
    let refused = lose(&[&deal], ReasonChoice::None, Some("note"))
        .apply(conn, &me)
        .unwrap_err();
    assert!(
        refused
            .field("lost_reason_id")
            .unwrap()
            .contains("required")
    );
    assert!(reload(conn, &deal).active, "nothing half-written");
    let stock = reason_id(conn, "not enough stock");
    lose(&[&deal], ReasonChoice::Existing(stock), None)
        .apply(conn, &me)
        .unwrap();
    assert!(reload(conn, &deal).is_lost());
}

#[test]
fn a_manager_creates_a_reason_inline_and_a_salesperson_is_refused() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = w.sales_deal("Boat rental", "1200").create(conn);
    let other = w.sales_deal("Kayaks", "300").create(conn);
    let sales = actor(conn, w.sales);
    let refused = lose(&[&deal], ReasonChoice::New("Went silent".into()), None)
        .apply(conn, &sales)
        .unwrap_err();
    assert!(
        refused
            .field("new_reason")
            .unwrap()
            .contains("Only managers and administrators")
    );
    assert!(
        lost_reasons::find_by_name(conn, "went silent")
            .unwrap()
            .is_none()
    );
    assert!(reload(conn, &deal).active);

    let manager = actor(conn, w.manager);
    let done = lose(&[&deal], ReasonChoice::New("Went silent".into()), None)
        .apply(conn, &manager)
        .unwrap();
    let created = done.reason.unwrap();
    assert_eq!(created.name, "Went silent");
    assert_eq!(reload(conn, &deal).lost_reason_id, Some(created.id));

    // Typing an existing reason's name (any case) just picks it, salesperson or not.
    let picked = lose(&[&other], ReasonChoice::New("WENT SILENT".into()), None)
        .apply(conn, &sales)
        .unwrap();
    assert_eq!(picked.reason.unwrap().id, created.id);
}

#[test]
fn a_salesperson_cannot_lose_a_colleagues_record() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let theirs = w
        .other_lead("Asian deal")
        .revenue("500")
        .kind(Kind::Opportunity)
        .create(conn);
    let mine = w.sales_deal("Mine", "500").create(conn);
    let me = actor(conn, w.sales);
    let err = lose(&[&mine, &theirs], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap_err();
    assert!(
        matches!(err, DomainError::NotFound),
        "hidden records answer not found"
    );
    assert!(reload(conn, &theirs).active);
    assert!(reload(conn, &mine).active, "nothing half-written");
    assert!(matches!(
        restore(conn, &me, &[theirs.id]).unwrap_err(),
        DomainError::NotFound
    ));
    assert!(matches!(
        archive(conn, &me, &[theirs.id]).unwrap_err(),
        DomainError::NotFound
    ));
}

#[test]
fn a_used_reason_cannot_be_deleted_but_an_unused_one_can() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = w.sales_deal("Deal", "100").create(conn);
    let me = actor(conn, w.sales);
    let stock = reason_id(conn, "not enough stock");
    lose(&[&deal], ReasonChoice::Existing(stock), None)
        .apply(conn, &me)
        .unwrap();
    let boss = actor(conn, w.manager);
    match lost_reasons::delete(conn, &boss, stock).unwrap_err() {
        DomainError::Conflict(m) => assert!(m.to_string().contains("archive it instead"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(lost_reasons::usage(conn, stock).unwrap(), 1);
    let unused = lost_reasons::create(conn, &boss, "Bad timing").unwrap();
    lost_reasons::delete(conn, &boss, unused.id).unwrap();
    assert!(
        lost_reasons::find_by_name(conn, "bad timing")
            .unwrap()
            .is_none()
    );
}

#[test]
fn reason_names_are_unique_whatever_their_case() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let boss = actor(conn, w.manager);
    let err = lost_reasons::create(conn, &boss, "TOO   expensive").unwrap_err();
    assert_eq!(
        err.field("name").as_deref(),
        Some("This lost reason exists already")
    );
    let other = lost_reasons::create(conn, &boss, "Bad timing").unwrap();
    let err = lost_reasons::rename(conn, &boss, other.id, "not enough STOCK").unwrap_err();
    assert_eq!(
        err.field("name").as_deref(),
        Some("This lost reason exists already")
    );
}

#[test]
fn only_managers_change_lost_reasons_and_only_admins_the_settings_whatever_the_door() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let (sales, boss) = (actor(conn, w.sales), actor(conn, w.manager));
    let stock = reason_id(conn, "not enough stock");
    let refused = |r: Result<(), DomainError>| matches!(r, Err(DomainError::Forbidden));
    assert!(refused(
        lost_reasons::create(conn, &sales, "Bad timing").map(drop)
    ));
    assert!(refused(
        lost_reasons::rename(conn, &sales, stock, "No stock").map(drop)
    ));
    assert!(refused(lost_reasons::set_active(
        conn, &sales, stock, false
    )));
    assert!(refused(lost_reasons::delete(conn, &sales, stock)));
    let input = SettingsInput {
        leads_enabled: false,
        default_country: "IT".into(),
        lost_reason_required: true,
        ..Default::default()
    };
    assert!(refused(settings::save(conn, &boss, &input).map(drop)));
    // Nothing was written.
    assert!(
        lost_reasons::find_by_name(conn, "bad timing")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        lost_reasons::find(conn, stock).unwrap().name,
        "Not enough stock"
    );
    assert!(lost_reasons::find(conn, stock).unwrap().active);
    assert!(!settings::load(conn).unwrap().lost_reason_required);
    // A manager may.
    lost_reasons::set_active(conn, &boss, stock, false).unwrap();
    assert!(!lost_reasons::find(conn, stock).unwrap().active);
}
