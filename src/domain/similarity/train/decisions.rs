//! The users' decisions, as training labels: merges not undone and "not a duplicate" marks.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{merges, not_duplicates};
use crate::domain::DomainResult;
use crate::domain::similarity::profile::{LeadRow, Profile, Rec};
use crate::domain::wizards::merge::journal::{RecordState, Snapshot};

/// The users' decisions: pairs merged (both records as they were) and pairs rejected.
#[derive(Default)]
pub struct Decisions {
    pub merged: Vec<(Profile, Profile)>,
    pub rejected: Vec<(Rec, Rec)>,
}

fn profile_of_state(state: &RecordState) -> Profile {
    let l = &state.lead;
    let mut p = Profile::from_lead(LeadRow {
        id: l.id.0,
        kind: l.kind.to_string(),
        title: l.title.clone(),
        contact_name: l.contact_name.clone(),
        contact_name_key: l.contact_name_key.clone(),
        company_name: l.company_name.clone(),
        company_name_key: l.company_name_key.clone(),
        email_norm: l.email_norm.clone(),
        phone: l.phone.clone(),
        phone_e164: l.phone_e164.clone(),
        mobile: l.mobile.clone(),
        mobile_e164: l.mobile_e164.clone(),
        street: l.address.street.clone(),
        city: l.address.city.clone(),
        zip: l.address.zip.clone(),
        partner_id: l.partner_id.map(|p| p.0),
        salesperson_id: l.salesperson_id.map(|u| u.0),
        team_id: l.team_id.map(|t| t.0),
        active: l.active,
        probability: l.probability,
    });
    for i in &state.identities {
        p.add_identity(i.channel.as_str(), i.handle_norm.clone());
    }
    p
}

/// Every decision users took: merges not undone, and "not a duplicate" marks.
pub fn decisions(conn: &mut DbConn) -> DomainResult<Decisions> {
    let snapshots: Vec<String> = merges::table
        .filter(merges::undone_at.is_null())
        .select(merges::snapshot)
        .load(conn)?;
    let mut merged = Vec::new();
    for json in snapshots {
        let Ok(s) = serde_json::from_str::<Snapshot>(&json) else {
            continue;
        };
        let survivor = profile_of_state(&s.survivor);
        for m in &s.merged {
            merged.push((survivor.clone(), profile_of_state(m)));
        }
    }
    let rejected = not_duplicates::table
        .select((not_duplicates::lead_a, not_duplicates::lead_b))
        .load::<(i32, i32)>(conn)?
        .into_iter()
        .map(|(a, b)| (Rec::Lead(a), Rec::Lead(b)))
        .collect();
    Ok(Decisions { merged, rejected })
}
