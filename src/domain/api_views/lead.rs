//! One lead as the API shows it, and a JSON body read into the lead form's input: the same
//! fields, the same checks, the same messages. A PATCH starts from the record as it is, so
//! only the fields sent change.

use serde_json::{Map, Value};

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainResult, FieldErrors};
use crate::domain::ids::{IdentityId, LeadId, LostReasonId, PartnerId, StageId, TeamId, UserId};
use crate::domain::models::identities::{self, IdentityChannel};
use crate::domain::models::leads::{Address, Channel, Details, Kind, Lead, LeadInput, fields};
use crate::domain::models::tags;
use crate::domain::records::{self, MessengerEdits, MessengerInput};

use super::{json_text, json_texts, money_text};
use crate::i18n::Msg;

/// A messenger handle of a record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct MessengerView {
    pub id: IdentityId,
    pub channel: IdentityChannel,
    pub handle: String,
}

/// A lead or opportunity as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct LeadView {
    pub id: LeadId,
    pub kind: Kind,
    pub title: String,
    pub contact_name: Option<String>,
    pub company_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub phone_e164: Option<String>,
    pub mobile: Option<String>,
    pub mobile_e164: Option<String>,
    #[serde(flatten)]
    pub address: Address,
    #[serde(flatten)]
    pub details: Details,
    pub description: Option<String>,
    pub expected_revenue: String,
    pub expected_revenue_cents: i64,
    pub probability: i32,
    pub priority: i32,
    pub stage_id: Option<StageId>,
    pub salesperson_id: Option<UserId>,
    pub team_id: Option<TeamId>,
    pub partner_id: Option<PartnerId>,
    pub active: bool,
    pub lost: bool,
    pub lost_reason_id: Option<LostReasonId>,
    pub source_channel: Channel,
    /// Set when the record was merged: the record that holds it now.
    pub merged_into_id: Option<LeadId>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub converted_at: Option<chrono::NaiveDateTime>,
    pub closed_at: Option<chrono::NaiveDateTime>,
    pub tags: Vec<String>,
    pub messengers: Vec<MessengerView>,
}

/// The view of `lead` with its tags and messengers.
pub fn view(conn: &mut DbConn, lead: Lead) -> DomainResult<LeadView> {
    let id = lead.id;
    let tags = tags::for_lead(conn, id)?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let messengers = identities::for_lead(conn, id)?
        .into_iter()
        .map(|i| MessengerView {
            id: i.id,
            channel: i.channel,
            handle: i.handle,
        })
        .collect();
    let lost = lead.is_lost();
    Ok(LeadView {
        id: lead.id,
        kind: lead.kind,
        title: lead.title,
        contact_name: lead.contact_name,
        company_name: lead.company_name,
        email: lead.email,
        phone: lead.phone,
        phone_e164: lead.phone_e164,
        mobile: lead.mobile,
        mobile_e164: lead.mobile_e164,
        address: lead.address,
        details: lead.details,
        description: lead.description,
        expected_revenue: money_text(lead.expected_revenue),
        expected_revenue_cents: lead.expected_revenue,
        probability: lead.probability,
        priority: lead.priority,
        stage_id: lead.stage_id,
        salesperson_id: lead.salesperson_id,
        team_id: lead.team_id,
        partner_id: lead.partner_id,
        active: lead.active,
        lost,
        lost_reason_id: lead.lost_reason_id,
        source_channel: lead.source_channel,
        merged_into_id: lead.merged_into_id,
        created_at: lead.created_at,
        updated_at: lead.updated_at,
        converted_at: lead.converted_at,
        closed_at: lead.closed_at,
        tags,
        messengers,
    })
}

/// A record the actor may see (a merged one too: `merged_into_id` says where it went).
pub fn detail(conn: &mut DbConn, actor: &Actor, id: LeadId) -> DomainResult<LeadView> {
    let lead = records::find_visible(conn, actor, id)?;
    view(conn, lead)
}

pub(crate) fn messenger_rows(value: &Value) -> Result<Vec<MessengerInput>, Msg> {
    let bad = || Msg::new("msg.api.messenger_list");
    let Value::Array(items) = value else {
        return Err(bad());
    };
    items
        .iter()
        .map(|item| {
            let field = |name: &str| item.get(name).map_or(Ok(String::new()), json_text);
            match item {
                Value::Object(_) => Ok(MessengerInput {
                    channel: field("channel")?,
                    handle: field("handle")?,
                }),
                _ => Err(bad()),
            }
        })
        .collect()
}

/// The messenger ids a body asks to remove.
pub(crate) fn removed_ids(value: &Value) -> Result<Vec<i32>, Msg> {
    json_texts(value)?
        .iter()
        .map(|i| {
            i.trim()
                .parse::<i32>()
                .map_err(|_| Msg::new("msg.api.not_id").text("value", i.as_str()))
        })
        .collect()
}

/// The keys of a lead body besides the typed fields of the field table.
const EXTRA_KEYS: &[&str] = &["tags", "messengers", "remove_messengers"];

