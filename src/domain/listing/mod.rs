//! The filters shared by the list view, the kanban and the API: parsed from the URL's
//! query pairs ([`LeadFilter::parse`]), turned back into pairs for shareable links
//! ([`LeadFilter::pairs`]), and into one SQL predicate ([`LeadFilter::predicate`]).
//! Unknown values never fail: they are dropped with a notice the page shows.
//!
//! Presets combine with AND. Without Lost or Archived only active records show; a lost
//! reason filter also looks at archived records (reasons are set on lost ones).

mod closing;
pub mod columns;
pub mod pipeline;
pub mod query;
pub mod search;
pub mod totals;

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::db::schema::leads;
use crate::domain::access::Actor;
use crate::domain::access::visible_to;
use crate::domain::enums::text_enum;
use crate::domain::ids::StageId;
use crate::domain::models::leads::Kind;
use crate::i18n::Msg;

/// Rows per list page.
pub const PAGE_SIZE: i64 = 80;

/// A boxed SQL condition on leads.
pub use crate::db::LeadCondition as Predicate;

/// A search counts its matches only up to this many: the page then says "1000+ records"
/// (no revenue sum), as counting every match of a common word would read each one.
pub const SEARCH_COUNT_CAP: i64 = 1000;

text_enum! {
    /// The filter buttons.
    Preset, "filter" { Mine => "my", Unassigned => "unassigned", Won => "won", Lost => "lost",
             Archived => "archived", Leads => "leads", Opportunities => "opportunities" }
}
text_enum! {
    /// Operators of the lost reason filter.
    ReasonOp, "operator" { Eq => "eq", In => "in" }
}
text_enum! {
    /// Sortable columns.
    SortKey, "sort column" { Created => "created", Title => "title", Contact => "contact", Company => "company",
              Revenue => "revenue", Probability => "probability", Priority => "priority" }
}
text_enum! {
    /// Grouping of the list.
    GroupBy, "grouping" { Stage => "stage", Salesperson => "salesperson", Team => "team",
              LostReason => "lost_reason" }
}

/// Everything the URL says about which records to show and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadFilter {
    /// The kind the page lists when no Leads/Opportunities preset is chosen.
    pub base_kind: Kind,
    pub presets: Vec<Preset>,
    /// Whether the URL chose the presets (else salespeople get My pipeline).
    pub explicit: bool,
    pub reason_op: ReasonOp,
    pub reasons: Vec<i32>,
    /// `reason=none`: the records lost without a reason (alone or besides `reasons`).
    pub no_reason: bool,
    /// First and last closing day included (the lost reasons report's period).
    pub closed_from: Option<NaiveDate>,
    pub closed_to: Option<NaiveDate>,
    pub stage: Option<i32>,
    pub salesperson: Option<i32>,
    pub team: Option<i32>,
    pub search: String,
    /// Exactly this `external_id` (the record's id in the system it came from); set by the
    /// API, which looks records up by it.
    pub external_id: String,
    pub sort: SortKey,
    pub desc: bool,
    pub page: i64,
    pub group: Option<GroupBy>,
    /// What was not understood and how it was read instead.
    pub notices: Vec<Msg>,
}

/// `what` is the catalogue key of the parameter's name (`msg.label.lower_stage`).
fn id_value(raw: &str, what: &str, notices: &mut Vec<Msg>) -> Option<i32> {
    match raw.trim().parse::<i32>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            notices.push(
                Msg::new("msg.list.not_record_number")
                    .label("what", what)
                    .text("value", raw),
            );
            None
        }
    }
}

impl LeadFilter {
    /// The default view of a page listing `base_kind`.
    pub fn new(base_kind: Kind) -> LeadFilter {
        LeadFilter {
            base_kind,
            presets: Vec::new(),
            explicit: false,
            reason_op: ReasonOp::In,
            reasons: Vec::new(),
            no_reason: false,
            closed_from: None,
            closed_to: None,
            stage: None,
            salesperson: None,
            team: None,
            search: String::new(),
            external_id: String::new(),
            sort: SortKey::Created,
            desc: true,
            page: 1,
            group: None,
            notices: Vec::new(),
        }
    }

