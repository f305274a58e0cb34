//! The wizard's defaults from the duplicate finder: merge or convert, and the customer.

use super::person;
use crate::support::actor;
use crate::support::{LeadBuilder, World, fresh_pool};
use leadbook::db::DbConn;
use leadbook::domain::wizards::convert::Conversion;
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

#[test]
fn the_default_action_is_merge_exactly_when_a_strong_duplicate_exists() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let first = w
        .sales_lead("Robin boat")
        .email("robin@banks.test")
        .create(conn);
    let second = w
        .sales_lead("Robin boat again")
        .email("Robin@Banks.test")
        .create(conn);
    let alone = w
        .sales_lead("Somebody else")
        .email("other@else.test")
        .create(conn);

    let form = Conversion::defaults(conn, &me, second.id).unwrap();
    assert_eq!(form.input.action, "merge");
    assert_eq!(form.input.merge_ids, vec![first.id.to_string()]);
    assert!(
        form.candidates[0].is_self,
        "the lead itself is listed first"
    );
    let other = &form.candidates[1];
    assert_eq!(other.id, first.id);
    assert!(other.strong && other.reasons.contains("same email"));
    assert!(other.score.is_some_and(|s| s >= 40));

    let form = Conversion::defaults(conn, &me, alone.id).unwrap();
    assert_eq!(
        form.input.action, "convert",
        "no duplicate: plain conversion"
    );
    assert!(form.input.merge_ids.is_empty());
    assert_eq!(form.candidates.len(), 1);
}

#[test]
fn a_duplicate_by_name_only_is_offered_unticked_and_the_default_stays_convert() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let named = |conn: &mut DbConn, title: &str| {
        LeadBuilder::new(title)
            .contact("Aleksandr Pushkin")
            .by(w.admin)
            .create(conn)
    };
    let first = named(conn, "Poems");
    let second = named(conn, "More poems");
    let form = Conversion::defaults(conn, &me, second.id).unwrap();
    let offered = form.candidates.iter().find(|c| c.id == first.id).unwrap();
    assert!(!offered.strong, "a shared name is not strong evidence");
    assert_eq!(form.input.action, "convert");
    assert!(form.input.merge_ids.is_empty());
}

#[test]
fn a_lost_duplicate_is_offered_and_marked_lost() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let old = w
        .sales_lead("Old boat")
        .email("ivan@boats.test")
        .create(conn);
    MarkLost {
        lead_ids: vec![old.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    let new = w
        .sales_lead("New boat")
        .email("ivan@boats.test")
        .create(conn);
    let form = Conversion::defaults(conn, &me, new.id).unwrap();
    let offered = form.candidates.iter().find(|c| c.id == old.id).unwrap();
    assert!(offered.lost, "the lost match is marked");
    assert_eq!(form.input.action, "merge");
}

#[test]
fn the_customer_default_is_link_then_create_then_none() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let mario = person(conn, "Mario Bianchi", "mario@bianchi.test");
    let matching = LeadBuilder::new("Kitchen")
        .contact("Mario Bianchi")
        .email("mario@bianchi.test")
        .by(w.admin)
        .create(conn);
    let named = LeadBuilder::new("Garden")
        .contact("Anna Verdi")
        .by(w.admin)
        .create(conn);
    let bare = LeadBuilder::new("Someone called").by(w.admin).create(conn);
    let form = Conversion::defaults(conn, &me, matching.id).unwrap();
    assert_eq!(form.input.customer, "link");
    assert_eq!(
        form.input.partner_id,
        mario.to_string(),
        "best match pre-filled"
    );
    assert_eq!(form.duplicate_customers().count(), 1, "the wizard can warn");
    let form = Conversion::defaults(conn, &me, named.id).unwrap();
    assert_eq!(form.input.customer, "create");
    assert!(form.input.partner_id.is_empty());
    let form = Conversion::defaults(conn, &me, bare.id).unwrap();
    assert_eq!(form.input.customer, "none");
}
