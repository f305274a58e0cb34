//! Similar Leads (the kanban and list of a lead's similar records), "not a duplicate",
//! the database-wide duplicate scan and the data-quality page.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::domain::DomainError;
use crate::domain::ids::LeadId;
use crate::domain::similarity::conflicts::{self, Conflict};
use crate::domain::similarity::profile::Rec;
use crate::domain::similarity::scan::Pair;
use crate::domain::similarity::thresholds::DUPLICATE_MIN;
use crate::domain::similarity::{self, Class, Cluster, Match, SimilarLeads, not_duplicate};
use crate::web::ctx::{self, Ctx, SignedIn};
use crate::web::form::Form;
use crate::web::{AppState, WebError, db, page, render, see_other};

/// How many clusters the duplicates page lists.
const CLUSTERS_SHOWN: usize = 200;

#[derive(Template)]
#[template(path = "similarity/similar.html")]
pub struct SimilarPage {
    pub ctx: Ctx,
    pub view: SimilarLeads,
    pub list: bool,
    /// A refused "not a duplicate": (other lead, message, typed reason).
    pub refused: Option<(i32, String, String)>,
}

impl SimilarPage {
    fn duplicates(&self) -> Vec<&Match> {
        self.view
            .matches
            .iter()
            .filter(|m| m.is_duplicate())
            .collect()
    }

    fn organisation(&self) -> Vec<&Match> {
        self.view
            .matches
            .iter()
            .filter(|m| m.class == Class::SameOrganisation)
            .collect()
    }

    /// Other deals of the same customer: their own column, never with a merge box.
    fn other_deals(&self) -> Vec<&Match> {
        self.view
            .matches
            .iter()
            .filter(|m| m.is_same_customer())
            .collect()
    }

    /// Convert to Opportunity among the selection's Actions, when Leads are on.
    fn offers_convert(&self) -> bool {
        self.ctx.settings.leads_enabled
    }

    fn typed_reason(&self, other: &i32) -> &str {
        match &self.refused {
            Some((id, _, reason)) if id == other => reason,
            _ => "",
        }
    }

    fn refusal(&self, other: &i32) -> Option<&str> {
        match &self.refused {
            Some((id, message, _)) if id == other => Some(message),
            _ => None,
        }
    }
}

#[derive(serde::Deserialize)]
pub struct ViewQuery {
    #[serde(default)]
    view: String,
}

pub async fn similar(
    state: web::Data<AppState>,
    me: SignedIn,
    id: web::Path<i32>,
    query: web::Query<ViewQuery>,
) -> Result<HttpResponse, WebError> {
    let (actor, lead) = (me.actor.clone(), LeadId(id.into_inner()));
    let view = db(&state, move |c| similarity::similar_leads(c, &actor, lead)).await?;
    page(&SimilarPage {
        ctx: me.ctx,
        view,
        list: query.view == "list",
        refused: None,
    })
}

#[derive(serde::Deserialize)]
pub struct NotDuplicateForm {
    #[serde(default)]
    other: String,
    #[serde(default)]
    reason: String,
}

