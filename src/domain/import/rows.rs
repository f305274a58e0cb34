//! One CSV row → a lead ready to write, or every problem of the row (column and message).
//! Names in the file are resolved here against what the database holds: the stage and the
//! team by name, the salesperson by login (or full name), the lost reason by name. Parsing
//! and normalising is `LeadInput::parse`, the rule every other entry point uses.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{lost_reasons, stages, teams, users};
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::{LostReasonId, StageId, TeamId, UserId};
use crate::domain::models::identities::{self, IdentityChannel};
use crate::domain::models::leads::fields::LeadColumn;
use crate::domain::models::leads::{Kind, LeadInput, Unparsed, ValidLead};
use crate::domain::models::settings;
use crate::domain::similarity::keys::Key;
use crate::domain::values;

use super::mapping::{Field, Mapping};

/// A problem in one cell (or one whole row, when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellError {
    /// Spreadsheet row number: the header is row 1.
    pub row: usize,
    /// The header of the offending column ("" for the whole row).
    pub column: String,
    pub message: String,
}

/// The names a file may use, loaded once per import.
#[derive(Debug, Clone)]
pub struct Lookups {
    stages: HashMap<String, (StageId, i32)>,
    first_stage: Option<(StageId, i32)>,
    users: HashMap<String, UserId>,
    teams: HashMap<String, TeamId>,
    reasons: HashMap<String, LostReasonId>,
    /// National phone numbers without a country column are read with this one.
    pub country: String,
    /// The kind of rows without a `kind` column.
    pub kind: Kind,
}

fn folded(raw: &str) -> String {
    raw.trim().to_lowercase()
}

impl Lookups {
    /// Loads stages, users (by login and by name), teams and lost reasons; rows without a
    /// kind become `kind`.
    pub fn load(conn: &mut DbConn, kind: Kind) -> DomainResult<Lookups> {
        let stage_rows: Vec<(StageId, String, i32)> = stages::table
            .order((stages::sequence.asc(), stages::id.asc()))
            .select((stages::id, stages::name, stages::probability))
            .load(conn)?;
        let user_rows: Vec<(UserId, String, String)> = users::table
            .select((users::id, users::login, users::name))
            .load(conn)?;
        let mut by_user = HashMap::new();
        for (id, _, name) in &user_rows {
            by_user.insert(folded(name), *id);
        }
        for (id, login, _) in &user_rows {
            by_user.insert(folded(login), *id);
        }
        Ok(Lookups {
            first_stage: stage_rows.first().map(|s| (s.0, s.2)),
            stages: stage_rows
                .into_iter()
                .map(|(id, name, p)| (folded(&name), (id, p)))
                .collect(),
            users: by_user,
            teams: teams::table
                .select((teams::name, teams::id))
                .load::<(String, TeamId)>(conn)?
                .into_iter()
                .map(|(n, id)| (folded(&n), id))
                .collect(),
            reasons: lost_reasons::table
                .select((lost_reasons::name, lost_reasons::id))
                .load::<(String, LostReasonId)>(conn)?
                .into_iter()
                .map(|(n, id)| (folded(&n), id))
                .collect(),
            country: settings::load(conn)?.default_country,
            kind,
        })
    }
}

/// A row that passed every check.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub row: usize,
    pub valid: ValidLead,
    pub kind: Kind,
    /// The stage (id, probability): the one named, else the first of the pipeline.
    pub stage: Option<(StageId, i32)>,
    /// (channel, handle as typed, normalised handle).
    pub messengers: Vec<(IdentityChannel, String, String)>,
    pub active: bool,
    pub lost_reason_id: Option<LostReasonId>,
    pub created_at: Option<NaiveDateTime>,
    /// The fields the row gave a value for: what an update overwrites or fills in.
    pub given: Vec<Field>,
    /// The duplicate finder's match keys of the row once saved, when computed beside the
    /// checks (a large load); `None` otherwise.
    pub keys: Option<Vec<Key>>,
}

fn parse_bool(raw: &str) -> Result<bool, String> {
    match folded(raw).as_str() {
        "true" | "yes" | "1" | "y" | "active" => Ok(true),
        "false" | "no" | "0" | "n" | "archived" | "lost" => Ok(false),
        _ => Err(format!("'{}' is not yes or no (true/false)", raw.trim())),
    }
}

