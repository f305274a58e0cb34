//! Intake: every channel's door runs the same duplicate finder. The seed's impatient
//! customer — Telegram (nickname only), WhatsApp (phone and name), Avito (name only) — ends
//! as one record when the admin chose "merge", as a flagged cluster when "flag only"; a known
//! sender's message goes to their record; a retried delivery creates nothing.

use crate::api_support::{Api, live_leads};
use crate::support::TestApp;
use leadbook::domain::ids::{LeadId, Owner};
use leadbook::domain::models::identities::{self, IdentityChannel};
use leadbook::domain::models::partners::{self, PartnerInput};
use leadbook::domain::models::settings::{self, SettingsInput};
use leadbook::domain::models::{chatter, tags};
use serde_json::{Value, json};

fn policy(app: &TestApp, mode: &str) {
    let input = SettingsInput {
        leads_enabled: true,
        default_country: "IT".into(),
        lost_reason_required: false,
        ..Default::default()
    };
    let admin = crate::support::actor(&mut app.conn(), app.world().admin);
    settings::save_with_intake(&mut app.conn(), &admin, &input, mode).expect("settings");
}

fn telegram() -> Value {
    json!({"channel": "telegram", "handle": "@Dmitry_Sokolov",
           "message": "Сколько стоит доставка в Казань?", "delivery_id": "tg-1"})
}

fn whatsapp() -> Value {
    json!({"channel": "whatsapp", "handle": "+7 916 482-17-35", "name": "Дмитрий Соколов",
           "message": "Здравствуйте, нужны стеллажи", "delivery_id": "wa-1"})
}

fn avito() -> Value {
    json!({"channel": "avito", "handle": "Дмитрий Соколов", "name": "Дмитрий Соколов",
           "message": "Стеллажи для склада ещё в продаже?", "delivery_id": 1001})
}

fn messages(app: &TestApp, lead: i64) -> Vec<String> {
    chatter::for_lead(&mut app.conn(), LeadId(lead as i32))
        .unwrap()
        .into_iter()
        .map(|m| format!("{}\n{}", m.text(), m.body))
        .collect()
}

#[actix_web::test]
async fn with_merge_the_telegram_whatsapp_avito_trio_ends_as_one_record() {
    let app = TestApp::spawn().await;
    policy(&app, "merge");
    let bot = Api::as_user(&app, app.world().manager);
    let first = bot.post("/api/v1/intake", telegram()).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body["outcome"], "created");
    let id = first.body["lead_id"].as_i64().unwrap();
    for delivery in [whatsapp(), avito()] {
        let answer = bot.post("/api/v1/intake", delivery).await;
        assert_eq!(answer.body["outcome"], "merged", "{}", answer.body);
        assert_eq!(answer.body["lead_id"], id, "the oldest record survives");
    }
    assert_eq!(live_leads(&app), 1);
    let record = bot.get(&format!("/api/v1/leads/{id}")).await;
    let channels: Vec<&str> = record.body["messengers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["channel"].as_str().unwrap())
        .collect();
    for channel in ["telegram", "whatsapp", "avito"] {
        assert!(channels.contains(&channel), "{channels:?}");
    }
    assert_eq!(record.body["contact_name"], "Дмитрий Соколов");
    let all = messages(&app, id).join("\n");
    for text in ["доставка в Казань", "нужны стеллажи", "ещё в продаже"]
    {
        assert!(all.contains(text), "every message is in the chatter: {all}");
    }
}

#[actix_web::test]
async fn with_flag_only_the_trio_is_a_flagged_cluster_pointing_at_its_matches() {
    let app = TestApp::spawn().await;
    policy(&app, "flag");
    let bot = Api::as_user(&app, app.world().admin);
    let first = bot.post("/api/v1/intake", telegram()).await;
    assert_eq!(first.body["outcome"], "created");
    let wa = bot.post("/api/v1/intake", whatsapp()).await;
    assert_eq!(wa.body["outcome"], "flagged", "{}", wa.body);
    assert_eq!(wa.body["matches"][0]["lead_id"], first.body["lead_id"]);
    let av = bot.post("/api/v1/intake", avito()).await;
    assert_eq!(av.body["outcome"], "flagged", "{}", av.body);
    let matched: Vec<&Value> = av.body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["lead_id"])
        .collect();
    assert!(matched.contains(&&wa.body["lead_id"]), "{matched:?}");
    assert_eq!(live_leads(&app), 3, "nothing merged");
    for answer in [&wa, &av] {
        let id = answer.body["lead_id"].as_i64().unwrap();
        let names: Vec<String> = tags::for_lead(&mut app.conn(), LeadId(id as i32))
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert!(
            names.contains(&"Possible duplicate".to_string()),
            "{names:?}"
        );
        let note = messages(&app, id).join("\n");
        assert!(note.contains("Possible duplicate of"), "{note}");
    }
    let wa_note = messages(&app, wa.body["lead_id"].as_i64().unwrap()).join("\n");
    assert!(
        wa_note.contains(&format!(
            "#{} Telegram: @Dmitry_Sokolov",
            first.body["lead_id"]
        )),
        "the flag points to its match: {wa_note}"
    );
}

