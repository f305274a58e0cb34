//! The merge wizard's preview as JSON: what `POST /api/v1/leads/merge` would do with the same
//! body, computed by the wizard's own [`Merge::preview`] (nothing is written). The survivor,
//! each field's kept value and the record it comes from, the tags and messengers the result
//! keeps, the won records and the records the actor may not merge.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, StageId, TeamId, UserId};
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::Kind;
use crate::domain::wizards::merge::{Merge, Preview};

/// One record of the selection, survivor first, then the others oldest first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewRecord {
    pub id: LeadId,
    pub title: String,
    pub kind: Kind,
    pub stage_id: Option<StageId>,
    pub salesperson_id: Option<UserId>,
    pub active: bool,
    /// In a won stage: merging it is allowed, the wizard warns.
    pub won: bool,
    /// Whether the actor may merge it (the right to delete it).
    pub may_merge: bool,
    pub tags: Vec<String>,
}

/// One field of the result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewField {
    pub field: &'static str,
    /// The value kept, as stored (ids as numbers in text; `null`: empty everywhere).
    pub value: Option<String>,
    /// The record the value comes from (`null`: computed from several, or empty).
    pub from_id: Option<LeadId>,
    /// Whether the records disagree on this field.
    pub differs: bool,
}

/// A messenger handle the result keeps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PreviewMessenger {
    pub channel: IdentityChannel,
    pub handle: String,
}

/// What the merge would do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MergePreview {
    pub survivor_id: LeadId,
    pub merged_ids: Vec<LeadId>,
    pub records: Vec<PreviewRecord>,
    pub fields: Vec<PreviewField>,
    pub salesperson_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    /// Every tag of every record (the result keeps the union).
    pub tags: Vec<String>,
    pub messengers: Vec<PreviewMessenger>,
    /// Records the actor may not merge, as `#id title`: the merge would answer 403.
    pub refused: Vec<String>,
    /// Whether the merge would go through for this actor (nothing refused).
    pub allowed: bool,
}

/// The preview of `wizard` for `actor`: hidden records are not found, records merged away
/// are a conflict, bad choices are field errors, as the merge itself answers.
pub fn preview(conn: &mut DbConn, actor: &Actor, wizard: &Merge) -> DomainResult<MergePreview> {
    Ok(view(wizard.preview(conn, actor)?))
}

fn view(p: Preview) -> MergePreview {
    let mut tags: Vec<String> = Vec::new();
    for t in p.tags.iter().flatten() {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
    let mut messengers: Vec<PreviewMessenger> = Vec::new();
    for (channel, handle) in p.messengers.iter().flatten() {
        if !messengers
            .iter()
            .any(|m| m.channel == *channel && m.handle == *handle)
        {
            messengers.push(PreviewMessenger {
                channel: *channel,
                handle: handle.clone(),
            });
        }
    }
    let records = p
        .records
        .iter()
        .zip(p.tags.iter())
        .map(|(l, tags)| PreviewRecord {
            id: l.id,
            title: l.title.clone(),
            kind: l.kind,
            stage_id: l.stage_id,
            salesperson_id: l.salesperson_id,
            active: l.active,
            won: p.won.contains(&l.id),
            may_merge: !p
                .refused
                .contains(&crate::domain::wizards::merge::policy::marker(l)),
            tags: tags.clone(),
        })
        .collect();
    MergePreview {
        survivor_id: p.result.id,
        merged_ids: p.records.iter().skip(1).map(|l| l.id).collect(),
        records,
        fields: p
            .picks
            .into_iter()
            .map(|pick| PreviewField {
                field: pick.field,
                value: pick.value.map(|v| match pick.field.ends_with("_id") {
                    true => v.trim_start_matches('#').to_string(),
                    false => v,
                }),
                from_id: pick.from,
                differs: pick.differs,
            })
            .collect(),
        salesperson_id: p.result.salesperson_id,
        team_id: p.result.team_id,
        tags,
        messengers,
        allowed: p.refused.is_empty(),
        refused: p.refused,
    }
}
