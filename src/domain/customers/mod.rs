//! The Customers screen: people and companies found by name, email, phone or ID, and one
//! customer's page with its company, its contacts and the leads and opportunities linked to
//! it (only those the actor may see).

pub mod edit;
pub mod find;
pub mod list;
pub mod quality;
pub mod reach;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::DomainResult;
use crate::domain::access::Actor;
use crate::domain::access::visible_to;
use crate::domain::ids::{Owner, PartnerId};
use crate::domain::listing::query::Row;
use crate::domain::models::identities::{self, Identity};
use crate::domain::models::partners::{self as model, Partner};
use crate::domain::records::{self, ChatterEntry};

/// Customers shown per search.
pub const LIMIT: i64 = find::LIMIT;

/// Active customers matching `query`: an ID (`12` or `#12`), an email, a phone number
/// (its digits) or words of the name. Blank: the first customers by name. (In
/// [`find::search`], which the Customer fields' pickers share.)
pub fn search(conn: &mut DbConn, query: &str) -> DomainResult<Vec<Partner>> {
    find::search(conn, query)
}

/// One customer as its page shows it.
#[derive(Debug, Clone)]
pub struct CustomerPage {
    pub customer: Partner,
    pub company: Option<Partner>,
    pub contacts: Vec<Partner>,
    /// Linked leads and opportunities the actor may see, newest first (the company's
    /// include its people's).
    pub records: Vec<Row>,
    pub totals: Totals,
    /// Its messengers, each with its link where the channel has one.
    pub messengers: Vec<Identity>,
    pub chatter: Vec<ChatterEntry>,
    /// Whether the actor may edit and archive it.
    pub editable: bool,
}

/// The sums of a customer's records (those the actor may see).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Leads and opportunities still open.
    pub open: usize,
    /// The expected revenue of the open ones, in cents.
    pub open_revenue: i64,
    /// Won opportunities (at 100 %).
    pub won: usize,
    pub won_revenue: i64,
    /// Lost records.
    pub lost: usize,
}

impl Totals {
    fn of(records: &[Row]) -> Totals {
        let mut t = Totals::default();
        for r in records {
            if !r.active {
                if r.probability == 0 {
                    t.lost += 1;
                }
            } else if r.probability == 100 {
                t.won += 1;
                t.won_revenue += r.expected_revenue;
            } else {
                t.open += 1;
                t.open_revenue += r.expected_revenue;
            }
        }
        t
    }
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
    let editable = customer.merged_into_id.is_none() && edit::may_edit(conn, actor, &customer)?;
    Ok(CustomerPage {
        totals: Totals::of(&records),
        messengers: identities::for_partner(conn, id)?,
        chatter: records::chatter_for(conn, Owner::Partner(id))?,
        editable,
        customer,
        company,
        contacts,
        records,
    })
}
