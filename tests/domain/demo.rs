//! The demo data: every planted duplicate kind is there with the keys that make it findable,
//! the records cover every state, the filler's keys follow the domain's rules, and two loads
//! give the same records.

use leadbook::db::{DbPool, PooledConn};
use leadbook::demo::{self, DemoOptions, DemoReport, PlantedKind};
use leadbook::domain::DomainError;
use leadbook::domain::ids::{LeadId, PartnerId};
use leadbook::domain::models::chatter::{self, MessageKind};
use leadbook::domain::models::identities;
use leadbook::domain::models::leads::{self, Lead};
use leadbook::domain::models::{lost_reasons, partners, tags, users};
use leadbook::domain::similarity::normalise;
use tempfile::TempDir;

fn fresh_database() -> (TempDir, DbPool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.sqlite3");
    let pool = leadbook::db::connect(&path.to_string_lossy(), 2).expect("database");
    (dir, pool)
}

fn demo_with(leads: usize) -> (TempDir, PooledConn, DemoReport) {
    let (dir, pool) = fresh_database();
    let mut conn = pool.get().expect("connection");
    let report = demo::load(
        &mut conn,
        &DemoOptions {
            leads,
            ..DemoOptions::default()
        },
    )
    .expect("demo loads");
    (dir, conn, report)
}

fn planted(conn: &mut PooledConn, report: &DemoReport, kind: PlantedKind) -> Vec<Lead> {
    let group = report.group(kind).expect("planted group");
    group
        .leads
        .iter()
        .map(|id| leads::find(conn, *id).expect("planted lead"))
        .collect()
}

#[test]
fn every_planted_kind_is_reported_and_tagged() {
    let (_dir, mut conn, report) = demo_with(100);
    for kind in PlantedKind::ALL {
        let group = report
            .group(kind)
            .unwrap_or_else(|| panic!("{kind:?} missing"));
        let tagged = tags::lead_ids_with(&mut conn, &kind.tag()).unwrap();
        let mut expected = group.leads.clone();
        expected.sort();
        assert_eq!(tagged, expected, "{kind:?}");
        assert!(
            group.leads.len() + group.partners.len() >= 2,
            "{kind:?} is not a group"
        );
    }
}

#[test]
fn the_same_email_written_differently_has_one_email_norm() {
    let (_dir, mut conn, report) = demo_with(50);
    let robins = planted(&mut conn, &report, PlantedKind::SameEmail);
    assert_eq!(robins.len(), 2);
    assert_ne!(robins[0].email, robins[1].email, "typed differently");
    assert_eq!(
        robins[0].email_norm.as_deref(),
        Some("robin.banks@northwind-trading.com")
    );
    assert_eq!(robins[0].email_norm, robins[1].email_norm);
}

#[test]
fn the_same_phone_in_three_formats_has_one_e164() {
    let (_dir, mut conn, report) = demo_with(50);
    let calls = planted(&mut conn, &report, PlantedKind::SamePhone);
    let typed: Vec<_> = calls.iter().map(|l| l.phone.clone().unwrap()).collect();
    assert_eq!(
        typed,
        ["+39 333 1234567", "0039 3331234567", "333-123-4567"]
    );
    assert!(
        calls
            .iter()
            .all(|l| l.phone_e164.as_deref() == Some("+393331234567"))
    );
}

#[test]
fn a_colleague_at_the_same_domain_is_planted_as_a_non_duplicate() {
    let (_dir, mut conn, report) = demo_with(50);
    assert!(!PlantedKind::SameDomainOtherPerson.is_duplicate());
    let pair = planted(&mut conn, &report, PlantedKind::SameDomainOtherPerson);
    let domain = |l: &Lead| normalise::email_domain_key(l.email.as_deref().unwrap());
    assert_eq!(domain(&pair[0]), domain(&pair[1]));
    assert_ne!(pair[0].email_norm, pair[1].email_norm);
    assert_ne!(pair[0].contact_name_key, pair[1].contact_name_key);
}

