//! Mark as Lost (a page; a dialog when JavaScript is on), Restore, mass Unarchive and
//! Archive. Every POST goes through the wizards in `domain::wizards`, which check rights
//! (a hidden record answers 404) and write in one transaction.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::access::Actor;
use crate::domain::error::FieldErrors;
use crate::domain::ids::LeadId;
use crate::domain::models::leads::Lead;
use crate::domain::models::lost_reasons::{self, LostReason};
use crate::domain::wizards::lost::{self as mark_lost, MarkLost};
use crate::domain::wizards::{archive, load_editable, parse_ids, restore};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, safe_next, see_other};

#[derive(Template)]
#[template(path = "lost/form.html")]
pub struct LostFormPage {
    pub ctx: Ctx,
    pub leads: Vec<Lead>,
    pub reasons: Vec<LostReason>,
    /// The reason of the (single) record when it is lost already: the banner shows instead.
    pub lost_reason: Option<String>,
    pub form: LostForm,
    pub errors: FieldErrors,
}

impl LostFormPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    /// The one record, when the page is about a single record that is lost already.
    fn lost_single(&self) -> Option<&Lead> {
        match self.leads.as_slice() {
            [lead] if lead.is_lost() => Some(lead),
            _ => None,
        }
    }

    fn single(&self) -> Option<&Lead> {
        match self.leads.as_slice() {
            [lead] => Some(lead),
            _ => None,
        }
    }

    fn records_label(&self) -> String {
        self.ctx.plural("lost.records", self.leads.len())
    }

    fn picked(&self, reason: &LostReason) -> bool {
        self.form.lost_reason_id.trim() == reason.id.to_string()
    }

    fn cancel_url(&self) -> String {
        match (safe_next(&self.form.next), self.single()) {
            (Some(next), _) => next.to_string(),
            (None, Some(lead)) => format!("/leads/{}", lead.id),
            (None, None) => "/leads".to_string(),
        }
    }
}

/// The Mark as Lost form; also what the list's "Mark as Lost" action sends (GET, ticked ids).
#[derive(serde::Deserialize, Default, Clone)]
pub struct LostForm {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub lost_reason_id: String,
    #[serde(default)]
    pub new_reason: String,
    #[serde(default)]
    pub closing_note: String,
    /// Where to go back to (the list that sent the ticked ids).
    #[serde(default)]
    pub next: String,
}

/// Ticked ids and where to go back to, for Restore, Unarchive and Archive.
#[derive(serde::Deserialize, Default, Clone)]
pub struct IdsForm {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub next: String,
}

async fn form_page(
    state: &web::Data<AppState>,
    me: SignedIn,
    mut form: LostForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    // A `next` that would leave the site is not carried on into the page at all.
    form.next = safe_next(&form.next).unwrap_or_default().to_string();
    let actor = me.actor.clone();
    let ids = parse_ids(&form.ids);
    let (leads, reasons, lost_reason) = db(state, move |c| {
        let leads = match ids {
            Ok(ids) if !ids.is_empty() => load_editable(c, &actor, &ids)?,
            _ => Vec::new(),
        };
        let lost_reason = match leads.as_slice() {
            [lead] if lead.is_lost() => mark_lost::reason_name(c, lead)?,
            _ => None,
        };
        Ok((leads, lost_reasons::list(c, false)?, lost_reason))
    })
    .await?;
    if leads.is_empty() && errors.is_empty() {
        return Err(WebError::BadRequest(crate::i18n::Msg::new(
            "lost.nothing_selected",
        )));
    }
    let page = LostFormPage {
        ctx: me.ctx,
        leads,
        reasons,
        lost_reason,
        form,
        errors,
    };
    render(&page, status)
}

/// `GET /leads/{id}/lost`
pub async fn mark_lost_form(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let form = LostForm {
        ids: vec![path.into_inner().to_string()],
        ..LostForm::default()
    };
    form_page(&state, me, form, FieldErrors::new(), StatusCode::OK).await
}

/// `GET /leads/lost?ids=1&ids=2&next=/leads`: the same form for records ticked in a list.
pub async fn mark_lost_many_form(
    state: web::Data<AppState>,
    me: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form: LostForm = serde_html_form::from_str(req.query_string())
        .map_err(|e| WebError::BadRequest(crate::web::bad_parameter(e)))?;
    form_page(&state, me, form, FieldErrors::new(), StatusCode::OK).await
}

