//! Writing checked rows, one batch at a time, by the duplicate policy. The caller decides
//! the transaction (see the module header of `import`); this file only writes.
//!
//! - A row whose `external_id` a stored lead already holds updates that lead (its values
//!   replace the stored ones), whatever the policy but `skip`.
//! - `create`: every other row becomes a new lead, batch-inserted.
//! - `skip` / `merge`: the duplicate finder looks for the row's match first; a row with a
//!   match is skipped, or fills in the match's blanks. Rows without one are inserted one by
//!   one and keyed at once, so a later row of the same file finds them too.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use crate::db::schema::identities;
use crate::db::{DbConn, write_tx};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::LeadId;
use crate::domain::ids::{TagId, UserId};
use crate::domain::models::leads::{self, NewLead, bulk};
use crate::domain::models::tags;
use crate::domain::now;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;
use crate::with_inner;

use super::rows::{CellError, Prepared};
use super::update;
use super::{Policy, Report};
use crate::i18n::Msg;

/// Writes batches for one import.
pub struct Writer {
    pub author: UserId,
    pub policy: Policy,
    /// Large load: match keys are appended per batch inside `keys::without_lookup_indexes`
    /// instead of being refreshed record by record.
    pub deferred_keys: bool,
    pub country: String,
    tag_ids: HashMap<String, TagId>,
}

/// The insert-ready row of a checked one.
fn new_lead(p: &Prepared, author: UserId) -> NewLead {
    let mut row = NewLead::from_valid(&p.valid, p.kind, Some(author), p.stage);
    row.active = p.active;
    row.lost_reason_id = p.lost_reason_id;
    if p.lost_reason_id.is_some() {
        row.probability = 0;
    }
    if let Some(at) = p.created_at {
        row.created_at = at;
        row.updated_at = at;
    }
    if !p.active {
        row.closed_at = Some(row.updated_at);
    }
    row
}

impl Writer {
    pub fn new(author: UserId, policy: Policy, deferred_keys: bool, country: String) -> Writer {
        Writer {
            author,
            policy,
            deferred_keys,
            country,
            tag_ids: HashMap::new(),
        }
    }

    fn tag_ids(&mut self, conn: &mut DbConn, names: &[String]) -> DomainResult<Vec<TagId>> {
        let mut out = Vec::with_capacity(names.len());
        for name in names {
            let id = match self.tag_ids.get(name) {
                Some(id) => *id,
                None => {
                    let id = tags::find_or_create(conn, name)?.id;
                    self.tag_ids.insert(name.clone(), id);
                    id
                }
            };
            out.push(id);
        }
        Ok(out)
    }

