//! The Merge wizard (`GET /leads/merge?ids=…`, `POST /leads/merge`) and Undo merge
//! (`POST /merges/{id}/undo`). A POST without `confirm=1` (the Similar Leads list, the
//! "Update preview" button) shows the wizard again with the choices made; with it, the merge
//! runs and the browser lands on the survivor.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::db::DbConn;
use crate::domain::DomainError;
use crate::domain::error::DomainResult;
use crate::domain::error::FieldErrors;
use crate::domain::ids::{LeadId, PartnerId, StageId, TeamId, UserId};
use crate::domain::listing::query::Names;
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::Lead;
use crate::domain::models::leads::fields::{self, MergeRule};
use crate::domain::models::partners;
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::wizards::merge::policy::Pick;
use crate::domain::wizards::merge::undo;
use crate::domain::wizards::merge::{Merge, Preview};
use crate::web::chatter;
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, render, safe_next, see_other};

/// The wizard's form: the records, the primary radio, the Assign to pickers.
#[derive(serde::Deserialize, Default, Clone)]
pub struct MergeForm {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub primary: String,
    #[serde(default)]
    pub salesperson_id: String,
    #[serde(default)]
    pub team_id: String,
    /// "1" once the pickers were shown (their values count, blanks included).
    #[serde(default)]
    pub assigned: String,
    /// "1": merge now; anything else: show the wizard.
    #[serde(default)]
    pub confirm: String,
    #[serde(default)]
    pub next: String,
}

/// One row of the side-by-side table: a field, each record's value, the result.
pub struct Row {
    pub label: String,
    pub values: Vec<String>,
    pub result: String,
    pub from: Option<LeadId>,
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "merge/form.html")]
pub struct MergePage {
    pub ctx: Ctx,
    pub preview: Option<Preview>,
    pub rows: Vec<Row>,
    pub form: MergeForm,
    pub errors: FieldErrors,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
}

impl MergePage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }
    fn records(&self) -> &[Lead] {
        self.preview.as_ref().map_or(&[], |p| p.records.as_slice())
    }
    fn is_primary(&self, lead: &Lead) -> bool {
        self.records().first().is_some_and(|p| p.id == lead.id)
    }
    fn is_won(&self, lead: &Lead) -> bool {
        self.preview
            .as_ref()
            .is_some_and(|p| p.won.contains(&lead.id))
    }
    fn chosen_salesperson(&self, user: &User) -> bool {
        self.preview.as_ref().and_then(|p| p.result.salesperson_id) == Some(user.id)
    }
    fn chosen_team(&self, team: &Team) -> bool {
        self.preview.as_ref().and_then(|p| p.result.team_id) == Some(team.id)
    }
    fn count_label(&self) -> String {
        self.ctx.plural("merge.intro", self.records().len())
    }
    /// The short name of the `i`-th record's column (a phone shows it before each value).
    fn column(&self, i: &usize) -> String {
        self.records()
            .get(*i)
            .map(|l| format!("#{}", l.id))
            .unwrap_or_default()
    }
    fn error_text(&self) -> String {
        error_text(&self.ctx, &self.errors)
    }
    fn refused_text(&self) -> String {
        let refused = self.preview.as_ref().map(|p| p.refused.join(", "));
        format!(
            "{} {}",
            self.ctx.t("merge.refused"),
            refused.unwrap_or_default()
        )
    }
    fn cancel_url(&self) -> String {
        match (safe_next(&self.form.next), self.records().first()) {
            (Some(next), _) => next.to_string(),
            (None, Some(lead)) => format!("/leads/{}", lead.id),
            (None, None) => "/leads".to_string(),
        }
    }
}

/// The wizard's own errors (they name no field of a form) in one sentence each.
pub fn error_text(ctx: &Ctx, errors: &FieldErrors) -> String {
    let texts: Vec<String> = errors.values().map(|m| ctx.msg(m)).collect();
    texts.join(" ")
}

/// The names a row shows instead of ids: the listing's names and the records' customers.
struct Lookup {
    names: Names,
    customers: Vec<(PartnerId, String)>,
}

