//! The lead form: create (`/leads/new`, `POST /leads`) and edit (`/leads/{id}/edit`), every
//! field, tags, customer link and the Messengers rows. Mistakes re-render the form (422)
//! with the typed values and a message next to each field. Started from the pipeline
//! (`?from=pipeline`, maybe `&stage_id=`), it creates an opportunity (in that column) and
//! leads back to the pipeline, where the record shows.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::domain::customers::find;
use crate::domain::customers::reach;
use crate::domain::error::FieldErrors;
use crate::domain::ids::{IdentityId, LeadId};
use crate::domain::models::identities::{self, Identity, IdentityChannel};
use crate::domain::models::leads::{Channel, LeadInput};
use crate::domain::models::stages::{self, Stage};
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::models::{partners, tags};
use crate::domain::records::{self, MessengerInput};
use crate::domain::{DomainError, DomainResult};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

use super::duplicates::{self, Dup};
use super::posted::{Posted, blank_rows, read_posted};
use crate::domain::new_record::{self, Created};

/// Choices for the selects.
pub struct Choices {
    pub stages: Vec<Stage>,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub identities: Vec<Identity>,
    pub partner_name: Option<String>,
}

#[derive(Template)]
#[template(path = "records/form.html")]
pub struct LeadFormPage {
    pub ctx: Ctx,
    pub id: Option<i32>,
    pub form: LeadInput,
    pub messengers: Vec<MessengerInput>,
    pub remove: Vec<String>,
    pub choices: Choices,
    pub errors: FieldErrors,
    /// Started from the pipeline: an opportunity, and back to the pipeline.
    pub from_pipeline: bool,
    /// The probable duplicates found on the first Save (no JavaScript): shown beside the
    /// form, whose Save then reads "Save anyway" (the hidden `confirm_duplicates`).
    pub dups: Vec<Dup>,
}

impl LeadFormPage {
    /// Whether this Save is the second, after the matches were shown.
    fn confirm_dups(&self) -> bool {
        !self.dups.is_empty()
    }
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
    fn channels(&self) -> &'static [IdentityChannel] {
        IdentityChannel::ALL
    }
    fn sources(&self) -> &'static [Channel] {
        Channel::ALL
    }
    fn kept_identities(&self) -> &[Identity] {
        &self.choices.identities
    }
    fn removing(&self, id: &IdentityId) -> bool {
        self.remove.contains(&id.to_string())
    }
    fn action(&self) -> String {
        self.id
            .map_or("/leads".into(), |id| format!("/leads/{id}/edit"))
    }
    /// The form's own page (where the customer pick page returns).
    fn action_form(&self) -> String {
        match self.id {
            Some(id) => format!("/leads/{id}/edit"),
            None if self.from_pipeline => "/leads/new?from=pipeline".into(),
            None => "/leads/new".into(),
        }
    }
    fn cancel(&self) -> String {
        match self.id {
            Some(id) => format!("/leads/{id}"),
            None => self.list().into(),
        }
    }
    /// Where a new record's breadcrumb and Cancel lead: the pipeline it was started from,
    /// else the list its kind shows in.
    fn list(&self) -> &'static str {
        if self.from_pipeline || self.id.is_some() {
            "/pipeline"
        } else if self.ctx.settings.leads_enabled {
            "/leads"
        } else {
            "/opportunities"
        }
    }
    fn list_name(&self) -> String {
        self.ctx.t(match self.list() {
            "/leads" => "menu.leads",
            "/opportunities" => "quick.opportunities",
            _ => "menu.pipeline",
        })
    }
}

fn choices(conn: &mut DbConn, id: Option<LeadId>, partner: &str) -> DomainResult<Choices> {
    let partner_name = find::typed_id(partner)
        .and_then(|p| partners::find(conn, p).ok())
        .map(|p| find::label(&p));
    Ok(Choices {
        stages: stages::list(conn)?,
        users: users::list_active(conn)?,
        teams: teams::list(conn)?,
        identities: match id {
            Some(id) => identities::for_lead(conn, id)?,
            None => Vec::new(),
        },
        partner_name,
    })
}

/// `?partner_id=` on the form's address: the customer chosen on the pick page.
#[derive(serde::Deserialize, Default)]
pub struct Picked {
    #[serde(default)]
    partner_id: Option<String>,
    /// `pipeline`: started from the pipeline's "New" (see [`from_pipeline`]).
    #[serde(default)]
    from: String,
    /// The pipeline column it was started from.
    #[serde(default)]
    stage_id: String,
}

/// Whether a posted form was started from the pipeline (its hidden `from` field).
fn from_pipeline(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "from" && v == "pipeline")
}

pub async fn new_form(
    state: web::Data<AppState>,
    me: SignedIn,
    picked: web::Query<Picked>,
) -> Result<HttpResponse, WebError> {
    let picked = picked.into_inner();
    let from_pipeline = picked.from == "pipeline";
    let partner = picked.partner_id.unwrap_or_default();
    let typed = partner.clone();
    let choices = db(&state, move |c| choices(c, None, &typed)).await?;
    let form = LeadInput {
        partner_id: partner,
        stage_id: picked.stage_id,
        ..crate::domain::records::input_owned_by(&me.actor)
    };
    page(&LeadFormPage {
        ctx: me.ctx,
        id: None,
        form,
        messengers: blank_rows(Vec::new()),
        remove: Vec::new(),
        choices,
        errors: FieldErrors::new(),
        from_pipeline,
        dups: Vec::new(),
    })
}

