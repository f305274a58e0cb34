//! The hand-written part of the demo: customers (people and companies of every market)
//! and a handful of leads and opportunities in every state — new, qualified, proposition,
//! won, on hold, lost with and without a reason, archived, unassigned — with chatter.
//!
//! Lost and won are set here directly, the way the Mark as Lost and stage wizards will;
//! once those exist, this module should call them instead.
//!
//! The customers are in `customers`, the leads told scene by scene in `scenes`.

mod customers;
mod scenes;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::leads;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, Owner};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads as lead_model;
use crate::domain::models::leads::{AddressInput, Kind, LeadInput};
use crate::domain::now;
use crate::i18n::Msg;

use super::cast::Cast;

/// Marks a lead lost: archived, probability 0, the reason (a key under
/// `defaults.lost_reason`, "" for none), and the closing note in the chatter.
pub fn mark_lost(
    conn: &mut DbConn,
    cast: &Cast,
    id: LeadId,
    reason: &str,
    note: &str,
) -> DomainResult<()> {
    let before = lead_model::find(conn, id)?;
    let reason_id = (!reason.is_empty()).then(|| cast.reason(reason));
    diesel::update(leads::table.find(id.0))
        .set((
            leads::active.eq(false),
            leads::probability.eq(0),
            leads::lost_reason_id.eq(reason_id.map(|r| r.0)),
            leads::closed_at.eq(now()),
            leads::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let reason = reason_id.map(|r| r.to_string());
    let changes = [
        Change::new("active", Some("true"), Some("false")),
        Change::new(
            "probability",
            Some(&before.probability.to_string()),
            Some("0"),
        ),
        Change::new("lost_reason_id", None, reason.as_deref()),
    ];
    let event = if note.is_empty() {
        Msg::new("event.lead.lost")
    } else {
        Msg::new("event.lead.lost_note").text("note", note)
    };
    chatter::post_event(
        conn,
        Owner::Lead(id),
        Some(cast.manager),
        MessageKind::Lost,
        &event,
        &changes,
    )?;
    Ok(())
}

fn mark_won(conn: &mut DbConn, cast: &Cast, id: LeadId) -> DomainResult<()> {
    let before = lead_model::find(conn, id)?;
    diesel::update(leads::table.find(id.0))
        .set((
            leads::stage_id.eq(cast.won),
            leads::probability.eq(100),
            leads::closed_at.eq(now()),
        ))
        .execute(conn)?;
    let old = before.stage_id.map(|s| s.to_string());
    let change = Change::new("stage_id", old.as_deref(), Some(&cast.won.to_string()));
    chatter::post_event(
        conn,
        Owner::Lead(id),
        Some(cast.manager),
        MessageKind::Stage,
        &Msg::new("event.lead.stage_changed"),
        &[change],
    )?;
    Ok(())
}

fn archive(conn: &mut DbConn, cast: &Cast, id: LeadId) -> DomainResult<()> {
    diesel::update(leads::table.find(id.0))
        .set(leads::active.eq(false))
        .execute(conn)?;
    let change = Change::new("active", Some("true"), Some("false"));
    chatter::post_event(
        conn,
        Owner::Lead(id),
        Some(cast.manager),
        MessageKind::Log,
        &Msg::new("event.lead.archived"),
        &[change],
    )?;
    Ok(())
}

/// Every company of every market, a few people, and the story leads. Returns how many
/// leads were made.
pub fn tell(conn: &mut DbConn, cast: &Cast) -> DomainResult<usize> {
    let contacts = customers::create(conn)?;
    let mut story = Story { cast, made: 0 };
    scenes::enquiries(&mut story, conn, &contacts)?;
    scenes::proposed_and_won(&mut story, conn, &contacts)?;
    scenes::lost(&mut story, conn, &contacts)?;
    scenes::idle(&mut story, conn)?;
    Ok(story.made)
}

/// The story's leads so far: the cast they are assigned from, and how many were made.
struct Story<'a> {
    cast: &'a Cast,
    made: usize,
}

impl Story<'_> {
    /// Creates a lead for `login` (none: unassigned, created by sofia).
    fn create(
        &mut self,
        conn: &mut DbConn,
        login: Option<&str>,
        kind: Kind,
        input: LeadInput,
    ) -> DomainResult<LeadId> {
        let (user, team) = self.cast.user(login.unwrap_or("sofia"));
        let input = LeadInput {
            salesperson_id: login.map(|_| user.to_string()).unwrap_or_default(),
            team_id: login.map(|_| team.to_string()).unwrap_or_default(),
            ..input
        };
        self.made += 1;
        Ok(lead_model::create(conn, user, kind, &input)?.id)
    }
}

/// A lead's input with its title, contact, email, country and expected revenue.
fn line(title: &str, contact: &str, email: &str, country: &str, revenue: &str) -> LeadInput {
    LeadInput {
        title: title.into(),
        contact_name: contact.into(),
        email: email.into(),
        address: AddressInput {
            country: country.into(),
            ..AddressInput::default()
        },
        expected_revenue: revenue.into(),
        ..LeadInput::default()
    }
}
