//! A JSON API client for the `api_*` tests: bearer token, JSON in and out, never follows
//! redirects. Tokens are created directly in the domain, as `leadbook token create` does.
#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helper"
)]

use leadbook::domain::ids::{LeadId, TeamId, UserId};
use leadbook::domain::models::api_tokens;
use serde_json::Value;

use crate::support::{LeadBuilder, TestApp};

pub mod real_server;
pub mod schema;

/// One JSON answer.
#[derive(Debug)]
pub struct Json {
    pub status: u16,
    pub body: Value,
}

impl Json {
    /// The field error `name`, if any.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.body["fields"][name].as_str()
    }

    pub fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or_default()
    }
}

pub struct Api {
    base: String,
    http: reqwest::Client,
    token: Option<String>,
    /// Sent as `Accept-Language` when set.
    language: Option<String>,
}

impl Api {
    /// A client sending `token` (none: no Authorization header).
    pub fn new(app: &TestApp, token: Option<&str>) -> Api {
        Api {
            base: app.base.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
            token: token.map(String::from),
            language: None,
        }
    }

    /// The same client asking for answers in `accept_language`.
    pub fn accepting(mut self, accept_language: &str) -> Api {
        self.language = Some(accept_language.to_string());
        self
    }

    /// A client with a fresh token of `user`.
    pub fn as_user(app: &TestApp, user: UserId) -> Api {
        let token = api_tokens::create(&mut app.conn(), user, "test").expect("token");
        Api::new(app, Some(&token))
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<&str>) -> Json {
        let method_name = method.as_str().to_string();
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = &self.token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        if let Some(language) = &self.language {
            request = request.header("accept-language", language);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        let body =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
        if let Err(problem) = schema::check(&method_name, path, status, &body) {
            panic!("{problem}");
        }
        Json { status, body }
    }

    pub async fn get(&self, path: &str) -> Json {
        self.send(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Json {
        self.send(reqwest::Method::POST, path, Some(&body.to_string()))
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Json {
        self.send(reqwest::Method::PATCH, path, Some(&body.to_string()))
            .await
    }
}

/// A lead owned by `owner` (and the given team), created in the domain.
pub fn lead_of(app: &TestApp, owner: UserId, team: Option<i32>, fields: &[(&str, &str)]) -> LeadId {
    LeadBuilder::new("A lead")
        .owner(owner)
        .team_opt(team.map(TeamId))
        .fields(fields)
        .by(owner)
        .create(&mut app.conn())
        .id
}

/// How many live (not merged) leads exist.
pub fn live_leads(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use leadbook::db::schema::leads::dsl;
    dsl::leads
        .filter(dsl::merged_into_id.is_null())
        .count()
        .get_result(&mut app.conn())
        .expect("count")
}
