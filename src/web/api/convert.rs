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

#[derive(serde::Serialize)]
struct Suggestion {
    suggested: ConvertInput,
    candidates: Vec<MergeCandidate>,
    hidden_duplicates: usize,
    customers: Vec<Match>,
}

/// The mass body: the options plus the ids.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct MassBody {
    ids: Vec<String>,
    #[serde(flatten)]
    options: MassConvertInput,
}

/// `GET /api/v1/leads/{id}/convert`
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
