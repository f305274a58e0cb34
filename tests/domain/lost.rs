//! Lost opportunities in the domain: Mark as Lost, Restore / Unarchive, Archive, lost
//! reasons, and the lost reasons report on a known data set.

use crate::support::actor;
use crate::support::{World, fresh_pool};
use diesel::prelude::*;
use leadbook::db::DbConn;
use leadbook::db::schema::leads as leads_table;
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, LostReasonId, TeamId, UserId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};
use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::domain::models::{lost_reasons, stages};
use leadbook::domain::reports::lost::{Chart, LostFilter, lost_by_reason};
use leadbook::domain::wizards::archive::{archive, lost_filter};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};
use leadbook::domain::wizards::restore::restore;

fn opportunity(conn: &mut DbConn, title: &str, owner: UserId, team: TeamId, revenue: &str) -> Lead {
    let input = LeadInput {
        title: title.into(),
        salesperson_id: owner.to_string(),
        team_id: team.to_string(),
        expected_revenue: revenue.into(),
        ..LeadInput::default()
    };
    leads::create(conn, owner, Kind::Opportunity, &input).unwrap()
}

fn reason_id(conn: &mut DbConn, name: &str) -> LostReasonId {
    lost_reasons::find_by_name(conn, name).unwrap().unwrap().id
}

fn lose(ids: &[&Lead], reason: ReasonChoice, note: Option<&str>) -> MarkLost {
    MarkLost {
        lead_ids: ids.iter().map(|l| l.id).collect(),
        reason,
        closing_note: note.map(Into::into),
    }
}

fn reload(conn: &mut DbConn, lead: &Lead) -> Lead {
    leads::find(conn, lead.id).unwrap()
}

#[test]
fn losing_with_a_reason_and_a_note_closes_the_record_and_logs_it_once() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = opportunity(conn, "Boat rental", w.sales, w.europe, "1200");
    let me = actor(conn, w.sales);
    let expensive = reason_id(conn, "too expensive");
    let done = lose(
        &[&deal],
        ReasonChoice::Existing(expensive),
        Some("Chose a cheaper offer"),
    )
    .apply(conn, &me)
    .unwrap();
    assert_eq!(done.count, 1);
    let lost = reload(conn, &deal);
    assert!(!lost.active);
    assert_eq!(lost.probability, 0);
    assert!(lost.closed_at.is_some());
    assert_eq!(lost.lost_reason_id, Some(expensive));
    assert!(lost.is_lost());
    let log = chatter::for_lead(conn, deal.id).unwrap();
    let entries: Vec<_> = log.iter().filter(|m| m.kind == MessageKind::Lost).collect();
    assert_eq!(entries.len(), 1, "one chatter entry per record");
    assert!(entries[0].body.contains("Chose a cheaper offer"));
    assert_eq!(entries[0].author_id, Some(w.sales));
    let reason = entries[0]
        .changes
        .iter()
        .find(|c| c.field == "lost_reason_id")
        .unwrap();
    assert_eq!(reason.new.as_deref(), Some("Too expensive"));
    let active = entries[0]
        .changes
        .iter()
        .find(|c| c.field == "active")
        .unwrap();
    assert_eq!(
        (active.old.as_deref(), active.new.as_deref()),
        (Some("true"), Some("false"))
    );
}

#[test]
fn losing_without_reason_or_note_is_allowed_by_default() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let a = opportunity(conn, "A", w.sales, w.europe, "10");
    let b = opportunity(conn, "B", w.sales, w.europe, "20");
    let me = actor(conn, w.sales);
    let done = lose(&[&a, &b], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap();
    assert_eq!(done.count, 2);
    assert!(done.reason.is_none());
    for lead in [&a, &b] {
        let lost = reload(conn, lead);
        assert!(lost.is_lost());
        assert_eq!(lost.lost_reason_id, None);
    }
    let again = lose(&[&a], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap_err();
    assert_eq!(again.field("ids"), Some("Already lost: A"));
}

#[test]
fn the_reason_required_setting_refuses_a_loss_without_reason_and_writes_nothing() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let admin = actor(conn, w.admin);
    settings::save(
        conn,
        &admin,
        &SettingsInput {
            leads_enabled: true,
            default_country: "IT".into(),
            lost_reason_required: true,
        },
    )
    .unwrap();
    let deal = opportunity(conn, "Boat rental", w.sales, w.europe, "1200");
    let me = actor(conn, w.sales);
    let refused = lose(&[&deal], ReasonChoice::None, Some("note"))
        .apply(conn, &me)
        .unwrap_err();
    assert!(
        refused
            .field("lost_reason_id")
            .unwrap()
            .contains("required")
    );
    assert!(reload(conn, &deal).active, "nothing half-written");
    let stock = reason_id(conn, "not enough stock");
    lose(&[&deal], ReasonChoice::Existing(stock), None)
        .apply(conn, &me)
        .unwrap();
    assert!(reload(conn, &deal).is_lost());
}

