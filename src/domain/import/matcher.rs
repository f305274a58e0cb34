//! The duplicate finder at the import door: the row is profiled as if it were saved, its
//! match keys are looked up in `match_keys` (the same look-ups and scores as Similar Leads),
//! and the best "duplicate"-class lead is the match. An `external_id` equal to a stored
//! lead's is a match before any of that.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::error::DomainResult;
use crate::domain::similarity::candidates;
use crate::domain::similarity::profile::{self, LeadRow, Profile, Rec};
use crate::domain::similarity::score::Class;

use super::rows::Prepared;

/// The live (not merged-away) leads holding these external ids: external id → lowest id.
pub fn by_external_id(conn: &mut DbConn, ids: &[&str]) -> DomainResult<HashMap<String, i32>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(900) {
        let rows: Vec<(i32, Option<String>)> = leads::table
            .filter(leads::external_id.eq_any(chunk))
            .filter(leads::merged_into_id.is_null())
            .select((leads::id, leads::external_id))
            .order(leads::id.asc())
            .load(conn)?;
        for (id, ext) in rows {
            if let Some(ext) = ext {
                out.entry(ext).or_insert(id);
            }
        }
    }
    Ok(out)
}

/// The row's profile, as the similarity rules would see it once saved as `rec`.
pub fn profile_of(p: &Prepared, rec: Option<Rec>) -> Profile {
    let v = &p.valid;
    let mut prof = Profile::from_lead(LeadRow {
        id: 0,
        kind: p.kind.as_str().to_string(),
        title: v.title.clone(),
        contact_name: v.contact_name.clone(),
        contact_name_key: v.contact_name_key.clone(),
        company_name: v.company_name.clone(),
        company_name_key: v.company_name_key.clone(),
        email_norm: v.email_norm.clone(),
        phone: v.phone.clone(),
        phone_e164: v.phone_e164.clone(),
        mobile: v.mobile.clone(),
        mobile_e164: v.mobile_e164.clone(),
        street: v.address.street.clone(),
        city: v.address.city.clone(),
        zip: v.address.zip.clone(),
        partner_id: v.partner_id.map(|p| p.0),
        salesperson_id: v.salesperson_id.map(|u| u.0),
        team_id: v.team_id.map(|t| t.0),
        active: p.active,
        probability: v.probability.unwrap_or(10),
    });
    prof.rec = rec;
    for (channel, _, norm) in &p.messengers {
        prof.add_identity(channel.as_str(), norm.clone());
    }
    prof
}

/// The stored lead this row probably duplicates: the best-scored "duplicate" among the
/// candidates, active records before archived ones.
pub fn duplicate_of(conn: &mut DbConn, p: &Prepared) -> DomainResult<Option<i32>> {
    let subject = profile_of(p, None);
    let (recs, _) = candidates::lookup(conn, &subject)?;
    let ids: Vec<i32> = recs
        .iter()
        .filter_map(|r| match r {
            Rec::Lead(id) => Some(*id),
            Rec::Partner(_) => None,
        })
        .collect();
    if ids.is_empty() {
        return Ok(None);
    }
    let others = profile::leads(conn, &ids)?;
    let context = candidates::Context::load(conn, &[&subject])?;
    let best = others
        .iter()
        .filter_map(|other| {
            let s = context.score(&subject, other);
            let Some(Rec::Lead(id)) = other.rec else {
                return None;
            };
            (s.class == Some(Class::Duplicate)).then_some((other.active, s.score, -id))
        })
        .max();
    Ok(best.map(|(_, _, id)| -id))
}