    /// Inserts new leads with their tags and messengers; keys them unless deferred.
    fn insert(&mut self, conn: &mut DbConn, rows: &[Prepared]) -> DomainResult<Vec<i32>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let leads: Vec<NewLead> = rows.iter().map(|p| new_lead(p, self.author)).collect();
        let mut tag_links = Vec::with_capacity(rows.len());
        for p in rows {
            tag_links.push(self.tag_ids(conn, &p.valid.tags)?);
        }
        let ids = bulk::insert(conn, &leads, &tag_links)?;
        let at = now();
        let handles: Vec<_> = rows
            .iter()
            .zip(&ids)
            .flat_map(|(p, id)| {
                p.messengers.iter().map(move |(channel, handle, norm)| {
                    (
                        identities::lead_id.eq(Some(*id)),
                        identities::channel.eq(channel),
                        identities::handle.eq(handle),
                        identities::handle_norm.eq(norm),
                        identities::created_at.eq(at),
                    )
                })
            })
            .collect();
        for part in handles.chunks(5000) {
            with_inner!(conn, |c| diesel::insert_into(identities::table)
                .values(part)
                .execute(c))?;
        }
        if self.deferred_keys {
            // A large load: the new records' keys were computed beside the checks (or are
            // computed here), appended without reading anything back, with the key
            // indexes built at the end.
            let computed: Vec<Option<Vec<keys::Key>>> = rows
                .iter()
                .zip(&ids)
                .map(|(p, id)| match &p.keys {
                    Some(_) => None,
                    None => Some(keys::compute(&super::matcher::profile_of(
                        p,
                        Some(Rec::Lead(*id)),
                    ))),
                })
                .collect();
            let all = rows
                .iter()
                .zip(&ids)
                .zip(&computed)
                .flat_map(|((p, id), c)| {
                    let own = c.as_ref().or(p.keys.as_ref());
                    own.into_iter()
                        .flatten()
                        .map(move |(kind, key)| (Rec::Lead(*id), kind.as_str(), key.as_str()))
                });
            keys::append_computed(conn, all)?;
        } else {
            for id in &ids {
                leads::after_write(conn, LeadId(*id))?;
            }
        }
        Ok(ids)
    }

    /// Writes one batch of checked rows, counting what happened in `report`.
    pub fn write(
        &mut self,
        conn: &mut DbConn,
        batch: Vec<Prepared>,
        report: &mut Report,
    ) -> DomainResult<()> {
        let wanted: Vec<&str> = batch
            .iter()
            .filter_map(|p| p.valid.details.external_id.as_deref())
            .collect();
        let mut known = super::matcher::by_external_id(conn, &wanted)?;
        let mut waiting: Vec<Prepared> = Vec::new();
        let mut waiting_ext: HashSet<String> = HashSet::new();
        for p in batch {
            let ext = p.valid.details.external_id.clone();
            if let Some(e) = &ext
                && waiting_ext.contains(e)
            {
                // The file repeats an external id: the first copy must exist first.
                self.flush(conn, &mut waiting, &mut known, report)?;
                waiting_ext.clear();
            }
            if let Some(id) = ext.as_ref().and_then(|e| known.get(e)).copied() {
                if self.policy == Policy::Skip {
                    report.skip(p.row, id);
                } else {
                    self.existing(conn, id, &p, true, report)?;
                }
                continue;
            }
            if self.policy != Policy::Create
                && let Some(id) = super::matcher::duplicate_of(conn, &p)?
            {
                if self.policy == Policy::Skip {
                    report.skip(p.row, id);
                } else {
                    self.existing(conn, id, &p, false, report)?;
                }
                continue;
            }
            if let Some(e) = ext {
                waiting_ext.insert(e);
            }
            waiting.push(p);
            if self.policy != Policy::Create {
                self.flush(conn, &mut waiting, &mut known, report)?;
                waiting_ext.clear();
            }
        }
        self.flush(conn, &mut waiting, &mut known, report)
    }

    /// Inserts the waiting rows and remembers their external ids.
    fn flush(
        &mut self,
        conn: &mut DbConn,
        waiting: &mut Vec<Prepared>,
        known: &mut HashMap<String, i32>,
        report: &mut Report,
    ) -> DomainResult<()> {
        let ids = self.insert(conn, waiting)?;
        report.created += ids.len();
        for (p, id) in waiting.iter().zip(ids) {
            if let Some(e) = &p.valid.details.external_id {
                known.entry(e.clone()).or_insert(id);
            }
        }
        waiting.clear();
        Ok(())
    }

    /// Updates a stored lead from a row and counts it: updated (`replace`, an external-id
    /// match), merged (a duplicate's blanks filled) or unchanged. A refusal of the update
    /// becomes the row's error.
    fn existing(
        &mut self,
        conn: &mut DbConn,
        id: i32,
        p: &Prepared,
        replace: bool,
        report: &mut Report,
    ) -> DomainResult<()> {
        let (author, country) = (self.author, self.country.clone());
        let written = write_tx(conn, |conn| {
            update::into_existing(conn, author, id, p, replace, &country)
        });
        match written {
            Ok(changed) => {
                *match (changed, replace) {
                    (false, _) => &mut report.unchanged,
                    (true, true) => &mut report.updated,
                    (true, false) => &mut report.merged,
                } += 1;
                Ok(())
            }
            Err(DomainError::Invalid(fields) | DomainError::Refused(fields)) => {
                for (field, message) in fields {
                    report.error(CellError {
                        row: p.row,
                        column: field.to_string(),
                        message: Msg::new("msg.import.lead_refused_row")
                            .text("id", id.to_string())
                            .msg("problem", message),
                    });
                }
                Ok(())
            }
            Err(e) => Err(e),
        }
    }
}
