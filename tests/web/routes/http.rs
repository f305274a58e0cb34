//! The calls as each role sends them: its session cookie and CSRF token, or its bearer token.

use super::fixtures::Fx;
use super::{API, Body, Req};
use crate::support::{PASSWORD, TestApp, csrf_in};
use leadbook::domain::ids::UserId;
use leadbook::domain::models::api_tokens;

/// A role's way in: its session cookie and CSRF token (pages), its bearer token (API). Every
/// call sends the same cookie and ignores the cookies set in answers, so no call (a sign-in,
/// a flash message) changes the session the next call uses.
pub(super) struct Identity {
    pub(super) cookie: Option<String>,
    pub(super) csrf: String,
    pub(super) bearer: Option<String>,
}

/// Which CSRF token a form carries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Token<'a> {
    Own,
    Missing,
    Foreign(&'a str),
}

pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) location: String,
    pub(super) body: String,
}

pub(super) struct Http {
    pub(super) base: String,
    pub(super) client: reqwest::Client,
}

impl Http {
    pub(super) fn new(app: &TestApp) -> Http {
        Http {
            base: app.base.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
        }
    }

    pub(super) async fn send(
        &self,
        method: &str,
        who: &Identity,
        req: &Req,
        token: Token<'_>,
    ) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self
            .client
            .request(method, format!("{}{}", self.base, req.path));
        if let Some(cookie) = &who.cookie {
            request = request.header(
                "cookie",
                format!("{}={cookie}", leadbook::web::SESSION_COOKIE),
            );
        }
        if req.path.starts_with(API)
            && let Some(bearer) = &who.bearer
        {
            request = request.header("authorization", format!("Bearer {bearer}"));
        }
        let csrf = match token {
            Token::Own => Some(who.csrf.as_str()),
            Token::Missing => None,
            Token::Foreign(other) => Some(other),
        };
        request = match &req.body {
            Body::None => request,
            Body::Json(value) => request
                .header("content-type", "application/json")
                .body(value.to_string()),
            Body::Form(fields) => {
                let mut all: Vec<(&str, &str)> = csrf.map(|t| ("csrf", t)).into_iter().collect();
                all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
                request
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(crate::support::encode(&all))
            }
            Body::Multipart(fields, file) => {
                let boundary = "----leadbook-route-test";
                let mut body = String::new();
                let csrf_field = csrf.map(|t| ("csrf", t.to_string()));
                for (k, v) in csrf_field.iter().chain(fields.iter()) {
                    body.push_str(&format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                    ));
                }
                body.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
                     filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n\
                     --{boundary}--\r\n"
                ));
                request
                    .header(
                        "content-type",
                        format!("multipart/form-data; boundary={boundary}"),
                    )
                    .body(body)
            }
        };
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = response.text().await.unwrap_or_default();
        Answer {
            status,
            location,
            body,
        }
    }

    /// The session cookie set by an answer, if any.
    pub(super) async fn cookie_and_body(
        &self,
        request: reqwest::RequestBuilder,
    ) -> (Option<String>, String) {
        let response = request.send().await.expect("request");
        let prefix = format!("{}=", leadbook::web::SESSION_COOKIE);
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.strip_prefix(&prefix))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
            .next_back();
        (cookie, response.text().await.unwrap_or_default())
    }

    /// A visitor who opened the sign-in page: an anonymous session with its CSRF token.
    pub(super) async fn anonymous(&self) -> Identity {
        let (cookie, body) = self
            .cookie_and_body(self.client.get(format!("{}/login", self.base)))
            .await;
        Identity {
            cookie,
            csrf: csrf_in(&body).expect("the sign-in page has a CSRF token"),
            bearer: None,
        }
    }

    /// Signs in through the real form; then the session's (new) CSRF token and an API token.
    pub(super) async fn signed_in(&self, fx: &Fx, login: &str, user: UserId) -> Identity {
        let visitor = self.anonymous().await;
        let form = crate::support::encode(&[
            ("csrf", &visitor.csrf),
            ("login", login),
            ("password", PASSWORD),
        ]);
        let cookie = format!(
            "{}={}",
            leadbook::web::SESSION_COOKIE,
            visitor.cookie.clone().unwrap_or_default()
        );
        let (cookie, _) = self
            .cookie_and_body(
                self.client
                    .post(format!("{}/login", self.base))
                    .header("cookie", cookie)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(form),
            )
            .await;
        let cookie = cookie.unwrap_or_else(|| panic!("signing in as {login} set no cookie"));
        let (_, page) = self
            .cookie_and_body(
                self.client
                    .get(format!("{}/preferences", self.base))
                    .header(
                        "cookie",
                        format!("{}={cookie}", leadbook::web::SESSION_COOKIE),
                    ),
            )
            .await;
        let csrf = csrf_in(&page).unwrap_or_else(|| panic!("{login} is not signed in"));
        let bearer = api_tokens::create(&mut fx.conn(), user, "route test").expect("API token");
        Identity {
            cookie: Some(cookie),
            csrf,
            bearer: Some(bearer),
        }
    }

    /// Every role's identity, in [`ROLES`] order.
    pub(super) async fn identities(&self, fx: &Fx) -> Vec<Identity> {
        let mut all = vec![self.anonymous().await];
        for (login, user) in [
            ("sales", fx.sales),
            ("mate", fx.mate),
            ("other", fx.other),
            ("manager", fx.manager),
            ("admin", fx.admin),
        ] {
            all.push(self.signed_in(fx, login, user).await);
        }
        all
    }
}
