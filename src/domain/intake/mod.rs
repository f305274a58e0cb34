//! Intake: leads pushed in by machines (web forms, chat bots, gateways, marketplaces), with the
//! same duplicate finder as every other entry point.
//!
//! One delivery, one write transaction:
//! 1. a delivery id already answered gives the same answer again and changes nothing
//!    ([`deliveries`]); the same id with other content is a conflict;
//! 2. a sender whose (channel, handle) identity already belongs to a lead or a customer gets
//!    the message attached to that record's chatter: no new lead (`attached`);
//! 3. otherwise a lead is created (unassigned, source = the channel, the handle in its
//!    Messengers), the message goes to its chatter, and its strong duplicates — the records
//!    the Similar Leads button counts — are, by the admin's setting, merged with it (the
//!    oldest survives: `merged`) or named in a flag tag and chatter note (`flagged`); with
//!    none it stays as it is (`created`).
//!
//! Intake needs a manager's or an admin's token: it files records for the whole company and
//! merging needs the right to delete them. It never assigns a salesperson.

pub mod deliveries;
pub mod request;

use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::api_views::together;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::{LeadId, MessageId, Owner};
use crate::domain::models::chatter::{self, MessageKind};
use crate::domain::models::identities;
use crate::domain::models::leads::{self as model, LeadInput, Unparsed};
use crate::domain::models::phone_country;
use crate::domain::models::settings::{self, IntakeDuplicates};
use crate::domain::models::tags;
use crate::domain::records;
use crate::domain::similarity::{self, Match};
use crate::domain::wizards::merge::Merge;

pub use request::{Intake, IntakeRequest, channel_label};

/// The tag a flagged intake lead carries.
pub const FLAG_TAG: &str = "Possible duplicate";

text_enum! {
    /// What intake did with a delivery: attached it to the known sender's record, created a
    /// new lead (with no strong duplicate), created one and merged it with its strong
    /// duplicates, or created one flagged as a possible duplicate of its matches.
    Outcome, "intake outcome" {
        Attached => "attached", Created => "created", Merged => "merged", Flagged => "flagged",
    }
}

/// A strong duplicate named in the answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct MatchRef {
    pub lead_id: i32,
    /// The match probability in whole percent.
    pub score: u8,
    /// The match probability, 0 to 1 (four decimals; 0 in answers stored before it existed).
    #[serde(default)]
    pub probability: f64,
    pub reasons: Vec<ReasonRef>,
}

/// One reason of a match, with its weight in bits (positive for a match, negative against).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct ReasonRef {
    pub text: String,
    /// `None` only in a replayed answer stored before reasons had weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
}

impl<'de> serde::Deserialize<'de> for ReasonRef {
    /// Answers stored before reasons had weights hold their text alone; a retry of such a
    /// delivery must still find its answer.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Stored {
            Text(String),
            Full { text: String, weight: Option<f64> },
        }
        Ok(match Stored::deserialize(d)? {
            Stored::Text(text) => ReasonRef { text, weight: None },
            Stored::Full { text, weight } => ReasonRef { text, weight },
        })
    }
}

/// The answer to a delivery; stored with the delivery id and given again on a retry.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct IntakeAnswer {
    pub outcome: Outcome,
    /// The lead the message is on (for `merged`: the survivor).
    pub lead_id: Option<i32>,
    /// The customer the message is on (`attached` to a customer).
    pub customer_id: Option<i32>,
    /// The chatter message holding the delivery.
    pub message_id: i32,
    /// `merged`: the leads merged into `lead_id` (the new one among them).
    pub merged_ids: Vec<i32>,
    /// `flagged` and `merged`: the strong duplicates found.
    pub matches: Vec<MatchRef>,
    pub delivery_id: Option<String>,
    /// True when this is the stored answer to an earlier identical delivery.
    pub replayed: bool,
}

