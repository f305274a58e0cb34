//! The merge wizard's comparison rows: every record's value of each field and the result,
//! as a person reads them (names for ids, labels for codes such as the source, the type and
//! the priority, as the chatter shows them).

use crate::db::DbConn;
use crate::domain::error::DomainResult;
use crate::domain::ids::{LeadId, PartnerId, StageId, TeamId, UserId};
use crate::domain::listing::query::Names;
use crate::domain::models::identities::IdentityChannel;
use crate::domain::models::leads::Lead;
use crate::domain::models::leads::fields::{self, MergeRule};
use crate::domain::models::partners;
use crate::domain::wizards::merge::Preview;
use crate::domain::wizards::merge::policy::Pick;
use crate::web::chatter;
use crate::web::ctx::Ctx;

/// One row of the side-by-side table: a field, each record's value, the result.
pub struct Row {
    pub label: String,
    pub values: Vec<String>,
    pub result: String,
    pub from: Option<LeadId>,
    pub differs: bool,
}

/// The names a row shows instead of ids: the listing's names and the records' customers.
pub struct Lookup {
    pub names: Names,
    pub customers: Vec<(PartnerId, String)>,
}

/// The value of a pick as a person reads it: ids become names, codes (source, type,
/// priority) become their labels, as in the chatter.
fn shown(ctx: &Ctx, field: &str, value: Option<String>, lookup: &Lookup) -> String {
    let Some(value) = value else {
        return "—".into();
    };
    let id = value.trim_start_matches('#').parse::<i32>().ok();
    let names = &lookup.names;
    let name = match (field, id) {
        ("stage_id", Some(id)) => names.stages.get(&StageId(id)),
        ("salesperson_id", Some(id)) => names.users.get(&UserId(id)),
        ("team_id", Some(id)) => names.teams.get(&TeamId(id)),
        ("partner_id", Some(id)) => lookup
            .customers
            .iter()
            .find(|c| c.0 == PartnerId(id))
            .map(|c| &c.1),
        _ => None,
    };
    match (name, field) {
        (Some(name), _) => name.clone(),
        (None, "priority") => priority(ctx, &value),
        (None, _) => chatter::shown(ctx, field, Some(&value), None),
    }
}

/// A priority as the record page draws it (stars) and the chatter names it.
fn priority(ctx: &Ctx, raw: &str) -> String {
    let n = raw.parse::<usize>().unwrap_or(0).min(3);
    let stars = format!("{}{}", "★".repeat(n), "☆".repeat(3 - n));
    format!(
        "{stars} {}",
        chatter::shown(ctx, "priority", Some(raw), None)
    )
}

/// The comparison rows, labelled and valued in the reader's language.
pub fn rows(preview: &Preview, lookup: &Lookup, ctx: &Ctx) -> Vec<Row> {
    let per_record = |field: &str| -> Vec<String> {
        let rule = fields::by_name(field).filter(|f| f.merge != MergeRule::Own);
        preview
            .records
            .iter()
            .map(|l| match (rule, field) {
                (_, "expected_revenue") => ctx.money(&l.expected_revenue),
                (Some(r), _) => shown(ctx, field, (r.shown)(l), lookup),
                (None, "description") => l.description.clone().unwrap_or_else(|| "—".into()),
                (None, "priority") => priority(ctx, &l.priority.to_string()),
                (None, "kind") => ctx.t(&format!("lead.kind_{}", l.kind.as_str())),
                (None, _) => ctx.t(state_of(l)),
            })
            .collect()
    };
    preview
        .picks
        .iter()
        .map(|p: &Pick| Row {
            label: label_of(ctx, p.field, p.label),
            values: per_record(p.field),
            result: match p.field {
                "expected_revenue" => ctx.money(&preview.result.expected_revenue),
                "kind" => ctx.t(&format!("lead.kind_{}", preview.result.kind.as_str())),
                "active" => ctx.t(state_of(&preview.result)),
                _ => shown(ctx, p.field, p.value.clone(), lookup),
            },
            from: p.from.filter(|_| p.value.is_some()),
            differs: p.differs,
        })
        .chain([
            union_row(ctx.t("track.tags"), &preview.tags),
            union_row(ctx.t("lead.messengers"), &handles(ctx, &preview.messengers)),
        ])
        .filter(|row| row.values.iter().any(|v| v != "—"))
        .collect()
}

/// Each record's messenger handles as `Telegram: @ivan`, the channel in the reader's
/// language (also the customer merge's).
pub fn handles(ctx: &Ctx, per_record: &[Vec<(IdentityChannel, String)>]) -> Vec<Vec<String>> {
    per_record
        .iter()
        .map(|ids| {
            ids.iter()
                .map(|(channel, handle)| {
                    format!(
                        "{}: {handle}",
                        ctx.t(&format!("channel.{}", channel.as_str()))
                    )
                })
                .collect()
        })
        .collect()
}

/// A row whose result is the union of every record's values.
fn union_row(label: String, per_record: &[Vec<String>]) -> Row {
    let mut all: Vec<String> = Vec::new();
    for v in per_record.iter().flatten() {
        if !all.contains(v) {
            all.push(v.clone());
        }
    }
    let show = |v: &[String]| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    Row {
        label,
        values: per_record.iter().map(|v| show(v)).collect(),
        result: show(&all),
        from: None,
        differs: per_record.windows(2).any(|w| w[0] != w[1]),
    }
}

/// The catalogue key of a record's state as the merge table shows it.
fn state_of(lead: &Lead) -> &'static str {
    if lead.is_lost() {
        "merge.state_lost"
    } else if lead.active {
        "merge.state_active"
    } else {
        "merge.state_archived"
    }
}

/// A field's label in the reader's language: the catalogue's name of the field (the merge
/// page's own for the fields it names differently), the domain's English label for a field
/// the catalogue does not name.
fn label_of(ctx: &Ctx, field: &str, english: &str) -> String {
    let key = match field {
        "kind" | "description" | "active" => format!("web.merge.{field}"),
        _ => format!("track.{field}"),
    };
    match ctx.t(&key) {
        text if text == key => english.to_string(),
        text => text,
    }
}

/// The names of the records' customers.
pub fn customers_of(conn: &mut DbConn, records: &[Lead]) -> DomainResult<Vec<(PartnerId, String)>> {
    let mut out: Vec<(PartnerId, String)> = Vec::new();
    for id in records.iter().filter_map(|l| l.partner_id) {
        if !out.iter().any(|known| known.0 == id) {
            out.push((id, partners::find(conn, id)?.name));
        }
    }
    Ok(out)
}
