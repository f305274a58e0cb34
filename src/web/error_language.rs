//! Error pages in the reader's language. `ResponseError` renders a page without the request,
//! so in English; this middleware renders it again in the language the request's context
//! chose (kept in the request's extensions when the context was loaded), else the language
//! of the session's last page, else the one picked on the sign-in page, else the browser's.

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest};

use crate::i18n::Lang;
use crate::web::WebError;
use crate::web::page::{Ctx, LANGUAGE_KEY, PAGE_LANGUAGE_KEY, PageLang};

/// Re-renders a [`WebError`] page in the request's language.
pub async fn error_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(error) = res.response().error() else {
        return Ok(res);
    };
    let Some(web_error) = error.as_error::<WebError>() else {
        return Ok(res);
    };
    let ctx = Ctx {
        locale: request_lang(res.request()).code().to_string(),
        ..Ctx::bare()
    };
    let page = web_error.page(&ctx);
    Ok(res.into_response(page))
}

/// The context's language if one was loaded, else the session's last page's, the sign-in
/// page's pick, the browser's, English.
fn request_lang(req: &HttpRequest) -> Lang {
    if let Some(PageLang(lang)) = req.extensions().get::<PageLang>() {
        return *lang;
    }
    let session = req.get_session();
    let kept = |key: &str| {
        session
            .get::<String>(key)
            .ok()
            .flatten()
            .and_then(|code| Lang::from_code(&code))
    };
    let picked = kept(PAGE_LANGUAGE_KEY).or_else(|| kept(LANGUAGE_KEY));
    let browser = || crate::web::browser_language(req.headers());
    picked.or_else(browser).unwrap_or(Lang::En)
}