#[test]
fn a_manager_creates_a_reason_inline_and_a_salesperson_is_refused() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = opportunity(conn, "Boat rental", w.sales, w.europe, "1200");
    let other = opportunity(conn, "Kayaks", w.sales, w.europe, "300");
    let sales = actor(conn, w.sales);
    let refused = lose(&[&deal], ReasonChoice::New("Went silent".into()), None)
        .apply(conn, &sales)
        .unwrap_err();
    assert!(
        refused
            .field("new_reason")
            .unwrap()
            .contains("Only managers and administrators")
    );
    assert!(
        lost_reasons::find_by_name(conn, "went silent")
            .unwrap()
            .is_none()
    );
    assert!(reload(conn, &deal).active);

    let manager = actor(conn, w.manager);
    let done = lose(&[&deal], ReasonChoice::New("Went silent".into()), None)
        .apply(conn, &manager)
        .unwrap();
    let created = done.reason.unwrap();
    assert_eq!(created.name, "Went silent");
    assert_eq!(reload(conn, &deal).lost_reason_id, Some(created.id));

    // Typing an existing reason's name (any case) just picks it, salesperson or not.
    let picked = lose(&[&other], ReasonChoice::New("WENT SILENT".into()), None)
        .apply(conn, &sales)
        .unwrap();
    assert_eq!(picked.reason.unwrap().id, created.id);
}

#[test]
fn a_salesperson_cannot_lose_a_colleagues_record() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let theirs = opportunity(conn, "Asian deal", w.other_sales, w.asia, "500");
    let mine = opportunity(conn, "Mine", w.sales, w.europe, "500");
    let me = actor(conn, w.sales);
    let err = lose(&[&mine, &theirs], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap_err();
    assert!(
        matches!(err, DomainError::NotFound),
        "hidden records answer not found"
    );
    assert!(reload(conn, &theirs).active);
    assert!(reload(conn, &mine).active, "nothing half-written");
    assert!(matches!(
        restore(conn, &me, &[theirs.id]).unwrap_err(),
        DomainError::NotFound
    ));
    assert!(matches!(
        archive(conn, &me, &[theirs.id]).unwrap_err(),
        DomainError::NotFound
    ));
}

#[test]
fn restoring_takes_the_stage_probability_clears_the_reason_and_logs_it() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let qualified = stages::list(conn)
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Qualified")
        .unwrap();
    let input = LeadInput {
        title: "Yacht".into(),
        salesperson_id: w.sales.to_string(),
        stage_id: qualified.id.to_string(),
        probability: "55".into(),
        ..LeadInput::default()
    };
    let deal = leads::create(conn, w.sales, Kind::Opportunity, &input).unwrap();
    let me = actor(conn, w.sales);
    let expensive = reason_id(conn, "too expensive");
    lose(&[&deal], ReasonChoice::Existing(expensive), None)
        .apply(conn, &me)
        .unwrap();
    assert_eq!(restore(conn, &me, &[deal.id]).unwrap(), 1);
    let back = reload(conn, &deal);
    assert!(back.active);
    assert_eq!(back.probability, 30, "the probability of its stage");
    assert_eq!(back.lost_reason_id, None);
    assert_eq!(back.closed_at, None);
    let log = chatter::for_lead(conn, deal.id).unwrap();
    let entry = log.iter().find(|m| m.kind == MessageKind::Restore).unwrap();
    let reason = entry
        .changes
        .iter()
        .find(|c| c.field == "lost_reason_id")
        .unwrap();
    assert_eq!(
        (reason.old.as_deref(), reason.new.as_deref()),
        (Some("Too expensive"), None)
    );
    assert_eq!(restore(conn, &me, &[deal.id]).unwrap(), 0, "already active");
}

