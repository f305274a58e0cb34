//! The lost reasons report on a known data set.

use super::lose;
use crate::support::actor;
use crate::support::{World, fresh_pool, reason_id};
use leadbook::db::DbConn;
use leadbook::domain::ids::TeamId;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::reports::lost::{Chart, LostFilter, lost_by_reason};
use leadbook::domain::wizards::lost::ReasonChoice;

/// Six lost records and one active one, over two teams, two reasons and no reason.
fn known_data_set(conn: &mut DbConn, w: &World) {
    let manager = actor(conn, w.manager);
    let expensive = reason_id(conn, "too expensive");
    let stock = reason_id(conn, "not enough stock");
    let e1 = w.sales_deal("E1", "1000").create(conn);
    let e2 = w.sales_deal("E2", "2000").create(conn);
    let e3 = w
        .other_lead("E3")
        .revenue("1000")
        .kind(Kind::Opportunity)
        .create(conn);
    let s1 = w
        .other_lead("S1")
        .revenue("8000")
        .kind(Kind::Opportunity)
        .create(conn);
    let n1 = w.sales_deal("N1", "500").create(conn);
    let n2 = w
        .other_lead("N2")
        .revenue("0")
        .kind(Kind::Opportunity)
        .create(conn);
    w.sales_deal("Still active", "99999").create(conn);
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
    assert_eq!(
        err.field("team").as_deref(),
        Some("This team does not exist")
    );
}
