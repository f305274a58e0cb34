//! The few facts a match card shows about a record: title, contact, owner, stage, and
//! whether it is lost or archived.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{leads, partners, stages, users};
use crate::domain::DomainResult;
use crate::domain::enums::text_enum;
use crate::domain::models::leads::Kind;
use crate::domain::models::partners::PartnerKind;
use crate::domain::similarity::profile::Rec;

text_enum! {
    /// What a found record is: a lead or an opportunity, or a customer (person or company).
    RecordKind, "record kind" {
        Lead => "lead", Opportunity => "opportunity", Person => "person", Company => "company",
    }
}

/// A record as a match card shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub id: i32,
    /// A customer (partner), not a lead.
    pub is_customer: bool,
    pub kind: RecordKind,
    pub title: String,
    pub contact: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub stage: Option<String>,
    /// The salesperson's name.
    pub owner: Option<String>,
    pub salesperson_id: Option<i32>,
    pub team_id: Option<i32>,
    pub active: bool,
    pub lost: bool,
}

impl Summary {
    /// What may be said of a record the actor cannot open: its id, kind, owner and
    /// whether it is active or lost; no title, contact, email, phone or stage.
    pub fn redacted(self) -> Summary {
        Summary {
            title: String::new(),
            contact: None,
            email: None,
            phone: None,
            stage: None,
            ..self
        }
    }

    /// Where the record opens.
    pub fn href(&self) -> String {
        if self.is_customer {
            format!("/customers/{}", self.id)
        } else {
            format!("/leads/{}", self.id)
        }
    }
}

type LeadCols = (
    i32,
    Kind,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    (Option<i32>, Option<i32>, Option<i32>, bool, i32),
);

type PartnerCols = (
    i32,
    PartnerKind,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i32>,
    bool,
);

fn user_names(conn: &mut DbConn, ids: Vec<i32>) -> DomainResult<HashMap<i32, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

/// Summaries of these records, in no particular order.
pub fn load(conn: &mut DbConn, recs: &[Rec]) -> DomainResult<HashMap<Rec, Summary>> {
    let lead_rows = lead_rows(conn, recs)?;
    let partner_rows = partner_rows(conn, recs)?;
    let stage_names: HashMap<i32, String> = stages::table
        .select((stages::id, stages::name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect();
    let owners: Vec<i32> = lead_rows
        .iter()
        .filter_map(|r| r.7.1)
        .chain(partner_rows.iter().filter_map(|r| r.6))
        .collect();
    let names = user_names(conn, owners)?;
    let mut out = HashMap::new();
    for row in lead_rows {
        let (rec, summary) = lead_summary(row, &stage_names, &names);
        out.insert(rec, summary);
    }
    for row in partner_rows {
        let (rec, summary) = partner_summary(row, &names);
        out.insert(rec, summary);
    }
    Ok(out)
}

/// The columns a lead's summary needs, for the leads among `recs`.
fn lead_rows(conn: &mut DbConn, recs: &[Rec]) -> DomainResult<Vec<LeadCols>> {
    let lead_ids: Vec<i32> = recs
        .iter()
        .filter_map(|r| match r {
            Rec::Lead(id) => Some(*id),
            Rec::Partner(_) => None,
        })
        .collect();
    Ok(leads::table
        .filter(leads::id.eq_any(&lead_ids))
        .select((
            leads::id,
            leads::kind,
            leads::title,
            leads::contact_name,
            leads::email,
            leads::phone,
            leads::mobile,
            (
                leads::stage_id,
                leads::salesperson_id,
                leads::team_id,
                leads::active,
                leads::probability,
            ),
        ))
        .load(conn)?)
}

/// The columns a customer's summary needs, for the customers among `recs`.
fn partner_rows(conn: &mut DbConn, recs: &[Rec]) -> DomainResult<Vec<PartnerCols>> {
    let partner_ids: Vec<i32> = recs
        .iter()
        .filter_map(|r| match r {
            Rec::Partner(id) => Some(*id),
            Rec::Lead(_) => None,
        })
        .collect();
    Ok(partners::table
        .filter(partners::id.eq_any(&partner_ids))
        .select((
            partners::id,
            partners::kind,
            partners::name,
            partners::email,
            partners::phone,
            partners::mobile,
            partners::salesperson_id,
            partners::active,
        ))
        .load(conn)?)
}

impl From<Kind> for RecordKind {
    fn from(kind: Kind) -> RecordKind {
        match kind {
            Kind::Lead => RecordKind::Lead,
            Kind::Opportunity => RecordKind::Opportunity,
        }
    }
}

/// A lead's summary, with its stage's and its salesperson's names.
fn lead_summary(
    row: LeadCols,
    stage_names: &HashMap<i32, String>,
    names: &HashMap<i32, String>,
) -> (Rec, Summary) {
    let (id, kind, title, contact, email, phone, mobile, (stage, sp, team, active, prob)) = row;
    let summary = Summary {
        id,
        is_customer: false,
        kind: kind.into(),
        title,
        contact,
        email,
        phone: phone.or(mobile),
        stage: stage.and_then(|s| stage_names.get(&s).cloned()),
        owner: sp.and_then(|u| names.get(&u).cloned()),
        salesperson_id: sp,
        team_id: team,
        active,
        lost: !active && prob == 0,
    };
    (Rec::Lead(id), summary)
}

/// A customer's summary, with its salesperson's name.
fn partner_summary(row: PartnerCols, names: &HashMap<i32, String>) -> (Rec, Summary) {
    let (id, kind, name, email, phone, mobile, sp, active) = row;
    let summary = Summary {
        id,
        is_customer: true,
        kind: match kind {
            PartnerKind::Person => RecordKind::Person,
            PartnerKind::Company => RecordKind::Company,
        },
        title: name,
        contact: None,
        email,
        phone: phone.or(mobile),
        stage: None,
        owner: sp.and_then(|u| names.get(&u).cloned()),
        salesperson_id: sp,
        team_id: None,
        active,
        lost: false,
    };
    (Rec::Partner(id), summary)
}
