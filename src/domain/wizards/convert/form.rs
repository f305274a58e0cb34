//! What the Convert to Opportunity wizard shows before the user confirms, built from the
//! duplicate finder:
//!
//! - the records to merge with: the lead itself, then its probable duplicates the actor may
//!   see, each with its score and reasons (lost ones marked). Strong duplicates (same email,
//!   phone, messenger handle or customer) come ticked, and the default action is *merge*
//!   exactly when there is one the actor may merge;
//! - the assignment: the lead's salesperson and team (else the actor and their first team);
//! - the customer: *link* when a customer matches (the best match, or the lead's own
//!   customer, pre-filled), else *create* when the lead names a contact or a company, else
//!   *do not link*. Matching customers are listed so the wizard can warn before another
//!   one is created.

use super::customer::can_create;
use super::{Conversion, ConvertAction, ConvertInput, CustomerPolicy, first_team_of};
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, PartnerId, UserId};
use crate::domain::models::leads::Lead;
use crate::domain::models::partners::{self, Partner};
use crate::domain::records;
use crate::domain::similarity::summary::RecordKind;
use crate::domain::similarity::{self, Match};

/// Reason codes that make a duplicate strong: same email, phone, messenger handle, customer.
const STRONG: &[&str] = &["email:", "phone:", "h:", "customer:"];

/// Whether a match is a strong duplicate (see [`STRONG`]).
pub fn is_strong(m: &Match) -> bool {
    m.is_duplicate()
        && m.reasons
            .iter()
            .any(|r| r.weight > 0.0 && STRONG.iter().any(|p| r.code.starts_with(p)))
}

/// One record the wizard offers to merge.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MergeCandidate {
    pub id: LeadId,
    /// The lead being converted.
    pub is_self: bool,
    pub kind: RecordKind,
    pub title: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub stage: Option<String>,
    pub owner: Option<String>,
    pub lost: bool,
    pub active: bool,
    /// Similarity score (none for the lead itself).
    pub score: Option<u8>,
    pub reasons: String,
    /// A strong duplicate (ticked by default).
    pub strong: bool,
    /// Whether the actor may merge it (merging needs the right to delete).
    pub mergeable: bool,
}

impl MergeCandidate {
    fn of_match(m: &Match, actor: &Actor) -> MergeCandidate {
        let r = &m.record;
        MergeCandidate {
            id: LeadId(r.id),
            is_self: false,
            kind: r.kind,
            title: r.title.clone(),
            contact: r.contact.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            stage: r.stage.clone(),
            owner: r.owner.clone(),
            lost: r.lost,
            active: r.active,
            score: Some(m.score),
            reasons: m.reason_text(),
            strong: is_strong(m),
            mergeable: actor.can_merge(r.salesperson_id.map(UserId)),
        }
    }
}

/// The wizard as first shown.
#[derive(Debug, Clone)]
pub struct ConversionForm {
    pub lead: Lead,
    /// The lead itself first, then its visible probable duplicates, strong ones first.
    pub candidates: Vec<MergeCandidate>,
    /// Probable duplicates the actor may not see (only counted).
    pub hidden_duplicates: usize,
    /// Existing customers matching the lead, best first.
    pub customers: Vec<Match>,
    /// The lead's own customer, when it has one.
    pub current_customer: Option<Partner>,
    /// Whether the lead names a contact or a company to create a customer from.
    pub can_create_customer: bool,
    /// The default choices, ready to show or to send back as they are.
    pub input: ConvertInput,
}

impl ConversionForm {
    /// Whether the duplicate finder found a strong duplicate the actor may merge.
    pub fn has_strong_duplicates(&self) -> bool {
        self.candidates.iter().any(|c| c.is_self && c.mergeable)
            && self
                .candidates
                .iter()
                .any(|c| !c.is_self && c.strong && c.mergeable)
    }

    /// The matching customers that are probable duplicates of the lead's contact.
    pub fn duplicate_customers(&self) -> impl Iterator<Item = &Match> {
        self.customers.iter().filter(|m| m.is_duplicate())
    }
}

