//! Archive without losing, and what "lost" means. A record is **lost** when it is inactive
//! **and** its probability is 0 (with or without a reason); it is merely **archived** when it
//! is inactive with a probability above 0. So an archived opportunity is marked lost by
//! setting its probability to 0 (the seed's rule), which Mark as Lost does.
//!
//! The list view's Lost and Archived filters use [`lost_filter`] and [`archived_filter`], so
//! the rule lives in one place.

use diesel::prelude::*;

use crate::db::schema::leads;
use crate::db::{Backend, DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, Owner};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads::Lead;
use crate::domain::now;

/// A boxed condition on `leads`, to combine with the list view's other filters.
pub type LeadFilter =
    Box<dyn BoxableExpression<leads::table, Backend, SqlType = diesel::sql_types::Bool>>;

/// Lost: inactive and probability 0.
pub fn is_lost(lead: &Lead) -> bool {
    lead.is_lost()
}

/// Archived without being lost: inactive, probability above 0.
pub fn is_archived(lead: &Lead) -> bool {
    !lead.active && lead.probability > 0
}

/// The Lost filter: `active = false AND probability = 0`.
pub fn lost_filter() -> LeadFilter {
    Box::new(leads::active.eq(false).and(leads::probability.eq(0)))
}

/// The Archived filter: every inactive record, lost ones included (as Odoo's "Archived").
pub fn archived_filter() -> LeadFilter {
    Box::new(leads::active.eq(false))
}

/// Archives the active records among `ids` (probability kept), logs each, and returns how
/// many were archived. A hidden or unknown id fails the whole call with `NotFound`.
pub fn archive(conn: &mut DbConn, actor: &Actor, ids: &[LeadId]) -> DomainResult<usize> {
    write_tx(conn, |conn| {
        let records = super::load_editable(conn, actor, ids)?;
        let mut archived = 0;
        for lead in records.iter().filter(|l| l.active) {
            diesel::update(leads::table.find(lead.id))
                .set((leads::active.eq(false), leads::updated_at.eq(now())))
                .execute(conn)?;
            chatter::post_event(
                conn,
                Owner::Lead(lead.id),
                Some(actor.id),
                MessageKind::Log,
                &crate::i18n::Msg::new("event.lead.archived"),
                &[Change::new("active", Some("true"), Some("false"))],
            )?;
            archived += 1;
        }
        Ok(archived)
    })
}
