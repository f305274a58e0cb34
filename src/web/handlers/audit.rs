//! Configuration → Audit (admins): the audit trail, filtered by action, user and days, a
//! page at a time, and the same filtered list as CSV. Nothing here edits or deletes.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::audit::{self, Action, AuditFilter, AuditPage, Entry, Target, TargetKind};
use crate::domain::models::users::{self, User};
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::{AppState, WebError, db, page, urlencode};

#[derive(Template)]
#[template(path = "audit/list.html")]
pub struct AuditListPage {
    pub ctx: Ctx,
    pub data: AuditPage,
    pub query: AuditQuery,
    pub users: Vec<User>,
}

/// The filter form's fields, as sent (kept for the form and the links).
#[derive(serde::Deserialize, Default, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: Option<i64>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter::parse(&self.action, &self.user, &self.from, &self.to)
    }

    /// The filters as a query string (without the page).
    fn pairs(&self) -> String {
        [
            ("action", &self.action),
            ("user", &self.user),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// One target of an entry as the page shows it: its text and, while it exists, its link.
pub struct TargetLink {
    pub text: String,
    pub href: Option<String>,
}

impl AuditListPage {
    fn actions(&self) -> &'static [Action] {
        Action::ALL
    }

    fn action_label(&self, entry: &Entry) -> String {
        entry
            .known_action()
            .map_or_else(|| entry.action.clone(), |a| self.ctx.t(&a.label_key()))
    }

    fn action_option(&self, action: &Action) -> String {
        self.ctx.t(&action.label_key())
    }

    fn chosen_action(&self, action: &Action) -> bool {
        self.query.action == action.as_str()
    }

    fn chosen_user(&self, user: &User) -> bool {
        self.query.user == user.id.to_string()
    }

    /// Who: the login as it was, or the command line or the server itself.
    fn who(&self, entry: &Entry) -> String {
        match (entry.actor_user_id, entry.actor_login.as_str()) {
            (None, audit::entry::COMMAND_LINE) => self.ctx.t("audit.command_line"),
            (None, audit::entry::SYSTEM) => self.ctx.t("audit.system"),
            (_, login) => login.to_string(),
        }
    }

    fn kind_label(&self, entry: &Entry) -> String {
        entry.target_kind.map_or_else(String::new, |k| {
            self.ctx.t(&format!("audit.target_{}", k.as_str()))
        })
    }

    fn targets(&self, entry: &Entry) -> Vec<TargetLink> {
        let base = match entry.target_kind {
            Some(TargetKind::Lead) => Some("/leads/"),
            Some(TargetKind::Customer) => Some("/customers/"),
            Some(TargetKind::User) => Some("/config/users/"),
            Some(TargetKind::ImportJob) => Some("/import/"),
            _ => None,
        };
        entry
            .targets
            .iter()
            .map(|(id, exists)| TargetLink {
                // Records go by number; a backup by its file's name.
                text: if entry.target_kind == Some(TargetKind::Backup) {
                    id.clone()
                } else {
                    format!("#{id}")
                },
                href: base.filter(|_| *exists).map(|b| format!("{b}{id}")),
            })
            .collect()
    }

    /// The details, `key: value` one after the other.
    fn details(&self, entry: &Entry) -> String {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&entry.details) else {
            return entry.details.clone();
        };
        map.iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                serde_json::Value::Array(items) => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                        .collect();
                    format!("{k}: {}", items.join(", "))
                }
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn total_text(&self) -> String {
        self.ctx.plural("audit.records", self.data.total)
    }

    fn page_link(&self, n: &i64) -> String {
        let pairs = self.query.pairs();
        let sep = if pairs.is_empty() { "" } else { "&" };
        format!("/config/audit?{pairs}{sep}page={n}")
    }

    fn export_link(&self) -> String {
        format!("/config/audit/export.csv?{}", self.query.pairs())
    }
}

/// `GET /config/audit`
pub async fn list(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, WebError> {
    me.actor.require_admin()?;
    let query = query.into_inner();
    let (actor, filter, n) = (me.actor.clone(), query.filter(), query.page.unwrap_or(1));
    let (data, users) = db(&state, move |c| {
        Ok((audit::query::page(c, &actor, &filter, n)?, users::list(c)?))
    })
    .await?;
    page(&AuditListPage {
        ctx: me.ctx,
        data,
        query,
        users,
    })
}

/// `GET /config/audit/export.csv`: the filtered list, recorded as an export itself.
pub async fn export(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, WebError> {
    me.actor.require_admin()?;
    let (actor, origin, filter) = (me.actor.clone(), me.origin.clone(), query.filter());
    let body = db(&state, move |c| {
        let entries = audit::query::all(c, &actor, &filter)?;
        let target = Target::of(TargetKind::Audit, [0; 0])
            .with("list", "audit")
            .with("rows", entries.len());
        audit::record(c, &origin, Action::Export, target)?;
        audit::query::csv(&entries)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("content-disposition", "attachment; filename=\"audit.csv\""))
        .body(body))
}
