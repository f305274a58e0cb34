//! Lost opportunities on the web: the Mark as Lost page and its POST, Restore, mass
//! Unarchive, Archive, Configuration → Lost Reasons and the lost reasons report.

mod drill_down;
mod mark;
mod reasons;
mod restore;

use crate::support::{TestApp, reload, same_site};

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
        let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
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
        assert!(reload(&mut app.conn(), &deal).is_lost());
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
    let deal = w.sales_deal("Boat rental", "1200").create(&mut app.conn());
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