    /// Reads the query pairs; `leads_enabled` hides the Leads preset, salespeople get My
    /// pipeline unless the URL chose presets (`filter=all` for none).
    pub fn parse(
        pairs: &[(String, String)],
        base_kind: Kind,
        actor: &Actor,
        leads_enabled: bool,
    ) -> LeadFilter {
        let mut f = LeadFilter::new(base_kind);
        let mut n = Vec::new();
        for (key, value) in pairs {
            let value = value.trim();
            match key.as_str() {
                "filter" => {
                    f.explicit = true;
                    match Preset::parse(value).ok() {
                        Some(Preset::Leads) if !leads_enabled => {
                            n.push(Msg::new("msg.list.leads_off"));
                        }
                        Some(p) if !f.presets.contains(&p) => f.presets.push(p),
                        Some(_) => {}
                        None if value == "all" || value.is_empty() => {}
                        None => n.push(Msg::new("msg.list.unknown_filter").text("value", value)),
                    }
                }
                "reason_op" => match ReasonOp::parse(value).ok() {
                    Some(op) => f.reason_op = op,
                    None => n.push(Msg::new("msg.list.unknown_operator").text("value", value)),
                },
                "reason" | "closed_from" | "closed_to" if !value.is_empty() => {
                    f.read_reason_or_day(key, value, &mut n);
                }
                "stage" if !value.is_empty() => {
                    f.stage = id_value(value, "msg.label.lower_stage", &mut n);
                }
                "salesperson" if !value.is_empty() => {
                    f.salesperson = id_value(value, "msg.label.lower_salesperson", &mut n);
                }
                "team" if !value.is_empty() => {
                    f.team = id_value(value, "msg.label.lower_team", &mut n);
                }
                "q" => f.search = value.chars().take(200).collect(),
                "sort" => match SortKey::parse(value).ok() {
                    Some(s) => f.sort = s,
                    None => n.push(Msg::new("msg.list.unknown_sort").text("value", value)),
                },
                "dir" => match value {
                    "asc" => f.desc = false,
                    "desc" => f.desc = true,
                    _ => n.push(Msg::new("msg.list.unknown_direction").text("value", value)),
                },
                "page" => match value.parse::<i64>() {
                    Ok(p) if p >= 1 => f.page = p,
                    _ => n.push(Msg::new("msg.list.no_page").text("value", value)),
                },
                "group" if !value.is_empty() => match GroupBy::parse(value).ok() {
                    Some(g) => f.group = Some(g),
                    None => n.push(Msg::new("msg.list.unknown_group").text("value", value)),
                },
                _ => {}
            }
        }
        if f.reason_op == ReasonOp::Eq && f.reasons.len() + usize::from(f.no_reason) > 1 {
            n.push(Msg::new("msg.list.one_reason"));
            f.reasons.truncate(1);
            f.no_reason = f.no_reason && f.reasons.is_empty();
        }
        if !f.explicit && !actor.is_manager() {
            f.presets.push(Preset::Mine);
        }
        f.notices = n;
        f
    }

    pub fn has(&self, preset: Preset) -> bool {
        self.presets.contains(&preset)
    }

