//! The table of a lead's fields: one row per field a user sees, saying how it is read,
//! shown, typed in a form, tracked in the chatter, exchanged in CSV and the API, and merged.
//!
//! Tracking ([`super::tracked_changes`]), the merge policy, the CSV import and export, the
//! API's lead body and the form's starting values (`LeadInput::of_lead`) are all derived
//! from [`FIELDS`]: a field added here (with its column in the stored structs, its catalogue
//! label `track.<name>` and its form input) takes part in all of them.

use crate::domain::enums::text_enum;
use crate::domain::values::{self, format_money};

use super::groups::text_group;
use super::{Channel, Lead, LeadInput, ValidLead};

text_group! {
    /// Where a lead is: the address block, which a merge takes whole.
    Address, AddressInput {
        street: values::optional_line => "Street",
        street2: values::optional_line => "Street 2",
        city: values::optional_line => "City",
        zip: values::optional_line => "ZIP",
        state: values::optional_line => "State",
        country: values::optional_country => "Country",
    }
}

text_group! {
    /// A lead's other free-text details. A new text field of a lead goes here (with its
    /// column in [`LeadColumn`] and its row in [`FIELDS`]), and is then stored, parsed,
    /// tracked, merged, imported, exported, shown and sent by the API with the rest.
    Details, DetailsInput {
        website: values::optional_line => "Website",
        external_id: values::optional_line => "External id",
    }
}

text_enum! {
    /// A lead field, by its column name (also its CSV header, API key and chatter key).
    LeadColumn, "lead field" {
        ExternalId => "external_id", Title => "title", ContactName => "contact_name",
        CompanyName => "company_name", Email => "email", Phone => "phone", Mobile => "mobile",
        Street => "street", Street2 => "street2", City => "city", Zip => "zip",
        State => "state", Country => "country", Website => "website",
        Description => "description", ExpectedRevenue => "expected_revenue",
        Probability => "probability", Priority => "priority", SourceChannel => "source_channel",
        StageId => "stage_id", PartnerId => "partner_id", SalespersonId => "salesperson_id",
        TeamId => "team_id", Active => "active", LostReasonId => "lost_reason_id",
        Kind => "kind",
    }
}

/// How a merge picks a field's value (records ordered primary first, then oldest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeRule {
    /// The first non-empty value.
    First,
    /// Part of the address block, taken whole from the record with the most address fields.
    Address,
    /// A rule of its own in the merge policy (description, priority, kind, state, lost
    /// reason), or the primary's value (probability).
    Own,
}

/// One field of the table.
pub struct LeadField {
    pub column: LeadColumn,
    /// The label of the merge wizard and of the merge message.
    pub label: &'static str,
    /// The stored value as text (`None`: empty): what a tracked change records.
    pub value: fn(&Lead) -> Option<String>,
    /// The value as the merge wizard shows it (`None`: empty, so a merge looks further).
    pub shown: fn(&Lead) -> Option<String>,
    /// Copies the value, and its normalised twin columns, from the source into the result.
    pub copy: fn(&mut Lead, &Lead),
    /// The form input the field is typed in (also a CSV cell's and a JSON key's target).
    pub input: Option<fn(&mut LeadInput) -> &mut String>,
    /// The stored value as the form writes it (the form's starting value, the CSV cell).
    pub form: fn(&Lead) -> String,
    /// A parsed value as the form writes it (what an import's row puts into a stored lead).
    pub valid: fn(&ValidLead) -> String,
    /// Other header names a CSV file may give the column (lower case, `_` for separators).
    pub aliases: &'static [&'static str],
    /// Whether the CSV import and export carry it as a column of its own name (stage,
    /// salesperson, team, state and lost reason travel by name, through the import's own
    /// columns).
    pub csv: bool,
    /// Whether an edit records its change in the chatter.
    pub tracked: bool,
    pub merge: MergeRule,
}

