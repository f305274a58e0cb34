//! Configuration → Webhooks (managers and admins): the endpoints, a form to register one,
//! each endpoint's settings (edit, rotate the secret, delete) and its deliveries with a
//! Replay button. A secret is shown once, on the answer that made it.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::error::FieldErrors;
use crate::domain::webhooks::deliveries::{self, Delivery};
use crate::domain::webhooks::endpoints::{self, Endpoint, EndpointSummary};
use crate::domain::webhooks::{EndpointInput, EventType};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

const LIST: &str = "/config/webhooks";
/// How many deliveries the page shows.
const SHOWN: i64 = 100;

/// The endpoint form as posted: `events` repeated, `active` present when ticked.
#[derive(serde::Deserialize, Default, Clone)]
pub struct EndpointForm {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub events: Vec<String>,
    #[serde(default)]
    pub active: Option<String>,
}

impl EndpointForm {
    fn input(&self) -> EndpointInput {
        EndpointInput {
            url: self.url.clone(),
            events: self.events.clone(),
            active: self.active.is_some(),
        }
    }

    /// A new endpoint's form: active, wanting `duplicate.found`.
    fn new_endpoint() -> EndpointForm {
        EndpointForm {
            url: String::new(),
            events: vec![EventType::DuplicateFound.as_str().into()],
            active: Some("on".into()),
        }
    }

    fn of(endpoint: &Endpoint) -> EndpointForm {
        EndpointForm {
            url: endpoint.url.clone(),
            events: endpoint
                .event_types()
                .iter()
                .map(|e| e.as_str().to_string())
                .collect(),
            active: endpoint.active.then(|| "on".into()),
        }
    }

    pub fn wants(&self, event: &EventType) -> bool {
        self.events.iter().any(|e| e == event.as_str())
    }
}

/// The list with the form for a new endpoint.
#[derive(Template)]
#[template(path = "webhooks/list.html")]
pub struct WebhooksPage {
    pub ctx: Ctx,
    pub endpoints: Vec<EndpointSummary>,
    pub form: EndpointForm,
    pub errors: FieldErrors,
    /// The endpoint just made and its secret, shown this once.
    pub created: Option<(i32, String)>,
}

/// One endpoint's settings.
#[derive(Template)]
#[template(path = "webhooks/edit.html")]
pub struct EndpointPage {
    pub ctx: Ctx,
    pub endpoint: Endpoint,
    pub form: EndpointForm,
    pub errors: FieldErrors,
    /// A secret just rotated, shown this once.
    pub secret: Option<String>,
}

/// One endpoint's deliveries.
#[derive(Template)]
#[template(path = "webhooks/deliveries.html")]
pub struct DeliveriesPage {
    pub ctx: Ctx,
    pub endpoint: Endpoint,
    pub deliveries: Vec<Delivery>,
}

/// What the templates share: the event names and the field errors.
pub trait Labels {
    fn ctx(&self) -> &Ctx;

    fn event_label(&self, event: &EventType) -> String {
        self.ctx().t(&event.label_key())
    }

    fn events(&self) -> [EventType; 8] {
        EventType::ALL
    }
}

impl Labels for WebhooksPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
}

impl Labels for EndpointPage {
    fn ctx(&self) -> &Ctx {
        &self.ctx
    }
}

impl WebhooksPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
}

impl EndpointPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
}

impl DeliveriesPage {
    fn status_label(&self, d: &Delivery) -> String {
        self.ctx.t(&format!("webhooks.status_{}", d.status))
    }

    fn event_label(&self, d: &Delivery) -> String {
        EventType::parse(&d.event_type)
            .map_or_else(|| d.event_type.clone(), |e| self.ctx.t(&e.label_key()))
    }
}

async fn list_page(
    state: &web::Data<AppState>,
    me: SignedIn,
    form: EndpointForm,
    errors: FieldErrors,
    created: Option<(i32, String)>,
    status: StatusCode,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let endpoints = db(state, move |c| endpoints::list(c, &actor)).await?;
    let page = WebhooksPage {
        ctx: me.ctx,
        endpoints,
        form,
        errors,
        created,
    };
    render(&page, status)
}

