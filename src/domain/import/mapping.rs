//! Which lead field each CSV column feeds. The export writes exactly the [`Field`] names as
//! its header, so an exported file maps itself; other files are guessed from their headers
//! (a few common aliases) and the user corrects the guess on the mapping page.
//!
//! Besides the exported `messengers` column (`channel:handle; …`), a column named after a
//! messenger channel (`telegram`, `whatsapp`, …, as other systems export them, one column
//! per channel) holds handles of that channel.

use crate::domain::error::{DomainError, DomainResult};
use crate::domain::models::identities::IdentityChannel;

/// A lead field a column can feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ExternalId,
    Kind,
    Title,
    ContactName,
    CompanyName,
    Email,
    Phone,
    Mobile,
    Street,
    Street2,
    City,
    Zip,
    State,
    Country,
    Website,
    Description,
    ExpectedRevenue,
    Probability,
    Priority,
    Stage,
    Salesperson,
    Team,
    SourceChannel,
    Tags,
    Messengers,
    Active,
    LostReason,
    CreatedAt,
    /// Handles on one messenger channel (a column per channel).
    Telegram,
    #[serde(rename = "whatsapp")]
    WhatsApp,
    Viber,
    Vk,
    Avito,
}

impl Field {
    /// Every field, in the export's column order.
    pub const ALL: &'static [Field] = &[
        Field::ExternalId,
        Field::Kind,
        Field::Title,
        Field::ContactName,
        Field::CompanyName,
        Field::Email,
        Field::Phone,
        Field::Mobile,
        Field::Street,
        Field::Street2,
        Field::City,
        Field::Zip,
        Field::State,
        Field::Country,
        Field::Website,
        Field::Description,
        Field::ExpectedRevenue,
        Field::Probability,
        Field::Priority,
        Field::Stage,
        Field::Salesperson,
        Field::Team,
        Field::SourceChannel,
        Field::Tags,
        Field::Messengers,
        Field::Active,
        Field::LostReason,
        Field::CreatedAt,
    ];

    /// The fields of one messenger channel each: read by the import, not written by the
    /// export (its `messengers` column holds every channel).
    pub const CHANNELS: &'static [Field] = &[
        Field::Telegram,
        Field::WhatsApp,
        Field::Viber,
        Field::Vk,
        Field::Avito,
    ];

    /// Every field a column may feed: the export's, then the channels'.
    pub fn choices() -> impl Iterator<Item = Field> {
        Field::ALL.iter().chain(Field::CHANNELS).copied()
    }

    /// The messenger channel a channel column holds.
    pub fn channel(self) -> Option<IdentityChannel> {
        match self {
            Field::Telegram => Some(IdentityChannel::Telegram),
            Field::WhatsApp => Some(IdentityChannel::WhatsApp),
            Field::Viber => Some(IdentityChannel::Viber),
            Field::Vk => Some(IdentityChannel::Vk),
            Field::Avito => Some(IdentityChannel::Avito),
            _ => None,
        }
    }

    /// The column name in exported files (and the form value on the mapping page).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::ExternalId => "external_id",
            Field::Kind => "kind",
            Field::Title => "title",
            Field::ContactName => "contact_name",
            Field::CompanyName => "company_name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Mobile => "mobile",
            Field::Street => "street",
            Field::Street2 => "street2",
            Field::City => "city",
            Field::Zip => "zip",
            Field::State => "state",
            Field::Country => "country",
            Field::Website => "website",
            Field::Description => "description",
            Field::ExpectedRevenue => "expected_revenue",
            Field::Probability => "probability",
            Field::Priority => "priority",
            Field::Stage => "stage",
            Field::Salesperson => "salesperson",
            Field::Team => "team",
            Field::SourceChannel => "source_channel",
            Field::Tags => "tags",
            Field::Messengers => "messengers",
            Field::Active => "active",
            Field::LostReason => "lost_reason",
            Field::CreatedAt => "created_at",
            Field::Telegram => "telegram",
            Field::WhatsApp => "whatsapp",
            Field::Viber => "viber",
            Field::Vk => "vk",
            Field::Avito => "avito",
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

    /// The field a header probably means: its exact name, or a usual alias.
    pub fn guess(header: &str) -> Option<Field> {
        let h: String = header
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '_' })
            .collect();
        let h = h.trim_matches('_');
        Field::parse(h).or(match h {
            "contact" | "name" | "contact_person" | "full_name" | "person" => {
                Some(Field::ContactName)
            }
            // `partner_name` is Odoo's column for the company of a lead.
            "company" | "organisation" | "organization" | "account" | "partner_name"
            | "partner" => Some(Field::CompanyName),
            "e_mail" | "mail" | "email_address" => Some(Field::Email),
            "telephone" | "phone_number" | "tel" => Some(Field::Phone),
            "cell" | "mobile_phone" | "cellphone" => Some(Field::Mobile),
            "revenue" | "amount" | "value" => Some(Field::ExpectedRevenue),
            "owner" | "salesperson_login" | "user" | "assigned_to" => Some(Field::Salesperson),
            "source" | "channel" => Some(Field::SourceChannel),
            "tag" => Some(Field::Tags),
            "identities" | "messenger" => Some(Field::Messengers),
            "telegram_username" | "telegram_handle" | "tg" => Some(Field::Telegram),
            "whatsapp_number" | "whats_app" | "wa" => Some(Field::WhatsApp),
            "viber_number" => Some(Field::Viber),
            "notes" | "note" | "comment" => Some(Field::Description),
            "postcode" | "postal_code" | "zip_code" => Some(Field::Zip),
            "external_ref" | "ext_id" | "source_id" => Some(Field::ExternalId),
            "type" => Some(Field::Kind),
            "create_date" | "created" | "created_on" | "date_created" => Some(Field::CreatedAt),
            _ => None,
        })
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
                DomainError::invalid("mapping", format!("'{raw}' is not a lead field"))
            })?;
            if columns.contains(&Some(field)) {
                return Err(DomainError::invalid(
                    "mapping",
                    format!("Two columns feed '{}'; choose one of them", field.as_str()),
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
        if has(Field::Title) || has(Field::ContactName) || has(Field::CompanyName) {
            Ok(())
        } else {
            Err(DomainError::invalid(
                "mapping",
                "Map a column to Title (or to Contact name or Company name)",
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
                Some(Field::CompanyName),
                Some(Field::Telegram),
                Some(Field::WhatsApp),
                Some(Field::Viber)
            ]
        );
        assert_eq!(Field::WhatsApp.channel(), Some(IdentityChannel::WhatsApp));
        assert_eq!(Field::parse("whatsapp"), Some(Field::WhatsApp));
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
                Some(Field::ExternalId),
                Some(Field::ContactName),
                Some(Field::Email),
                Some(Field::CompanyName),
                Some(Field::Salesperson)
            ]
        );
    }
}