#[actix_web::test]
async fn a_flagged_answer_gives_each_match_its_probability_and_weighted_reasons() {
    let app = TestApp::spawn().await;
    policy(&app, "flag");
    let bot = Api::as_user(&app, app.world().admin);
    let web = |id: &str| {
        json!({"channel": "web", "name": "Robin Banks", "email": "robin@nw.test",
               "message": "Call me back", "delivery_id": id})
    };
    bot.post("/api/v1/intake", web("w-1")).await;
    let answer = bot.post("/api/v1/intake", web("w-2")).await;
    assert_eq!(answer.body["outcome"], "flagged", "{}", answer.body);
    let m = &answer.body["matches"][0];
    let p = m["probability"].as_f64().expect("a probability");
    assert!(p > 0.5 && p <= 1.0, "{m}");
    let reasons = m["reasons"].as_array().expect("reasons");
    let email = reasons
        .iter()
        .find(|r| r["text"].as_str().unwrap_or("").contains("same email"))
        .unwrap_or_else(|| panic!("the shared email is a reason: {m}"));
    assert!(
        email["weight"].as_f64().expect("a weight") > 0.0,
        "it speaks for a match: {m}"
    );
    let id = answer.body["lead_id"].as_i64().unwrap();
    let log = chatter::for_lead(&mut app.conn(), LeadId(id as i32)).unwrap();
    let keys: Vec<&str> = log
        .iter()
        .filter_map(|m| m.event.as_ref().map(|e| e.key.as_str()))
        .collect();
    assert!(
        keys.contains(&"event.intake.possible_duplicate"),
        "{keys:?}"
    );
    assert!(
        keys.iter()
            .any(|k| k.starts_with("event.intake.") && *k != "event.intake.possible_duplicate"),
        "the intake itself is an event: {keys:?}"
    );
    assert!(
        log.iter().any(|m| m.body == "Call me back"),
        "the customer's words"
    );
    let note = messages(&app, id).join("\n");
    assert!(
        note.contains("match "),
        "the note says the probability: {note}"
    );
    let replay = bot.post("/api/v1/intake", web("w-2")).await;
    assert_eq!(
        replay.body["matches"], answer.body["matches"],
        "a retry says the same"
    );
}

#[actix_web::test]
async fn a_retried_delivery_gets_the_same_answer_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let bot = Api::as_user(&app, app.world().manager);
    let first = bot.post("/api/v1/intake", telegram()).await;
    let before = live_leads(&app);
    let retry = bot.post("/api/v1/intake", telegram()).await;
    assert_eq!(retry.status, 200);
    assert_eq!(retry.body["lead_id"], first.body["lead_id"]);
    assert_eq!(retry.body["message_id"], first.body["message_id"]);
    assert_eq!(retry.body["replayed"], true);
    assert_eq!(live_leads(&app), before);
    let id = first.body["lead_id"].as_i64().unwrap();
    assert_eq!(messages(&app, id).len(), 1, "no second chatter message");
    let mut changed = telegram();
    changed["message"] = json!("Another text");
    let reused = bot.post("/api/v1/intake", changed).await;
    assert_eq!(reused.status, 409, "{}", reused.body);
}

#[actix_web::test]
async fn a_known_sender_is_attached_to_their_record_without_a_new_lead() {
    let app = TestApp::spawn().await;
    let bot = Api::as_user(&app, app.world().manager);
    let first = bot.post("/api/v1/intake", telegram()).await;
    let before = live_leads(&app);
    let again = bot
        .post(
            "/api/v1/intake",
            json!({"channel": "telegram", "handle": "dmitry_sokolov",
                   "message": "Ответьте, пожалуйста", "delivery_id": "tg-2"}),
        )
        .await;
    assert_eq!(again.body["outcome"], "attached", "{}", again.body);
    assert_eq!(again.body["lead_id"], first.body["lead_id"]);
    assert_eq!(live_leads(&app), before);
    let id = first.body["lead_id"].as_i64().unwrap();
    assert!(messages(&app, id)[0].contains("Ответьте"));
}

