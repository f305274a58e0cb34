//! The pipeline kanban (the home page): the same filters as the list, from the URL; "load
//! more" per column with `more=<stage id>` (each adds a page of cards to that column). Each
//! open column starts with a quick-create card (see `handlers::quick_create`).

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::error::FieldErrors;
use crate::domain::ids::StageId;
use crate::domain::listing::LeadFilter;
use crate::domain::listing::pipeline::{self, CARDS_PER_COLUMN, Column};
use crate::domain::models::leads::Kind;
use crate::domain::models::lost_reasons;
use crate::domain::models::stages::Stage;
use crate::domain::quick_create::QuickInput;
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
    /// Every stage, for the board's one "Move to…" menu.
    pub stages: Vec<Stage>,
    pub more: Vec<(String, String)>,
    /// Selection mode (`select=1`): a checkbox on each card and the Actions form.
    pub select: bool,
    /// Folded stages opened by a click (`open=<stage id>`).
    pub opened: Vec<StageId>,
    /// Whether the user may create records: the "New" button and the quick-create cards.
    pub can_create: bool,
    /// A quick-create card sent back with mistakes: it opens again, as typed.
    pub quick: Option<QuickCard>,
}

/// A column's quick-create card as it was posted, with its mistakes.
pub struct QuickCard {
    pub stage: StageId,
    pub input: QuickInput,
    pub errors: FieldErrors,
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
        let mut pairs = self.kept_pairs(self.select);
        pairs.push(("more".into(), stage.to_string()));
        format!("{}#stage-{stage}", href("/pipeline", &pairs))
    }
    /// The card sent back for this column, if any.
    fn quick_in(&self, stage: &StageId) -> Option<&QuickCard> {
        self.quick.as_ref().filter(|q| q.stage == *stage)
    }
    fn quick_open(&self, stage: &StageId) -> bool {
        self.quick_in(stage).is_some()
    }
    /// What was typed in the card's `field` (empty on a fresh card).
    fn quick_value(&self, stage: &StageId, field: &str) -> String {
        let Some(q) = self.quick_in(stage) else {
            return String::new();
        };
        match field {
            "title" => q.input.title.clone(),
            "contact_name" => q.input.contact_name.clone(),
            "contact" => q.input.contact.clone(),
            _ => q.input.expected_revenue.clone(),
        }
    }
    /// The mistakes of a card sent back for no open column (a stage gone meanwhile).
    fn quick_orphan(&self) -> Vec<String> {
        match &self.quick {
            Some(q)
                if !self
                    .columns
                    .iter()
                    .any(|c| c.stage.id == q.stage && !c.stage.folded) =>
            {
                q.errors.values().map(|m| self.ctx.msg(m)).collect()
            }
            _ => Vec::new(),
        }
    }
    fn quick_error(&self, stage: &StageId, field: &str) -> Option<String> {
        let q = self.quick_in(stage)?;
        q.errors.get(field).map(|m| self.ctx.msg(m))
    }
}

/// The folded stages to show open: every `open=<stage id>` of the address.
fn opened(pairs: &[(String, String)]) -> Vec<StageId> {
    pairs
        .iter()
        .filter(|(k, _)| k == "open")
        .filter_map(|(_, v)| v.trim().parse().ok().map(StageId))
        .collect()
}

pub async fn home(_me: SignedIn) -> HttpResponse {
    see_other("/pipeline")
}

pub async fn kanban(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    page(&load(&state, me, query_pairs(&req), None).await?)
}

/// The kanban for the filter of `pairs` (the address's query), with `quick` open again.
pub(crate) async fn load(
    state: &web::Data<AppState>,
    me: SignedIn,
    pairs: Vec<(String, String)>,
    quick: Option<QuickCard>,
) -> Result<KanbanPage, WebError> {
    let mut filter = LeadFilter::parse(
        &pairs,
        Kind::Opportunity,
        &me.actor,
        me.ctx.settings.leads_enabled,
    );
    let mut more: HashMap<i32, i64> = HashMap::new();
    let mut more_pairs = Vec::new();
    let select = pairs.iter().any(|(k, v)| k == "select" && v == "1");
    let opened = opened(&pairs);
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
    let (actor, f, open) = (me.actor.clone(), filter.clone(), opened.clone());
    let (columns, stages, reasons) = db(state, move |c| {
        let limit = |stage: i32| {
            (CARDS_PER_COLUMN * (1 + more.get(&stage).copied().unwrap_or(0))).min(MAX_CARDS)
        };
        Ok((
            pipeline::kanban_opening(c, &actor, &f, &limit, &open)?,
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
    Ok(KanbanPage {
        can_create: me.actor.can_create(),
        ctx: me.ctx,
        bar,
        columns,
        stages,
        more: more_pairs,
        select,
        opened,
        quick,
    })
}
