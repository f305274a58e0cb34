//! Convert to Opportunity: `GET /leads/{id}/convert` answers what the wizard would suggest
//! (action, records to merge with scores and reasons, matching customers);
//! `POST /leads/{id}/convert` with `{action, merge_ids, customer, partner_id,
//! salesperson_id, team_id}` converts (a blank action converts, a blank customer links
//! nothing, a salesperson left out is the suggested one, as on the page); `POST /leads/convert` with `{ids, salesperson_ids, team_id, customer,
//! deduplicate}` converts many, the salespeople taking the leads in turn.

use actix_web::web;
use serde_json::{Map, Value};

use crate::domain::api_views::{read_texts, together};
use crate::domain::ids::LeadId;
use crate::domain::similarity::candidates::Match;
use crate::domain::wizards::convert::form::{MergeCandidate, fill_assignment};
use crate::domain::wizards::convert::mass::{MassConvertInput, mass_convert};
use crate::domain::wizards::convert::{Conversion, ConvertInput};
use crate::domain::wizards::parse_ids;
use crate::web::{AppState, db};

use super::{ApiResult, Bearer, Body, ok};

const FIELDS: &[&str] = &[
    "action",
    "merge_ids",
    "salesperson_id",
    "team_id",
    "customer",
    "partner_id",
];

const MASS_FIELDS: &[&str] = &[
    "ids",
    "salesperson_ids",
    "team_id",
    "customer",
    "deduplicate",
];

/// What the Convert wizard would suggest.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ConvertSuggestion)]
pub struct Suggestion {
    suggested: ConvertInput,
    candidates: Vec<MergeCandidate>,
    hidden_duplicates: usize,
    /// Customers matching the lead (the similarity engine's matches).
    #[schema(value_type = Vec<Object>)]
    customers: Vec<Match>,
}

/// The mass body: the options plus the ids.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
#[schema(as = MassConvertBody)]
pub struct MassBody {
    ids: Vec<String>,
    #[serde(flatten)]
    options: MassConvertInput,
}

/// `GET /api/v1/leads/{id}/convert`
#[utoipa::path(get, path = "/api/v1/leads/{id}/convert", tag = "wizards",
    summary = "What Convert to Opportunity would suggest", params(("id" = i32, Path, description = "The record's id")),
    responses(
        (status = 200, description = "The suggested input, records to merge and matching customers", body = Suggestion),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "The record cannot be converted", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn suggest(state: web::Data<AppState>, me: Bearer, path: web::Path<i32>) -> ApiResult {
    let id = LeadId(path.into_inner());
    let form = db(&state, move |c| Conversion::defaults(c, &me.actor, id)).await?;
    ok(&Suggestion {
        suggested: form.input,
        candidates: form.candidates,
        hidden_duplicates: form.hidden_duplicates,
        customers: form.customers,
    })
}

/// `POST /api/v1/leads/{id}/convert`
#[utoipa::path(post, path = "/api/v1/leads/{id}/convert", tag = "wizards",
    summary = "Convert a lead to an opportunity", params(("id" = i32, Path, description = "The record's id")),
    request_body = crate::domain::wizards::convert::ConvertInput,
    responses(
        (status = 200, description = "Converted", body = crate::domain::wizards::convert::ConvertOutcome),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "No such record, or hidden", body = crate::web::api::error::ErrorBody),
        (status = 409, description = "The record was merged away", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn convert(
    state: web::Data<AppState>,
    me: Bearer,
    path: web::Path<i32>,
    body: Body,
) -> ApiResult {
    let id = LeadId(path.into_inner());
    let body = body.into_inner();
    let done = db(&state, move |c| {
        let (mut input, shape) = read_texts::<ConvertInput>(&body, FIELDS)?;
        together(shape, input.parse(id))?;
        let given = |key: &str| body.contains_key(key);
        fill_assignment(
            c,
            &me.actor,
            id,
            &mut input,
            given("salesperson_id"),
            given("team_id"),
        )?;
        Conversion::apply(c, &me.actor, id, &input)
    })
    .await?;
    ok(&done)
}

/// `POST /api/v1/leads/convert`
#[utoipa::path(post, path = "/api/v1/leads/convert", tag = "wizards",
    summary = "Convert several leads, the salespeople taking them in turn",
    request_body = MassBody,
    responses(
        (status = 200, description = "What was converted, merged and skipped", body = crate::domain::wizards::convert::mass::MassOutcome),
        (status = 403, description = "Not allowed", body = crate::web::api::error::ErrorBody),
        (status = 404, description = "A record is missing or hidden", body = crate::web::api::error::ErrorBody),
        (status = 422, description = "Field errors", body = crate::web::api::error::ErrorBody),
    ),
    security(("bearer" = [])))]
pub async fn convert_many(state: web::Data<AppState>, me: Bearer, body: Body) -> ApiResult {
    let body: Map<String, Value> = body.into_inner();
    let done = db(&state, move |c| {
        let (b, shape) = read_texts::<MassBody>(&body, MASS_FIELDS)?;
        let ids = together(shape, parse_ids(&b.ids))?;
        mass_convert(c, &me.actor, &ids, &b.options)
    })
    .await?;
    ok(&done)
}
