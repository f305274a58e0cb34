//! Configuration → Settings → Backups (admins): the backup folder, how many to keep, daily
//! on/off, the import retention, the folder's last backups and "Back up now". The work is
//! [`crate::domain::backup`]'s; this file only reads the form and renders.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::backup::{self, BackupEntry, BackupInput, Overview};
use crate::domain::error::FieldErrors;
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::router::{self as r, Router};
use crate::web::{AppState, WebError, db, page, render, see_other};

const PAGE: &str = "/config/backups";

/// The page's routes.
pub fn routes(cfg: &mut Router) {
    cfg.route(PAGE, r::get().to(show))
        .route(PAGE, r::post().to(save))
        .route("/config/backups/run", r::post().to(run));
}

#[derive(Template)]
#[template(path = "settings/backups.html")]
pub struct BackupsPage {
    pub ctx: Ctx,
    pub form: BackupsForm,
    pub errors: FieldErrors,
    pub supported: bool,
    pub backups: Vec<BackupEntry>,
}

impl BackupsPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    /// A size in kilobytes, as the reader's language writes numbers.
    fn size(&self, bytes: &u64) -> String {
        page_size(&self.ctx, *bytes)
    }
}

#[derive(serde::Deserialize, Default, Clone)]
pub struct BackupsForm {
    #[serde(default)]
    pub folder: String,
    #[serde(default)]
    pub keep: String,
    #[serde(default)]
    pub daily: Option<String>,
    #[serde(default)]
    pub import_retention_days: String,
}

fn form_of(overview: &Overview) -> BackupsForm {
    let c = &overview.config;
    BackupsForm {
        folder: c.folder.clone(),
        keep: c.keep.to_string(),
        daily: c.daily.then(|| "on".into()),
        import_retention_days: match c.import_retention_days {
            0 => String::new(),
            days => days.to_string(),
        },
    }
}

/// `GET /config/backups`
pub async fn show(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let overview = db(&state, move |c| backup::overview(c, &actor)).await?;
    page(&BackupsPage {
        ctx: me.ctx,
        form: form_of(&overview),
        errors: FieldErrors::new(),
        supported: overview.supported,
        backups: overview.backups,
    })
}

/// `POST /config/backups`: a field error keeps what was typed and saves nothing.
pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(form): Form<BackupsForm>,
) -> Result<HttpResponse, WebError> {
    let input = BackupInput {
        folder: form.folder.clone(),
        keep: form.keep.clone(),
        daily: form.daily.is_some(),
        import_retention_days: form.import_retention_days.clone(),
    };
    let actor = me.actor.clone();
    let origin = me.origin.clone();
    match db(&state, move |c| {
        backup::config::save(c, &actor, &origin, &input)
    })
    .await
    {
        Ok(_) => {
            ctx::flash(&session, "success", me.ctx.t("backup.saved"));
            Ok(see_other(PAGE))
        }
        Err(DomainError::Invalid(errors)) => {
            let actor = me.actor.clone();
            let overview = db(&state, move |c| backup::overview(c, &actor)).await?;
            let page = BackupsPage {
                ctx: me.ctx,
                form,
                errors,
                supported: overview.supported,
                backups: overview.backups,
            };
            render(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /config/backups/run`: "Back up now" into the saved folder, then keep N. The form
/// (no fields of its own) is read for its CSRF check.
pub async fn run(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    _form: Form<BackupsForm>,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let origin = me.origin.clone();
    match db(&state, move |c| backup::take_now(c, &actor, &origin)).await {
        Ok((file, _pruned)) => {
            let name = file
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = crate::i18n::text::fill(
                &me.ctx.t("backup.taken"),
                &[("file", name), ("size", page_size(&me.ctx, file.size))],
            );
            ctx::flash(&session, "success", text);
        }
        Err(DomainError::Conflict(m)) => ctx::flash(&session, "error", me.ctx.msg(&m)),
        Err(e) => return Err(e.into()),
    }
    Ok(see_other(PAGE))
}

fn page_size(ctx: &Ctx, bytes: u64) -> String {
    let kb = i64::try_from(bytes.div_ceil(1024)).unwrap_or(i64::MAX);
    crate::i18n::text::fill(&ctx.t("backup.size_kb"), &[("size", ctx.number(&kb))])
}
