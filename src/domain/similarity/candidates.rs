//! Similar records of one lead: its keys are looked up in `match_keys` (one index look-up
//! per key, never a scan), keys held by more than [`MAX_KEY_HITS`] records are ignored as
//! evidence, and each candidate is scored with its reasons.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LeadId, TeamId, UserId};
pub use crate::domain::similarity::context::Context;
use crate::domain::similarity::keys::{self, Key};
use crate::domain::similarity::not_duplicate;
use crate::domain::similarity::profile::{self, Profile, Rec};
use crate::domain::similarity::score::{self, Class, Reason};
use crate::domain::similarity::summary::{self, Summary};
use crate::domain::similarity::thresholds::MAX_KEY_HITS;

/// A record similar to the one looked at.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Match {
    pub record: Summary,
    /// The match probability in whole percent.
    pub score: u8,
    /// The match probability, 0 to 1.
    pub probability: f64,
    pub class: Class,
    /// Each field's weight in words, strongest first.
    pub reasons: Vec<Reason>,
    /// Whether the actor may open it; otherwise only its existence and owner are shown.
    pub visible: bool,
}

impl Match {
    pub fn is_duplicate(&self) -> bool {
        self.class == Class::Duplicate
    }

    /// Another deal of the same customer: shown, never counted nor merged as a duplicate.
    pub fn is_same_customer(&self) -> bool {
        self.class == Class::SameCustomer
    }

    /// The reasons with their weights, comma-separated.
    pub fn reason_text(&self) -> String {
        let texts: Vec<String> = self.reasons.iter().map(Reason::full_text).collect();
        texts.join(", ")
    }

    /// "match 99.2 %".
    pub fn probability_text(&self) -> String {
        score::probability_text(self.probability)
    }
}

/// The records sharing at least one not over-common key with `subject`, and the
/// over-common keys.
pub fn lookup(conn: &mut DbConn, subject: &Profile) -> DomainResult<(Vec<Rec>, HashSet<Key>)> {
    let mut holders = HashMap::new();
    for key in keys::blocking(subject) {
        let hits = keys::holders(conn, &key.0, &key.1, HOLDERS_LIMIT)?;
        let listed = (hits.len() < HOLDERS_LIMIT as usize).then_some(hits);
        holders.insert(key, listed);
    }
    Ok(split_hits(subject, &holders))
}

/// Holders fetched per key: enough to tell an over-common key once the subject is removed.
pub const HOLDERS_LIMIT: i64 = MAX_KEY_HITS as i64 + 2;

/// The records sharing one of `subject`'s keys, and its over-common keys, given the holders
/// of each of its keys: `None` for a key held by [`HOLDERS_LIMIT`] records or more, which
/// stays over-common whether the subject is one of them or not.
pub fn split_hits(
    subject: &Profile,
    holders: &HashMap<Key, Option<Vec<Rec>>>,
) -> (Vec<Rec>, HashSet<Key>) {
    let mut found = BTreeSet::new();
    let mut common = HashSet::new();
    for key in keys::blocking(subject) {
        let Some(listed) = holders.get(&key) else {
            continue;
        };
        let Some(mut hits) = listed.clone() else {
            common.insert(key);
            continue;
        };
        hits.retain(|r| Some(*r) != subject.rec);
        if hits.len() > MAX_KEY_HITS {
            common.insert(key);
        } else {
            found.extend(hits);
        }
    }
    (found.into_iter().collect(), common)
}

/// How `other` compares with `subject`: its record and score, or `None` when it is no
/// match or a duplicate hidden by a "not a duplicate" mark.
pub fn judge(
    subject: &Profile,
    other: &Profile,
    context: &Context,
    marks: &not_duplicate::Marks,
) -> Option<(Rec, score::Scored)> {
    let s = context.score(subject, other);
    let (Some(class), Some(rec), Some(me)) = (s.class, other.rec, subject.rec.or(other.rec)) else {
        return None;
    };
    if class == Class::Duplicate && not_duplicate::hidden(marks, me, rec, &s.signature()) {
        return None;
    }
    Some((rec, s))
}

