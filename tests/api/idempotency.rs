//! `Idempotency-Key` on the API's POSTs: a retry answers the first answer again and creates
//! nothing twice; the key with another body is refused; keys are per token; concurrent
//! duplicates create one record.

use crate::api_support::live_leads;
use crate::support::TestApp;
use leadbook::domain::ids::UserId;
use leadbook::domain::models::api_tokens;
use serde_json::{Value, json};

/// A raw answer: status, the replay header, the text.
pub struct Answer {
    pub status: u16,
    pub replayed: bool,
    pub location: Option<String>,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
}

/// A client with its own token that can send an `Idempotency-Key`.
#[derive(Clone)]
pub struct Raw {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Raw {
    pub fn new(app: &TestApp, user: UserId) -> Raw {
        Raw {
            base: app.base.clone(),
            token: api_tokens::create(&mut app.conn(), user, "raw").expect("token"),
            http: reqwest::Client::new(),
        }
    }

    pub async fn post(&self, path: &str, key: Option<&str>, body: &str) -> Answer {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {}", self.token))
            .header("content-type", "application/json")
            .body(body.to_string());
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        let response = request.send().await.expect("request");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(String::from)
        };
        let replayed = header("idempotent-replayed").as_deref() == Some("true");
        let location = header("location");
        Answer {
            status: response.status().as_u16(),
            replayed,
            location,
            text: response.text().await.unwrap_or_default(),
        }
    }
}

#[actix_web::test]
async fn a_retried_create_answers_the_same_and_creates_one_record() {
    let app = TestApp::spawn().await;
    let raw = Raw::new(&app, app.world().sales);
    let body = json!({"title": "Retried order", "email": "retry@nw.test"}).to_string();
    let before = live_leads(&app);
    let first = raw.post("/api/v1/leads", Some("order-1"), &body).await;
    assert_eq!(first.status, 201, "{}", first.text);
    assert!(!first.replayed);
    let again = raw.post("/api/v1/leads", Some("order-1"), &body).await;
    assert_eq!(again.status, 201, "{}", again.text);
    assert!(again.replayed, "marked as a replay");
    assert_eq!(again.json(), first.json(), "the very same answer");
    assert_eq!(again.location, first.location);
    assert_eq!(live_leads(&app), before + 1, "one record");
    let other_key = raw.post("/api/v1/leads", Some("order-2"), &body).await;
    assert_eq!(other_key.status, 201);
    let no_key = raw.post("/api/v1/leads", None, &body).await;
    assert_eq!(no_key.status, 201);
    assert_eq!(live_leads(&app), before + 3, "other keys and no key create");
}

#[actix_web::test]
async fn the_key_with_another_body_is_refused_and_a_failed_request_frees_it() {
    let app = TestApp::spawn().await;
    let raw = Raw::new(&app, app.world().manager);
    let first = raw
        .post("/api/v1/lost-reasons", Some("k"), r#"{"name": "Slow"}"#)
        .await;
    assert_eq!(first.status, 201, "{}", first.text);
    let reused = raw
        .post("/api/v1/lost-reasons", Some("k"), r#"{"name": "Fast"}"#)
        .await;
    assert_eq!(reused.status, 422, "{}", reused.text);
    assert!(
        reused.json()["error"]
            .as_str()
            .unwrap()
            .contains("Idempotency-Key")
    );
    let elsewhere = raw
        .post("/api/v1/customers", Some("k"), r#"{"name": "Slow"}"#)
        .await;
    assert_eq!(elsewhere.status, 422, "another address: {}", elsewhere.text);
    let bad = raw
        .post("/api/v1/lost-reasons", Some("bad"), r#"{"name": ""}"#)
        .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    let fixed = raw
        .post("/api/v1/lost-reasons", Some("bad"), r#"{"name": ""}"#)
        .await;
    assert!(
        !fixed.replayed,
        "a refusal is not kept: the retry runs again"
    );
    let long = "x".repeat(300);
    let too_long = raw
        .post("/api/v1/lost-reasons", Some(&long), r#"{"name": "A"}"#)
        .await;
    assert_eq!(too_long.status, 400, "{}", too_long.text);
}

#[actix_web::test]
async fn keys_are_per_token() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let body = json!({"title": "Same key, two programs"}).to_string();
    let before = live_leads(&app);
    let one = Raw::new(&app, w.sales)
        .post("/api/v1/leads", Some("shared"), &body)
        .await;
    let two = Raw::new(&app, w.sales)
        .post("/api/v1/leads", Some("shared"), &body)
        .await;
    assert_eq!((one.status, two.status), (201, 201));
    assert!(!two.replayed);
    assert_ne!(one.json()["lead"]["id"], two.json()["lead"]["id"]);
    assert_eq!(live_leads(&app), before + 2);
}

#[actix_web::test]
async fn concurrent_duplicates_create_one_record() {
    let app = TestApp::spawn().await;
    let raw = Raw::new(&app, app.world().sales);
    let body = json!({"title": "Double click"}).to_string();
    let before = live_leads(&app);
    let sends: Vec<_> = (0..6)
        .map(|_| {
            let (raw, body) = (raw.clone(), body.clone());
            actix_web::rt::spawn(
                async move { raw.post("/api/v1/leads", Some("double"), &body).await },
            )
        })
        .collect();
    let mut answers = Vec::new();
    for send in sends {
        answers.push(send.await.expect("request task"));
    }
    assert_eq!(live_leads(&app), before + 1, "one record");
    for answer in &answers {
        assert!(
            answer.status == 201 || answer.status == 409,
            "{} {}",
            answer.status,
            answer.text
        );
    }
    assert!(
        answers
            .iter()
            .filter(|a| a.status == 201 && !a.replayed)
            .count()
            == 1
    );
}
