//! API errors: always JSON `{"error": "...", "fields": {name: message}}`, never an HTML page
//! and never a 500 for bad input. Domain failures map as the pages do (hidden → 404, refused
//! → 403, field errors → 422, conflicts → 409); malformed JSON or query strings are 400;
//! a missing or bad token is 401. Internal causes are logged, not shown. Messages are in
//! the language of the request's `Accept-Language` ([`in_language`]), English when it names
//! none of ours; field names stay as they are.

use std::collections::BTreeMap;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, error};

use crate::domain::DomainError;
use crate::i18n::{Lang, Msg};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: Msg,
    pub fields: BTreeMap<String, Msg>,
    /// For a record merged away: the survivor, where the change belongs.
    pub merged_into_id: Option<i32>,
}

/// Every error's JSON body (the `ApiError` schema of the OpenAPI description).
#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = ApiError)]
pub struct ErrorBody {
    /// What went wrong, in the request's language.
    error: String,
    /// Field errors (422): the field's name and its message.
    fields: BTreeMap<String, String>,
    /// For a record merged away (409): the record that holds it now.
    #[serde(skip_serializing_if = "Option::is_none")]
    merged_into_id: Option<i32>,
    /// The survivor's address in the API.
    #[serde(skip_serializing_if = "Option::is_none")]
    survivor: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: Msg) -> ApiError {
        ApiError {
            status,
            error,
            fields: BTreeMap::new(),
            merged_into_id: None,
        }
    }

    pub fn bad_request(error: Msg) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, error)
    }

    pub fn unauthorized(error: Msg) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, error)
    }

    pub fn not_found() -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, Msg::new("msg.api.not_found"))
    }

    /// The JSON answer with its messages in `locale`.
    pub fn answer_in(&self, locale: &str) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        let fields: BTreeMap<String, String> = self
            .fields
            .iter()
            .map(|(k, m)| (k.clone(), m.render(locale)))
            .collect();
        response.json(ErrorBody {
            error: self.error.render(locale),
            fields,
            merged_into_id: self.merged_into_id,
            survivor: self.merged_into_id.map(|id| format!("/api/v1/leads/{id}")),
        })
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.error)
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        let status = match &e {
            DomainError::NotFound => StatusCode::NOT_FOUND,
            DomainError::Forbidden | DomainError::Refused(_) => StatusCode::FORBIDDEN,
            DomainError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            DomainError::Conflict(_) | DomainError::MergedInto(_) => StatusCode::CONFLICT,
            DomainError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            DomainError::Database(_) | DomainError::Internal(_) => {
                log::error!("API internal error: {e}");
                return ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Msg::new("msg.api.internal"),
                );
            }
        };
        let mut out = ApiError::new(
            status,
            match &e {
                DomainError::NotFound => Msg::new("msg.api.not_found"),
                other => other.message(),
            },
        );
        if let DomainError::MergedInto(survivor) = e {
            out.merged_into_id = Some(survivor.0);
        }
        if let DomainError::Invalid(fields) = e {
            out.fields = fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
        }
        out
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    /// In English; [`in_language`] answers again in the request's language.
    fn error_response(&self) -> HttpResponse {
        self.answer_in("en")
    }
}

/// Middleware: an error answered again in the language the request's `Accept-Language`
/// names (English when none of ours), since `error_response` cannot see the request.
pub async fn in_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = crate::web::browser_language(req.headers()).unwrap_or(Lang::En);
    let res = next.call(req).await?.map_into_boxed_body();
    if lang == Lang::En {
        return Ok(res);
    }
    let again = res
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .map(|e| e.answer_in(lang.code()));
    Ok(match again {
        Some(answer) => res.into_response(answer),
        None => res,
    })
}

/// Malformed JSON (or too large, or not JSON at all) → 400 with serde's message.
pub fn json_error(e: error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    let message = match &e {
        error::JsonPayloadError::Overflow { .. }
        | error::JsonPayloadError::OverflowKnownLength { .. } => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                Msg::new("msg.api.body_too_large"),
            )
            .into();
        }
        error::JsonPayloadError::Deserialize(d) => {
            Msg::new("msg.api.body_not_json").text("detail", d.to_string())
        }
        other => Msg::new("msg.api.body_unreadable").text("detail", other.to_string()),
    };
    ApiError::bad_request(message).into()
}

/// A query string that cannot be decoded → 400.
pub fn query_error(e: error::QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request(Msg::new("msg.api.query_unreadable").text("detail", e.to_string())).into()
}

/// A path id that is not a number names no record → 404.
pub fn path_error(_: error::PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::not_found().into()
}
