//! How a customer merge picks each field of the result, written as data, as
//! [`super::policy`] does for leads: the customers come primary first, then the others oldest
//! first, and
//!
//! - every field of [`FIELDS`] takes the first non-empty value (its normalised twin column,
//!   e.g. `email_norm`, travels with it);
//! - the address is one block from the customer with the most address fields (the earliest
//!   in the order on a tie);
//! - any active customer makes the result active.
//!
//! Values that lose (a second email, another phone) are not dropped: the merge message lists
//! every non-empty field of every customer ([`merge_message`]). Pure functions: the preview
//! and the merge use the same code.

use crate::domain::ids::PartnerId;
use crate::domain::models::partners::Partner;

/// One field of a customer as a merge sees it.
pub struct Field {
    /// The column, and the suffix of its label in the catalogue (`customer_merge.field_…`).
    pub name: &'static str,
    /// The label in the merge message (kept in English in the chatter, as for leads).
    pub label: &'static str,
    /// The value as shown (`None`: empty).
    pub shown: fn(&Partner) -> Option<String>,
    /// Copies the value (and its normalised twin) from the source into the result.
    pub copy: fn(&mut Partner, &Partner),
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

macro_rules! text_field {
    ($name:literal, $label:literal, $col:ident $(, $twin:ident)?) => {
        Field {
            name: $name,
            label: $label,
            shown: |p| text(&p.$col),
            copy: |out, src| {
                out.$col = src.$col.clone();
                $(out.$twin = src.$twin.clone();)?
            },
        }
    };
}

/// The fields that take the first non-empty value.
pub const FIELDS: &[Field] = &[
    Field {
        name: "name",
        label: "Name",
        shown: |p| Some(p.name.clone()),
        copy: |out, src| {
            out.name = src.name.clone();
            out.name_key = src.name_key.clone();
        },
    },
    text_field!("email", "Email", email, email_norm),
    text_field!("phone", "Phone", phone, phone_e164),
    text_field!("mobile", "Mobile", mobile, mobile_e164),
    text_field!("website", "Website", website),
    Field {
        name: "company_id",
        label: "Company",
        shown: |p| p.company_id.map(|c| format!("#{c}")),
        copy: |out, src| out.company_id = src.company_id,
    },
    Field {
        name: "salesperson_id",
        label: "Salesperson",
        shown: |p| p.salesperson_id.map(|u| format!("#{u}")),
        copy: |out, src| out.salesperson_id = src.salesperson_id,
    },
];

/// The address block, kept whole from one customer.
pub const ADDRESS: &[Field] = &[
    text_field!("street", "Street", street),
    text_field!("street2", "Street 2", street2),
    text_field!("city", "City", city),
    text_field!("zip", "ZIP", zip),
    text_field!("state", "State", state),
    text_field!("country", "Country", country),
];

/// One row of the preview: the value kept for a field and the customer it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPick {
    pub field: &'static str,
    pub value: Option<String>,
    /// The customer the value comes from (`None`: computed, or empty everywhere).
    pub from: Option<PartnerId>,
    /// Whether the customers disagree on this field (it is highlighted).
    pub differs: bool,
}

/// The label of a customer in markers and messages: `#12 Name`.
pub fn marker(p: &Partner) -> String {
    format!("#{} {}", p.id, p.name)
}

/// How many address fields a customer fills.
pub fn address_fields(p: &Partner) -> usize {
    ADDRESS.iter().filter(|f| (f.shown)(p).is_some()).count()
}

fn differs(ordered: &[Partner], get: fn(&Partner) -> Option<String>) -> bool {
    let mut values = ordered.iter().map(get);
    let first = values.next().flatten();
    values.any(|v| v != first)
}

