//! `POST /pipeline/quick`: a kanban column's quick-create card. A plain form (no JavaScript
//! needed): saved, it goes back to the pipeline at that column with a message; with mistakes,
//! the pipeline is shown again (422) with that card open, as typed, each message under its
//! field. The rules and the checks are the domain's (`domain::quick_create`).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::domain::DomainError;
use crate::domain::ids::StageId;
use crate::domain::quick_create::{self, QuickInput};
use crate::i18n::Msg;
use crate::web::ctx::{self, SignedIn};
use crate::web::form::Form;
use crate::web::handlers::pipeline::{QuickCard, load};
use crate::web::{AppState, WebError, db, render, safe_next, see_other};

/// The posted card: its column, its fields, and the pipeline's address (filters kept).
#[derive(serde::Deserialize)]
pub struct QuickForm {
    #[serde(default)]
    stage_id: String,
    #[serde(default)]
    next: String,
    #[serde(flatten)]
    input: QuickInput,
}

/// The pipeline's address to go back to: `next` when it is the pipeline, else the plain one.
fn back(next: &str) -> String {
    safe_next(next)
        .filter(|n| n.starts_with("/pipeline"))
        .map_or_else(|| "/pipeline".to_string(), String::from)
}

/// The query pairs of `address` (the filters the kanban is shown again with).
fn pairs_of(address: &str) -> Vec<(String, String)> {
    let query = address.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or_default();
    serde_html_form::from_str(query).unwrap_or_default()
}

pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<QuickForm>,
) -> Result<HttpResponse, WebError> {
    let back = back(&form.next);
    let stage = form.stage_id.trim().parse::<i32>().ok().map(StageId);
    let (actor, input) = (me.actor.clone(), form.input.clone());
    let result = db(&state, move |c| {
        let stage =
            stage.ok_or_else(|| DomainError::invalid("stage_id", Msg::new("msg.stages.choose")))?;
        quick_create::create(c, &actor, stage, &input)
    })
    .await;
    match result {
        Ok(lead) => {
            let text = me.ctx.t_with("quick.created", &[("title", &lead.title)]);
            ctx::flash(&session, "success", text);
            let column = lead
                .stage_id
                .map(|s| format!("#stage-{s}"))
                .unwrap_or_default();
            let base = back.split('#').next().unwrap_or("/pipeline").to_string();
            Ok(see_other(&format!("{base}{column}")))
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            let card = QuickCard {
                stage: stage.unwrap_or(StageId(0)),
                input: form.input,
                errors,
            };
            let page = load(&state, me, pairs_of(&back), Some(card)).await?;
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}
