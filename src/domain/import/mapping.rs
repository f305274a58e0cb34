//! Which lead field each CSV column feeds. The export writes exactly the [`Field`] names as
//! its header, so an exported file maps itself; other files are guessed from their headers
//! (common aliases in English, Italian, Russian and Vietnamese) and the user corrects the
//! guess on the mapping page.
//!
//! Besides the exported `messengers` column (`channel:handle; …`), a column named after a
//! messenger channel (`telegram`, `whatsapp`, …, as other systems export them, one column
//! per channel) holds handles of that channel.

use super::header_names;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::fields::{self, LeadColumn};
use crate::i18n::Msg;

/// A lead field a column can feed: one of the lead's own columns (the field table's, by
/// their own names), or what the import reads by name or in its own format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// A column of the field table that CSV carries as is.
    Column(LeadColumn),
    Kind,
    /// The stage, salesperson (login or name), team and lost reason, by name.
    Stage,
    Salesperson,
    Team,
    Tags,
    Messengers,
    Active,
    LostReason,
    CreatedAt,
    /// Handles on one messenger channel (a column per channel).
    Channel(IdentityChannel),
}

/// The fields the import reads in its own way, after the table's columns.
const OWN: &[Field] = &[
    Field::Stage,
    Field::Salesperson,
    Field::Team,
    Field::Tags,
    Field::Messengers,
    Field::Active,
    Field::LostReason,
    Field::CreatedAt,
];

/// The messenger channels with a column of their own.
const CHANNELS: &[IdentityChannel] = &[
    IdentityChannel::Telegram,
    IdentityChannel::WhatsApp,
    IdentityChannel::Viber,
    IdentityChannel::Vk,
    IdentityChannel::Avito,
];

/// Header spellings other systems use, besides the fields' own names.
const ALIASES: &[(&str, Field)] = &[
    ("owner", Field::Salesperson),
    ("salesperson_login", Field::Salesperson),
    ("user", Field::Salesperson),
    ("assigned_to", Field::Salesperson),
    ("tag", Field::Tags),
    ("identities", Field::Messengers),
    ("messenger", Field::Messengers),
    (
        "telegram_username",
        Field::Channel(IdentityChannel::Telegram),
    ),
    ("telegram_handle", Field::Channel(IdentityChannel::Telegram)),
    ("tg", Field::Channel(IdentityChannel::Telegram)),
    ("whatsapp_number", Field::Channel(IdentityChannel::WhatsApp)),
    ("whats_app", Field::Channel(IdentityChannel::WhatsApp)),
    ("wa", Field::Channel(IdentityChannel::WhatsApp)),
    ("viber_number", Field::Channel(IdentityChannel::Viber)),
    ("type", Field::Kind),
    ("create_date", Field::CreatedAt),
    ("created", Field::CreatedAt),
    ("created_on", Field::CreatedAt),
    ("date_created", Field::CreatedAt),
];

impl Field {
    /// Every field of the export, in its column order: the external id and the kind, the
    /// table's CSV columns, then the import's own.
    pub fn all() -> impl Iterator<Item = Field> {
        [Field::Column(LeadColumn::ExternalId), Field::Kind]
            .into_iter()
            .chain(
                fields::FIELDS
                    .iter()
                    .filter(|f| f.csv && f.column != LeadColumn::ExternalId)
                    .map(|f| Field::Column(f.column)),
            )
            .chain(OWN.iter().copied())
    }

    /// Every field a column may feed: the export's, then the channels' (read by the
    /// import, not written by the export: its `messengers` column holds every channel).
    pub fn choices() -> impl Iterator<Item = Field> {
        Field::all().chain(CHANNELS.iter().map(|c| Field::Channel(*c)))
    }

    /// The messenger channel a channel column holds.
    pub fn channel(self) -> Option<IdentityChannel> {
        match self {
            Field::Channel(c) => Some(c),
            _ => None,
        }
    }

    /// The column name in exported files (and the form value on the mapping page).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Column(c) => c.as_str(),
            Field::Kind => "kind",
            Field::Stage => "stage",
            Field::Salesperson => "salesperson",
            Field::Team => "team",
            Field::Tags => "tags",
            Field::Messengers => "messengers",
            Field::Active => "active",
            Field::LostReason => "lost_reason",
            Field::CreatedAt => "created_at",
            Field::Channel(c) => c.as_str(),
        }
    }

    /// The i18n key of the field's label on the mapping page.
    pub fn label_key(self) -> String {
        format!("import.field.{}", self.as_str())
    }

    /// The field a form value or a header names exactly.
    pub fn parse(raw: &str) -> Option<Field> {
        Field::choices().find(|f| f.as_str() == raw)
    }

    /// The field a header probably means: its exact name, or a usual alias (the table's
    /// for the lead's own columns, then the import's, then the Italian, Russian and
    /// Vietnamese ones), whatever the case, accents and gaps between words.
    pub fn guess(header: &str) -> Option<Field> {
        let folded = header_names::fold(header);
        let h = folded.as_str();
        Field::parse(h)
            .or_else(|| {
                fields::FIELDS
                    .iter()
                    .find(|f| f.csv && f.aliases.contains(&h))
                    .map(|f| Field::Column(f.column))
            })
            .or_else(|| ALIASES.iter().find(|(a, _)| *a == h).map(|(_, f)| *f))
            .or_else(|| header_names::local(h).and_then(Field::parse))
    }
}