/// A date or a time, stored in UTC: `2024-07-12`, `2024-07-12 12:34:32` (taken as UTC), or
/// ISO 8601 with a zone, `2024-07-12T12:34:32Z` or `…+03:00` (converted to UTC).
fn parse_time(raw: &str) -> Result<NaiveDateTime, String> {
    let raw = raw.trim();
    let zoned = || {
        let utc = raw
            .strip_suffix(['Z', 'z'])
            .map(|t| format!("{t}+00:00"))
            .unwrap_or_else(|| raw.to_string());
        ["%Y-%m-%dT%H:%M:%S%.f%#z", "%Y-%m-%d %H:%M:%S%.f%#z"]
            .iter()
            .find_map(|f| chrono::DateTime::parse_from_str(&utc, f).ok())
            .map(|t| t.naive_utc())
    };
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .or_else(zoned)
        .or_else(|| {
            chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .ok_or_else(|| {
            format!(
                "'{raw}' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, or ISO 8601 with Z or \
                 an offset such as +03:00)"
            )
        })
}

/// `telegram:@ivan_p; whatsapp:+39 333 123 4567` → (channel, handle, normalised handle).
pub fn parse_messengers(
    raw: &str,
    country: &str,
) -> Result<Vec<(IdentityChannel, String, String)>, String> {
    let mut out: Vec<(IdentityChannel, String, String)> = Vec::new();
    for part in raw
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (channel, handle) = part.split_once(':').ok_or_else(|| {
            format!("'{part}' should read channel:handle, as in telegram:@ivan_p")
        })?;
        let channel = IdentityChannel::parse(channel)?;
        add_handle(&mut out, channel, handle, country)?;
    }
    Ok(out)
}

/// Adds one handle to a row's messengers (once per channel and normalised handle).
fn add_handle(
    out: &mut Vec<(IdentityChannel, String, String)>,
    channel: IdentityChannel,
    handle: &str,
    country: &str,
) -> Result<(), String> {
    let handle = handle.trim();
    let norm = identities::handle_norm(channel, handle, country)?;
    if !out.iter().any(|(c, _, n)| *c == channel && *n == norm) {
        out.push((channel, handle.to_string(), norm));
    }
    Ok(())
}

/// The handles of a column named after a channel: one, or several separated by `;` or new
/// lines.
fn parse_channel_column(
    channel: IdentityChannel,
    raw: &str,
    country: &str,
    out: &mut Vec<(IdentityChannel, String, String)>,
) -> Result<(), String> {
    for part in raw
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        add_handle(out, channel, part, country)?;
    }
    Ok(())
}

/// What a row carries besides the lead's own fields, while it is read.
struct Extras {
    kind: Kind,
    stage: Option<(StageId, i32)>,
    messengers: Vec<(IdentityChannel, String, String)>,
    active: bool,
    lost_reason_id: Option<LostReasonId>,
    created_at: Option<NaiveDateTime>,
    given: Vec<Field>,
}

/// The LeadInput field an error names → the file field that fed it.
fn field_of(input_field: &str) -> Option<Field> {
    match input_field {
        "stage_id" => Some(Field::Stage),
        "salesperson_id" => Some(Field::Salesperson),
        "team_id" => Some(Field::Team),
        other => Field::parse(other),
    }
}

