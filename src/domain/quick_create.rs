//! The pipeline's quick create (as Odoo's): a title, a contact's name, an email or a phone
//! and the expected revenue typed at the top of a kanban column make an opportunity in that
//! column's stage, owned by whoever typed it (and their team). Everything else is the full
//! form's; the checks are the same as the full form's, so nothing half-written is stored.

use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult, FieldErrors};
use crate::domain::ids::StageId;
use crate::domain::models::leads::{Kind, Lead, LeadInput};
use crate::domain::records::{self, MessengerEdits};

/// What the quick-create card holds, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct QuickInput {
    pub title: String,
    pub contact_name: String,
    /// An email address (it holds an `@`) or a phone number.
    pub contact: String,
    pub expected_revenue: String,
}

impl QuickInput {
    /// The full form's input for this card: in `stage`, assigned to the actor and their
    /// first team.
    fn to_lead_input(&self, actor: &Actor, stage: StageId) -> LeadInput {
        let contact = self.contact.trim().to_string();
        let (email, phone) = if contact.contains('@') {
            (contact, String::new())
        } else {
            (String::new(), contact)
        };
        LeadInput {
            title: self.title.clone(),
            contact_name: self.contact_name.clone(),
            email,
            phone,
            expected_revenue: self.expected_revenue.clone(),
            stage_id: stage.to_string(),
            ..crate::domain::records::input_owned_by(actor)
        }
    }
}

/// The card's field a mistake on the full form's `field` shows next to (`None`: no field
/// of the card, shown above it).
pub fn card_field(field: &str) -> Option<&'static str> {
    match field {
        "title" => Some("title"),
        "contact_name" => Some("contact_name"),
        "email" | "phone" | "mobile" => Some("contact"),
        "expected_revenue" => Some("expected_revenue"),
        _ => None,
    }
}

/// Creates the opportunity of a quick-create card in `stage`. Mistakes come back keyed by
/// the card's fields (see [`card_field`]; any other under `stage_id`), nothing written.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    stage: StageId,
    input: &QuickInput,
) -> DomainResult<Lead> {
    actor.require_create()?;
    let lead = input.to_lead_input(actor, stage);
    records::create_kind(
        conn,
        actor,
        Kind::Opportunity,
        &lead,
        &MessengerEdits::default(),
    )
    .map_err(|e| match e {
        DomainError::Invalid(errors) => DomainError::Invalid(on_card(errors)),
        DomainError::Refused(errors) => DomainError::Refused(on_card(errors)),
        other => other,
    })
}

fn on_card(errors: FieldErrors) -> FieldErrors {
    errors
        .into_iter()
        .map(|(field, msg)| (card_field(field).unwrap_or("stage_id"), msg))
        .collect()
}
