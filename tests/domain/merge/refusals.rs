//! What a merge refuses, conflicts, and a failure in its middle.

use super::{ids, state};
use crate::support::actor;
use crate::support::{LeadBuilder, World, fresh_pool};
use leadbook::domain::DomainError;
use leadbook::domain::records;
use leadbook::domain::wizards::merge::Merge;

#[test]
fn one_record_is_refused_and_records_the_user_may_not_delete_are_named_then_forbidden() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let mine = w.sales_lead("Mine").create(conn);
    let theirs = LeadBuilder::new("Colleague's")
        .owner(w.other_sales)
        .team(w.europe)
        .create(conn);
    let one = Merge::new(ids(&[&mine])).apply(conn, &sales).unwrap_err();
    assert_eq!(
        one.field("ids").as_deref(),
        Some("Select at least two records to merge")
    );
    let before = state(conn);
    let preview = Merge::new(ids(&[&mine, &theirs]))
        .preview(conn, &sales)
        .unwrap();
    let named = preview.refused.join(", ");
    assert!(
        named.contains("Colleague's") && !named.contains("Mine"),
        "{named}"
    );
    let refused = Merge::new(ids(&[&mine, &theirs]))
        .apply(conn, &sales)
        .unwrap_err();
    assert!(matches!(refused, DomainError::Refused(_)), "{refused:?}");
    assert_eq!(
        refused.to_string(),
        format!("ids: You may merge only records you own. Not allowed: {named}"),
        "a refusal by rights that names the records"
    );
    assert_eq!(state(conn), before);
}

#[test]
fn a_second_merge_of_the_same_records_gets_a_clear_conflict() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    let c = w.sales_lead("C").create(conn);
    Merge::new(ids(&[&a, &b])).apply(conn, &me).unwrap();
    match Merge::new(ids(&[&b, &c])).apply(conn, &me) {
        Err(DomainError::Conflict(m)) => {
            let m = m.to_string();
            assert!(m.contains("Already merged") && m.contains('B'));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn a_failure_in_the_middle_of_a_merge_leaves_the_database_unchanged() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    records::post_note(conn, &me, b.id, "hello").unwrap();
    let before = state(conn);
    let err = Merge::new(ids(&[&a, &b]))
        .apply_observed(conn, &me, &mut |_| {
            Err(DomainError::Internal("disk full".into()))
        })
        .unwrap_err();
    assert!(matches!(err, DomainError::Internal(_)));
    assert_eq!(state(conn), before);
}

#[test]
fn two_users_merging_overlapping_records_at_once_one_wins_the_other_is_told() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let admin = actor(conn, w.admin);
    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    let c = w.sales_lead("C").create(conn);
    // B is merged away by both (each keeps its own primary), so only one can have it.
    let runs = [(manager, &a), (admin, &c)].map(|(who, primary)| {
        let mut wizard = Merge::new(ids(&[primary, &b]));
        wizard.primary = Some(primary.id);
        let pool = pool.clone();
        std::thread::spawn(move || wizard.apply(&mut pool.get().unwrap(), &who))
    });
    let results: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    let lost = results.into_iter().find_map(Result::err).unwrap();
    assert!(
        matches!(lost, DomainError::Conflict(ref m) if m.to_string().contains("Already merged")),
        "{lost:?}"
    );
}
