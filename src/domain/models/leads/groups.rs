//! Groups of a lead's free-text columns, each declared once: the stored group (embedded in
//! [`super::Lead`], [`super::NewLead`] and [`super::ValidLead`]) and its form twin (embedded
//! in [`super::LeadInput`]) come from one list, with the check of each field. A column added
//! to a group is stored, read, parsed, written and shown with it, with no other struct to
//! edit.

/// Declares a stored group `$name` (every column `Option<String>`) and its form twin
/// `$input` (every column as typed), with `parse` checking each field with its function
/// (`fn(raw, label) -> Result<Option<String>, String>`).
macro_rules! text_group {
    ($(#[$meta:meta])* $name:ident, $input:ident {
        $($field:ident: $check:path => $label:literal),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq,
            diesel::Queryable, diesel::Selectable, diesel::Insertable, diesel::AsChangeset,
            serde::Serialize, serde::Deserialize, utoipa::ToSchema,
        )]
        #[diesel(table_name = crate::db::schema::leads)]
        #[diesel(treat_none_as_null = true, treat_none_as_default_value = false)]
        #[diesel(check_for_backend(crate::db::Backend))]
        pub struct $name {
            $(pub $field: Option<String>,)*
        }

        #[doc = concat!("[`", stringify!($name), "`] as typed in a form, a CSV row or a JSON body.")]
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(default)]
        pub struct $input {
            $(pub $field: String,)*
        }

        impl $input {
            /// Checks every field, each error under its field's name (`None`: one was
            /// refused).
            pub fn parse(&self, v: &mut $crate::domain::error::Validator) -> Option<$name> {
                $(let $field = v.check(stringify!($field), $check(&self.$field, $label));)*
                Some($name { $($field: $field?,)* })
            }
        }

        impl $name {
            /// Each field's catalogue key (`lead.<column>`) with its stored value, in the
            /// order declared: what a record page lists.
            pub fn entries(&self) -> Vec<(&'static str, Option<&str>)> {
                vec![$((concat!("lead.", stringify!($field)), self.$field.as_deref()),)*]
            }
        }
    };
}

pub(crate) use text_group;
