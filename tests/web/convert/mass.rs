//! Mass conversion from the list's Actions.

use crate::support::{TestApp, reload};

#[actix_web::test]
async fn the_lists_actions_convert_the_ticked_leads_round_robin() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let a = w
        .sales_lead("Lead A")
        .contact("Robin Banks")
        .company("Banks & Co")
        .create(&mut app.conn());
    let b = w
        .sales_lead("Lead B")
        .contact("Robin Banks")
        .company("Banks & Co")
        .create(&mut app.conn());
    let manager = app.client_as("manager").await;
    let list = manager.get("/leads").await;
    assert!(
        list.body.contains("value=\"convert\""),
        "the Actions menu has the entry"
    );
    let (ia, ib) = (a.id.to_string(), b.id.to_string());
    let action = manager
        .post(
            "/leads/actions",
            &[("ids", &ia), ("ids", &ib), ("action", "convert")],
        )
        .await;
    action.assert_redirect("/leads/convert?");
    let page = manager.get(action.location.as_deref().unwrap()).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("2 leads to convert"));

    let bad = manager
        .post(
            "/leads/convert",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("customer", "sometimes"),
                ("next", "/leads"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("is not a customer policy"));
    assert!(bad.body.contains(&format!("name=\"ids\" value=\"{ia}\"")));

    let done = manager
        .post(
            "/leads/convert",
            &[
                ("ids", &ia),
                ("ids", &ib),
                ("salesperson_ids", &w.sales.to_string()),
                ("salesperson_ids", &w.other_sales.to_string()),
                ("customer", "none"),
                ("next", "/leads"),
            ],
        )
        .await;
    done.assert_redirect("/leads");
    let list = manager.get("/leads").await;
    assert!(
        list.body
            .contains("2 converted to opportunities, 0 merged.")
    );
    let (a, b) = (reload(&mut app.conn(), &a), reload(&mut app.conn(), &b));
    assert_eq!(
        (a.kind.as_str(), a.salesperson_id),
        ("opportunity", Some(w.sales))
    );
    assert_eq!(
        (b.kind.as_str(), b.salesperson_id, b.team_id),
        ("opportunity", Some(w.other_sales), Some(w.asia))
    );
}