#[test]
fn one_person_through_telegram_whatsapp_and_avito_shares_no_email_or_phone() {
    let (_dir, mut conn, report) = demo_with(50);
    let three = planted(&mut conn, &report, PlantedKind::CrossChannel);
    let channels: Vec<_> = three.iter().map(|l| l.source_channel.as_str()).collect();
    assert_eq!(channels, ["telegram", "whatsapp", "avito"]);
    assert!(
        three
            .iter()
            .all(|l| l.email_norm.is_none() && l.phone_e164.is_none())
    );
    let handles: Vec<(String, String)> = three
        .iter()
        .flat_map(|l| identities::for_lead(&mut conn, l.id).unwrap())
        .map(|i| (i.channel.to_string(), i.handle_norm))
        .collect();
    assert_eq!(
        handles,
        [
            ("telegram".to_string(), "dmitry_sokolov".to_string()),
            ("whatsapp".to_string(), "+79164821735".to_string()),
            ("avito".to_string(), "дмитрий соколов".to_string()),
        ]
    );
    assert!(
        three[0].contact_name.is_none(),
        "Telegram gives only a nickname"
    );
}

#[test]
fn the_lost_duplicate_is_inactive_with_probability_zero_a_reason_and_a_closing_note() {
    let (_dir, mut conn, report) = demo_with(50);
    let pair = planted(&mut conn, &report, PlantedKind::LostDuplicate);
    let (active, lost) = (&pair[0], &pair[1]);
    assert!(active.active && !active.is_lost());
    assert!(lost.is_lost());
    assert_eq!(lost.probability, 0);
    assert_eq!(active.email_norm, lost.email_norm);
    assert_eq!(active.phone_e164, lost.phone_e164);
    let reason = lost_reasons::find(&mut conn, lost.lost_reason_id.unwrap()).unwrap();
    assert_eq!(reason.name, "Chose a competitor");
    let history = chatter::for_lead(&mut conn, lost.id).unwrap();
    let note = history
        .iter()
        .find(|m| m.kind == MessageKind::Lost)
        .expect("lost message");
    assert!(note.body.contains("local supplier"));
    assert!(
        note.changes
            .iter()
            .any(|c| c.field == "probability" && c.new.as_deref() == Some("0"))
    );
}

#[test]
fn the_company_and_its_contact_person_carry_the_same_phone_and_email() {
    let (_dir, mut conn, report) = demo_with(50);
    let group = report.group(PlantedKind::CompanyContact).unwrap();
    let [company, person]: [PartnerId; 2] = group.partners.clone().try_into().unwrap();
    let company = partners::find(&mut conn, company).unwrap();
    let person = partners::find(&mut conn, person).unwrap();
    assert_eq!(
        (company.kind.as_str(), person.kind.as_str()),
        ("company", "person")
    );
    assert_eq!(person.company_id, Some(company.id));
    assert_ne!(company.phone, person.phone, "typed differently");
    assert_eq!(company.phone_e164.as_deref(), Some("+74957812240"));
    assert_eq!(company.phone_e164, person.phone_e164);
    assert_eq!(company.email_norm, person.email_norm);
}

#[test]
fn names_in_two_scripts_or_without_diacritics_share_a_name_key() {
    let (_dir, mut conn, report) = demo_with(50);
    for kind in [
        PlantedKind::CyrillicLatinName,
        PlantedKind::VietnameseDiacritics,
    ] {
        let pair = planted(&mut conn, &report, kind);
        assert_ne!(pair[0].contact_name, pair[1].contact_name, "{kind:?}");
        assert_eq!(
            pair[0].contact_name_key, pair[1].contact_name_key,
            "{kind:?}"
        );
        assert_eq!(pair[0].city, pair[1].city, "{kind:?}");
    }
}

#[test]
fn robin_and_robyn_in_the_same_city_differ_by_one_letter() {
    let (_dir, mut conn, report) = demo_with(50);
    let pair = planted(&mut conn, &report, PlantedKind::NameTypo);
    let keys: Vec<_> = pair
        .iter()
        .map(|l| l.contact_name_key.clone().unwrap())
        .collect();
    assert_eq!(keys, ["banks robin", "banks robyn"]);
    assert_eq!(pair[0].city, pair[1].city);
    assert_eq!(strsim::levenshtein(&keys[0], &keys[1]), 1);
}

