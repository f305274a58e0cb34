//! Merge mode, the stage kept or not, and what a conversion refuses.

use super::{convert_plain, state};
use crate::support::actor;
use crate::support::{LeadBuilder, World, age, fresh_pool, reload};
use leadbook::db::DbConn;
use leadbook::domain::DomainError;
use leadbook::domain::ids::StageId;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::stages;
use leadbook::domain::wizards::convert::{Conversion, ConvertInput};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

#[test]
fn merge_mode_keeps_the_oldest_makes_it_active_and_converts_it() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.sales);
    let oldest = w
        .sales_lead("First contact")
        .email("robin@banks.test")
        .create(conn);
    age(conn, oldest.id, 60);
    MarkLost {
        lead_ids: vec![oldest.id],
        reason: ReasonChoice::None,
        closing_note: None,
    }
    .apply(conn, &me)
    .unwrap();
    let newest = w
        .sales_lead("Second contact")
        .email("robin@banks.test")
        .create(conn);
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
    let record = w.sales_lead("Alone").create(conn);
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
    let lost = w.sales_lead("Gone").create(conn);
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
    let won = LeadBuilder::new("Done deal")
        .owner(w.sales)
        .stage(won_stage.id)
        .create(conn);
    let before = state(conn);
    for (record, word) in [(&lost, "lost"), (&won, "won")] {
        match Conversion::apply(conn, &me, record.id, &convert_plain("none", &w)) {
            Err(DomainError::Conflict(m)) => assert!(m.to_string().contains(word), "{m}"),
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
    let theirs = LeadBuilder::new("Asian deal")
        .email("same@x.test")
        .owner(w.other_sales)
        .team(w.asia)
        .create(conn);
    let mine = w.sales_lead("My deal").email("same@x.test").create(conn);
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
        LeadBuilder::new("Staged")
            .stage(stage)
            .by(w.admin)
            .create(conn)
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
