//! Customers: the list (`/customers`: search, people / companies / archived, list or cards),
//! a customer's page (company, people, messengers, records with totals, chatter), and its
//! Archive / Restore and note buttons. The form is in [`super::customer_form`].

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::customers::list::{self, Filter, Item, Show, View};
use crate::domain::customers::quality::{self, Resolution, Shared};
use crate::domain::customers::{self, CustomerPage, edit};
use crate::domain::ids::PartnerId;
use crate::domain::listing::query::Names;
use crate::domain::models::partners::PartnerKind;
use crate::i18n::Msg;
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, see_other};

#[derive(Template)]
#[template(path = "customers/list.html")]
pub struct CustomersPage {
    pub ctx: Ctx,
    pub filter: Filter,
    pub items: Vec<Item>,
}

impl CustomersPage {
    /// The list's address with one part of the filter changed.
    fn link(&self, show: &Show, archived: &bool, view: &View) -> String {
        let mut url = format!("/customers?show={}&view={}", show.as_str(), view.as_str());
        if *archived {
            url.push_str("&archived=1");
        }
        if !self.filter.q.is_empty() {
            url.push('&');
            url.push_str(&serde_html_form::to_string([("q", &self.filter.q)]).unwrap_or_default());
        }
        url
    }
    fn shows(&self) -> &'static [Show] {
        Show::ALL
    }
    fn full(&self) -> bool {
        self.items.len() as i64 >= list::PAGE
    }
}

#[derive(Template)]
#[template(path = "customers/show.html")]
pub struct CustomerView {
    pub ctx: Ctx,
    pub data: CustomerPage,
    pub names: Names,
}

impl CustomerView {
    fn money(&self, cents: &i64) -> String {
        self.ctx.money(cents)
    }
    /// A stored number as it reads: international when verified, else as typed.
    fn phone(&self, typed: &str, e164: &Option<String>) -> String {
        crate::domain::values::phone_shown(typed, e164.as_deref())
    }
    fn chatter_line(
        &self,
        m: &crate::domain::records::ChatterEntry,
    ) -> crate::web::chatter::ChatterLine {
        crate::web::chatter::line(&self.ctx, m)
    }
    /// The address on one line.
    fn address(&self) -> String {
        let c = &self.data.customer;
        [&c.street, &c.street2, &c.zip, &c.city, &c.state, &c.country]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The list's query string; an unknown filter or view is a 400 naming it.
#[derive(serde::Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    show: String,
    #[serde(default)]
    archived: String,
    #[serde(default)]
    view: String,
}

impl ListQuery {
    fn filter(self) -> Result<Filter, WebError> {
        let bad = |m: Msg| WebError::BadRequest(m);
        Ok(Filter {
            show: match self.show.as_str() {
                "" => Show::All,
                s => Show::parse(s).map_err(bad)?,
            },
            view: match self.view.as_str() {
                "" => View::List,
                v => View::parse(v).map_err(bad)?,
            },
            archived: matches!(self.archived.as_str(), "1" | "true" | "on"),
            q: self.q,
        })
    }
}

pub async fn list(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, WebError> {
    let filter = query.into_inner().filter()?;
    let asked = filter.clone();
    let items = db(&state, move |c| list::list(c, &asked)).await?;
    page(&CustomersPage {
        ctx: me.ctx,
        filter,
        items,
    })
}

pub async fn show(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = PartnerId(path.into_inner());
    let actor = me.actor.clone();
    let (data, names) = db(&state, move |c| {
        Ok((customers::page(c, &actor, id)?, Names::load(c)?))
    })
    .await?;
    page(&CustomerView {
        ctx: me.ctx,
        data,
        names,
    })
}

/// `POST /customers/{id}/archive` and `/restore`.
pub async fn archive(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    set_active(state, session, me, path.into_inner(), false).await
}

pub async fn restore(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<Vec<(String, String)>>,
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
    let id = PartnerId(id);
    let actor = me.actor.clone();
    let customer = db(&state, move |c| edit::set_active(c, &actor, id, active)).await?;
    let key = if active {
        "customers.restored"
    } else {
        "customers.archived_one"
    };
    ctx::flash(
        &session,
        "success",
        me.ctx.t(key).replace("%{name}", &customer.name),
    );
    Ok(see_other(&format!("/customers/{id}")))
}

#[derive(serde::Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
}

/// `POST /customers/{id}/note`: a blank note answers the page with a message.
pub async fn note(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<NoteForm>,
) -> Result<HttpResponse, WebError> {
    let id = PartnerId(path.into_inner());
    let actor = me.actor.clone();
    match db(&state, move |c| edit::post_note(c, &actor, id, &form.body)).await {
        Ok(()) => ctx::flash(&session, "success", me.ctx.t("chatter.posted")),
        Err(crate::domain::DomainError::Invalid(e)) => {
            ctx::flash(
                &session,
                "error",
                DomainError::render_fields(&e, &me.ctx.locale),
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(&format!("/customers/{id}#chatter")))
}

/// The Data quality page's one-click fix.
#[derive(serde::Deserialize)]
pub struct ResolveForm {
    company: i32,
    person: i32,
    shared: String,
    key: String,
    how: String,
}

/// `POST /data-quality/resolve`: back to the page with what was done, or why not.
pub async fn resolve_conflict(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<ResolveForm>,
) -> Result<HttpResponse, WebError> {
    let bad = |m: Msg| WebError::BadRequest(m);
    let shared = Shared::parse(&form.shared).map_err(bad)?;
    let how = Resolution::parse(&form.how).map_err(bad)?;
    let actor = me.actor.clone();
    let (company, person) = (PartnerId(form.company), PartnerId(form.person));
    let done = db(&state, move |c| {
        quality::resolve(c, &actor, company, person, shared, &form.key, how)
    })
    .await;
    match done {
        Ok(()) => ctx::flash(&session, "success", me.ctx.t("quality.resolved")),
        Err(DomainError::Invalid(e)) => {
            ctx::flash(
                &session,
                "error",
                DomainError::render_fields(&e, &me.ctx.locale),
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other("/data-quality"))
}
