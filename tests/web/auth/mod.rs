//! Setup, sign-in, sign-out, CSRF and role checks, through the real HTTP server.

mod guards;
mod sessions;
mod setup;
mod sign_in;

use crate::support::TestApp;
use leadbook::domain::models::users;

fn user_count(app: &TestApp) -> i64 {
    users::count(&mut app.conn()).unwrap()
}
