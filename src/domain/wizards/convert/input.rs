//! The Convert to Opportunity wizard as typed, and its checks: [`ConvertInput`] holds strings
//! only (the HTML form and the JSON API fill it alike); [`ConvertInput::parse`] gives a
//! [`ConvertRequest`] or field errors, before anything is read from the database.

use super::super::lenient::typed_id;
use super::customer::CustomerChoice;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainResult, Validator};
use crate::domain::ids::{LeadId, PartnerId, TeamId, UserId};
use crate::i18n::Msg;

text_enum! {
    /// What the wizard does with the lead.
    ConvertAction, "conversion action" { Convert => "convert", Merge => "merge" }
}

text_enum! {
    /// What happens to the customer: create one from the lead, link an existing one, none.
    CustomerPolicy, "customer choice" { Create => "create", Link => "link", None => "none" }
}

/// The Convert to Opportunity wizard as typed: every field a string (or a list of strings),
/// so a form, a query string or a JSON body fill it the same way.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(default)]
pub struct ConvertInput {
    /// `convert` or `merge`.
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub action: String,
    /// In merge mode: the records to merge the lead with (the lead itself may be listed).
    #[serde(deserialize_with = "super::super::lenient::texts")]
    pub merge_ids: Vec<String>,
    /// The salesperson's id; blank: nobody.
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub salesperson_id: String,
    /// The team's id; blank: the salesperson's first team.
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub team_id: String,
    /// `create`, `link`, `none`, or `existing:12` (link customer 12: a suggestion picked
    /// in the form, one radio group with the other choices so the choice is unambiguous).
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub customer: String,
    /// With `link`: the customer's id (`12` or `#12`).
    #[serde(deserialize_with = "super::super::lenient::text")]
    pub partner_id: String,
}

/// The wizard once parsed: ids are numbers, choices are enums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertRequest {
    pub action: ConvertAction,
    /// The other records to merge with (never the lead itself); empty in convert mode.
    pub merge_with: Vec<LeadId>,
    pub salesperson: Option<UserId>,
    pub team: Option<TeamId>,
    pub customer: CustomerChoice,
}

impl ConvertInput {
    /// Checks every field at once; `lead` is the record converted (dropped from the records
    /// to merge with). Unknown values become messages on their field.
    pub fn parse(&self, lead: LeadId) -> DomainResult<ConvertRequest> {
        let mut v = Validator::new();
        let action = if self.action.trim().is_empty() {
            Some(ConvertAction::Convert)
        } else {
            v.check("action", ConvertAction::parse(&self.action))
        };
        let mut merge_with = Vec::new();
        for raw in &self.merge_ids {
            match typed_id(raw, "msg.ref.not_record_number") {
                Ok(Some(id)) if id != lead.0 && !merge_with.contains(&LeadId(id)) => {
                    merge_with.push(LeadId(id));
                }
                Ok(_) => {}
                Err(m) => v.add("merge_ids", m),
            }
        }
        let salesperson = v
            .check(
                "salesperson_id",
                typed_id(&self.salesperson_id, "msg.ref.not_user_number"),
            )
            .flatten();
        let team = v
            .check(
                "team_id",
                typed_id(&self.team_id, "msg.ref.not_team_number"),
            )
            .flatten();
        let picked = self.customer.trim().strip_prefix("existing:");
        let policy = if self.customer.trim().is_empty() {
            Some(CustomerPolicy::None)
        } else if picked.is_some() {
            Some(CustomerPolicy::Link)
        } else {
            v.check("customer", CustomerPolicy::parse(&self.customer))
        };
        let partner = match picked {
            Some(id) => v
                .check("customer", typed_id(id, "msg.ref.not_customer_number"))
                .flatten(),
            None => v
                .check(
                    "partner_id",
                    typed_id(&self.partner_id, "msg.ref.not_customer_number"),
                )
                .flatten(),
        };
        let customer = match (policy, partner) {
            (Some(CustomerPolicy::Link), Some(id)) => CustomerChoice::Link(PartnerId(id)),
            (Some(CustomerPolicy::Link), None) => {
                v.add("partner_id", Msg::new("msg.convert.choose_customer"));
                CustomerChoice::Nothing
            }
            (Some(CustomerPolicy::Create), _) => CustomerChoice::Create,
            _ => CustomerChoice::Nothing,
        };
        let action = action.unwrap_or(ConvertAction::Convert);
        if action == ConvertAction::Merge && merge_with.is_empty() && v.is_empty() {
            v.add("merge_ids", Msg::new("msg.convert.merge_needs_ticks"));
        }
        v.finish()?;
        if action == ConvertAction::Convert {
            merge_with.clear();
        }
        Ok(ConvertRequest {
            action,
            merge_with,
            salesperson: salesperson.map(UserId),
            team: team.map(TeamId),
            customer,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(action: &str, customer: &str, partner: &str) -> ConvertInput {
        ConvertInput {
            action: action.into(),
            customer: customer.into(),
            partner_id: partner.into(),
            merge_ids: vec!["7".into(), "3".into(), "3".into()],
            ..ConvertInput::default()
        }
    }

    #[test]
    fn a_customer_id_may_be_typed_with_a_hash_and_the_lead_is_not_merged_with_itself() {
        let request = input("merge", "link", " #12 ").parse(LeadId(7)).unwrap();
        assert_eq!(request.customer, CustomerChoice::Link(PartnerId(12)));
        assert_eq!(request.merge_with, vec![LeadId(3)]);
    }

    #[test]
    fn a_picked_suggestion_is_a_link_whatever_the_typed_id() {
        let request = input("convert", "existing:8", "").parse(LeadId(7)).unwrap();
        assert_eq!(request.customer, CustomerChoice::Link(PartnerId(8)));
        let request = input("convert", " existing:#8 ", "12")
            .parse(LeadId(7))
            .unwrap();
        assert_eq!(request.customer, CustomerChoice::Link(PartnerId(8)));
        let err = input("convert", "existing:x", "")
            .parse(LeadId(7))
            .unwrap_err();
        assert!(err.field("customer").is_some());
    }

    #[test]
    fn plain_conversion_ignores_ticked_records_and_blank_choices_mean_none() {
        let request = input("convert", "", "").parse(LeadId(7)).unwrap();
        assert!(request.merge_with.is_empty());
        assert_eq!(request.customer, CustomerChoice::Nothing);
        assert_eq!(request.salesperson, None);
    }

    #[test]
    fn link_without_a_customer_and_garbage_are_field_errors() {
        let err = input("convert", "link", "").parse(LeadId(7)).unwrap_err();
        assert_eq!(
            err.field("partner_id").as_deref(),
            Some("Choose the customer to link to")
        );
        let err = input("convert", "create", "x1")
            .parse(LeadId(7))
            .unwrap_err();
        assert!(err.field("partner_id").is_some());
    }
}
