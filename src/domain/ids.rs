//! Id newtypes, so a lead id can never be passed where a user id is expected.

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    )*};
}

id_type!(
    UserId,
    TeamId,
    StageId,
    LeadId,
    PartnerId,
    LostReasonId,
    TagId,
    MessageId,
    TokenId
);

/// The record a message or a channel identity hangs on: a lead or a partner, never both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    Lead(LeadId),
    Partner(PartnerId),
}

impl Owner {
    /// The `(lead_id, partner_id)` column pair, exactly one of them set.
    pub fn columns(self) -> (Option<i32>, Option<i32>) {
        match self {
            Owner::Lead(id) => (Some(id.0), None),
            Owner::Partner(id) => (None, Some(id.0)),
        }
    }
}
