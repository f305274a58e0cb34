//! Marking a record lost through the domain's own wizard, for tests that need a lost record.

use leadbook::db::DbConn;
use leadbook::domain::ids::{LeadId, LostReasonId, UserId};
use leadbook::domain::models::lost_reasons;
use leadbook::domain::wizards::lost::{MarkLost, ReasonChoice};

/// The lost reason called `name` (the names are unique ignoring case).
pub fn reason_id(conn: &mut DbConn, name: &str) -> LostReasonId {
    lost_reasons::find_by_name(conn, name)
        .expect("reason lookup")
        .expect("a lost reason of that name")
        .id
}

/// Marks `lead` lost as the user `by`, with `reason` and no closing note.
pub fn lose(conn: &mut DbConn, by: UserId, lead: LeadId, reason: ReasonChoice) {
    let actor = super::actor(conn, by);
    MarkLost {
        lead_ids: vec![lead],
        reason,
        closing_note: None,
    }
    .apply(conn, &actor)
    .expect("mark lost");
}
