//! The Merge wizard (`GET /leads/merge?ids=…`, `POST /leads/merge`) and Undo merge
//! (`POST /merges/{id}/undo`). A POST without `confirm=1` (the Similar Leads list, the
//! "Update preview" button) shows the wizard again with the choices made; with it, the merge
//! runs and the browser lands on the survivor.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::error::FieldErrors;
use crate::domain::listing::query::Names;
use crate::domain::models::leads::Lead;
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::wizards::merge::undo;
use crate::domain::wizards::merge::{Merge, Preview};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, safe_next, see_other};

mod values;

use values::{Lookup, customers_of, rows};
pub use values::{Row, handles};

/// The wizard's form: the records, the primary radio, the Assign to pickers.
#[derive(serde::Deserialize, Default, Clone)]
pub struct MergeForm {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub primary: String,
    #[serde(default)]
    pub salesperson_id: String,
    #[serde(default)]
    pub team_id: String,
    /// "1" once the pickers were shown (their values count, blanks included).
    #[serde(default)]
    pub assigned: String,
    /// "1": merge now; anything else: show the wizard.
    #[serde(default)]
    pub confirm: String,
    #[serde(default)]
    pub next: String,
}

#[derive(Template)]
#[template(path = "merge/form.html")]
pub struct MergePage {
    pub ctx: Ctx,
    pub preview: Option<Preview>,
    pub rows: Vec<Row>,
    pub form: MergeForm,
    pub errors: FieldErrors,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
}

impl MergePage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
    fn records(&self) -> &[Lead] {
        self.preview.as_ref().map_or(&[], |p| p.records.as_slice())
    }
    fn is_primary(&self, lead: &Lead) -> bool {
        self.records().first().is_some_and(|p| p.id == lead.id)
    }
    fn is_won(&self, lead: &Lead) -> bool {
        self.preview
            .as_ref()
            .is_some_and(|p| p.won.contains(&lead.id))
    }
    fn chosen_salesperson(&self, user: &User) -> bool {
        self.preview.as_ref().and_then(|p| p.result.salesperson_id) == Some(user.id)
    }
    fn chosen_team(&self, team: &Team) -> bool {
        self.preview.as_ref().and_then(|p| p.result.team_id) == Some(team.id)
    }
    fn count_label(&self) -> String {
        self.ctx.plural("merge.intro", self.records().len())
    }
    /// The short name of the `i`-th record's column (a phone shows it before each value).
    fn column(&self, i: &usize) -> String {
        self.records()
            .get(*i)
            .map(|l| format!("#{}", l.id))
            .unwrap_or_default()
    }
    fn error_text(&self) -> String {
        error_text(&self.ctx, &self.errors)
    }
    fn refused_text(&self) -> String {
        let refused = self.preview.as_ref().map(|p| p.refused.join(", "));
        format!(
            "{} {}",
            self.ctx.t("merge.refused"),
            refused.unwrap_or_default()
        )
    }
    fn cancel_url(&self) -> String {
        match (safe_next(&self.form.next), self.records().first()) {
            (Some(next), _) => next.to_string(),
            (None, Some(lead)) => format!("/leads/{}", lead.id),
            (None, None) => "/leads".to_string(),
        }
    }
}

/// The wizard's own errors (they name no field of a form) in one sentence each.
pub fn error_text(ctx: &Ctx, errors: &FieldErrors) -> String {
    let texts: Vec<String> = errors.values().map(|m| ctx.msg(m)).collect();
    texts.join(" ")
}

fn wizard(form: &MergeForm) -> Result<Merge, DomainError> {
    Merge::parse(
        &form.ids,
        &form.primary,
        &form.salesperson_id,
        &form.team_id,
        form.assigned == "1",
    )
}

async fn show(
    state: &web::Data<AppState>,
    me: SignedIn,
    form: MergeForm,
    mut errors: FieldErrors,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let parsed = wizard(&form);
    let (preview, lookup, users, teams) = db(state, move |c| {
        let preview = match parsed {
            Ok(w) => Some(w.preview(c, &actor)),
            Err(e) => Some(Err(e)),
        };
        let customers = match &preview {
            Some(Ok(p)) => customers_of(c, &p.records)?,
            _ => Vec::new(),
        };
        let lookup = Lookup {
            names: Names::load(c)?,
            customers,
        };
        Ok((preview, lookup, users::list_active(c)?, teams::list(c)?))
    })
    .await?;
    let preview = match preview {
        Some(Ok(p)) => Some(p),
        Some(Err(DomainError::Invalid(e) | DomainError::Refused(e))) => {
            errors.extend(e);
            None
        }
        Some(Err(e)) => return Err(e.into()),
        None => None,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rows = preview
        .as_ref()
        .map(|p| rows(p, &lookup, &me.ctx))
        .unwrap_or_default();
    let page = MergePage {
        ctx: me.ctx,
        preview,
        rows,
        form,
        errors,
        users,
        teams,
    };
    render(&page, status)
}

/// `GET /leads/merge?ids=1&ids=2`: the wizard for these records.
pub async fn merge_form(
    state: web::Data<AppState>,
    me: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form: MergeForm = serde_html_form::from_str(req.query_string())
        .map_err(|e| WebError::BadRequest(crate::web::bad_parameter(e)))?;
    show(&state, me, form, FieldErrors::new()).await
}

/// `POST /leads/merge`: the wizard again (no `confirm`), or the merge (`confirm=1`).
pub async fn merge(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<MergeForm>,
) -> Result<HttpResponse, WebError> {
    if form.confirm != "1" {
        return show(&state, me, form, FieldErrors::new()).await;
    }
    let parsed = wizard(&form);
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let merged = move |c: &mut crate::db::DbConn| {
        audit::audited(
            c,
            &origin,
            Action::LeadMerge,
            |c| parsed?.apply(c, &actor),
            |d| Target::merge(TargetKind::Lead, d.survivor, &d.merged, d.merge_id),
        )
    };
    match db(&state, merged).await {
        Ok(done) => {
            let text = me.ctx.plural("merge.done", done.merged.len() + 1);
            ctx::flash(&session, "success", text);
            Ok(see_other(&format!("/leads/{}#chatter", done.survivor)))
        }
        Err(DomainError::Invalid(errors)) => show(&state, me, form, errors).await,
        Err(DomainError::Refused(errors)) => {
            // The wizard again, with why, as a refusal.
            let mut page = show(&state, me, form, errors).await?;
            *page.status_mut() = StatusCode::FORBIDDEN;
            Ok(page)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /merges/{id}/undo`, from the merge message.
pub async fn undo(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(_form): Form<super::records::show::NoFields>,
) -> Result<HttpResponse, WebError> {
    let (id, actor, origin) = (path.into_inner(), me.actor.clone(), me.origin.clone());
    let done = db(&state, move |c| {
        audit::audited(
            c,
            &origin,
            Action::LeadMergeUndo,
            |c| undo::undo(c, &actor, id),
            |d| Target::merge(TargetKind::Lead, d.survivor, &d.restored, id),
        )
    })
    .await?;
    let text = me.ctx.plural("merge.undone", done.restored.len());
    ctx::flash(&session, "success", text);
    Ok(see_other(&format!("/leads/{}", done.survivor)))
}