/// `GET /config/webhooks`
pub async fn list(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    let form = EndpointForm::new_endpoint();
    list_page(&state, me, form, FieldErrors::new(), None, StatusCode::OK).await
}

/// `POST /config/webhooks`: the secret is shown on the answer itself (never kept in the
/// session).
pub async fn create(
    state: web::Data<AppState>,
    me: SignedIn,
    Form(form): Form<EndpointForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, input) = (me.actor.clone(), form.input());
    match db(&state, move |c| endpoints::create(c, &actor, &input)).await {
        Ok((endpoint, secret)) => {
            let created = Some((endpoint.id, secret));
            let blank = EndpointForm::new_endpoint();
            list_page(
                &state,
                me,
                blank,
                FieldErrors::new(),
                created,
                StatusCode::OK,
            )
            .await
        }
        Err(DomainError::Invalid(errors)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            list_page(&state, me, form, errors, None, status).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /config/webhooks/{id}`
pub async fn edit(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (me.actor.clone(), path.into_inner());
    let endpoint = db(&state, move |c| endpoints::find(c, &actor, id)).await?;
    page(&EndpointPage {
        ctx: me.ctx,
        form: EndpointForm::of(&endpoint),
        endpoint,
        errors: FieldErrors::new(),
        secret: None,
    })
}

/// `POST /config/webhooks/{id}`
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<EndpointForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, id, input) = (me.actor.clone(), path.into_inner(), form.input());
    match db(&state, move |c| endpoints::update(c, &actor, id, &input)).await {
        Ok(_) => {
            ctx::flash(&session, "success", me.ctx.t("webhooks.saved"));
            Ok(see_other(LIST))
        }
        Err(DomainError::Invalid(errors)) => {
            let actor = me.actor.clone();
            let endpoint = db(&state, move |c| endpoints::find(c, &actor, id)).await?;
            let page = EndpointPage {
                ctx: me.ctx,
                endpoint,
                form,
                errors,
                secret: None,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /config/webhooks/{id}/rotate`: the new secret on the answer, shown once.
pub async fn rotate(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<EndpointForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (me.actor.clone(), path.into_inner());
    let (endpoint, secret) = db(&state, move |c| {
        let secret = endpoints::rotate_secret(c, &actor, id)?;
        Ok((endpoints::find(c, &actor, id)?, secret))
    })
    .await?;
    page(&EndpointPage {
        ctx: me.ctx,
        form: EndpointForm::of(&endpoint),
        endpoint,
        errors: FieldErrors::new(),
        secret: Some(secret),
    })
}

/// `POST /config/webhooks/{id}/delete`
pub async fn delete(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    _form: Form<EndpointForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (me.actor.clone(), path.into_inner());
    db(&state, move |c| endpoints::delete(c, &actor, id)).await?;
    ctx::flash(&session, "success", me.ctx.t("webhooks.deleted"));
    Ok(see_other(LIST))
}

/// `GET /config/webhooks/{id}/deliveries`
pub async fn deliveries(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (me.actor.clone(), path.into_inner());
    let (endpoint, deliveries) = db(&state, move |c| {
        let endpoint = endpoints::find(c, &actor, id)?;
        Ok((endpoint, deliveries::list_for(c, &actor, id, SHOWN)?))
    })
    .await?;
    page(&DeliveriesPage {
        ctx: me.ctx,
        endpoint,
        deliveries,
    })
}

/// `POST /config/webhooks/{id}/deliveries/{delivery}/replay`
pub async fn replay(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<(i32, i32)>,
    _form: Form<EndpointForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, (id, delivery)) = (me.actor.clone(), path.into_inner());
    db(&state, move |c| deliveries::replay(c, &actor, id, delivery)).await?;
    ctx::flash(&session, "success", me.ctx.t("webhooks.replayed"));
    Ok(see_other(&format!("{LIST}/{id}/deliveries")))
}
