//! The profiles of given records, identities included, and how a page of them is built.

use std::collections::HashMap;

use diesel::prelude::*;

use super::build::{LeadRow, PartnerRow};
use super::record::{Profile, Rec};
use crate::db::DbConn;
use crate::db::schema::{identities, leads, partners};
use crate::domain::DomainResult;

pub(super) type IdentityRow = (Option<i32>, Option<i32>, String, String);

pub(super) fn attach(profiles: &mut [Profile], rows: Vec<IdentityRow>) {
    let index: HashMap<Rec, usize> = profiles
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.rec.map(|r| (r, i)))
        .collect();
    for (lead, partner, channel, norm) in rows {
        let rec = match (lead, partner) {
            (Some(l), _) => Rec::Lead(l),
            (None, Some(p)) => Rec::Partner(p),
            _ => continue,
        };
        if let Some(&i) = index.get(&rec) {
            profiles[i].add_identity(&channel, norm);
        }
    }
}

const ID_CHUNK: usize = 900;

/// Profiles of these leads (merged-away leads excluded), identities included.
pub fn leads(conn: &mut DbConn, ids: &[i32]) -> DomainResult<Vec<Profile>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ID_CHUNK) {
        let rows: Vec<LeadRow> = leads::table
            .filter(leads::id.eq_any(chunk))
            .filter(leads::merged_into_id.is_null())
            .select(LeadRow::as_select())
            .load(conn)?;
        let mut profiles = build_all(rows, Profile::from_lead);
        let idents: Vec<IdentityRow> = identities::table
            .filter(identities::lead_id.eq_any(chunk))
            .select((
                identities::lead_id,
                identities::partner_id,
                identities::channel,
                identities::handle_norm,
            ))
            .load(conn)?;
        attach(&mut profiles, idents);
        out.extend(profiles);
    }
    Ok(out)
}

/// Profiles of these partners (merged-away partners excluded), identities included.
pub fn partners(conn: &mut DbConn, ids: &[i32]) -> DomainResult<Vec<Profile>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(ID_CHUNK) {
        let rows: Vec<PartnerRow> = partners::table
            .filter(partners::id.eq_any(chunk))
            .filter(partners::merged_into_id.is_null())
            .select(PartnerRow::as_select())
            .load(conn)?;
        let mut profiles = build_all(rows, Profile::from_partner);
        let idents: Vec<IdentityRow> = identities::table
            .filter(identities::partner_id.eq_any(chunk))
            .select((
                identities::lead_id,
                identities::partner_id,
                identities::channel,
                identities::handle_norm,
            ))
            .load(conn)?;
        attach(&mut profiles, idents);
        out.extend(profiles);
    }
    Ok(out)
}

/// One record's profile, if it exists (a merged-away lead has none).
pub fn of(conn: &mut DbConn, rec: Rec) -> DomainResult<Option<Profile>> {
    let found = match rec {
        Rec::Lead(id) => leads(conn, &[id])?,
        Rec::Partner(id) => partners(conn, &[id])?,
    };
    Ok(found.into_iter().next())
}

/// Builds the profiles of a page on every core: reading names, numbers and addresses is
/// most of the time a scan spends loading a million records.
pub(super) fn build_all<R: Send>(mut rows: Vec<R>, build: fn(R) -> Profile) -> Vec<Profile> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let size = rows.len().div_ceil(threads).max(1);
    let mut chunks = Vec::new();
    while rows.len() > size {
        chunks.push(rows.split_off(rows.len() - size));
    }
    chunks.push(rows);
    chunks.reverse();
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| s.spawn(move || chunk.into_iter().map(build).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
