//! Configuration → Lost Reasons (managers and admins): the list with how many records use
//! each reason, create, rename, archive, unarchive, and delete when unused.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::error::FieldErrors;
use crate::domain::ids::LostReasonId;
use crate::domain::models::lost_reasons::{self, LostReason};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

#[derive(Template)]
#[template(path = "lost_reasons/list.html")]
pub struct ReasonsPage {
    pub ctx: Ctx,
    pub reasons: Vec<(LostReason, i64)>,
    /// The name typed in the "new reason" form.
    pub name: String,
    pub errors: FieldErrors,
}

impl ReasonsPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    fn leads_url(&self, reason: &LostReason) -> String {
        leads_url(reason, self.ctx.settings.leads_enabled)
    }
}

#[derive(Template)]
#[template(path = "lost_reasons/form.html")]
pub struct ReasonPage {
    pub ctx: Ctx,
    pub reason: LostReason,
    pub used: i64,
    pub name: String,
    pub errors: FieldErrors,
}

impl ReasonPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    fn leads_url(&self) -> String {
        leads_url(&self.reason, self.ctx.settings.leads_enabled)
    }

    fn used_label(&self) -> String {
        self.ctx.plural(
            "lost_reasons.used_by",
            usize::try_from(self.used).unwrap_or(0),
        )
    }
}

/// The list of exactly the records the usage count counts: of either kind, lost, archived or
/// active, with this reason.
pub fn leads_url(reason: &LostReason, leads_enabled: bool) -> String {
    let kinds = if leads_enabled {
        "filter=leads&filter=opportunities"
    } else {
        "filter=all"
    };
    format!("/opportunities?{kinds}&reason_op=eq&reason={}", reason.id)
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct NameForm {
    #[serde(default)]
    pub name: String,
}

async fn list_page(
    state: &web::Data<AppState>,
    me: SignedIn,
    name: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    me.actor.require_manager()?;
    let reasons = db(state, lost_reasons::list_with_usage).await?;
    let page = ReasonsPage {
        ctx: me.ctx,
        reasons,
        name,
        errors,
    };
    render(&page, status)
}

/// `GET /config/lost-reasons`
pub async fn list(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    list_page(
        &state,
        me,
        String::new(),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// `POST /config/lost-reasons`
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<NameForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, name) = (me.actor.clone(), form.name.clone());
    match db(&state, move |c| lost_reasons::create(c, &actor, &name)).await {
        Ok(reason) => {
            let text = me
                .ctx
                .t("lost_reasons.created")
                .replace("%{name}", &reason.name);
            ctx::flash(&session, "success", text);
            Ok(see_other("/config/lost-reasons"))
        }
        Err(DomainError::Invalid(errors)) => {
            list_page(
                &state,
                me,
                form.name,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /config/lost-reasons/{id}`
pub async fn edit_form(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    me.actor.require_manager()?;
    let id = LostReasonId(path.into_inner());
    let (reason, used) = db(&state, move |c| {
        Ok((lost_reasons::find(c, id)?, lost_reasons::usage(c, id)?))
    })
    .await?;
    page(&ReasonPage {
        ctx: me.ctx,
        name: reason.name.clone(),
        reason,
        used,
        errors: FieldErrors::new(),
    })
}

/// `POST /config/lost-reasons/{id}`: rename.
pub async fn rename(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<NameForm>,
) -> Result<HttpResponse, WebError> {
    let id = LostReasonId(path.into_inner());
    let (actor, name) = (me.actor.clone(), form.name.clone());
    match db(&state, move |c| lost_reasons::rename(c, &actor, id, &name)).await {
        Ok(reason) => {
            let text = me
                .ctx
                .t("lost_reasons.saved")
                .replace("%{name}", &reason.name);
            ctx::flash(&session, "success", text);
            Ok(see_other("/config/lost-reasons"))
        }
        Err(DomainError::Invalid(errors)) => {
            let (reason, used) = db(&state, move |c| {
                Ok((lost_reasons::find(c, id)?, lost_reasons::usage(c, id)?))
            })
            .await?;
            let page = ReasonPage {
                ctx: me.ctx,
                reason,
                used,
                name: form.name,
                errors,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /config/lost-reasons/{id}/archive`
pub async fn archive(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<NameForm>,
) -> Result<HttpResponse, WebError> {
    set_active(state, session, me, path.into_inner(), false).await
}

/// `POST /config/lost-reasons/{id}/unarchive`
pub async fn unarchive(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<NameForm>,
) -> Result<HttpResponse, WebError> {
    set_active(state, session, me, path.into_inner(), true).await
}

async fn set_active(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    id: i32,
    active: bool,
) -> Result<HttpResponse, WebError> {
    let id = LostReasonId(id);
    let actor = me.actor.clone();
    let reason = db(&state, move |c| {
        lost_reasons::set_active(c, &actor, id, active)?;
        lost_reasons::find(c, id)
    })
    .await?;
    let key = if active {
        "lost_reasons.unarchived"
    } else {
        "lost_reasons.archived"
    };
    ctx::flash(
        &session,
        "success",
        me.ctx.t(key).replace("%{name}", &reason.name),
    );
    Ok(see_other("/config/lost-reasons"))
}

/// `POST /config/lost-reasons/{id}/delete`: refused (with the advice to archive) when used.
pub async fn delete(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<NameForm>,
) -> Result<HttpResponse, WebError> {
    let id = LostReasonId(path.into_inner());
    let actor = me.actor.clone();
    match db(&state, move |c| lost_reasons::delete(c, &actor, id)).await {
        Ok(()) => {
            ctx::flash(&session, "success", me.ctx.t("lost_reasons.deleted"));
            Ok(see_other("/config/lost-reasons"))
        }
        Err(DomainError::Conflict(message)) => {
            ctx::flash(&session, "error", me.ctx.msg(&message));
            Ok(see_other(&format!("/config/lost-reasons/{id}")))
        }
        Err(e) => Err(e.into()),
    }
}
