//! `leadbook user create` and `leadbook token create`: a user (password from standard input)
//! and an API token for one.

use std::io::{BufRead, Write};

use leadbook::config::Config;
use leadbook::domain::access::Actor;
use leadbook::domain::audit::{self, Action, Origin, Target, TargetKind};
use leadbook::domain::models::users;

use super::say::t_with;
use super::{check_options, open, option};

pub fn user_create(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--login", "--role", "--name", "--email"])?;
    let login = option(options, "--login")?.ok_or_else(|| required("--login"))?;
    let role = option(options, "--role")?.ok_or_else(|| required("--role"))?;
    let name = option(options, "--name")?.unwrap_or(login);
    let email = option(options, "--email")?.unwrap_or("");
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| t_with("cli.no_password", &[("error", e.to_string())]))?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    let input = users::UserInput {
        login: login.into(),
        name: name.into(),
        email: email.into(),
        role: role.into(),
        language: String::new(),
        password: password.clone(),
        password_confirm: password,
    };
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    // Whoever runs the command line holds the database: the operator's door.
    let user = audit::audited(
        &mut conn,
        &Origin::command_line(),
        Action::UserCreated,
        |c| users::create(c, &Actor::operator(), &input),
        |user| Target::of(TargetKind::User, [user.id]).with("role", user.role.as_str()),
    )
    .map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    let said = t_with(
        "cli.user_created",
        &[
            ("login", user.login.clone()),
            ("role", user.role.as_str().to_string()),
            ("id", user.id.to_string()),
        ],
    );
    writeln!(out, "{said}").map_err(|e| e.to_string())
}

pub fn token_create(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--login", "--name"])?;
    let login = option(options, "--login")?.ok_or_else(|| required("--login"))?;
    let name = option(options, "--name")?.unwrap_or("");
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let user = users::find_by_login(&mut conn, login).map_err(|_| no_such_login(login))?;
    let origin = Origin::command_line();
    let token =
        audit::create_token(&mut conn, &origin, user.id, name).map_err(|e| e.to_string())?;
    println!("{token}");
    Ok(())
}

/// The refusal of a command missing its `flag`.
fn required(flag: &str) -> String {
    t_with("cli.required", &[("flag", flag.to_string())])
}

/// The refusal of a login no user has.
pub(super) fn no_such_login(login: &str) -> String {
    t_with("cli.no_such_login", &[("login", login.to_string())])
}