/// Receives one delivery by `actor` (the bot's token owner). See the module header.
/// `earlier`: mistakes found while reading the request (unknown keys…), reported together
/// with the fields' own.
pub fn receive(
    conn: &mut DbConn,
    actor: &Actor,
    request: &IntakeRequest,
    earlier: FieldErrors,
) -> DomainResult<IntakeAnswer> {
    actor.require_manager()?;
    let settings = settings::load(conn)?;
    // The bot's numbers are read with its owner's country: their own, else their team's.
    let country = phone_country::resolve(conn, Some(actor.id), None)?;
    let intake = together(earlier, request.parse(&country))?;
    let hash = deliveries::request_hash(request)?;
    write_tx(conn, |conn| {
        if let Some(id) = &intake.delivery_id
            && let Some(answer) = deliveries::replay(conn, actor.id, id, &hash)?
        {
            return Ok(answer);
        }
        let answer = match known_owner(conn, &intake, &country)? {
            Some(owner) => attach(conn, actor, &intake, owner)?,
            None => create(conn, actor, &intake, &country, settings.intake_duplicates)?,
        };
        if let Some(id) = &intake.delivery_id {
            deliveries::record(conn, actor.id, id, &hash, &answer)?;
        }
        Ok(answer)
    })
}

/// The live lead (else the customer) that already owns the sender's identity.
fn known_owner(conn: &mut DbConn, intake: &Intake, country: &str) -> DomainResult<Option<Owner>> {
    let Some(handle) = &intake.handle else {
        return Ok(None);
    };
    let found = identities::find_by_handle(conn, intake.channel, handle, country)?;
    for identity in &found {
        if let Some(lead) = identity.lead_id {
            let lead = model::find(conn, lead)?;
            let live = match lead.merged_into_id {
                Some(survivor) => model::find(conn, survivor)?,
                None => lead,
            };
            return Ok(Some(Owner::Lead(live.id)));
        }
    }
    Ok(found.iter().find_map(|i| i.partner_id).map(Owner::Partner))
}

fn answer(outcome: Outcome, intake: &Intake, on: Owner, message: MessageId) -> IntakeAnswer {
    let (lead_id, customer_id) = on.columns();
    IntakeAnswer {
        outcome,
        lead_id,
        customer_id,
        message_id: message.0,
        merged_ids: Vec::new(),
        matches: Vec::new(),
        delivery_id: intake.delivery_id.clone(),
        replayed: false,
    }
}

fn post(conn: &mut DbConn, actor: &Actor, on: Owner, intake: &Intake) -> DomainResult<MessageId> {
    let id = chatter::post_event(
        conn,
        on,
        Some(actor.id),
        MessageKind::Intake,
        &intake.chatter_event(),
        &[],
    )?;
    if let Some(words) = intake.message.as_deref().filter(|m| !m.trim().is_empty()) {
        // What the customer wrote is theirs, kept as written, next to the event.
        set_body(conn, id, words)?;
    }
    Ok(id)
}

fn attach(
    conn: &mut DbConn,
    actor: &Actor,
    intake: &Intake,
    on: Owner,
) -> DomainResult<IntakeAnswer> {
    let message = post(conn, actor, on, intake)?;
    Ok(answer(Outcome::Attached, intake, on, message))
}

/// The lead fields a delivery gives.
fn lead_input(intake: &Intake) -> LeadInput {
    use crate::domain::models::identities::IdentityChannel as C;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let handle_as = |channels: &[C]| {
        if channels.contains(&intake.channel) {
            text(&intake.handle)
        } else {
            String::new()
        }
    };
    let email = intake
        .email
        .clone()
        .unwrap_or_else(|| handle_as(&[C::Email]));
    let phone = intake
        .phone
        .clone()
        .unwrap_or_else(|| handle_as(&[C::Phone]));
    let mobile = match intake.phone {
        Some(_) => String::new(),
        None => handle_as(&[C::WhatsApp, C::Viber]),
    };
    let title = intake
        .title
        .clone()
        .unwrap_or_else(|| format!("{}: {}", channel_label(intake.channel), intake.sender()));
    LeadInput {
        title,
        contact_name: text(&intake.name),
        company_name: text(&intake.company),
        email,
        phone,
        mobile,
        source_channel: intake.channel.as_str().into(),
        ..LeadInput::default()
    }
}

