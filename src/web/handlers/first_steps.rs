//! The empty pipeline's first steps: besides creating a record and importing a CSV file
//! (their own pages), an admin may load the demo data from there, once, into a database
//! without records — the same load the first-run setup offers.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use diesel::prelude::*;

use crate::db::schema::leads;
use crate::domain::DomainError;
use crate::web::ctx::{self, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, see_other};

/// The form carries only its CSRF token (checked by [`Form`]).
#[derive(serde::Deserialize, Default)]
pub struct DemoForm {}

/// `POST /demo`: loads the demo in the company's language when no record exists yet;
/// otherwise (or when the demo is there already) it says so and loads nothing.
pub async fn load_demo(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(_form): Form<DemoForm>,
) -> Result<HttpResponse, WebError> {
    me.actor.require_admin()?;
    let lang = crate::i18n::Lang::or_english(&me.ctx.settings.default_language);
    let loaded = db(&state, move |c| {
        let records: i64 = leads::table.count().get_result(c)?;
        if records > 0 {
            return Ok(false);
        }
        crate::demo::load_in(c, &crate::demo::DemoOptions::default(), lang)?;
        Ok(true)
    })
    .await;
    let (kind, key) = match loaded {
        Ok(true) => ("success", "signals.demo_loaded"),
        Ok(false) | Err(DomainError::Conflict(_)) => ("error", "signals.demo_not_empty"),
        Err(e) => return Err(e.into()),
    };
    ctx::flash(&session, kind, me.ctx.t(key));
    Ok(see_other("/pipeline"))
}
