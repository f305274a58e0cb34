//! Mark as Lost: one or several records become inactive with probability 0, a closing date
//! and, optionally, a lost reason and a closing note. Every path that loses a deal (the
//! record page, the list's Actions, the API) goes through [`MarkLost::apply`], so the same
//! rules hold everywhere:
//!
//! - the actor must be allowed to work on every record (a hidden one answers `NotFound`);
//! - a reason typed as a new name is created only by managers and admins; a salesperson
//!   typing the name of an existing reason simply picks it;
//! - when the admin setting `lost_reason_required` is on, a reason is required;
//! - a record already lost is refused with its title, nothing is half-written;
//! - one chatter entry (kind `lost`) per record logs the state change, the reason and the note.
//!
//! An archived record (inactive, probability above 0) may still be marked lost: that is the
//! seed's "an archived opportunity is marked lost by setting its probability to 0".

use diesel::prelude::*;

use crate::db::schema::leads;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{LeadId, LostReasonId, Owner};
use crate::domain::models::chatter::{self, Change, MessageKind};
use crate::domain::models::leads::Lead;
use crate::domain::models::leads::fields::LeadColumn;
use crate::domain::models::lost_reasons::{self, LostReason};
use crate::domain::models::settings;
use crate::domain::{now, values};
use crate::i18n::Msg;

/// The reason given in the wizard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonChoice {
    /// No reason (allowed unless the setting requires one).
    None,
    /// One of the configured reasons.
    Existing(LostReasonId),
    /// A name typed in the wizard: created on the spot (managers and admins).
    New(String),
}

/// The Mark as Lost wizard, as confirmed by the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkLost {
    pub lead_ids: Vec<LeadId>,
    pub reason: ReasonChoice,
    pub closing_note: Option<String>,
}

/// What [`MarkLost::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostOutcome {
    /// How many records were marked lost.
    pub count: usize,
    /// The reason recorded, when one was given.
    pub reason: Option<LostReason>,
}

impl MarkLost {
    /// The wizard from what a form gives: ticked ids, the picked reason id (blank: none),
    /// a typed new reason name and the note. Every mistake is reported at once.
    pub fn parse(
        ids: &[String],
        reason_id: &str,
        new_reason: &str,
        note: &str,
    ) -> DomainResult<MarkLost> {
        let mut v = Validator::new();
        let lead_ids = match super::parse_ids(ids) {
            Ok(ids) => ids,
            Err(e) => {
                v.add(
                    "ids",
                    e.field_msg("ids")
                        .cloned()
                        .unwrap_or_else(|| Msg::new("msg.lost.unknown_record")),
                );
                Vec::new()
            }
        };
        let picked = if reason_id.trim().is_empty() {
            None
        } else {
            v.check(
                "lost_reason_id",
                reason_id
                    .trim()
                    .parse::<i32>()
                    .ok()
                    .filter(|id| *id > 0)
                    .map(LostReasonId)
                    .ok_or_else(|| Msg::new("msg.lost.pick_reason")),
            )
        };
        let typed = v
            .check(
                "new_reason",
                values::optional_line(new_reason, "msg.label.new_reason"),
            )
            .flatten();
        let closing_note = v
            .check(
                "closing_note",
                values::optional_text(note, "msg.label.closing_note"),
            )
            .flatten();
        let reason = match (picked, typed) {
            (Some(_), Some(_)) => {
                v.add("new_reason", Msg::new("msg.lost.both_reasons"));
                ReasonChoice::None
            }
            (Some(id), None) => ReasonChoice::Existing(id),
            (None, Some(name)) => ReasonChoice::New(name),
            (None, None) => ReasonChoice::None,
        };
        v.finish()?;
        let wizard = MarkLost {
            lead_ids,
            reason,
            closing_note,
        };
        wizard.validate()?;
        Ok(wizard)
    }

    /// Checks what needs no database: a selection, a non-blank new name, a note of a sane
    /// length.
    pub fn validate(&self) -> DomainResult<()> {
        let mut v = Validator::new();
        if self.lead_ids.is_empty() {
            v.add("ids", Msg::new("msg.wizard.select_one"));
        }
        if let ReasonChoice::New(name) = &self.reason {
            v.check(
                "new_reason",
                values::required_line(name, "msg.label.new_reason"),
            );
        }
        if let Some(note) = &self.closing_note {
            v.check(
                "closing_note",
                values::optional_text(note, "msg.label.closing_note"),
            );
        }
        v.finish()
    }

