//! Merging leads and opportunities in the domain: every rule of the merge wizard, the
//! journal, Undo, rights, conflicts and a failure in the middle of a merge.

use crate::support::actor;
use crate::support::{World, fresh_pool};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{
    identities as identities_table, lead_tags, leads as leads_table, merges, messages,
};
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, Owner, TeamId, UserId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};
use leadbook::domain::models::{lost_reasons, tags};
use leadbook::domain::records::{self, Opened};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::undo_merge::{undo, undoable};

fn record(conn: &mut DbConn, kind: Kind, input: LeadInput, owner: UserId) -> Lead {
    leads::create(conn, owner, kind, &input).unwrap()
}

fn lead(conn: &mut DbConn, title: &str, owner: UserId, team: TeamId) -> Lead {
    let input = LeadInput {
        title: title.into(),
        salesperson_id: owner.to_string(),
        team_id: team.to_string(),
        ..LeadInput::default()
    };
    record(conn, Kind::Lead, input, owner)
}

/// Makes `lead` created `minutes` minutes before now (to pin "oldest").
fn age(conn: &mut DbConn, lead: &Lead, minutes: i64) {
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes);
    diesel::update(leads_table::table.find(lead.id))
        .set(leads_table::created_at.eq(at))
        .execute(conn)
        .unwrap();
}

fn ids(records: &[&Lead]) -> Vec<LeadId> {
    records.iter().map(|l| l.id).collect()
}

fn reload(conn: &mut DbConn, lead: &Lead) -> Lead {
    leads::find(conn, lead.id).unwrap()
}

/// Everything a merge may touch, to compare before and after.
#[derive(Debug, PartialEq)]
struct State {
    leads: Vec<Lead>,
    messages: Vec<(i32, Option<LeadId>, String)>,
    identities: Vec<(i32, Option<i32>, String)>,
    tags: Vec<(i32, i32)>,
    merges: i64,
}

fn state(conn: &mut DbConn) -> State {
    State {
        leads: leads_table::table
            .order(leads_table::id)
            .select(Lead::as_select())
            .load(conn)
            .unwrap(),
        messages: messages::table
            .order(messages::id)
            .select((messages::id, messages::lead_id, messages::body))
            .load(conn)
            .unwrap(),
        identities: identities_table::table
            .order(identities_table::id)
            .select((
                identities_table::id,
                identities_table::lead_id,
                identities_table::handle,
            ))
            .load(conn)
            .unwrap(),
        tags: lead_tags::table
            .order((lead_tags::lead_id, lead_tags::tag_id))
            .select((lead_tags::lead_id, lead_tags::tag_id))
            .load(conn)
            .unwrap(),
        merges: merges::table.count().get_result(conn).unwrap(),
    }
}

#[test]
fn the_oldest_record_survives_by_default_and_a_chosen_primary_wins() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let newer = lead(conn, "Newer", w.sales, w.europe);
    let older = lead(conn, "Older", w.sales, w.europe);
    age(conn, &older, 60);
    let done = Merge::new(ids(&[&newer, &older])).apply(conn, &me).unwrap();
    assert_eq!(done.survivor, older.id);
    assert_eq!(reload(conn, &newer).merged_into_id, Some(older.id));

    let a = lead(conn, "A", w.sales, w.europe);
    let b = lead(conn, "B", w.sales, w.europe);
    age(conn, &a, 60);
    let mut chosen = Merge::new(ids(&[&a, &b]));
    chosen.primary = Some(b.id);
    let done = chosen.apply(conn, &me).unwrap();
    assert_eq!(done.survivor, b.id);
    assert_eq!(reload(conn, &b).title, "B");
    assert_eq!(reload(conn, &a).merged_into_id, Some(b.id));
}

#[test]
fn a_lead_merged_with_an_opportunity_becomes_an_opportunity_even_when_older() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let old_lead = lead(conn, "Old lead", w.sales, w.europe);
    age(conn, &old_lead, 60);
    let input = LeadInput {
        title: "Deal".into(),
        ..LeadInput::default()
    };
    let deal = record(conn, Kind::Opportunity, input, w.sales);
    let done = Merge::new(ids(&[&deal, &old_lead]))
        .apply(conn, &me)
        .unwrap();
    assert_eq!(done.survivor, old_lead.id);
    assert_eq!(reload(conn, &old_lead).kind, Kind::Opportunity);
}

