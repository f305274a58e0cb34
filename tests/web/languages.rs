//! Which language a page speaks: the browser's `Accept-Language` before sign-in and for a
//! user who never chose, the sign-in page's switch, the user's preference after sign-in, and
//! the company default when the browser asks for none of ours.

use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::domain::models::users;
use leadbook::tr;

use crate::support::{TestApp, actor};

fn html_lang(body: &str) -> &str {
    let start = body
        .find("<html lang=\"")
        .expect("an html element with lang")
        + 12;
    let end = body[start..].find('"').unwrap() + start;
    &body[start..end]
}

#[actix_web::test]
async fn a_visitor_reads_the_sign_in_page_in_the_browser_s_language() {
    let app = TestApp::spawn().await;
    for (header, lang) in [
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "ru"),
        ("it-IT,it;q=0.9", "it"),
        ("de-DE,vi;q=0.5", "vi"),
        ("en-GB", "en"),
    ] {
        let page = app.client().speaking(header).get("/login").await;
        assert_eq!(html_lang(&page.body), lang, "for {header}");
        assert!(
            page.body.contains(&tr(lang, "auth.sign_in_intro")),
            "the {lang} text for {header}"
        );
    }
    app.stop().await;
}

#[actix_web::test]
async fn a_browser_asking_for_none_of_ours_gets_the_company_default() {
    let app = TestApp::spawn().await;
    let page = app.client().speaking("de-DE,fr;q=0.8").get("/login").await;
    assert_eq!(html_lang(&page.body), "en");
    {
        let mut conn = app.conn();
        let admin = actor(&mut conn, app.world().admin);
        let input = SettingsInput {
            default_country: "IT".into(),
            default_language: "it".into(),
            ..Default::default()
        };
        settings::save(&mut conn, &admin, &input).unwrap();
    }
    let page = app.client().speaking("de-DE,fr;q=0.8").get("/login").await;
    assert_eq!(html_lang(&page.body), "it");
    assert!(page.body.contains(&tr("it", "auth.sign_in_intro")));
    app.stop().await;
}

#[actix_web::test]
async fn the_sign_in_switch_wins_over_the_browser_and_keeps_the_destination() {
    let app = TestApp::spawn().await;
    let client = app.client().speaking("ru-RU");
    let page = client.get("/login?next=/leads").await;
    assert!(
        page.body
            .contains("href=\"/login?lang=vi&#38;next=/leads\""),
        "the switch's links keep where the user was going"
    );
    let switched = client.get("/login?lang=vi&next=/leads").await;
    switched.assert_redirect("/login?next=/leads");
    let page = client.get("/login?next=/leads").await;
    assert_eq!(html_lang(&page.body), "vi");
    assert!(page.body.contains(&tr("vi", "auth.sign_in")));
    // An unknown language changes nothing.
    let page = client.get("/login?lang=xx").await;
    assert_eq!(html_lang(&page.body), "vi");
    app.stop().await;
}

#[actix_web::test]
async fn after_sign_in_the_user_s_preference_wins_over_the_browser() {
    let app = TestApp::spawn().await;
    let client = app.client().speaking("ru-RU");
    let resp = client
        .post(
            "/login",
            &[("login", "sales"), ("password", crate::support::PASSWORD)],
        )
        .await;
    assert_eq!(resp.status, 303);
    // The fixture user chose English.
    let page = client.get("/pipeline").await;
    assert_eq!(html_lang(&page.body), "en");
    let saved = client.post("/preferences", &[("language", "it")]).await;
    saved.assert_redirect("/preferences");
    let page = client.get("/preferences").await;
    assert_eq!(html_lang(&page.body), "it");
    assert!(
        page.body.contains(&tr("it", "preferences.saved")),
        "the flash speaks the new language"
    );
    let pipeline = client.get("/pipeline").await;
    assert!(pipeline.body.contains(&tr("it", "menu.pipeline")));
    // "The browser's language" hands the choice back to Accept-Language.
    client.post("/preferences", &[("language", "")]).await;
    let page = client.get("/pipeline").await;
    assert_eq!(html_lang(&page.body), "ru");
    let user = users::find(&mut app.conn(), app.world().sales).unwrap();
    assert_eq!(user.language, "");
    app.stop().await;
}

#[actix_web::test]
async fn an_unavailable_language_is_refused_where_it_was_chosen() {
    let app = TestApp::spawn().await;
    let client = app.client_as("sales").await;
    let resp = client.post("/preferences", &[("language", "de")]).await;
    assert_eq!(resp.status, 422);
    assert!(resp.body.contains("aria-invalid=\"true\""));
    let user = users::find(&mut app.conn(), app.world().sales).unwrap();
    assert_eq!(user.language, "en", "nothing was saved");
    app.stop().await;
}