fn visible_lead(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<Profile> {
    let p = profile::of(conn, Rec::Lead(lead.0))?.ok_or(DomainError::NotFound)?;
    if !actor.can_see(p.salesperson_id.map(UserId), p.team_id.map(TeamId)) {
        return Err(DomainError::NotFound);
    }
    Ok(p)
}

/// Scores the candidates of `subject`; `leads`/`customers` choose which kinds to keep.
pub(super) fn matches(
    conn: &mut DbConn,
    actor: &Actor,
    subject: &Profile,
    leads: bool,
    customers: bool,
) -> DomainResult<Vec<Match>> {
    let (recs, _) = lookup(conn, subject)?;
    let lead_ids: Vec<i32> = recs
        .iter()
        .filter_map(|r| match r {
            Rec::Lead(id) if leads => Some(*id),
            _ => None,
        })
        .collect();
    let partner_ids: Vec<i32> = recs
        .iter()
        .filter_map(|r| match r {
            Rec::Partner(id) if customers => Some(*id),
            _ => None,
        })
        .collect();
    let mut others = profile::leads(conn, &lead_ids)?;
    others.extend(profile::partners(conn, &partner_ids)?);
    if others.is_empty() {
        return Ok(Vec::new());
    }
    let marks = match subject.rec {
        Some(Rec::Lead(id)) => not_duplicate::marks_of(conn, id)?,
        _ => Default::default(),
    };
    let context = Context::load(conn, &[subject])?;
    let scored: Vec<(Rec, score::Scored)> = others
        .iter()
        .filter_map(|other| judge(subject, other, &context, &marks))
        .collect();
    let recs: Vec<Rec> = scored.iter().map(|s| s.0).collect();
    let mut summaries = summary::load(conn, &recs)?;
    let mut out: Vec<Match> = scored
        .into_iter()
        .filter_map(|(rec, s)| {
            let record = summaries.remove(&rec)?;
            let visible = actor.can_see(
                record.salesperson_id.map(UserId),
                record.team_id.map(TeamId),
            );
            if !visible {
                // A record the actor may not open is named nowhere: only that it exists and
                // who owns it reach a page or the API.
                return Some(Match {
                    record: record.redacted(),
                    score: s.score,
                    probability: s.probability,
                    class: s.class?,
                    reasons: Vec::new(),
                    visible,
                });
            }
            Some(Match {
                record,
                score: s.score,
                probability: s.probability,
                class: s.class?,
                reasons: s.reasons,
                visible,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.is_duplicate()
            .cmp(&a.is_duplicate())
            .then(b.probability.total_cmp(&a.probability))
            .then(a.record.id.cmp(&b.record.id))
    });
    Ok(out)
}

/// Leads similar to `lead`, duplicates first then "same organisation", best first. Lost and
/// archived leads are included (their summary says so). A lead the actor cannot see is
/// `NotFound`.
pub fn similar_to(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<Vec<Match>> {
    counted(|| {
        let subject = visible_lead(conn, actor, lead)?;
        matches(conn, actor, &subject, true, false)
    })
}

/// Runs one look-up of the finder (one record's similar records), counted and timed for
/// `/metrics`.
pub(super) fn counted<T>(lookup: impl FnOnce() -> DomainResult<T>) -> DomainResult<T> {
    let started = std::time::Instant::now();
    let found = lookup();
    crate::telemetry::finder_lookup(started);
    found
}

/// How many probable duplicates `lead` has (the Similar Leads button): "same organisation"
/// records are shown in the view but not counted.
pub fn count_similar(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<usize> {
    Ok(similar_to(conn, actor, lead)?
        .iter()
        .filter(|m| m.is_duplicate())
        .count())
}

/// Existing customers (people and companies) matching `lead`: "Existing customer: Mario
/// Rossi #42 — same phone".
pub fn matching_customers(
    conn: &mut DbConn,
    actor: &Actor,
    lead: LeadId,
) -> DomainResult<Vec<Match>> {
    counted(|| {
        let subject = visible_lead(conn, actor, lead)?;
        matches(conn, actor, &subject, false, true)
    })
}

/// What to warn about right after a lead was created by hand: probable duplicates among
/// leads and customers. Nothing is blocked; the user decides.
pub fn warnings_for_new(
    conn: &mut DbConn,
    actor: &Actor,
    lead: LeadId,
) -> DomainResult<Vec<Match>> {
    counted(|| {
        let subject = visible_lead(conn, actor, lead)?;
        let mut found = matches(conn, actor, &subject, true, true)?;
        found.retain(Match::is_duplicate);
        Ok(found)
    })
}

/// What the Similar Leads view shows: the lead itself, its similar leads and the existing
/// customers matching it.
#[derive(Debug, Clone)]
pub struct SimilarLeads {
    pub current: Summary,
    pub matches: Vec<Match>,
    pub customers: Vec<Match>,
}

/// The Similar Leads view of `lead` (`NotFound` when the actor cannot see it).
pub fn similar_leads(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<SimilarLeads> {
    counted(|| similar_leads_of(conn, actor, lead))
}

fn similar_leads_of(conn: &mut DbConn, actor: &Actor, lead: LeadId) -> DomainResult<SimilarLeads> {
    let subject = visible_lead(conn, actor, lead)?;
    let matches = matches(conn, actor, &subject, true, false)?;
    let customers = matches_customers_of(conn, actor, &subject)?;
    let current = summary::load(conn, &[Rec::Lead(lead.0)])?
        .remove(&Rec::Lead(lead.0))
        .ok_or(DomainError::NotFound)?;
    Ok(SimilarLeads {
        current,
        matches,
        customers,
    })
}

fn matches_customers_of(
    conn: &mut DbConn,
    actor: &Actor,
    subject: &Profile,
) -> DomainResult<Vec<Match>> {
    matches(conn, actor, subject, false, true)
}
