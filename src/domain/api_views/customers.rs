//! Customers as JSON: a search (by name, email, phone or ID, as the Customers page) and one
//! customer with its company, its contacts and the records the actor may see.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::customers;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, PartnerId, UserId};
use crate::domain::models::identities;
use crate::domain::models::leads::Kind;
use crate::domain::models::partners::Partner;
use crate::domain::models::partners::PartnerKind;

use super::lead::MessengerView;

/// A customer, person or company.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerView {
    pub id: PartnerId,
    /// "person" or "company".
    pub kind: PartnerKind,
    pub name: String,
    pub company_id: Option<PartnerId>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub website: Option<String>,
    pub salesperson_id: Option<UserId>,
    pub active: bool,
    /// The customer it was merged into (it is then archived).
    pub merged_into_id: Option<PartnerId>,
}

fn customer_view(p: Partner) -> CustomerView {
    CustomerView {
        id: p.id,
        kind: p.kind,
        name: p.name,
        company_id: p.company_id,
        email: p.email,
        phone: p.phone,
        mobile: p.mobile,
        street: p.street,
        street2: p.street2,
        zip: p.zip,
        city: p.city,
        state: p.state,
        country: p.country,
        website: p.website,
        salesperson_id: p.salesperson_id,
        active: p.active,
        merged_into_id: p.merged_into_id,
    }
}

/// Customers matching `query` (at most [`customers::LIMIT`]).
pub fn search(conn: &mut DbConn, query: &str) -> DomainResult<Vec<CustomerView>> {
    Ok(customers::search(conn, query)?
        .into_iter()
        .map(customer_view)
        .collect())
}

/// A linked record, briefly.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct LinkedRecord {
    pub id: LeadId,
    pub kind: Kind,
    pub title: String,
    pub active: bool,
}

/// One customer as `GET /api/v1/customers/{id}` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct CustomerDetail {
    #[serde(flatten)]
    pub customer: CustomerView,
    pub company: Option<CustomerView>,
    pub contacts: Vec<CustomerView>,
    pub messengers: Vec<MessengerView>,
    /// Linked leads and opportunities the actor may see, newest first.
    pub records: Vec<LinkedRecord>,
}

/// The customer `id`.
pub fn detail(conn: &mut DbConn, actor: &Actor, id: PartnerId) -> DomainResult<CustomerDetail> {
    let page = customers::page(conn, actor, id)?;
    let messengers = identities::for_partner(conn, id)?
        .into_iter()
        .map(|i| MessengerView {
            id: i.id,
            channel: i.channel,
            handle: i.handle,
        })
        .collect();
    Ok(CustomerDetail {
        customer: customer_view(page.customer),
        company: page.company.map(customer_view),
        contacts: page.contacts.into_iter().map(customer_view).collect(),
        messengers,
        records: page
            .records
            .into_iter()
            .map(|r| LinkedRecord {
                id: r.id,
                kind: r.kind,
                title: r.title,
                active: r.active,
            })
            .collect(),
    })
}
