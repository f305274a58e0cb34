//! Leads and opportunities: one table, told apart by [`Kind`] (as Odoo's crm.lead). A lead
//! is written only through [`create`] and [`update`], which parse every field, check that
//! referenced stages, users, teams and partners exist, and recompute the normalised columns
//! (email_norm, phone_e164, mobile_e164, contact_name_key, company_name_key).
//!
//! Edits log their field changes (old → new) in the chatter. The pipeline, lost, merge and
//! conversion rules live in their own modules; this one only stores a lead.

pub mod bulk;
pub mod fields;
mod groups;
pub(crate) mod input;
mod new;
mod tracking;

use diesel::prelude::*;

pub use fields::{Address, AddressInput, Details, DetailsInput};
pub use input::{LeadInput, Unparsed, ValidLead, split_tags};
pub use new::NewLead;
pub use tracking::tracked_changes;

use crate::db::schema::{leads, partners, stages, teams, users};
use crate::db::{DbConn, write_tx};
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult, Validator};
use crate::domain::ids::{LeadId, LostReasonId, Owner, PartnerId, StageId, TeamId, UserId};
use crate::domain::listing::search;
use crate::domain::models::{chatter, tags};
use crate::domain::now;
use crate::domain::similarity::keys;
use crate::domain::similarity::profile::Rec;
use crate::i18n::Msg;
use crate::with_inner;

text_enum! {
    /// A lead is not yet qualified; an opportunity is in the pipeline.
    Kind, "record kind" { Lead => "lead", Opportunity => "opportunity" }
}

text_enum! {
    /// Where a lead came from.
    Channel, "source channel" {
        Manual => "manual", Web => "web", Email => "email", Phone => "phone",
        Telegram => "telegram", WhatsApp => "whatsapp", Viber => "viber", Vk => "vk",
        Avito => "avito", Import => "import", Api => "api", Other => "other",
    }
}

/// A stored lead or opportunity, every column.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Queryable,
    Selectable,
    AsChangeset,
    serde::Serialize,
    serde::Deserialize,
)]
#[diesel(table_name = leads, treat_none_as_null = true)]
#[diesel(check_for_backend(crate::db::Backend))]
pub struct Lead {
    pub id: LeadId,
    pub kind: Kind,
    pub title: String,
    pub contact_name: Option<String>,
    pub contact_name_key: Option<String>,
    pub company_name: Option<String>,
    pub company_name_key: Option<String>,
    pub email: Option<String>,
    pub email_norm: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    #[diesel(embed)]
    #[serde(flatten)]
    pub address: Address,
    #[diesel(embed)]
    #[serde(flatten)]
    pub details: Details,
    pub description: Option<String>,
    pub expected_revenue: i64,
    pub probability: i32,
    pub priority: i32,
    pub stage_id: Option<StageId>,
    pub salesperson_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    pub partner_id: Option<PartnerId>,
    pub active: bool,
    pub lost_reason_id: Option<LostReasonId>,
    pub source_channel: Channel,
    pub merged_into_id: Option<LeadId>,
    pub created_by: Option<UserId>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub converted_at: Option<chrono::NaiveDateTime>,
    pub closed_at: Option<chrono::NaiveDateTime>,
}

impl Lead {
    /// Lost = archived with probability 0 (with or without a reason).
    pub fn is_lost(&self) -> bool {
        !self.active && self.probability == 0
    }

    /// The phone was kept as typed because it did not parse (no E.164 form): "number not
    /// verified".
    pub fn phone_unverified(&self) -> bool {
        self.phone.is_some() && self.phone_e164.is_none()
    }

    /// As [`Lead::phone_unverified`], for the mobile.
    pub fn mobile_unverified(&self) -> bool {
        self.mobile.is_some() && self.mobile_e164.is_none()
    }

    /// The email address was kept as typed, with a typo ("address not verified").
    pub fn email_unverified(&self) -> bool {
        self.email.is_some() && self.email_norm.is_none()
    }