pub async fn not_duplicate(
    state: web::Data<AppState>,
    me: SignedIn,
    session: Session,
    id: web::Path<i32>,
    Form(form): Form<NotDuplicateForm>,
) -> Result<HttpResponse, WebError> {
    let (actor, lead) = (me.actor.clone(), LeadId(id.into_inner()));
    let other: LeadId = form.other.parse().map_err(|_| WebError::NotFound)?;
    let reason = form.reason.clone();
    let done = db(&state, move |c| {
        not_duplicate::mark(c, &actor, lead, other, &reason)
    })
    .await;
    match done {
        Ok(()) => {
            ctx::flash(&session, "success", me.ctx.t("similar.marked"));
            Ok(see_other(&format!("/leads/{}/similar", lead.0)))
        }
        Err(DomainError::Invalid(errors)) => {
            let message = me.ctx.field_messages(&errors, " ");
            let actor = me.actor.clone();
            let view = db(&state, move |c| similarity::similar_leads(c, &actor, lead)).await?;
            let refused = Some((other.0, message, form.reason));
            render(
                &SimilarPage {
                    ctx: me.ctx,
                    view,
                    list: false,
                    refused,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "similarity/duplicates.html")]
pub struct DuplicatesPage {
    pub ctx: Ctx,
    pub clusters: Vec<Cluster>,
}

impl DuplicatesPage {
    /// "weakest link: match 87.0 %".
    fn weakest_text(&self, cluster: &Cluster) -> String {
        self.ctx
            .t("duplicates.weakest")
            .replace("%{match}", &self.ctx.match_text(&cluster.weakest))
    }

    /// A pair inside a cluster that is not a duplicate by itself (its records are joined
    /// through others).
    fn is_weak(&self, pair: &Pair) -> bool {
        pair.probability < DUPLICATE_MIN
    }

    /// The customer merge wizard's address when the cluster holds two or more customers of
    /// a kind (a customer cluster).
    fn customer_merge_href(&self, cluster: &Cluster) -> Option<String> {
        similarity::customers::customer_merge_href(cluster)
    }

    /// Whether the cluster holds a lead (the lead merge applies).
    fn has_leads(&self, cluster: &Cluster) -> bool {
        cluster.records.iter().any(|r| !r.is_customer)
    }

    /// A record of the cluster as the pairs name it: "Robin again #12".
    fn record_title(&self, cluster: &Cluster, rec: &Rec) -> String {
        let (id, customer) = match *rec {
            Rec::Lead(id) => (id, false),
            Rec::Partner(id) => (id, true),
        };
        cluster
            .records
            .iter()
            .find(|r| r.id == id && r.is_customer == customer)
            .map(|r| format!("{} #{}", r.title, r.id))
            .unwrap_or_else(|| format!("#{id}"))
    }
}

pub async fn duplicates(
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let clusters = db(&state, move |c| similarity::scan(c, &actor, CLUSTERS_SHOWN)).await?;
    page(&DuplicatesPage {
        ctx: me.ctx,
        clusters,
    })
}

#[derive(Template)]
#[template(path = "similarity/data_quality.html")]
pub struct DataQualityPage {
    pub ctx: Ctx,
    pub conflicts: Vec<Conflict>,
}

impl DataQualityPage {
    fn flagged(&self) -> Vec<&Conflict> {
        self.conflicts.iter().filter(|c| !c.switchboard).collect()
    }

    fn switchboards(&self) -> Vec<&Conflict> {
        self.conflicts.iter().filter(|c| c.switchboard).collect()
    }

    /// The one-click fixes of a conflict (a switchboard is a phone number only).
    fn resolutions(&self, c: &Conflict) -> Vec<&'static str> {
        let mut all = vec!["keep_on_person", "keep_on_company"];
        if c.what == "phone" {
            all.push("switchboard");
        }
        all
    }
}

pub async fn data_quality(
    state: web::Data<AppState>,
    me: SignedIn,
) -> Result<HttpResponse, WebError> {
    let actor = me.actor.clone();
    let conflicts = db(&state, move |c| {
        conflicts::company_contact_conflicts(c, &actor)
    })
    .await?;
    page(&DataQualityPage {
        ctx: me.ctx,
        conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct LeadRef {
        id: i32,
    }

    #[derive(Template)]
    #[template(source = "{% include \"similarity/button.html\" %}", ext = "html")]
    struct ButtonProbe {
        ctx: Ctx,
        lead: LeadRef,
        similar_count: usize,
    }

    #[derive(Template)]
    #[template(source = "{% include \"similarity/warnings.html\" %}", ext = "html")]
    struct WarningsProbe {
        ctx: Ctx,
        warnings: Vec<Match>,
    }

    #[test]
    fn the_smart_button_shows_the_count_and_links_to_the_view() {
        let probe = ButtonProbe {
            ctx: Ctx::bare(),
            lead: LeadRef { id: 42 },
            similar_count: 3,
        };
        let html = probe.render().expect("renders");
        assert!(html.contains("href=\"/leads/42/similar\""), "{html}");
        assert!(html.contains("❐&#32;3&#32;Similar Leads"), "{html}");
        let none = ButtonProbe {
            ctx: Ctx::bare(),
            lead: LeadRef { id: 42 },
            similar_count: 0,
        };
        let html = none.render().expect("renders");
        assert!(!html.contains("similar-button"), "no 0 button: {html}");
    }

    #[test]
    fn no_warning_is_shown_without_matches() {
        let probe = WarningsProbe {
            ctx: Ctx::bare(),
            warnings: Vec::new(),
        };
        assert!(!probe.render().expect("renders").contains("similar-warning"));
    }
}
