//! The stored duplicate counts (the kanban's badges) stay equal to the record page's
//! Similar Leads count after every write that may change them, for both records of a pair.

use crate::support::similar::{actor, lead, setup};
use leadbook::db::DbConn;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, Owner};
use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
use leadbook::domain::listing::pipeline;
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, Kind, LeadInput};
use leadbook::domain::similarity::{self, badges, not_duplicate};
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::merge::undo::undo;
use leadbook::domain::wizards::{archive, restore};

/// Every lead's badge equals its Similar Leads count; every count is stored afterwards, so
/// the next write is checked against stored counts, not fresh ones.
fn check(c: &mut DbConn, me: &Actor, ids: &[LeadId], step: &str) {
    let raw: Vec<i32> = ids.iter().map(|i| i.0).collect();
    let badges = badges::stored_counts(c, &raw).unwrap();
    for id in ids {
        let page = similarity::count_similar(c, me, *id).unwrap();
        assert_eq!(badges.get(&id.0), Some(&page), "{step}: lead {}", id.0);
    }
    let again = badges::stored_counts(c, &raw).unwrap();
    assert_eq!(again, badges, "{step}: stored as computed");
}

fn edit(c: &mut DbConn, id: LeadId, email: &str) {
    let stored = leads::find(c, id).unwrap();
    let input = LeadInput {
        title: stored.title.clone(),
        contact_name: stored.contact_name.clone().unwrap_or_default(),
        email: email.into(),
        salesperson_id: stored
            .salesperson_id
            .map(|u| u.to_string())
            .unwrap_or_default(),
        team_id: stored.team_id.map(|t| t.to_string()).unwrap_or_default(),
        ..LeadInput::default()
    };
    leads::update(c, id, &input).unwrap();
}

const ROBIN: &[(&str, &str)] = &[
    ("contact_name", "Robin Banks"),
    ("email", "robin.banks@example.com"),
];

#[test]
fn a_new_copy_and_an_edit_in_a_matched_field_move_both_badges() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, ROBIN);
    let other = lead(c, w.admin, &[("contact_name", "Anna Rossi")]);
    check(c, &me, &[a, other], "alone");
    let b = lead(c, w.admin, ROBIN);
    check(c, &me, &[a, b, other], "created");
    assert_eq!(badges::stored_counts(c, &[a.0]).unwrap()[&a.0], 1);
    edit(c, b, "someone.else@example.org");
    check(c, &me, &[a, b, other], "email changed");
    edit(c, b, "robin.banks@example.com");
    check(c, &me, &[a, b, other], "email changed back");
    identities::add(
        c,
        Owner::Lead(other),
        IdentityChannel::Email,
        "robin.banks@example.com",
        "IT",
    )
    .unwrap();
    check(c, &me, &[a, b, other], "an identity added");
}

#[test]
fn marking_not_a_duplicate_clears_the_pair_for_both() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, ROBIN);
    let b = lead(c, w.admin, ROBIN);
    check(c, &me, &[a, b], "pair");
    not_duplicate::mark(c, &me, a, b, "two people").unwrap();
    check(c, &me, &[a, b], "marked");
    assert_eq!(badges::stored_counts(c, &[a.0, b.0]).unwrap()[&b.0], 0);
}

#[test]
fn merging_undoing_archiving_and_restoring_keep_the_badges_right() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, ROBIN);
    let b = lead(c, w.admin, ROBIN);
    let d = lead(c, w.admin, ROBIN);
    check(c, &me, &[a, b, d], "three copies");
    let done = Merge::new(vec![a, b]).apply(c, &me).unwrap();
    check(c, &me, &[a, d], "merged");
    undo(c, &me, done.merge_id).unwrap();
    check(c, &me, &[a, b, d], "merge undone");
    archive::archive(c, &me, &[d]).unwrap();
    check(c, &me, &[a, b, d], "archived");
    restore::restore(c, &me, &[d]).unwrap();
    check(c, &me, &[a, b, d], "restored");
}

fn import(c: &mut DbConn, me: &Actor, file: &str, large: bool) {
    let mut source = Source::open(file.as_bytes()).unwrap();
    let mapping = Mapping::guess(&source.headers);
    let options = Options {
        policy: Policy::Create,
        kind: Kind::Lead,
        large,
    };
    import::import(c, me, &mut source, &mapping, &options, &mut |_, _| Ok(())).unwrap();
}

#[test]
fn an_import_clears_the_badges_of_the_records_it_copies() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let a = lead(c, w.admin, ROBIN);
    let b = lead(
        c,
        w.admin,
        &[("contact_name", "Linh Tran"), ("email", "linh@tran.vn")],
    );
    check(c, &me, &[a, b], "before");
    let file = "title,contact_name,email\nCopy,Robin Banks,robin.banks@example.com\n";
    import(c, &me, file, false);
    check(c, &me, &[a, b], "a row-by-row import");
    let file = "title,contact_name,email\nCopy,Linh Tran,linh@tran.vn\n";
    import(c, &me, file, true);
    check(c, &me, &[a, b], "a bulk import");
}

#[test]
fn a_key_crossing_the_over_common_limit_moves_every_holders_badge() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let mut ids = Vec::new();
    // Same number, same name: duplicates while the number is rare; one more holder than
    // the over-common limit and the number finds nothing (the name still does).
    for _ in 0..13 {
        ids.push(lead(
            c,
            w.admin,
            &[
                ("contact_name", "Robin Banks"),
                ("phone", "+39 333 1234567"),
            ],
        ));
    }
    check(c, &me, &ids, "thirteen holders");
    ids.push(lead(c, w.admin, &[("phone", "+39 333 1234567")]));
    check(c, &me, &ids, "fourteen holders");
    ids.push(lead(c, w.admin, &[("phone", "+39 333 1234567")]));
    check(c, &me, &ids, "fifteen holders");
}

#[test]
fn the_kanban_shows_the_stored_count() {
    let (pool, _g, w) = setup();
    let c = &mut pool.get().unwrap();
    let me = actor(c, w.admin);
    let fields = [ROBIN, &[("expected_revenue", "100")][..]].concat();
    let a = crate::support::similar::create(c, w.admin, Kind::Opportunity, &fields);
    let filter = leadbook::domain::listing::LeadFilter::parse(&[], Kind::Opportunity, &me, true);
    let badge = |c: &mut DbConn| {
        let columns = pipeline::kanban(c, &me, &filter, &|_| 20).unwrap();
        columns
            .iter()
            .flat_map(|col| col.cards.iter())
            .find(|card| card.id == a.0)
            .map(|card| card.similar)
    };
    assert_eq!(badge(c), Some(0));
    let b = crate::support::similar::create(c, w.admin, Kind::Opportunity, ROBIN);
    assert_eq!(badge(c), Some(1));
    assert_eq!(similarity::count_similar(c, &me, a).unwrap(), 1);
    check(c, &me, &[a, b], "on the kanban");
}