    /// The query pairs that give this filter back (without notices), for links.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: String| out.push((k.to_string(), v));
        if self.explicit || self.presets.is_empty() {
            if self.presets.is_empty() {
                push("filter", "all".into());
            }
            for p in &self.presets {
                push("filter", p.as_str().into());
            }
        }
        if self.by_reason() {
            push("reason_op", self.reason_op.as_str().into());
            for r in &self.reasons {
                push("reason", r.to_string());
            }
            if self.no_reason {
                push("reason", "none".into());
            }
        }
        for (k, day) in [
            ("closed_from", self.closed_from),
            ("closed_to", self.closed_to),
        ] {
            if let Some(day) = day {
                push(k, day.format("%Y-%m-%d").to_string());
            }
        }
        for (k, v) in [
            ("stage", self.stage),
            ("salesperson", self.salesperson),
            ("team", self.team),
        ] {
            if let Some(v) = v {
                push(k, v.to_string());
            }
        }
        if !self.external_id.is_empty() {
            push("external_id", self.external_id.clone());
        }
        if !self.search.is_empty() {
            push("q", self.search.clone());
        }
        if self.sort != SortKey::Created || !self.desc {
            push("sort", self.sort.as_str().into());
            push("dir", if self.desc { "desc" } else { "asc" }.into());
        }
        if let Some(g) = self.group {
            push("group", g.as_str().into());
        }
        if self.page > 1 {
            push("page", self.page.to_string());
        }
        out
    }

    /// This filter with `preset` switched on or off, back on page 1.
    pub fn toggled(&self, preset: Preset) -> LeadFilter {
        let mut f = self.clone();
        f.explicit = true;
        f.page = 1;
        if f.has(preset) {
            f.presets.retain(|p| *p != preset);
        } else {
            f.presets.push(preset);
        }
        f
    }

    /// Sorted by `key`; clicking the current column flips the direction.
    pub fn sorted(&self, key: SortKey) -> LeadFilter {
        let mut f = self.clone();
        f.desc = if f.sort == key {
            !f.desc
        } else {
            key == SortKey::Created
        };
        f.sort = key;
        f.page = 1;
        f
    }

    pub fn on_page(&self, page: i64) -> LeadFilter {
        LeadFilter {
            page,
            ..self.clone()
        }
    }

    pub fn grouped(&self, group: Option<GroupBy>) -> LeadFilter {
        LeadFilter {
            group,
            page: 1,
            ..self.clone()
        }
    }

    /// The records of one group: its value as a filter, ungrouped.
    pub fn in_group(&self, key: i32) -> LeadFilter {
        let mut f = self.grouped(None);
        match self.group {
            Some(GroupBy::Stage) => f.stage = Some(key),
            Some(GroupBy::Salesperson) => f.salesperson = Some(key),
            Some(GroupBy::Team) => f.team = Some(key),
            Some(GroupBy::LostReason) => {
                f.reason_op = ReasonOp::Eq;
                f.reasons = vec![key];
                f.no_reason = false;
            }
            None => {}
        }
        f
    }

    /// The SQL condition: visibility, kind, presets, ids, search. `won_stages` are the
    /// stages marked won (for the Won preset).
    /// The one record kind shown, when only one is.
    pub fn one_kind(&self) -> Option<Kind> {
        match (self.has(Preset::Leads), self.has(Preset::Opportunities)) {
            (true, false) => Some(Kind::Lead),
            (false, true) => Some(Kind::Opportunity),
            (true, true) => None,
            (false, false) => Some(self.base_kind),
        }
    }

    pub fn predicate(&self, actor: &Actor, won_stages: &[StageId]) -> Predicate {
        let mut p: Predicate = Box::new(leads::merged_into_id.is_null().and(visible_to(actor)));
        let mut kinds: Vec<&str> = Vec::new();
        if self.has(Preset::Leads) {
            kinds.push(Kind::Lead.as_str());
        }
        if self.has(Preset::Opportunities) {
            kinds.push(Kind::Opportunity.as_str());
        }
        if kinds.is_empty() {
            kinds.push(self.base_kind.as_str());
        }
        p = Box::new(p.and(leads::kind.eq_any(kinds)));
        if self.has(Preset::Lost) {
            p = Box::new(p.and(leads::active.eq(false)).and(leads::probability.eq(0)));
        } else if self.has(Preset::Archived) {
            p = Box::new(p.and(leads::active.eq(false)));
        } else if !self.by_reason() {
            p = Box::new(p.and(leads::active.eq(true)));
        }
        if self.has(Preset::Won) {
            let won = leads::stage_id
                .eq_any(won_stages.to_vec())
                .assume_not_null();
            p = Box::new(p.and(won).and(leads::active.eq(true)));
        }
        if self.has(Preset::Mine) {
            p = Box::new(p.and(leads::salesperson_id.eq(actor.id).assume_not_null()));
        }
        if self.has(Preset::Unassigned) {
            p = Box::new(p.and(leads::salesperson_id.is_null()));
        }
        if self.by_reason() {
            p = Box::new(p.and(self.reason_condition()));
        }
        p = self.closed_between(p);
        if let Some(id) = self.stage {
            p = Box::new(p.and(leads::stage_id.eq(id).assume_not_null()));
        }
        if let Some(id) = self.salesperson {
            p = Box::new(p.and(leads::salesperson_id.eq(id).assume_not_null()));
        }
        if let Some(id) = self.team {
            p = Box::new(p.and(leads::team_id.eq(id).assume_not_null()));
        }
        if !self.external_id.is_empty() {
            p = Box::new(
                p.and(
                    leads::external_id
                        .eq(self.external_id.clone())
                        .assume_not_null(),
                ),
            );
        }
        if !self.search.is_empty() {
            p = Box::new(p.and(crate::domain::listing::search::predicate(&self.search)));
        }
        p
    }
}
