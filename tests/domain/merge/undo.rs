//! Undoing a merge: both records back, and who may undo when.

use super::{ids, state};
use crate::support::actor;
use crate::support::{World, fresh_pool, reload};
use diesel::prelude::*;
use leadbook::db::schema::merges;
use leadbook::domain::DomainError;
use leadbook::domain::models::chatter;
use leadbook::domain::models::leads::LeadInput;
use leadbook::domain::records;
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::merge::undo::{undo, undoable};

#[test]
fn undo_restores_both_records_and_logs_what_changed_since_the_merge() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let other = actor(conn, w.other_sales);
    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    records::post_note(conn, &sales, b.id, "hello").unwrap();
    let before = state(conn);
    let done = Merge::new(ids(&[&a, &b])).apply(conn, &sales).unwrap();
    assert_eq!(
        undoable(conn, &sales, a.id).unwrap(),
        vec![(done.message, done.merge_id)]
    );
    assert!(undoable(conn, &other, a.id).unwrap().is_empty());
    let edit = LeadInput {
        title: "A renamed".into(),
        salesperson_id: w.sales.to_string(),
        team_id: w.europe.to_string(),
        ..LeadInput::default()
    };
    records::update(conn, &sales, a.id, &edit, &Default::default()).unwrap();
    undo(conn, &sales, done.merge_id).unwrap();
    let after = state(conn);
    assert_eq!(after.leads, before.leads);
    assert_eq!(after.identities, before.identities);
    assert_eq!(after.tags, before.tags);
    let b_msgs: Vec<_> = after
        .messages
        .iter()
        .filter(|m| m.1 == Some(b.id))
        .collect();
    assert_eq!(
        b_msgs,
        before
            .messages
            .iter()
            .filter(|m| m.1 == Some(b.id))
            .collect::<Vec<_>>()
    );
    let chatter = chatter::for_lead(conn, a.id).unwrap();
    assert!(chatter.iter().any(|m| {
        m.text().starts_with("Changed since the merge")
            && m.changes
                .iter()
                .any(|c| c.new.as_deref() == Some("A renamed"))
    }));
    match undo(conn, &sales, done.merge_id) {
        Err(DomainError::Conflict(m)) => assert!(m.to_string().contains("already undone")),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn only_managers_undo_after_the_window_and_a_salesperson_cannot_undo_a_colleagues_merge() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let manager = actor(conn, w.manager);
    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    let done = Merge::new(ids(&[&a, &b])).apply(conn, &sales).unwrap();
    let long_ago = chrono::Utc::now().naive_utc() - chrono::Duration::hours(25);
    diesel::update(merges::table.find(done.merge_id))
        .set(merges::created_at.eq(long_ago))
        .execute(conn)
        .unwrap();
    assert!(matches!(
        undo(conn, &sales, done.merge_id),
        Err(DomainError::Forbidden)
    ));
    undo(conn, &manager, done.merge_id).unwrap();
    assert_eq!(reload(conn, &b).merged_into_id, None);
}
