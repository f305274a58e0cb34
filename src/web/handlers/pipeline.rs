//! The pipeline kanban (the home page): the same filters as the list, from the URL; "load
//! more" per column with `more=<stage id>` (each adds a page of cards to that column).

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::ids::StageId;
use crate::domain::listing::LeadFilter;
use crate::domain::listing::pipeline::{self, CARDS_PER_COLUMN, Column};
use crate::domain::models::leads::Kind;
use crate::domain::models::lost_reasons;
use crate::domain::models::stages::Stage;
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::filter_bar::{FilterBar, href, query_pairs};
use crate::web::{AppState, WebError, db, page, see_other};

/// Most cards one column shows, however often "load more" was clicked.
const MAX_CARDS: i64 = 500;

#[derive(Template)]
#[template(path = "pipeline/kanban.html")]
pub struct KanbanPage {
    pub ctx: Ctx,
    pub bar: FilterBar,
    pub columns: Vec<Column>,
    /// Every stage, for the per-card stage selector.
    pub stages: Vec<Stage>,
    pub more: Vec<(String, String)>,
}

impl KanbanPage {
    /// No record at all in the default view (not a search or a chosen filter that found
    /// nothing): the page offers first steps instead of empty columns only.
    fn first_steps(&self) -> bool {
        let f = &self.bar.filter;
        !f.explicit
            && f.search.is_empty()
            && f.stage.is_none()
            && !f.by_reason()
            && self.columns.iter().all(|c| c.count == 0)
    }
    fn money(&self, cents: &i64) -> String {
        self.ctx.money(cents)
    }
    fn more_link(&self, stage: &StageId) -> String {
        let mut pairs = self.bar.filter.pairs();
        pairs.extend(self.more.iter().cloned());
        pairs.push(("more".into(), stage.to_string()));
        format!("{}#stage-{stage}", href("/pipeline", &pairs))
    }
}

pub async fn home(_me: SignedIn) -> HttpResponse {
    see_other("/pipeline")
}

pub async fn kanban(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    let pairs = query_pairs(&req);
    let mut filter = LeadFilter::parse(
        &pairs,
        Kind::Opportunity,
        &me.actor,
        me.ctx.settings.leads_enabled,
    );
    let mut more: HashMap<i32, i64> = HashMap::new();
    let mut more_pairs = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "more") {
        match v.trim().parse::<i32>() {
            Ok(stage) => {
                *more.entry(stage).or_default() += 1;
                more_pairs.push(("more".to_string(), stage.to_string()));
            }
            Err(_) => filter
                .notices
                .push(crate::i18n::Msg::new("msg.list.not_stage_more").text("value", v.as_str())),
        }
    }
    let (actor, f) = (me.actor.clone(), filter.clone());
    let (columns, stages, reasons) = db(&state, move |c| {
        let limit = |stage: i32| {
            (CARDS_PER_COLUMN * (1 + more.get(&stage).copied().unwrap_or(0))).min(MAX_CARDS)
        };
        Ok((
            pipeline::kanban(c, &actor, &f, &limit)?,
            crate::domain::models::stages::list(c)?,
            lost_reasons::list(c, true)?,
        ))
    })
    .await?;
    let bar = FilterBar {
        path: "/pipeline",
        filter,
        leads_enabled: me.ctx.settings.leads_enabled,
        reasons,
        switchable: true,
    };
    page(&KanbanPage {
        ctx: me.ctx,
        bar,
        columns,
        stages,
        more: more_pairs,
    })
}
