//! The webhook outbox: each change writes its event in its own transaction, one delivery per
//! active endpoint that wants it, and nothing when nobody listens.

use crate::support::{LeadBuilder, World, actor, fresh_pool, lose};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::{webhook_deliveries, webhook_events};
use leadbook::domain::DomainError;
use leadbook::domain::access::Actor;
use leadbook::domain::models::leads::LeadInput;
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::records::{self, MessengerEdits};
use leadbook::domain::webhooks::{EndpointInput, EventType, endpoints};
use leadbook::domain::wizards::convert::mass::{MassConvertInput, mass_convert};
use leadbook::domain::wizards::lost::ReasonChoice;
use leadbook::domain::wizards::merge::customers::CustomerMerge;
use leadbook::domain::wizards::merge::{Merge, undo::undo};
use leadbook::domain::wizards::restore::restore;
use serde_json::Value;

fn endpoint(conn: &mut DbConn, manager: &Actor, events: &[EventType], active: bool) -> i32 {
    let input = EndpointInput {
        url: "https://hooks.example.com/in".into(),
        events: events.iter().map(|e| e.as_str().to_string()).collect(),
        active,
    };
    endpoints::create(conn, manager, &input).unwrap().0.id
}

/// The events written so far: (type, data).
fn events(conn: &mut DbConn) -> Vec<(String, Value)> {
    let rows: Vec<(String, String)> = webhook_events::table
        .order(webhook_events::id)
        .select((webhook_events::event_type, webhook_events::payload))
        .load(conn)
        .unwrap();
    rows.into_iter()
        .map(|(kind, payload)| {
            let payload: Value = serde_json::from_str(&payload).unwrap();
            (kind, payload["data"].clone())
        })
        .collect()
}

fn deliveries(conn: &mut DbConn) -> i64 {
    webhook_deliveries::table.count().get_result(conn).unwrap()
}

fn customer(conn: &mut DbConn, name: &str) -> leadbook::domain::ids::PartnerId {
    let input = PartnerInput {
        kind: "company".into(),
        name: name.into(),
        email: "info@northwind.test".into(),
        ..PartnerInput::default()
    };
    partners::create(conn, &input).unwrap().id
}

#[test]
fn every_change_writes_its_event_with_the_records_ids() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let sales = actor(conn, w.sales);
    endpoint(conn, &manager, &EventType::ALL, true);
    let input = LeadInput {
        title: "Desks for Rossi".into(),
        email: "anna@rossi.test".into(),
        contact_name: "Anna Rossi".into(),
        ..records::input_owned_by(&sales)
    };
    let first = records::create(conn, &sales, &input, &MessengerEdits::default()).unwrap();
    let second = records::create(conn, &sales, &input, &MessengerEdits::default()).unwrap();
    let merged = Merge::new(vec![first.id, second.id])
        .apply(conn, &manager)
        .unwrap();
    undo(conn, &manager, merged.merge_id).unwrap();
    lose(conn, w.manager, first.id, ReasonChoice::None);
    restore(conn, &manager, &[first.id]).unwrap();
    let convert = MassConvertInput {
        customer: "none".into(),
        ..MassConvertInput::default()
    };
    mass_convert(conn, &manager, &[second.id], &convert).unwrap();
    let (keep, gone) = (customer(conn, "Northwind"), customer(conn, "Northwind Ltd"));
    let wizard = CustomerMerge {
        ids: vec![gone, keep],
        primary: Some(keep),
    };
    wizard.apply(conn, &manager).unwrap();
    let got = events(conn);
    let kinds: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "lead.created",
            "lead.created",
            "duplicate.found",
            "lead.merged",
            "merge.undone",
            "lead.lost",
            "lead.restored",
            "lead.converted",
            "customer.merged",
        ]
    );
    assert_eq!(got[1].1["lead"]["id"], second.id.0);
    assert_eq!(got[1].1["duplicates"][0]["lead_id"], first.id.0);
    assert_eq!(got[2].1["matches"][0]["lead_id"], first.id.0);
    assert!(got[2].1["score"].as_u64().unwrap() >= 50);
    assert_eq!(got[3].1["merge_id"], merged.merge_id);
    assert_eq!(got[4].1["restored_ids"][0], second.id.0);
    assert_eq!(got[5].1["lead_id"], first.id.0);
    assert_eq!(got[7].1["lead_id"], second.id.0);
    assert_eq!(got[8].1["survivor_id"], keep.0);
    assert_eq!(deliveries(conn), 9, "one delivery per event");
}

#[test]
fn a_merge_that_fails_midway_writes_no_event() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    endpoint(conn, &manager, &[EventType::LeadMerged], true);
    let a = w.sales_lead("A").create(conn);
    let b = w.sales_lead("B").create(conn);
    let failed = Merge::new(vec![a.id, b.id]).apply_observed(conn, &manager, &mut |_| {
        Err(DomainError::Internal("disk full".into()))
    });
    assert!(failed.is_err());
    assert!(events(conn).is_empty());
    assert_eq!(deliveries(conn), 0);
}

#[test]
fn nothing_is_written_for_nobody_and_a_paused_endpoint_gets_no_delivery() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let manager = actor(conn, w.manager);
    let a = LeadBuilder::new("Alone").owner(w.sales).create(conn);
    lose(conn, w.manager, a.id, ReasonChoice::None);
    assert!(events(conn).is_empty(), "no endpoint: no event");
    endpoint(conn, &manager, &[EventType::LeadRestored], false);
    let wants = endpoint(conn, &manager, &[EventType::LeadRestored], true);
    endpoint(conn, &manager, &[EventType::LeadLost], true);
    restore(conn, &manager, &[a.id]).unwrap();
    assert_eq!(events(conn).len(), 1);
    let to: Vec<i32> = webhook_deliveries::table
        .select(webhook_deliveries::endpoint_id)
        .load(conn)
        .unwrap();
    assert_eq!(to, [wants], "only the active endpoint that wants it");
}
