//! Configuration → Stages and Teams (managers): one small form per row, a form to add one.
//! Mistakes come back as a message at the top of the page.

use std::collections::HashMap;

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::ids::{StageId, TeamId, UserId};
use crate::domain::models::stages::{self, Stage};
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::pipeline_config::{self as config, StageInput, TeamInput};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, see_other};

#[derive(Template)]
#[template(path = "config/stages.html")]
pub struct StagesPage {
    pub ctx: Ctx,
    pub stages: Vec<Stage>,
}

#[derive(Template)]
#[template(path = "config/teams.html")]
pub struct TeamsPage {
    pub ctx: Ctx,
    pub teams: Vec<Team>,
    pub users: Vec<User>,
    pub members: HashMap<TeamId, Vec<UserId>>,
}

impl TeamsPage {
    fn is_leader(&self, team: &Team, user: &User) -> bool {
        team.leader_id == Some(user.id)
    }

    fn is_member(&self, team: &TeamId, user: &UserId) -> bool {
        self.members.get(team).is_some_and(|m| m.contains(user))
    }

    /// The team's default country, blank for the company's.
    fn country<'a>(&self, team: &'a Team) -> &'a str {
        team.default_country.as_deref().unwrap_or("")
    }
}

fn done(
    ctx: &Ctx,
    session: &Session,
    result: Result<(), DomainError>,
    ok: &str,
    back: &str,
) -> Result<HttpResponse, WebError> {
    match result {
        Ok(()) => ctx::flash(session, "success", ok),
        Err(DomainError::Invalid(e)) => {
            let text = ctx.field_messages(&e, " ");
            ctx::flash(session, "error", text);
        }
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(back))
}

pub async fn stages_page(
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    me.actor.require_manager()?;
    let stages = db(&state, stages::list).await?;
    page(&StagesPage {
        ctx: me.ctx,
        stages,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct StageForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    probability: String,
    #[serde(default)]
    is_won: Option<String>,
    #[serde(default)]
    folded: Option<String>,
}

impl StageForm {
    fn input(self) -> StageInput {
        StageInput {
            name: self.name,
            probability: self.probability,
            is_won: self.is_won.is_some(),
            folded: self.folded.is_some(),
        }
    }
}

pub async fn create_stage(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<StageForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, input) = (me.actor.clone(), form.input());
    let result = db(&state, move |c| config::create_stage(c, &actor, &input)).await;
    done(
        &me.ctx,
        &session,
        result,
        &me.ctx.t("web.config.stage_added"),
        "/config/stages",
    )
}

pub async fn update_stage(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<StageForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, input, id) = (me.actor.clone(), form.input(), StageId(path.into_inner()));
    let result = db(&state, move |c| config::update_stage(c, &actor, id, &input)).await;
    done(
        &me.ctx,
        &session,
        result,
        &me.ctx.t("web.config.stage_saved"),
        "/config/stages",
    )
}

#[derive(serde::Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    direction: String,
}

pub async fn move_stage(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<MoveForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, id, up) = (
        me.actor.clone(),
        StageId(path.into_inner()),
        form.direction == "up",
    );
    let result = db(&state, move |c| config::move_stage(c, &actor, id, up)).await;
    done(
        &me.ctx,
        &session,
        result,
        &me.ctx.t("web.config.stage_moved"),
        "/config/stages",
    )
}

pub async fn teams_page(
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    me.actor.require_manager()?;
    let (teams, users, members) = db(&state, |c| {
        let teams = teams::list(c)?;
        let mut members = HashMap::new();
        for t in &teams {
            let ids = teams::members(c, t.id)?.into_iter().map(|m| m.0).collect();
            members.insert(t.id, ids);
        }
        Ok((teams, users::list_active(c)?, members))
    })
    .await?;
    page(&TeamsPage {
        ctx: me.ctx,
        teams,
        users,
        members,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct TeamForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    leader_id: String,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    default_country: String,
}

impl TeamForm {
    fn input(self) -> TeamInput {
        TeamInput {
            name: self.name,
            leader_id: self.leader_id,
            members: self.members,
            default_country: self.default_country,
        }
    }
}

pub async fn create_team(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<TeamForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, input) = (me.actor.clone(), form.input());
    let result = db(&state, move |c| {
        config::create_team(c, &actor, &input).map(|_| ())
    })
    .await;
    done(
        &me.ctx,
        &session,
        result,
        &me.ctx.t("web.config.team_added"),
        "/config/teams",
    )
}

pub async fn update_team(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(form): Form<TeamForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, input, id) = (me.actor.clone(), form.input(), TeamId(path.into_inner()));
    let result = db(&state, move |c| config::update_team(c, &actor, id, &input)).await;
    done(
        &me.ctx,
        &session,
        result,
        &me.ctx.t("web.config.team_saved"),
        "/config/teams",
    )
}
