//! What users decided and what was estimated: the latest estimates, merges and "not a
//! duplicate" marks, and the decided pairs by score band.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::rows::{BANDS, Band, Estimate, LATEST, MergeRow, RejectionRow};
use crate::db::DbConn;
use crate::db::schema::{finder_models, leads, merges, not_duplicates, users};
use crate::domain::error::DomainResult;
use crate::domain::similarity::context::Context;
use crate::domain::similarity::model::Model;
use crate::domain::similarity::profile::{self, Profile};
use crate::domain::similarity::train;
use crate::domain::wizards::merge::journal::Snapshot;

pub(super) fn history(conn: &mut DbConn) -> DomainResult<Vec<Estimate>> {
    let rows: Vec<(NaiveDateTime, String)> = finder_models::table
        .order(finder_models::id.desc())
        .select((finder_models::created_at, finder_models::params))
        .limit(LATEST as i64)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(saved_at, json)| {
            let m = serde_json::from_str::<Model>(&json).ok()?;
            Some(Estimate {
                saved_at,
                records: m.records,
                pairs: m.pairs,
                merges: m.merges,
                rejections: m.rejections,
                duplicates_per_record: m.duplicates_per_record,
            })
        })
        .collect())
}

fn user_names(conn: &mut DbConn, ids: &[i32]) -> DomainResult<HashMap<i32, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

pub(super) fn latest_merges(conn: &mut DbConn) -> DomainResult<(usize, Vec<MergeRow>)> {
    let count: i64 = merges::table
        .filter(merges::undone_at.is_null())
        .count()
        .get_result(conn)?;
    let rows: Vec<(NaiveDateTime, i32, Option<i32>, String)> = merges::table
        .filter(merges::undone_at.is_null())
        .order(merges::id.desc())
        .limit(LATEST as i64)
        .select((
            merges::created_at,
            merges::survivor_id,
            merges::user_id,
            merges::snapshot,
        ))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.2).collect();
    let names = user_names(conn, &ids)?;
    let out = rows
        .into_iter()
        .map(|(at, survivor_id, user, json)| {
            let snapshot = serde_json::from_str::<Snapshot>(&json).ok();
            MergeRow {
                at,
                survivor_id,
                survivor: snapshot
                    .as_ref()
                    .map(|s| s.survivor.lead.title.clone())
                    .unwrap_or_default(),
                merged: snapshot
                    .map(|s| s.merged.iter().map(|m| m.lead.title.clone()).collect())
                    .unwrap_or_default(),
                user: user.and_then(|u| names.get(&u).cloned()),
            }
        })
        .collect();
    Ok((usize::try_from(count).unwrap_or(0), out))
}

pub(super) fn latest_rejections(conn: &mut DbConn) -> DomainResult<(usize, Vec<RejectionRow>)> {
    let count: i64 = not_duplicates::table.count().get_result(conn)?;
    let rows: Vec<(NaiveDateTime, i32, i32, String, Option<i32>)> = not_duplicates::table
        .order(not_duplicates::id.desc())
        .limit(LATEST as i64)
        .select((
            not_duplicates::created_at,
            not_duplicates::lead_a,
            not_duplicates::lead_b,
            not_duplicates::reason,
            not_duplicates::user_id,
        ))
        .load(conn)?;
    let user_ids: Vec<i32> = rows.iter().filter_map(|r| r.4).collect();
    let names = user_names(conn, &user_ids)?;
    let lead_ids: Vec<i32> = rows.iter().flat_map(|r| [r.1, r.2]).collect();
    // Titles of merged-away leads too: the mark was taken on them.
    let titles: HashMap<i32, String> = leads::table
        .filter(leads::id.eq_any(&lead_ids))
        .select((leads::id, leads::title))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let title = |id: i32| (id, titles.get(&id).cloned().unwrap_or_default());
    let out = rows
        .into_iter()
        .map(|(at, a, b, reason, user)| RejectionRow {
            at,
            a: title(a),
            b: title(b),
            reason,
            user: user.and_then(|u| names.get(&u).cloned()),
        })
        .collect();
    Ok((usize::try_from(count).unwrap_or(0), out))
}

/// The decided pairs scored by the current model, by band: merged pairs as they were
/// before the merge, dismissed pairs as they are now (a lead merged away since is left out).
pub(super) fn bands(conn: &mut DbConn, decisions: &train::Decisions) -> DomainResult<Vec<Band>> {
    let mut out: Vec<Band> = BANDS
        .iter()
        .enumerate()
        .map(|(i, from)| Band {
            from: *from,
            to: BANDS.get(i + 1).copied(),
            merged: 0,
            dismissed: 0,
        })
        .collect();
    let ids: Vec<i32> = decisions
        .rejected
        .iter()
        .flat_map(|(a, b)| [a, b])
        .filter_map(|r| match r {
            profile::Rec::Lead(id) => Some(*id),
            profile::Rec::Partner(_) => None,
        })
        .collect();
    let current: HashMap<profile::Rec, Profile> = profile::leads(conn, &ids)?
        .into_iter()
        .filter_map(|p| p.rec.map(|r| (r, p)))
        .collect();
    let rejected: Vec<(&Profile, &Profile)> = decisions
        .rejected
        .iter()
        .filter_map(|(a, b)| Some((current.get(a)?, current.get(b)?)))
        .collect();
    let subjects: Vec<&Profile> = decisions
        .merged
        .iter()
        .map(|(a, _)| a)
        .chain(rejected.iter().map(|(a, _)| *a))
        .collect();
    if subjects.is_empty() {
        return Ok(out);
    }
    // One context for every subject: the term frequencies of all their values at once.
    let context = Context::load(conn, &subjects)?;
    let mut place = |p: f64, merged: bool| {
        if let Some(band) = out.iter_mut().find(|b| b.holds(p)) {
            if merged {
                band.merged += 1;
            } else {
                band.dismissed += 1;
            }
        }
    };
    for (a, b) in &decisions.merged {
        place(context.score(a, b).probability, true);
    }
    for (a, b) in rejected {
        place(context.score(a, b).probability, false);
    }
    Ok(out)
}
