//! `leadbook demo --lang`: the names the demo creates are the company language's, and the
//! company's language, currency and country follow it; the planted duplicates stay.

use crate::support::fresh_sqlite;
use leadbook::demo::{self, DemoOptions, PlantedKind};
use leadbook::domain::models::{leads, lost_reasons, settings, stages, teams, users};
use leadbook::i18n::Lang;

#[test]
fn a_russian_demo_names_its_stages_reasons_and_teams_in_russian_and_sets_the_company_russian() {
    let (_dir, pool) = fresh_sqlite();
    let mut conn = pool.get().expect("connection");
    let options = DemoOptions {
        leads: 60,
        ..DemoOptions::default()
    };
    let report = demo::load_in(&mut conn, &options, Lang::Ru).expect("demo loads");
    let ru = |key: &str| leadbook::tr("ru", &format!("defaults.{key}"));

    let names: Vec<String> = stages::list(&mut conn)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    let keys = ["new", "qualified", "proposition", "won", "on_hold"];
    let expected: Vec<String> = keys.iter().map(|k| ru(&format!("stage.{k}"))).collect();
    assert_eq!(names, expected);

    let reasons: Vec<String> = lost_reasons::list(&mut conn, false)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    for key in ["too_expensive", "no_budget", "chose_competitor"] {
        let name = ru(&format!("lost_reason.{key}"));
        assert!(reasons.contains(&name), "{name} in {reasons:?}");
    }
    let team_names: Vec<String> = teams::list(&mut conn)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert!(team_names.contains(&ru("team.europe")) && team_names.contains(&ru("team.asia")));
    assert!(
        users::list(&mut conn)
            .unwrap()
            .iter()
            .all(|u| u.language == "ru")
    );

    let company = settings::load(&mut conn).unwrap();
    assert_eq!(company.default_language, "ru");
    assert_eq!(company.currency, "RUB");
    assert_eq!(company.default_country, "RU");

    // The planted duplicates are there, the lost one with its (Russian) reason.
    for kind in PlantedKind::ALL {
        assert!(report.group(kind).is_some(), "{kind:?}");
    }
    let lost = report.group(PlantedKind::LostDuplicate).unwrap();
    let mut reason_names = Vec::new();
    for id in &lost.leads {
        if let Some(r) = leads::find(&mut conn, *id).unwrap().lost_reason_id {
            reason_names.push(lost_reasons::find(&mut conn, r).unwrap().name);
        }
    }
    assert_eq!(reason_names, [ru("lost_reason.chose_competitor")]);
}

#[test]
fn the_demo_languages_give_their_currency_and_country() {
    for (lang, currency, country) in [
        (Lang::It, "EUR", "IT"),
        (Lang::Vi, "VND", "VN"),
        (Lang::En, "EUR", "IT"),
    ] {
        let (_dir, pool) = fresh_sqlite();
        let mut conn = pool.get().expect("connection");
        let options = DemoOptions {
            leads: 0,
            ..DemoOptions::default()
        };
        demo::load_in(&mut conn, &options, lang).expect("demo loads");
        let company = settings::load(&mut conn).unwrap();
        assert_eq!(company.default_language, lang.code());
        assert_eq!(
            (company.currency.as_str(), company.default_country.as_str()),
            (currency, country)
        );
    }
}
