//! Configuration → Users (admins): list, create, edit, deactivate, set teams.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::write_tx;
use crate::domain::DomainError;
use crate::domain::accounts;
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::error::FieldErrors;
use crate::domain::ids::{TeamId, TokenId, UserId};
use crate::domain::models::api_tokens::{self, TokenInfo};
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, Role, User, UserInput};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

#[derive(Template)]
#[template(path = "users/list.html")]
pub struct UsersPage {
    pub ctx: Ctx,
    pub users: Vec<(User, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "users/form.html")]
pub struct UserFormPage {
    pub ctx: Ctx,
    /// `None` when creating.
    pub id: Option<UserId>,
    pub form: UserForm,
    pub teams: Vec<Team>,
    pub errors: FieldErrors,
    /// The user's API tokens (when editing), which an admin may revoke.
    pub tokens: Vec<TokenInfo>,
}

impl UserFormPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    fn roles(&self) -> &'static [Role] {
        Role::ALL
    }

    fn languages(&self) -> [crate::i18n::Lang; 4] {
        crate::i18n::Lang::ALL
    }

    fn in_team(&self, team: &Team) -> bool {
        self.form.teams.contains(&team.id.to_string())
    }

    fn action(&self) -> String {
        self.id.map_or("/config/users".to_string(), |id| {
            format!("/config/users/{id}")
        })
    }
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct UserForm {
    #[serde(default)]
    pub login: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub password_confirm: String,
    #[serde(default)]
    pub active: Option<String>,
    #[serde(default)]
    pub teams: Vec<String>,
}

impl UserForm {
    fn from_user(user: &User, teams: &[TeamId]) -> Self {
        UserForm {
            login: user.login.clone(),
            name: user.name.clone(),
            email: user.email.clone().unwrap_or_default(),
            role: user.role.as_str().into(),
            language: user.language.clone(),
            active: user.active.then(|| "on".into()),
            teams: teams.iter().map(ToString::to_string).collect(),
            ..UserForm::default()
        }
    }

    fn input(&self) -> UserInput {
        UserInput {
            login: self.login.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role.clone(),
            language: self.language.clone(),
            password: self.password.clone(),
            password_confirm: self.password_confirm.clone(),
        }
    }

    /// Ticked team ids; a value that is not a number is a form error.
    fn team_ids(&self) -> Result<Vec<TeamId>, DomainError> {
        self.teams
            .iter()
            .map(|raw| {
                raw.parse().map_err(|_| {
                    DomainError::invalid("teams", crate::i18n::Msg::new("web.users.unknown_team"))
                })
            })
            .collect()
    }

    fn without_passwords(self) -> Self {
        UserForm {
            password: String::new(),
            password_confirm: String::new(),
            ..self
        }
    }
}

/// A new user's record: their id and role.
fn created_target(user: &User) -> Target {
    Target::of(TargetKind::User, [user.id]).with("role", user.role.as_str())
}

pub async fn list(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let users = db(&state, move |c| accounts::list(c, &actor)).await?;
    page(&UsersPage { ctx: me.ctx, users })
}

pub async fn new_form(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    me.actor.require_admin()?;
    let teams = db(&state, teams::list).await?;
    let form = UserForm {
        role: "salesperson".into(),
        active: Some("on".into()),
        ..Default::default()
    };
    page(&UserFormPage {
        ctx: me.ctx,
        id: None,
        form,
        teams,
        errors: FieldErrors::new(),
        tokens: Vec::new(),
    })
}

pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<UserForm>,
) -> Result<HttpResponse, WebError> {
    let (input, team_ids) = (form.input(), form.team_ids());
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let result = db(&state, move |c| {
        let team_ids = team_ids?;
        audit::audited(
            c,
            &origin,
            Action::UserCreated,
            |c| accounts::create(c, &actor, &input, &team_ids),
            created_target,
        )
    })
    .await;
    match result {
        Ok(user) => {
            ctx::flash(
                &session,
                "success",
                me.ctx
                    .t_with("web.users.created", &[("login", &user.login)]),
            );
            Ok(see_other("/config/users"))
        }
        Err(DomainError::Invalid(errors)) => {
            let teams = db(&state, teams::list).await?;
            let page = UserFormPage {
                ctx: me.ctx,
                id: None,
                form: form.without_passwords(),
                teams,
                errors,
                tokens: Vec::new(),
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    me.actor.require_admin()?;
    let id = UserId(path.into_inner());
    let (user, member_of, teams, tokens) = db(&state, move |c| {
        Ok((
            users::find(c, id)?,
            users::team_ids(c, id)?,
            teams::list(c)?,
            api_tokens::list_for(c, id)?,
        ))
    })
    .await?;
    let form = UserForm::from_user(&user, &member_of);
    page(&UserFormPage {
        ctx: me.ctx,
        id: Some(id),
        form,
        teams,
        errors: FieldErrors::new(),
        tokens,
    })
}

pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<UserForm>,
) -> Result<HttpResponse, WebError> {
    let id = UserId(path.into_inner());
    let team_ids = form.team_ids();
    let (input, active) = (form.input(), form.active.is_some());
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let result = db(&state, move |c| {
        let team_ids = team_ids?;
        write_tx(c, |c| {
            actor.require_admin()?;
            let before = (users::find(c, id)?, users::team_ids(c, id)?);
            let user = accounts::update(c, &actor, id, &input, active, &team_ids)?;
            let password_set = !input.password.is_empty();
            let (action, fields) =
                audit::user_change((&before.0, &before.1), (&user, &team_ids), password_set);
            let target = Target::of(TargetKind::User, [user.id])
                .with("fields", fields)
                .with("role", user.role.as_str());
            audit::record(c, &origin, action, target)?;
            Ok(user)
        })
    })
    .await;
    match result {
        Ok(user) => {
            ctx::flash(
                &session,
                "success",
                me.ctx.t_with("web.users.saved", &[("login", &user.login)]),
            );
            Ok(see_other("/config/users"))
        }
        Err(DomainError::Invalid(errors)) => {
            let (teams, tokens) = db(&state, move |c| {
                Ok((teams::list(c)?, api_tokens::list_for(c, id)?))
            })
            .await?;
            let page = UserFormPage {
                ctx: me.ctx,
                id: Some(id),
                form: form.without_passwords(),
                teams,
                errors,
                tokens,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /config/users/{id}/tokens/{token}/revoke`: an admin stops one of a user's API
/// tokens (a leaked one, say) without deactivating the user.
pub async fn revoke_token(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<(i32, i32)>,
    Form(_): Form<super::records::show::NoFields>,
) -> Result<HttpResponse, WebError> {
    let (owner, token) = path.into_inner();
    let (owner, token) = (UserId(owner), TokenId(token));
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    db(&state, move |c| {
        audit::revoke_token(c, &origin, &actor, owner, token)
    })
    .await?;
    ctx::flash(&session, "success", me.ctx.t("api_tokens.revoked"));
    Ok(see_other(&format!("/config/users/{owner}#tokens")))
}
