//! The Customers screen: people and companies found by name, email, phone or ID, and one
//! customer's page with its company, its contacts and the leads and opportunities linked to
//! it (only those the actor may see).

pub mod find;
pub mod reach;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{leads, partners};
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::access::visible_to;
use crate::domain::ids::PartnerId;
use crate::domain::listing::query::Row;
use crate::domain::models::partners::{self as model, Partner};

/// Customers shown per search.
pub const LIMIT: i64 = 100;

/// Active customers matching `query`: an ID (`12` or `#12`), an email, a phone number
/// (its digits) or words of the name. Blank: the first customers by name.
pub fn search(conn: &mut DbConn, query: &str) -> DomainResult<Vec<Partner>> {
    let query = query.trim();
    let by_name = model::search(conn, query, LIMIT)?;
    if !by_name.is_empty() || query.is_empty() {
        return Ok(by_name);
    }
    let mut q = partners::table
        .filter(partners::active.eq(true))
        .select(Partner::as_select())
        .into_boxed();
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    if query.contains('@') {
        q = q.filter(partners::email_norm.like(format!("%{}%", query.to_lowercase())));
    } else if digits.len() >= 3 {
        let pattern = format!("%{digits}%");
        q = q.filter(
            partners::phone_e164
                .like(pattern.clone())
                .or(partners::mobile_e164.like(pattern)),
        );
    } else {
        return Ok(Vec::new());
    }
    Ok(q.order(partners::name.asc()).limit(LIMIT).load(conn)?)
}

/// One customer as its page shows it.
#[derive(Debug, Clone)]
pub struct CustomerPage {
    pub customer: Partner,
    pub company: Option<Partner>,
    pub contacts: Vec<Partner>,
    /// Linked leads and opportunities the actor may see, newest first.
    pub records: Vec<Row>,
}

/// The page of customer `id`.
pub fn page(conn: &mut DbConn, actor: &Actor, id: PartnerId) -> DomainResult<CustomerPage> {
    let customer = model::find(conn, id)?;
    let company = match customer.company_id {
        Some(c) => model::find(conn, c).ok(),
        None => None,
    };
    let contacts = model::contacts_of(conn, id)?;
    let mut owners: Vec<PartnerId> = contacts.iter().map(|c| c.id).collect();
    owners.push(id);
    let records = leads::table
        .filter(leads::partner_id.eq_any(owners))
        .filter(leads::merged_into_id.is_null())
        .filter(visible_to(actor))
        .order(leads::id.desc())
        .limit(200)
        .select(Row::as_select())
        .load(conn)?;
    Ok(CustomerPage {
        customer,
        company,
        contacts,
        records,
    })
}
