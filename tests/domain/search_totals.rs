//! The list search served by its index, and the running totals behind the kanban headers
//! and the list total: both must say exactly what reading every lead would say.

use crate::support::{LeadBuilder, TestApp, actor};
use diesel::prelude::*;
use leadbook::db::schema::leads as lead_rows;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::Owner;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::listing::{GroupBy, LeadFilter};
use leadbook::domain::listing::{pipeline, query, search, totals};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::leads::{self, Kind};
use leadbook::domain::models::stages;

fn filter(query: &str, actor: &Actor) -> LeadFilter {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(query).expect("query");
    LeadFilter::parse(&pairs, Kind::Opportunity, actor, true)
}

/// Titles the list finds for `q` (every preset off).
fn found(app: &TestApp, q: &str) -> Vec<String> {
    let admin = actor(&mut app.conn(), app.world().admin);
    let f = filter(&format!("filter=all&q={}", urlencode(q)), &admin);
    let mut titles: Vec<String> = query::list(&mut app.conn(), &admin, &f)
        .expect("list")
        .rows
        .into_iter()
        .map(|r| r.title)
        .collect();
    titles.sort();
    titles
}

fn urlencode(s: &str) -> String {
    serde_html_form::to_string([("x", s)]).expect("encode")[2..].to_string()
}

#[actix_web::test]
async fn the_search_finds_a_piece_of_any_searched_field_and_follows_edits() {
    let app = TestApp::spawn().await;
    let admin = app.world().admin;
    let deal = |title: &str| LeadBuilder::new(title).kind(Kind::Opportunity).by(admin);
    deal("Northwind: forty standing desks").create(&mut app.conn());
    deal("Annual contract")
        .contact("Иван Петров")
        .email("ivan.petrov@tehnoplus.ru")
        .phone("+39 333 123 4567")
        .create(&mut app.conn());
    let chat = deal("Chat enquiry").create(&mut app.conn()).id;
    identities::add(
        &mut app.conn(),
        Owner::Lead(chat),
        IdentityChannel::Telegram,
        "@dmitry_sokolov",
        "IT",
    )
    .expect("handle");
    assert_eq!(found(&app, "standing"), ["Northwind: forty standing desks"]);
    assert_eq!(
        found(&app, "STANDING DESK"),
        ["Northwind: forty standing desks"]
    );
    assert_eq!(found(&app, "petrov"), ["Annual contract"], "the name key");
    assert_eq!(found(&app, "Петров"), ["Annual contract"], "transliterated");
    assert_eq!(found(&app, "tehnoplus"), ["Annual contract"], "the email");
    assert_eq!(found(&app, "1234"), ["Annual contract"], "phone digits");
    assert_eq!(found(&app, "y_sok"), ["Chat enquiry"], "a messenger handle");
    assert_eq!(
        found(&app, "ch"),
        ["Chat enquiry"],
        "two letters still search"
    );
    assert!(found(&app, "nothing like it").is_empty());
    leads::update(&mut app.conn(), chat, &deal("Fleet of vans").input()).expect("edit");
    assert_eq!(found(&app, "vans"), ["Fleet of vans"], "the new title");
    assert!(found(&app, "enquiry").is_empty(), "not the old one");
    search::rebuild_all(&mut app.conn()).expect("rebuild");
    assert_eq!(
        found(&app, "vans"),
        ["Fleet of vans"],
        "the same after a rebuild"
    );
}

