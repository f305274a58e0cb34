//! The chatter as its reader sees it: a system message's event in the reader's language,
//! each tracked change with its field's label and values as a person reads them (names for
//! ids, Active/Archived for a record's state, the currency for money, dates as the language
//! writes them), and times relative to now with the exact time as a tooltip.

use crate::domain::models::chatter::{Change, ChatterEntry};
use crate::i18n::{Arg, Msg};
use crate::web::page::Ctx;

/// One message ready for `partials/chatter_message.html`.
pub struct ChatterLine {
    pub author: Option<String>,
    /// ISO 8601 (UTC), for `<time datetime>`.
    pub iso: String,
    /// The date and time as the language writes them, as the tooltip.
    pub exact: String,
    /// "3 days ago", "3 giorni fa".
    pub ago: String,
    /// The event's text (`None`: a note, or an old message with only a body).
    pub text: Option<String>,
    pub body: String,
    /// What an event lists: records (headings) and their fields.
    pub facts: Vec<Fact>,
    /// (label, old, new).
    pub changes: Vec<(String, String, String)>,
}

/// A line of an event's listing: a heading (a merged record) or a field and its value.
pub struct Fact {
    pub heading: bool,
    pub label: String,
    pub value: String,
}

/// Fields whose stored value is the id of another row.
const REFERENCES: &[&str] = &[
    "stage_id",
    "salesperson_id",
    "user_id",
    "team_id",
    "partner_id",
    "company_id",
    "lost_reason_id",
];

/// The message as `ctx`'s reader sees it.
pub fn line(ctx: &Ctx, m: &ChatterEntry) -> ChatterLine {
    ChatterLine {
        author: m.author.clone(),
        iso: m.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        exact: ctx.date_time(&m.at),
        ago: ctx.ago(&m.at),
        text: m.event.as_ref().map(|e| ctx.msg(e)),
        body: m.body.clone(),
        facts: m.event.as_ref().map(|e| facts(ctx, e)).unwrap_or_default(),
        changes: m.changes.iter().map(|c| change(ctx, c)).collect(),
    }
}

/// The label of a tracked field.
pub fn label(ctx: &Ctx, field: &str) -> String {
    ctx.t(&format!("track.{field}"))
}

fn change(ctx: &Ctx, c: &Change) -> (String, String, String) {
    (
        label(ctx, &c.field),
        shown(ctx, &c.field, c.old.as_deref(), c.old_name.as_deref()),
        shown(ctx, &c.field, c.new.as_deref(), c.new_name.as_deref()),
    )
}

/// An event's `part` (with its `role`) and `fact:<field>` arguments, in order.
fn facts(ctx: &Ctx, event: &Msg) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut args = event.args.iter().peekable();
    while let Some((name, arg)) = args.next() {
        let Arg::Text(value) = arg else { continue };
        if name == "part" {
            let role = match args.peek() {
                Some((n, Arg::Label(key))) if n == "role" => ctx.t(key),
                _ => String::new(),
            };
            let part = Msg::new("event.merge.part")
                .text("record", value.clone())
                .text("role", role);
            out.push(Fact {
                heading: true,
                label: String::new(),
                value: ctx.msg(&part),
            });
        } else if let Some(field) = name.strip_prefix("fact:") {
            // A listed reference holds the name it had (or its id when it had none).
            let name = REFERENCES.contains(&field).then_some(value.as_str());
            out.push(Fact {
                heading: false,
                label: label(ctx, field),
                value: shown(ctx, field, Some(value), name),
            });
        }
    }
    out
}

/// A stored value as a person reads it; `name` is a reference's name.
pub fn shown(ctx: &Ctx, field: &str, raw: Option<&str>, name: Option<&str>) -> String {
    let Some(raw) = raw else {
        return "—".into();
    };
    if REFERENCES.contains(&field) {
        return match (name, raw.trim_start_matches('#').parse::<i64>()) {
            (Some(name), _) if name.parse::<i64>().is_err() => name.to_string(),
            (_, Ok(id)) => format!("#{id}"),
            // A name stored by older versions.
            _ => raw.to_string(),
        };
    }
    let key = match (field, raw) {
        ("active", "true") => "event.value.active",
        ("active", "false") => "event.value.archived",
        (_, "true") => "event.value.yes",
        (_, "false") => "event.value.no",
        ("kind", "lead") => "lead.kind_lead",
        ("kind", "opportunity") => "lead.kind_opportunity",
        ("kind", "person") => "customers.person",
        ("kind", "company") => "customers.company",
        ("priority", p) => return priority(ctx, p),
        ("source_channel", code) => return ctx.t(&format!("channel.{code}")),
        _ => return plain(ctx, field, raw),
    };
    ctx.t(key)
}

fn priority(ctx: &Ctx, raw: &str) -> String {
    match raw {
        "0" | "1" | "2" | "3" => ctx.t(&format!("event.priority.p{raw}")),
        _ => raw.to_string(),
    }
}

/// Money, percentages and dates; anything else as stored.
fn plain(ctx: &Ctx, field: &str, raw: &str) -> String {
    match field {
        "expected_revenue" => {
            if let Ok(cents) = raw.parse::<i64>() {
                return ctx.money(&cents);
            }
        }
        "probability" => {
            if let Ok(n) = raw.parse::<i64>() {
                return Msg::new("event.value.percent")
                    .text("value", ctx.number(&n))
                    .render(&ctx.locale);
            }
        }
        _ => {}
    }
    if let Ok(day) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return ctx.date(&day);
    }
    if let Ok(at) = chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S") {
        return ctx.date_time(&at);
    }
    raw.to_string()
}
