//! Request bodies the handlers read field by field from a JSON object (so that every
//! mistake is reported at once, in the form's words): these structs only describe them in
//! the OpenAPI description. The keys a handler accepts are the domain's; keep them in step.

#![allow(
    dead_code,
    reason = "read through the OpenAPI description, never constructed"
)]

/// A messenger handle to add.
#[derive(utoipa::ToSchema)]
pub struct MessengerInput {
    /// telegram, whatsapp, viber, vk, avito, …
    channel: String,
    handle: String,
}

/// A lead's fields, as on the lead form. On create `title` is required; on update only the
/// fields sent change, and `null` or `""` clears one.
#[derive(utoipa::ToSchema)]
pub struct LeadBody {
    title: Option<String>,
    /// On create only: "lead" (while Leads are on in Settings) or "opportunity"; left out,
    /// a lead while Leads are on, else an opportunity.
    r#type: Option<String>,
    contact_name: Option<String>,
    company_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    mobile: Option<String>,
    street: Option<String>,
    street2: Option<String>,
    city: Option<String>,
    zip: Option<String>,
    state: Option<String>,
    /// An ISO code or a country name in any of the languages.
    country: Option<String>,
    website: Option<String>,
    description: Option<String>,
    /// In currency units: a number or text such as "8 500,50".
    expected_revenue: Option<String>,
    probability: Option<i32>,
    /// 0 to 3.
    priority: Option<i32>,
    stage_id: Option<i32>,
    salesperson_id: Option<i32>,
    team_id: Option<i32>,
    /// The customer: a number, "#42", or text naming exactly one active customer.
    partner_id: Option<String>,
    source_channel: Option<String>,
    /// The record's id in the system it came from.
    external_id: Option<String>,
    /// A list, or text "a, b".
    tags: Option<Vec<String>>,
    /// Handles to add.
    messengers: Option<Vec<MessengerInput>>,
    /// Messenger ids to remove (update only).
    remove_messengers: Option<Vec<i32>>,
}

/// A customer's fields, as on the customer form. On update only the fields sent change.
#[derive(utoipa::ToSchema)]
pub struct CustomerBody {
    /// "person" (the default) or "company".
    kind: Option<String>,
    name: Option<String>,
    /// The company a person works for.
    company_id: Option<i32>,
    email: Option<String>,
    phone: Option<String>,
    mobile: Option<String>,
    street: Option<String>,
    street2: Option<String>,
    city: Option<String>,
    zip: Option<String>,
    state: Option<String>,
    country: Option<String>,
    website: Option<String>,
    salesperson_id: Option<i32>,
    /// Handles to add.
    messengers: Option<Vec<MessengerInput>>,
    /// Messenger ids to remove (update only).
    remove_messengers: Option<Vec<i32>>,
}

/// A stage's fields, as on Configuration → Pipeline. On create `name` and `probability` are
/// required; on update only the fields sent change.
#[derive(utoipa::ToSchema)]
pub struct StageBody {
    name: Option<String>,
    /// 0 to 100: a number, or its text.
    probability: Option<i32>,
    /// A won stage closes the records moved into it.
    is_won: Option<bool>,
    /// Folded in the kanban view.
    folded: Option<bool>,
}

/// Which way a stage moves in the pipeline.
#[derive(utoipa::ToSchema)]
pub struct StageMoveBody {
    /// "up" (earlier) or "down" (later).
    direction: String,
}

/// The settings to change (admins); the fields left out keep their value.
#[derive(utoipa::ToSchema)]
pub struct SettingsBody {
    leads_enabled: Option<bool>,
    /// An ISO country code.
    default_country: Option<String>,
    lost_reason_required: Option<bool>,
    /// "merge" or "flag": what intake does with a probable duplicate.
    intake_duplicates: Option<String>,
    /// An ISO currency code.
    currency: Option<String>,
    /// en, it, ru or vi.
    default_language: Option<String>,
}
