//! Similar records as JSON: each match with its score, its class and its reasons. A match the
//! actor may not open says only that it exists, its kind and its owner (as the card does).

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::LeadId;
use crate::domain::similarity::summary::RecordKind;
use crate::domain::similarity::{self, Class, Match};

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ReasonView {
    pub text: String,
    /// The evidence's weight in bits: positive for a match, negative against.
    pub weight: f64,
}

/// A similar record.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct MatchView {
    pub id: i32,
    /// "lead", "opportunity", "person" or "company".
    pub kind: RecordKind,
    pub is_customer: bool,
    /// The match probability in whole percent.
    pub score: u8,
    /// The match probability, 0 to 1 (four decimals).
    pub probability: f64,
    /// "duplicate", "same_organisation" or "same_customer" (another deal of the customer).
    #[schema(value_type = String)]
    pub class: &'static str,
    pub reasons: Vec<ReasonView>,
    /// Whether the actor may open it; if not, the fields below are empty.
    pub visible: bool,
    pub title: Option<String>,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub stage: Option<String>,
    pub owner: Option<String>,
    pub active: bool,
    pub lost: bool,
}

/// The JSON of one match, redacted when hidden.
pub fn match_view(m: &Match) -> MatchView {
    let r = &m.record;
    let shown = |v: &Option<String>| if m.visible { v.clone() } else { None };
    MatchView {
        id: r.id,
        kind: r.kind,
        is_customer: r.is_customer,
        score: m.score,
        probability: (m.probability * 10_000.0).round() / 10_000.0,
        class: match m.class {
            Class::Duplicate => "duplicate",
            Class::SameOrganisation => "same_organisation",
            Class::SameCustomer => "same_customer",
        },
        reasons: if m.visible {
            m.reasons
                .iter()
                .map(|x| ReasonView {
                    text: x.text.clone(),
                    weight: (x.weight * 10.0).round() / 10.0,
                })
                .collect()
        } else {
            Vec::new()
        },
        visible: m.visible,
        title: m.visible.then(|| r.title.clone()),
        contact: shown(&r.contact),
        email: shown(&r.email),
        phone: shown(&r.phone),
        stage: shown(&r.stage),
        owner: r.owner.clone(),
        active: r.active,
        lost: r.lost,
    }
}

/// What `GET /api/v1/leads/{id}/similar` answers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct SimilarView {
    pub lead_id: i32,
    /// Probable duplicates in `matches` (what the Similar Leads button counts).
    pub duplicates: usize,
    pub matches: Vec<MatchView>,
    /// Existing customers matching the record.
    pub customers: Vec<MatchView>,
}

/// The similar records of a visible lead.
pub fn similar(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<SimilarView> {
    let found = similarity::similar_leads(conn, actor, id)?;
    Ok(SimilarView {
        lead_id: id.0,
        duplicates: found.matches.iter().filter(|m| m.is_duplicate()).count(),
        matches: found.matches.iter().map(match_view).collect(),
        customers: found.customers.iter().map(match_view).collect(),
    })
}
