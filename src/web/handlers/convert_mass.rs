//! Mass conversion (`GET /leads/convert?ids=…&next=…` shows the options, `POST
//! /leads/convert` converts): reached from the list's Actions → Convert to opportunities,
//! as a page without JavaScript and a dialog with it. The outcome (converted, merged,
//! skipped with reasons) is flashed on the list the user came from.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::error::FieldErrors;
use crate::domain::models::leads::Lead;
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::wizards::convert::mass::{MassConvertInput, mass_convert};
use crate::domain::wizards::{load_editable, parse_ids};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, safe_next, see_other};

/// The options as posted (or sent in the query string by the list's action).
#[derive(serde::Deserialize, Default, Clone)]
pub struct MassForm {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub salesperson_ids: Vec<String>,
    #[serde(default)]
    pub team_id: String,
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub deduplicate: String,
    #[serde(default)]
    pub next: String,
}

impl MassForm {
    fn input(&self) -> MassConvertInput {
        MassConvertInput {
            salesperson_ids: self.salesperson_ids.clone(),
            team_id: self.team_id.clone(),
            customer: self.customer.clone(),
            deduplicate: self.deduplicate.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "convert/mass.html")]
pub struct MassPage {
    pub ctx: Ctx,
    pub leads: Vec<Lead>,
    pub form: MassForm,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub errors: FieldErrors,
}

impl MassPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
    fn sharing(&self, u: &User) -> bool {
        self.form
            .salesperson_ids
            .iter()
            .any(|s| s.trim() == u.id.to_string())
    }
    fn chosen_team(&self, t: &Team) -> bool {
        self.form.team_id.trim() == t.id.to_string()
    }
    fn customer_is(&self, value: &str) -> bool {
        let current = self.form.customer.trim();
        current == value || (current.is_empty() && value == "existing")
    }
    fn deduplicate(&self) -> bool {
        matches!(self.form.deduplicate.trim(), "1" | "on" | "true" | "yes")
    }
    fn count_label(&self) -> String {
        self.ctx.plural("convert.mass_intro", self.leads.len())
    }
    fn cancel_url(&self) -> String {
        safe_next(&self.form.next).unwrap_or("/leads").to_string()
    }
}

async fn show(
    state: &web::Data<AppState>,
    me: SignedIn,
    form: MassForm,
    errors: FieldErrors,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let ids = parse_ids(&form.ids);
    let (leads, users, teams) = db(state, move |c| {
        let leads = match ids {
            Ok(ids) if !ids.is_empty() => load_editable(c, &actor, &ids)?,
            _ => Vec::new(),
        };
        Ok((leads, users::list_active(c)?, teams::list(c)?))
    })
    .await?;
    if leads.is_empty() {
        return Err(WebError::BadRequest(crate::i18n::Msg::new(
            "convert.nothing_selected",
        )));
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MassPage {
        ctx: me.ctx,
        leads,
        form,
        users,
        teams,
        errors,
    };
    render(&page, status)
}

/// `GET /leads/convert?ids=1&ids=2&next=/leads`
pub async fn mass_form(
    state: web::Data<AppState>,
    me: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form: MassForm = serde_html_form::from_str(req.query_string())
        .map_err(|e| WebError::BadRequest(crate::web::bad_parameter(e)))?;
    show(&state, me, form, FieldErrors::new()).await
}

/// `POST /leads/convert`
pub async fn mass(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<MassForm>,
) -> Result<HttpResponse, WebError> {
    // Where to go back to is settled before anything is written.
    let target = safe_next(&form.next)
        .unwrap_or("/opportunities")
        .to_string();
    let (actor, input, ids) = (me.actor.clone(), form.input(), parse_ids(&form.ids));
    match db(&state, move |c| mass_convert(c, &actor, &ids?, &input)).await {
        Ok(outcome) => {
            let mut text = me
                .ctx
                .t("convert.mass_done")
                .replace("%{converted}", &me.ctx.count(outcome.converted.len()))
                .replace("%{merged}", &me.ctx.count(outcome.merged.len()));
            if !outcome.skipped.is_empty() {
                let reasons: Vec<String> = outcome
                    .skipped
                    .iter()
                    .map(|s| me.ctx.msg(&s.reason))
                    .collect();
                text.push_str(&format!(
                    " {} {}.",
                    me.ctx.t("convert.mass_skipped"),
                    reasons.join("; ")
                ));
            }
            let kind = if outcome.converted.is_empty() {
                "error"
            } else {
                "success"
            };
            ctx::flash(&session, kind, text);
            Ok(see_other(&target))
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            show(&state, me, form, errors).await
        }
        Err(e) => Err(e.into()),
    }
}
