//! Restore, mass Unarchive and Archive in the domain.

use super::lose;
use crate::support::actor;
use crate::support::{LeadBuilder, World, fresh_pool, reason_id, reload};
use diesel::prelude::*;
use leadbook::db::schema::leads as leads_table;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;
use leadbook::domain::wizards::archive::{archive, lost_filter};
use leadbook::domain::wizards::lost::ReasonChoice;
use leadbook::domain::wizards::restore::restore;

#[test]
fn restoring_takes_the_stage_probability_clears_the_reason_and_logs_it() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let qualified = stages::list(conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Qualified")
        .unwrap();
    let deal = LeadBuilder::new("Yacht")
        .owner(w.sales)
        .stage(qualified.id)
        .field("probability", "55")
        .kind(Kind::Opportunity)
        .create(conn);
    let me = actor(conn, w.sales);
    let expensive = reason_id(conn, "too expensive");
    lose(&[&deal], ReasonChoice::Existing(expensive), None)
        .apply(conn, &me)
        .unwrap();
    assert_eq!(restore(conn, &me, &[deal.id]).unwrap(), 1);
    let back = reload(conn, &deal);
    assert!(back.active);
    assert_eq!(back.probability, 30, "the probability of its stage");
    assert_eq!(back.lost_reason_id, None);
    assert_eq!(back.closed_at, None);
    let log = chatter::for_lead(conn, deal.id).unwrap();
    let entry = log.iter().find(|m| m.kind == MessageKind::Restore).unwrap();
    let reason = entry
        .changes
        .iter()
        .find(|c| c.field == "lost_reason_id")
        .unwrap();
    assert_eq!(
        (reason.old_name.as_deref(), reason.new.as_deref()),
        (Some("Too expensive"), None)
    );
    assert_eq!(restore(conn, &me, &[deal.id]).unwrap(), 0, "already active");
}

#[test]
fn mass_unarchive_restores_lost_and_archived_records_and_counts_them() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let lost = w.sales_deal("Lost one", "100").create(conn);
    let archived = w.sales_deal("Archived one", "100").create(conn);
    let active = w.sales_deal("Active one", "100").create(conn);
    let me = actor(conn, w.manager);
    lose(&[&lost], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap();
    assert_eq!(archive(conn, &me, &[archived.id]).unwrap(), 1);
    let kept = reload(conn, &archived);
    assert!(!kept.active && kept.probability == 10, "archived, not lost");
    assert!(!kept.is_lost());
    let lost_ids: Vec<LeadId> = leads_table::table
        .filter(lost_filter())
        .select(leads_table::id)
        .load(conn)
        .unwrap();
    assert_eq!(
        lost_ids,
        vec![lost.id],
        "the Lost filter: inactive and probability 0"
    );

    let ids = [lost.id, archived.id, active.id];
    assert_eq!(restore(conn, &me, &ids).unwrap(), 2);
    for lead in [&lost, &archived, &active] {
        assert!(reload(conn, lead).active);
    }
    assert_eq!(reload(conn, &archived).probability, 10);
    for lead in [&lost, &archived] {
        let log = chatter::for_lead(conn, lead.id).unwrap();
        assert!(
            log.iter().any(|m| m.kind == MessageKind::Restore),
            "each record logged"
        );
    }
}

#[test]
fn an_archived_opportunity_is_marked_lost_by_setting_its_probability_to_zero() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = w.sales_deal("Archived", "100").create(conn);
    let me = actor(conn, w.sales);
    archive(conn, &me, &[deal.id]).unwrap();
    lose(&[&deal], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap();
    let lost = reload(conn, &deal);
    assert_eq!(lost.probability, 0);
    assert!(lost.is_lost());
}
