//! Signed deliveries, retries until a 2xx, replay, and a hanging receiver that slows no
//! request.

use std::time::{Duration, Instant};

use serde_json::json;

use super::receiver::{Answer, Receiver};
use super::{duplicate_through_intake, register, worker};
use crate::api_support::Api;
use crate::support::TestApp;

const WAIT: Duration = Duration::from_secs(15);

#[actix_web::test]
async fn a_receiver_gets_duplicate_found_with_a_valid_signature_when_intake_finds_a_duplicate() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(|_| Answer::Status(204));
    let (_, secret) = register(&app, &receiver.url, &["duplicate.found"]).await;
    let _worker = worker(&app);
    let (first, second) = duplicate_through_intake(&app).await;
    let got = receiver.wait_for(1, WAIT);
    assert_eq!(got.len(), 1, "one event, the duplicate: {got:?}");
    let delivery = &got[0];
    assert!(delivery.signed_with(&secret), "{delivery:?}");
    assert!(!delivery.signed_with("whsec_wrong"));
    let event = delivery.json();
    assert_eq!(event["type"], "duplicate.found");
    assert_eq!(delivery.header("Leadbook-Event"), "duplicate.found");
    assert_eq!(
        delivery.header("Leadbook-Event-Id"),
        event["id"].as_str().unwrap()
    );
    assert!(event["id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(event["data"]["lead_id"], second);
    assert_eq!(event["data"]["via"], "intake");
    let found = &event["data"]["matches"][0];
    assert_eq!(found["lead_id"], first, "{event}");
    assert!(found["score"].as_u64().unwrap() >= 50, "{event}");
    assert!(!found["reasons"].as_array().unwrap().is_empty(), "{event}");
}

#[actix_web::test]
async fn a_receiver_failing_twice_gets_the_event_exactly_once_more_after_the_retries() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(|n| Answer::Status(if n < 2 { 500 } else { 200 }));
    let (id, secret) = register(&app, &receiver.url, &["duplicate.found"]).await;
    let _worker = worker(&app);
    duplicate_through_intake(&app).await;
    let got = receiver.wait_for(3, WAIT);
    // Several backoff periods more: nothing else may come.
    std::thread::sleep(Duration::from_millis(1500));
    let got_later = receiver.received();
    assert_eq!(got_later.len(), 3, "two failures, one success: {got:?}");
    let ids: Vec<&str> = got_later
        .iter()
        .map(|r| r.header("Leadbook-Event-Id"))
        .collect();
    assert!(
        ids.iter().all(|i| *i == ids[0]),
        "the same event each time: {ids:?}"
    );
    assert!(got_later.iter().all(|r| r.signed_with(&secret)));
    let api = Api::as_user(&app, app.world().manager);
    let list = api.get(&format!("/api/v1/webhooks/{id}/deliveries")).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let delivery = &list.body["deliveries"][0];
    assert_eq!(delivery["status"], "delivered", "{}", list.body);
    assert_eq!(delivery["attempts"], 3);
    assert_eq!(delivery["last_status"], 200);
    assert!(delivery["next_attempt_at"].is_null());
}

#[actix_web::test]
async fn replay_sends_the_same_event_again_as_a_new_delivery() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(|_| Answer::Status(200));
    let (id, secret) = register(&app, &receiver.url, &["lead.created"]).await;
    let _worker = worker(&app);
    let api = Api::as_user(&app, app.world().sales);
    let made = api
        .post("/api/v1/leads", json!({"title": "Replay me"}))
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let first = receiver.wait_for(1, WAIT);
    assert_eq!(first.len(), 1);
    let manager = Api::as_user(&app, app.world().manager);
    let list = manager
        .get(&format!("/api/v1/webhooks/{id}/deliveries"))
        .await;
    let delivery = list.body["deliveries"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/webhooks/{id}/deliveries/{delivery}/replay");
    let replayed = manager.post(&path, json!({})).await;
    assert_eq!(replayed.status, 202, "{}", replayed.body);
    let again = receiver.wait_for(2, WAIT);
    assert_eq!(again.len(), 2, "replayed once");
    assert_eq!(again[1].body, again[0].body, "the same event");
    assert!(again[1].signed_with(&secret));
    assert_eq!(again[1].json()["data"]["lead"]["title"], "Replay me");
    let refused = Api::as_user(&app, app.world().sales)
        .post(&path, json!({}))
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
}

#[actix_web::test]
async fn a_receiver_hanging_for_30_s_does_not_slow_creating_leads() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(|_| Answer::Hang(Duration::from_secs(30)));
    register(&app, &receiver.url, &["lead.created", "duplicate.found"]).await;
    let _worker = worker(&app);
    let api = Api::as_user(&app, app.world().sales);
    // Warm up (first query plans, the phone metadata).
    api.post(
        "/api/v1/leads",
        json!({"title": "Warm-up", "phone": "+39 333 123 4567"}),
    )
    .await;
    receiver.wait_for(1, WAIT);
    let mut times = Vec::new();
    for n in 0..30 {
        let body =
            json!({"title": format!("Hanging {n}"), "email": format!("buyer{n}@example.com")});
        let start = Instant::now();
        let made = api.post("/api/v1/leads", body).await;
        times.push(start.elapsed());
        assert_eq!(made.status, 201, "{}", made.body);
    }
    times.sort();
    let p50 = times[times.len() / 2];
    assert!(
        receiver.received().len() >= 2,
        "deliveries to the hanging receiver were under way"
    );
    eprintln!(
        "POST /api/v1/leads with a hanging receiver: p50 {p50:?}, max {:?}",
        times[29]
    );
    assert!(
        p50 < Duration::from_millis(20),
        "p50 {p50:?}; all: {times:?}"
    );
}
