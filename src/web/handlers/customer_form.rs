//! The customer form: create (`/customers/new`, `POST /customers`) and edit
//! (`/customers/{id}/edit`): kind, name, company, ways to reach, address, salesperson and
//! the Messengers rows. Mistakes re-render the form (422) with the typed values and a
//! message next to each field.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::domain::customers::edit;
use crate::domain::error::FieldErrors;
use crate::domain::ids::{IdentityId, PartnerId};
use crate::domain::models::identities::{self, Identity, IdentityChannel};
use crate::domain::models::partners::{self, PartnerInput, PartnerKind};
use crate::domain::models::users::{self, User};
use crate::domain::records::{MessengerEdits, MessengerInput};
use crate::domain::{DomainError, DomainResult};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::handlers::records::posted::{blank_rows, posted_fields, posted_messengers};
use crate::web::{AppState, WebError, db, page, render, see_other};

#[derive(Template)]
#[template(path = "customers/form.html")]
pub struct CustomerFormPage {
    pub ctx: Ctx,
    pub id: Option<PartnerId>,
    pub form: PartnerInput,
    pub messengers: Vec<MessengerInput>,
    pub remove: Vec<String>,
    pub identities: Vec<Identity>,
    pub users: Vec<User>,
    /// The name of the company typed in `company_id`, when it is one.
    pub company_name: Option<String>,
    pub errors: FieldErrors,
}

impl CustomerFormPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
    fn channels(&self) -> &'static [IdentityChannel] {
        IdentityChannel::ALL
    }
    fn kinds(&self) -> &'static [PartnerKind] {
        PartnerKind::ALL
    }
    fn kept_identities(&self) -> &[Identity] {
        &self.identities
    }
    fn removing(&self, id: &IdentityId) -> bool {
        self.remove.contains(&id.to_string())
    }
    fn action(&self) -> String {
        self.id
            .map_or("/customers".into(), |id| format!("/customers/{id}/edit"))
    }
    fn cancel(&self) -> String {
        self.id
            .map_or("/customers".into(), |id| format!("/customers/{id}"))
    }
}

struct Loaded {
    identities: Vec<Identity>,
    users: Vec<User>,
    company_name: Option<String>,
}

fn load(conn: &mut DbConn, id: Option<PartnerId>, company: &str) -> DomainResult<Loaded> {
    let company_name = company
        .trim()
        .trim_start_matches('#')
        .parse::<i32>()
        .ok()
        .and_then(|c| partners::find(conn, PartnerId(c)).ok())
        .filter(|c| c.kind == PartnerKind::Company)
        .map(|c| c.name);
    Ok(Loaded {
        identities: match id {
            Some(id) => identities::for_partner(conn, id)?,
            None => Vec::new(),
        },
        users: users::list_active(conn)?,
        company_name,
    })
}

fn form_page(
    ctx: Ctx,
    id: Option<PartnerId>,
    form: PartnerInput,
    typed: (Vec<MessengerInput>, Vec<String>),
    loaded: Loaded,
    errors: FieldErrors,
) -> CustomerFormPage {
    CustomerFormPage {
        ctx,
        id,
        form,
        messengers: blank_rows(typed.0),
        remove: typed.1,
        identities: loaded.identities,
        users: loaded.users,
        company_name: loaded.company_name,
        errors,
    }
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    /// `company` or `person` (default).
    #[serde(default)]
    kind: String,
    /// For a new person: the company they belong to.
    #[serde(default)]
    company_id: String,
}

pub async fn new_form(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, WebError> {
    let query = query.into_inner();
    let company = query.company_id.clone();
    let loaded = db(&state, move |c| load(c, None, &company)).await?;
    let form = PartnerInput {
        kind: PartnerKind::parse(&query.kind)
            .unwrap_or(PartnerKind::Person)
            .as_str()
            .into(),
        company_id: query.company_id,
        ..PartnerInput::default()
    };
    page(&form_page(
        me.ctx,
        None,
        form,
        (Vec::new(), Vec::new()),
        loaded,
        FieldErrors::new(),
    ))
}

pub async fn edit_form(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = PartnerId(path.into_inner());
    let actor = me.actor.clone();
    let (customer, loaded) = db(&state, move |c| {
        let customer = edit::find_writable(c, &actor, id)?;
        let company = customer
            .company_id
            .map(|c| c.to_string())
            .unwrap_or_default();
        Ok((customer, load(c, Some(id), &company)?))
    })
    .await?;
    page(&form_page(
        me.ctx,
        Some(id),
        PartnerInput::of_partner(&customer),
        (Vec::new(), Vec::new()),
        loaded,
        FieldErrors::new(),
    ))
}

pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    save(state, session, me, None, pairs).await
}

pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<HttpResponse, WebError> {
    save(
        state,
        session,
        me,
        Some(PartnerId(path.into_inner())),
        pairs,
    )
    .await
}

async fn save(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    id: Option<PartnerId>,
    pairs: Vec<(String, String)>,
) -> Result<HttpResponse, WebError> {
    let input: PartnerInput = posted_fields(&pairs)?;
    let (edits, remove_raw): (MessengerEdits, Vec<String>) = posted_messengers(&pairs);
    let (actor, typed, to_apply) = (me.actor.clone(), input.clone(), edits.clone());
    let saved = db(&state, move |c| match id {
        Some(id) => edit::update(c, &actor, id, &typed, &to_apply),
        None => edit::create(c, &actor, &typed, &to_apply),
    })
    .await;
    match saved {
        Ok(customer) => {
            let text = me
                .ctx
                .t("customers.saved")
                .replace("%{name}", &customer.name);
            ctx::flash(&session, "success", text);
            Ok(see_other(&format!("/customers/{}", customer.id)))
        }
        Err(DomainError::Invalid(errors)) => {
            let company = input.company_id.clone();
            let loaded = db(&state, move |c| load(c, id, &company)).await?;
            let page = form_page(me.ctx, id, input, (edits.add, remove_raw), loaded, errors);
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}