/// `POST /leads/lost`
pub async fn mark_lost(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<LostForm>,
) -> Result<HttpResponse, WebError> {
    // Where to go back to is settled before anything is written.
    let target = back(&form.next, &form.ids);
    let wizard = MarkLost::parse(
        &form.ids,
        &form.lost_reason_id,
        &form.new_reason,
        &form.closing_note,
    );
    let actor = me.actor.clone();
    match db(&state, move |c| wizard?.apply(c, &actor)).await {
        Ok(outcome) => {
            let text = counted(&me.ctx, "lost.marked", outcome.count);
            ctx::flash(&session, "success", text);
            Ok(see_other(&target))
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            form_page(&state, me, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /leads/{id}/restore`
pub async fn restore_one(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<IdsForm>,
) -> Result<HttpResponse, WebError> {
    let ids = vec![path.into_inner().to_string()];
    bulk(&state, &session, me, &ids, &form.next, Bulk::Restore).await
}

/// `POST /leads/unarchive`: mass Unarchive of ticked records.
pub async fn unarchive(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<IdsForm>,
) -> Result<HttpResponse, WebError> {
    bulk(&state, &session, me, &form.ids, &form.next, Bulk::Restore).await
}

/// `POST /leads/{id}/archive`
pub async fn archive_one(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<IdsForm>,
) -> Result<HttpResponse, WebError> {
    let ids = vec![path.into_inner().to_string()];
    bulk(&state, &session, me, &ids, &form.next, Bulk::Archive).await
}

/// `POST /leads/archive`: mass Archive of ticked records.
pub async fn archive_many(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<IdsForm>,
) -> Result<HttpResponse, WebError> {
    bulk(&state, &session, me, &form.ids, &form.next, Bulk::Archive).await
}

#[derive(Clone, Copy)]
enum Bulk {
    Restore,
    Archive,
}

/// Runs Restore or Archive on `ids`; the count (or the mistake) is flashed on the next page.
async fn bulk(
    state: &web::Data<AppState>,
    session: &Session,
    me: SignedIn,
    ids: &[String],
    next: &str,
    action: Bulk,
) -> Result<HttpResponse, WebError> {
    // Where to go back to is settled before anything is written.
    let target = back(next, ids);
    let parsed = parse_ids(ids);
    let actor: Actor = me.actor.clone();
    let result = db(state, move |c| {
        let ids = parsed?;
        match action {
            Bulk::Restore => restore::restore(c, &actor, &ids),
            Bulk::Archive => archive::archive(c, &actor, &ids),
        }
    })
    .await;
    match result {
        Ok(n) => {
            let key = match action {
                Bulk::Restore => "lost.restored",
                Bulk::Archive => "lost.archived",
            };
            ctx::flash(session, "success", counted(&me.ctx, key, n));
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            let text = me.ctx.field_messages(&errors, " ");
            ctx::flash(session, "error", text);
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&target))
}

/// `next` when it stays on this site, else the one record, else the list.
fn back(next: &str, ids: &[String]) -> String {
    if let Some(next) = safe_next(next) {
        return next.to_string();
    }
    match parse_ids(ids).as_deref() {
        Ok([LeadId(id)]) => format!("/leads/{id}"),
        _ => "/leads".to_string(),
    }
}

/// The counting text `key` for `n` records.
fn counted(ctx: &Ctx, key: &str, n: usize) -> String {
    ctx.plural(key, n)
}

#[cfg(test)]
mod tests {
    use askama::Template;

    use crate::domain::models::leads::Lead;
    use crate::web::ctx::Ctx;

    /// The record page includes the partials exactly so.
    #[derive(Template)]
    #[template(
        source = "{% include \"lost/buttons.html\" %}{% include \"lost/banner.html\" %}{% include \"lost/dialog.html\" %}",
        ext = "html"
    )]
    struct Header {
        ctx: Ctx,
        lead: Lead,
        lost_reason: Option<String>,
    }

    fn lead(active: bool, probability: i32) -> Lead {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 5, 4)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("a date");
        Lead {
            id: crate::domain::ids::LeadId(7),
            kind: crate::domain::models::leads::Kind::Opportunity,
            title: "Boat".into(),
            contact_name: None,
            contact_name_key: None,
            company_name: None,
            company_name_key: None,
            email: None,
            email_norm: None,
            phone: None,
            phone_e164: None,
            mobile: None,
            mobile_e164: None,
            address: Default::default(),
            details: Default::default(),
            description: None,
            expected_revenue: 0,
            probability,
            priority: 0,
            stage_id: None,
            salesperson_id: None,
            team_id: None,
            partner_id: None,
            active,
            lost_reason_id: None,
            source_channel: crate::domain::models::leads::Channel::Manual,
            merged_into_id: None,
            created_by: None,
            created_at: at,
            updated_at: at,
            converted_at: None,
            closed_at: (!active).then_some(at),
        }
    }

    fn render(lead: Lead, reason: Option<&str>) -> String {
        Header {
            ctx: Ctx::bare(),
            lead,
            lost_reason: reason.map(Into::into),
        }
        .render()
        .expect("renders")
    }

    #[test]
    fn an_active_record_offers_mark_as_lost_and_archive_but_no_banner() {
        let html = render(lead(true, 30), None);
        assert!(html.contains("href=\"/leads/7/lost\" data-dialog=\"lost-dialog\""));
        assert!(html.contains("action=\"/leads/7/archive\""));
        assert!(!html.contains("lost-banner"));
        assert!(html.contains("<dialog id=\"lost-dialog\""));
    }

    #[test]
    fn a_lost_record_shows_the_red_banner_with_its_reason_and_restore() {
        let html = render(lead(false, 0), Some("Too expensive"));
        assert!(html.contains("id=\"lost-banner\""));
        assert!(html.contains("Too expensive"));
        assert!(html.contains("2026-05-04"));
        assert!(html.contains("action=\"/leads/7/restore\""));
        assert!(!html.contains("action=\"/leads/7/archive\""));
    }

    #[test]
    fn an_archived_record_offers_unarchive_and_mark_as_lost_without_banner() {
        let html = render(lead(false, 40), None);
        assert!(!html.contains("lost-banner"));
        assert!(html.contains("Unarchive"));
        assert!(html.contains("href=\"/leads/7/lost\""));
    }
}
