//! The lists' Columns menu: keeps the optional columns a user chose for one list (leads or
//! opportunities), or goes back to its defaults, then shows the list again as it was. Names
//! not known are skipped with a notice, never refused.

use actix_session::Session;
use actix_web::{HttpResponse, web};

use super::lists::list_path;
use crate::domain::listing::columns;
use crate::domain::models::leads::Kind;
use crate::web::ctx::{self, SignedIn};
use crate::web::filter_bar::href;
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, see_other};

/// The ticked `col` names, `do` (`save` or `reset`) and the list's query to go back to.
#[derive(serde::Deserialize, Default)]
pub struct ColumnsForm {
    #[serde(default)]
    col: Vec<String>,
    #[serde(default, rename = "do")]
    action: String,
    #[serde(default)]
    query: String,
}

async fn choose(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    kind: Kind,
    form: ColumnsForm,
) -> Result<HttpResponse, WebError> {
    if kind == Kind::Lead && !me.ctx.settings.leads_enabled {
        return Err(WebError::NotFound);
    }
    let pairs: Vec<(String, String)> = serde_html_form::from_str(&form.query).unwrap_or_default();
    let (chosen, notices) = columns::parse(&form.col);
    let reset = form.action == "reset";
    let actor = me.actor.clone();
    db(&state, move |c| {
        columns::save(c, &actor, kind, (!reset).then_some(chosen.as_slice()))
    })
    .await?;
    if notices.is_empty() {
        ctx::flash(&session, "success", me.ctx.t("list_columns.saved"));
    } else {
        let text: Vec<String> = notices.iter().map(|m| me.ctx.msg(m)).collect();
        ctx::flash(&session, "error", text.join(" "));
    }
    Ok(see_other(&href(list_path(kind), &pairs)))
}

pub async fn lead_columns(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<ColumnsForm>,
) -> Result<HttpResponse, WebError> {
    choose(state, session, me, Kind::Lead, form).await
}

pub async fn opportunity_columns(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<ColumnsForm>,
) -> Result<HttpResponse, WebError> {
    choose(state, session, me, Kind::Opportunity, form).await
}