/// The merged customer and the preview rows, from `ordered` (primary first, then the others
/// oldest first; not empty).
pub fn merged(ordered: &[Partner]) -> (Partner, Vec<CustomerPick>) {
    let primary = &ordered[0];
    let mut out = primary.clone();
    let mut picks = Vec::new();
    for field in FIELDS {
        let source = ordered.iter().find(|p| (field.shown)(p).is_some());
        if let Some(src) = source {
            (field.copy)(&mut out, src);
        }
        picks.push(CustomerPick {
            field: field.name,
            value: source.and_then(|s| (field.shown)(s)),
            from: source.map(|s| s.id),
            differs: differs(ordered, field.shown),
        });
    }
    let mut best = 0;
    for (i, p) in ordered.iter().enumerate() {
        if address_fields(p) > address_fields(&ordered[best]) {
            best = i;
        }
    }
    let addr = &ordered[best];
    for field in ADDRESS {
        (field.copy)(&mut out, addr);
        picks.push(CustomerPick {
            field: field.name,
            value: (field.shown)(addr),
            from: (address_fields(addr) > 0).then_some(addr.id),
            differs: differs(ordered, field.shown),
        });
    }
    out.active = ordered.iter().any(|p| p.active);
    picks.push(CustomerPick {
        field: "active",
        value: Some(if out.active { "active" } else { "archived" }.into()),
        from: None,
        differs: ordered.iter().any(|p| p.active != primary.active),
    });
    out.merged_into_id = None;
    (out, picks)
}

/// The merge message: for each customer, every non-empty field, so nothing is lost.
pub fn merge_message(records: &[Partner]) -> crate::i18n::Msg {
    let mut msg = crate::i18n::Msg::new("event.merge.customers")
        .count("count", records.len() as i64)
        .text("record", marker(&records[0]));
    for (i, p) in records.iter().enumerate() {
        let role = if i == 0 {
            "event.merge.primary"
        } else {
            "event.merge.merged"
        };
        msg = msg.text("part", marker(p)).label("role", role);
        let listed = FIELDS
            .iter()
            .chain(ADDRESS)
            .filter_map(|f| (f.shown)(p).map(|v| (f.name, v)));
        for (field, value) in listed {
            msg = msg.text(&format!("fact:{field}"), value);
        }
        msg = msg
            .text("fact:kind", p.kind.to_string())
            .text("fact:active", p.active.to_string());
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::models::partners::PartnerKind;

    fn partner(id: i32, name: &str) -> Partner {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        Partner {
            id: PartnerId(id),
            kind: PartnerKind::Company,
            name: name.into(),
            name_key: name.to_lowercase(),
            company_id: None,
            email: None,
            email_norm: None,
            phone: None,
            phone_e164: None,
            mobile: None,
            mobile_e164: None,
            street: None,
            street2: None,
            city: None,
            zip: None,
            state: None,
            country: None,
            website: None,
            salesperson_id: None,
            active: true,
            created_at: at,
            updated_at: at,
            merged_into_id: None,
        }
    }

    #[test]
    fn the_first_non_empty_value_wins_and_names_its_source() {
        let mut a = partner(1, "Acme");
        let mut b = partner(2, "ACME Ltd");
        a.email = Some("info@acme.test".into());
        b.email = Some("sales@acme.test".into());
        b.phone = Some("+39 06 1234".into());
        b.phone_e164 = Some("+39061234".into());
        let (out, picks) = merged(&[a, b]);
        assert_eq!(out.name, "Acme");
        assert_eq!(out.email.as_deref(), Some("info@acme.test"));
        assert_eq!(out.phone_e164.as_deref(), Some("+39061234"));
        let phone = picks
            .iter()
            .find(|p| p.field == "phone")
            .expect("phone row");
        assert_eq!(phone.from, Some(PartnerId(2)));
        assert!(
            picks
                .iter()
                .find(|p| p.field == "email")
                .is_some_and(|p| p.differs)
        );
    }

    #[test]
    fn the_address_is_one_block_and_every_value_reaches_the_message() {
        let mut a = partner(1, "Acme");
        let mut b = partner(2, "Acme");
        a.city = Some("Rome".into());
        b.street = Some("Via Roma 1".into());
        b.city = Some("Milan".into());
        b.email = Some("other@acme.test".into());
        let (out, _) = merged(&[a.clone(), b.clone()]);
        assert_eq!(out.city.as_deref(), Some("Milan"));
        let message = merge_message(&[a, b]);
        let has = |name: &str, value: &str| {
            message
                .args
                .iter()
                .any(|(n, v)| n == name && *v == crate::i18n::Arg::Text(value.into()))
        };
        assert!(has("fact:city", "Rome"), "{message:?}");
        assert!(has("fact:email", "other@acme.test"), "{message:?}");
    }
}
