//! The record page (`/leads/{id}`): header buttons, stage bar, Lost banner, fields,
//! Messengers, tags and the chatter; plus its POSTs: change stage (form or JavaScript),
//! mark won, post a note. Other screens add header buttons through [`HeaderAction`].

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::ids::{LeadId, PartnerId};
use crate::domain::listing::query::Names;
use crate::domain::models::identities::{self, Identity};
use crate::domain::models::leads::{Kind, Lead};
use crate::domain::models::stages::{self, Stage};
use crate::domain::models::{partners, tags};
use crate::domain::records::{self, ChatterEntry, Opened};
use crate::domain::similarity::{self, Match};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, safe_next, see_other};

/// A button in the record header: a link (GET) or a one-button form (POST with CSRF).
#[derive(Debug, Clone)]
pub struct HeaderAction {
    pub label: String,
    pub href: String,
    pub post: bool,
    /// "btn-primary", "btn-secondary", "btn-danger".
    pub class: &'static str,
}

#[derive(Template)]
#[template(path = "records/show.html")]
pub struct RecordPage {
    pub ctx: Ctx,
    pub lead: Lead,
    pub stages: Vec<Stage>,
    pub names: Names,
    pub customer: Option<(PartnerId, String)>,
    pub tags: Vec<String>,
    pub identities: Vec<Identity>,
    pub chatter: Vec<ChatterEntry>,
    pub actions: Vec<HeaderAction>,
    /// The reason's name when the record is lost, for the Lost banner.
    pub lost_reason: Option<String>,
    /// Probable duplicates, for the Similar Leads smart button.
    pub similar_count: usize,
    /// Existing customers that match this record.
    pub customer_matches: Vec<Match>,
    /// Right after a manual creation: the records it may duplicate.
    pub warnings: Vec<Match>,
    /// Merge messages the user may undo: (message, merge journal id).
    pub undo: Vec<(crate::domain::ids::MessageId, i32)>,
    /// Whether the user may change the record (a teammate's record is read-only: no buttons).
    pub writable: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct ShowQuery {
    /// Set by the redirect after a manual creation.
    #[serde(default)]
    created: Option<String>,
}

/// What the duplicate finder says about one record.
struct Similarity {
    count: usize,
    customers: Vec<Match>,
    warnings: Vec<Match>,
}

fn similarity_of(
    c: &mut crate::db::DbConn,
    actor: &crate::domain::access::Actor,
    id: LeadId,
    just_created: bool,
) -> crate::domain::DomainResult<Similarity> {
    Ok(Similarity {
        count: similarity::count_similar(c, actor, id)?,
        customers: similarity::matching_customers(c, actor, id)?,
        warnings: if just_created {
            similarity::warnings_for_new(c, actor, id)?
        } else {
            Vec::new()
        },
    })
}

impl RecordPage {
    fn money(&self, cents: &i64) -> String {
        self.ctx.money(cents)
    }
    fn is_opportunity(&self) -> bool {
        self.lead.kind == Kind::Opportunity
    }
    fn is_current(&self, stage: &Stage) -> bool {
        self.lead.stage_id == Some(stage.id)
    }
    fn opt<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
    /// A stored number as it reads: international when verified, else as typed.
    fn phone(&self, typed: &str, e164: &Option<String>) -> String {
        crate::domain::values::phone_shown(typed, e164.as_deref())
    }
    fn chatter_line(&self, m: &ChatterEntry) -> crate::web::chatter::ChatterLine {
        crate::web::chatter::line(&self.ctx, m)
    }
    /// Convert to Opportunity is offered on active leads that are not in a won stage.
    fn convertible(&self) -> bool {
        self.lead.active
            && self.lead.kind == Kind::Lead
            && !self
                .lead
                .stage_id
                .is_some_and(|s| self.names.won_stages.contains(&s))
    }
}

/// The header buttons every record gets here; later issues append theirs.
fn header_actions(ctx: &Ctx, lead: &Lead, won_stage: bool) -> Vec<HeaderAction> {
    let mut actions = vec![HeaderAction {
        label: ctx.t("lead.edit"),
        href: format!("/leads/{}/edit", lead.id),
        post: false,
        class: "btn-primary",
    }];
    if lead.kind == Kind::Opportunity && lead.active && !won_stage {
        actions.push(HeaderAction {
            label: ctx.t("lead.mark_won"),
            href: format!("/leads/{}/won", lead.id),
            post: true,
            class: "btn-secondary",
        });
    }
    actions
}

pub async fn show(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    let just_created = query.created.is_some();
    let actor = me.actor.clone();
    let loaded = db(&state, move |c| {
        let lead = match records::open(c, &actor, id)? {
            Opened::MergedInto(survivor) => return Ok(Err(survivor)),
            Opened::Record(lead) => *lead,
        };
        let customer = lead
            .partner_id
            .and_then(|p| partners::find(c, p).ok())
            .map(|p| (p.id, p.name));
        let tag_names = tags::for_lead(c, id)?.into_iter().map(|t| t.name).collect();
        Ok(Ok((
            stages::list(c)?,
            Names::load(c)?,
            customer,
            tag_names,
            identities::for_lead(c, id)?,
            records::chatter_of(c, id)?,
            crate::domain::wizards::lost::reason_name(c, &lead)?,
            similarity_of(c, &actor, id, just_created)?,
            crate::domain::wizards::merge::undo::undoable(c, &actor, id)?,
            lead,
        )))
    })
    .await?;
    let (stages, names, customer, tags, identities, chatter, lost_reason, similar, undo, lead) =
        match loaded {
            Ok(data) => data,
            Err(survivor) => return Ok(see_other(&format!("/leads/{survivor}"))),
        };
    let won_stage = lead.stage_id.is_some_and(|s| names.won_stages.contains(&s));
    let writable = me.actor.can_write(lead.salesperson_id);
    let actions = if writable {
        header_actions(&me.ctx, &lead, won_stage)
    } else {
        Vec::new()
    };
    page(&RecordPage {
        ctx: me.ctx,
        lead,
        stages,
        names,
        customer,
        tags,
        identities,
        chatter,
        actions,
        lost_reason,
        similar_count: similar.count,
        customer_matches: similar.customers,
        warnings: similar.warnings,
        undo,
        writable,
    })
}

#[derive(serde::Deserialize)]
pub struct StageForm {
    #[serde(default)]
    stage_id: String,
    #[serde(default)]
    next: String,
}

fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// Changes the stage. From a form: redirect back (`next`) with a message. From the kanban's
/// JavaScript (`Accept: application/json`): a small JSON answer.
pub async fn set_stage(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<StageForm>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    // Where to go back to is settled before anything is written.
    let back = safe_next(&form.next)
        .map(String::from)
        .unwrap_or_else(|| format!("/leads/{id}"));
    let actor = me.actor.clone();
    let result = db(&state, move |c| {
        let stage = records::parse_stage(&form.stage_id)?;
        records::set_stage(c, &actor, id, stage)
    })
    .await;
    if wants_json(&req) {
        return Ok(match result {
            Ok(lead) => HttpResponse::Ok()
                .json(serde_json::json!({"ok": true, "id": lead.id, "stage_id": lead.stage_id})),
            Err(e) => WebError::from(e).script_answer(&me.ctx),
        });
    }
    match result {
        Ok(lead) => ctx::flash(
            &session,
            "success",
            me.ctx.t_with("web.record.moved", &[("title", &lead.title)]),
        ),
        Err(DomainError::Invalid(e) | DomainError::Refused(e)) => {
            ctx::flash(
                &session,
                "error",
                DomainError::render_fields(&e, &me.ctx.locale),
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&back))
}

pub async fn won(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    let actor = me.actor.clone();
    let lead = db(&state, move |c| records::mark_won(c, &actor, id)).await?;
    ctx::flash(
        &session,
        "success",
        me.ctx.t_with("web.record.won", &[("title", &lead.title)]),
    );
    Ok(see_other(&format!("/leads/{id}")))
}

/// A form with only its CSRF token.
#[derive(serde::Deserialize)]
pub struct NoFields {}

#[derive(serde::Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
}

pub async fn note(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<NoteForm>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    let actor = me.actor.clone();
    match db(&state, move |c| {
        records::post_note(c, &actor, id, &form.body)
    })
    .await
    {
        Ok(()) => ctx::flash(&session, "success", me.ctx.t("chatter.posted")),
        Err(DomainError::Invalid(e) | DomainError::Refused(e)) => {
            ctx::flash(
                &session,
                "error",
                DomainError::render_fields(&e, &me.ctx.locale),
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&format!("/leads/{id}#chatter")))
}
