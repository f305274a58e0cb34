//! Lost opportunities on the web: the Mark as Lost page and its POST, Restore, mass
//! Unarchive, Archive, Configuration → Lost Reasons and the lost reasons report.

use crate::support::TestApp;
use leadbook::db::DbConn;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::leads::{self, Kind, Lead, LeadInput};
use leadbook::domain::models::{lost_reasons, users};
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

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

fn lose(conn: &mut DbConn, by: UserId, lead: &Lead, reason: ReasonChoice) {
    let user = users::find(conn, by).unwrap();
    let actor = Actor::new(&user, users::team_ids(conn, by).unwrap());
    MarkLost {
        lead_ids: vec![lead.id],
        reason,
        closing_note: None,
    }
    .apply(conn, &actor)
    .unwrap();
}

fn reload(app: &TestApp, lead: &Lead) -> Lead {
    leads::find(&mut app.conn(), lead.id).unwrap()
}

#[actix_web::test]
async fn the_mark_as_lost_page_offers_the_reasons_and_a_note() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    let sales = app.client_as("sales").await;
    let page = sales.get(&format!("/leads/{}/lost", deal.id)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("id=\"lost-form\""));
    assert!(page.body.contains("Too expensive"));
    assert!(page.body.contains("Closing Note"));
    assert!(
        !page.body.contains("name=\"new_reason\""),
        "a salesperson only picks"
    );
    let manager = app.client_as("manager").await;
    let page = manager.get(&format!("/leads/{}/lost", deal.id)).await;
    assert!(
        page.body.contains("name=\"new_reason\""),
        "a manager may type a new reason"
    );
}

#[actix_web::test]
async fn marking_as_lost_with_a_reason_and_a_note_redirects_to_the_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    let reason = lost_reasons::find_by_name(&mut app.conn(), "too expensive")
        .unwrap()
        .unwrap();
    let sales = app.client_as("sales").await;
    let id = deal.id.to_string();
    let reason_id = reason.id.to_string();
    let resp = sales
        .post(
            "/leads/lost",
            &[
                ("ids", &id),
                ("lost_reason_id", &reason_id),
                ("closing_note", "Chose a cheaper offer"),
            ],
        )
        .await;
    resp.assert_redirect(&format!("/leads/{}", deal.id));
    let lost = reload(&app, &deal);
    assert!(lost.is_lost());
    assert_eq!(lost.lost_reason_id, Some(reason.id));
    let log = chatter::for_lead(&mut app.conn(), deal.id).unwrap();
    assert!(
        log.iter()
            .any(|m| m.kind == MessageKind::Lost && m.body.contains("Chose a cheaper offer"))
    );

    // Its Mark as Lost page now shows the red banner with the reason and Restore.
    let page = sales.get(&format!("/leads/{}/lost", deal.id)).await;
    assert!(page.body.contains("Marked as lost."), "the flash message");
    assert!(page.body.contains("id=\"lost-banner\""));
    assert!(page.body.contains("Too expensive"));
    assert!(
        page.body
            .contains(&format!("action=\"/leads/{}/restore\"", deal.id))
    );
}

#[actix_web::test]
async fn several_records_ticked_in_a_list_are_lost_at_once_and_go_back_to_the_list() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = opportunity(&mut app.conn(), "Alpha", w.sales, w.europe, "100");
    let b = opportunity(&mut app.conn(), "Beta", w.sales, w.europe, "100");
    let sales = app.client_as("sales").await;
    let page = sales
        .get(&format!(
            "/leads/lost?ids={}&ids={}&next=/leads",
            a.id, b.id
        ))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2 records selected"));
    let (ida, idb) = (a.id.to_string(), b.id.to_string());
    let resp = sales
        .post(
            "/leads/lost",
            &[("ids", &ida), ("ids", &idb), ("next", "/leads?filter=lost")],
        )
        .await;
    resp.assert_redirect("/leads?filter=lost");
    assert!(reload(&app, &a).is_lost() && reload(&app, &b).is_lost());
}

