//! Reporting: the lost reasons report, a server-drawn SVG bar chart (no JavaScript) of lost
//! count and lost expected revenue per reason, with a table beside it. Bad filter values
//! are shown next to their field (422), never a crash.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::error::FieldErrors;
use crate::domain::models::teams::{self, Team};
use crate::domain::models::users::{self, User};
use crate::domain::reports::lost::{self, Bar, Chart, LostFilter};
use crate::web::ctx::{Ctx, SignedIn};
use crate::web::{AppState, WebError, db, render, see_other, urlencode};

/// Height of one reason's row in the chart.
const ROW: u32 = 52;
/// Left column for the reason names.
const LABEL: u32 = 200;
/// Space above the first row (the legend).
const TOP: u32 = 34;

/// The filters as typed in the address (kept as typed, to refill the form).
#[derive(serde::Deserialize, Default, Clone)]
pub struct ReportQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub team: String,
    #[serde(default)]
    pub salesperson: String,
}

#[derive(Template)]
#[template(path = "reports/lost.html")]
pub struct LostReportPage {
    pub ctx: Ctx,
    pub query: ReportQuery,
    pub errors: FieldErrors,
    pub chart: Chart,
    pub teams: Vec<Team>,
    pub salespeople: Vec<User>,
}

impl LostReportPage {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).map(|m| self.ctx.msg(m))
    }

    fn money(&self, cents: &i64) -> String {
        self.ctx.money(cents)
    }

    fn name(&self, bar: &Bar) -> String {
        bar.row
            .name
            .clone()
            .unwrap_or_else(|| self.ctx.t("lost_report.no_reason"))
    }

    /// The name cut to fit the label column; the full name is in the bar's tooltip.
    fn short_name(&self, bar: &Bar) -> String {
        let name = self.name(bar);
        if name.chars().count() > 26 {
            format!("{}…", name.chars().take(25).collect::<String>())
        } else {
            name
        }
    }

    /// The list of exactly the records behind a bar: lost, of either kind, with its reason
    /// (`none` for the records lost without one) and the report's filters.
    fn link(&self, bar: &Bar) -> String {
        let reason = bar
            .row
            .reason
            .map_or("none".to_string(), |id| id.to_string());
        let kinds = if self.ctx.settings.leads_enabled {
            "&filter=leads&filter=opportunities"
        } else {
            ""
        };
        let mut url = format!("/opportunities?filter=lost{kinds}&reason_op=eq&reason={reason}");
        for (key, value) in [
            ("closed_from", &self.query.from),
            ("closed_to", &self.query.to),
            ("team", &self.query.team),
            ("salesperson", &self.query.salesperson),
        ] {
            if !value.trim().is_empty() {
                url.push_str(&format!("&{key}={}", urlencode(value.trim())));
            }
        }
        url
    }

    fn row_y(&self, index: &usize) -> u32 {
        TOP + u32::try_from(*index).unwrap_or(0) * ROW
    }

    fn label_x(&self) -> u32 {
        LABEL - 10
    }

    fn bar_x(&self) -> u32 {
        LABEL
    }

    fn width(&self) -> u32 {
        LABEL + Chart::LENGTH + 130
    }

    fn height(&self) -> u32 {
        TOP + u32::try_from(self.chart.bars.len()).unwrap_or(0) * ROW + 8
    }

    fn picked(&self, value: &str, id: &impl std::fmt::Display) -> bool {
        value.trim() == id.to_string()
    }
}

/// `GET /reporting`: the reports menu has one report so far.
pub async fn index(_me: SignedIn) -> HttpResponse {
    see_other("/reporting/lost-reasons")
}

/// `GET /reporting/lost-reasons?from=&to=&team=&salesperson=`
pub async fn lost_reasons(
    state: web::Data<AppState>,
    me: SignedIn,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, WebError> {
    let query = query.into_inner();
    let filter = LostFilter::parse(&query.from, &query.to, &query.team, &query.salesperson);
    let actor = me.actor.clone();
    let (rows, teams, salespeople) = db(&state, move |c| {
        let rows = filter.and_then(|f| lost::lost_by_reason(c, &actor, &f));
        Ok((rows, teams::list(c)?, users::list(c)?))
    })
    .await?;
    let (rows, errors, status) = match rows {
        Ok(rows) => (rows, FieldErrors::new(), StatusCode::OK),
        Err(DomainError::Invalid(errors)) => (Vec::new(), errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e.into()),
    };
    let page = LostReportPage {
        ctx: me.ctx,
        query,
        errors,
        chart: Chart::new(rows),
        teams,
        salespeople,
    };
    render(&page, status)
}