#[test]
fn the_demo_has_records_in_every_state() {
    let (_dir, mut conn, report) = demo_with(400);
    assert_eq!(report.leads, 400);
    assert_eq!(report.users, 5);
    assert!(report.opportunities > 0 && report.opportunities < report.leads);
    assert!(report.lost > 0 && report.archived > 0 && report.unassigned > 0);
    assert!(report.partners >= 20);
    let tessuti = partners::search(&mut conn, "Tessuti Conti", 1).unwrap();
    let staff = partners::contacts_of(&mut conn, tessuti[0].id).unwrap();
    assert_eq!(
        staff[0].name, "Laura Ricci",
        "story people belong to their companies"
    );
    let all: Vec<Lead> = (1..=400)
        .map(|id| leads::find(&mut conn, LeadId(id)).unwrap())
        .collect();
    let stages = leadbook::domain::models::stages::list(&mut conn).unwrap();
    for stage in &stages {
        assert!(
            all.iter().any(|l| l.active && l.stage_id == Some(stage.id)),
            "no lead in {}",
            stage.name
        );
    }
    assert!(stages.iter().any(|s| s.folded && s.name == "On hold"));
    assert!(
        all.iter()
            .any(|l| l.is_lost() && l.lost_reason_id.is_none()),
        "lost without a reason"
    );
    assert!(
        all.iter()
            .any(|l| l.is_lost() && l.lost_reason_id.is_some()),
        "lost with a reason"
    );
    let scripts = ["Иван", "Nguyễn", "Giulia", "Robin"];
    for script in scripts {
        assert!(
            all.iter()
                .any(|l| l.contact_name.as_deref().unwrap_or("").contains(script)),
            "{script}"
        );
    }
}

#[test]
fn filler_rows_have_the_keys_the_domain_rules_compute() {
    let (_dir, mut conn, _report) = demo_with(600);
    let mut checked = 0;
    for id in 100..600 {
        let lead = leads::find(&mut conn, LeadId(id)).unwrap();
        let country = lead.country.clone().unwrap();
        if let Some(phone) = &lead.phone {
            assert_eq!(
                normalise::phone_e164(phone, &country),
                lead.phone_e164,
                "{phone} in {country}"
            );
            checked += 1;
        }
        assert_eq!(
            lead.contact_name.as_deref().and_then(normalise::name_key),
            lead.contact_name_key
        );
        assert_eq!(
            lead.company_name
                .as_deref()
                .and_then(normalise::company_key),
            lead.company_name_key
        );
        assert_eq!(
            lead.email.as_deref().and_then(normalise::email_norm),
            lead.email_norm
        );
    }
    assert!(checked > 300, "only {checked} phones checked");
}

#[test]
fn two_loads_give_the_same_titles() {
    let titles = |report_leads: usize| {
        let (_dir, mut conn, report) = demo_with(report_leads);
        (1..=report.leads as i32)
            .map(|id| leads::find(&mut conn, LeadId(id)).unwrap().title)
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(300), titles(300));
}

#[test]
fn loading_twice_is_refused_and_changes_nothing() {
    let (_dir, mut conn, report) = demo_with(60);
    let again = demo::load(
        &mut conn,
        &DemoOptions {
            leads: 60,
            ..DemoOptions::default()
        },
    );
    assert!(matches!(again, Err(DomainError::Conflict(_))));
    let count = users::count(&mut conn).unwrap();
    assert_eq!(count as usize, report.users);
}

#[test]
fn demo_users_sign_in_with_the_demo_password_and_none_is_an_admin() {
    let (_dir, mut conn, _report) = demo_with(30);
    let sofia = users::authenticate(&mut conn, "sofia", demo::DEMO_PASSWORD, "192.0.2.1").unwrap();
    assert_eq!(sofia.role, users::Role::Manager);
    let everyone = users::list(&mut conn).unwrap();
    assert_eq!(everyone.len(), demo::DEMO_LOGINS.len());
    assert!(everyone.iter().all(|u| u.role != users::Role::Admin));
}

