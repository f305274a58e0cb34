//! Convert to Opportunity in the domain: the wizard's defaults from the duplicate finder,
//! conversion with and without merging, the customer (create, link by id, none), mass
//! conversion with round-robin and deduplication, refusals and rights.

use crate::support::actor;
use crate::support::{World, fresh_pool};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{
    identities as identities_table, leads as leads_table, messages, partners as partners_table,
};
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, Owner, PartnerId, StageId, TeamId, UserId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::stages;
use leadbook::domain::wizards::convert::{Conversion, ConvertInput};
use leadbook::domain::wizards::convert_mass::{MassConvertInput, mass_convert};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

fn lead_with(conn: &mut DbConn, input: LeadInput) -> Lead {
    let owner = input
        .salesperson_id
        .parse()
        .map(UserId)
        .unwrap_or(UserId(1));
    leads::create(conn, owner, Kind::Lead, &input).unwrap()
}

fn lead(conn: &mut DbConn, w: &World, title: &str, email: &str) -> Lead {
    lead_with(
        conn,
        LeadInput {
            title: title.into(),
            email: email.into(),
            salesperson_id: w.sales.to_string(),
            team_id: w.europe.to_string(),
            ..LeadInput::default()
        },
    )
}

/// Makes `lead` created `minutes` minutes before now (to pin "oldest").
fn age(conn: &mut DbConn, lead: &Lead, minutes: i64) {
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes);
    diesel::update(leads_table::table.find(lead.id))
        .set(leads_table::created_at.eq(at))
        .execute(conn)
        .unwrap();
}

fn reload(conn: &mut DbConn, lead: &Lead) -> Lead {
    leads::find(conn, lead.id).unwrap()
}

fn convert_plain(customer: &str, w: &World) -> ConvertInput {
    ConvertInput {
        action: "convert".into(),
        salesperson_id: w.sales.to_string(),
        customer: customer.into(),
        ..ConvertInput::default()
    }
}

/// Everything a conversion may touch, to compare before and after.
#[derive(Debug, PartialEq)]
struct State {
    leads: Vec<Lead>,
    partners: i64,
    messages: i64,
}

fn state(conn: &mut DbConn) -> State {
    State {
        leads: leads_table::table
            .order(leads_table::id)
            .select(Lead::as_select())
            .load(conn)
            .unwrap(),
        partners: partners_table::table.count().get_result(conn).unwrap(),
        messages: messages::table.count().get_result(conn).unwrap(),
    }
}

fn person(conn: &mut DbConn, name: &str, email: &str) -> PartnerId {
    partners::create(
        conn,
        &PartnerInput {
            kind: "person".into(),
            name: name.into(),
            email: email.into(),
            ..PartnerInput::default()
        },
    )
    .unwrap()
    .id
}

