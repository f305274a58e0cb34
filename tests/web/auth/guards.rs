//! What every request meets: the CSRF token, 403 and 404 in the layout, bad forms, the
//! security headers and templates without inline script.

use super::user_count;
use crate::support::{PASSWORD, TestApp};

#[actix_web::test]
async fn a_post_without_a_valid_csrf_token_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let before = user_count(&app);
    let fields = [
        ("name", "Eve"),
        ("login", "eve"),
        ("role", "admin"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    let without = admin
        .post_raw("/config/users", &crate::support::encode(&fields))
        .await;
    assert_eq!(without.status, 403);
    assert!(without.body.contains("reload the page"));
    let mut forged = vec![("csrf", "0123456789abcdef")];
    forged.extend_from_slice(&fields);
    let wrong = admin
        .post_raw("/config/users", &crate::support::encode(&forged))
        .await;
    assert_eq!(wrong.status, 403);
    assert_eq!(user_count(&app), before);
    // The same form with the session's token works.
    admin
        .post("/config/users", &fields)
        .await
        .assert_redirect("/config/users");
    assert_eq!(user_count(&app), before + 1);
}

#[actix_web::test]
async fn a_token_from_before_sign_in_is_worthless_after_it() {
    let app = TestApp::spawn().await;
    let visitor = app.client();
    let anonymous_token = visitor.csrf_token().await;
    let resp = visitor
        .post("/login", &[("login", "sales"), ("password", PASSWORD)])
        .await;
    resp.assert_redirect("/pipeline");
    let body = crate::support::encode(&[("csrf", &anonymous_token), ("language", "en")]);
    assert_eq!(visitor.post_raw("/preferences", &body).await.status, 403);
}

#[actix_web::test]
async fn salespeople_and_managers_get_403_on_admin_pages() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    for path in ["/config/users", "/config/users/new", "/config/settings"] {
        let resp = sales.get(path).await;
        assert_eq!(resp.status, 403, "{path}");
        assert!(resp.body.contains("Access denied"));
    }
    let settings = sales
        .post("/config/settings", &[("default_country", "US")])
        .await;
    assert_eq!(settings.status, 403);
    let manager = app.client_as("manager").await;
    assert_eq!(manager.get("/config/users").await.status, 403);
    let menu = manager.get("/pipeline").await.body;
    assert!(
        menu.contains("/config/stages"),
        "managers see the configuration menu"
    );
    assert!(!menu.contains("/config/users"), "but not the admin entries");
}

#[actix_web::test]
async fn unknown_pages_and_ids_answer_404_in_the_layout() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    for path in [
        "/no/such/page",
        "/config/users/999999",
        "/config/users/abc",
        "/config/users/-1",
    ] {
        let resp = admin.get(path).await;
        assert_eq!(resp.status, 404, "{path}");
        assert!(resp.body.contains("Page not found"), "{path}");
        assert!(resp.body.contains("Leadbook"));
    }
    let resp = admin.post("/config/users/999999", &[("name", "x")]).await;
    assert_eq!(resp.status, 404);
}

#[actix_web::test]
async fn a_form_that_is_not_a_form_is_a_clear_400() {
    let app = TestApp::spawn().await;
    let admin = app.client_as("admin").await;
    let token = admin.csrf_token().await;
    let body = format!("csrf={token}&teams=1&teams=2&teams=3&%%%");
    let resp = admin.post_raw("/config/users", &body).await;
    assert!(
        resp.status == 400 || resp.status == 422,
        "got {}",
        resp.status
    );
    assert!(!resp.body.is_empty());
}

// ---- Headers ----

#[actix_web::test]
async fn every_answer_carries_the_security_headers_and_pages_are_not_cached() {
    let app = TestApp::spawn().await;
    let sales = app.client_as("sales").await;
    let anonymous = app.client();
    let answers = [
        ("/pipeline", sales.get("/pipeline").await),
        ("/login", anonymous.get("/login").await),
        ("/no/such/page", sales.get("/no/such/page").await),
        (
            "/static/css/app.css",
            anonymous.get("/static/css/app.css").await,
        ),
    ];
    for (path, resp) in &answers {
        let csp = resp.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(
            resp.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            resp.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
    }
    for (path, resp) in &answers[..3] {
        assert_eq!(resp.header("cache-control"), Some("no-store"), "{path}");
    }
    assert_eq!(answers[0].1.status, 200);
    assert_eq!(answers[3].1.status, 200);
}

/// The Content-Security-Policy forbids inline script and style: no template may rely on them.
#[test]
fn no_template_has_inline_script_handlers_or_style() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut pending = vec![root];
    let mut offenders = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let lower = line.to_lowercase();
                let inline_script = lower.contains("<script") && !lower.contains(" src=");
                let handler = lower
                    .split_whitespace()
                    .any(|word| word.starts_with("on") && word.contains("=\""));
                let style = lower.contains(" style=") || lower.contains("<style");
                let js_url = lower.contains("javascript:");
                if inline_script || handler || style || js_url {
                    offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "inline script or style:\n{}",
        offenders.join("\n")
    );
}
