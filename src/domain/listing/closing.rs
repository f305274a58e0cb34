//! The lost reasons report's drill-down: a list filtered by reason (an id or "none", the
//! records lost without one) and by closing day, counted exactly as the report counts.

use chrono::{NaiveDate, NaiveTime};
use diesel::prelude::*;

use super::{LeadFilter, Predicate, id_value};
use crate::db::schema::leads;
use crate::i18n::Msg;

impl LeadFilter {
    /// A `reason` (an id or `none`) or a closing day (`YYYY-MM-DD`) of the URL.
    pub(super) fn read_reason_or_day(&mut self, key: &str, value: &str, n: &mut Vec<Msg>) {
        if key == "reason" {
            if value == "none" {
                self.no_reason = true;
            } else if let Some(id) = id_value(value, "msg.label.lower_lost_reason", n) {
                self.reasons.push(id);
            }
            return;
        }
        let what = if key == "closed_from" {
            "msg.label.start_date"
        } else {
            "msg.label.end_date"
        };
        let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") else {
            n.push(
                Msg::new("msg.value.not_date")
                    .label("what", what)
                    .text("value", value),
            );
            return;
        };
        if key == "closed_from" {
            self.closed_from = Some(day);
        } else {
            self.closed_to = Some(day);
        }
    }

    /// Whether the URL picks records by lost reason (which also shows archived ones).
    pub fn by_reason(&self) -> bool {
        !self.reasons.is_empty() || self.no_reason
    }

    /// The chosen reasons, or none (`lost_reason_id IS NULL`), or either.
    pub(super) fn reason_condition(&self) -> Predicate {
        let ids = self.reasons.clone();
        match (self.reasons.is_empty(), self.no_reason) {
            (_, false) => Box::new(leads::lost_reason_id.eq_any(ids).assume_not_null()),
            (true, true) => Box::new(leads::lost_reason_id.is_null()),
            (false, true) => Box::new(
                leads::lost_reason_id
                    .eq_any(ids)
                    .or(leads::lost_reason_id.is_null())
                    .assume_not_null(),
            ),
        }
    }

    /// Closed on or after `closed_from` and on or before `closed_to`, as the report counts.
    pub(super) fn closed_between(&self, mut p: Predicate) -> Predicate {
        if let Some(from) = self.closed_from {
            let start = from.and_time(NaiveTime::MIN);
            p = Box::new(p.and(leads::closed_at.ge(start).assume_not_null()));
        }
        if let Some(end) = self.closed_to.and_then(|d| d.succ_opt()) {
            let end = end.and_time(NaiveTime::MIN);
            p = Box::new(p.and(leads::closed_at.lt(end).assume_not_null()));
        }
        p
    }
}
