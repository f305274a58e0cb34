//! Merging leads and opportunities in the domain: every rule of the merge wizard, the
//! journal, Undo, rights, conflicts and a failure in the middle of a merge.

mod refusals;
mod undo;

use crate::support::actor;
use crate::support::{LeadBuilder, World, age, fresh_pool, reload};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{
    identities as identities_table, lead_tags, leads as leads_table, merges, messages,
};
use leadbook::domain::ids::{LeadId, Owner};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{Kind, Lead};
use leadbook::domain::models::{lost_reasons, tags};
use leadbook::domain::records::{self, Opened};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};
use leadbook::domain::wizards::merge::Merge;

fn ids(records: &[&Lead]) -> Vec<LeadId> {
    records.iter().map(|l| l.id).collect()
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
    let newer = w.sales_lead("Newer").create(conn);
    let older = w.sales_lead("Older").create(conn);
    age(conn, older.id, 60);
    let done = Merge::new(ids(&[&newer, &older])).apply(conn, &me).unwrap();
    assert_eq!(done.survivor, older.id);
    assert_eq!(reload(conn, &newer).merged_into_id, Some(older.id));

    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    age(conn, a.id, 60);
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
    let old_lead = w.sales_lead("Old lead").create(conn);
    age(conn, old_lead.id, 60);
    let deal = LeadBuilder::new("Deal")
        .owner(w.sales)
        .kind(Kind::Opportunity)
        .create(conn);
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
    let lost = w.sales_lead("Lost one").create(conn);
    age(conn, lost.id, 60);
    let active = w.sales_lead("Active one").create(conn);
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
        LeadBuilder::new(title)
            .email(email)
            .phone(phone)
            .fields(&[("description", desc), ("priority", prio)])
            .owner(w.sales)
            .create(conn)
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
    age(conn, primary.id, 30);
    age(conn, second.id, 20);
    age(conn, third.id, 10);
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
    let primary = LeadBuilder::new("Primary")
        .city("Lyon")
        .owner(w.sales)
        .create(conn);
    age(conn, primary.id, 10);
    let full = LeadBuilder::new("Full address")
        .city("Paris")
        .fields(&[
            ("street", "1 Rue de Rivoli"),
            ("zip", "75001"),
            ("country", "FR"),
        ])
        .owner(w.sales)
        .create(conn);
    Merge::new(ids(&[&primary, &full]))
        .apply(conn, &me)
        .unwrap();
    let r = reload(conn, &primary);
    assert_eq!(
        r.address.city.as_deref(),
        Some("Paris"),
        "no Lyon street mix-up"
    );
    assert_eq!(r.address.street.as_deref(), Some("1 Rue de Rivoli"));
    assert_eq!(r.address.zip.as_deref(), Some("75001"));
    let merge_msg = chatter::for_lead(conn, primary.id).unwrap().remove(0);
    assert!(
        format!("{:?}", merge_msg.event).contains(r#"("fact:city", Text("Lyon"))"#),
        "the replaced city is in the message"
    );
}

#[test]
fn tags_identities_and_messages_end_up_on_the_survivor_and_the_merged_one_vanishes() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = LeadBuilder::new("A")
        .field("tags", "vip, web")
        .owner(w.sales)
        .create(conn);
    age(conn, a.id, 10);
    let b = LeadBuilder::new("B")
        .field("tags", "web, fair")
        .owner(w.sales)
        .create(conn);
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
        .map(|i| w.sales_lead(&format!("Dup {i}")).create(conn))
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
