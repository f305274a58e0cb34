//! The Customers list: people and companies in one list, searched by name in any script,
//! by ID (`12`, `#12`), by email or by phone, filtered to people, companies or the
//! archived, shown as a table or as cards.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{leads, partners};
use crate::domain::DomainResult;
use crate::domain::enums::text_enum;
use crate::domain::ids::PartnerId;
use crate::domain::models::partners::{Partner, PartnerKind};
use crate::domain::similarity::normalise;

text_enum! {
    /// Which customers the list shows.
    Show, "customer filter" { All => "all", People => "people", Companies => "companies" }
}

text_enum! {
    /// How the list is drawn.
    View, "customer view" { List => "list", Kanban => "kanban" }
}

/// Customers shown per page of the list.
pub const PAGE: i64 = 100;

/// What the list is asked for (the query string of `/customers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub q: String,
    pub show: Show,
    /// The archived customers instead of the active ones.
    pub archived: bool,
    pub view: View,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            q: String::new(),
            show: Show::All,
            archived: false,
            view: View::List,
        }
    }
}

/// One customer of the list with what its row or card shows.
#[derive(Debug, Clone)]
pub struct Item {
    pub customer: Partner,
    /// The company a person belongs to: its id and name.
    pub company: Option<(PartnerId, String)>,
    /// Linked leads and opportunities still open, not won (the company's include its
    /// people's).
    pub open_records: i64,
}

/// The customers `filter` asks for, by name, at most [`PAGE`], with what the list shows.
pub fn list(conn: &mut DbConn, filter: &Filter) -> DomainResult<Vec<Item>> {
    let found = matching(conn, filter)?;
    items(conn, found)
}

/// The customers `filter` asks for, by name, at most [`PAGE`]: an ID (`12`, `#12`), an
/// email, a phone number (its digits) or the words of a name in any script.
pub fn matching(conn: &mut DbConn, filter: &Filter) -> DomainResult<Vec<Partner>> {
    let mut q = partners::table
        .filter(partners::active.eq(!filter.archived))
        .select(Partner::as_select())
        .into_boxed();
    q = match filter.show {
        Show::All => q,
        Show::People => q.filter(partners::kind.eq(PartnerKind::Person)),
        Show::Companies => q.filter(partners::kind.eq(PartnerKind::Company)),
    };
    let text = filter.q.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if let Ok(id) = text.trim_start_matches('#').parse::<i32>() {
        q = q.filter(partners::id.eq(id));
    } else if text.contains('@') {
        q = q.filter(partners::email_norm.like(format!("%{}%", text.to_lowercase())));
    } else if digits.len() >= 3 && !text.chars().any(char::is_alphabetic) {
        let pattern = format!("%{digits}%");
        q = q.filter(
            partners::phone_e164
                .like(pattern.clone())
                .or(partners::mobile_e164.like(pattern)),
        );
    } else {
        let words = normalise::company_key(text).unwrap_or_default();
        for word in words.split_whitespace() {
            q = q.filter(partners::name_key.like(format!("%{word}%")));
        }
    }
    Ok(q.order((partners::name.asc(), partners::id.asc()))
        .limit(PAGE)
        .load(conn)?)
}

fn items(conn: &mut DbConn, found: Vec<Partner>) -> DomainResult<Vec<Item>> {
    let company_ids: Vec<i32> = found
        .iter()
        .filter_map(|p| p.company_id.map(|c| c.0))
        .collect();
    let companies: HashMap<i32, String> = partners::table
        .filter(partners::id.eq_any(&company_ids))
        .select((partners::id, partners::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let ids: Vec<i32> = found.iter().map(|p| p.id.0).collect();
    let open = open_counts(conn, &ids)?;
    Ok(found
        .into_iter()
        .map(|customer| Item {
            company: customer
                .company_id
                .and_then(|c| companies.get(&c.0).map(|n| (c, n.clone()))),
            open_records: open.get(&customer.id.0).copied().unwrap_or(0),
            customer,
        })
        .collect())
}

/// Open linked records (active, not won) per customer; a company counts its people's too.
fn open_counts(conn: &mut DbConn, ids: &[i32]) -> DomainResult<HashMap<i32, i64>> {
    let people: Vec<(i32, Option<i32>)> = partners::table
        .filter(partners::company_id.eq_any(ids))
        .select((partners::id, partners::company_id))
        .load(conn)?;
    let mut owner_of: HashMap<i32, Vec<i32>> = ids.iter().map(|id| (*id, vec![*id])).collect();
    for (person, company) in people {
        if let Some(c) = company {
            owner_of.entry(person).or_default().push(c);
        }
    }
    let all: Vec<i32> = owner_of.keys().copied().collect();
    let rows: Vec<(Option<i32>, i64)> = leads::table
        .filter(leads::partner_id.eq_any(&all))
        .filter(leads::active.eq(true))
        .filter(leads::probability.lt(100))
        .filter(leads::merged_into_id.is_null())
        .group_by(leads::partner_id)
        .select((leads::partner_id, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = HashMap::new();
    for (partner, n) in rows {
        for owner in partner.and_then(|p| owner_of.get(&p)).into_iter().flatten() {
            if ids.contains(owner) {
                *counts.entry(*owner).or_insert(0) += n;
            }
        }
    }
    Ok(counts)
}
