//! Signed deliveries, retries until a 2xx, replay, and a hanging receiver that slows no
//! request.

use std::time::{Duration, Instant};

use serde_json::json;

use super::receiver::{Answer, Receiver};
use super::{duplicate_through_intake, register, worker};
use crate::api_support::Api;
use crate::support::TestApp;
use leadbook::domain::webhooks::{EndpointInput, endpoints};

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

/// The time of one `POST /api/v1/leads`.
async fn create_time(api: &Api, title: String) -> Duration {
    let body = json!({"email": format!("{}@example.com", title.replace(' ', ".")), "title": title});
    let start = Instant::now();
    let made = api.post("/api/v1/leads", body).await;
    let took = start.elapsed();
    assert_eq!(made.status, 201, "{}", made.body);
    took
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[actix_web::test]
async fn a_receiver_hanging_for_30_s_does_not_slow_creating_leads() {
    let app = TestApp::spawn().await;
    let receiver = Receiver::start(|_| Answer::Hang(Duration::from_secs(30)));
    let _worker = worker(&app);
    let (id, _) = register(&app, &receiver.url, &["lead.created", "duplicate.found"]).await;
    let api = Api::as_user(&app, app.world().sales);
    // Warm up (first query plans, the phone metadata); the receiver starts hanging.
    api.post(
        "/api/v1/leads",
        json!({"title": "Warm-up", "phone": "+39 333 123 4567"}),
    )
    .await;
    receiver.wait_for(1, WAIT);
    let manager = crate::support::actor(&mut app.conn(), app.world().manager);
    let set_active = |active: bool| {
        let input = EndpointInput {
            url: receiver.url.clone(),
            events: vec!["lead.created".into(), "duplicate.found".into()],
            active,
        };
        endpoints::update(&mut app.conn(), &manager, id as i32, &input).expect("endpoint");
    };
    // Each create with the endpoint active is paired with one while it is paused (no event
    // written), so that a busy machine slows both alike.
    let (mut hanging, mut baseline) = (Vec::new(), Vec::new());
    for n in 0..30 {
        set_active(true);
        hanging.push(create_time(&api, format!("hanging {n}")).await);
        set_active(false);
        baseline.push(create_time(&api, format!("baseline {n}")).await);
    }
    assert!(
        receiver.received().len() >= 2,
        "deliveries to the hanging receiver were under way"
    );
    let (p50, baseline) = (median(hanging), median(baseline));
    eprintln!("POST /api/v1/leads: p50 {p50:?} with a hanging receiver, {baseline:?} without");
    // The acceptance is 20 ms. On a machine so busy that the same creates without any
    // webhook already take longer, the bound is that baseline and half again.
    let limit = Duration::from_millis(20).max(baseline * 3 / 2);
    assert!(p50 < limit, "p50 {p50:?} (without webhooks: {baseline:?})");
}
