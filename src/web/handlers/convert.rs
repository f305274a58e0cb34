//! Convert to Opportunity on one lead (`GET`/`POST /leads/{id}/convert`): a page without
//! JavaScript, a dialog over the record with it (static/js/app.js loads `#convert-form`).
//! A POST with `step=search` shows the wizard again with the customers found; otherwise the
//! conversion runs and the browser lands on the opportunity. A lead that cannot be
//! converted (lost, won, …) sends the user back to its page with the reason.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::customers;
use crate::domain::customers::{find, reach};
use crate::domain::error::FieldErrors;
use crate::domain::ids::LeadId;
use crate::domain::models::partners::{Partner, PartnerKind};
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::similarity::summary::RecordKind;
use crate::domain::wizards::convert::form::{ConversionForm, MergeCandidate};
use crate::domain::wizards::convert::{Conversion, ConvertInput};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::handlers::customer_pick::reach_url;
use crate::web::{AppState, WebError, db, render, see_other};

/// The wizard's fields as posted.
#[derive(serde::Deserialize, Default, Clone)]
pub struct ConvertForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub merge_ids: Vec<String>,
    #[serde(default)]
    pub salesperson_id: String,
    #[serde(default)]
    pub team_id: String,
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub partner_id: String,
    /// A customer search box (the form's Search button looks up `partner_id`).
    #[serde(default)]
    pub customer_q: String,
    /// `search`: look customers up and show the wizard again.
    #[serde(default)]
    pub step: String,
}

impl ConvertForm {
    /// What the customer search looks up: the search box of older forms, else the typed
    /// customer when Search was pressed.
    fn query(&self) -> String {
        let asked = self.customer_q.trim();
        if asked.is_empty() && self.step == "search" {
            self.partner_id.trim().to_string()
        } else {
            asked.to_string()
        }
    }

    /// The wizard as typed. A customer typed in the Link box while *create* (the default)
    /// is still ticked means that customer: typing one is choosing it.
    fn input(&self) -> ConvertInput {
        let typed = !self.partner_id.trim().is_empty();
        let customer = if typed && self.customer.trim() == "create" {
            "link".to_string()
        } else {
            self.customer.clone()
        };
        ConvertInput {
            action: self.action.clone(),
            merge_ids: self.merge_ids.clone(),
            salesperson_id: self.salesperson_id.clone(),
            team_id: self.team_id.clone(),
            customer,
            partner_id: self.partner_id.clone(),
        }
    }
}

/// The input as the form shows it: a linked customer that is among the options is that
/// option's radio (`existing:ID`); after a search finding one customer, that one is picked.
fn shown_input(mut input: ConvertInput, options: &[CustomerOption], found: &[i32]) -> ConvertInput {
    let typed = find::typed_id(&input.partner_id).map(|p| p.0);
    if input.customer.trim() == "link"
        && let Some(id) = typed.filter(|id| options.iter().any(|o| o.id == *id))
    {
        input.customer = format!("existing:{id}");
        input.partner_id.clear();
    }
    if let [only] = found
        && !input.customer.starts_with("existing:")
    {
        input.customer = format!("existing:{only}");
        input.partner_id.clear();
    }
    input
}

/// A customer the Link picker offers.
pub struct CustomerOption {
    pub id: i32,
    pub name: String,
    pub is_company: bool,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Why it is offered: the match reasons, "current customer" or "search result".
    pub why: String,
    pub duplicate: bool,
}

#[derive(Template)]
#[template(path = "convert/form.html")]
pub struct ConvertPage {
    pub ctx: Ctx,
    pub wizard: ConversionForm,
    pub input: ConvertInput,
    pub query: String,
    pub options: Vec<CustomerOption>,
    pub searched: bool,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub errors: FieldErrors,
}

impl ConvertPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
    fn action_is(&self, value: &str) -> bool {
        self.input.action.trim() == value
    }
    fn customer_is(&self, value: &str) -> bool {
        self.input.customer.trim() == value
    }
    fn ticked(&self, c: &MergeCandidate) -> bool {
        c.is_self
            || self
                .input
                .merge_ids
                .iter()
                .any(|i| i.trim() == c.id.to_string())
    }
    fn picked(&self, o: &CustomerOption) -> bool {
        self.input.customer.trim() == format!("existing:{}", o.id)
    }
    fn chosen_salesperson(&self, u: &User) -> bool {
        self.input.salesperson_id.trim() == u.id.to_string()
    }
    fn chosen_team(&self, t: &Team) -> bool {
        self.input.team_id.trim() == t.id.to_string()
    }
    fn lead_url(&self) -> String {
        format!("/leads/{}", self.wizard.lead.id)
    }
    fn others(&self) -> usize {
        self.wizard.candidates.len().saturating_sub(1)
    }
    fn hidden_label(&self) -> String {
        self.ctx
            .plural("convert.hidden_duplicates", self.wizard.hidden_duplicates)
    }
    fn create_label(&self) -> String {
        let lead = &self.wizard.lead;
        let (contact, company) = (
            lead.contact_name.as_deref().unwrap_or("").trim(),
            lead.company_name.as_deref().unwrap_or("").trim(),
        );
        match (contact.is_empty(), company.is_empty()) {
            (false, false) => self
                .ctx
                .t("convert.create_both")
                .replace("%{person}", contact)
                .replace("%{company}", company),
            (false, true) => self.ctx.t("convert.create_one").replace("%{name}", contact),
            (true, false) => self.ctx.t("convert.create_one").replace("%{name}", company),
            (true, true) => self.ctx.t("convert.create_nothing"),
        }
    }
}

