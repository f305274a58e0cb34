//! Persisted concepts, one per file.

/// A stored enum: TEXT in the database (with a CHECK constraint), `as_str` to write it,
/// `parse` to read what a user or a row gives (case-insensitive, with a message on failure).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(raw: &str) -> Result<$name, String> {
                let wanted = raw.trim().to_lowercase();
                Self::ALL.iter().copied().find(|v| v.as_str() == wanted).ok_or_else(|| {
                    let known: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("'{}' is not a {} ({})", raw.trim(), $what, known.join(", "))
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Lets the wizards declare their own stored or typed enums the same way.
pub(crate) use text_enum;

pub mod api_tokens;
pub mod chatter;
pub mod identities;
pub mod leads;
pub mod lost_reasons;
pub mod partners;
pub mod sessions;
pub mod settings;
pub mod stages;
pub mod tags;
pub mod teams;
pub mod users;
