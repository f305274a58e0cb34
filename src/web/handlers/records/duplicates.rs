//! The duplicate warning of the lead form, before the record exists:
//! - `GET /leads/check-duplicates?<the form's fields>` — the probable duplicates of what is
//!   typed, as JSON with the panel's HTML (static/js/duplicate_check.js asks it after a pause
//!   in typing). Read-only, so a GET without a CSRF token is safe; signed-in users only.
//! - Without JavaScript, the first Save of a new record that matches shows the form again
//!   with the matches and a "Save anyway" button (the hidden `confirm_duplicates` field).
//! - "Merge into it" (`merge_into=ID`, a submit button of the form) saves the typed record,
//!   then opens the Merge wizard with the existing record as the one kept: the typed values
//!   are compared field by field there, and nothing is merged before the user confirms.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;

use crate::domain::access::Actor;
use crate::domain::ids::{LeadId, UserId};
use crate::domain::models::leads::{Kind, LeadInput};
use crate::domain::new_record::Ask;
use crate::domain::records;
use crate::domain::similarity::Match;
use crate::domain::similarity::typed::{self, Typed};
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::{AppState, WebError, db};

use super::posted::{posted_fields, posted_messengers};

/// The longest value the check reads: the form's own fields are shorter.
const MAX_VALUE: usize = 1000;
/// The most Messengers rows the check reads.
const MAX_ROWS: usize = 20;

/// A probable duplicate as the panel shows it.
pub struct Dup {
    pub m: Match,
    /// Whether "Merge into it" is offered: a lead (not a customer) the user may merge.
    pub merge: bool,
    /// What the records share, strongest first (only what speaks for a match).
    pub why: String,
}

/// The panel's view of `found` for `actor`.
pub fn views(actor: &Actor, found: Vec<Match>) -> Vec<Dup> {
    found
        .into_iter()
        .map(|m| {
            let merge = m.visible
                && !m.record.is_customer
                && actor.can_merge(m.record.salesperson_id.map(UserId));
            let why: Vec<&str> = m
                .reasons
                .iter()
                .filter(|r| r.weight > 0.0)
                .map(|r| r.text.as_str())
                .collect();
            let why = why.join(", ");
            Dup { m, merge, why }
        })
        .collect()
}

/// The panel alone, for the JSON answer.
#[derive(Template)]
#[template(path = "records/duplicates_panel.html")]
struct Panel<'a> {
    ctx: &'a Ctx,
    dups: &'a [Dup],
}

/// The form's answer to the duplicate check: the hidden `confirm_duplicates` field ("Save
/// anyway") and the "Merge into it" button's `merge_into`.
pub fn ask_of(pairs: &[(String, String)]) -> Ask {
    let value = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim());
    Ask {
        confirmed: value("confirm_duplicates") == Some("1"),
        merge_into: value("merge_into").and_then(|v| v.parse().ok()).map(LeadId),
    }
}

/// The Merge wizard for `saved` and the record it was asked to be merged into (kept).
pub fn merge_url(into: LeadId, saved: LeadId) -> String {
    format!("/leads/merge?ids={into}&ids={saved}&primary={into}")
}

/// A JSON refusal: `{"ok": false, "error": text}`.
fn refuse(status: StatusCode, text: String) -> HttpResponse {
    HttpResponse::build(status).json(serde_json::json!({"ok": false, "error": text}))
}

/// The query read as the form's fields, or what is wrong with it.
fn read_query(query: &str) -> Result<Vec<(String, String)>, String> {
    let pairs: Vec<(String, String)> =
        serde_html_form::from_str(query).map_err(|e| e.to_string())?;
    if let Some((k, _)) = pairs.iter().find(|(_, v)| v.chars().count() > MAX_VALUE) {
        return Err(format!("{k}: more than {MAX_VALUE} characters"));
    }
    let rows = pairs.iter().filter(|(k, _)| k == "msg_handle").count();
    if rows > MAX_ROWS {
        return Err(format!("msg_handle: more than {MAX_ROWS} rows"));
    }
    Ok(pairs)
}

/// The edited record named by `id`, if any (`Err` when it is not a number).
fn editing(pairs: &[(String, String)]) -> Result<Option<LeadId>, String> {
    match pairs.iter().find(|(k, _)| k == "id").map(|(_, v)| v.trim()) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(|id| Some(LeadId(id)))
            .map_err(|_| format!("id: {v:?} is not a record number")),
    }
}

/// `GET /leads/check-duplicates`: `{"ok": true, "count", "matches": [...], "html"}`. A record
/// the user cannot open is listed without title, contact or link. Not signed in: 401; a bad
/// parameter: 400; an edited record the user cannot open: 404 — always JSON.
pub async fn check(
    state: web::Data<AppState>,
    me: Result<SignedIn, WebError>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let Ok(me) = me else {
        let lang = crate::web::browser_language(req.headers()).unwrap_or(crate::i18n::Lang::En);
        let text = crate::i18n::tr(lang.code(), "web.error.sign_in");
        return Ok(refuse(StatusCode::UNAUTHORIZED, text));
    };
    let read = read_query(req.query_string()).and_then(|p| editing(&p).map(|id| (p, id)));
    let (pairs, id) = match read {
        Ok(read) => read,
        Err(detail) => {
            let text = me.ctx.msg(&crate::web::bad_parameter(detail));
            return Ok(refuse(StatusCode::BAD_REQUEST, text));
        }
    };
    let opportunity = pairs.iter().any(|(k, v)| k == "from" && v == "pipeline");
    let input: LeadInput = match posted_fields(&pairs) {
        Ok(input) => input,
        Err(e) => return Ok(refuse(e.status_code(), e.text(&me.ctx))),
    };
    let (edits, _) = posted_messengers(&pairs);
    let actor = me.actor.clone();
    let found = db(&state, move |c| {
        let kind = if opportunity {
            Kind::Opportunity
        } else {
            records::new_record_kind(c)?
        };
        let typed = Typed {
            input: &input,
            messengers: &edits.add,
            kind,
            editing: id,
        };
        typed::duplicates_of_typed(c, &actor, &typed)
    })
    .await;
    match found {
        Ok(found) => Ok(answer(&me, found)?),
        Err(e) => {
            let e = WebError::from(e);
            if let WebError::Internal(cause) = &e {
                log::error!("duplicate check: {cause}");
            }
            Ok(refuse(e.status_code(), e.text(&me.ctx)))
        }
    }
}

/// The JSON answer: the matches (redacted when hidden) and the panel's HTML.
fn answer(me: &SignedIn, found: Vec<Match>) -> Result<HttpResponse, WebError> {
    let dups = views(&me.actor, found);
    let matches: Vec<serde_json::Value> = dups
        .iter()
        .map(|d| match d.m.visible {
            true => serde_json::json!({
                "visible": true,
                "id": d.m.record.id,
                "customer": d.m.record.is_customer,
                "title": d.m.record.title,
                "href": d.m.record.href(),
                "owner": d.m.record.owner,
                "why": d.why,
                "score": d.m.score,
                "merge": d.merge,
            }),
            false => serde_json::json!({"visible": false, "owner": d.m.record.owner}),
        })
        .collect();
    let html = Panel {
        ctx: &me.ctx,
        dups: &dups,
    }
    .render()?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "ok": true,
        "count": matches.len(),
        "matches": matches,
        "html": html,
    })))
}
