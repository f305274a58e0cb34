//! Mass conversion: round-robin, deduplication first, the customer.

use super::person;
use crate::support::actor;
use crate::support::{LeadBuilder, World, age, fresh_pool, reload};
use leadbook::domain::ids::{LeadId, TeamId, UserId};
use leadbook::domain::models::leads::{Kind, Lead};
use leadbook::domain::models::partners;
use leadbook::domain::wizards::convert::mass::{MassConvertInput, mass_convert};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

#[test]
fn mass_conversion_shares_the_leads_round_robin_with_teams_following() {
    let (pool, _db) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let me = actor(conn, w.admin);
    let records: Vec<Lead> = (1..=4)
        .map(|i| w.sales_lead(&format!("Lead {i}")).create(conn))
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
    let a = w
        .sales_lead("Robin A")
        .email("robin@banks.test")
        .create(conn);
    age(conn, a.id, 30);
    let b = w
        .sales_lead("Robin B")
        .email("robin@banks.test")
        .create(conn);
    let c = w.sales_lead("Carla").email("carla@else.test").create(conn);
    let lost = w.sales_lead("Lost one").create(conn);
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
    assert!(outcome.skipped[0].reason.to_string().contains("lost"));
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
    let known = LeadBuilder::new("Known")
        .contact("Mario Bianchi")
        .email("mario@bianchi.test")
        .by(w.admin)
        .create(conn);
    let unknown = LeadBuilder::new("New")
        .contact("Anna Verdi")
        .by(w.admin)
        .create(conn);
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
