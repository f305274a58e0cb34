//! Choosing a customer wherever one is chosen, and copying a lead's ways to reach onto the
//! customer it was linked to:
//! - `GET /customers/lookup.json?q=` — the type-ahead's matches (static/js/customer_pick.js);
//! - `GET /customers/pick?q=&back=` — the same without JavaScript: a search page whose
//!   results lead back to `back` (a path on this site) with `partner_id=ID`;
//! - `GET /customers/{id}/reach?lead=` — the offer to copy the lead's numbers, email and
//!   messengers onto the customer, and `POST /customers/{id}/reach` which copies them.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::customers::find::{self, Pick};
use crate::domain::customers::reach::{self, ReachOffer, Way};
use crate::domain::ids::{LeadId, PartnerId};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, safe_next, see_other, urlencode};

/// Where the pick page returns when `back` is missing or not a path on this site.
const DEFAULT_BACK: &str = "/leads/new";

#[derive(serde::Deserialize)]
pub struct PickQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    back: String,
}

/// `GET /customers/lookup.json?q=` — active customers matching `q`, as
/// `[{"id", "label", "kind", "email", "phone"}]`.
pub async fn lookup(
    state: web::Data<AppState>,
    _me: SignedIn,
    query: web::Query<PickQuery>,
) -> Result<HttpResponse, WebError> {
    let q = query.into_inner().q;
    let found = db(&state, move |c| find::lookup(c, &q)).await?;
    Ok(HttpResponse::Ok().json(found))
}

#[derive(Template)]
#[template(path = "customer_pick/pick.html")]
pub struct PickPage {
    pub ctx: Ctx,
    pub query: String,
    pub back: String,
    pub found: Vec<Pick>,
}

impl PickPage {
    /// The form's address with the chosen customer.
    fn choose(&self, p: &Pick) -> String {
        let glue = if self.back.contains('?') { '&' } else { '?' };
        format!("{}{glue}partner_id={}", self.back, p.id)
    }
}

/// `GET /customers/pick?q=&back=` — the no-JS picker.
pub async fn pick(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<PickQuery>,
) -> Result<HttpResponse, WebError> {
    let PickQuery { q, back } = query.into_inner();
    let back = safe_next(&back).unwrap_or(DEFAULT_BACK).to_string();
    let text = q.clone();
    let found = db(&state, move |c| find::lookup(c, &text)).await?;
    page(&PickPage {
        ctx: me.ctx,
        query: q,
        back,
        found,
    })
}

#[derive(Template)]
#[template(path = "customer_pick/reach.html")]
pub struct ReachPage {
    pub ctx: Ctx,
    pub offer: ReachOffer,
    /// Where "Not now" and the copy lead (a path on this site).
    pub next: String,
}

impl ReachPage {
    fn way(&self, w: &Way) -> String {
        format!("{} {}", self.ctx.t(&w.slot.label_key()), w.value)
    }
    fn ways(&self) -> String {
        let ways: Vec<String> = self.offer.ways.iter().map(|w| self.way(w)).collect();
        ways.join(", ")
    }
    fn question(&self) -> String {
        let key = "customer_pick.copy_question";
        self.ctx
            .plural(key, self.offer.ways.len())
            .replace("%{ways}", &self.ways())
            .replace("%{customer}", &self.offer.customer_label)
    }
    fn lead_url(&self) -> &str {
        &self.next
    }
}

/// The address of the offer for `lead` linked to `customer`; `next` is where the user
/// goes after it (default: the record).
pub fn reach_url(customer: PartnerId, lead: LeadId, next: Option<&str>) -> String {
    let mut url = format!("/customers/{customer}/reach?lead={lead}");
    if let Some(next) = next {
        url.push_str(&format!("&next={}", urlencode(next)));
    }
    url
}

/// Where to go after the offer: `next` when it is a path on this site, else the record.
fn after(next: &str, lead: LeadId) -> String {
    safe_next(next).map_or_else(|| format!("/leads/{lead}"), str::to_string)
}

#[derive(serde::Deserialize)]
pub struct ReachQuery {
    #[serde(default)]
    lead: String,
    #[serde(default)]
    next: String,
}

fn lead_of(raw: &str) -> Result<LeadId, WebError> {
    raw.trim().parse::<i32>().map(LeadId).map_err(|_| {
        WebError::BadRequest(
            crate::i18n::Msg::new("web.error.not_a_record_number").text("raw", raw),
        )
    })
}

/// `GET /customers/{id}/reach?lead=` — the offer; back to the record when nothing is left.
pub async fn reach_offer(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
    query: web::Query<ReachQuery>,
) -> Result<HttpResponse, WebError> {
    let (customer, lead) = (PartnerId(path.into_inner()), lead_of(&query.lead)?);
    let next = after(&query.next, lead);
    let actor = me.actor.clone();
    let offer = db(&state, move |c| reach::offer(c, &actor, lead)).await?;
    match offer {
        Some(offer) if offer.customer == customer && !offer.is_empty() => page(&ReachPage {
            ctx: me.ctx,
            offer,
            next,
        }),
        _ => Ok(see_other(&next)),
    }
}

#[derive(serde::Deserialize)]
pub struct ReachForm {
    #[serde(default)]
    lead: String,
    #[serde(default)]
    next: String,
}

/// `POST /customers/{id}/reach` — copies; lands on the record with what was done.
pub async fn reach_copy(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<ReachForm>,
) -> Result<HttpResponse, WebError> {
    let (customer, lead) = (PartnerId(path.into_inner()), lead_of(&form.lead)?);
    let next = after(&form.next, lead);
    let actor = me.actor.clone();
    match db(&state, move |c| reach::copy(c, &actor, lead, customer)).await {
        Ok(done) => {
            let key = "customer_pick.copied";
            let text = me
                .ctx
                .plural(key, done.ways.len())
                .replace("%{customer}", &done.customer_label);
            ctx::flash(&session, "success", text);
        }
        Err(crate::domain::DomainError::Conflict(reason)) => {
            ctx::flash(&session, "error", me.ctx.msg(&reason));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&next))
}
