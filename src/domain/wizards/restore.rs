//! Restore and mass Unarchive: inactive records (lost or merely archived) come back into the
//! pipeline. A restored record is active again, its lost reason and closing date are
//! cleared and a lost one takes the probability of its stage back (an archived one keeps
//! its own). Each record gets a chatter entry (kind `restore`); records that are already
//! active are left alone and not counted.

use diesel::prelude::*;

use crate::db::schema::{leads, stages};
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, Owner};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads::Lead;
use crate::domain::models::leads::fields::LeadColumn;
use crate::domain::now;
use crate::i18n::Msg;

/// Restores every inactive record among `ids` in one transaction and returns how many were
/// restored. A hidden or unknown id fails the whole call with `NotFound`.
pub fn restore(conn: &mut DbConn, actor: &Actor, ids: &[LeadId]) -> DomainResult<usize> {
    write_tx(conn, |conn| {
        let records = super::load_editable(conn, actor, ids)?;
        let mut restored = 0;
        for lead in records.iter().filter(|l| !l.active) {
            let probability = restored_probability(conn, lead)?;
            let at = now();
            diesel::update(leads::table.find(lead.id))
                .set((
                    leads::active.eq(true),
                    leads::probability.eq(probability),
                    leads::lost_reason_id.eq(None::<i32>),
                    leads::closed_at.eq(None::<chrono::NaiveDateTime>),
                    leads::updated_at.eq(at),
                ))
                .execute(conn)?;
            let mut changes = vec![
                Change::new("active", Some("false"), Some("true")),
                Change::new(
                    "probability",
                    Some(&lead.probability.to_string()),
                    Some(&probability.to_string()),
                ),
            ];
            if let Some(id) = lead.lost_reason_id {
                changes.push(Change::new(
                    LeadColumn::LostReasonId.as_str(),
                    Some(&id.to_string()),
                    None,
                ));
            }
            let event = Msg::new(if lead.is_lost() {
                "event.lead.restored"
            } else {
                "event.lead.unarchived"
            });
            chatter::post_event(
                conn,
                Owner::Lead(lead.id),
                Some(actor.id),
                MessageKind::Restore,
                &event,
                &changes,
            )?;
            crate::domain::webhooks::events::lead_restored(conn, lead.id)?;
            restored += 1;
        }
        Ok(restored)
    })
}

/// A lost record takes its stage's probability (10 without a stage); an archived one keeps
/// the probability it had.
fn restored_probability(conn: &mut DbConn, lead: &Lead) -> DomainResult<i32> {
    if !lead.is_lost() {
        return Ok(lead.probability);
    }
    let stage: Option<i32> = match lead.stage_id {
        Some(id) => stages::table
            .find(id)
            .select(stages::probability)
            .first(conn)
            .optional()?,
        None => None,
    };
    Ok(stage.unwrap_or(10))
}
