//! Normalising rules: the keys two spellings of the same name, address or number share.
//!
//! - names ignore script, accents, case, punctuation and word order
//!   ("Nguyễn  Văn An" → "an nguyen van", "Анна Петрова" → "anna petrova");
//! - company names also ignore legal forms (S.r.l., LLC, ООО, Công ty TNHH, …);
//! - emails are lower-cased and taken out of `"Name" <addr>`; the *domain key* is the domain
//!   for a company address but the whole address for a free-mail one, so two gmail users are
//!   not "the same organisation";
//! - phones and messenger numbers become E.164 with the default (or the record's) country.
//!
//! The rules do not decide whether two records match; the scoring does.

mod companies;
mod emails;
mod handles;
mod names;
mod phones;

pub use companies::{LEGAL_FORMS, company_key};
pub use emails::{FREE_MAIL_DOMAINS, company_domain, email_domain_key, email_norm, is_free_mail};
pub use handles::handle_norm;
pub use names::{name_key, name_tokens, person_key, person_words, phonetic};
pub use phones::{last_digits, phone_e164};