    /// The phone, mobile and email as stored: an edit keeps them even when unverified
    /// (`Unparsed::KeepStored`), so changing another field is never refused for them.
    pub fn stored_contacts(&self) -> Vec<&str> {
        [&self.phone, &self.mobile, &self.email]
            .into_iter()
            .filter_map(|v| v.as_deref())
            .collect()
    }
}

/// What every write of a lead (its fields, tags, messengers, a merge, a conversion or its
/// undo) ends with: its match keys and its entry in the list search follow the record.
pub fn after_write(conn: &mut DbConn, id: LeadId) -> DomainResult<()> {
    keys::refresh(conn, Rec::Lead(id.0))?;
    search::refresh(conn, &[id.0])
}

pub fn find(conn: &mut DbConn, id: LeadId) -> DomainResult<Lead> {
    leads::table
        .find(id)
        .select(Lead::as_select())
        .first(conn)
        .optional()?
        .ok_or(DomainError::NotFound)
}

fn exists<T>(
    found: QueryResult<Option<T>>,
    v: &mut Validator,
    field: &'static str,
    missing: &'static str,
) -> DomainResult<()> {
    if found?.is_none() {
        v.add(field, Msg::new(missing));
    }
    Ok(())
}

/// Unknown ids become field errors, all reported together. Returns the stage to use:
/// the one given, or the first of the pipeline.
fn check_references(conn: &mut DbConn, valid: &ValidLead) -> DomainResult<Option<(StageId, i32)>> {
    let mut v = Validator::new();
    let stage = match valid.stage_id {
        Some(id) => {
            let found = stages::table
                .find(id)
                .select((stages::id, stages::probability))
                .first(conn)
                .optional()?;
            if found.is_none() {
                v.add("stage_id", Msg::new("msg.ref.no_stage"));
            }
            found
        }
        None => stages::table
            .order((stages::sequence.asc(), stages::id.asc()))
            .select((stages::id, stages::probability))
            .first(conn)
            .optional()?,
    };
    if let Some(id) = valid.salesperson_id {
        exists(
            users::table
                .find(id)
                .select(users::id)
                .first::<i32>(conn)
                .optional(),
            &mut v,
            "salesperson_id",
            "msg.ref.no_user",
        )?;
    }
    if let Some(id) = valid.team_id {
        exists(
            teams::table
                .find(id)
                .select(teams::id)
                .first::<i32>(conn)
                .optional(),
            &mut v,
            "team_id",
            "msg.ref.no_team",
        )?;
    }
    if let Some(id) = valid.partner_id {
        let found: Option<Option<i32>> = partners::table
            .find(id)
            .select(partners::merged_into_id)
            .first(conn)
            .optional()?;
        match found {
            None => v.add("partner_id", Msg::new("msg.ref.no_customer")),
            Some(Some(survivor)) => v.add(
                "partner_id",
                Msg::new("msg.ref.customer_merged").text("id", survivor.to_string()),
            ),
            Some(None) => {}
        }
    }
    v.finish()?;
    Ok(stage)
}

/// Creates a lead or an opportunity from what a user typed. Without a stage it goes to the
/// first stage of the pipeline and, without a probability, takes the stage's.
pub fn create(
    conn: &mut DbConn,
    author: UserId,
    kind: Kind,
    input: &LeadInput,
) -> DomainResult<Lead> {
    create_with(conn, author, kind, input, Unparsed::Refuse)
}