#[test]
fn mass_unarchive_restores_lost_and_archived_records_and_counts_them() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let lost = opportunity(conn, "Lost one", w.sales, w.europe, "100");
    let archived = opportunity(conn, "Archived one", w.sales, w.europe, "100");
    let active = opportunity(conn, "Active one", w.sales, w.europe, "100");
    let me = actor(conn, w.manager);
    lose(&[&lost], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap();
    assert_eq!(archive(conn, &me, &[archived.id]).unwrap(), 1);
    let kept = reload(conn, &archived);
    assert!(!kept.active && kept.probability == 10, "archived, not lost");
    assert!(!kept.is_lost());
    let lost_ids: Vec<LeadId> = leads_table::table
        .filter(lost_filter())
        .select(leads_table::id)
        .load(conn)
        .unwrap();
    assert_eq!(
        lost_ids,
        vec![lost.id],
        "the Lost filter: inactive and probability 0"
    );

    let ids = [lost.id, archived.id, active.id];
    assert_eq!(restore(conn, &me, &ids).unwrap(), 2);
    for lead in [&lost, &archived, &active] {
        assert!(reload(conn, lead).active);
    }
    assert_eq!(reload(conn, &archived).probability, 10);
    for lead in [&lost, &archived] {
        let log = chatter::for_lead(conn, lead.id).unwrap();
        assert!(
            log.iter().any(|m| m.kind == MessageKind::Restore),
            "each record logged"
        );
    }
}

#[test]
fn an_archived_opportunity_is_marked_lost_by_setting_its_probability_to_zero() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = opportunity(conn, "Archived", w.sales, w.europe, "100");
    let me = actor(conn, w.sales);
    archive(conn, &me, &[deal.id]).unwrap();
    lose(&[&deal], ReasonChoice::None, None)
        .apply(conn, &me)
        .unwrap();
    let lost = reload(conn, &deal);
    assert_eq!(lost.probability, 0);
    assert!(lost.is_lost());
}

#[test]
fn a_used_reason_cannot_be_deleted_but_an_unused_one_can() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let deal = opportunity(conn, "Deal", w.sales, w.europe, "100");
    let me = actor(conn, w.sales);
    let stock = reason_id(conn, "not enough stock");
    lose(&[&deal], ReasonChoice::Existing(stock), None)
        .apply(conn, &me)
        .unwrap();
    let boss = actor(conn, w.manager);
    match lost_reasons::delete(conn, &boss, stock).unwrap_err() {
        DomainError::Conflict(m) => assert!(m.contains("archive it instead"), "{m}"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(lost_reasons::usage(conn, stock).unwrap(), 1);
    let unused = lost_reasons::create(conn, &boss, "Bad timing").unwrap();
    lost_reasons::delete(conn, &boss, unused.id).unwrap();
    assert!(
        lost_reasons::find_by_name(conn, "bad timing")
            .unwrap()
            .is_none()
    );
}

#[test]
fn reason_names_are_unique_whatever_their_case() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let boss = actor(conn, w.manager);
    let err = lost_reasons::create(conn, &boss, "TOO   expensive").unwrap_err();
    assert_eq!(err.field("name"), Some("This lost reason exists already"));
    let other = lost_reasons::create(conn, &boss, "Bad timing").unwrap();
    let err = lost_reasons::rename(conn, &boss, other.id, "not enough STOCK").unwrap_err();
    assert_eq!(err.field("name"), Some("This lost reason exists already"));
}

#[test]
fn only_managers_change_lost_reasons_and_only_admins_the_settings_whatever_the_door() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    let (sales, boss) = (actor(conn, w.sales), actor(conn, w.manager));
    let stock = reason_id(conn, "not enough stock");
    let refused = |r: Result<(), DomainError>| matches!(r, Err(DomainError::Forbidden));
    assert!(refused(
        lost_reasons::create(conn, &sales, "Bad timing").map(drop)
    ));
    assert!(refused(
        lost_reasons::rename(conn, &sales, stock, "No stock").map(drop)
    ));
    assert!(refused(lost_reasons::set_active(
        conn, &sales, stock, false
    )));
    assert!(refused(lost_reasons::delete(conn, &sales, stock)));
    let input = SettingsInput {
        leads_enabled: false,
        default_country: "IT".into(),
        lost_reason_required: true,
    };
    assert!(refused(settings::save(conn, &boss, &input).map(drop)));
    // Nothing was written.
    assert!(
        lost_reasons::find_by_name(conn, "bad timing")
            .unwrap()
            .is_none()
    );
    assert_eq!(
        lost_reasons::find(conn, stock).unwrap().name,
        "Not enough stock"
    );
    assert!(lost_reasons::find(conn, stock).unwrap().active);
    assert!(!settings::load(conn).unwrap().lost_reason_required);
    // A manager may.
    lost_reasons::set_active(conn, &boss, stock, false).unwrap();
    assert!(!lost_reasons::find(conn, stock).unwrap().active);
}

