//! The search and filter bar shared by the list view and the kanban: it turns the current
//! [`LeadFilter`] into links (toggle a filter, sort, page, group, switch view), so every
//! state lives in the URL.

use actix_web::HttpRequest;

use crate::domain::ids::LostReasonId;
use crate::domain::listing::{GroupBy, LeadFilter, Preset, SortKey};
use crate::domain::models::lost_reasons::LostReason;
use crate::web::urlencode;

/// The query pairs of a request (a malformed query string gives none).
pub fn query_pairs(req: &HttpRequest) -> Vec<(String, String)> {
    serde_html_form::from_str(req.query_string()).unwrap_or_default()
}

/// `path?k=v&…`, percent-encoded.
pub fn href(path: &str, pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return path.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// What the filter bar needs.
pub struct FilterBar {
    /// "/leads", "/opportunities" or "/pipeline".
    pub path: &'static str,
    pub filter: LeadFilter,
    pub leads_enabled: bool,
    pub reasons: Vec<LostReason>,
    /// Whether the page lists opportunities (shows the kanban | list switch).
    pub switchable: bool,
}

impl FilterBar {
    /// This page with `filter`.
    pub fn link(&self, filter: &LeadFilter) -> String {
        href(self.path, &filter.pairs())
    }
    /// The current page (canonical URL).
    pub fn current(&self) -> String {
        self.link(&self.filter)
    }
    /// The current query pairs, url-encoded (for hidden `query` fields).
    pub fn query(&self) -> String {
        href("", &self.filter.pairs())
            .trim_start_matches('?')
            .to_string()
    }
    /// Pairs for hidden inputs of a GET form, leaving out `skip` keys.
    pub fn hidden_except(&self, skip: &[&str]) -> Vec<(String, String)> {
        self.filter
            .pairs()
            .into_iter()
            .filter(|(k, _)| k != "page" && !skip.contains(&k.as_str()))
            .collect()
    }
    pub fn presets(&self) -> Vec<Preset> {
        Preset::ALL
            .iter()
            .copied()
            .filter(|p| self.leads_enabled || !matches!(p, Preset::Leads | Preset::Opportunities))
            .collect()
    }
    pub fn is_on(&self, preset: &Preset) -> bool {
        self.filter.has(*preset)
    }
    pub fn toggle(&self, preset: &Preset) -> String {
        self.link(&self.filter.toggled(*preset))
    }
    pub fn groups(&self) -> &'static [GroupBy] {
        GroupBy::ALL
    }
    pub fn is_group(&self, group: &GroupBy) -> bool {
        self.filter.group == Some(*group)
    }
    pub fn group_link(&self, group: &GroupBy) -> String {
        let next = if self.is_group(group) {
            None
        } else {
            Some(*group)
        };
        self.link(&self.filter.grouped(next))
    }
    pub fn in_group(&self, key: &Option<i32>) -> Option<String> {
        key.map(|k| self.link(&self.filter.in_group(k)))
    }
    pub fn sort_link(&self, key: &str) -> String {
        match SortKey::parse(key).ok() {
            Some(k) => self.link(&self.filter.sorted(k)),
            None => self.current(),
        }
    }
    /// "▲"/"▼" on the sorted column.
    pub fn sort_mark(&self, key: &str) -> &'static str {
        match SortKey::parse(key).ok() {
            Some(k) if k == self.filter.sort => {
                if self.filter.desc {
                    " ▼"
                } else {
                    " ▲"
                }
            }
            _ => "",
        }
    }
    pub fn page_link(&self, page: i64) -> String {
        self.link(&self.filter.on_page(page))
    }
    pub fn reason_chosen(&self, id: &LostReasonId) -> bool {
        self.filter.reasons.contains(&id.0)
    }
    pub fn reason_op(&self) -> &'static str {
        self.filter.reason_op.as_str()
    }
    /// The same filters on the kanban or the list.
    pub fn kanban_link(&self) -> String {
        href("/pipeline", &self.filter.grouped(None).on_page(1).pairs())
    }
    pub fn list_link(&self) -> String {
        href("/opportunities", &self.filter.pairs())
    }
    pub fn has_reason_filter(&self) -> bool {
        self.filter.by_reason()
    }
    /// Whether the list is cut to a closing period (from the lost reasons report).
    pub fn has_period(&self) -> bool {
        self.filter.closed_from.is_some() || self.filter.closed_to.is_some()
    }
    pub fn no_reason_chosen(&self) -> bool {
        self.filter.no_reason
    }
    /// This list without the closing period.
    pub fn without_period(&self) -> String {
        let mut f = self.filter.on_page(1);
        f.closed_from = None;
        f.closed_to = None;
        self.link(&f)
    }
}
