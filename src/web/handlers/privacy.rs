//! A person's data, from a lead's or a customer's page (admins only): the records found
//! with downloads as JSON and CSV (`GET …/personal-data`, `.json`, `.csv`), and the
//! erasure's confirmation page and POST (`…/personal-data/erase`). The domain decides who
//! may (`domain::privacy`); the pages only show.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::records::show::NoFields;
use crate::domain::ids::{LeadId, PartnerId};
use crate::domain::privacy::{self, ErasePreview, PersonExport, Start};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::router::{self as route, Router};
use crate::web::{AppState, WebError, db, page, see_other};

/// The routes, from a lead and from a customer.
pub fn routes(cfg: &mut Router) {
    for base in ["/leads/{id}", "/customers/{id}"] {
        cfg.route(&format!("{base}/personal-data"), route::get().to(show))
            .route(
                &format!("{base}/personal-data.json"),
                route::get().to(download_json),
            )
            .route(
                &format!("{base}/personal-data.csv"),
                route::get().to(download_csv),
            )
            .route(
                &format!("{base}/personal-data/erase"),
                route::get().to(confirm),
            )
            .route(
                &format!("{base}/personal-data/erase"),
                route::post().to(erase),
            );
    }
}

/// The record the request starts from, and its page's path.
fn start_of(req: &HttpRequest, id: i32) -> (Start, String) {
    if req.path().starts_with("/customers/") {
        (Start::Customer(PartnerId(id)), format!("/customers/{id}"))
    } else {
        (Start::Lead(LeadId(id)), format!("/leads/{id}"))
    }
}

#[derive(Template)]
#[template(path = "privacy/export.html")]
pub struct ExportPage {
    pub ctx: Ctx,
    pub data: PersonExport,
    /// The start record's page (`/leads/1`), the base of the page's links.
    pub base: String,
}

impl ExportPage {
    /// A stored value as shown: the erasure marker translated, an empty one as a dash.
    fn shown(&self, value: &Option<String>) -> String {
        match value.as_deref() {
            Some(v) if privacy::is_erased(v) => self.ctx.t("privacy.erased"),
            Some(v) if !v.is_empty() => v.to_string(),
            _ => "—".into(),
        }
    }
    fn name(&self, name: &str) -> String {
        self.shown(&Some(name.to_string()))
    }
    fn messages(&self) -> usize {
        let leads: usize = self.data.leads.iter().map(|l| l.messages.len()).sum();
        leads
            + self
                .data
                .customers
                .iter()
                .map(|c| c.messages.len())
                .sum::<usize>()
    }
}

/// `GET /leads/{id}/personal-data`: the person's records, with the downloads.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (start, base) = start_of(&req, id.into_inner());
    let actor = me.actor.clone();
    let data = db(&state, move |c| privacy::export(c, &actor, start)).await?;
    page(&ExportPage {
        ctx: me.ctx,
        data,
        base,
    })
}

fn attachment(body: Vec<u8>, content_type: &str, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("cache-control", "no-store"))
        .body(body)
}

/// `GET /leads/{id}/personal-data.json`.
pub async fn download_json(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let (start, _) = start_of(&req, id);
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let json = db(&state, move |c| {
        privacy::to_json(&privacy::export_recorded(
            c, &actor, &origin, start, "json",
        )?)
    })
    .await?;
    let name = format!("personal-data-{id}.json");
    Ok(attachment(json.into_bytes(), "application/json", &name))
}

/// `GET /leads/{id}/personal-data.csv`.
pub async fn download_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let (start, _) = start_of(&req, id);
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let csv = db(&state, move |c| {
        privacy::to_csv(&privacy::export_recorded(c, &actor, &origin, start, "csv")?)
    })
    .await?;
    let name = format!("personal-data-{id}.csv");
    Ok(attachment(csv, "text/csv; charset=utf-8", &name))
}

#[derive(Template)]
#[template(path = "privacy/erase.html")]
pub struct ErasePage {
    pub ctx: Ctx,
    pub preview: ErasePreview,
    pub base: String,
}

impl ErasePage {
    /// The lines of what the erasure touches: records, messages, messenger accounts.
    fn counts(&self) -> Vec<String> {
        let p = &self.preview;
        [
            ("privacy.count_leads", p.leads),
            ("privacy.count_customers", p.customers),
            ("privacy.count_messages", p.messages),
            ("privacy.count_identities", p.identities),
        ]
        .into_iter()
        .map(|(key, n)| self.ctx.plural(key, n))
        .collect()
    }
}

/// `GET /leads/{id}/personal-data/erase`: what an erasure will touch, and its button.
pub async fn confirm(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (start, base) = start_of(&req, id.into_inner());
    let actor = me.actor.clone();
    let preview = db(&state, move |c| privacy::preview(c, &actor, start)).await?;
    page(&ErasePage {
        ctx: me.ctx,
        preview,
        base,
    })
}

/// `POST /leads/{id}/personal-data/erase`: erases, then back to the (now erased) record.
pub async fn erase(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    id: web::Path<i32>,
    Form(_): Form<NoFields>,
) -> Result<HttpResponse, WebError> {
    let (start, base) = start_of(&req, id.into_inner());
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let done = db(&state, move |c| privacy::erase(c, &actor, &origin, start)).await?;
    let text = me.ctx.plural(
        "privacy.erased_done",
        done.leads.len() + done.customers.len(),
    );
    ctx::flash(&session, "success", text);
    Ok(see_other(&base))
}
