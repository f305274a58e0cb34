//! Duplicate customers: a customer's Similar view (`GET /customers/{id}/similar`), the
//! customer merge wizard (`GET /customers/merge?ids=…`, `POST /customers/merge`), the merges
//! into a customer (`GET /customers/{id}/merges`), a merge's page
//! (`GET /customers/merges/{id}`) and its Undo (`POST /customers/merges/{id}/undo`).
//! A POST without `confirm=1` shows the wizard again with the primary chosen; with it, the
//! merge runs and the browser lands on the merge's page, which offers Undo.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::error::FieldErrors;
use crate::domain::ids::{PartnerId, UserId};
use crate::domain::models::partners::{self, Partner};
use crate::domain::models::users;
use crate::domain::similarity::customers::{self as similar, SimilarCustomers};
use crate::domain::wizards::merge::customer_journal::{self, CustomerMergeEntry};
use crate::domain::wizards::merge::customer_policy::CustomerPick;
use crate::domain::wizards::merge::customers::{
    self as merge, CustomerMerge, CustomerPreview, MergeEntryView,
};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

#[derive(Template)]
#[template(path = "customer_merge/similar.html")]
pub struct SimilarCustomersPage {
    pub ctx: Ctx,
    pub view: SimilarCustomers,
}

/// `GET /customers/{id}/similar`: the customers similar to this one, scored, with reasons.
pub async fn similar(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (actor, id) = (me.actor.clone(), PartnerId(id.into_inner()));
    let view = db(&state, move |c| similar::similar_customers(c, &actor, id)).await?;
    page(&SimilarCustomersPage { ctx: me.ctx, view })
}

/// The wizard's form: the customers and the primary radio.
#[derive(serde::Deserialize, Default, Clone)]
pub struct CustomerMergeForm {
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default)]
    pub primary: String,
    /// "1": merge now; anything else: show the wizard.
    #[serde(default)]
    pub confirm: String,
}

/// One row of the side-by-side table: a field (its catalogue key), each customer's value,
/// the result and the customer it comes from.
pub struct Row {
    pub key: String,
    pub values: Vec<String>,
    pub result: String,
    pub from: Option<PartnerId>,
    pub differs: bool,
}

#[derive(Template)]
#[template(path = "customer_merge/form.html")]
pub struct CustomerMergePage {
    pub ctx: Ctx,
    pub preview: Option<CustomerPreview>,
    pub rows: Vec<Row>,
    pub errors: FieldErrors,
}

impl CustomerMergePage {
    fn records(&self) -> &[Partner] {
        self.preview.as_ref().map_or(&[], |p| p.records.as_slice())
    }
    fn is_primary(&self, p: &Partner) -> bool {
        self.records().first().is_some_and(|f| f.id == p.id)
    }
    /// The short name of the `i`-th customer's column (a phone shows it before each value).
    fn column(&self, i: &usize) -> String {
        self.records()
            .get(*i)
            .map(|p| format!("#{}", p.id))
            .unwrap_or_default()
    }
    fn error_text(&self) -> String {
        super::merge::error_text(&self.ctx, &self.errors)
    }
    fn count_label(&self) -> String {
        self.ctx
            .plural("customer_merge.intro", self.records().len())
    }
    fn cancel_url(&self) -> String {
        match self.records().first() {
            Some(p) => format!("/customers/{}", p.id),
            None => "/customers".to_string(),
        }
    }
}

/// Names of the users and companies the customers point to.
struct RefNames {
    users: Vec<(UserId, String)>,
    companies: Vec<(PartnerId, String)>,
}

impl RefNames {
    fn shown(&self, field: &str, value: Option<String>) -> String {
        let Some(value) = value else {
            return "—".into();
        };
        let id = value.strip_prefix('#').and_then(|v| v.parse::<i32>().ok());
        let name = match (field, id) {
            ("salesperson_id", Some(id)) => self.users.iter().find(|u| u.0.0 == id),
            ("company_id", Some(id)) => {
                return self
                    .companies
                    .iter()
                    .find(|c| c.0.0 == id)
                    .map_or(value, |c| c.1.clone());
            }
            _ => None,
        };
        name.map_or(value, |u| u.1.clone())
    }
}

fn rows(ctx: &Ctx, preview: &CustomerPreview, names: &RefNames) -> Vec<Row> {
    use crate::domain::wizards::merge::customer_policy::{ADDRESS, FIELDS};
    let value_of = |field: &str, p: &Partner| -> Option<String> {
        let f = FIELDS.iter().chain(ADDRESS).find(|f| f.name == field)?;
        (f.shown)(p)
    };
    let mut out: Vec<Row> = preview
        .picks
        .iter()
        .map(|pick: &CustomerPick| Row {
            key: format!("customer_merge.field_{}", pick.field),
            values: preview
                .records
                .iter()
                .map(|p| match pick.field {
                    "active" => state_text(ctx, p.active),
                    f => names.shown(f, value_of(f, p)),
                })
                .collect(),
            result: match pick.field {
                "active" => state_text(ctx, preview.result.active),
                f => names.shown(f, pick.value.clone()),
            },
            from: pick.from.filter(|_| pick.value.is_some()),
            differs: pick.differs,
        })
        .collect();
    let count = |key: &str, per: &[usize]| Row {
        key: key.into(),
        values: per.iter().map(ToString::to_string).collect(),
        result: per.iter().sum::<usize>().to_string(),
        from: None,
        differs: false,
    };
    out.push(count("customer_merge.field_leads", &preview.leads));
    out.push(count("customer_merge.field_people", &preview.people));
    let handles = super::merge::handles(ctx, &preview.messengers);
    let all: Vec<String> = handles.iter().flatten().cloned().collect();
    let join = |v: &[String]| {
        if v.is_empty() {
            "—".into()
        } else {
            v.join(", ")
        }
    };
    out.push(Row {
        key: "customer_merge.field_messengers".into(),
        values: handles.iter().map(|v| join(v)).collect(),
        result: join(&all),
        from: None,
        differs: false,
    });
    out.retain(|row| row.values.iter().any(|v| v != "—"));
    out
}

