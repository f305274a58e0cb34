//! Property-style test of the merge: random sets of 2–10 records (seeded, so a failure
//! replays) lose nothing, and Undo gives the originals back.

use crate::support::{World, fresh_pool};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{
    identities as identities_table, lead_tags, leads as leads_table, messages,
};
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, Owner, UserId};
use leadbook::domain::models::chatter;
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::fields::{LeadField, MergeRule, merged_by};
use leadbook::domain::models::leads::{self, AddressInput, DetailsInput, Kind, Lead, LeadInput};
use leadbook::domain::models::{tags, users};
use leadbook::domain::records;
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::merge::undo::undo;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn pick<'a>(rng: &mut StdRng, pool: &[&'a str]) -> &'a str {
    if rng.random_bool(0.4) {
        ""
    } else {
        pool[rng.random_range(0..pool.len())]
    }
}

fn random_record(conn: &mut DbConn, rng: &mut StdRng, n: usize, owner: UserId) -> Lead {
    let input = LeadInput {
        title: format!("Deal {n}"),
        contact_name: pick(rng, &["Ivan Petrov", "Anna Smith", "Li Wei"]).into(),
        company_name: pick(rng, &["Acme", "Globex", "Initech"]).into(),
        email: pick(rng, &["a@acme.test", "b@globex.test", "c@initech.test"]).into(),
        phone: pick(rng, &["+33 1 42 68 53 00", "+44 20 7946 0958"]).into(),
        mobile: pick(rng, &["+33 6 12 34 56 78", "+49 151 23456789"]).into(),
        address: AddressInput {
            street: pick(rng, &["1 Main St", "2 High St"]).into(),
            city: pick(rng, &["Paris", "London", "Berlin"]).into(),
            zip: pick(rng, &["75001", "SW1A", "10115"]).into(),
            country: pick(rng, &["FR", "GB", "DE"]).into(),
            ..AddressInput::default()
        },
        details: DetailsInput {
            website: pick(rng, &["https://acme.test", "https://globex.test"]).into(),
            ..DetailsInput::default()
        },
        description: pick(rng, &["Wants a quote", "Met at the fair"]).into(),
        expected_revenue: pick(rng, &["100", "2500"]).into(),
        priority: pick(rng, &["1", "2", "3"]).into(),
        salesperson_id: owner.to_string(),
        tags: pick(rng, &["vip", "web, fair", "fair"]).into(),
        ..LeadInput::default()
    };
    let kind = if rng.random_bool(0.5) {
        Kind::Lead
    } else {
        Kind::Opportunity
    };
    let lead = leads::create(conn, owner, kind, &input).unwrap();
    let handle = pick(rng, &["@ivan", "anna_s", "liwei"]);
    if !handle.is_empty() {
        identities::add(
            conn,
            Owner::Lead(lead.id),
            IdentityChannel::Telegram,
            handle,
            "FR",
        )
        .unwrap();
    }
    if rng.random_bool(0.3) {
        diesel::update(leads_table::table.find(lead.id))
            .set((
                leads_table::active.eq(false),
                leads_table::probability.eq(0),
            ))
            .execute(conn)
            .unwrap();
    }
    let minutes = rng.random_range(1..10_000);
    diesel::update(leads_table::table.find(lead.id))
        .set(
            leads_table::created_at
                .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes)),
        )
        .execute(conn)
        .unwrap();
    leads::find(conn, lead.id).unwrap()
}

type Rows = (
    Vec<Lead>,
    Vec<(i32, Option<i32>, String)>,
    Vec<(i32, Option<i32>)>,
    Vec<(i32, i32)>,
);

fn rows(conn: &mut DbConn, ids: &[LeadId]) -> Rows {
    (
        leads_table::table
            .filter(leads_table::id.eq_any(ids))
            .order(leads_table::id)
            .select(Lead::as_select())
            .load(conn)
            .unwrap(),
        messages::table
            .filter(messages::lead_id.eq_any(ids))
            .order(messages::id)
            .select((messages::id, messages::lead_id, messages::body))
            .load(conn)
            .unwrap(),
        identities_table::table
            .filter(identities_table::lead_id.eq_any(ids))
            .order(identities_table::id)
            .select((identities_table::id, identities_table::lead_id))
            .load(conn)
            .unwrap(),
        lead_tags::table
            .filter(lead_tags::lead_id.eq_any(ids))
            .order((lead_tags::lead_id, lead_tags::tag_id))
            .select((lead_tags::lead_id, lead_tags::tag_id))
            .load(conn)
            .unwrap(),
    )
}

