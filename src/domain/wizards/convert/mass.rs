//! Mass conversion from the list (Actions → Convert to opportunities), in one transaction:
//!
//! - the salespeople chosen share the leads round-robin, in the order of the selection
//!   (none chosen: each lead keeps its own); the team is the one chosen, else each
//!   salesperson's first team;
//! - the customer policy: use an existing customer (the lead's own, else the best strong
//!   match) or create one, always create, or do not link;
//! - *apply deduplication* first merges each lead with its strong duplicates the actor may
//!   merge (the oldest survives and is converted); a lead already merged within the same run
//!   is skipped, never converted twice;
//! - lost, won, archived leads and opportunities are skipped and named in the outcome.

use super::customer::{CustomerChoice, can_create};
use super::form::is_strong;
use super::{assignment, convert_record, merge_first, refusal, typed_id};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{LeadId, PartnerId, TeamId, UserId};
use crate::domain::models::leads::{self as model, Lead};
use crate::domain::similarity;
use crate::i18n::Msg;

text_enum! {
    /// How mass conversion finds each opportunity's customer.
    MassCustomerPolicy, "customer policy" {
        Existing => "existing", Create => "create", None => "none",
    }
}

/// The mass conversion options as typed (strings only, like [`super::ConvertInput`]).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(default)]
pub struct MassConvertInput {
    /// Salespeople sharing the leads round-robin; none: each lead keeps its own.
    #[serde(deserialize_with = "super::super::lenient::texts")]
    pub salesperson_ids: Vec<String>,
    /// The team; blank: each salesperson's first team.
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub team_id: String,
    /// `existing` (use an existing customer or create), `create` or `none`.
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub customer: String,
    /// `1`, `on`, `true` or `yes`: merge each lead with its strong duplicates first.
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub deduplicate: String,
}

/// One lead left as it was, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Skipped {
    pub id: LeadId,
    /// A catalogue key with its arguments.
    #[schema(value_type = Object)]
    pub reason: Msg,
}

/// What [`mass_convert`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MassOutcome {
    /// The opportunities, in the order converted.
    pub converted: Vec<LeadId>,
    /// Records merged away by the deduplication.
    pub merged: Vec<LeadId>,
    pub skipped: Vec<Skipped>,
}

struct Options {
    salespeople: Vec<UserId>,
    team: Option<TeamId>,
    policy: MassCustomerPolicy,
    deduplicate: bool,
}

fn truthy(raw: &str) -> Result<bool, Msg> {
    match raw.trim().to_lowercase().as_str() {
        "" | "0" | "off" | "false" | "no" => Ok(false),
        "1" | "on" | "true" | "yes" => Ok(true),
        other => Err(Msg::new("msg.convert.not_yes_no").text("value", other)),
    }
}

impl MassConvertInput {
    fn parse(&self) -> DomainResult<Options> {
        let mut v = Validator::new();
        let mut salespeople = Vec::new();
        for raw in &self.salesperson_ids {
            match typed_id(raw, "msg.ref.not_user_number") {
                Ok(Some(id)) if !salespeople.contains(&UserId(id)) => salespeople.push(UserId(id)),
                Ok(_) => {}
                Err(m) => v.add("salesperson_ids", m),
            }
        }
        let team = v
            .check(
                "team_id",
                typed_id(&self.team_id, "msg.ref.not_team_number"),
            )
            .flatten();
        let policy = if self.customer.trim().is_empty() {
            Some(MassCustomerPolicy::Existing)
        } else {
            v.check("customer", MassCustomerPolicy::parse(&self.customer))
        };
        let deduplicate = v.check("deduplicate", truthy(&self.deduplicate));
        v.finish()?;
        Ok(Options {
            salespeople,
            team: team.map(TeamId),
            policy: policy.unwrap_or(MassCustomerPolicy::Existing),
            deduplicate: deduplicate.unwrap_or(false),
        })
    }
}

