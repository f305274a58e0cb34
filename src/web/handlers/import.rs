//! Import (Leads/Opportunities → Import, Configuration → Import; managers and admins):
//! upload a CSV file, map its columns with a preview, check every row, then import the
//! valid ones. Checking and importing run in the background; the job page shows a progress
//! bar (`static/js/import.js` polls `/import/{id}/status`, a `<meta refresh>` does without
//! JavaScript) and then the report.

use actix_session::SessionExt;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::audit::{self, Action, Target, TargetKind};
use crate::domain::import::jobs::{self, Job, MAX_UPLOAD};
use crate::domain::import::{Field, Policy};
use crate::domain::models::leads::Kind;
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::multipart::{self, UploadError};
use crate::web::{AppState, WebError, csrf, db, page, render, see_other};

#[derive(Template)]
#[template(path = "import/upload.html")]
pub struct UploadPage {
    pub ctx: Ctx,
    pub kind: String,
    pub error: Option<String>,
    pub max_mb: usize,
}

impl UploadPage {
    /// What a file must be, with the size limit written as the reader's language does.
    fn file_hint(&self) -> String {
        self.ctx.t_with(
            "web.import.file_hint",
            &[("size", &self.ctx.count(self.max_mb))],
        )
    }
}

#[derive(Template)]
#[template(path = "import/job.html")]
pub struct JobPage {
    pub ctx: Ctx,
    pub job: Job,
    pub headers: Vec<String>,
    pub preview: Vec<Vec<String>>,
    /// The field chosen for each column ("" = ignored).
    pub chosen: Vec<String>,
    pub editing: bool,
    pub error: Option<String>,
}

impl JobPage {
    fn fields(&self) -> Vec<Field> {
        Field::choices().collect()
    }
    fn policies(&self) -> &'static [Policy] {
        Policy::ALL
    }
    fn kinds(&self) -> &'static [Kind] {
        Kind::ALL
    }
    fn chosen_for(&self, column: &usize) -> &str {
        self.chosen.get(*column).map(String::as_str).unwrap_or("")
    }
    fn cell(&self, row: &[String], column: &usize) -> String {
        row.get(*column).cloned().unwrap_or_default()
    }
    /// The first few non-empty values of a column.
    fn samples(&self, column: &usize) -> String {
        let values: Vec<String> = self
            .preview
            .iter()
            .map(|row| self.cell(row, column))
            .filter(|v| !v.trim().is_empty())
            .take(3)
            .collect();
        values.join(" · ")
    }
    fn field_label(&self, column: &usize) -> String {
        match Field::parse(self.chosen_for(column)) {
            Some(f) => self.ctx.t(&f.label_key()),
            None => self.ctx.t("import.ignored"),
        }
    }
    /// "done", "current" or "" for step 2 (map), 3 (check) or 4 (import).
    fn step_class(&self, step: u8) -> &'static str {
        let at = match self.job.state.as_str() {
            _ if self.show_mapping() => 2,
            "checking" | "checked" | "failed" => 3,
            "interrupted" if !self.job.resumes_import() => 3,
            "importing" | "interrupted" => 4,
            _ => 5,
        };
        match step.cmp(&at) {
            std::cmp::Ordering::Less => "done",
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "",
        }
    }
    fn policy_label(&self, p: &Policy) -> String {
        self.ctx.t(&format!("import.policy_{}", p.as_str()))
    }
    fn policy_hint(&self, p: &Policy) -> String {
        self.ctx.t(&format!("import.policy_{}_hint", p.as_str()))
    }
    fn kind_label(&self, k: &Kind) -> String {
        self.ctx.t(&format!("import.kind_{}", k.as_str()))
    }
    fn show_mapping(&self) -> bool {
        self.editing || self.job.state == jobs::JobState::Uploaded
    }
}

#[derive(serde::Deserialize, Default)]
pub struct KindQuery {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    edit: String,
}

pub async fn upload_form(
    me: SignedIn,
    query: web::Query<KindQuery>,
) -> Result<HttpResponse, WebError> {
    me.actor.require_manager()?;
    let kind = Kind::parse(&query.kind)
        .unwrap_or(Kind::Lead)
        .as_str()
        .into();
    page(&UploadPage {
        ctx: me.ctx,
        kind,
        error: None,
        max_mb: MAX_UPLOAD / 1024 / 1024,
    })
}

pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    me: SignedIn,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, WebError> {
    me.actor.require_manager()?;
    let refuse = |ctx: Ctx, kind: String, message: String, status| {
        let max_mb = MAX_UPLOAD / 1024 / 1024;
        let error = Some(message);
        render(
            &UploadPage {
                ctx,
                kind,
                error,
                max_mb,
            },
            status,
        )
    };
    let parts = match multipart::read(form, MAX_UPLOAD + 64 * 1024).await {
        Ok(parts) => parts,
        Err(UploadError::TooLarge) => {
            let message = me.ctx.t("import.too_large");
            return refuse(
                me.ctx,
                "lead".into(),
                message,
                StatusCode::PAYLOAD_TOO_LARGE,
            );
        }
        Err(UploadError::Malformed(m)) => return Err(crate::web::bad_request(m)),
    };
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name)
            .map(|p| String::from_utf8_lossy(&p.data).to_string())
    };
    if !csrf::verify(&req.get_session(), text("csrf").as_deref()) {
        return Err(WebError::Csrf);
    }
    let kind = Kind::parse(&text("kind").unwrap_or_default()).unwrap_or(Kind::Lead);
    let Some(file) = parts
        .into_iter()
        .find(|p| p.name == "file" && !p.data.is_empty())
    else {
        let message = me.ctx.t("import.choose_file");
        return refuse(
            me.ctx,
            kind.as_str().into(),
            message,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let actor = me.actor.clone();
    let name = file
        .file_name
        .clone()
        .unwrap_or_else(|| "upload.csv".into());
    match db(&state, move |c| {
        jobs::upload(c, &actor, &name, &file.data, kind)
    })
    .await
    {
        Ok(id) => Ok(see_other(&format!("/import/{id}"))),
        Err(DomainError::Invalid(errors)) => {
            let message = me.ctx.field_messages(&errors, "; ");
            refuse(
                me.ctx,
                kind.as_str().into(),
                message,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}

/// The job page as it stands, with `chosen` (the posted choices) or the saved mapping.
async fn job_page(
    state: &web::Data<AppState>,
    me: SignedIn,
    id: i32,
    chosen: Option<Vec<String>>,
    editing: bool,
    error: Option<String>,
) -> Result<JobPage, WebError> {
    let actor = me.actor.clone();
    let (job, headers, preview) = db(state, move |c| jobs::preview(c, &actor, id)).await?;
    let chosen = chosen.unwrap_or_else(|| {
        job.mapping
            .columns
            .iter()
            .map(|f| f.map(|f| f.as_str().to_string()).unwrap_or_default())
            .collect()
    });
    Ok(JobPage {
        ctx: me.ctx,
        job,
        headers,
        preview,
        chosen,
        editing,
        error,
    })
}

pub async fn show(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
    query: web::Query<KindQuery>,
) -> Result<HttpResponse, WebError> {
    let editing = !query.edit.is_empty();
    page(&job_page(&state, me, id.into_inner(), None, editing, None).await?)
}

/// The mapping form: one `column` value per file column, the policy and the kind.
#[derive(serde::Deserialize, Default)]
pub struct MappingForm {
    #[serde(default)]
    column: Vec<String>,
    #[serde(default)]
    policy: String,
    #[serde(default)]
    kind: String,
}

/// Runs the job's queued step on a thread of its own; the page polls its status row.
fn spawn(state: &web::Data<AppState>, id: i32) {
    let pool = state.pool.clone();
    std::thread::spawn(move || {
        let outcome = pool
            .get()
            .map_err(|e| DomainError::Internal(e.to_string()))
            .and_then(|mut c| jobs::run(&mut c, id));
        if let Err(e) = outcome {
            log::error!("import job {id}: {e}");
        }
    });
}

pub async fn check(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
    Form(form): Form<MappingForm>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let actor = me.actor.clone();
    let choices = form.column.clone();
    let outcome = db(&state, move |c| {
        jobs::choose(c, &actor, id, &choices, &form.policy, &form.kind)
    })
    .await;
    match outcome {
        Ok(()) => {
            spawn(&state, id);
            Ok(see_other(&format!("/import/{id}")))
        }
        Err(DomainError::Invalid(errors)) => {
            let message = me.ctx.field_messages(&errors, "; ");
            let page = job_page(&state, me, id, Some(form.column), true, Some(message)).await?;
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Confirm {}

pub async fn run(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
    Form(_): Form<Confirm>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let (actor, origin) = (me.actor.clone(), me.origin.clone());
    db(&state, move |c| {
        audit::audited(
            c,
            &origin,
            Action::ImportStarted,
            |c| jobs::confirm(c, &actor, id),
            |_| Target::of(TargetKind::ImportJob, [id]),
        )
    })
    .await?;
    spawn(&state, id);
    Ok(see_other(&format!("/import/{id}")))
}

/// Drops a job that is not running (an interrupted one, or a checked file the user does not
/// want after all) and goes back to the upload form.
pub async fn discard(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
    Form(_): Form<Confirm>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let actor = me.actor.clone();
    let kind = db(&state, move |c| jobs::discard(c, &actor, id)).await?;
    Ok(see_other(&format!("/import?kind={}", kind.as_str())))
}

/// What the progress bar polls.
#[derive(serde::Serialize)]
struct Status {
    state: &'static str,
    done: usize,
    total: usize,
    percent: usize,
}

pub async fn status(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
) -> Result<HttpResponse, WebError> {
    let id = id.into_inner();
    let actor = me.actor.clone();
    let job = db(&state, move |c| jobs::find(c, &actor, id)).await?;
    Ok(HttpResponse::Ok().json(Status {
        state: job.state.as_str(),
        done: job.done,
        total: job.total,
        percent: job.percent(),
    }))
}