/// Six lost records and one active one, over two teams, two reasons and no reason.
fn known_data_set(conn: &mut DbConn, w: &World) {
    let manager = actor(conn, w.manager);
    let expensive = reason_id(conn, "too expensive");
    let stock = reason_id(conn, "not enough stock");
    let e1 = opportunity(conn, "E1", w.sales, w.europe, "1000");
    let e2 = opportunity(conn, "E2", w.sales, w.europe, "2000");
    let e3 = opportunity(conn, "E3", w.other_sales, w.asia, "1000");
    let s1 = opportunity(conn, "S1", w.other_sales, w.asia, "8000");
    let n1 = opportunity(conn, "N1", w.sales, w.europe, "500");
    let n2 = opportunity(conn, "N2", w.other_sales, w.asia, "0");
    opportunity(conn, "Still active", w.sales, w.europe, "99999");
    lose(&[&e1, &e2, &e3], ReasonChoice::Existing(expensive), None)
        .apply(conn, &manager)
        .unwrap();
    lose(&[&s1], ReasonChoice::Existing(stock), None)
        .apply(conn, &manager)
        .unwrap();
    lose(&[&n1, &n2], ReasonChoice::None, None)
        .apply(conn, &manager)
        .unwrap();
}

#[test]
fn the_report_counts_and_sums_lost_records_per_reason() {
    let (pool, _g) = fresh_pool();
    let conn = &mut pool.get().unwrap();
    let w = World::create(conn);
    known_data_set(conn, &w);
    let manager = actor(conn, w.manager);
    let rows = lost_by_reason(conn, &manager, &LostFilter::default()).unwrap();
    let got: Vec<(Option<&str>, i64, i64)> = rows
        .iter()
        .map(|r| (r.name.as_deref(), r.count, r.revenue))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("Too expensive"), 3, 400_000),
            (None, 2, 50_000),
            (Some("Not enough stock"), 1, 800_000),
        ]
    );
    let chart = Chart::new(rows);
    assert_eq!(chart.total_count, 6);
    assert_eq!(chart.total_revenue, 1_250_000);
    let lens: Vec<(u32, u32)> = chart
        .bars
        .iter()
        .map(|b| (b.count_len, b.revenue_len))
        .collect();
    assert_eq!(
        lens,
        vec![(360, 180), (240, 23), (120, 360)],
        "proportional to each series' maximum"
    );

    let asia = LostFilter {
        team: Some(w.asia),
        ..LostFilter::default()
    };
    let rows = lost_by_reason(conn, &manager, &asia).unwrap();
    assert_eq!(rows.iter().map(|r| r.count).sum::<i64>(), 3);

    let sales_only = LostFilter {
        salesperson: Some(w.sales),
        ..LostFilter::default()
    };
    let rows = lost_by_reason(conn, &manager, &sales_only).unwrap();
    assert_eq!(rows.iter().map(|r| r.revenue).sum::<i64>(), 350_000);

    // A salesperson sees only what is visible to them (own team Europe here).
    let sales = actor(conn, w.sales);
    let rows = lost_by_reason(conn, &sales, &LostFilter::default()).unwrap();
    assert_eq!(rows.iter().map(|r| r.count).sum::<i64>(), 3);

    let today = chrono::Utc::now().date_naive();
    let past = LostFilter::parse("2000-01-01", "2000-12-31", "", "").unwrap();
    assert!(lost_by_reason(conn, &manager, &past).unwrap().is_empty());
    let now = LostFilter::parse(&today.to_string(), &today.to_string(), "", "").unwrap();
    assert_eq!(lost_by_reason(conn, &manager, &now).unwrap().len(), 3);

    let ghost = LostFilter {
        team: Some(TeamId(999)),
        ..LostFilter::default()
    };
    let err = lost_by_reason(conn, &manager, &ghost).unwrap_err();
    assert_eq!(err.field("team"), Some("This team does not exist"));
}
