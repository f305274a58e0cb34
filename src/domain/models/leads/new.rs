//! The row a new lead is inserted as. Public so bulk loaders (the demo, imports) can batch
//! rows whose normalised columns they computed themselves.

use diesel::prelude::*;

use crate::db::schema::leads;
use crate::domain::ids::{LeadId, LostReasonId, PartnerId, StageId, TeamId, UserId};
use crate::domain::now;

use super::{Address, Channel, Details, Kind, ValidLead};

/// A row to insert, every column but the id. Public so bulk loaders (demo, import) can batch
/// rows whose normalised columns they computed themselves.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = leads, treat_none_as_default_value = false)]
pub struct NewLead {
    pub kind: Kind,
    pub title: String,
    pub contact_name: Option<String>,
    pub contact_name_key: Option<String>,
    pub company_name: Option<String>,
    pub company_name_key: Option<String>,
    pub email: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    #[diesel(embed)]
    pub address: Address,
    #[diesel(embed)]
    pub details: Details,
    pub description: Option<String>,
    pub expected_revenue: i64,
    pub probability: i32,
    pub priority: i32,
    pub stage_id: Option<StageId>,
    pub salesperson_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    pub partner_id: Option<PartnerId>,
    pub active: bool,
    pub lost_reason_id: Option<LostReasonId>,
    pub source_channel: Channel,
    pub merged_into_id: Option<LeadId>,
    pub created_by: Option<UserId>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub converted_at: Option<chrono::NaiveDateTime>,
    pub closed_at: Option<chrono::NaiveDateTime>,
}

impl NewLead {
    /// The row for a parsed lead, created now by `author`.
    pub fn from_valid(
        valid: &ValidLead,
        kind: Kind,
        author: Option<UserId>,
        stage: Option<(StageId, i32)>,
    ) -> NewLead {
        let at = now();
        let v = valid.clone();
        NewLead {
            kind,
            title: v.title,
            contact_name: v.contact_name,
            contact_name_key: v.contact_name_key,
            company_name: v.company_name,
            company_name_key: v.company_name_key,
            email: v.email,
            email_norm: v.email_norm,
            phone: v.phone,
            phone_e164: v.phone_e164,
            mobile: v.mobile,
            mobile_e164: v.mobile_e164,
            address: v.address,
            details: v.details,
            description: v.description,
            expected_revenue: v.expected_revenue,
            probability: v.probability.or(stage.map(|s| s.1)).unwrap_or(10),
            priority: v.priority,
            stage_id: stage.map(|s| s.0),
            salesperson_id: v.salesperson_id,
            team_id: v.team_id,
            partner_id: v.partner_id,
            active: true,
            lost_reason_id: None,
            source_channel: v.source_channel,
            merged_into_id: None,
            created_by: author,
            created_at: at,
            updated_at: at,
            converted_at: None,
            closed_at: None,
        }
    }
}