#[test]
fn the_default_action_is_merge_exactly_when_a_strong_duplicate_exists() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let first = lead(conn, &w, "Robin boat", "robin@banks.test");
    let second = lead(conn, &w, "Robin boat again", "Robin@Banks.test");
    let alone = lead(conn, &w, "Somebody else", "other@else.test");

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
        lead_with(
            conn,
            LeadInput {
                title: title.into(),
                contact_name: "Aleksandr Pushkin".into(),
                ..LeadInput::default()
            },
        )
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
    let old = lead(conn, &w, "Old boat", "ivan@boats.test");
    MarkLost {
        lead_ids: vec![old.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    let new = lead(conn, &w, "New boat", "ivan@boats.test");
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
    let matching = lead_with(
        conn,
        LeadInput {
            title: "Kitchen".into(),
            contact_name: "Mario Bianchi".into(),
            email: "mario@bianchi.test".into(),
            ..LeadInput::default()
        },
    );
    let named = lead_with(
        conn,
        LeadInput {
            title: "Garden".into(),
            contact_name: "Anna Verdi".into(),
            ..LeadInput::default()
        },
    );
    let bare = lead_with(
        conn,
        LeadInput {
            title: "Someone called".into(),
            ..LeadInput::default()
        },
    );
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

#[test]
fn creating_the_customer_makes_a_company_and_its_person_without_shared_phone_or_email() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let record = lead_with(
        conn,
        LeadInput {
            title: "Fabrics".into(),
            contact_name: "Giulia Conti".into(),
            company_name: "Tessuti Conti S.p.A.".into(),
            email: "giulia@conti.test".into(),
            phone: "+39 02 1234 5678".into(),
            mobile: "+39 333 123 4567".into(),
            city: "Prato".into(),
            website: "conti.test".into(),
            salesperson_id: w.sales.to_string(),
            ..LeadInput::default()
        },
    );
    identities::add(
        conn,
        Owner::Lead(record.id),
        IdentityChannel::Telegram,
        "@giulia_conti",
        "IT",
    )
    .unwrap();

    let outcome = Conversion::apply(conn, &me, record.id, &convert_plain("create", &w)).unwrap();
    assert!(outcome.customer_created);
    let person = partners::find(conn, outcome.customer.unwrap()).unwrap();
    assert_eq!(person.name, "Giulia Conti");
    assert_eq!(person.kind.as_str(), "person");
    assert_eq!(person.email.as_deref(), Some("giulia@conti.test"));
    assert!(person.phone.is_some() && person.mobile.is_some());
    let company = partners::find(conn, person.company_id.unwrap()).unwrap();
    assert_eq!(company.kind.as_str(), "company");
    assert_eq!(company.name, "Tessuti Conti S.p.A.");
    assert_eq!(company.email, None, "the email is the person's only");
    assert_eq!(company.phone, None, "the phone is the person's only");
    assert_eq!(company.mobile, None);
    assert_eq!(company.city.as_deref(), Some("Prato"));
    assert_eq!(company.website.as_deref(), Some("conti.test"));
    let handles: Vec<(Option<PartnerId>, String)> = identities_table::table
        .filter(identities_table::partner_id.is_not_null())
        .select((identities_table::partner_id, identities_table::handle))
        .load(conn)
        .unwrap();
    assert_eq!(
        handles,
        vec![(Some(person.id), "@giulia_conti".to_string())]
    );

    let converted = reload(conn, &record);
    assert_eq!(converted.kind, Kind::Opportunity);
    assert_eq!(converted.partner_id, Some(person.id));
    assert!(converted.converted_at.is_some());

    let again = lead_with(
        conn,
        LeadInput {
            title: "More fabrics".into(),
            contact_name: "Paolo Conti".into(),
            company_name: "Tessuti Conti SpA".into(),
            ..LeadInput::default()
        },
    );
    let second = Conversion::apply(conn, &me, again.id, &convert_plain("create", &w)).unwrap();
    let paolo = partners::find(conn, second.customer.unwrap()).unwrap();
    assert_eq!(
        paolo.company_id,
        Some(company.id),
        "an existing company of the same name is reused"
    );
}

#[test]
fn link_by_customer_id_works_and_an_unknown_id_changes_nothing() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let acme = person(conn, "Acme Buyer", "");
    let record = lead(conn, &w, "Anvils", "");
    let before = state(conn);
    let unknown = ConvertInput {
        partner_id: "#999".into(),
        ..convert_plain("link", &w)
    };
    let err = Conversion::apply(conn, &me, record.id, &unknown).unwrap_err();
    assert_eq!(err.field("partner_id"), Some("There is no customer #999"));
    assert_eq!(state(conn), before, "nothing half-written");

    let by_id = ConvertInput {
        partner_id: format!("#{acme}"),
        ..convert_plain("link", &w)
    };
    let outcome = Conversion::apply(conn, &me, record.id, &by_id).unwrap();
    assert_eq!(outcome.customer, Some(acme));
    assert!(!outcome.customer_created);
    assert_eq!(reload(conn, &record).partner_id, Some(acme));
}

#[test]
fn do_not_link_leaves_the_customer_empty_and_the_chatter_says_what_happened() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let record = lead_with(
        conn,
        LeadInput {
            title: "Boat".into(),
            contact_name: "Ivan Petrov".into(),
            ..LeadInput::default()
        },
    );
    let partners_before: i64 = partners_table::table.count().get_result(conn).unwrap();
    let outcome = Conversion::apply(conn, &me, record.id, &convert_plain("none", &w)).unwrap();
    assert_eq!(outcome.customer, None);
    let after = reload(conn, &record);
    assert_eq!(after.partner_id, None);
    assert_eq!(after.kind, Kind::Opportunity);
    assert_eq!(after.salesperson_id, Some(w.sales));
    assert_eq!(
        after.team_id,
        Some(w.europe),
        "the team follows the salesperson"
    );
    let count: i64 = partners_table::table.count().get_result(conn).unwrap();
    assert_eq!(count, partners_before);
    let log = chatter::for_lead(conn, record.id).unwrap();
    let message = log
        .iter()
        .find(|m| m.kind == MessageKind::Conversion)
        .unwrap();
    assert!(message.body.contains("Converted to opportunity"));
    assert!(message.changes.iter().any(|c| c.field == "kind"));
}

