//! A Russian-, an Italian- and a Vietnamese-speaking salesperson walk the pipeline, Mark as
//! Lost, the Similar Leads view, Merge and Convert: no English UI text shows on the way.
//!
//! The check reads the visible text of the page's UI elements (navigation, buttons, labels,
//! headings, table headers, badges, flashes) and compares each with the English catalogue:
//! an element whose whole text is an English catalogue text (placeholders matching
//! anything) that the reader's catalogue writes differently is English left on the page.

use std::collections::BTreeMap;

use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{teams, users};
use leadbook::i18n::Lang;
use leadbook::tr;

use crate::browser_support::Browser;
use crate::support::{TestApp, user_input};

const UI: &str = "header a, header button, nav a, nav button, button, label, h1, h2, h3, th, \
                  legend, summary, .alert, .flash, a.btn, .badge, dt, .chip";

/// English catalogue texts that `lang` writes differently, as (pieces between placeholders).
fn english_only(lang: Lang) -> Vec<(String, Vec<String>)> {
    let theirs: BTreeMap<String, String> =
        leadbook::i18n::catalogue(lang.code()).into_iter().collect();
    leadbook::i18n::catalogue("en")
        .into_iter()
        .filter(|(key, english)| theirs.get(key) != Some(english) && english.trim().len() > 1)
        .map(|(_, english)| {
            let pieces = english
                .split("%{")
                .enumerate()
                .map(|(i, part)| match i {
                    0 => part.to_string(),
                    _ => part
                        .split_once('}')
                        .map_or("", |(_, rest)| rest)
                        .to_string(),
                })
                .collect();
            (english, pieces)
        })
        .collect()
}

/// Whether `text` is the English `pieces` with anything in the placeholders; a text the
/// English begins with a count (`%{count} record`) must begin with a digit ("Questo record"
/// is Italian).
fn matches(text: &str, (english, pieces): &(String, Vec<String>)) -> bool {
    if english.starts_with("%{count}")
        && !text.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return false;
    }
    let clean = |s: &str| {
        s.trim()
            .trim_end_matches([':', '…', '.'])
            .trim()
            .to_lowercase()
    };
    let text = clean(text);
    if pieces.len() == 1 {
        return !text.is_empty() && text == clean(&pieces[0]);
    }
    let first = pieces[0].trim_start().to_lowercase();
    let last = clean(pieces.last().unwrap());
    if !text.starts_with(&first) || !text.ends_with(&last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &pieces[1..pieces.len() - 1] {
        let middle = middle.to_lowercase();
        match rest.find(&middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The UI texts on the page now that are English, or a raw catalogue key.
async fn english_on_page(
    browser: &Browser,
    lang: Lang,
    english: &[(String, Vec<String>)],
) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll('{UI}'))\
           .filter(e => e.getClientRects().length > 0)\
           .map(e => e.innerText.trim()).filter(t => t.length > 0);"
    );
    let texts: Vec<String> = browser
        .driver
        .execute(&script, vec![])
        .await
        .expect("read the page's texts")
        .convert()
        .expect("a list of texts");
    let raw_key = |t: &str| {
        t.contains('.')
            && !t.contains(' ')
            && t.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    };
    let mut found: Vec<String> = texts
        .into_iter()
        .filter(|t| raw_key(t) || english.iter().any(|e| matches(t, e)))
        .map(|t| format!("[{}] {t}", lang.code()))
        .collect();
    found.dedup();
    found
}

/// The company speaks `lang`: its stages and lost reasons are named in it, as setup and the
/// demo name them.
fn localise_company(app: &TestApp, lang: Lang) {
    leadbook::domain::defaults::localise(&mut app.conn(), lang.code()).expect("localised names");
}