/// As [`create`], with `unparsed` deciding what becomes of a phone number that does not
/// parse (intake keeps it, unverified).
pub fn create_with(
    conn: &mut DbConn,
    author: UserId,
    kind: Kind,
    input: &LeadInput,
    unparsed: Unparsed,
) -> DomainResult<Lead> {
    let country = phone_country(conn, Some(author), input, None)?;
    let valid = input.parse_with(&country, unparsed)?;
    write_tx(conn, |conn| {
        let stage = check_references(conn, &valid)?;
        let row = NewLead::from_valid(&valid, kind, Some(author), stage);
        let id: i32 = with_inner!(conn, |c| diesel::insert_into(leads::table)
            .values(&row)
            .returning(leads::id)
            .get_result(c))?;
        tags::set_for_lead(conn, LeadId(id), &valid.tags)?;
        after_write(conn, LeadId(id))?;
        find(conn, LeadId(id))
    })
}

/// The country the national numbers of `input` are read with when `author` types them (see
/// `models::phone_country`): the record's team is the one `input` names, else `stored_team`.
pub fn phone_country(
    conn: &mut DbConn,
    author: Option<UserId>,
    input: &LeadInput,
    stored_team: Option<TeamId>,
) -> DomainResult<String> {
    let named = input.team_id.trim().parse().ok().map(TeamId);
    crate::domain::models::phone_country::resolve(conn, author, named.or(stored_team))
}

/// An unchanged number keeps the form it was read as: it was read with the country of
/// whoever typed it, and the editor's may read it otherwise (or not at all).
fn keep_read_numbers(valid: &mut ValidLead, stored: &Lead) {
    if valid.phone.is_some() && valid.phone == stored.phone && stored.phone_e164.is_some() {
        valid.phone_e164.clone_from(&stored.phone_e164);
    }
    if valid.mobile.is_some() && valid.mobile == stored.mobile && stored.mobile_e164.is_some() {
        valid.mobile_e164.clone_from(&stored.mobile_e164);
    }
}

/// Edits a lead from what a user typed; a blank probability keeps the current one. The
/// changed fields are logged in the chatter as old → new.
pub fn update(conn: &mut DbConn, id: LeadId, input: &LeadInput) -> DomainResult<Lead> {
    update_by(conn, None, id, input)
}

/// As [`update`], with `author` named in the chatter entry. The lead's own unverified
/// numbers (and address) are kept as they are; a new one must parse.
pub fn update_by(
    conn: &mut DbConn,
    author: Option<UserId>,
    id: LeadId,
    input: &LeadInput,
) -> DomainResult<Lead> {
    let stored = find(conn, id)?;
    let kept = stored.stored_contacts();
    update_with(conn, author, id, input, Unparsed::KeepStored(&kept))
}

/// As [`update_by`], with `unparsed` deciding what becomes of a phone number that does not
/// parse (an import keeps it, unverified).
pub fn update_with(
    conn: &mut DbConn,
    author: Option<UserId>,
    id: LeadId,
    input: &LeadInput,
    unparsed: Unparsed,
) -> DomainResult<Lead> {
    let stored = find(conn, id)?;
    let country = phone_country(conn, author, input, stored.team_id)?;
    let mut valid = input.parse_with(&country, unparsed)?;
    keep_read_numbers(&mut valid, &stored);
    write_tx(conn, |conn| {
        let before = find(conn, id)?;
        let stage = check_references(conn, &valid)?;
        let stage_id = valid.stage_id.or(before.stage_id).or(stage.map(|s| s.0));
        diesel::update(leads::table.find(id))
            .set((
                &valid,
                leads::probability.eq(valid.probability.unwrap_or(before.probability)),
                leads::stage_id.eq(stage_id),
                leads::updated_at.eq(now()),
            ))
            .execute(conn)?;
        tags::set_for_lead(conn, id, &valid.tags)?;
        after_write(conn, id)?;
        let after = find(conn, id)?;
        let tracked = tracked_changes(&before, &after);
        if !tracked.is_empty() {
            chatter::post_event(
                conn,
                Owner::Lead(id),
                author,
                chatter::MessageKind::Log,
                &crate::i18n::Msg::new("event.lead.updated"),
                &tracked,
            )?;
        }
        Ok(after)
    })
}
