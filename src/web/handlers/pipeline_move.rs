//! "Move to…" of a kanban card without the mouse: a small page listing the stages, each a
//! button posting the card's stage (`POST /leads/{id}/stage`, as dragging does). Each card
//! links here, so its markup stays one link whatever the number of stages; with JavaScript
//! the link opens the board's one "Move to…" menu instead (see `static/js/app.js`). Also the
//! board's links that keep its state (selection mode, opened columns).

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::ids::{LeadId, StageId};
use crate::domain::models::leads::Lead;
use crate::domain::models::stages::{self, Stage};
use crate::domain::records;
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::filter_bar::href;
use crate::web::handlers::pipeline::KanbanPage;
use crate::web::{AppState, WebError, db, page, safe_next, urlencode};

#[derive(Template)]
#[template(path = "pipeline/move.html")]
pub struct MovePage {
    pub ctx: Ctx,
    pub lead: Lead,
    pub stages: Vec<Stage>,
    /// The page to come back to (the pipeline with its filters).
    pub next: String,
}

impl MovePage {
    fn is_current(&self, stage: &Stage) -> bool {
        self.lead.stage_id == Some(stage.id)
    }
}

#[derive(serde::Deserialize)]
pub struct MoveQuery {
    #[serde(default)]
    next: String,
}

/// The stages to move a record to; 403/404 as the stage change itself would answer.
pub async fn move_form(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
    query: web::Query<MoveQuery>,
) -> Result<HttpResponse, WebError> {
    let id = LeadId(path.into_inner());
    let actor = me.actor.clone();
    let (lead, stages) = db(&state, move |c| {
        Ok((records::find_writable(c, &actor, id)?, stages::list(c)?))
    })
    .await?;
    let next = safe_next(&query.next).unwrap_or("/pipeline").to_string();
    page(&MovePage {
        ctx: me.ctx,
        lead,
        stages,
        next,
    })
}

/// The board's links that keep its state: filters, "load more" clicks, opened columns, and
/// the selection mode when asked.
impl KanbanPage {
    pub(crate) fn kept_pairs(&self, select: bool) -> Vec<(String, String)> {
        let mut pairs = self.bar.filter.pairs();
        pairs.extend(self.more.iter().cloned());
        pairs.extend(
            self.opened
                .iter()
                .map(|s| ("open".to_string(), s.to_string())),
        );
        if select {
            pairs.push(("select".into(), "1".into()));
        }
        pairs
    }
    /// Into the selection mode, or out of it.
    pub(crate) fn select_toggle(&self) -> String {
        href("/pipeline", &self.kept_pairs(!self.select))
    }
    /// A folded column's link: the same board with that column open.
    pub(crate) fn open_link(&self, stage: &StageId) -> String {
        let mut pairs = self.kept_pairs(self.select);
        pairs.push(("open".into(), stage.to_string()));
        format!("{}#stage-{stage}", href("/pipeline", &pairs))
    }
    /// A folded column opened by a click: its link folds it again.
    pub(crate) fn fold_link(&self, stage: &StageId) -> Option<String> {
        if !self.opened.contains(stage) {
            return None;
        }
        let mut pairs = self.kept_pairs(self.select);
        pairs.retain(|(k, v)| !(k == "open" && *v == stage.to_string()));
        Some(format!("{}#stage-{stage}", href("/pipeline", &pairs)))
    }
    pub(crate) fn fold_label(&self, stage: &str) -> String {
        self.ctx
            .t_with("kanban_select.fold_column", &[("stage", stage)])
    }
    pub(crate) fn open_label(&self, stage: &str) -> String {
        self.ctx
            .t_with("kanban_select.open_column", &[("stage", stage)])
    }
    /// A card's "Move to…" page, coming back to this board.
    pub(crate) fn move_link(&self, card: &i32) -> String {
        let next = href("/pipeline", &self.kept_pairs(false));
        format!("/leads/{card}/move?next={}", urlencode(&next))
    }
    /// "Move to… <title>": the visible text first, then which card (a name that starts with
    /// what is shown, for speech input).
    pub(crate) fn move_label(&self, title: &str) -> String {
        format!("{} {title}", self.ctx.t("kanban_select.move_to"))
    }
    /// Convert to Opportunity is offered when Leads are on (the board may show leads).
    pub(crate) fn offers_convert(&self) -> bool {
        self.bar.leads_enabled
    }
}