async fn rerender(
    state: &web::Data<AppState>,
    me: SignedIn,
    id: Option<LeadId>,
    posted: Posted,
    errors: FieldErrors,
    from_pipeline: bool,
    dups: Vec<Dup>,
) -> Result<HttpResponse, WebError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let partner = posted.input.partner_id.clone();
    let choices = db(state, move |c| choices(c, id, &partner)).await?;
    let page = LeadFormPage {
        ctx: me.ctx,
        id: id.map(|i| i.0),
        form: posted.input,
        messengers: blank_rows(posted.edits.add),
        remove: posted.remove_raw,
        choices,
        errors,
        from_pipeline,
        dups,
    };
    render(&page, status)
}

pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let from_pipeline = from_pipeline(&pairs);
    let ask = duplicates::ask_of(&pairs);
    let posted = read_posted(pairs)?;
    let (actor, shared) = (me.actor.clone(), posted.clone());
    let saved = db(&state, move |c| {
        new_record::save_new(c, &actor, from_pipeline, ask, &shared.input, &shared.edits)
    })
    .await;
    match saved {
        Ok(Created::Saved(lead, offer)) => {
            let title = &lead.title;
            let text = me.ctx.t_with("web.record.created", &[("title", title)]);
            ctx::flash(&session, "success", text);
            let next = match (ask.merge_into, from_pipeline, lead.stage_id) {
                (Some(into), _, _) => duplicates::merge_url(into, lead.id),
                (None, true, Some(stage)) => format!("/pipeline#stage-{stage}"),
                (None, true, None) => "/pipeline".to_string(),
                (None, false, _) => format!("/leads/{}?created=1", lead.id),
            };
            Ok(see_other(&offer_or(offer, next)))
        }
        Ok(Created::Warned(found, errors)) => {
            let dups = duplicates::views(&me.actor, found);
            rerender(&state, me, None, posted, errors, from_pipeline, dups).await
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            rerender(&state, me, None, posted, errors, from_pipeline, Vec::new()).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Where the browser goes after a save: the offer to copy the lead's ways to reach onto
/// the customer it was just linked to, when there is one with something to copy, else `next`.
fn offer_or(offer: Option<reach::ReachOffer>, next: String) -> String {
    match offer {
        Some(o) if !o.is_empty() => {
            crate::web::handlers::customer_pick::reach_url(o.customer, o.lead, Some(&next))
        }
        _ => next,
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
    picked: web::Query<Picked>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    let picked = picked.into_inner().partner_id;
    let actor = me.actor.clone();
    let loaded = db(&state, move |c| {
        let lead = records::find_writable(c, &actor, id)?;
        let tag_names: Vec<String> = tags::for_lead(c, id)?.into_iter().map(|t| t.name).collect();
        let partner = picked
            .clone()
            .or_else(|| lead.partner_id.map(|p| p.to_string()))
            .unwrap_or_default();
        Ok((lead, tag_names, choices(c, Some(id), &partner)?, partner))
    })
    .await?;
    let (lead, tag_names, choices, partner) = loaded;
    let mut form = LeadInput::of_lead(&lead, &tag_names);
    form.partner_id = partner;
    page(&LeadFormPage {
        ctx: me.ctx,
        id: Some(id.0),
        form,
        messengers: blank_rows(Vec::new()),
        remove: Vec::new(),
        choices,
        errors: FieldErrors::new(),
        from_pipeline: false,
        dups: Vec::new(),
    })
}

pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    let into = duplicates::ask_of(&pairs)
        .merge_into
        .filter(|into| *into != id);
    let posted = read_posted(pairs)?;
    let (actor, input, edits) = (me.actor.clone(), posted.input.clone(), posted.edits.clone());
    match db(&state, move |c| {
        if let Some(into) = into {
            new_record::merge_target(c, &actor, into)?;
        }
        let before = records::find_writable(c, &actor, id)?.partner_id;
        let lead = records::update(c, &actor, id, &input, &edits)?;
        let linked = lead.partner_id.is_some() && lead.partner_id != before;
        let offer = if linked {
            reach::offer_for(c, &lead)?
        } else {
            None
        };
        Ok((lead, offer))
    })
    .await
    {
        Ok((lead, offer)) => {
            ctx::flash(
                &session,
                "success",
                me.ctx.t_with("web.record.saved", &[("title", &lead.title)]),
            );
            let next = into.map_or(format!("/leads/{id}"), |into| {
                duplicates::merge_url(into, id)
            });
            Ok(see_other(&offer_or(offer, next)))
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            rerender(&state, me, Some(id), posted, errors, false, Vec::new()).await
        }
        Err(e) => Err(e.into()),
    }
}
