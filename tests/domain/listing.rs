//! The shared list/kanban filter: parsed from the URL, back to the URL, fallbacks.

use leadbook::domain::access::Actor;
use leadbook::domain::ids::{TeamId, UserId};
use leadbook::domain::listing::{LeadFilter, Preset, SortKey};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::users::Role;

fn actor(role: Role) -> Actor {
    Actor {
        id: UserId(3),
        role,
        teams: vec![TeamId(1)],
    }
}

fn pairs(q: &str) -> Vec<(String, String)> {
    serde_html_form::from_str(q).unwrap()
}

#[test]
fn salespeople_start_on_my_pipeline_managers_on_everything() {
    let sales = LeadFilter::parse(&[], Kind::Opportunity, &actor(Role::Salesperson), true);
    assert_eq!(sales.presets, [Preset::Mine]);
    let manager = LeadFilter::parse(&[], Kind::Opportunity, &actor(Role::Manager), true);
    assert!(manager.presets.is_empty());
    let all = LeadFilter::parse(
        &pairs("filter=all"),
        Kind::Opportunity,
        &actor(Role::Salesperson),
        true,
    );
    assert!(all.presets.is_empty());
}

#[test]
fn a_filter_survives_the_round_trip_through_its_url() {
    let q =
        "filter=lost&reason_op=in&reason=2&reason=5&q=anna&sort=revenue&dir=asc&group=team&page=3";
    let f = LeadFilter::parse(&pairs(q), Kind::Lead, &actor(Role::Admin), true);
    let again = LeadFilter::parse(&f.pairs(), Kind::Lead, &actor(Role::Admin), true);
    assert_eq!(f, again);
    assert_eq!(f.reasons, [2, 5]);
    assert_eq!(f.page, 3);
    assert!(f.notices.is_empty());
}

#[test]
fn unknown_values_fall_back_with_a_notice() {
    let q = "filter=nope&sort=size&dir=sideways&page=-1&group=color&reason=abc&reason_op=like";
    let f = LeadFilter::parse(&pairs(q), Kind::Opportunity, &actor(Role::Admin), false);
    assert_eq!(f.notices.len(), 7);
    assert_eq!(
        (f.sort, f.desc, f.page, f.group),
        (SortKey::Created, true, 1, None)
    );
    let eq = LeadFilter::parse(
        &pairs("reason_op=eq&reason=1&reason=2"),
        Kind::Lead,
        &actor(Role::Admin),
        true,
    );
    assert_eq!(eq.reasons, [1]);
    let leads_off = LeadFilter::parse(
        &pairs("filter=leads"),
        Kind::Opportunity,
        &actor(Role::Admin),
        false,
    );
    assert!(leads_off.presets.is_empty());
    assert_eq!(leads_off.notices.len(), 1);
}

#[test]
fn sorting_the_same_column_twice_flips_it() {
    let f = LeadFilter::new(Kind::Opportunity).sorted(SortKey::Title);
    assert!(!f.desc);
    assert!(f.sorted(SortKey::Title).desc);
}
