//! The Duplicates page (the database-wide scan) as JSON: its clusters, strongest first, each
//! with its records and its scored pairs and their reasons, paginated. The same domain scan
//! as the page, with the same rights: managers and admins (a salesperson is refused), a
//! manager seeing the clusters that hold one of their records.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::similarity::profile::Rec;
use crate::domain::similarity::scan::{Cluster, Pair};
use crate::domain::similarity::summary::{RecordKind, Summary};

use super::paging::{Page, Paging};
use super::similarity::ReasonView;

/// Clusters per page unless the caller asks otherwise.
pub const PER_PAGE: usize = 20;

/// A record of a cluster.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ClusterRecord {
    pub id: i32,
    /// "lead", "opportunity", "person" or "company".
    pub kind: RecordKind,
    pub is_customer: bool,
    pub title: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub stage: Option<String>,
    pub owner: Option<String>,
    pub salesperson_id: Option<i32>,
    pub active: bool,
    pub lost: bool,
}

/// One end of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PairEnd {
    pub id: i32,
    pub is_customer: bool,
}

/// Two records of a cluster, scored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct PairView {
    pub a: PairEnd,
    pub b: PairEnd,
    /// The match probability in whole percent.
    pub score: u8,
    pub probability: f64,
    pub reasons: Vec<ReasonView>,
}

/// A group of records that are probably one customer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ClusterView {
    /// The weakest link holding the group together, in whole percent.
    pub score: u8,
    pub weakest: f64,
    pub records: Vec<ClusterRecord>,
    pub pairs: Vec<PairView>,
}

/// One page of the scan's clusters, strongest first.
pub fn duplicates(
    conn: &mut DbConn,
    actor: &Actor,
    paging: Paging,
) -> DomainResult<Page<ClusterView>> {
    let all = crate::domain::similarity::scan(conn, actor, usize::MAX)?;
    let page = paging.cut(all);
    Ok(Page {
        items: page.items.into_iter().map(cluster_view).collect(),
        total: page.total,
        page: page.page,
        pages: page.pages,
        per_page: page.per_page,
    })
}

fn rounded(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (x * scale).round() / scale
}

fn cluster_view(c: Cluster) -> ClusterView {
    ClusterView {
        score: c.score,
        weakest: rounded(c.weakest, 4),
        records: c.records.into_iter().map(record_view).collect(),
        pairs: c.pairs.into_iter().map(pair_view).collect(),
    }
}

fn record_view(s: Summary) -> ClusterRecord {
    ClusterRecord {
        id: s.id,
        kind: s.kind,
        is_customer: s.is_customer,
        title: s.title,
        contact: s.contact,
        email: s.email,
        phone: s.phone,
        stage: s.stage,
        owner: s.owner,
        salesperson_id: s.salesperson_id,
        active: s.active,
        lost: s.lost,
    }
}

fn end(r: Rec) -> PairEnd {
    match r {
        Rec::Lead(id) => PairEnd {
            id,
            is_customer: false,
        },
        Rec::Partner(id) => PairEnd {
            id,
            is_customer: true,
        },
    }
}

fn pair_view(p: Pair) -> PairView {
    PairView {
        a: end(p.a),
        b: end(p.b),
        score: p.score,
        probability: rounded(p.probability, 4),
        reasons: p
            .reasons
            .into_iter()
            .map(|r| ReasonView {
                text: r.text,
                weight: rounded(r.weight, 1),
            })
            .collect(),
    }
}