fn state_text(ctx: &Ctx, active: bool) -> String {
    ctx.t(if active {
        "merge.state_active"
    } else {
        "merge.state_archived"
    })
}

async fn show(
    state: &web::Data<AppState>,
    me: SignedIn,
    form: CustomerMergeForm,
    mut errors: FieldErrors,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let parsed = CustomerMerge::parse(&form.ids, &form.primary);
    let (preview, names) = db(state, move |c| {
        let preview = parsed.and_then(|w| w.preview(c, &actor));
        let users = users::list_active(c)?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
        let mut companies = Vec::new();
        if let Ok(p) = &preview {
            for id in p.records.iter().filter_map(|r| r.company_id) {
                companies.push((id, partners::find(c, id)?.name));
            }
        }
        Ok((preview, RefNames { users, companies }))
    })
    .await?;
    let preview = match preview {
        Ok(p) => Some(p),
        Err(DomainError::Invalid(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e.into()),
    };
    if preview.as_ref().is_some_and(|p| !p.allowed) {
        return Err(WebError::Forbidden);
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let rows = preview
        .as_ref()
        .map(|p| rows(&me.ctx, p, &names))
        .unwrap_or_default();
    let page = CustomerMergePage {
        ctx: me.ctx,
        preview,
        rows,
        errors,
    };
    render(&page, status)
}

/// `GET /customers/merge?ids=1&ids=2`: the wizard for these customers.
pub async fn merge_form(
    state: web::Data<AppState>,
    me: SignedIn,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let form: CustomerMergeForm = serde_html_form::from_str(req.query_string())
        .map_err(|e| WebError::BadRequest(crate::web::bad_parameter(e)))?;
    show(&state, me, form, FieldErrors::new()).await
}

/// `POST /customers/merge`: the wizard again (no `confirm`), or the merge (`confirm=1`).
pub async fn merge(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<CustomerMergeForm>,
) -> Result<HttpResponse, WebError> {
    if form.confirm != "1" {
        return show(&state, me, form, FieldErrors::new()).await;
    }
    let parsed = CustomerMerge::parse(&form.ids, &form.primary);
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    let merged = move |c: &mut crate::db::DbConn| {
        audit::audited(
            c,
            &origin,
            Action::CustomerMerge,
            |c| parsed?.apply(c, &actor),
            |d| Target::merge(TargetKind::Customer, d.survivor, &d.merged, d.merge_id),
        )
    };
    match db(&state, merged).await {
        Ok(done) => {
            let text = me.ctx.plural("customer_merge.done", done.merged.len() + 1);
            ctx::flash(&session, "success", text);
            Ok(see_other(&format!("/customers/merges/{}", done.merge_id)))
        }
        Err(DomainError::Invalid(errors)) => show(&state, me, form, errors).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "customer_merge/done.html")]
pub struct MergeEntryPage {
    pub ctx: Ctx,
    pub view: MergeEntryView,
}

impl MergeEntryPage {
    fn chatter_line(
        &self,
        m: &crate::domain::records::ChatterEntry,
    ) -> crate::web::chatter::ChatterLine {
        crate::web::chatter::line(&self.ctx, m)
    }
}

/// `GET /customers/merges/{id}`: what a customer merge did, with its Undo button.
pub async fn entry(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (id, actor) = (path.into_inner(), me.actor.clone());
    let view = db(&state, move |c| merge::entry_view(c, &actor, id)).await?;
    page(&MergeEntryPage { ctx: me.ctx, view })
}

/// `POST /customers/merges/{id}/undo`, from the merge's page.
pub async fn undo(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    path: web::Path<i32>,
    Form(_form): Form<super::records::show::NoFields>,
) -> Result<HttpResponse, WebError> {
    let (id, actor, origin) = (path.into_inner(), me.actor.clone(), me.origin.clone());
    let done = db(&state, move |c| {
        audit::audited(
            c,
            &origin,
            Action::CustomerMergeUndo,
            |c| customer_journal::undo(c, &actor, id),
            |d| Target::merge(TargetKind::Customer, d.survivor, &d.restored, id),
        )
    })
    .await?;
    let text = me.ctx.plural("customer_merge.undone", done.restored.len());
    ctx::flash(&session, "success", text);
    Ok(see_other(&format!("/customers/{}", done.survivor)))
}

#[derive(Template)]
#[template(path = "customer_merge/merges.html")]
pub struct MergesPage {
    pub ctx: Ctx,
    pub customer: Partner,
    pub entries: Vec<CustomerMergeEntry>,
}

/// `GET /customers/{id}/merges`: the merges into this customer, each with its page (Undo).
pub async fn merges(
    state: web::Data<AppState>,
    me: SignedIn,
    path: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let (id, actor) = (PartnerId(path.into_inner()), me.actor.clone());
    let (customer, entries) = db(&state, move |c| {
        let entries = customer_journal::merges_into(c, &actor, id)?;
        Ok((partners::find(c, id)?, entries))
    })
    .await?;
    page(&MergesPage {
        ctx: me.ctx,
        customer,
        entries,
    })
}