#[actix_web::test]
async fn a_salesperson_typing_a_new_reason_is_refused_next_to_the_field_and_keeps_the_note() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    let id = deal.id.to_string();
    let sales = app.client_as("sales").await;
    let resp = sales
        .post(
            "/leads/lost",
            &[
                ("ids", &id),
                ("new_reason", "Went silent"),
                ("closing_note", "my note"),
            ],
        )
        .await;
    assert_eq!(resp.status, 422);
    assert!(
        resp.body
            .contains("Only managers and administrators can create a lost reason")
    );
    assert!(resp.body.contains("my note"), "typed values kept");
    assert!(reload(&app, &deal).active);

    let manager = app.client_as("manager").await;
    let resp = manager
        .post(
            "/leads/lost",
            &[("ids", &id), ("new_reason", "Went silent")],
        )
        .await;
    resp.assert_redirect(&format!("/leads/{}", deal.id));
    let created = lost_reasons::find_by_name(&mut app.conn(), "went silent")
        .unwrap()
        .unwrap();
    assert_eq!(reload(&app, &deal).lost_reason_id, Some(created.id));
}

#[actix_web::test]
async fn a_salesperson_cannot_lose_or_even_see_a_colleagues_record() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let theirs = opportunity(&mut app.conn(), "Asian deal", w.other_sales, w.asia, "500");
    let sales = app.client_as("sales").await;
    assert_eq!(
        sales
            .get(&format!("/leads/{}/lost", theirs.id))
            .await
            .status,
        404
    );
    let id = theirs.id.to_string();
    assert_eq!(sales.post("/leads/lost", &[("ids", &id)]).await.status, 404);
    assert_eq!(
        sales
            .post(&format!("/leads/{}/archive", theirs.id), &[])
            .await
            .status,
        404
    );
    assert!(reload(&app, &theirs).active);
}

#[actix_web::test]
async fn the_reason_required_setting_shows_a_message_when_none_is_picked() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    let admin = app.client_as("admin").await;
    admin
        .post(
            "/config/settings",
            &[
                ("leads_enabled", "on"),
                ("default_country", "IT"),
                ("lost_reason_required", "on"),
            ],
        )
        .await
        .assert_redirect("/config/settings");
    let id = deal.id.to_string();
    let resp = admin
        .post("/leads/lost", &[("ids", &id), ("lost_reason_id", "")])
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("A lost reason is required"));
    assert!(reload(&app, &deal).active);
}

#[actix_web::test]
async fn restore_puts_a_lost_record_back_and_garbage_ids_are_messages() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    lose(&mut app.conn(), w.sales, &deal, ReasonChoice::None);
    let sales = app.client_as("sales").await;
    sales
        .post(&format!("/leads/{}/restore", deal.id), &[])
        .await
        .assert_redirect(&format!("/leads/{}", deal.id));
    let back = reload(&app, &deal);
    assert!(back.active);
    assert_eq!(back.probability, 10, "the probability of its stage (New)");
    let resp = sales
        .post("/leads/unarchive", &[("ids", "abc"), ("next", "/leads")])
        .await;
    resp.assert_redirect("/leads");
    assert!(
        sales
            .get("/preferences")
            .await
            .body
            .contains("is not a record")
    );
    assert_eq!(sales.post("/leads/abc/restore", &[]).await.status, 404);
}

#[actix_web::test]
async fn mass_unarchive_restores_lost_and_archived_records_and_says_how_many() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let lost = opportunity(&mut app.conn(), "Lost", w.sales, w.europe, "100");
    let archived = opportunity(&mut app.conn(), "Archived", w.sales, w.europe, "100");
    lose(&mut app.conn(), w.sales, &lost, ReasonChoice::None);
    let sales = app.client_as("sales").await;
    sales
        .post(&format!("/leads/{}/archive", archived.id), &[])
        .await
        .assert_redirect(&format!("/leads/{}", archived.id));
    assert!(!reload(&app, &archived).active);
    let (a, b) = (lost.id.to_string(), archived.id.to_string());
    let resp = sales
        .post(
            "/leads/unarchive",
            &[("ids", &a), ("ids", &b), ("next", "/leads?filter=lost")],
        )
        .await;
    resp.assert_redirect("/leads?filter=lost");
    assert!(
        sales
            .get("/preferences")
            .await
            .body
            .contains("2 records restored.")
    );
    assert!(reload(&app, &lost).active && reload(&app, &archived).active);
}