impl LeadField {
    /// The column name.
    pub fn name(&self) -> &'static str {
        self.column.as_str()
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

fn stored(v: &Option<String>) -> Option<String> {
    v.clone()
}

fn plain(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn id<T: std::fmt::Display>(v: Option<T>) -> Option<String> {
    v.map(|i| i.to_string())
}

fn hash_id<T: std::fmt::Display>(v: Option<T>) -> Option<String> {
    v.map(|i| format!("#{i}"))
}

/// A text column (`Option<String>`, at `$field` of the stored and the form structs), typed
/// as is, its twins copied with it.
macro_rules! text_field {
    ($col:ident, $label:literal, $($field:ident).+, [$($twin:ident),*], $merge:ident) => {
        text_field!($col, $label, $($field).+, [$($twin),*], $merge, aliases [])
    };
    ($col:ident, $label:literal, $($field:ident).+, [$($twin:ident),*], $merge:ident,
     aliases [$($alias:literal),*]) => {
        LeadField {
            column: LeadColumn::$col,
            label: $label,
            value: |l| stored(&l.$($field).+),
            shown: |l| text(&l.$($field).+),
            copy: |to, from| {
                to.$($field).+ = from.$($field).+.clone();
                $(to.$twin = from.$twin.clone();)*
            },
            input: Some(|i| &mut i.$($field).+),
            form: |l| plain(&l.$($field).+),
            valid: |v| plain(&v.$($field).+),
            aliases: &[$($alias),*],
            csv: true,
            tracked: true,
            merge: MergeRule::$merge,
        }
    };
}

/// A reference (`Option<id>`), typed as the id, shown as `#id`.
macro_rules! id_field {
    ($col:ident, $label:literal, $field:ident) => {
        LeadField {
            column: LeadColumn::$col,
            label: $label,
            value: |l| id(l.$field),
            shown: |l| hash_id(l.$field),
            copy: |to, from| to.$field = from.$field,
            input: Some(|i| &mut i.$field),
            form: |l| id(l.$field).unwrap_or_default(),
            valid: |v| id(v.$field).unwrap_or_default(),
            aliases: &[],
            csv: false,
            tracked: true,
            merge: MergeRule::First,
        }
    };
}

/// Every field, in the order of the CSV export, the chatter's changes and the merge wizard.
pub const FIELDS: &[LeadField] = &[
    text_field!(ExternalId, "External id", details.external_id, [], First, aliases ["external_ref", "ext_id", "source_id"]),
    LeadField {
        column: LeadColumn::Title,
        label: "Title",
        value: |l| Some(l.title.clone()),
        shown: |l| Some(l.title.clone()).filter(|t| !t.trim().is_empty()),
        copy: |to, from| to.title.clone_from(&from.title),
        input: Some(|i| &mut i.title),
        form: |l| l.title.clone(),
        valid: |v| v.title.clone(),
        aliases: &[],
        csv: true,
        tracked: true,
        merge: MergeRule::First,
    },
    text_field!(ContactName, "Contact", contact_name, [contact_name_key], First, aliases ["contact", "name", "contact_person", "full_name", "person"]),
    // `partner_name` is Odoo's column for the company of a lead.
    text_field!(CompanyName, "Company", company_name, [company_name_key], First, aliases ["company", "organisation", "organization", "account", "partner_name", "partner"]),
    text_field!(Email, "Email", email, [email_norm], First, aliases ["e_mail", "mail", "email_address"]),
    text_field!(Phone, "Phone", phone, [phone_e164], First, aliases ["telephone", "phone_number", "tel"]),
    text_field!(Mobile, "Mobile", mobile, [mobile_e164], First, aliases ["cell", "mobile_phone", "cellphone"]),
    text_field!(Street, "Street", address.street, [], Address),
    text_field!(Street2, "Street 2", address.street2, [], Address),
    text_field!(City, "City", address.city, [], Address),
    text_field!(Zip, "ZIP", address.zip, [], Address, aliases ["postcode", "postal_code", "zip_code"]),
    text_field!(State, "State", address.state, [], Address),
    text_field!(Country, "Country", address.country, [], Address),
    text_field!(Website, "Website", details.website, [], First),
    text_field!(Description, "Description", description, [], Own, aliases ["notes", "note", "comment"]),
    LeadField {
        column: LeadColumn::ExpectedRevenue,
        label: "Expected revenue",
        value: |l| Some(l.expected_revenue.to_string()),
        shown: |l| (l.expected_revenue != 0).then(|| format_money(l.expected_revenue)),
        copy: |to, from| to.expected_revenue = from.expected_revenue,
        input: Some(|i| &mut i.expected_revenue),
        form: |l| format_money(l.expected_revenue).replace(',', ""),
        valid: |v| format_money(v.expected_revenue).replace(',', ""),
        aliases: &["revenue", "amount", "value"],
        csv: true,
        tracked: true,
        merge: MergeRule::First,
    },
    LeadField {
        column: LeadColumn::Probability,
        label: "Probability",
        value: |l| Some(l.probability.to_string()),
        shown: |l| Some(l.probability.to_string()),
        copy: |to, from| to.probability = from.probability,
        input: Some(|i| &mut i.probability),
        form: |l| l.probability.to_string(),
        valid: |v| id(v.probability).unwrap_or_default(),
        aliases: &[],
        csv: true,
        tracked: true,
        merge: MergeRule::Own,
    },
    LeadField {
        column: LeadColumn::Priority,
        label: "Priority",
        value: |l| Some(l.priority.to_string()),
        shown: |l| Some(l.priority.to_string()),
        copy: |to, from| to.priority = from.priority,
        input: Some(|i| &mut i.priority),
        form: |l| l.priority.to_string(),
        valid: |v| v.priority.to_string(),
        aliases: &[],
        csv: true,
        tracked: true,
        merge: MergeRule::Own,
    },
    LeadField {
        column: LeadColumn::SourceChannel,
        label: "Source",
        value: |l| Some(l.source_channel.to_string()),
        shown: |l| {
            Some(l.source_channel)
                .filter(|s| *s != Channel::Manual)
                .map(|s| s.to_string())
        },
        copy: |to, from| to.source_channel = from.source_channel,
        input: Some(|i| &mut i.source_channel),
        form: |l| l.source_channel.as_str().into(),
        valid: |v| v.source_channel.as_str().into(),
        aliases: &["source", "channel"],
        csv: true,
        tracked: true,
        merge: MergeRule::First,
    },
    id_field!(StageId, "Stage", stage_id),
    id_field!(PartnerId, "Customer", partner_id),
    id_field!(SalespersonId, "Salesperson", salesperson_id),
    id_field!(TeamId, "Sales team", team_id),
    LeadField {
        column: LeadColumn::Active,
        label: "State",
        value: |l| Some(l.active.to_string()),
        shown: |l| Some(l.active.to_string()),
        copy: |to, from| to.active = from.active,
        input: None,
        form: |l| l.active.to_string(),
        valid: |_| String::new(),
        aliases: &[],
        csv: false,
        tracked: true,
        merge: MergeRule::Own,
    },
    LeadField {
        column: LeadColumn::LostReasonId,
        label: "Lost reason",
        value: |l| id(l.lost_reason_id),
        shown: |l| hash_id(l.lost_reason_id),
        copy: |to, from| to.lost_reason_id = from.lost_reason_id,
        input: None,
        form: |l| id(l.lost_reason_id).unwrap_or_default(),
        valid: |_| String::new(),
        aliases: &[],
        csv: false,
        tracked: true,
        merge: MergeRule::Own,
    },
    LeadField {
        column: LeadColumn::Kind,
        label: "Type",
        value: |l| Some(l.kind.to_string()),
        shown: |l| Some(l.kind.to_string()),
        copy: |to, from| to.kind = from.kind,
        input: None,
        form: |l| l.kind.to_string(),
        valid: |_| String::new(),
        aliases: &[],
        csv: false,
        tracked: true,
        merge: MergeRule::Own,
    },
];

impl LeadColumn {
    /// The column's row of the table.
    pub fn field(self) -> &'static LeadField {
        // The table lists the columns in the enum's order (a unit test holds it so).
        &FIELDS[self as usize]
    }
}

/// The field named `name` (a column name), if any.
pub fn by_name(name: &str) -> Option<&'static LeadField> {
    FIELDS.iter().find(|f| f.name() == name)
}

/// The fields a merge treats with `rule`, in table order.
pub fn merged_by(rule: MergeRule) -> impl Iterator<Item = &'static LeadField> {
    FIELDS.iter().filter(move |f| f.merge == rule)
}

/// The fields typed in the lead form (and read from a CSV cell or a JSON key).
pub fn typed() -> impl Iterator<Item = &'static LeadField> {
    FIELDS.iter().filter(|f| f.input.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_column_once_in_the_enums_order() {
        assert_eq!(FIELDS.len(), LeadColumn::ALL.len());
        for (row, column) in FIELDS.iter().zip(LeadColumn::ALL) {
            assert_eq!(row.column, *column);
            assert_eq!(column.field().name(), column.as_str());
        }
    }
}