#[test]
fn merge_mode_keeps_the_oldest_makes_it_active_and_converts_it() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let oldest = lead(conn, &w, "First contact", "robin@banks.test");
    age(conn, &oldest, 60);
    MarkLost {
        lead_ids: vec![oldest.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    let newest = lead(conn, &w, "Second contact", "robin@banks.test");
    let input = ConvertInput {
        action: "merge".into(),
        merge_ids: vec![newest.id.to_string(), oldest.id.to_string()],
        ..convert_plain("none", &w)
    };
    let outcome = Conversion::apply(conn, &me, newest.id, &input).unwrap();
    assert_eq!(outcome.opportunity, oldest.id, "the oldest survives");
    assert_eq!(outcome.merged, vec![newest.id]);
    let survivor = reload(conn, &oldest);
    assert_eq!(survivor.kind, Kind::Opportunity);
    assert!(
        survivor.active,
        "merged with an active lead, the result is active"
    );
    assert!(survivor.converted_at.is_some());
    assert_eq!(reload(conn, &newest).merged_into_id, Some(oldest.id));
}

#[test]
fn a_merge_without_ticked_records_is_a_field_error() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let record = lead(conn, &w, "Alone", "");
    let input = ConvertInput {
        action: "merge".into(),
        ..convert_plain("none", &w)
    };
    let err = Conversion::apply(conn, &me, record.id, &input).unwrap_err();
    assert!(err.field("merge_ids").is_some());
    let garbage = ConvertInput {
        action: "explode".into(),
        salesperson_id: "abc".into(),
        customer: "maybe".into(),
        ..ConvertInput::default()
    };
    let err = Conversion::apply(conn, &me, record.id, &garbage).unwrap_err();
    for field in ["action", "salesperson_id", "customer"] {
        assert!(err.field(field).is_some(), "{field}: {err}");
    }
}

#[test]
fn lost_and_won_leads_are_refused_with_a_clear_message_and_nothing_changes() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let lost = lead(conn, &w, "Gone", "");
    MarkLost {
        lead_ids: vec![lost.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    let won_stage = stages::list(conn)
        .unwrap()
        .into_iter()
        .find(|s| s.is_won)
        .unwrap();
    let won = lead_with(
        conn,
        LeadInput {
            title: "Done deal".into(),
            stage_id: won_stage.id.to_string(),
            salesperson_id: w.sales.to_string(),
            ..LeadInput::default()
        },
    );
    let before = state(conn);
    for (record, word) in [(&lost, "lost"), (&won, "won")] {
        match Conversion::apply(conn, &me, record.id, &convert_plain("none", &w)) {
            Err(DomainError::Conflict(m)) => assert!(m.contains(word), "{m}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(matches!(
            Conversion::defaults(conn, &me, record.id),
            Err(DomainError::Conflict(_))
        ));
    }
    assert_eq!(state(conn), before);
}

#[test]
fn a_salesperson_cannot_convert_or_merge_in_records_they_cannot_see() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let theirs = lead_with(
        conn,
        LeadInput {
            title: "Asian deal".into(),
            email: "same@x.test".into(),
            salesperson_id: w.other_sales.to_string(),
            team_id: w.asia.to_string(),
            ..LeadInput::default()
        },
    );
    let mine = lead(conn, &w, "My deal", "same@x.test");
    let before = state(conn);
    assert!(matches!(
        Conversion::apply(conn, &me, theirs.id, &convert_plain("none", &w)),
        Err(DomainError::NotFound)
    ));
    let form = Conversion::defaults(conn, &me, mine.id).unwrap();
    assert_eq!(
        form.input.action, "convert",
        "a hidden duplicate is not offered"
    );
    assert_eq!(form.hidden_duplicates, 1);
    let sneaky = ConvertInput {
        action: "merge".into(),
        merge_ids: vec![theirs.id.to_string()],
        ..convert_plain("none", &w)
    };
    assert!(matches!(
        Conversion::apply(conn, &me, mine.id, &sneaky),
        Err(DomainError::NotFound)
    ));
    let elsewhere = ConvertInput {
        salesperson_id: w.other_sales.to_string(),
        ..convert_plain("none", &w)
    };
    let err = Conversion::apply(conn, &me, mine.id, &elsewhere).unwrap_err();
    assert!(err.field("salesperson_id").is_some());
    assert_eq!(state(conn), before);
}