/// The value of a pick as a person reads it: ids become names, codes (source, type,
/// priority) become their labels, as in the chatter.
fn shown(ctx: &Ctx, field: &str, value: Option<String>, lookup: &Lookup) -> String {
    let Some(value) = value else {
        return "—".into();
    };
    let id = value.trim_start_matches('#').parse::<i32>().ok();
    let names = &lookup.names;
    let name = match (field, id) {
        ("stage_id", Some(id)) => names.stages.get(&StageId(id)),
        ("salesperson_id", Some(id)) => names.users.get(&UserId(id)),
        ("team_id", Some(id)) => names.teams.get(&TeamId(id)),
        ("partner_id", Some(id)) => lookup
            .customers
            .iter()
            .find(|c| c.0 == PartnerId(id))
            .map(|c| &c.1),
        _ => None,
    };
    match (name, field) {
        (Some(name), _) => name.clone(),
        (None, "priority") => priority(ctx, &value),
        (None, _) => chatter::shown(ctx, field, Some(&value), None),
    }
}

/// A priority as the record page draws it (stars) and the chatter names it.
fn priority(ctx: &Ctx, raw: &str) -> String {
    let n = raw.parse::<usize>().unwrap_or(0).min(3);
    let stars = format!("{}{}", "★".repeat(n), "☆".repeat(3 - n));
    format!(
        "{stars} {}",
        chatter::shown(ctx, "priority", Some(raw), None)
    )
}

/// The comparison rows, labelled and valued in the reader's language.
fn rows(preview: &Preview, lookup: &Lookup, ctx: &Ctx) -> Vec<Row> {
    let per_record = |field: &str| -> Vec<String> {
        let rule = fields::by_name(field).filter(|f| f.merge != MergeRule::Own);
        preview
            .records
            .iter()
            .map(|l| match (rule, field) {
                (_, "expected_revenue") => ctx.money(&l.expected_revenue),
                (Some(r), _) => shown(ctx, field, (r.shown)(l), lookup),
                (None, "description") => l.description.clone().unwrap_or_else(|| "—".into()),
                (None, "priority") => priority(ctx, &l.priority.to_string()),
                (None, "kind") => ctx.t(&format!("lead.kind_{}", l.kind.as_str())),
                (None, _) => ctx.t(state_of(l)),
            })
            .collect()
    };
    preview
        .picks
        .iter()
        .map(|p: &Pick| Row {
            label: label_of(ctx, p.field, p.label),
            values: per_record(p.field),
            result: match p.field {
                "expected_revenue" => ctx.money(&preview.result.expected_revenue),
                "kind" => ctx.t(&format!("lead.kind_{}", preview.result.kind.as_str())),
                "active" => ctx.t(state_of(&preview.result)),
                _ => shown(ctx, p.field, p.value.clone(), lookup),
            },
            from: p.from.filter(|_| p.value.is_some()),
            differs: p.differs,
        })
        .chain([
            union_row(ctx.t("track.tags"), &preview.tags),
            union_row(ctx.t("lead.messengers"), &handles(ctx, &preview.messengers)),
        ])
        .filter(|row| row.values.iter().any(|v| v != "—"))
        .collect()
}

/// Each record's messenger handles as `Telegram: @ivan`, the channel in the reader's
/// language (also the customer merge's).
pub fn handles(ctx: &Ctx, per_record: &[Vec<(IdentityChannel, String)>]) -> Vec<Vec<String>> {
    per_record
        .iter()
        .map(|ids| {
            ids.iter()
                .map(|(channel, handle)| {
                    format!(
                        "{}: {handle}",
                        ctx.t(&format!("channel.{}", channel.as_str()))
                    )
                })
                .collect()
        })
        .collect()
}

/// A row whose result is the union of every record's values.
fn union_row(label: String, per_record: &[Vec<String>]) -> Row {
    let mut all: Vec<String> = Vec::new();
    for v in per_record.iter().flatten() {
        if !all.contains(v) {
            all.push(v.clone());
        }
    }
    let show = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    Row {
        label,
        values: per_record.iter().map(|v| show(v)).collect(),
        result: show(&all),
        from: None,
        differs: per_record.windows(2).any(|w| w[0] != w[1]),
    }
}