/// The customers to offer: the lead's own, the matches, then the search results.
fn options(wizard: &ConversionForm, found: Vec<Partner>, ctx: &Ctx) -> Vec<CustomerOption> {
    let of_partner = |p: &Partner, why: String| CustomerOption {
        id: p.id.0,
        name: p.name.clone(),
        is_company: p.kind == PartnerKind::Company,
        email: p.email.clone(),
        phone: p.phone.clone().or(p.mobile.clone()),
        why,
        duplicate: false,
    };
    let mut out: Vec<CustomerOption> = Vec::new();
    if let Some(p) = &wizard.current_customer {
        out.push(of_partner(p, ctx.t("convert.current_customer")));
    }
    for m in &wizard.customers {
        if !out.iter().any(|o| o.id == m.record.id) {
            out.push(CustomerOption {
                id: m.record.id,
                name: m.record.title.clone(),
                is_company: m.record.kind == RecordKind::Company,
                email: m.record.email.clone(),
                phone: m.record.phone.clone(),
                why: m.reason_text(),
                duplicate: m.is_duplicate(),
            });
        }
    }
    for p in found {
        if !out.iter().any(|o| o.id == p.id.0) {
            out.push(of_partner(&p, ctx.t("convert.search_result")));
        }
    }
    out
}

async fn show(
    state: &web::Data<AppState>,
    session: &Session,
    me: SignedIn,
    id: LeadId,
    form: Option<ConvertForm>,
    errors: FieldErrors,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let query = form.as_ref().map(ConvertForm::query).unwrap_or_default();
    let q = query.clone();
    let loaded = db(state, move |c| {
        let wizard = Conversion::defaults(c, &actor, id)?;
        let found = if q.is_empty() {
            Vec::new()
        } else {
            customers::search(c, &q)?
        };
        Ok((wizard, found, users::list_active(c)?, teams::list(c)?))
    })
    .await;
    let (wizard, found, users, teams) = match loaded {
        Ok(data) => data,
        Err(DomainError::Conflict(reason)) => {
            ctx::flash(session, "error", me.ctx.msg(&reason));
            return Ok(see_other(&format!("/leads/{id}")));
        }
        Err(e) => return Err(e.into()),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let input = form
        .as_ref()
        .map_or_else(|| wizard.input.clone(), ConvertForm::input);
    let found_ids: Vec<i32> = found.iter().map(|p| p.id.0).collect();
    let options = options(&wizard, found, &me.ctx);
    let input = shown_input(input, &options, &found_ids);
    let page = ConvertPage {
        options,
        searched: !query.is_empty(),
        ctx: me.ctx,
        wizard,
        input,
        query,
        users,
        teams,
        errors,
    };
    render(&page, status)
}

/// `GET /leads/{id}/convert`
pub async fn convert_form(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    show(&state, &session, me, id, None, FieldErrors::new()).await
}

/// `POST /leads/{id}/convert`
pub async fn convert(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<ConvertForm>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    if form.step == "search" {
        return show(&state, &session, me, id, Some(form), FieldErrors::new()).await;
    }
    let (actor, input) = (me.actor.clone(), form.input());
    let converted = db(&state, move |c| {
        let outcome = Conversion::apply(c, &actor, id, &input)?;
        // Linked to an existing customer: offer to copy the lead's ways to reach onto it.
        let offer = match outcome.customer {
            Some(_) if !outcome.customer_created => reach::offer(c, &actor, outcome.opportunity)?,
            _ => None,
        };
        Ok((outcome, offer.filter(|o| !o.is_empty())))
    })
    .await;
    match converted {
        Ok((outcome, offer)) => {
            let text = if outcome.merged.is_empty() {
                me.ctx.t("convert.done")
            } else {
                me.ctx
                    .plural("convert.done_merged", outcome.merged.len() + 1)
            };
            ctx::flash(&session, "success", text);
            Ok(see_other(&match offer {
                Some(o) => reach_url(o.customer, o.lead, None),
                None => format!("/leads/{}", outcome.opportunity),
            }))
        }
        Err(DomainError::Invalid(errors) | DomainError::Refused(errors)) => {
            show(&state, &session, me, id, Some(form), errors).await
        }
        Err(DomainError::Conflict(reason)) => {
            ctx::flash(&session, "error", me.ctx.msg(&reason));
            Ok(see_other(&format!("/leads/{id}")))
        }
        Err(e) => Err(e.into()),
    }
}
