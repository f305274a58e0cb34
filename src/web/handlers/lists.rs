//! The list views (`/leads` when Leads are on, `/opportunities`), their CSV export of the
//! whole filtered list, and the Actions on ticked rows. A failed action shows the list again
//! with the same rows ticked. The pipeline and a record's Similar view post the same form
//! from their selection mode (`from`), and come back to themselves. New actions: one arm in
//! [`dispatch`] and one entry in the Actions menu of `lists/_record_actions.html` or
//! `lists/list.html`.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::access::Actor;
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::ids::LeadId;
use crate::domain::listing::columns::{self, ListColumn};
use crate::domain::listing::query::{self, Group, ListPage, Names};
use crate::domain::listing::{GroupBy, LeadFilter, Preset};
use crate::domain::mass_actions::{self, MassAction, Outcome};
use crate::domain::models::leads::Kind;
use crate::domain::models::lost_reasons;
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::filter_bar::{FilterBar, href, query_pairs};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, see_other};

#[derive(Template)]
#[template(path = "lists/list.html")]
pub struct ListView {
    pub ctx: Ctx,
    pub kind: Kind,
    pub bar: FilterBar,
    pub data: ListPage,
    pub selected: Vec<i32>,
    pub error: Option<String>,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    /// The optional columns shown, as the user chose them for this list.
    pub columns: Vec<ListColumn>,
}

impl ListView {
    fn money(&self, cents: &i64) -> String {
        self.ctx.money(cents)
    }
    fn ticked(&self, id: &LeadId) -> bool {
        self.selected.contains(&id.0)
    }
    fn names(&self) -> &Names {
        &self.data.names
    }
    fn export_all(&self) -> String {
        href(
            &format!("{}/export.csv", self.bar.path),
            &self.bar.filter.pairs(),
        )
    }
    fn shows(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.as_str() == name)
    }
    fn all_columns(&self) -> &'static [ListColumn] {
        ListColumn::ALL
    }
    fn columns_path(&self) -> String {
        format!("{}/columns", self.bar.path)
    }
    /// Groups start open, unless there are too many to scan: then they start collapsed.
    fn groups_open(&self) -> bool {
        self.data.groups.len() <= OPEN_GROUPS
    }
    /// How many of the group's records are shown under it.
    fn shown(&self, group: &Group) -> i64 {
        group.rows.len() as i64
    }
    /// The flat list of one group's records (its "all records" link); the records without
    /// a value have one only for the salesperson (the Unassigned filter).
    fn group_link(&self, key: &Option<i32>) -> Option<String> {
        let filter = &self.bar.filter;
        match (key, filter.group) {
            (Some(_), _) => self.bar.in_group(key),
            (None, Some(GroupBy::Salesperson)) if !filter.has(Preset::Unassigned) => Some(
                self.bar
                    .link(&filter.grouped(None).toggled(Preset::Unassigned)),
            ),
            _ => None,
        }
    }
    fn actions_path(&self) -> String {
        format!("{}/actions", self.bar.path)
    }
    /// The page's heading follows the kind filters (Leads / Opportunities / both), else
    /// the kind of the page.
    fn heading(&self) -> String {
        let filter = &self.bar.filter;
        let key = match (filter.has(Preset::Leads), filter.has(Preset::Opportunities)) {
            (true, true) => "signals.leads_and_opportunities",
            (true, false) => "menu.leads",
            (false, true) => "list.opportunities",
            (false, false) if self.kind == Kind::Lead => "menu.leads",
            (false, false) => "list.opportunities",
        };
        self.ctx.t(key)
    }
}

/// Beyond this many groups, the grouped list starts with every group collapsed.
const OPEN_GROUPS: usize = 10;

pub(super) fn list_path(kind: Kind) -> &'static str {
    match kind {
        Kind::Lead => "/leads",
        Kind::Opportunity => "/opportunities",
    }
}

fn parse_filter(ctx: &Ctx, actor: &Actor, kind: Kind, pairs: &[(String, String)]) -> LeadFilter {
    LeadFilter::parse(pairs, kind, actor, ctx.settings.leads_enabled)
}

async fn show_list(
    state: &web::Data<AppState>,
    me: SignedIn,
    kind: Kind,
    pairs: Vec<(String, String)>,
    selected: Vec<i32>,
    error: Option<String>,
) -> Result<HttpResponse, WebError> {
    if kind == Kind::Lead && !me.ctx.settings.leads_enabled {
        return Err(WebError::NotFound);
    }
    let filter = parse_filter(&me.ctx, &me.actor, kind, &pairs);
    let (actor, f) = (me.actor.clone(), filter.clone());
    let (data, reasons, users, teams, columns) = db(state, move |c| {
        Ok((
            query::list(c, &actor, &f)?,
            lost_reasons::list(c, true)?,
            users::list_active(c)?,
            teams::list(c)?,
            columns::load(c, &actor, kind)?,
        ))
    })
    .await?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let bar = FilterBar {
        path: list_path(kind),
        filter: LeadFilter {
            page: data.page,
            ..filter
        },
        leads_enabled: me.ctx.settings.leads_enabled,
        reasons,
        switchable: kind == Kind::Opportunity,
    };
    let view = ListView {
        ctx: me.ctx,
        kind,
        bar,
        data,
        selected,
        error,
        users,
        teams,
        columns,
    };
    render(&view, status)
}

pub async fn leads(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    show_list(&state, me, Kind::Lead, query_pairs(&req), Vec::new(), None).await
}

pub async fn opportunities(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    show_list(
        &state,
        me,
        Kind::Opportunity,
        query_pairs(&req),
        Vec::new(),
        None,
    )
    .await
}