/// Converts the leads `ids` as `input` says, in one transaction, by `actor`. A hidden or
/// unknown id fails the whole run with `NotFound`; bad options are field errors.
pub fn mass_convert(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[LeadId],
    input: &MassConvertInput,
) -> DomainResult<MassOutcome> {
    let options = input.parse()?;
    if ids.is_empty() {
        return Err(DomainError::invalid(
            "ids",
            Msg::new("msg.convert.none_ticked"),
        ));
    }
    write_tx(conn, |conn| {
        let assignments = options
            .salespeople
            .iter()
            .map(|sp| assignment(conn, actor, Some(*sp), options.team))
            .collect::<DomainResult<Vec<_>>>()
            .map_err(rename_salesperson_error)?;
        let records = super::super::load_editable(conn, actor, ids)?;
        let mut out = MassOutcome::default();
        for lead in records {
            if out.merged.contains(&lead.id) || out.converted.contains(&lead.id) {
                continue;
            }
            if let Some(reason) = refusal(conn, &lead)? {
                out.skipped.push(Skipped {
                    id: lead.id,
                    reason,
                });
                continue;
            }
            let (sp, team) = match assignments.get(out.converted.len() % assignments.len().max(1)) {
                Some(a) => *a,
                None => keep_assignment(&lead, options.team),
            };
            let mut target = lead.id;
            let mut absorbed = 0;
            if options.deduplicate {
                let dups = strong_duplicates(conn, actor, &lead, &out)?;
                if !dups.is_empty() {
                    let mut group = vec![lead.id];
                    group.extend(dups);
                    let (survivor, merged) = merge_first(conn, actor, group)?;
                    target = survivor;
                    absorbed = merged.len();
                    out.merged.extend(merged);
                }
            }
            let current = model::find(conn, target)?;
            let customer = customer_for(conn, actor, &current, options.policy)?;
            convert_record(conn, actor, target, (sp, team), &customer, absorbed)?;
            out.converted.push(target);
        }
        Ok(out)
    })
}

fn rename_salesperson_error(e: DomainError) -> DomainError {
    match e {
        DomainError::Invalid(mut errors) => {
            if let Some(m) = errors.remove("salesperson_id") {
                errors.insert("salesperson_ids", m);
            }
            DomainError::Invalid(errors)
        }
        other => other,
    }
}

/// Without salespeople chosen, a lead keeps its own (and its team unless one is chosen).
fn keep_assignment(lead: &Lead, team: Option<TeamId>) -> (Option<UserId>, Option<TeamId>) {
    (lead.salesperson_id, team.or(lead.team_id))
}

/// The strong duplicates of `lead` the actor may merge, not yet converted in this run.
fn strong_duplicates(
    conn: &mut DbConn,
    actor: &Actor,
    lead: &Lead,
    run: &MassOutcome,
) -> DomainResult<Vec<LeadId>> {
    Ok(similarity::similar_to(conn, actor, lead.id)?
        .iter()
        .filter(|m| m.visible && is_strong(m))
        .filter(|m| actor.can_merge(m.record.salesperson_id.map(UserId)))
        .map(|m| LeadId(m.record.id))
        .filter(|id| !run.merged.contains(id) && !run.converted.contains(id))
        .collect())
}

/// The customer of one converted lead under `policy`.
fn customer_for(
    conn: &mut DbConn,
    actor: &Actor,
    lead: &Lead,
    policy: MassCustomerPolicy,
) -> DomainResult<CustomerChoice> {
    let create = || {
        if can_create(lead) {
            CustomerChoice::Create
        } else {
            CustomerChoice::Nothing
        }
    };
    Ok(match policy {
        MassCustomerPolicy::None => CustomerChoice::Nothing,
        MassCustomerPolicy::Create => create(),
        MassCustomerPolicy::Existing => {
            if let Some(p) = lead.partner_id {
                CustomerChoice::Link(p)
            } else {
                let best = similarity::matching_customers(conn, actor, lead.id)?
                    .into_iter()
                    .find(is_strong);
                match best {
                    Some(m) => CustomerChoice::Link(PartnerId(m.record.id)),
                    None => create(),
                }
            }
        }
    })
}