#[actix_web::test]
async fn lost_reasons_are_configured_by_managers_with_counts_and_unique_names() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    let stock = lost_reasons::find_by_name(&mut app.conn(), "not enough stock")
        .unwrap()
        .unwrap();
    lose(
        &mut app.conn(),
        w.sales,
        &deal,
        ReasonChoice::Existing(stock.id),
    );

    let sales = app.client_as("sales").await;
    assert_eq!(sales.get("/config/lost-reasons").await.status, 403);

    let manager = app.client_as("manager").await;
    let list = manager.get("/config/lost-reasons").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&format!(
        "href=\"/leads?filter=all&#38;lost_reason={}\">1</a>",
        stock.id
    )));

    let dup = manager
        .post("/config/lost-reasons", &[("name", "TOO EXPENSIVE")])
        .await;
    assert_eq!(dup.status, 422);
    assert!(dup.body.contains("This lost reason exists already"));
    assert!(dup.body.contains("value=\"TOO EXPENSIVE\""));

    manager
        .post("/config/lost-reasons", &[("name", "Bad timing")])
        .await
        .assert_redirect("/config/lost-reasons");
    let timing = lost_reasons::find_by_name(&mut app.conn(), "bad timing")
        .unwrap()
        .unwrap();
    let rename = manager
        .post(
            &format!("/config/lost-reasons/{}", timing.id),
            &[("name", "Not enough STOCK")],
        )
        .await;
    assert_eq!(rename.status, 422);
    assert!(rename.body.contains("This lost reason exists already"));
    manager
        .post(
            &format!("/config/lost-reasons/{}", timing.id),
            &[("name", "Wrong timing")],
        )
        .await
        .assert_redirect("/config/lost-reasons");

    // In use: refused with the advice to archive; archive then hides it from Mark as Lost.
    let refused = manager
        .post(&format!("/config/lost-reasons/{}/delete", stock.id), &[])
        .await;
    refused.assert_redirect(&format!("/config/lost-reasons/{}", stock.id));
    let page = manager
        .get(&format!("/config/lost-reasons/{}", stock.id))
        .await;
    assert!(page.body.contains("cannot be deleted; archive it instead"));
    assert!(
        lost_reasons::find_by_name(&mut app.conn(), "not enough stock")
            .unwrap()
            .is_some()
    );
    manager
        .post(&format!("/config/lost-reasons/{}/archive", stock.id), &[])
        .await
        .assert_redirect("/config/lost-reasons");
    let other = opportunity(&mut app.conn(), "Other", w.sales, w.europe, "1");
    let form = manager.get(&format!("/leads/{}/lost", other.id)).await;
    assert!(!form.body.contains(">Not enough stock</option>"));
    manager
        .post(&format!("/config/lost-reasons/{}/unarchive", stock.id), &[])
        .await
        .assert_redirect("/config/lost-reasons");
    assert!(
        manager
            .get(&format!("/leads/{}/lost", other.id))
            .await
            .body
            .contains(">Not enough stock</option>")
    );

    manager
        .post(&format!("/config/lost-reasons/{}/delete", timing.id), &[])
        .await
        .assert_redirect("/config/lost-reasons");
    assert!(
        lost_reasons::find_by_name(&mut app.conn(), "wrong timing")
            .unwrap()
            .is_none()
    );
}

