//! The fields two records are compared on, their levels and their stable codes.

use serde::{Deserialize, Serialize};

/// The fields compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Email,
    Phone,
    Handle,
    Street,
    City,
    Zip,
    Company,
    Customer,
}

/// How many fields are compared.
pub const FIELDS: usize = 9;

/// The level of a field missing on either side.
pub const MISSING: u8 = u8::MAX;

impl Field {
    pub const ALL: [Field; FIELDS] = [
        Field::Name,
        Field::Email,
        Field::Phone,
        Field::Handle,
        Field::Street,
        Field::City,
        Field::Zip,
        Field::Company,
        Field::Customer,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// A stable code, as stored with the model.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Handle => "handle",
            Field::Street => "street",
            Field::City => "city",
            Field::Zip => "zip",
            Field::Company => "company",
            Field::Customer => "customer",
        }
    }

    /// The levels of this field, best agreement first; the last one is "different".
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Name => &[
                "exact",
                "swapped",
                "close",
                "similar",
                "partial",
                "nickname",
                "one_word",
                "different",
            ],
            Field::Email => &["exact", "local_part", "company_domain", "different"],
            Field::Phone => &["exact", "last_digits", "different"],
            Field::Handle => &["exact", "different"],
            Field::Street => &["exact", "number_and_name", "name", "different"],
            Field::City | Field::Zip | Field::Company => &["exact", "close", "different"],
            Field::Customer => &["same", "different"],
        }
    }

    /// The match-key kind whose holders say how common an agreed value is, for the levels
    /// where [`Compared::value`] is set.
    /// The match-key kind counting how many records hold `value` of this field: a number's
    /// last digits (no `+`) are counted as `tail` keys, a whole number as `phone`.
    pub fn tf_kind_of(self, value: &str) -> Option<&'static str> {
        match self {
            Field::Phone if !value.starts_with('+') => Some("tail"),
            _ => self.tf_kind(),
        }
    }

    pub fn tf_kind(self) -> Option<&'static str> {
        match self {
            Field::Name => Some("name"),
            Field::Email => Some("email"),
            Field::Phone => Some("phone"),
            Field::City => Some("city"),
            Field::Zip => Some("zip"),
            Field::Company => Some("company"),
            Field::Customer => Some("customer"),
            Field::Handle | Field::Street => None,
        }
    }
}