/// Reads a JSON object over `base`: every key must be a lead field (or `tags` as a list,
/// `messengers` to add, `remove_messengers` ids). Returns the input built from what could be
/// read and the body's own mistakes (unknown keys under `body`, wrong shapes).
pub fn read_body(
    base: LeadInput,
    body: &Map<String, Value>,
) -> DomainResult<(LeadInput, MessengerEdits, FieldErrors)> {
    let mut input = base;
    let mut errors = FieldErrors::new();
    let mut unknown: Vec<&str> = Vec::new();
    let mut edits = MessengerEdits::default();
    for (key, value) in body {
        let result = if let Some(slot) = fields::by_name(key).and_then(|f| f.input) {
            json_text(value).map(|t| *slot(&mut input) = t)
        } else {
            match key.as_str() {
                "tags" => json_texts(value).map(|t| input.tags = t.join(", ")),
                "messengers" => messenger_rows(value).map(|rows| edits.add = rows),
                "remove_messengers" => removed_ids(value).map(|ids| edits.remove = ids),
                _ => {
                    unknown.push(key);
                    continue;
                }
            }
        };
        if let Err(message) = result {
            let field = fields::by_name(key)
                .map(fields::LeadField::name)
                .or_else(|| EXTRA_KEYS.iter().copied().find(|k| k == key))
                .unwrap_or("body");
            errors.insert(field, message);
        }
    }
    if !unknown.is_empty() {
        errors.insert(
            "body",
            Msg::new("msg.api.unknown_fields").text("names", unknown.join(", ")),
        );
    }
    Ok((input, edits, errors))
}

/// Fails with the body's shape errors together with the input's own field errors, so a
/// caller sees every mistake at once.
fn all_errors(
    conn: &mut DbConn,
    actor: &Actor,
    input: &LeadInput,
    errors: FieldErrors,
) -> DomainResult<()> {
    if errors.is_empty() {
        return Ok(());
    }
    let country = crate::domain::models::leads::phone_country(conn, Some(actor.id), input, None)?;
    super::together(errors, input.parse(&country).map(|_| ()))
}

/// Creates a record from a JSON body (assigned to the actor and their first team, source
/// "api", unless the body says otherwise) and returns it with its probable duplicates, as
/// the form warns.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    body: &Map<String, Value>,
) -> DomainResult<(LeadView, Vec<super::similarity::MatchView>)> {
    let base = LeadInput {
        source_channel: "api".into(),
        ..records::input_owned_by(actor)
    };
    let mut body = body.clone();
    let kind = body.remove("type");
    let (input, edits, mut errors) = read_body(base, &body)?;
    let leads_on = crate::domain::models::settings::load(conn)?.leads_enabled;
    let kind = match kind.map(|k| chosen_kind(leads_on, &k)).transpose() {
        Ok(kind) => kind,
        Err(message) => {
            errors.insert("type", message);
            None
        }
    };
    all_errors(conn, actor, &input, errors)?;
    let lead = match kind {
        Some(kind) => records::create_kind(conn, actor, kind, &input, &edits)?,
        None => records::create(conn, actor, &input, &edits)?,
    };
    let warnings = crate::domain::similarity::warnings_for_new(conn, actor, lead.id)?;
    let warnings = warnings.iter().map(super::similarity::match_view).collect();
    Ok((view(conn, lead)?, warnings))
}

/// The `type` a body asks for: "opportunity" always (as the pipeline's New and quick
/// create make), "lead" only while the Leads setting is on (as the lead form makes).
fn chosen_kind(leads_on: bool, value: &Value) -> Result<Kind, Msg> {
    let kind = Kind::parse(&json_text(value)?)?;
    if kind == Kind::Lead && !leads_on {
        return Err(Msg::new("msg.api_leads_off"));
    }
    Ok(kind)
}

/// Changes the fields the body names on a record the actor may write; a merged record is
/// a conflict naming its survivor, a teammate's record is forbidden.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: LeadId,
    body: &Map<String, Value>,
) -> DomainResult<LeadView> {
    let lead = records::find_writable(conn, actor, id)?;
    let tag_names: Vec<String> = tags::for_lead(conn, id)?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let (input, edits, errors) = read_body(LeadInput::of_lead(&lead, &tag_names), body)?;
    all_errors(conn, actor, &input, errors)?;
    let lead = records::update(conn, actor, id, &input, &edits)?;
    view(conn, lead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn numbers_lists_and_messengers_are_read_like_form_fields() {
        let (input, edits, errors) = read_body(
            LeadInput::default(),
            &body(json!({
                "title": "Desks", "stage_id": 3, "tags": ["vip", "web"],
                "messengers": [{"channel": "telegram", "handle": "@robin"}]
            })),
        )
        .unwrap();
        assert!(errors.is_empty());
        assert_eq!(input.title, "Desks");
        assert_eq!(input.stage_id, "3");
        assert_eq!(input.tags, "vip, web");
        assert_eq!(edits.add[0].handle, "@robin");
    }

    #[test]
    fn unknown_fields_and_objects_are_field_errors() {
        let (_, _, e) = read_body(
            LeadInput::default(),
            &body(json!({"titel": "x", "email": {"a": 1}})),
        )
        .unwrap();
        assert_eq!(
            e.get("body").map(ToString::to_string).as_deref(),
            Some("Unknown fields: titel")
        );
        assert!(e.contains_key("email"));
    }
}