#[test]
fn the_stage_is_kept_when_valid_for_the_team_else_the_teams_first_stage() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let asian = stages::create(conn, "Asia intake", 20, false, false, Some(w.asia)).unwrap();
    let all = stages::list(conn).unwrap();
    let qualified = all.iter().find(|s| s.name == "Qualified").unwrap();
    let new = all.iter().find(|s| s.name == "New").unwrap();
    let mk = |conn: &mut DbConn, stage: StageId| {
        lead_with(
            conn,
            LeadInput {
                title: "Staged".into(),
                stage_id: stage.to_string(),
                ..LeadInput::default()
            },
        )
    };
    let shared = mk(conn, qualified.id);
    let foreign = mk(conn, asian.id);
    Conversion::apply(conn, &me, shared.id, &convert_plain("none", &w)).unwrap();
    assert_eq!(reload(conn, &shared).stage_id, Some(qualified.id));
    Conversion::apply(conn, &me, foreign.id, &convert_plain("none", &w)).unwrap();
    let moved = reload(conn, &foreign);
    assert_eq!(
        moved.stage_id,
        Some(new.id),
        "an Asia-only stage is not valid in Europe"
    );
    assert_eq!(moved.probability, new.probability);
}

#[test]
fn mass_conversion_shares_the_leads_round_robin_with_teams_following() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.admin);
    let records: Vec<Lead> = (1..=4)
        .map(|i| lead(conn, &w, &format!("Lead {i}"), ""))
        .collect();
    let ids: Vec<LeadId> = records.iter().map(|l| l.id).collect();
    let input = MassConvertInput {
        salesperson_ids: vec![w.sales.to_string(), w.other_sales.to_string()],
        customer: "none".into(),
        ..MassConvertInput::default()
    };
    let outcome = mass_convert(conn, &me, &ids, &input).unwrap();
    assert_eq!(outcome.converted, ids);
    let got: Vec<(Kind, Option<UserId>, Option<TeamId>)> = records
        .iter()
        .map(|l| {
            let l = reload(conn, l);
            (l.kind, l.salesperson_id, l.team_id)
        })
        .collect();
    let (s, o) = (Some(w.sales), Some(w.other_sales));
    let (eu, asia) = (Some(w.europe), Some(w.asia));
    let opp = || Kind::Opportunity;
    assert_eq!(
        got,
        vec![
            (opp(), s, eu),
            (opp(), o, asia),
            (opp(), s, eu),
            (opp(), o, asia)
        ]
    );
}

#[test]
fn mass_deduplication_merges_first_and_skips_leads_merged_in_the_same_run() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let a = lead(conn, &w, "Robin A", "robin@banks.test");
    age(conn, &a, 30);
    let b = lead(conn, &w, "Robin B", "robin@banks.test");
    let c = lead(conn, &w, "Carla", "carla@else.test");
    let lost = lead(conn, &w, "Lost one", "");
    MarkLost {
        lead_ids: vec![lost.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    let input = MassConvertInput {
        deduplicate: "on".into(),
        customer: "none".into(),
        ..MassConvertInput::default()
    };
    let ids = vec![b.id, a.id, c.id, lost.id];
    let outcome = mass_convert(conn, &me, &ids, &input).unwrap();
    assert_eq!(outcome.converted, vec![a.id, c.id]);
    assert_eq!(outcome.merged, vec![b.id]);
    assert_eq!(outcome.skipped.len(), 1);
    assert!(outcome.skipped[0].reason.contains("lost"));
    assert_eq!(reload(conn, &b).merged_into_id, Some(a.id));
    assert_eq!(reload(conn, &a).kind, Kind::Opportunity);
    assert_eq!(
        reload(conn, &lost).kind,
        Kind::Lead,
        "a lost lead is left alone"
    );
    let team_of_sales: Option<TeamId> = Some(w.europe);
    assert_eq!(reload(conn, &c).team_id, team_of_sales);
}

#[test]
fn mass_conversion_uses_an_existing_customer_or_creates_one() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.manager);
    let mario = person(conn, "Mario Bianchi", "mario@bianchi.test");
    let known = lead_with(
        conn,
        LeadInput {
            title: "Known".into(),
            contact_name: "Mario Bianchi".into(),
            email: "mario@bianchi.test".into(),
            ..LeadInput::default()
        },
    );
    let unknown = lead_with(
        conn,
        LeadInput {
            title: "New".into(),
            contact_name: "Anna Verdi".into(),
            ..LeadInput::default()
        },
    );
    let outcome = mass_convert(
        conn,
        &me,
        &[known.id, unknown.id],
        &MassConvertInput::default(),
    )
    .unwrap();
    assert_eq!(outcome.converted.len(), 2);
    assert_eq!(reload(conn, &known).partner_id, Some(mario));
    let anna = reload(conn, &unknown).partner_id.unwrap();
    assert_eq!(partners::find(conn, anna).unwrap().name, "Anna Verdi");
    let bad = MassConvertInput {
        customer: "whatever".into(),
        salesperson_ids: vec!["x".into()],
        ..MassConvertInput::default()
    };
    let err = mass_convert(conn, &me, &[known.id], &bad).unwrap_err();
    assert!(err.field("customer").is_some() && err.field("salesperson_ids").is_some());
}