impl serde::Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Field::parse(&raw)
            .ok_or_else(|| serde::de::Error::custom(format!("'{raw}' is not a lead field")))
    }
}

/// For each column of the file, the field it feeds (`None`: ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The guess for a header line; a field goes to its first matching column only.
    pub fn guess(headers: &[String]) -> Mapping {
        let mut taken = Vec::new();
        let columns = headers
            .iter()
            .map(|h| {
                let f = Field::guess(h).filter(|f| !taken.contains(f));
                taken.extend(f);
                f
            })
            .collect();
        Mapping { columns }
    }

    /// A mapping as chosen on the page: one value per column, "" for ignored. A field chosen
    /// twice, an unknown value or a missing title column is refused.
    pub fn from_choices(headers: &[String], choices: &[String]) -> DomainResult<Mapping> {
        let mut columns = Vec::with_capacity(headers.len());
        for (i, _) in headers.iter().enumerate() {
            let raw = choices.get(i).map(|c| c.trim()).unwrap_or("");
            if raw.is_empty() {
                columns.push(None);
                continue;
            }
            let field = Field::parse(raw).ok_or_else(|| {
                DomainError::invalid(
                    "mapping",
                    Msg::new("msg.import.not_field").text("value", raw),
                )
            })?;
            if columns.contains(&Some(field)) {
                return Err(DomainError::invalid(
                    "mapping",
                    Msg::new("msg.import.two_columns").text("field", field.as_str()),
                ));
            }
            columns.push(Some(field));
        }
        let mapping = Mapping { columns };
        mapping.require_title()?;
        Ok(mapping)
    }

    /// Every lead needs a title (or at least a contact or company name to make one from).
    pub fn require_title(&self) -> DomainResult<()> {
        let has = |f: Field| self.columns.contains(&Some(f));
        if has(Field::Column(LeadColumn::Title))
            || has(Field::Column(LeadColumn::ContactName))
            || has(Field::Column(LeadColumn::CompanyName))
        {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "mapping",
                Msg::new("msg.import.map_title"),
            ))
        }
    }

    /// The column feeding `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn odoo_partner_name_feeds_the_company_and_channel_columns_their_channel() {
        let m = Mapping::guess(&headers(&["partner_name", "telegram", "WhatsApp", "viber"]));
        assert_eq!(
            m.columns,
            vec![
                Some(Field::Column(LeadColumn::CompanyName)),
                Some(Field::Channel(IdentityChannel::Telegram)),
                Some(Field::Channel(IdentityChannel::WhatsApp)),
                Some(Field::Channel(IdentityChannel::Viber))
            ]
        );
        assert_eq!(
            Field::Channel(IdentityChannel::WhatsApp).channel(),
            Some(IdentityChannel::WhatsApp)
        );
        assert_eq!(
            Field::parse("whatsapp"),
            Some(Field::Channel(IdentityChannel::WhatsApp))
        );
    }

    #[test]
    fn every_messenger_channel_has_a_column() {
        // The channels a sender is known by a handle on (not web, email, phone, other).
        for channel in IdentityChannel::ALL {
            let messenger = !matches!(
                channel,
                IdentityChannel::Web
                    | IdentityChannel::Email
                    | IdentityChannel::Phone
                    | IdentityChannel::Other
            );
            let column = Field::parse(channel.as_str());
            assert_eq!(
                column.and_then(Field::channel).is_some(),
                messenger,
                "{channel}"
            );
        }
    }

    #[test]
    fn exported_headers_and_usual_aliases_are_recognised() {
        let headers: Vec<String> = ["ID", "External ID", "Name", "E-mail", "Company", "Owner"]
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let m = Mapping::guess(&headers);
        assert_eq!(
            m.columns,
            vec![
                None,
                Some(Field::Column(LeadColumn::ExternalId)),
                Some(Field::Column(LeadColumn::ContactName)),
                Some(Field::Column(LeadColumn::Email)),
                Some(Field::Column(LeadColumn::CompanyName)),
                Some(Field::Salesperson)
            ]
        );
    }
}
