//! Users: who signs in, with which role and language.
//!
//! - `user`: the [`Role`] and the stored row (a leaf, which the rights read);
//! - `input`: a form's or the CLI's fields and their checks;
//! - `passwords`: argon2id hashes, and the dummy hash an unknown login is checked against;
//! - `sign_in`: [`authenticate`], with failed sign-ins throttled per login and client;
//! - `lookup`: reading users; `changes`: creating and editing them (admins only, or the
//!   first admin while no user exists); `preferences`: a user's own language and country.

mod changes;
mod input;
mod lookup;
mod passwords;
mod preferences;
mod sign_in;
pub(crate) mod user;

pub use changes::{create, create_first_admin, create_with_hash, end_sessions, update};
pub use input::{UserInput, language};
pub use lookup::{count, find, find_by_login, list, list_active, team_ids};
pub use passwords::{
    MAX_PASSWORD, MIN_PASSWORD, hash_password, password_checks_on_this_thread, prepare_dummy_hash,
};
pub use preferences::{set_language, set_preferences};
pub use sign_in::{FREE_FAILURES, authenticate};
pub use user::{Role, User, UserRow};
