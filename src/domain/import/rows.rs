//! One CSV row → a lead ready to write, or every problem of the row (column and message).
//! Names in the file are resolved here against what the database holds: the stage and the
//! team by name, the salesperson by login (or full name), the lost reason by name. Parsing
//! and normalising is `LeadInput::parse`, the rule every other entry point uses.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use crate::domain::error::DomainError;
use crate::domain::ids::{LostReasonId, StageId};
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::fields::LeadColumn;
use crate::domain::models::leads::{Kind, LeadInput, Unparsed, ValidLead};
use crate::domain::similarity::keys::Key;
use crate::domain::values;

use super::cells::{parse_bool, parse_channel_column, parse_messengers, parse_time};
use super::lookups::{Lookups, folded};
use super::mapping::{Field, Mapping};
use crate::i18n::Msg;

/// A problem in one cell (or one whole row, when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CellError {
    /// Spreadsheet row number: the header is row 1.
    pub row: usize,
    /// The header of the offending column ("" for the whole row).
    pub column: String,
    #[serde(deserialize_with = "stored_message")]
    pub message: Msg,
}

/// A stored report's message: a catalogue message, or the English text a report kept before
/// its messages were catalogued (shown as it is).
fn stored_message<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Msg, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Msg(Msg),
        Text(String),
    }
    Ok(match <Stored as serde::Deserialize>::deserialize(d)? {
        Stored::Msg(m) => m,
        Stored::Text(text) => Msg::new(text),
    })
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

/// A row being read: the lead's input, what it carries besides, and the mistakes found,
/// each against the field whose cell made it.
struct Reader<'a> {
    lookups: &'a Lookups,
    input: LeadInput,
    out: Extras,
    errors: Vec<(Field, Msg)>,
    /// The row's own country (for its national numbers), when its cell names one.
    country: Option<String>,
    messengers: Option<&'a str>,
    channel_columns: Vec<(IdentityChannel, &'a str)>,
}

