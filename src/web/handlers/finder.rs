//! Configuration → Duplicate finder (admins): the match model, the users' decisions, the
//! precision users saw per score band, and "Re-estimate now".

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::similarity::report::{self, Band, FinderReport, LevelRow};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, see_other};

const PAGE: &str = "/config/duplicate-finder";

/// Half the width of a weight bar, in SVG units (the bar is drawn from the middle).
const BAR_HALF: f64 = 60.0;

#[derive(Template)]
#[template(path = "similarity/finder.html")]
pub struct FinderPage {
    pub ctx: Ctx,
    pub report: FinderReport,
}

impl FinderPage {
    fn field_label(&self, code: &str) -> String {
        self.ctx.t(&format!("finder.fields.{code}"))
    }

    fn level_label(&self, code: &str) -> String {
        self.ctx.t(&format!("finder.levels.{code}"))
    }

    /// A probability as a percentage with as many decimals as small values need.
    fn percent(&self, p: &f64) -> String {
        let pct = p * 100.0;
        if pct >= 1.0 {
            format!("{pct:.1} %")
        } else if pct >= 0.01 {
            format!("{pct:.2} %")
        } else {
            format!("{pct:.0e} %")
        }
    }

    /// "+7.1", "−4.0".
    fn signed(&self, w: &f64) -> String {
        if *w < 0.0 {
            format!("\u{2212}{:.1}", -w)
        } else {
            format!("+{w:.1}")
        }
    }

    /// The length of a weight's bar, in a box 2·[`BAR_HALF`] wide whose middle is zero.
    fn bar_len(&self, level: &LevelRow) -> f64 {
        (level.weight.abs() / self.report.weight_scale() * BAR_HALF).clamp(0.0, BAR_HALF)
    }

    fn bar_x(&self, level: &LevelRow) -> String {
        let x = if level.weight < 0.0 {
            BAR_HALF - self.bar_len(level)
        } else {
            BAR_HALF
        };
        format!("{x:.1}")
    }

    fn bar_width(&self, level: &LevelRow) -> String {
        format!("{:.1}", self.bar_len(level))
    }

    /// Where a pair starts before any evidence, at the database's size now.
    fn prior_weight_text(&self) -> String {
        self.ctx
            .t("finder.prior_weight")
            .replace("%{weight}", &self.signed(&self.report.prior_weight))
            .replace(
                "%{records}",
                &self.ctx.number(&(self.report.population.round() as i64)),
            )
    }

    fn decisions_text(&self) -> String {
        self.ctx
            .t("finder.decisions_text")
            .replace("%{merges}", &self.ctx.count(self.report.merges))
            .replace("%{pairs}", &self.ctx.count(self.report.merged_pairs))
            .replace("%{rejections}", &self.ctx.count(self.report.rejections))
    }

    fn band_label(&self, band: &Band) -> String {
        let pct = |p: f64| {
            let v = p * 100.0;
            if v.fract() == 0.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        };
        match band.to {
            Some(to) => format!("{}–{} %", pct(band.from), pct(to)),
            None => format!("≥ {} %", pct(band.from)),
        }
    }

    fn band_precision(&self, band: &Band) -> String {
        band.precision()
            .map(|p| format!("{:.0} %", p * 100.0))
            .unwrap_or_else(|| "—".into())
    }

    fn prior_text(&self) -> String {
        format!("{:.3}", self.report.model.duplicates_per_record)
    }

    fn trained_text(&self) -> String {
        let m = &self.report.model;
        let at = m
            .trained_at
            .map(|t| self.ctx.date_time(&t))
            .unwrap_or_default();
        self.ctx
            .t("finder.trained_on")
            .replace("%{at}", &at)
            .replace("%{records}", &self.ctx.number(&m.records))
            .replace("%{pairs}", &self.ctx.number(&m.pairs))
            .replace("%{merges}", &self.ctx.number(&m.merges))
            .replace("%{rejections}", &self.ctx.number(&m.rejections))
    }
}

pub async fn show(state: web::Data<AppState>, me: SignedIn) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let report = db(&state, move |c| report::finder_report(c, &actor)).await?;
    page(&FinderPage {
        ctx: me.ctx,
        report,
    })
}

/// The button's form carries only the CSRF token.
#[derive(serde::Deserialize)]
pub struct RetrainForm {}

pub async fn retrain(
    state: web::Data<AppState>,
    session: Session,
    me: SignedIn,
    Form(_): Form<RetrainForm>,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let model = db(&state, move |c| report::retrain(c, &actor)).await?;
    let text = me
        .ctx
        .t("finder.retrained")
        .replace("%{records}", &me.ctx.number(&model.records))
        .replace("%{pairs}", &me.ctx.number(&model.pairs))
        .replace("%{merges}", &me.ctx.number(&model.merges))
        .replace("%{rejections}", &me.ctx.number(&model.rejections));
    ctx::flash(&session, "success", text);
    Ok(see_other(PAGE))
}