#[actix_web::test]
async fn a_search_with_very_many_matches_says_so_instead_of_counting_them_all() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let first: i32 = lead_rows::table
        .select(diesel::dsl::max(lead_rows::id))
        .first::<Option<i32>>(&mut conn)
        .expect("max")
        .unwrap_or(0)
        + 1;
    // A bulk load writes rows directly, then indexes them once.
    diesel::sql_query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1005) \
         INSERT INTO leads (kind, title, expected_revenue, created_at, updated_at) \
         SELECT 'opportunity', 'Bulk deal ' || i, 100, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM n",
    )
    .execute(&mut conn)
    .expect("bulk rows");
    search::index_since(&mut conn, first).expect("index");
    let admin = actor(&mut app.conn(), app.world().admin);
    let many =
        query::list(&mut conn, &admin, &filter("filter=all&q=bulk+deal", &admin)).expect("list");
    assert!(many.capped);
    assert_eq!(many.total, leadbook::domain::listing::SEARCH_COUNT_CAP);
    assert_eq!(many.rows.len(), 80);
    assert_eq!(many.rows[0].title, "Bulk deal 1005", "newest first");
    let next = query::list(
        &mut conn,
        &admin,
        &filter("filter=all&q=bulk+deal&page=2", &admin),
    )
    .expect("page 2");
    assert_eq!(next.rows[0].title, "Bulk deal 925", "page 2 follows page 1");
    let far = query::list(
        &mut conn,
        &admin,
        &filter("filter=all&q=bulk+deal&page=13", &admin),
    )
    .expect("page 13");
    assert_eq!(far.rows.len(), 45, "beyond the cap the pages go on");
    assert_eq!(far.rows[0].title, "Bulk deal 45");
    let few =
        query::list(&mut conn, &admin, &filter("filter=all&q=deal+1004", &admin)).expect("list");
    assert!(!few.capped);
    assert_eq!((few.total, few.revenue), (1, 100));
    let unsearched = query::list(&mut conn, &admin, &filter("filter=all", &admin)).expect("list");
    assert_eq!(
        unsearched.total, 1005,
        "bulk rows are in the running totals too"
    );
}

const FILTERS: &[&str] = &[
    "",
    "filter=all",
    "filter=my",
    "filter=unassigned",
    "filter=won",
    "filter=lost",
    "filter=archived",
    "filter=leads",
    "filter=leads&filter=opportunities",
    "filter=archived&filter=leads",
    "filter=all&stage=2",
    "filter=all&team=1",
];

