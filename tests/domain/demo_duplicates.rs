//! The duplicate finder against the demo data: every planted duplicate group is found, and
//! the planted non-duplicate is never proposed as a duplicate.

use leadbook::demo::{self, DemoOptions, PlantedKind};
use leadbook::domain::access::Actor;
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::similarity::{self, conflicts};

fn admin(conn: &mut leadbook::db::DbConn) -> Actor {
    let input = UserInput {
        login: "root".into(),
        name: "Root".into(),
        role: "admin".into(),
        password: crate::support::PASSWORD.into(),
        password_confirm: crate::support::PASSWORD.into(),
        ..UserInput::default()
    };
    let user = users::create(conn, &Actor::operator(), &input).unwrap();
    Actor::new(&user, vec![])
}

#[test]
fn every_planted_duplicate_group_is_found_and_the_planted_non_duplicate_is_not() {
    let (pool, _guard) = crate::support::fresh_pool();
    let mut conn = pool.get().unwrap();
    let report = demo::load(
        &mut conn,
        &DemoOptions {
            leads: 600,
            ..DemoOptions::default()
        },
    )
    .unwrap();
    let actor = admin(&mut conn);
    for group in &report.planted {
        if group.leads.len() < 2 {
            continue;
        }
        if group.kind == PlantedKind::CrossChannel {
            // Nothing is shared by all three; they must form one cluster through their links.
            let mut reached = vec![group.leads[0]];
            let mut i = 0;
            while i < reached.len() {
                let found = similarity::similar_to(&mut conn, &actor, reached[i]).unwrap();
                for m in found
                    .iter()
                    .filter(|m| m.is_duplicate() && !m.record.is_customer)
                {
                    let id = leadbook::domain::ids::LeadId(m.record.id);
                    if group.leads.contains(&id) && !reached.contains(&id) {
                        reached.push(id);
                    }
                }
                i += 1;
            }
            assert_eq!(
                reached.len(),
                group.leads.len(),
                "the cross-channel trio is one cluster: {reached:?}"
            );
            continue;
        }
        for &lead in &group.leads {
            let found = similarity::similar_to(&mut conn, &actor, lead).unwrap();
            for &other in group.leads.iter().filter(|o| **o != lead) {
                let hit = found
                    .iter()
                    .find(|m| !m.record.is_customer && m.record.id == other.0);
                if group.kind.is_duplicate() {
                    let hit = hit.unwrap_or_else(|| {
                        panic!("{:?}: #{lead} does not find #{other}", group.kind)
                    });
                    assert!(
                        hit.is_duplicate(),
                        "{:?}: #{lead} ~ #{other} scored {} only",
                        group.kind,
                        hit.score
                    );
                    assert!(
                        !hit.reasons.is_empty(),
                        "{:?}: a match says why",
                        group.kind
                    );
                } else if let Some(hit) = hit {
                    assert!(
                        !hit.is_duplicate(),
                        "{:?}: #{lead} and #{other} are different people: {}",
                        group.kind,
                        hit.reason_text()
                    );
                }
            }
        }
    }
    let planted_kinds: Vec<PlantedKind> = report.planted.iter().map(|g| g.kind).collect();
    assert!(planted_kinds.contains(&PlantedKind::SameDomainOtherPerson));
    assert!(planted_kinds.contains(&PlantedKind::CrossChannel));
}

#[test]
fn the_planted_company_and_its_contact_with_the_same_phone_and_email_are_flagged() {
    let (pool, _guard) = crate::support::fresh_pool();
    let mut conn = pool.get().unwrap();
    let report = demo::load(
        &mut conn,
        &DemoOptions {
            leads: 300,
            ..DemoOptions::default()
        },
    )
    .unwrap();
    let actor = admin(&mut conn);
    let group = report
        .group(PlantedKind::CompanyContact)
        .expect("planted company/contact");
    let flagged = conflicts::company_contact_conflicts(&mut conn, &actor).unwrap();
    let ours: Vec<_> = flagged
        .iter()
        .filter(|c| {
            group.partners.iter().any(|p| p.0 == c.company.id)
                && group.partners.iter().any(|p| p.0 == c.person.id)
        })
        .collect();
    assert!(!ours.is_empty(), "the company and its contact are flagged");
    assert!(
        ours.iter().any(|c| c.what == "email"),
        "the shared email is named"
    );
}