/// One password for every demo user, but a salt of its own for each: equal passwords must not
/// show as equal hashes in the users table, and each user still signs in.
#[test]
fn demo_users_have_distinct_password_hashes_that_all_verify() {
    use diesel::prelude::*;
    use leadbook::db::schema::users as user_rows;
    let (_dir, mut conn, _report) = demo_with(30);
    let hashes: Vec<String> = user_rows::table
        .select(user_rows::password_hash)
        .load(&mut conn)
        .unwrap();
    assert_eq!(hashes.len(), demo::DEMO_LOGINS.len());
    let distinct: std::collections::BTreeSet<&String> = hashes.iter().collect();
    assert_eq!(
        distinct.len(),
        hashes.len(),
        "every demo user has a salt of its own"
    );
    for (login, ..) in demo::DEMO_LOGINS {
        users::authenticate(&mut conn, login, demo::DEMO_PASSWORD, "192.0.2.1")
            .unwrap_or_else(|e| panic!("{login} signs in: {e}"));
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn the_bulk_load_leaves_every_index_in_place() {
    use diesel::RunQueryDsl;
    let count = |conn: &mut PooledConn| {
        diesel::sql_query(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('leads', 'lead_tags')",
        )
        .get_result::<Count>(&mut **conn)
        .unwrap()
        .n
    };
    let (_dir, pool) = fresh_database();
    let mut empty = pool.get().unwrap();
    let before = count(&mut empty);
    let (_dir, mut conn, _report) = demo_with(200);
    assert_eq!(count(&mut conn), before);
    assert!(before >= 12);
}

// ---- `--duplicates`: corrupted copies of persons and the true pairs ----

fn demo_with_duplicates(leads: usize, duplicates: f64) -> (TempDir, PooledConn, DemoReport) {
    let (dir, pool) = fresh_database();
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
        .map(|id| leads::find(conn, id).unwrap().external_id.unwrap())
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
        .map(|l| (l.external_id.clone().expect("external id"), l))
        .collect();
    assert_eq!(by_external.len(), all.len(), "external ids are unique");
    assert_eq!(all[0].external_id.as_deref(), Some("D0000001"));
    assert_eq!(all[1_999].external_id.as_deref(), Some("D0002000"));

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
        assert_eq!(a.country, b.country, "one person, one country");
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
            .find(|l| l.external_id.as_deref() == Some(e))
            .unwrap()
    };
    let shown = |l: &Lead| {
        (
            l.contact_name.clone(),
            l.email.clone(),
            l.phone.clone(),
            l.mobile.clone(),
            l.street.clone(),
            l.city.clone(),
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
            let country = copy.country.clone().unwrap();
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
            if copy.street.is_some() && original.street.is_some() && copy.street != original.street
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
            .filter(|l| l.country.as_deref() == Some(country))
            .collect();
        let with =
            |f: fn(&Lead) -> bool| here.iter().filter(|l| f(l)).count() * 10 > here.len() * 7;
        assert!(with(|l| l.street.is_some()), "streets in {country}");
        assert!(with(|l| l.zip.is_some()), "postcodes in {country}");
        assert!(with(|l| l.city.is_some()), "cities in {country}");
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
    assert!(filler.iter().all(|l| l.external_id.is_some()));
}

#[test]
fn two_loads_with_duplicates_give_the_same_leads_and_truth() {
    let load = || {
        let (_dir, mut conn, report) = demo_with_duplicates(800, 0.3);
        let names: Vec<_> = all_leads(&mut conn, &report)
            .into_iter()
            .map(|l| (l.contact_name, l.email, l.phone, l.street))
            .collect();
        (names, report.truth)
    };
    assert_eq!(load(), load());
}

#[test]
fn a_duplicates_share_outside_zero_to_one_is_refused() {
    let (_dir, pool) = fresh_database();
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