/// Every filter's total and kanban columns, from the running totals and by counting.
fn check_totals(app: &TestApp, who: UserId) {
    let actor = actor(&mut app.conn(), who);
    let mut conn = app.conn();
    let won = query::Names::load(&mut conn).expect("names").won_stages;
    for query in FILTERS {
        let f = filter(query, &actor);
        let counted: (i64, i64) = lead_rows::table
            .filter(f.predicate(&actor, &won))
            .select((
                diesel::dsl::count_star(),
                leadbook::domain::listing::totals::sum_revenue(),
            ))
            .first(&mut conn)
            .expect("count");
        let kept = totals::total(&mut conn, &actor, &f, &won)
            .expect("totals")
            .expect("answered");
        assert_eq!(kept, counted, "{query:?} as user {}", who.0);
        let by_stage = totals::by_stage(&mut conn, &actor, &f, &won)
            .expect("totals")
            .expect("answered");
        let sum: (i64, i64) = by_stage
            .values()
            .fold((0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
        assert_eq!(sum, counted, "{query:?} by stage as user {}", who.0);
        for by in [GroupBy::Stage, GroupBy::Salesperson, GroupBy::Team] {
            let mut kept = totals::by_group(&mut conn, &actor, &f, &won, by)
                .expect("totals")
                .expect("answered");
            kept.sort();
            let counted = counted_groups(&mut conn, &f, &actor, &won, by);
            assert_eq!(kept, counted, "{query:?} by {by} as user {}", who.0);
        }
    }
}

/// The list's groups counted from the leads, sorted.
fn counted_groups(
    conn: &mut leadbook::db::DbConn,
    f: &LeadFilter,
    actor: &Actor,
    won: &[leadbook::domain::ids::StageId],
    by: GroupBy,
) -> Vec<(Option<i32>, i64, i64)> {
    macro_rules! per {
        ($col:expr) => {
            lead_rows::table
                .filter(f.predicate(actor, won))
                .group_by($col)
                .select((
                    $col,
                    diesel::dsl::count_star(),
                    leadbook::domain::listing::totals::sum_revenue(),
                ))
                .load::<(Option<i32>, i64, i64)>(conn)
                .expect("count")
        };
    }
    let mut rows = match by {
        GroupBy::Salesperson => per!(lead_rows::salesperson_id),
        GroupBy::Team => per!(lead_rows::team_id),
        _ => per!(lead_rows::stage_id),
    };
    rows.sort();
    rows
}

#[actix_web::test]
async fn running_totals_equal_counting_after_every_kind_of_write() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let input = |title: &str, owner: Option<UserId>, team: Option<TeamId>, revenue: &str| {
        LeadBuilder::new(title)
            .owner_opt(owner)
            .team_opt(team)
            .revenue(revenue)
            .by(w.admin)
    };
    let a = input("A", Some(w.sales), Some(w.europe), "100")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let b = input("B", Some(w.other_sales), Some(w.asia), "200")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    let c = input("C", None, None, "300").create(&mut app.conn()).id;
    input("D", None, Some(w.asia), "400")
        .kind(Kind::Opportunity)
        .create(&mut app.conn());
    for who in [w.admin, w.sales, w.other_sales] {
        check_totals(&app, who);
    }
    let mut conn = app.conn();
    let second_stage = stages::list(&mut conn).expect("stages")[1].id;
    // Edits, a stage move, lost, archived, merged away, deleted.
    leads::update(
        &mut conn,
        a,
        &input("A", Some(w.other_sales), None, "150").input(),
    )
    .expect("edit");
    diesel::update(lead_rows::table.find(b.0))
        .set((lead_rows::active.eq(false), lead_rows::probability.eq(0)))
        .execute(&mut conn)
        .expect("lost");
    diesel::update(lead_rows::table.find(c.0))
        .set((
            lead_rows::active.eq(false),
            lead_rows::stage_id.eq(Some(second_stage)),
        ))
        .execute(&mut conn)
        .expect("archived");
    let e = input("E", Some(w.sales), None, "500")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    diesel::update(lead_rows::table.find(e.0))
        .set(lead_rows::merged_into_id.eq(Some(a.0)))
        .execute(&mut conn)
        .expect("merged");
    let f = input("F", Some(w.sales), None, "600")
        .kind(Kind::Opportunity)
        .create(&mut app.conn())
        .id;
    diesel::delete(lead_rows::table.find(f.0))
        .execute(&mut conn)
        .expect("deleted");
    drop(conn);
    for who in [w.admin, w.sales, w.other_sales] {
        check_totals(&app, who);
    }
    totals::rebuild(&mut app.conn()).expect("rebuild");
    check_totals(&app, w.admin);
}

#[actix_web::test]
async fn a_searched_kanban_counts_and_shows_only_the_matches() {
    let app = TestApp::spawn().await;
    let admin = app.world().admin;
    let deal = |title: &str, priority: &str| {
        LeadBuilder::new(title)
            .field("priority", priority)
            .revenue("10")
            .kind(Kind::Opportunity)
            .by(admin)
    };
    deal("Desks for Milan", "1").create(&mut app.conn());
    deal("More desks", "3").create(&mut app.conn());
    deal("Chairs", "2").create(&mut app.conn());
    let admin = actor(&mut app.conn(), app.world().admin);
    let f = filter("q=desks", &admin);
    let columns = pipeline::kanban(&mut app.conn(), &admin, &f, &|_| 20).expect("kanban");
    let titles: Vec<&str> = columns
        .iter()
        .flat_map(|c| c.cards.iter().map(|card| card.title.as_str()))
        .collect();
    assert_eq!(titles, ["More desks", "Desks for Milan"], "by priority");
    let counted: i64 = columns.iter().map(|c| c.count).sum();
    let revenue: i64 = columns.iter().map(|c| c.revenue).sum();
    assert_eq!((counted, revenue), (2, 2000));
}

#[actix_web::test]
async fn the_demo_load_leaves_totals_exact_and_kept_up_to_date_afterwards() {
    // The demo's bulk load pauses the totals' trigger on PostgreSQL and rebuilds them at the
    // end; the trigger must be back on for every later write.
    let app = TestApp::spawn_empty().await;
    let options = leadbook::demo::DemoOptions {
        leads: 300,
        duplicates: 0.0,
    };
    leadbook::demo::load(&mut app.conn(), &options).expect("demo loads");
    let sofia = leadbook::domain::models::users::find_by_login(&mut app.conn(), "sofia")
        .expect("the demo's manager")
        .id;
    let mario = leadbook::domain::models::users::find_by_login(&mut app.conn(), "mario")
        .expect("a demo salesperson")
        .id;
    check_totals(&app, sofia);
    LeadBuilder::new("After the demo")
        .kind(Kind::Opportunity)
        .owner_opt(Some(mario))
        .revenue("1234")
        .by(sofia)
        .create(&mut app.conn());
    check_totals(&app, sofia);
    check_totals(&app, mario);
}
