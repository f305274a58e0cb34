//! The demo's planted duplicates: their share, their truth file, their corruptions, and the
//! filler around them.

use super::demo_with;
use crate::support::fresh_sqlite;
use leadbook::db::PooledConn;
use leadbook::demo::{self, DemoOptions, DemoReport, PlantedKind};
use leadbook::domain::DomainError;
use leadbook::domain::ids::LeadId;
use leadbook::domain::models::leads::{self, Lead};
use leadbook::domain::models::users;
use leadbook::domain::similarity::normalise;
use tempfile::TempDir;

// ---- `--duplicates`: corrupted copies of persons and the true pairs ----

fn demo_with_duplicates(leads: usize, duplicates: f64) -> (TempDir, PooledConn, DemoReport) {
    let (dir, pool) = fresh_sqlite();
    let mut conn = pool.get().expect("connection");
    let report = demo::load(&mut conn, &DemoOptions { leads, duplicates }).expect("demo loads");
    (dir, conn, report)
}

fn all_leads(conn: &mut PooledConn, report: &DemoReport) -> Vec<Lead> {
    (1..=report.leads as i32)
        .map(|id| leads::find(conn, LeadId(id)).unwrap())
        .collect()
}

/// The truth groups of the copies (not of the hand-planted duplicates).
fn copy_groups(conn: &mut PooledConn, report: &DemoReport) -> Vec<Vec<String>> {
    let planted: Vec<String> = report
        .planted
        .iter()
        .flat_map(|g| g.leads.clone())
        .map(|id| leads::find(conn, id).unwrap().details.external_id.unwrap())
        .collect();
    report
        .truth
        .iter()
        .filter(|g| !g.iter().any(|e| planted.contains(e)))
        .cloned()
        .collect()
}

#[test]
fn a_duplicates_share_gives_about_that_share_of_persons_one_to_four_copies() {
    let (_dir, mut conn, report) = demo_with_duplicates(2_000, 0.2);
    assert_eq!(report.leads, 2_000, "copies count toward --leads");
    let groups = copy_groups(&mut conn, &report);
    let copies: usize = groups.iter().map(|g| g.len() - 1).sum();
    let filler = 2_000 - demo_with(0).2.leads;
    let persons = filler - copies;
    let share = groups.len() as f64 / persons as f64;
    assert!(
        (0.16..0.24).contains(&share),
        "{} of {persons} persons have copies",
        groups.len()
    );
    assert!(groups.iter().all(|g| (2..=5).contains(&g.len())));
    assert!(
        groups.iter().any(|g| g.len() == 5),
        "someone has four copies"
    );
}

#[test]
fn every_lead_has_its_own_external_id_and_the_truth_lists_every_pair_of_one_person_once() {
    let (_dir, mut conn, report) = demo_with_duplicates(2_000, 0.2);
    let all = all_leads(&mut conn, &report);
    let by_external: std::collections::HashMap<String, &Lead> = all
        .iter()
        .map(|l| (l.details.external_id.clone().expect("external id"), l))
        .collect();
    assert_eq!(by_external.len(), all.len(), "external ids are unique");
    assert_eq!(all[0].details.external_id.as_deref(), Some("D0000001"));
    assert_eq!(all[1_999].details.external_id.as_deref(), Some("D0002000"));

    let mut csv = Vec::new();
    let written = report.write_truth(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("external_id_a,external_id_b"));
    let pairs: std::collections::HashSet<(String, String)> = lines
        .map(|l| {
            let (a, b) = l.split_once(',').unwrap();
            (a.to_string(), b.to_string())
        })
        .collect();
    assert_eq!(pairs.len(), written, "no pair twice");
    let expected: usize = report
        .truth
        .iter()
        .map(|g| g.len() * (g.len() - 1) / 2)
        .sum();
    assert_eq!(written, expected);
    for (a, b) in &pairs {
        assert!(
            !pairs.contains(&(b.clone(), a.clone())),
            "both orders of {a},{b}"
        );
        let (a, b) = (by_external[a], by_external[b]);
        assert_eq!(
            a.address.country, b.address.country,
            "one person, one country"
        );
    }
    let external = |id: LeadId| {
        by_external
            .iter()
            .find(|(_, l)| l.id == id)
            .unwrap()
            .0
            .clone()
    };
    let pair = |kind: PlantedKind| -> (String, String) {
        let g = report.group(kind).unwrap();
        (external(g.leads[0]), external(g.leads[1]))
    };
    // The hand-planted duplicates are in the truth, the colleague at one domain is not.
    let robin = pair(PlantedKind::SameEmail);
    let robyn = pair(PlantedKind::NameTypo);
    assert!(pairs.contains(&robin));
    assert!(
        pairs.contains(&(robin.1.clone(), robyn.1.clone())),
        "Robin's copy and Robyn"
    );
    assert!(pairs.contains(&pair(PlantedKind::CrossChannel)));
    assert!(!pairs.contains(&pair(PlantedKind::SameDomainOtherPerson)));
}