/// Checks one row; `cells` are the row's cells in file order.
pub fn prepare(
    lookups: &Lookups,
    mapping: &Mapping,
    headers: &[String],
    row: usize,
    cells: &[String],
) -> Result<Prepared, Vec<CellError>> {
    let mut errors = Vec::new();
    let column_name = |f: Field| {
        mapping
            .column_of(f)
            .and_then(|i| headers.get(i).cloned())
            .unwrap_or_else(|| f.as_str().to_string())
    };
    let mut fail = |f: Field, message: String| {
        errors.push(CellError {
            row,
            column: column_name(f),
            message,
        });
    };
    let mut input = LeadInput::default();
    let mut out = Extras {
        kind: lookups.kind,
        stage: lookups.first_stage,
        messengers: Vec::new(),
        active: true,
        lost_reason_id: None,
        created_at: None,
        given: Vec::new(),
    };
    let mut country = None;
    let mut messengers = None;
    let mut channel_columns: Vec<(Field, &str)> = Vec::new();
    for (field, raw) in mapping.columns.iter().zip(cells) {
        let Some(field) = *field else { continue };
        let value = raw.trim();
        if value.is_empty() {
            continue;
        }
        out.given.push(field);
        let text = value.to_string();
        match field {
            Field::Kind => match Kind::parse(value) {
                Ok(k) => out.kind = k,
                Err(m) => fail(field, m),
            },
            Field::Column(LeadColumn::Country) => {
                // A name ("Australia", "Россия") or an ISO code; a wrong one is the
                // country field's error, from the lead's own parse.
                country = values::country_code(value).ok();
                input.country = text;
            }
            // A description keeps its spacing.
            Field::Column(LeadColumn::Description) => input.description = raw.clone(),
            Field::Column(column) => {
                if let Some(slot) = column.field().input {
                    *slot(&mut input) = text;
                }
            }
            Field::Tags => input.tags = text,
            Field::Stage => match lookups.stages.get(&folded(value)) {
                Some(s) => {
                    out.stage = Some(*s);
                    input.stage_id = s.0.to_string();
                }
                None => fail(field, format!("There is no stage named '{value}'")),
            },
            Field::Salesperson => match lookups.users.get(&folded(value)) {
                Some(id) => input.salesperson_id = id.to_string(),
                None => fail(field, format!("There is no user with login '{value}'")),
            },
            Field::Team => match lookups.teams.get(&folded(value)) {
                Some(id) => input.team_id = id.to_string(),
                None => fail(field, format!("There is no team named '{value}'")),
            },
            Field::LostReason => match lookups.reasons.get(&folded(value)) {
                Some(id) => {
                    out.lost_reason_id = Some(*id);
                    out.active = false;
                }
                None => fail(field, format!("There is no lost reason named '{value}'")),
            },
            Field::Active => match parse_bool(value) {
                Ok(a) => out.active = a && out.lost_reason_id.is_none(),
                Err(m) => fail(field, m),
            },
            Field::CreatedAt => match parse_time(value) {
                Ok(t) => out.created_at = Some(t),
                Err(m) => fail(field, m),
            },
            Field::Messengers => messengers = Some(value),
            Field::Channel(_) => {
                channel_columns.push((field, value));
            }
        }
    }
    let c = country.as_deref().unwrap_or(&lookups.country);
    if let Some(raw) = messengers {
        match parse_messengers(raw, c) {
            Ok(m) => out.messengers = m,
            Err(m) => fail(Field::Messengers, m),
        }
    }
    for (field, raw) in channel_columns {
        if let Some(channel) = field.channel()
            && let Err(m) = parse_channel_column(channel, raw, c, &mut out.messengers)
        {
            fail(field, m);
        }
    }
    if input.title.trim().is_empty() {
        // A file of people or companies: the name is the title, as on the intake.
        input.title = [&input.company_name, &input.contact_name]
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
    }
    if input.title.trim().is_empty()
        && mapping
            .column_of(Field::Column(LeadColumn::Title))
            .is_none()
    {
        // A person without a name in a file without titles is called by how to reach
        // them, then by their id in the file. (In a file with titles, a blank one is a
        // mistake of that row.)
        let first_handle = out.messengers.first().map(|(_, h, _)| h.clone());
        input.title = [
            Some(input.email.clone()),
            Some(input.phone.clone()),
            Some(input.mobile.clone()),
            first_handle,
            Some(input.external_id.clone()),
        ]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    }
    // A number that does not parse is kept as typed and shown as not verified: the file
    // cannot be asked again, and a lead is never lost for a badly typed number.
    let valid = match input.parse_with(&lookups.country, Unparsed::Keep) {
        Ok(valid) => Some(valid),
        Err(DomainError::Invalid(fields)) => {
            for (name, message) in fields {
                let field = field_of(name).unwrap_or(Field::Column(LeadColumn::Title));
                fail(field, message);
            }
            None
        }
        Err(other) => {
            fail(Field::Column(LeadColumn::Title), other.to_string());
            None
        }
    };
    match valid {
        Some(valid) if errors.is_empty() => Ok(Prepared {
            row,
            valid,
            kind: out.kind,
            stage: out.stage,
            messengers: out.messengers,
            active: out.active,
            lost_reason_id: out.lost_reason_id,
            created_at: out.created_at,
            given: out.given,
            keys: None,
        }),
        _ => {
            errors.sort_by_key(|e| {
                headers
                    .iter()
                    .position(|h| *h == e.column)
                    .unwrap_or(usize::MAX)
            });
            Err(errors)
        }
    }
}

/// The row as a whole could not be read (bad bytes, broken quoting).
pub fn unreadable(row: usize, message: String) -> CellError {
    CellError {
        row,
        column: String::new(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> String {
        parse_time(raw)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|m| m)
    }

    #[test]
    fn iso_times_with_z_or_an_offset_are_read_as_utc() {
        assert_eq!(at("2024-07-12T12:34:32Z"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12T15:34:32+03:00"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12 07:34:32-0500"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12T12:34:32.5Z"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12 12:34:32"), "2024-07-12 12:34:32");
        assert_eq!(at("2024-07-12"), "2024-07-12 00:00:00");
        assert!(at("12/07/2024").contains("is not a date"));
    }

    #[test]
    fn a_channel_column_gives_handles_of_its_channel() {
        let mut out = Vec::new();
        parse_channel_column(
            IdentityChannel::Telegram,
            "https://t.me/rossana_terragni; @Rossana_Terragni",
            "IT",
            &mut out,
        )
        .unwrap();
        parse_channel_column(IdentityChannel::WhatsApp, "393240306836", "IT", &mut out).unwrap();
        let norms: Vec<&str> = out.iter().map(|(_, _, n)| n.as_str()).collect();
        assert_eq!(norms, vec!["rossana_terragni", "+393240306836"]);
        assert!(
            parse_channel_column(IdentityChannel::Telegram, "not a nick!", "IT", &mut out).is_err()
        );
    }
}
