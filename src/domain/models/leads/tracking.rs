//! Which fields an edit changed, as chatter changes (old → new).

use super::Lead;
use crate::domain::models::chatter;

/// The user-visible fields that differ, as chatter changes.
pub fn tracked_changes(before: &Lead, after: &Lead) -> Vec<chatter::Change> {
    fn text<T: ToString>(v: &Option<T>) -> Option<String> {
        v.as_ref().map(ToString::to_string)
    }
    let pairs: Vec<(&'static str, Option<String>, Option<String>)> = vec![
        (
            "title",
            Some(before.title.clone()),
            Some(after.title.clone()),
        ),
        (
            "contact_name",
            text(&before.contact_name),
            text(&after.contact_name),
        ),
        (
            "company_name",
            text(&before.company_name),
            text(&after.company_name),
        ),
        ("email", text(&before.email), text(&after.email)),
        ("phone", text(&before.phone), text(&after.phone)),
        ("mobile", text(&before.mobile), text(&after.mobile)),
        ("street", text(&before.street), text(&after.street)),
        ("street2", text(&before.street2), text(&after.street2)),
        ("city", text(&before.city), text(&after.city)),
        ("zip", text(&before.zip), text(&after.zip)),
        ("state", text(&before.state), text(&after.state)),
        ("country", text(&before.country), text(&after.country)),
        ("website", text(&before.website), text(&after.website)),
        (
            "description",
            text(&before.description),
            text(&after.description),
        ),
        (
            "expected_revenue",
            Some(before.expected_revenue.to_string()),
            Some(after.expected_revenue.to_string()),
        ),
        (
            "probability",
            Some(before.probability.to_string()),
            Some(after.probability.to_string()),
        ),
        (
            "priority",
            Some(before.priority.to_string()),
            Some(after.priority.to_string()),
        ),
        ("stage_id", text(&before.stage_id), text(&after.stage_id)),
        (
            "salesperson_id",
            text(&before.salesperson_id),
            text(&after.salesperson_id),
        ),
        ("team_id", text(&before.team_id), text(&after.team_id)),
        (
            "partner_id",
            text(&before.partner_id),
            text(&after.partner_id),
        ),
        (
            "source_channel",
            Some(before.source_channel.to_string()),
            Some(after.source_channel.to_string()),
        ),
        (
            "external_id",
            text(&before.external_id),
            text(&after.external_id),
        ),
        (
            "active",
            Some(before.active.to_string()),
            Some(after.active.to_string()),
        ),
        (
            "lost_reason_id",
            text(&before.lost_reason_id),
            text(&after.lost_reason_id),
        ),
        (
            "kind",
            Some(before.kind.to_string()),
            Some(after.kind.to_string()),
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| chatter::Change {
            field: field.into(),
            old,
            new,
        })
        .collect()
}