#[test]
fn copies_are_corrupted_but_keyed_by_the_domain_rules() {
    let (_dir, mut conn, report) = demo_with_duplicates(2_000, 0.2);
    let groups = copy_groups(&mut conn, &report);
    let all = all_leads(&mut conn, &report);
    let find = |e: &str| {
        all.iter()
            .find(|l| l.details.external_id.as_deref() == Some(e))
            .unwrap()
    };
    let shown = |l: &Lead| {
        (
            l.contact_name.clone(),
            l.email.clone(),
            l.phone.clone(),
            l.mobile.clone(),
            l.address.street.clone(),
            l.address.city.clone(),
        )
    };
    let (mut copies, mut unlinked, mut renamed, mut abbreviated) = (0, 0, 0, 0);
    for group in &groups {
        let original = find(&group[0]);
        for e in &group[1..] {
            let copy = find(e);
            copies += 1;
            assert_ne!(shown(copy), shown(original), "{e} is an exact copy");
            assert_eq!(
                copy.contact_name.as_deref().and_then(normalise::name_key),
                copy.contact_name_key
            );
            assert_eq!(
                copy.email.as_deref().and_then(normalise::email_norm),
                copy.email_norm
            );
            let country = copy.address.country.clone().unwrap();
            for (typed, e164) in [
                (&copy.phone, &copy.phone_e164),
                (&copy.mobile, &copy.mobile_e164),
            ] {
                if let Some(typed) = typed {
                    assert_eq!(&normalise::phone_e164(typed, &country), e164, "{typed}");
                }
            }
            let shares = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
            if !shares(&copy.email_norm, &original.email_norm)
                && !shares(&copy.phone_e164, &original.phone_e164)
                && !shares(&copy.mobile_e164, &original.mobile_e164)
                && !shares(&copy.phone_e164, &original.mobile_e164)
            {
                unlinked += 1;
            }
            if copy.contact_name_key.is_some() && copy.contact_name_key != original.contact_name_key
            {
                renamed += 1;
            }
            if copy.address.street.is_some()
                && original.address.street.is_some()
                && copy.address.street != original.address.street
            {
                abbreviated += 1;
            }
        }
    }
    assert!(copies > 200, "{copies} copies");
    assert!(
        unlinked * 5 > copies,
        "{unlinked} of {copies} share no email or phone"
    );
    assert!(
        renamed * 10 > copies,
        "{renamed} of {copies} have another name key"
    );
    assert!(
        abbreviated > 10,
        "{abbreviated} streets written differently"
    );
}

#[test]
fn the_filler_has_addresses_everywhere_common_names_and_colleagues_sharing_a_switchboard() {
    let (_dir, mut conn, report) = demo_with(2_000);
    assert!(
        report.truth.iter().all(|g| g.len() <= 3),
        "only the planted groups"
    );
    let all = all_leads(&mut conn, &report);
    let filler = &all[100..];
    for country in ["IT", "RU", "VN", "US", "GB"] {
        let here: Vec<&Lead> = filler
            .iter()
            .filter(|l| l.address.country.as_deref() == Some(country))
            .collect();
        let with =
            |f: fn(&Lead) -> bool| here.iter().filter(|l| f(l)).count() * 10 > here.len() * 7;
        assert!(with(|l| l.address.street.is_some()), "streets in {country}");
        assert!(with(|l| l.address.zip.is_some()), "postcodes in {country}");
        assert!(with(|l| l.address.city.is_some()), "cities in {country}");
    }
    // Different persons (no copies here) with one full name.
    let mut names: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in filler {
        *names
            .entry(l.contact_name_key.as_deref().unwrap())
            .or_default() += 1;
    }
    assert!(names.values().any(|n| *n >= 5), "a common name repeats");
    assert!(
        names.values().filter(|n| **n == 1).count() * 2 > names.len(),
        "most are rare"
    );
    // Colleagues: one company, one switchboard, one email domain; different people.
    let mut by_company: std::collections::HashMap<&str, Vec<&Lead>> =
        std::collections::HashMap::new();
    for l in filler.iter().filter(|l| l.company_name.is_some()) {
        by_company
            .entry(l.company_name.as_deref().unwrap())
            .or_default()
            .push(l);
    }
    let shared = by_company.values().any(|staff| {
        let phones: std::collections::HashSet<_> =
            staff.iter().filter_map(|l| l.phone_e164.clone()).collect();
        let names: std::collections::HashSet<_> = staff
            .iter()
            .filter_map(|l| l.contact_name_key.clone())
            .collect();
        let domains: std::collections::HashSet<_> = staff
            .iter()
            .filter_map(|l| {
                l.email_norm
                    .as_deref()
                    .and_then(normalise::email_domain_key)
            })
            .collect();
        staff.len() >= 3 && phones.len() == 1 && names.len() >= 3 && domains.len() == 1
            || staff.iter().filter(|l| l.phone_e164.is_some()).count() >= 3
                && phones.len() < staff.iter().filter(|l| l.phone_e164.is_some()).count()
    });
    assert!(shared, "colleagues share the switchboard");
    assert!(filler.iter().all(|l| l.details.external_id.is_some()));
}

#[test]
fn two_loads_with_duplicates_give_the_same_leads_and_truth() {
    let load = || {
        let (_dir, mut conn, report) = demo_with_duplicates(800, 0.3);
        let names: Vec<_> = all_leads(&mut conn, &report)
            .into_iter()
            .map(|l| (l.contact_name, l.email, l.phone, l.address.street))
            .collect();
        (names, report.truth)
    };
    assert_eq!(load(), load());
}

#[test]
fn a_duplicates_share_outside_zero_to_one_is_refused() {
    let (_dir, pool) = fresh_sqlite();
    let mut conn = pool.get().unwrap();
    let refused = demo::load(
        &mut conn,
        &DemoOptions {
            leads: 50,
            duplicates: 1.5,
        },
    );
    assert!(matches!(refused, Err(DomainError::Invalid(_))));
    assert_eq!(users::count(&mut conn).unwrap(), 0, "nothing written");
}
