//! "Not a duplicate": a user marks a pair of leads as different customers, with a reason,
//! for everyone. The evidence seen at that moment is stored; the pair is proposed again
//! only when a piece of evidence appears that was not there.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::not_duplicates;
use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::LeadId;
use crate::domain::models::leads;
use crate::domain::now;
use crate::domain::similarity::context::Context;
use crate::domain::similarity::profile::{self, Rec};
use crate::domain::values;
use crate::i18n::Msg;

/// Stored marks by (smaller id, larger id) → evidence signature.
pub type Marks = HashMap<(i32, i32), String>;

fn ordered(a: i32, b: i32) -> (i32, i32) {
    if a < b { (a, b) } else { (b, a) }
}

/// Whether a pair marked with `stored` evidence stays hidden now that its evidence is
/// `current`: it does unless a code appears that was not stored.
pub fn still_hidden(stored: &str, current: &str) -> bool {
    let old: Vec<&str> = stored.split(',').collect();
    current
        .split(',')
        .filter(|c| !c.is_empty())
        .all(|c| old.contains(&c))
}

/// Marks `a` and `b` as different customers, for everyone. Both must be visible to the
/// actor; the reason is required.
pub fn mark(
    conn: &mut DbConn,
    actor: &Actor,
    a: LeadId,
    b: LeadId,
    reason: &str,
) -> DomainResult<()> {
    let reason = values::required_line(reason, "msg.label.reason")
        .map_err(|m| DomainError::invalid("reason", m))?;
    if a == b {
        return Err(DomainError::invalid(
            "other",
            Msg::new("msg.similar.choose_other"),
        ));
    }
    for id in [a, b] {
        let lead = leads::find(conn, id)?;
        if !actor.can_see(lead.salesperson_id, lead.team_id) {
            return Err(DomainError::NotFound);
        }
    }
    let pa = profile::of(conn, Rec::Lead(a.0))?.ok_or(DomainError::NotFound)?;
    let pb = profile::of(conn, Rec::Lead(b.0))?.ok_or(DomainError::NotFound)?;
    let evidence = Context::load(conn, &[&pa])?.score(&pa, &pb).signature();
    let (x, y) = ordered(a.0, b.0);
    write_tx(conn, |conn| {
        diesel::delete(
            not_duplicates::table
                .filter(not_duplicates::lead_a.eq(x))
                .filter(not_duplicates::lead_b.eq(y)),
        )
        .execute(conn)?;
        diesel::insert_into(not_duplicates::table)
            .values((
                not_duplicates::lead_a.eq(x),
                not_duplicates::lead_b.eq(y),
                not_duplicates::reason.eq(&reason),
                not_duplicates::evidence.eq(&evidence),
                not_duplicates::user_id.eq(actor.id),
                not_duplicates::created_at.eq(now()),
            ))
            .execute(conn)?;
        // The pair no longer counts for either record.
        super::stored::forget(conn, &[x, y])
    })
}

/// The marks that involve `lead`.
pub fn marks_of(conn: &mut DbConn, lead: i32) -> DomainResult<Marks> {
    let rows: Vec<(i32, i32, String)> = not_duplicates::table
        .filter(
            not_duplicates::lead_a
                .eq(lead)
                .or(not_duplicates::lead_b.eq(lead)),
        )
        .select((
            not_duplicates::lead_a,
            not_duplicates::lead_b,
            not_duplicates::evidence,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(a, b, e)| ((a, b), e)).collect())
}

/// The marks that involve any of `leads` (the kanban badges).
pub fn marks_of_many(conn: &mut DbConn, leads: &[i32]) -> DomainResult<Marks> {
    let mut out = Marks::new();
    for chunk in leads.chunks(400) {
        let rows: Vec<(i32, i32, String)> = not_duplicates::table
            .filter(
                not_duplicates::lead_a
                    .eq_any(chunk)
                    .or(not_duplicates::lead_b.eq_any(chunk)),
            )
            .select((
                not_duplicates::lead_a,
                not_duplicates::lead_b,
                not_duplicates::evidence,
            ))
            .load(conn)?;
        out.extend(rows.into_iter().map(|(a, b, e)| ((a, b), e)));
    }
    Ok(out)
}

/// Every mark (the database-wide scan).
pub fn all_marks(conn: &mut DbConn) -> DomainResult<Marks> {
    let rows: Vec<(i32, i32, String)> = not_duplicates::table
        .select((
            not_duplicates::lead_a,
            not_duplicates::lead_b,
            not_duplicates::evidence,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(a, b, e)| ((a, b), e)).collect())
}

/// Whether the pair is hidden by a mark, given its evidence now.
/// Whether a pair was ever marked "not a duplicate" (its evidence then decides, [`hidden`]).
pub fn is_marked(marks: &Marks, a: Rec, b: Rec) -> bool {
    matches!((a, b), (Rec::Lead(x), Rec::Lead(y)) if marks.contains_key(&ordered(x, y)))
}

pub fn hidden(marks: &Marks, a: Rec, b: Rec, signature: &str) -> bool {
    let (Rec::Lead(x), Rec::Lead(y)) = (a, b) else {
        return false;
    };
    marks
        .get(&ordered(x, y))
        .is_some_and(|stored| still_hidden(stored, signature))
}