/// The names of the record's tags.
fn tag_names_of(conn: &mut DbConn, id: LeadId) -> Vec<String> {
    tags::for_lead(conn, id)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect()
}

/// Every field value and description of `set` is somewhere in `haystack`.
fn assert_values_in(haystack: &str, set: &[Lead], round: usize) {
    for lead in set {
        let merged = merged_by(MergeRule::First).chain(merged_by(MergeRule::Address));
        // The merge message lists stored values, references by their names.
        let listed = merged.filter(|f| !f.name().ends_with("_id") || f.name() == "external_id");
        for value in listed.filter_map(|f| (f.shown)(lead).and((f.value)(lead))) {
            assert!(
                haystack.contains(&value),
                "round {round}: '{value}' of #{} was lost",
                lead.id
            );
        }
        if let Some(d) = &lead.description {
            assert!(
                haystack.contains(d.as_str()),
                "round {round}: description lost"
            );
        }
    }
}

#[test]
fn random_merges_lose_no_value_and_undo_gives_the_originals_back() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let user = users::find(conn, w.manager).unwrap();
    let me = Actor::new(&user, Vec::new());
    let mut rng = StdRng::seed_from_u64(0x5eed_0005);
    for round in 0..12 {
        let n = rng.random_range(2..=10);
        let set: Vec<Lead> = (0..n)
            .map(|i| random_record(conn, &mut rng, round * 100 + i, w.sales))
            .collect();
        for l in set.iter().filter(|_| rng.random_bool(0.5)) {
            records::post_note(conn, &me, l.id, &format!("note on {}", l.id)).unwrap();
        }
        let ids: Vec<LeadId> = set.iter().map(|l| l.id).collect();
        let before = rows(conn, &ids);
        let tag_names: Vec<Vec<String>> = set.iter().map(|l| tag_names_of(conn, l.id)).collect();
        let mut wizard = Merge::new(set.iter().map(|l| l.id).collect());
        wizard.primary = Some(set[rng.random_range(0..n)].id);
        let done = wizard.apply(conn, &me).unwrap();

        let survivor = leads::find(conn, done.survivor).unwrap();
        let chatter = chatter::for_lead(conn, done.survivor).unwrap();
        let message = chatter.iter().find(|m| m.id == done.message).unwrap();
        let merged = || merged_by(MergeRule::First).chain(merged_by(MergeRule::Address));
        let mut haystack: Vec<String> = merged()
            .filter_map(|f: &LeadField| (f.shown)(&survivor))
            .collect();
        haystack.push(survivor.description.clone().unwrap_or_default());
        haystack.extend(merged().filter_map(|f: &LeadField| (f.value)(&survivor)));
        haystack.extend(message.event.iter().flat_map(|e| e.args.iter()).filter_map(
            |(_, a)| match a {
                leadbook::i18n::Arg::Text(t) => Some(t.clone()),
                _ => None,
            },
        ));
        haystack.extend(message.changes.iter().filter_map(|c| c.old.clone()));
        let haystack = haystack.join("\n");
        assert_values_in(&haystack, &set, round);
        let kept = tag_names_of(conn, done.survivor);
        assert!(
            tag_names.iter().flatten().all(|t| kept.contains(t)),
            "round {round}: tags"
        );
        for (_, owner, body) in &before.1 {
            assert!(
                chatter.iter().any(|m| m.body.ends_with(body.as_str())),
                "round {round}: message of #{owner:?} lost"
            );
        }
        let norms: Vec<String> = identities::for_lead(conn, done.survivor)
            .unwrap()
            .into_iter()
            .map(|i| i.handle_norm)
            .collect();
        for id in &ids {
            for i in identities::for_lead(conn, *id).unwrap() {
                assert!(
                    norms.contains(&i.handle_norm),
                    "round {round}: identity lost"
                );
            }
        }

        undo(conn, &me, done.merge_id).unwrap();
        let after = rows(conn, &ids);
        assert_eq!(after.0, before.0, "round {round}: records");
        let old_messages: Vec<_> = after
            .1
            .iter()
            .filter(|m| before.1.iter().any(|b| b.0 == m.0))
            .cloned()
            .collect();
        assert_eq!(old_messages, before.1, "round {round}: messages");
        assert_eq!(after.2, before.2, "round {round}: identities");
        assert_eq!(after.3, before.3, "round {round}: tags");
    }
}