impl<'a> Reader<'a> {
    fn new(lookups: &'a Lookups) -> Reader<'a> {
        Reader {
            lookups,
            input: LeadInput::default(),
            out: Extras {
                kind: lookups.kind,
                stage: lookups.first_stage,
                messengers: Vec::new(),
                active: true,
                lost_reason_id: None,
                created_at: None,
                given: Vec::new(),
            },
            errors: Vec::new(),
            country: None,
            messengers: None,
            channel_columns: Vec::new(),
        }
    }

    fn fail(&mut self, field: Field, message: Msg) {
        self.errors.push((field, message));
    }

    /// The id `map` holds for a name, or the cell's error.
    fn named<T: Copy>(
        &mut self,
        field: Field,
        map: &HashMap<String, T>,
        value: &str,
        missing: &str,
    ) -> Option<T> {
        let found = map.get(&folded(value)).copied();
        if found.is_none() {
            self.fail(field, Msg::new(missing).text("value", value));
        }
        found
    }

    /// Reads one non-empty cell of `field`; `raw` is the cell as it was, `value` trimmed.
    fn cell(&mut self, field: Field, raw: &'a str, value: &'a str) {
        let lookups = self.lookups;
        match field {
            Field::Kind => match Kind::parse(value) {
                Ok(k) => self.out.kind = k,
                Err(m) => self.fail(field, m),
            },
            Field::Column(LeadColumn::Country) => {
                // A name ("Australia", "Россия") or an ISO code; a wrong one is the
                // country field's error, from the lead's own parse.
                self.country = values::country_code(value).ok();
                self.input.address.country = value.to_string();
            }
            // A description keeps its spacing.
            Field::Column(LeadColumn::Description) => self.input.description = raw.to_string(),
            Field::Column(column) => {
                if let Some(slot) = column.field().input {
                    *slot(&mut self.input) = value.to_string();
                }
            }
            Field::Tags => self.input.tags = value.to_string(),
            Field::Stage => {
                if let Some(s) = self.named(field, &lookups.stages, value, "msg.import.no_stage") {
                    self.out.stage = Some(s);
                    self.input.stage_id = s.0.to_string();
                }
            }
            Field::Salesperson => {
                if let Some(id) = self.named(field, &lookups.users, value, "msg.import.no_user") {
                    self.input.salesperson_id = id.to_string();
                }
            }
            Field::Team => {
                if let Some(id) = self.named(field, &lookups.teams, value, "msg.import.no_team") {
                    self.input.team_id = id.to_string();
                }
            }
            Field::LostReason => {
                if let Some(id) =
                    self.named(field, &lookups.reasons, value, "msg.import.no_lost_reason")
                {
                    self.out.lost_reason_id = Some(id);
                    self.out.active = false;
                }
            }
            Field::Active => match parse_bool(value) {
                Ok(a) => self.out.active = a && self.out.lost_reason_id.is_none(),
                Err(m) => self.fail(field, m),
            },
            Field::CreatedAt => match parse_time(value) {
                Ok(t) => self.out.created_at = Some(t),
                Err(m) => self.fail(field, m),
            },
            Field::Messengers => self.messengers = Some(value),
            Field::Channel(channel) => self.channel_columns.push((channel, value)),
        }
    }

    /// Reads the messengers column and the channel columns, with the row's country.
    fn read_messengers(&mut self) {
        let country = self
            .country
            .clone()
            .unwrap_or_else(|| self.lookups.country.clone());
        if let Some(raw) = self.messengers {
            match parse_messengers(raw, &country) {
                Ok(m) => self.out.messengers = m,
                Err(m) => self.fail(Field::Messengers, m),
            }
        }
        for (channel, raw) in std::mem::take(&mut self.channel_columns) {
            if let Err(m) = parse_channel_column(channel, raw, &country, &mut self.out.messengers) {
                self.fail(Field::Channel(channel), m);
            }
        }
    }

    /// A row without a title is named after its company and contact; in a file without
    /// titles, a person without a name is called by how to reach them, then by their id in
    /// the file. (In a file with titles, a blank one is a mistake of that row.)
    fn default_title(&mut self, mapping: &Mapping) {
        let input = &mut self.input;
        if input.title.trim().is_empty() {
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
            let first_handle = self.out.messengers.first().map(|(_, h, _)| h.clone());
            input.title = [
                Some(input.email.clone()),
                Some(input.phone.clone()),
                Some(input.mobile.clone()),
                first_handle,
                Some(input.details.external_id.clone()),
            ]
            .into_iter()
            .flatten()
            .map(|s| s.trim().to_string())
            .find(|s| !s.is_empty())
            .unwrap_or_default();
        }
    }

    /// Parses the lead. A number that does not parse is kept as typed and shown as not
    /// verified: the file cannot be asked again, and a lead is never lost for a badly typed
    /// number.
    fn parse(&mut self) -> Option<ValidLead> {
        match self.input.parse_with(&self.lookups.country, Unparsed::Keep) {
            Ok(valid) => Some(valid),
            Err(DomainError::Invalid(fields)) => {
                for (name, message) in fields {
                    let field = field_of(name).unwrap_or(Field::Column(LeadColumn::Title));
                    self.fail(field, message);
                }
                None
            }
            Err(other) => {
                self.fail(Field::Column(LeadColumn::Title), other.message());
                None
            }
        }
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
    let mut reader = Reader::new(lookups);
    for (field, raw) in mapping.columns.iter().zip(cells) {
        let Some(field) = *field else { continue };
        let value = raw.trim();
        if !value.is_empty() {
            reader.out.given.push(field);
            reader.cell(field, raw, value);
        }
    }
    reader.read_messengers();
    reader.default_title(mapping);
    let valid = reader.parse();
    let Reader { out, errors, .. } = reader;
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
        _ => Err(cell_errors(mapping, headers, row, errors)),
    }
}

/// The mistakes of a row against the file's own column names, in the file's column order.
fn cell_errors(
    mapping: &Mapping,
    headers: &[String],
    row: usize,
    errors: Vec<(Field, Msg)>,
) -> Vec<CellError> {
    let column_name = |f: Field| {
        mapping
            .column_of(f)
            .and_then(|i| headers.get(i).cloned())
            .unwrap_or_else(|| f.as_str().to_string())
    };
    let mut out: Vec<CellError> = errors
        .into_iter()
        .map(|(field, message)| CellError {
            row,
            column: column_name(field),
            message,
        })
        .collect();
    out.sort_by_key(|e| {
        headers
            .iter()
            .position(|h| *h == e.column)
            .unwrap_or(usize::MAX)
    });
    out
}

/// The row as a whole could not be read (bad bytes, broken quoting).
pub fn unreadable(row: usize, message: Msg) -> CellError {
    CellError {
        row,
        column: String::new(),
        message,
    }
}