/// The catalogue key of a record's state as the merge table shows it.
fn state_of(lead: &Lead) -> &'static str {
    if lead.is_lost() {
        "merge.state_lost"
    } else if lead.active {
        "merge.state_active"
    } else {
        "merge.state_archived"
    }
}

/// A field's label in the reader's language: the catalogue's name of the field (the merge
/// page's own for the fields it names differently), the domain's English label for a field
/// the catalogue does not name.
fn label_of(ctx: &Ctx, field: &str, english: &str) -> String {
    let key = match field {
        "kind" | "description" | "active" => format!("web.merge.{field}"),
        _ => format!("track.{field}"),
    };
    match ctx.t(&key) {
        text if text == key => english.to_string(),
        text => text,
    }
}

/// The names of the records' customers.
fn customers_of(conn: &mut DbConn, records: &[Lead]) -> DomainResult<Vec<(PartnerId, String)>> {
    let mut out: Vec<(PartnerId, String)> = Vec::new();
    for id in records.iter().filter_map(|l| l.partner_id) {
        if !out.iter().any(|known| known.0 == id) {
            out.push((id, partners::find(conn, id)?.name));
        }
    }
    Ok(out)
}

fn wizard(form: &MergeForm) -> Result<Merge, DomainError> {
    Merge::parse(
        &form.ids,
        &form.primary,
        &form.salesperson_id,
        &form.team_id,
        form.assigned == "1",
    )
}

async fn show(
    state: &web::Data<AppState>,
    me: SignedIn,
    form: MergeForm,
    mut errors: FieldErrors,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let parsed = wizard(&form);
    let (preview, lookup, users, teams) = db(state, move |c| {
        let preview = match parsed {
            Ok(w) => Some(w.preview(c, &actor)),
            Err(e) => Some(Err(e)),
        };
        let customers = match &preview {
            Some(Ok(p)) => customers_of(c, &p.records)?,
            _ => Vec::new(),
        };
        let lookup = Lookup {
            names: Names::load(c)?,
            customers,
        };
        Ok((preview, lookup, users::list_active(c)?, teams::list(c)?))
    })
    .await?;
    let preview = match preview {
        Some(Ok(p)) => Some(p),
        Some(Err(DomainError::Invalid(e))) => {
            errors.extend(e);
            None
        }
        Some(Err(e)) => return Err(e.into()),
        None => None,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rows = preview
        .as_ref()
        .map(|p| rows(p, &lookup, &me.ctx))
        .unwrap_or_default();
    let page = MergePage {
        ctx: me.ctx,
        preview,
        rows,
        form,
        errors,
        users,
        teams,
    };
    render(&page, status)
}

/// `GET /leads/merge?ids=1&ids=2`: the wizard for these records.
pub async fn merge_form(
    state: web::Data<AppState>,
    me: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form: MergeForm = serde_html_form::from_str(req.query_string())
        .map_err(|e| WebError::BadRequest(crate::web::bad_parameter(e)))?;
    show(&state, me, form, FieldErrors::new()).await
}

/// `POST /leads/merge`: the wizard again (no `confirm`), or the merge (`confirm=1`).
pub async fn merge(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<MergeForm>,
) -> Result<HttpResponse, WebError> {
    if form.confirm != "1" {
        return show(&state, me, form, FieldErrors::new()).await;
    }
    let parsed = wizard(&form);
    let actor = me.actor.clone();
    match db(&state, move |c| parsed?.apply(c, &actor)).await {
        Ok(done) => {
            let text = me.ctx.plural("merge.done", done.merged.len() + 1);
            ctx::flash(&session, "success", text);
            Ok(see_other(&format!("/leads/{}#chatter", done.survivor)))
        }
        Err(DomainError::Invalid(errors)) => show(&state, me, form, errors).await,
        Err(e) => Err(e.into()),
    }
}

/// `POST /merges/{id}/undo`, from the merge message.
pub async fn undo(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(_form): Form<super::records::show::NoFields>,
) -> Result<HttpResponse, WebError> {
    let (id, actor) = (path.into_inner(), me.actor.clone());
    let done = db(&state, move |c| undo::undo(c, &actor, id)).await?;
    let text = me.ctx.plural("merge.undone", done.restored.len());
    ctx::flash(&session, "success", text);
    Ok(see_other(&format!("/leads/{}", done.survivor)))
}
