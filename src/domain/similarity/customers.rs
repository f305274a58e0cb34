//! Duplicate customers: the customers similar to one customer (the same look-ups and
//! scoring as a lead's Similar view, [`super::candidates`], keeping only customers), and the
//! customers of a scan cluster that may be merged together.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::PartnerId;
use crate::domain::similarity::candidates::{Match, matches};
use crate::domain::similarity::profile::{self, Rec};
use crate::domain::similarity::scan::Cluster;
use crate::domain::similarity::summary::{self, RecordKind, Summary};

/// What the Similar view of a customer shows.
#[derive(Debug, Clone)]
pub struct SimilarCustomers {
    pub current: Summary,
    /// Similar customers, probable duplicates first, best first.
    pub matches: Vec<Match>,
}

impl SimilarCustomers {
    /// Whether `m` may be merged with the current customer: a visible probable duplicate
    /// of the same kind (a person is never merged with a company).
    pub fn mergeable(&self, m: &Match) -> bool {
        m.visible && m.is_duplicate() && m.record.kind == self.current.kind
    }

    /// How many probable duplicates there are.
    pub fn duplicates(&self) -> usize {
        self.matches.iter().filter(|m| m.is_duplicate()).count()
    }
}

/// The customers similar to customer `id` (a missing or merged-away customer is `NotFound`).
pub fn similar_customers(
    conn: &mut DbConn,
    actor: &Actor,
    id: PartnerId,
) -> DomainResult<SimilarCustomers> {
    super::candidates::counted(|| {
        let rec = Rec::Partner(id.0);
        let subject = profile::of(conn, rec)?.ok_or(DomainError::NotFound)?;
        let found = matches(conn, actor, &subject, false, true)?;
        let current = summary::load(conn, &[rec])?
            .remove(&rec)
            .ok_or(DomainError::NotFound)?;
        Ok(SimilarCustomers {
            current,
            matches: found,
        })
    })
}

/// The customers of a cluster that may be merged together: those of the kind (person or
/// company) most of its customers have, when there are at least two.
pub fn mergeable_customers(cluster: &Cluster) -> Vec<i32> {
    let of_kind = |kind: RecordKind| -> Vec<i32> {
        cluster
            .records
            .iter()
            .filter(|r| r.is_customer && r.kind == kind)
            .map(|r| r.id)
            .collect()
    };
    let (people, companies) = (of_kind(RecordKind::Person), of_kind(RecordKind::Company));
    let best = if companies.len() >= people.len() {
        companies
    } else {
        people
    };
    if best.len() >= 2 { best } else { Vec::new() }
}

/// The customer merge wizard's address for a cluster with two or more customers of a kind.
pub fn customer_merge_href(cluster: &Cluster) -> Option<String> {
    let ids = mergeable_customers(cluster);
    (!ids.is_empty()).then(|| {
        let ids: Vec<String> = ids.iter().map(|id| format!("ids={id}")).collect();
        format!("/customers/merge?{}", ids.join("&"))
    })
}
