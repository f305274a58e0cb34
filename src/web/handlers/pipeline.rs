//! The pipeline kanban (the home page).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::pipeline::{self, Column};
use crate::domain::values::format_money;
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::{AppState, WebError, db, page, see_other};

#[derive(Template)]
#[template(path = "pipeline/kanban.html")]
pub struct KanbanPage {
    pub ctx: Ctx,
    pub columns: Vec<Column>,
}

impl KanbanPage {
    fn money(&self, cents: &i64) -> String {
        format_money(*cents)
    }
}

pub async fn home(_me: SignedIn) -> HttpResponse {
    see_other("/pipeline")
}

pub async fn kanban(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let columns = db(&state, move |c| pipeline::kanban(c, &actor)).await?;
    page(&KanbanPage {
        ctx: me.ctx,
        columns,
    })
}