#[actix_web::test]
async fn the_report_draws_one_linked_bar_pair_per_reason_with_the_right_numbers() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let expensive = lost_reasons::find_by_name(&mut app.conn(), "too expensive")
        .unwrap()
        .unwrap();
    for (title, revenue) in [("A", "1000"), ("B", "3000")] {
        let deal = opportunity(&mut app.conn(), title, w.sales, w.europe, revenue);
        lose(
            &mut app.conn(),
            w.sales,
            &deal,
            ReasonChoice::Existing(expensive.id),
        );
    }
    let none = opportunity(&mut app.conn(), "C", w.sales, w.europe, "2000");
    lose(&mut app.conn(), w.sales, &none, ReasonChoice::None);

    let manager = app.client_as("manager").await;
    manager
        .get("/reporting")
        .await
        .assert_redirect("/reporting/lost-reasons");
    let page = manager.get("/reporting/lost-reasons").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg class=\"chart\""));
    assert_eq!(page.body.matches("class=\"bar-link\"").count(), 2);
    assert!(page.body.contains(&format!(
        "href=\"/leads?filter=lost&#38;lost_reason={}\"",
        expensive.id
    )));
    assert!(
        page.body
            .contains("href=\"/leads?filter=lost&#38;lost_reason=none\"")
    );
    // Too expensive: 2 records, 4,000.00 — the longest count and revenue bars.
    assert!(
        page.body
            .contains("width=\"360\" height=\"17\" class=\"bar-count\"")
    );
    assert!(
        page.body
            .contains("width=\"180\" height=\"17\" class=\"bar-count\"")
    );
    assert!(
        page.body
            .contains("width=\"360\" height=\"17\" class=\"bar-revenue\"")
    );
    assert!(page.body.contains("4,000.00"));
    assert!(page.body.contains("6,000.00"), "the total");

    let europe = w.europe.to_string();
    let filtered = manager
        .get(&format!(
            "/reporting/lost-reasons?from=2000-01-01&to=2000-01-31&team={europe}"
        ))
        .await;
    assert_eq!(filtered.status, 200);
    assert!(
        filtered
            .body
            .contains("No lost record matches these filters.")
    );
}

#[actix_web::test]
async fn bad_report_filters_are_explained_not_crashed_on() {
    let app = TestApp::spawn().await;
    let manager = app.client_as("manager").await;
    let resp = manager
        .get("/reporting/lost-reasons?from=yesterday&to=2026-02-30&team=abc&salesperson=-1")
        .await;
    assert_eq!(resp.status, 422);
    assert!(
        resp.body
            .contains("The start date &#39;yesterday&#39; is not a date")
    );
    assert!(resp.body.contains("is not a team"));
    assert!(resp.body.contains("is not a salesperson"));
    assert!(
        resp.body.contains("value=\"yesterday\""),
        "typed values kept"
    );
    let resp = manager.get("/reporting/lost-reasons?team=4242").await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("This team does not exist"));
    let resp = manager
        .get("/reporting/lost-reasons?from=2026-05-02&to=2026-05-01")
        .await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("The end date is before the start date"));
}

#[actix_web::test]
async fn the_record_page_of_a_lost_deal_shows_the_red_banner_with_its_reason_and_restore() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Ferry tickets", w.sales, w.europe, "300");
    let sales = app.client_as("sales").await;
    let active = sales.get(&format!("/leads/{}", deal.id)).await;
    assert!(
        active
            .body
            .contains(&format!("href=\"/leads/{}/lost\"", deal.id)),
        "Mark as Lost in the header"
    );
    assert!(!active.body.contains("id=\"lost-banner\""));
    let reason = lost_reasons::find_by_name(&mut app.conn(), "Too expensive")
        .unwrap()
        .unwrap();
    lose(
        &mut app.conn(),
        w.sales,
        &deal,
        ReasonChoice::Existing(reason.id),
    );
    let lost = sales.get(&format!("/leads/{}", deal.id)).await;
    assert_eq!(lost.status, 200);
    assert!(lost.body.contains("id=\"lost-banner\""));
    assert!(lost.body.contains("Too expensive"));
    assert!(
        lost.body
            .contains(&format!("action=\"/leads/{}/restore\"", deal.id))
    );
    sales
        .post(&format!("/leads/{}/restore", deal.id), &[])
        .await
        .assert_redirect(&format!("/leads/{}", deal.id));
    let back = sales.get(&format!("/leads/{}", deal.id)).await;
    assert!(!back.body.contains("id=\"lost-banner\""));
}