fn csv_response(body: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(body)
}

async fn export(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
    kind: Kind,
) -> Result<HttpResponse, WebError> {
    let filter = parse_filter(&me.ctx, &me.actor, kind, &query_pairs(&req));
    let (actor, origin, list) = (me.actor.clone(), me.origin.clone(), list_path(kind));
    let body = db(&state, move |c| {
        let rows = query::all_rows(c, &actor, &filter)?;
        let target = Target::of(TargetKind::Lead, [0; 0]).with("list", &list[1..]);
        audit::record(c, &origin, Action::Export, target.with("rows", rows.len()))?;
        mass_actions::csv(c, &rows)
    })
    .await?;
    Ok(csv_response(body, list_path(kind).trim_start_matches('/')))
}

pub async fn export_leads(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    export(req, state, me, Kind::Lead).await
}

pub async fn export_opportunities(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    export(req, state, me, Kind::Opportunity).await
}

/// For the Actions shared with the pipeline and the Similar view (`lists/_record_actions.html`).
impl ListView {
    /// Convert to Opportunity is offered on the Leads list only.
    fn offers_convert(&self) -> bool {
        self.kind == Kind::Lead
    }
}

/// The Actions form: ticked `ids`, the chosen `action`, its argument, the list's query.
#[derive(serde::Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    ids: Vec<String>,
    #[serde(default)]
    action: String,
    #[serde(default)]
    salesperson_id: String,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    query: String,
    /// Where the ticks were made: empty for the list, `pipeline`, or `similar-<id>` (a
    /// record's Similar view). Only these: never an address, so never an open redirect.
    #[serde(default)]
    from: String,
}

/// The page that posted the Actions form, and so the page to come back to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    List,
    Pipeline,
    Similar(LeadId),
}

impl Origin {
    fn parse(from: &str) -> Origin {
        match from.strip_prefix("similar-").map(str::parse::<i32>) {
            Some(Ok(id)) => Origin::Similar(LeadId(id)),
            _ if from == "pipeline" => Origin::Pipeline,
            _ => Origin::List,
        }
    }

    /// Where to go once the action is done (or its wizard is left).
    fn back(self, kind: Kind, pairs: &[(String, String)]) -> String {
        match self {
            Origin::List => href(list_path(kind), pairs),
            Origin::Pipeline => href("/pipeline", pairs),
            Origin::Similar(id) => format!("/leads/{id}/similar"),
        }
    }

    /// Where a refused action shows its message: the pipeline stays in selection mode.
    fn again(self, pairs: &[(String, String)]) -> String {
        match self {
            Origin::Pipeline => {
                let mut pairs = pairs.to_vec();
                pairs.push(("select".into(), "1".into()));
                href("/pipeline", &pairs)
            }
            other => other.back(Kind::Lead, pairs),
        }
    }
}

async fn actions(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    kind: Kind,
    form: ActionForm,
) -> Result<HttpResponse, WebError> {
    let pairs: Vec<(String, String)> = serde_html_form::from_str(&form.query).unwrap_or_default();
    // Kept as ticked, for the list shown again with an error.
    let selected: Vec<i32> = form
        .ids
        .iter()
        .filter_map(|i| i.trim().parse().ok())
        .collect();
    let actor = me.actor.clone();
    let origin = Origin::parse(&form.from);
    let back = origin.back(kind, &pairs);
    let result = db(&state, move |c| {
        let action =
            MassAction::parse(&form.action, &form.salesperson_id, &form.team_id, &form.tag)?;
        let ids = MassAction::ids(&form.ids)?;
        action.apply(c, &actor, &ids)
    })
    .await;
    match result {
        Ok(Outcome::Done { count, text }) => {
            let message = me.ctx.plural(text, count);
            ctx::flash(&session, "success", message);
            Ok(see_other(&back))
        }
        Ok(Outcome::File(body)) => {
            let target = Target::of(TargetKind::Lead, &selected).with("list", "selection");
            crate::web::audit::record(&state, me.origin, Action::Export, target).await;
            Ok(csv_response(body, "selection"))
        }
        Ok(Outcome::MarkLost(ids)) => Ok(see_other(&wizard_url("/leads/lost?", &ids, &back))),
        Ok(Outcome::Merge(ids)) => Ok(see_other(&wizard_url("/leads/merge?", &ids, &back))),
        Ok(Outcome::Convert(ids)) => Ok(see_other(&wizard_url("/leads/convert?", &ids, &back))),
        Err(e @ (DomainError::Invalid(_) | DomainError::Refused(_) | DomainError::Conflict(_)))
            if origin != Origin::List =>
        {
            ctx::flash(&session, "error", me.ctx.domain_error(&e));
            Ok(see_other(&origin.again(&pairs)))
        }
        Err(e @ (DomainError::Invalid(_) | DomainError::Refused(_) | DomainError::Conflict(_))) => {
            let error = me.ctx.domain_error(&e);
            show_list(&state, me, kind, pairs, selected, Some(error)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A wizard's address with the ticked ids and the list to go back to.
fn wizard_url(start: &str, ids: &[LeadId], back: &str) -> String {
    let mut target = String::from(start);
    for id in ids {
        target.push_str(&format!("ids={id}&"));
    }
    target.push_str(&format!("next={}", crate::web::urlencode(back)));
    target
}

pub async fn lead_actions(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<ActionForm>,
) -> Result<HttpResponse, WebError> {
    actions(state, session, me, Kind::Lead, form).await
}

pub async fn opportunity_actions(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<ActionForm>,
) -> Result<HttpResponse, WebError> {
    actions(state, session, me, Kind::Opportunity, form).await
}
