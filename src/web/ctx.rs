//! The page context every handler gets: who is signed in, their rights, the CSRF token, the
//! flash message left by the previous POST, the settings that shape the menu, and the UI
//! language. `Ctx` is for public pages; `SignedIn` refuses anonymous visitors (to the sign-in
//! page, or to setup while no user exists).
//!
//! The (encrypted) cookie names the signed-in user only through a session token that the
//! server checks on every request (`domain::models::sessions`): a session that was signed
//! out, expired or ended by a password, role or activity change is anonymous, however often
//! its cookie is replayed.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::domain::access::Actor;
use crate::domain::audit::Origin;
use crate::domain::models::sessions;
use crate::domain::models::settings::{self, Settings};
use crate::domain::models::users::{self, User};
use crate::i18n::Lang;
use crate::web::error::WebError;
pub use crate::web::page::{Ctx, Flash};
use crate::web::page::{LANGUAGE_KEY, PAGE_LANGUAGE_KEY, PageLang};
use crate::web::{AppState, WebOptions, csrf};

const SESSION_KEY: &str = "sid";
const FLASH_KEY: &str = "flash";

/// Remembers the language picked on the sign-in page for this browser's session.
pub fn choose_language(session: &Session, lang: Lang) {
    if let Err(e) = session.insert(LANGUAGE_KEY, lang.code()) {
        log::warn!("could not store the chosen language: {e}");
    }
}

/// The UI language of a request: the signed-in user's preference; else (a visitor, or a
/// user who never chose) the one picked on the sign-in page, the browser's
/// `Accept-Language`, and last the company's default for new users.
fn language(
    req: &HttpRequest,
    session: &Session,
    user: Option<&User>,
    settings: &Settings,
) -> Lang {
    let chosen = user.and_then(|u| Lang::from_code(&u.language));
    let picked = || {
        session
            .get::<String>(LANGUAGE_KEY)
            .ok()
            .flatten()
            .and_then(|code| Lang::from_code(&code))
    };
    let browser = || crate::web::browser_language(req.headers());
    chosen
        .or_else(picked)
        .or_else(browser)
        .unwrap_or_else(|| Lang::or_english(&settings.default_language))
}

/// Keeps the language of this request's page for its error page, and in the session (only
/// written when it changes) for later requests refused before their context is loaded.
fn remember_page_language(req: &HttpRequest, session: &Session, lang: Lang) {
    req.extensions_mut().insert(PageLang(lang));
    let kept = session.get::<String>(PAGE_LANGUAGE_KEY).ok().flatten();
    if kept.as_deref() != Some(lang.code())
        && let Err(e) = session.insert(PAGE_LANGUAGE_KEY, lang.code())
    {
        log::warn!("could not store the page language: {e}");
    }
}

/// Leaves a message for the next page.
pub fn flash(session: &Session, kind: &str, text: impl Into<String>) {
    let message = Flash {
        kind: kind.into(),
        text: text.into(),
    };
    if let Err(e) = session.insert(FLASH_KEY, message) {
        log::warn!("could not store the flash message: {e}");
    }
}

/// Signs in with the `token` of a session the domain started: a fresh session cookie (no
/// fixation), a fresh CSRF token.
pub fn sign_in(session: &Session, token: &str) -> Result<(), WebError> {
    session.renew();
    session
        .insert(SESSION_KEY, token)
        .map_err(|e| WebError::Internal(format!("session: {e}")))?;
    csrf::rotate(session);
    Ok(())
}

/// The token of the session this cookie names, if any (to end it on sign-out).
pub fn session_token(session: &Session) -> Option<String> {
    session.get::<String>(SESSION_KEY).ok().flatten()
}

pub fn sign_out(session: &Session) {
    session.purge();
}

struct Loaded {
    user: Option<User>,
    actor: Option<Actor>,
    settings: Settings,
    no_users: bool,
}

/// What the loader found: the context, whether no user exists yet, and whether the cookie
/// named a session that is over (signed out, expired, ended).
struct Found {
    ctx: Ctx,
    no_users: bool,
    ended: bool,
}

async fn load(req: &HttpRequest) -> Result<Found, WebError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| WebError::Internal("application state missing".into()))?;
    let policy = req
        .app_data::<web::Data<WebOptions>>()
        .map(|o| o.sessions)
        .ok_or_else(|| WebError::Internal("web options missing".into()))?;
    let session = req.get_session();
    let token = session_token(&session);
    let flash = session.remove_as::<Flash>(FLASH_KEY).and_then(Result::ok);
    let lookup = token.clone();
    let loaded = web::block(move || -> Result<Loaded, WebError> {
        let mut conn = state.pool.get()?;
        let settings = settings::load(&mut conn)?;
        let user = match lookup {
            Some(token) => sessions::resume(&mut conn, &token, &policy)?,
            None => None,
        };
        let actor = match &user {
            Some(u) => Some(Actor::new(u, users::team_ids(&mut conn, u.id)?)),
            None => None,
        };
        let no_users = user.is_none() && users::count(&mut conn)? == 0;
        Ok(Loaded {
            user,
            actor,
            settings,
            no_users,
        })
    })
    .await??;
    let ended = token.is_some() && loaded.user.is_none();
    if ended {
        // Signed out, expired, or ended since: the cookie is anonymous from now on, and the
        // CSRF token it carried is worthless.
        session.remove(SESSION_KEY);
        csrf::rotate(&session);
    }
    let csrf = csrf::token(&session);
    let lang = language(req, &session, loaded.user.as_ref(), &loaded.settings);
    remember_page_language(req, &session, lang);
    let locale = lang.code().to_string();
    let ctx = Ctx {
        user: loaded.user,
        actor: loaded.actor,
        csrf,
        flash,
        settings: loaded.settings,
        locale,
        path: req.path().to_string(),
    };
    Ok(Found {
        ctx,
        no_users: loaded.no_users,
        ended,
    })
}

impl FromRequest for Ctx {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { load(&req).await.map(|found| found.ctx) })
    }
}

/// A signed-in user's context. Extracting it redirects anonymous visitors.
pub struct SignedIn {
    pub ctx: Ctx,
    pub user: User,
    pub actor: Actor,
    /// Who is acting and from where, for the audit trail.
    pub origin: Origin,
}

impl FromRequest for SignedIn {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let Found {
                ctx,
                no_users,
                ended,
            } = load(&req).await?;
            match (ctx.user.clone(), ctx.actor.clone()) {
                (Some(user), Some(actor)) => {
                    let origin = crate::web::audit::origin(&req, &user);
                    Ok(SignedIn {
                        ctx,
                        user,
                        actor,
                        origin,
                    })
                }
                _ if no_users => Err(WebError::Setup),
                _ => {
                    if ended {
                        // Shown on the sign-in page this request is sent to.
                        flash(&req.get_session(), "error", ctx.t("auth.session_ended"));
                    }
                    let next = match req.method() {
                        &actix_web::http::Method::GET => req.uri().to_string(),
                        _ => "/".to_string(),
                    };
                    Err(WebError::SignIn(next))
                }
            }
        })
    }
}