impl Conversion {
    /// The wizard of `lead` with its defaults. A hidden record is `NotFound`; one that
    /// cannot be converted (lost, won, archived, already an opportunity) is a `Conflict`
    /// with the reason.
    pub fn defaults(
        conn: &mut DbConn,
        actor: &Actor,
        lead: LeadId,
    ) -> DomainResult<ConversionForm> {
        let record = records::find_writable(conn, actor, lead)?;
        super::refuse_unconvertible(conn, &record)?;
        let similar = similarity::similar_to(conn, actor, lead)?;
        let hidden_duplicates = similar
            .iter()
            .filter(|m| m.is_duplicate() && !m.visible)
            .count();
        let mut others: Vec<MergeCandidate> = similar
            .iter()
            .filter(|m| m.is_duplicate() && m.visible)
            .map(|m| MergeCandidate::of_match(m, actor))
            .collect();
        others.sort_by_key(|c| (!c.strong, std::cmp::Reverse(c.score), c.id));
        let mut candidates = vec![self_candidate(conn, actor, &record)?];
        candidates.extend(others);
        let customers = similarity::matching_customers(conn, actor, lead)?;
        let current_customer = match record.partner_id {
            Some(p) => partners::find(conn, p).ok(),
            None => None,
        };
        let form = ConversionForm {
            can_create_customer: can_create(&record),
            lead: record,
            candidates,
            hidden_duplicates,
            customers,
            current_customer,
            input: ConvertInput::default(),
        };
        let input = default_input(conn, actor, &form)?;
        Ok(ConversionForm { input, ..form })
    }
}

fn self_candidate(conn: &mut DbConn, actor: &Actor, lead: &Lead) -> DomainResult<MergeCandidate> {
    let summary = similarity::summary::load(conn, &[similarity::profile::Rec::Lead(lead.id.0)])?
        .remove(&similarity::profile::Rec::Lead(lead.id.0));
    Ok(MergeCandidate {
        id: lead.id,
        is_self: true,
        kind: lead.kind.into(),
        title: lead.title.clone(),
        contact: lead.contact_name.clone(),
        email: lead.email.clone(),
        phone: lead.phone.clone().or(lead.mobile.clone()),
        stage: summary.as_ref().and_then(|s| s.stage.clone()),
        owner: summary.and_then(|s| s.owner),
        lost: lead.is_lost(),
        active: lead.active,
        score: None,
        reasons: String::new(),
        strong: false,
        mergeable: actor.can_merge(lead.salesperson_id),
    })
}

/// The salesperson and team the wizard suggests: the lead's own (its team, else the
/// salesperson's first team), else the actor and their first team.
fn suggested_assignment(
    conn: &mut DbConn,
    actor: &Actor,
    lead: &Lead,
) -> DomainResult<(UserId, Option<crate::domain::ids::TeamId>)> {
    Ok(match lead.salesperson_id {
        Some(sp) => (
            sp,
            match lead.team_id {
                Some(t) => Some(t),
                None => first_team_of(conn, sp)?,
            },
        ),
        None => (actor.id, first_team_of(conn, actor.id)?),
    })
}

/// Fills what a caller left out (the API's body) with the wizard's suggestion, as the page
/// does: no salesperson → the suggested salesperson, and the suggested team too unless one
/// was given. A salesperson given blank stays blank (nobody).
pub fn fill_assignment(
    conn: &mut DbConn,
    actor: &Actor,
    lead: LeadId,
    input: &mut ConvertInput,
    salesperson_given: bool,
    team_given: bool,
) -> DomainResult<()> {
    if salesperson_given {
        return Ok(());
    }
    let record = records::find_writable(conn, actor, lead)?;
    let (salesperson, team) = suggested_assignment(conn, actor, &record)?;
    input.salesperson_id = salesperson.to_string();
    if !team_given {
        input.team_id = team.map(|t| t.to_string()).unwrap_or_default();
    }
    Ok(())
}

fn default_input(
    conn: &mut DbConn,
    actor: &Actor,
    form: &ConversionForm,
) -> DomainResult<ConvertInput> {
    let lead = &form.lead;
    let merge_ids: Vec<String> = form
        .candidates
        .iter()
        .filter(|c| !c.is_self && c.strong && c.mergeable)
        .map(|c| c.id.to_string())
        .collect();
    let action = if form.has_strong_duplicates() {
        ConvertAction::Merge
    } else {
        ConvertAction::Convert
    };
    let (salesperson, team) = suggested_assignment(conn, actor, lead)?;
    let best = form.current_customer.as_ref().map(|p| p.id).or_else(|| {
        form.duplicate_customers()
            .next()
            .map(|m| PartnerId(m.record.id))
    });
    let customer = match best {
        Some(_) => CustomerPolicy::Link,
        None if form.can_create_customer => CustomerPolicy::Create,
        None => CustomerPolicy::None,
    };
    Ok(ConvertInput {
        action: action.as_str().into(),
        merge_ids,
        salesperson_id: salesperson.to_string(),
        team_id: team.map(|t| t.to_string()).unwrap_or_default(),
        customer: customer.as_str().into(),
        partner_id: best.map(|p| p.to_string()).unwrap_or_default(),
    })
}
