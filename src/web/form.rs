//! `Form<T>`: the body of an HTML form, checked for its CSRF token before it is decoded.
//! Repeated keys (`ids=1&ids=2`, ticked checkboxes) decode into a `Vec` thanks to
//! serde_html_form. Form structs should take text fields as `String` with `#[serde(default)]`
//! and let the domain parse them, so a malformed value becomes a message next to its field.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::web::csrf;
use crate::web::error::WebError;

pub struct Form<T>(pub T);

#[derive(serde::Deserialize)]
struct TokenOnly {
    #[serde(default)]
    csrf: Option<String>,
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let is_form = req
                .headers()
                .get(CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            let bytes = body.await.map_err(|_| WebError::TooLarge)?;
            let sent: Option<String> = serde_html_form::from_bytes::<TokenOnly>(&bytes)
                .ok()
                .and_then(|t| t.csrf);
            if !csrf::verify(&req.get_session(), sent.as_deref()) {
                return Err(WebError::Csrf);
            }
            if !is_form {
                return Err(WebError::BadRequest(crate::i18n::Msg::new(
                    "web.error.not_a_form",
                )));
            }
            serde_html_form::from_bytes::<T>(&bytes)
                .map(Form)
                .map_err(crate::web::bad_form)
        })
    }
}