    /// Marks every record lost, in one transaction, by `actor`.
    pub fn apply(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<LostOutcome> {
        self.validate()?;
        write_tx(conn, |conn| {
            let records = super::load_editable(conn, actor, &self.lead_ids)?;
            let reason = self.resolve_reason(conn, actor)?;
            let already: Vec<&str> = records
                .iter()
                .filter(|l| l.is_lost())
                .map(|l| l.title.as_str())
                .collect();
            if !already.is_empty() {
                return Err(DomainError::invalid(
                    "ids",
                    Msg::new("msg.lost.already_lost").text("titles", already.join(", ")),
                ));
            }
            let at = now();
            let note = self.closing_note.as_deref().unwrap_or_default();
            for lead in &records {
                diesel::update(leads::table.find(lead.id))
                    .set((
                        leads::active.eq(false),
                        leads::probability.eq(0),
                        leads::closed_at.eq(Some(at)),
                        leads::lost_reason_id.eq(reason.as_ref().map(|r| r.id)),
                        leads::updated_at.eq(at),
                    ))
                    .execute(conn)?;
                let event = if note.is_empty() {
                    crate::i18n::Msg::new("event.lead.lost")
                } else {
                    crate::i18n::Msg::new("event.lead.lost_note").text("note", note)
                };
                chatter::post_event(
                    conn,
                    Owner::Lead(lead.id),
                    Some(actor.id),
                    MessageKind::Lost,
                    &event,
                    &lost_changes(lead, reason.as_ref()),
                )?;
                let named = reason.as_ref().map(|r| (r.id.0, r.name.as_str()));
                crate::domain::webhooks::events::lead_lost(conn, lead.id, named, note)?;
            }
            Ok(LostOutcome {
                count: records.len(),
                reason,
            })
        })
    }

    fn resolve_reason(&self, conn: &mut DbConn, actor: &Actor) -> DomainResult<Option<LostReason>> {
        let reason = match &self.reason {
            ReasonChoice::None => None,
            ReasonChoice::Existing(id) => {
                let reason = lost_reasons::find(conn, *id).map_err(|e| match e {
                    DomainError::NotFound => {
                        DomainError::invalid("lost_reason_id", Msg::new("msg.lost.no_reason"))
                    }
                    other => other,
                })?;
                if !reason.active {
                    return Err(DomainError::invalid(
                        "lost_reason_id",
                        Msg::new("msg.lost.reason_archived"),
                    ));
                }
                Some(reason)
            }
            ReasonChoice::New(name) => match lost_reasons::find_by_name(conn, name)? {
                Some(existing) if existing.active => Some(existing),
                _ if !actor.is_manager() => {
                    return Err(DomainError::refused(
                        "new_reason",
                        Msg::new("msg.lost.managers_create"),
                    ));
                }
                _ => Some(lost_reasons::find_or_create(conn, name)?),
            },
        };
        if reason.is_none() && settings::load(conn)?.lost_reason_required {
            return Err(DomainError::invalid(
                "lost_reason_id",
                Msg::new("msg.lost.reason_required"),
            ));
        }
        Ok(reason)
    }
}

/// The tracked changes of one record going lost.
fn lost_changes(lead: &Lead, reason: Option<&LostReason>) -> Vec<Change> {
    let mut changes = vec![
        Change::new("active", Some(&lead.active.to_string()), Some("false")),
        Change::new(
            "probability",
            Some(&lead.probability.to_string()),
            Some("0"),
        ),
    ];
    if let Some(reason) = reason {
        changes.push(Change::new(
            LeadColumn::LostReasonId.as_str(),
            None,
            Some(&reason.id.to_string()),
        ));
    }
    changes
}

/// The reason name shown on a lost record's banner, when it has one.
pub fn reason_name(conn: &mut DbConn, lead: &Lead) -> DomainResult<Option<String>> {
    match lead.lost_reason_id {
        Some(id) => Ok(Some(lost_reasons::find(conn, id)?.name)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_with_a_picked_reason_and_a_note_parses() {
        let wizard = MarkLost::parse(&["3".into(), "4".into()], "2", "", " too late ").unwrap();
        assert_eq!(wizard.lead_ids, vec![LeadId(3), LeadId(4)]);
        assert_eq!(wizard.reason, ReasonChoice::Existing(LostReasonId(2)));
        assert_eq!(wizard.closing_note.as_deref(), Some("too late"));
    }

    #[test]
    fn a_typed_reason_is_new_and_both_fields_at_once_are_refused() {
        let wizard = MarkLost::parse(&["3".into()], "", "Went silent", "").unwrap();
        assert_eq!(wizard.reason, ReasonChoice::New("Went silent".into()));
        let both = MarkLost::parse(&["3".into()], "1", "Went silent", "").unwrap_err();
        assert!(both.field("new_reason").is_some());
    }

    #[test]
    fn nothing_ticked_or_garbage_ids_are_field_errors() {
        let none = MarkLost::parse(&[], "", "", "").unwrap_err();
        assert_eq!(
            none.field("ids").as_deref(),
            Some("Select at least one record")
        );
        let bad = MarkLost::parse(&["x".into()], "abc", "", "").unwrap_err();
        assert!(bad.field("ids").is_some());
        assert!(bad.field("lost_reason_id").is_some());
    }
}
