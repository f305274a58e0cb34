//! Every number the similarity rules use, in one place: evidence weights, the cut-offs that
//! turn a score into a class, and the "over-common value" limit.

/// A key shared by more records than this stops counting as evidence (a switchboard number,
/// a very common name), as Odoo does.
pub const MAX_KEY_HITS: usize = 20;

/// A score from this up is a probable duplicate.
pub const DUPLICATE_MIN: i32 = 40;

/// Same email address.
pub const SAME_EMAIL: i32 = 60;
/// Same phone number (phone, mobile, WhatsApp or Viber, in any combination).
pub const SAME_PHONE: i32 = 55;
/// Same handle on a messenger channel (Telegram, VK, Avito…).
pub const SAME_HANDLE: i32 = 55;
/// Linked to the same customer.
pub const SAME_CUSTOMER: i32 = 50;
/// Same name after transliteration, word order ignored.
pub const SAME_NAME: i32 = 45;
/// A name that spells a Telegram nickname or an email's local part.
pub const NAME_IS_NICKNAME: i32 = 40;
/// Similar names (Jaro-Winkler at least [`SIMILAR_NAME_MIN`]).
pub const SIMILAR_NAME: i32 = 30;
/// Same city (normalised).
pub const SAME_CITY: i32 = 15;
/// Same postcode.
pub const SAME_ZIP: i32 = 10;
/// Same company after legal forms are dropped.
pub const SAME_COMPANY: i32 = 15;
/// Similar company names (Jaro-Winkler at least [`SIMILAR_COMPANY_MIN`]).
pub const SIMILAR_COMPANY: i32 = 10;

/// Both records name a person and the names clearly differ.
pub const DIFFERENT_NAMES: i32 = -30;
/// Both have email addresses and share none.
pub const DIFFERENT_EMAILS: i32 = -15;
/// Both have phone numbers and share none.
pub const DIFFERENT_PHONES: i32 = -15;
/// Both have an address at the same company domain, and the addresses differ.
pub const DIFFERENT_ADDRESS_SAME_DOMAIN: i32 = -20;

/// Jaro-Winkler similarity of two name keys from which names count as similar.
pub const SIMILAR_NAME_MIN: f64 = 0.90;
/// Jaro-Winkler similarity below which two names count as different people.
pub const DIFFERENT_NAME_MAX: f64 = 0.75;
/// Jaro-Winkler similarity of two company keys from which companies count as similar.
pub const SIMILAR_COMPANY_MIN: f64 = 0.90;
/// Shortest nickname (letters only) compared with a name.
pub const NICKNAME_MIN_LEN: usize = 5;
