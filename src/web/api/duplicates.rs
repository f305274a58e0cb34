//! The duplicate finder's decisions and scan: "not a duplicate" on a pair from the Similar
//! view (`POST /leads/{id}/not-duplicate` with `other` and `reason`), and the Duplicates page
//! (`GET /duplicates`, clusters with scores and reasons, `?page=&per_page=`, managers and
//! admins).

use actix_web::web;

use crate::domain::api_views::paging::Paging;
use crate::domain::api_views::scan::{self, PER_PAGE};
use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::LeadId;
use crate::domain::similarity::not_duplicate;
use crate::domain::wizards::lenient;
use crate::domain::{DomainError, DomainResult};
use crate::i18n::Msg;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, Pairs, ok};

/// The other record of the pair, and why they are not duplicates.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
struct NotDuplicateBody {
    /// The other record's id.
    #[schema(value_type = i32)]
    other: String,
    reason: String,
}

/// The pair marked.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = NotDuplicate)]
struct Marked {
    lead_id: i32,
    other_id: i32,
}

/// `POST /api/v1/leads/{id}/not-duplicate`
#[utoipa::path(post, path = "/api/v1/leads/{id}/not-duplicate", tag = "leads",
    summary = "Mark a pair as not duplicates",
    params(("id" = i32, Path, description = "The record's id")),
    request_body = NotDuplicateBody,
    responses(
        (status = 200, description = "The pair marked", body = Marked),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "A record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors (`other`, `reason`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn not_duplicate(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let (id, body) = (LeadId(path.into_inner()), body.into_inner());
    let other = db(&state, move |c| {
        let (b, shape) = read_texts::<NotDuplicateBody>(&body, &["other", "reason"])?;
        let other = together(shape, other_id(&b.other))?;
        not_duplicate::mark(c, &me.actor, id, other, &b.reason)?;
        Ok(other)
    })
    .await?;
    ok(&Marked {
        lead_id: id.0,
        other_id: other.0,
    })
}

/// The other record of the pair (`12` or `#12`): a field error under `other` when blank or
/// not an id.
fn other_id(raw: &str) -> DomainResult<LeadId> {
    match lenient::typed_id(raw, "msg.wizard.not_record") {
        Ok(Some(id)) => Ok(LeadId(id)),
        Ok(None) => Err(DomainError::invalid(
            "other",
            Msg::new("msg.similar.choose_other"),
        )),
        Err(message) => Err(DomainError::invalid("other", message)),
    }
}

/// `GET /api/v1/duplicates`
#[utoipa::path(get, path = "/api/v1/duplicates", tag = "leads",
    summary = "Clusters of probable duplicates (managers and admins)",
    params(
        ("page" = Option<i32>, Query, description = "1, 2, …"),
        ("per_page" = Option<i32>, Query, description = "Clusters per page: 20 unless asked, at most 200"),
    ),
    responses(
        (status = 200, description = "One page of clusters, with scores and reasons", body = crate::domain::api_views::paging::Page<crate::domain::api_views::scan::ClusterView>),
        (status = 403, description = "Not allowed (salespeople)", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "An unknown parameter or a bad number (on `query`)", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn scan(state: web::Data<AppState>, me: Bearer, query: Pairs) -> ApiResult {
    let pairs = query.into_inner();
    ok(&db(&state, move |c| {
        let paging = Paging::read(&pairs, PER_PAGE)?;
        scan::duplicates(c, &me.actor, paging)
    })
    .await?)
}