async fn walk(lang: Lang) {
    let app = TestApp::spawn().await;
    localise_company(&app, lang);
    let login = format!("sales-{}", lang.code());
    let (deal, web, chat, convert) = {
        let mut conn = app.conn();
        let mut input = user_input(&login, "Alex Seller", "salesperson");
        input.language = lang.code().into();
        let operator = leadbook::domain::access::Actor::operator();
        let me = users::create(&mut conn, &operator, &input).unwrap().id;
        teams::add_member(&mut conn, app.world().europe, me).unwrap();
        let w = app.world();
        let mine = |title: &str| w.sales_lead(title).owner(me);
        let deal = mine("Villa Rossi")
            .kind(Kind::Opportunity)
            .revenue("12345,50")
            .create(&mut conn);
        let web = mine("Ivan web form")
            .email("ivan@boats.test")
            .create(&mut conn);
        let chat = mine("Ivan telegram")
            .contact("Ivan Petrov")
            .email("ivan@boats.test")
            .create(&mut conn);
        let convert = mine("Hotel Aurora")
            .contact("Olga Smirnova")
            .create(&mut conn);
        (deal.id, web.id, chat.id, convert.id)
    };
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    let english = english_only(lang);
    let mut left = Vec::new();
    browser.sign_in(&login).await;
    let code = lang.code();

    browser.goto("/pipeline").await;
    left.extend(english_on_page(&browser, lang, &english).await);
    browser
        .shoot_widths(&format!("lang-{code}-pipeline"), None)
        .await;

    // Mark as Lost, in its dialog.
    let record = format!("/leads/{deal}");
    browser.goto(&record).await;
    browser.click(".lost-buttons a[data-dialog]").await;
    browser.find("dialog#lost-dialog[open] #lost-form").await;
    left.extend(english_on_page(&browser, lang, &english).await);
    browser
        .shoot_widths(&format!("lang-{code}-lost-dialog"), None)
        .await;
    browser
        .click_and_wait("dialog#lost-dialog[open] #lost-form button[type=submit]")
        .await;
    assert!(browser.exists("#lost-banner").await, "[{code}] lost");
    left.extend(english_on_page(&browser, lang, &english).await);

    // Similar Leads.
    browser.goto(&format!("/leads/{web}")).await;
    browser.click_and_wait("#similar-button").await;
    left.extend(english_on_page(&browser, lang, &english).await);

    // Merge.
    browser
        .goto(&format!("/leads/merge?ids={web}&ids={chat}"))
        .await;
    left.extend(english_on_page(&browser, lang, &english).await);
    browser
        .shoot_widths(&format!("lang-{code}-merge"), None)
        .await;
    browser
        .click_and_wait("button[name='confirm'][value='1']")
        .await;
    left.extend(english_on_page(&browser, lang, &english).await);
    browser
        .shoot_widths(&format!("lang-{code}-merged"), None)
        .await;

    // Convert.
    browser.goto(&format!("/leads/{convert}/convert")).await;
    left.extend(english_on_page(&browser, lang, &english).await);
    browser.click("input[name='customer'][value='none']").await;
    browser.click_and_wait("#convert-confirm").await;
    left.extend(english_on_page(&browser, lang, &english).await);

    browser.quit().await;
    app.stop().await;
    assert!(left.is_empty(), "English UI text seen: {left:#?}");
}

#[actix_web::test]
async fn a_russian_speaking_salesperson_meets_no_english() {
    walk(Lang::Ru).await;
}

#[actix_web::test]
async fn an_italian_speaking_salesperson_meets_no_english() {
    walk(Lang::It).await;
}

#[actix_web::test]
async fn a_vietnamese_speaking_salesperson_meets_no_english() {
    walk(Lang::Vi).await;
}

#[test]
fn the_check_sees_english_with_its_placeholders_filled() {
    let english = english_only(Lang::Ru);
    let seen = |t: &str| english.iter().any(|e| matches(t, e));
    assert!(seen("Mark as Lost"));
    assert!(seen("3 records merged."));
    assert!(seen("Merge undone; 2 records restored."));
    assert!(!seen(&tr("ru", "lost.mark")));
    assert!(!seen("Villa Rossi"));
}