#[test]
fn a_lost_record_merged_with_an_active_one_comes_back_with_its_reason_cleared() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let lost = lead(conn, "Lost one", w.sales, w.europe);
    age(conn, &lost, 60);
    let active = lead(conn, "Active one", w.sales, w.europe);
    let reason = lost_reasons::find_by_name(conn, "too expensive")
        .unwrap()
        .unwrap();
    MarkLost {
        lead_ids: vec![lost.id],
        reason: ReasonChoice::Existing(reason.id),
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    Merge::new(ids(&[&lost, &active])).apply(conn, &me).unwrap();
    let result = reload(conn, &lost);
    assert!(result.active, "the result is back in the pipeline");
    assert_eq!(result.lost_reason_id, None);
    assert!(result.probability > 0, "probability comes from the stage");
    assert_eq!(result.closed_at, None);
}

#[test]
fn fields_take_the_first_non_empty_value_descriptions_add_up_and_priority_is_highest() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let mk = |conn: &mut DbConn, title: &str, email: &str, phone: &str, desc: &str, prio: &str| {
        let input = LeadInput {
            title: title.into(),
            email: email.into(),
            phone: phone.into(),
            description: desc.into(),
            priority: prio.into(),
            salesperson_id: w.sales.to_string(),
            ..LeadInput::default()
        };
        record(conn, Kind::Lead, input, w.sales)
    };
    let primary = mk(conn, "Primary", "", "", "First notes", "1");
    let second = mk(conn, "Second", "second@ex.com", "", "", "3");
    let third = mk(
        conn,
        "Third",
        "third@ex.com",
        "+33 1 42 68 53 00",
        "Third notes",
        "0",
    );
    age(conn, &primary, 30);
    age(conn, &second, 20);
    age(conn, &third, 10);
    Merge::new(ids(&[&third, &second, &primary]))
        .apply(conn, &me)
        .unwrap();
    let r = reload(conn, &primary);
    assert_eq!(r.title, "Primary");
    assert_eq!(
        r.email.as_deref(),
        Some("second@ex.com"),
        "oldest other first"
    );
    assert_eq!(r.email_norm.as_deref(), Some("second@ex.com"));
    assert!(
        r.phone_e164.is_some(),
        "the phone's normalised twin follows it"
    );
    let d = r.description.unwrap();
    assert!(d.contains("First notes") && d.contains("Third notes"));
    assert!(d.contains(&format!("[From #{} Third]", third.id)));
    assert_eq!(r.priority, 3);
}

#[test]
fn the_address_is_taken_as_one_block_from_the_record_with_most_address_fields() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let primary = record(
        conn,
        Kind::Lead,
        LeadInput {
            title: "Primary".into(),
            city: "Lyon".into(),
            ..LeadInput::default()
        },
        w.sales,
    );
    age(conn, &primary, 10);
    let full = record(
        conn,
        Kind::Lead,
        LeadInput {
            title: "Full address".into(),
            street: "1 Rue de Rivoli".into(),
            zip: "75001".into(),
            city: "Paris".into(),
            country: "FR".into(),
            ..LeadInput::default()
        },
        w.sales,
    );
    Merge::new(ids(&[&primary, &full]))
        .apply(conn, &me)
        .unwrap();
    let r = reload(conn, &primary);
    assert_eq!(r.city.as_deref(), Some("Paris"), "no Lyon street mix-up");
    assert_eq!(r.street.as_deref(), Some("1 Rue de Rivoli"));
    assert_eq!(r.zip.as_deref(), Some("75001"));
    let merge_msg = chatter::for_lead(conn, primary.id).unwrap().remove(0);
    assert!(
        merge_msg.body.contains("City: Lyon"),
        "the replaced city is in the message"
    );
}

