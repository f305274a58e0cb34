//! The web side of the audit trail: who is acting and from where ([`origin`]), and
//! [`record`] for an action whose domain call offers no transaction to record in.

use actix_web::{HttpRequest, web};

use crate::domain::audit::{self, Action, Origin, Target};
use crate::domain::models::users::User;
use crate::web::{AppState, WebOptions, client_address, db};

/// The client's address, read as `--trust-proxy` says (see [`client_address`]).
pub fn address(req: &HttpRequest) -> String {
    let trust_proxy = req
        .app_data::<web::Data<WebOptions>>()
        .is_some_and(|o| o.trust_proxy);
    client_address(req, trust_proxy)
}

/// A signed-in user acting through this request.
pub fn origin(req: &HttpRequest, user: &User) -> Origin {
    Origin::user(user, Some(address(req)))
}

/// Records `action` right after its change succeeded, for changes whose domain call offers
/// no transaction to record in. The change is done whatever happens here, so a failure to
/// record is logged, not shown.
pub async fn record(state: &web::Data<AppState>, origin: Origin, action: Action, target: Target) {
    let written = db(state, move |c| audit::record(c, &origin, action, target)).await;
    if let Err(e) = written {
        log::error!("audit: could not record {}: {e}", action.as_str());
    }
}
