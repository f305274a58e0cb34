//! Customers: the searchable list (`/customers?q=`) and a customer's page with its leads.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::customers::{self, CustomerPage};
use crate::domain::ids::PartnerId;
use crate::domain::listing::query::Names;
use crate::domain::models::partners::Partner;
use crate::domain::values::format_money;
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::{AppState, WebError, db, page};

#[derive(Template)]
#[template(path = "customers/list.html")]
pub struct CustomersPage {
    pub ctx: Ctx,
    pub query: String,
    pub customers: Vec<Partner>,
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
        format_money(*cents)
    }
}

#[derive(serde::Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
}

pub async fn list(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, WebError> {
    let q = query.into_inner().q;
    let text = q.clone();
    let customers = db(&state, move |c| customers::search(c, &text)).await?;
    page(&CustomersPage {
        ctx: me.ctx,
        query: q,
        customers,
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