#[actix_web::test]
async fn the_list_actions_send_ticked_rows_to_mark_as_lost_and_unarchive_them() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = opportunity(&mut app.conn(), "Deal A", w.sales, w.europe, "100");
    let b = opportunity(&mut app.conn(), "Deal B", w.sales, w.europe, "200");
    let sales = app.client_as("sales").await;
    let (ida, idb) = (a.id.to_string(), b.id.to_string());
    let resp = sales
        .post(
            "/opportunities/actions",
            &[("ids", &ida), ("ids", &idb), ("action", "mark_lost")],
        )
        .await;
    resp.assert_redirect(&format!("/leads/lost?ids={}&ids={}&next=", a.id, b.id));
    let form = sales.get(resp.location.as_deref().unwrap()).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("2 records selected"));
    lose(&mut app.conn(), w.sales, &a, ReasonChoice::None);
    lose(&mut app.conn(), w.sales, &b, ReasonChoice::None);
    let resp = sales
        .post(
            "/opportunities/actions",
            &[("ids", &ida), ("ids", &idb), ("action", "unarchive")],
        )
        .await;
    resp.assert_redirect("/opportunities");
    let list = sales.get(resp.location.as_deref().unwrap()).await;
    assert!(
        list.body.contains("2 records restored."),
        "the count is shown"
    );
    assert!(reload(&app, &a).active && reload(&app, &b).active);
}

/// A `Location` that stays on this site: one leading `/`, no control character or backslash.
fn same_site(location: Option<&str>) -> bool {
    location.is_some_and(|l| {
        l.starts_with('/')
            && !l.starts_with("//")
            && !l.chars().any(|c| c.is_control() || c == '\\')
    })
}

const BAD_NEXTS: [&str; 5] = [
    "/\t/evil.example/x",
    "/\n/x",
    "//evil",
    "/\\evil",
    "https://x",
];

#[actix_web::test]
async fn a_bad_next_on_lost_archive_restore_and_unarchive_stays_on_the_site_without_a_500() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let sales = app.client_as("sales").await;
    for bad in BAD_NEXTS {
        let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
        let id = deal.id.to_string();
        let lost = sales
            .post(
                "/leads/lost",
                &[("ids", &id), ("lost_reason_id", ""), ("next", bad)],
            )
            .await;
        assert_eq!(lost.status, 303, "lost {bad:?}: {}", lost.body);
        assert_eq!(
            lost.location.as_deref(),
            Some(format!("/leads/{id}").as_str())
        );
        assert!(reload(&app, &deal).is_lost());
        for path in [
            format!("/leads/{id}/restore"),
            format!("/leads/{id}/archive"),
            "/leads/unarchive".to_string(),
            "/leads/archive".to_string(),
        ] {
            let resp = sales.post(&path, &[("ids", &id), ("next", bad)]).await;
            assert_eq!(resp.status, 303, "{path} {bad:?}: {}", resp.body);
            assert!(
                same_site(resp.location.as_deref()),
                "{path} {bad:?}: {:?}",
                resp.location
            );
            assert_eq!(
                resp.location.as_deref(),
                Some(format!("/leads/{id}").as_str())
            );
        }
    }
    let kept = sales
        .post("/leads/archive", &[("ids", "1"), ("next", "/leads?x=1")])
        .await;
    assert_eq!(kept.location.as_deref(), Some("/leads?x=1"));
}

#[actix_web::test]
async fn the_cancel_link_of_mark_as_lost_never_leaves_the_site() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let deal = opportunity(&mut app.conn(), "Boat rental", w.sales, w.europe, "1200");
    let sales = app.client_as("sales").await;
    for bad in [
        "%2F%09%2Fevil.example%2Fx",
        "%2F%0A%2Fx",
        "%2F%2Fevil",
        "https%3A%2F%2Fx",
    ] {
        let page = sales
            .get(&format!("/leads/lost?ids={}&next={bad}", deal.id))
            .await;
        assert_eq!(page.status, 200, "{bad}");
        assert!(
            page.body
                .contains(&format!("href=\"/leads/{}\" data-dialog-close", deal.id)),
            "{bad}: the Cancel link goes back to the record"
        );
        assert!(!page.body.contains("evil"));
    }
}