#[actix_web::test]
async fn a_sender_known_as_a_customer_gets_the_message_on_the_customer() {
    let app = TestApp::spawn().await;
    let customer = partners::create(
        &mut app.conn(),
        &PartnerInput {
            name: "Marco Bianchi".into(),
            ..PartnerInput::default()
        },
    )
    .unwrap();
    identities::add(
        &mut app.conn(),
        Owner::Partner(customer.id),
        IdentityChannel::Viber,
        "+39 333 765 4321",
        "IT",
    )
    .unwrap();
    let before = live_leads(&app);
    let bot = Api::as_user(&app, app.world().manager);
    let answer = bot
        .post(
            "/api/v1/intake",
            json!({"channel": "viber", "phone": "+39 333 765 4321", "message": "Ordine pronto?"}),
        )
        .await;
    assert_eq!(answer.body["outcome"], "attached", "{}", answer.body);
    assert_eq!(answer.body["customer_id"], customer.id.0);
    assert_eq!(answer.body["lead_id"], Value::Null);
    assert_eq!(live_leads(&app), before);
    let on_customer = chatter::for_partner(&mut app.conn(), customer.id).unwrap();
    assert!(on_customer[0].body.contains("Ordine pronto?"));
}

#[actix_web::test]
async fn intake_needs_a_managers_token_and_valid_fields() {
    let app = TestApp::spawn().await;
    let sales = Api::as_user(&app, app.world().sales);
    let refused = sales.post("/api/v1/intake", telegram()).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let bot = Api::as_user(&app, app.world().manager);
    let bad = bot
        .post(
            "/api/v1/intake",
            json!({"channel": "pigeon", "email": "x", "foo": 1}),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.field("channel").is_some());
    assert_eq!(bad.field("body"), Some("Unknown fields: foo"));
    let no_handle = bot
        .post("/api/v1/intake", json!({"channel": "telegram"}))
        .await;
    assert!(no_handle.field("handle").is_some(), "{}", no_handle.body);
    let broken = bot
        .send(reqwest::Method::POST, "/api/v1/intake", Some("not json"))
        .await;
    assert_eq!(broken.status, 400);
    let anonymous = Api::new(&app, None)
        .post("/api/v1/intake", telegram())
        .await;
    assert_eq!(anonymous.status, 401);
}

#[actix_web::test]
async fn a_web_form_delivery_with_an_email_is_a_lead_with_that_email() {
    let app = TestApp::spawn().await;
    let bot = Api::as_user(&app, app.world().manager);
    let answer = bot
        .post(
            "/api/v1/intake",
            json!({"channel": "web", "name": "Robin Banks", "email": "robin@nw.test",
                   "phone": "+39 333 123 4567", "message": "Call me back"}),
        )
        .await;
    assert_eq!(answer.body["outcome"], "created", "{}", answer.body);
    let id = answer.body["lead_id"].as_i64().unwrap();
    let lead = bot.get(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(lead.body["email"], "robin@nw.test");
    assert_eq!(lead.body["source_channel"], "web");
    assert_eq!(lead.body["title"], "Web form: Robin Banks");
}

#[actix_web::test]
async fn a_delivery_whose_number_does_not_parse_is_a_lead_with_the_number_kept() {
    let app = TestApp::spawn().await;
    let bot = Api::as_user(&app, app.world().manager);
    // "600-46-35" is a Russian local number; the default country is Italy.
    let answer = bot
        .post(
            "/api/v1/intake",
            json!({"channel": "whatsapp", "name": "Olga Ivanova", "phone": "600-46-35",
                   "message": "Перезвоните"}),
        )
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["outcome"], "created", "{}", answer.body);
    let id = answer.body["lead_id"].as_i64().unwrap();
    let lead = bot.get(&format!("/api/v1/leads/{id}")).await;
    assert_eq!(lead.body["phone"], "600-46-35", "kept as sent");
    assert_eq!(lead.body["phone_e164"], Value::Null, "not verified");
    let handles: Vec<String> = identities::for_lead(&mut app.conn(), LeadId(id as i32))
        .unwrap()
        .into_iter()
        .map(|i| i.handle_norm)
        .collect();
    assert_eq!(
        handles,
        vec!["6004635"],
        "the WhatsApp handle is its digits"
    );
    let again = bot
        .post(
            "/api/v1/intake",
            json!({"channel": "whatsapp", "handle": "600 46 35", "message": "Алло?"}),
        )
        .await;
    assert_eq!(again.body["outcome"], "attached", "{}", again.body);
    assert_eq!(again.body["lead_id"].as_i64(), Some(id));
}