fn create(
    conn: &mut DbConn,
    actor: &Actor,
    intake: &Intake,
    country: &str,
    policy: IntakeDuplicates,
) -> DomainResult<IntakeAnswer> {
    let kind = records::new_record_kind(conn)?;
    // The sender's number is kept even when it does not parse (see `Intake::parse`).
    let lead = model::create_with(conn, actor.id, kind, &lead_input(intake), Unparsed::Keep)?.id;
    if let Some(handle) = &intake.handle {
        identities::add(conn, Owner::Lead(lead), intake.channel, handle, country)?;
    }
    let message = post(conn, actor, Owner::Lead(lead), intake)?;
    let duplicates: Vec<Match> = similarity::similar_to(conn, actor, lead)?
        .into_iter()
        .filter(|m| m.is_duplicate() && m.visible && !m.record.is_customer)
        .collect();
    crate::domain::webhooks::events::lead_created_with(conn, lead, "intake", &duplicates)?;
    let mut out = answer(Outcome::Created, intake, Owner::Lead(lead), message);
    out.matches = duplicates
        .iter()
        .map(|m| MatchRef {
            lead_id: m.record.id,
            score: m.score,
            probability: (m.probability * 10_000.0).round() / 10_000.0,
            reasons: m
                .reasons
                .iter()
                .map(|r| ReasonRef {
                    text: r.text.clone(),
                    weight: Some((r.weight * 10.0).round() / 10.0),
                })
                .collect(),
        })
        .collect();
    if duplicates.is_empty() {
        return Ok(out);
    }
    if policy == IntakeDuplicates::Merge {
        let mut ids = vec![lead];
        ids.extend(duplicates.iter().map(|m| LeadId(m.record.id)));
        // A merge refused (someone merged one of them meanwhile…) leaves a flag instead.
        match Merge::new(ids).apply(conn, actor) {
            Ok(merged) => {
                out.outcome = Outcome::Merged;
                out.lead_id = Some(merged.survivor.0);
                out.merged_ids = merged.merged.iter().map(|l| l.0).collect();
                return Ok(out);
            }
            Err(DomainError::Conflict(_) | DomainError::Invalid(_)) => {}
            Err(e) => return Err(e),
        }
    }
    flag(conn, actor, lead, &duplicates)?;
    out.outcome = Outcome::Flagged;
    Ok(out)
}

fn set_body(conn: &mut DbConn, id: MessageId, body: &str) -> DomainResult<()> {
    use crate::db::schema::messages;
    use diesel::prelude::*;
    diesel::update(messages::table.find(id.0))
        .set(messages::body.eq(body))
        .execute(conn)?;
    Ok(())
}

/// Tags the new lead and explains in its chatter which records it may duplicate.
fn flag(conn: &mut DbConn, actor: &Actor, lead: LeadId, matches: &[Match]) -> DomainResult<()> {
    let tag = tags::find_or_create(conn, FLAG_TAG)?;
    tags::add_to_lead(conn, lead, tag.id)?;
    let records: Vec<String> = matches
        .iter()
        .map(|m| {
            format!(
                "#{} {} ({}: {})",
                m.record.id,
                m.record.title,
                m.probability_text(),
                m.reason_text()
            )
        })
        .collect();
    let event = crate::i18n::Msg::new("event.intake.possible_duplicate")
        .count("count", records.len() as i64)
        .text("records", records.join(", "));
    chatter::post_event(
        conn,
        Owner::Lead(lead),
        Some(actor.id),
        MessageKind::Log,
        &event,
        &[],
    )?;
    Ok(())
}