#[test]
fn tags_identities_and_messages_end_up_on_the_survivor_and_the_merged_one_vanishes() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = record(
        conn,
        Kind::Lead,
        LeadInput {
            title: "A".into(),
            tags: "vip, web".into(),
            ..LeadInput::default()
        },
        w.sales,
    );
    age(conn, &a, 10);
    let b = record(
        conn,
        Kind::Lead,
        LeadInput {
            title: "B".into(),
            tags: "web, fair".into(),
            ..LeadInput::default()
        },
        w.sales,
    );
    identities::add(
        conn,
        Owner::Lead(a.id),
        IdentityChannel::Telegram,
        "@ivan",
        "FR",
    )
    .unwrap();
    identities::add(
        conn,
        Owner::Lead(b.id),
        IdentityChannel::Telegram,
        "Ivan",
        "FR",
    )
    .unwrap();
    identities::add(
        conn,
        Owner::Lead(b.id),
        IdentityChannel::Avito,
        "ivan-sells",
        "FR",
    )
    .unwrap();
    records::post_note(conn, &me, b.id, "Called, no answer").unwrap();
    Merge::new(ids(&[&a, &b])).apply(conn, &me).unwrap();

    let names: Vec<String> = tags::for_lead(conn, a.id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, vec!["fair", "vip", "web"]);
    let handles: Vec<String> = identities::for_lead(conn, a.id)
        .unwrap()
        .into_iter()
        .map(|i| i.handle)
        .collect();
    assert_eq!(
        handles,
        vec!["ivan-sells", "@ivan"],
        "the union, one Telegram identity"
    );
    let chatter = chatter::for_lead(conn, a.id).unwrap();
    assert_eq!(chatter[0].kind, MessageKind::Merge);
    assert!(
        chatter
            .iter()
            .any(|m| m.body == format!("[From #{} B] Called, no answer", b.id))
    );
    assert!(chatter::for_lead(conn, b.id).unwrap().is_empty());
    assert!(matches!(records::open(conn, &me, b.id).unwrap(), Opened::MergedInto(s) if s == a.id));
    let keys: i64 = leadbook::db::schema::match_keys::table
        .filter(leadbook::db::schema::match_keys::lead_id.eq(b.id))
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(keys, 0, "the merged record left the duplicate index");
}

#[test]
fn fifty_records_merge_at_once() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let all: Vec<Lead> = (0..50)
        .map(|i| lead(conn, &format!("Dup {i}"), w.sales, w.europe))
        .collect();
    let done = Merge::new(all.iter().map(|l| l.id).collect())
        .apply(conn, &me)
        .unwrap();
    assert_eq!(done.survivor, all[0].id);
    assert_eq!(done.merged.len(), 49);
    let left: i64 = leads_table::table
        .filter(leads_table::merged_into_id.is_null())
        .count()
        .get_result(conn)
        .unwrap();
    assert_eq!(left, 1);
}

#[test]
fn one_record_is_refused_and_records_the_user_may_not_delete_are_named_then_forbidden() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let mine = lead(conn, "Mine", w.sales, w.europe);
    let theirs = lead(conn, "Colleague's", w.other_sales, w.europe);
    let one = Merge::new(ids(&[&mine])).apply(conn, &sales).unwrap_err();
    assert_eq!(
        one.field("ids"),
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
    assert!(matches!(refused, DomainError::Forbidden), "{refused:?}");
    assert_eq!(state(conn), before);
}

#[test]
fn a_second_merge_of_the_same_records_gets_a_clear_conflict() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = lead(conn, "A", w.sales, w.europe);
    let b = lead(conn, "B", w.sales, w.europe);
    let c = lead(conn, "C", w.sales, w.europe);
    Merge::new(ids(&[&a, &b])).apply(conn, &me).unwrap();
    match Merge::new(ids(&[&b, &c])).apply(conn, &me) {
        Err(DomainError::Conflict(m)) => assert!(m.contains("Already merged") && m.contains('B')),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[test]
fn a_failure_in_the_middle_of_a_merge_leaves_the_database_unchanged() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = lead(conn, "A", w.sales, w.europe);
    let b = lead(conn, "B", w.sales, w.europe);
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
fn undo_restores_both_records_and_logs_what_changed_since_the_merge() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let sales = actor(conn, w.sales);
    let other = actor(conn, w.other_sales);
    let a = lead(conn, "A", w.sales, w.europe);
    let b = lead(conn, "B", w.sales, w.europe);
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
        m.body.starts_with("Changed since the merge")
            && m.changes
                .iter()
                .any(|c| c.new.as_deref() == Some("A renamed"))
    }));
    match undo(conn, &sales, done.merge_id) {
        Err(DomainError::Conflict(m)) => assert!(m.contains("already undone")),
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
    let a = lead(conn, "A", w.sales, w.europe);
    let b = lead(conn, "B", w.sales, w.europe);
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

#[test]
fn two_users_merging_overlapping_records_at_once_one_wins_the_other_is_told() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let admin = actor(conn, w.admin);
    let a = lead(conn, "A", w.sales, w.europe);
    let b = lead(conn, "B", w.sales, w.europe);
    let c = lead(conn, "C", w.sales, w.europe);
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
        matches!(lost, DomainError::Conflict(ref m) if m.contains("Already merged")),
        "{lost:?}"
    );
}
