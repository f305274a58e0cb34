//! The lost reasons report's drill-down: each row's link lists exactly the records the row
//! counts (lost leads and opportunities, by reason or without one, in the report's period,
//! team and salesperson), with the reason filter shown in the filter bar.

use leadbook::domain::models::leads::Kind;
use leadbook::domain::wizards::lost::ReasonChoice;

use crate::support::{Client, TestApp, lose, reason_id};

/// `(href, reason name, count)` of each row of the report's table.
fn rows(body: &str) -> Vec<(String, String, i64)> {
    let table = body.split("id=\"lost-table\"").nth(1).expect("the table");
    let tbody = table
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tbody>")
        .next()
        .unwrap();
    tbody
        .split("<tr>")
        .skip(1)
        .filter(|row| row.contains("href=\""))
        .map(|row| {
            let href = row
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let name = row
                .split("\">")
                .nth(1)
                .unwrap()
                .split("</a>")
                .next()
                .unwrap();
            let count = row.split("<td class=\"num\">").nth(1).unwrap();
            let count = count.split('<').next().unwrap().replace(',', "");
            (
                href.replace("&#38;", "&"),
                name.to_string(),
                count.parse().expect("a count"),
            )
        })
        .collect()
}

/// The list's record count (`<p id="totals"><strong>N</strong>`).
fn total(body: &str) -> i64 {
    let totals = body.split("id=\"totals\"><strong>").nth(1).expect("totals");
    totals
        .split('<')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap()
}

async fn check_rows(manager: &Client, report: &str, expected: &[(&str, i64)]) {
    let page = manager.get(report).await;
    assert_eq!(page.status, 200, "{report}");
    let rows = rows(&page.body);
    let got: Vec<(&str, i64)> = rows.iter().map(|(_, n, c)| (n.as_str(), *c)).collect();
    assert_eq!(got, expected, "{report}");
    for (href, name, count) in &rows {
        let list = manager.get(href).await;
        assert_eq!(list.status, 200, "{href}");
        assert_eq!(total(&list.body), *count, "{name}: {href}");
        assert!(
            list.body.contains("<details class=\"reason-filter\" open>"),
            "the reason filter is shown: {href}"
        );
        let option = format!(" selected>{name}</option>");
        assert!(list.body.contains(&option), "{name} is chosen: {href}");
    }
}

#[actix_web::test]
async fn each_report_row_links_to_a_list_of_exactly_its_records() {
    let app = TestApp::spawn().await;
    let w = app.world();
    let mut conn = app.conn();
    let expensive = reason_id(&mut conn, "Too expensive");
    let stock = reason_id(&mut conn, "Not enough stock");
    let lost = [
        (w.sales_deal("A", "1000"), ReasonChoice::Existing(expensive)),
        (w.sales_deal("B", "500"), ReasonChoice::Existing(expensive)),
        (
            w.sales_lead("C lead").kind(Kind::Lead),
            ReasonChoice::Existing(expensive),
        ),
        (w.sales_deal("D", "300"), ReasonChoice::Existing(stock)),
        (w.sales_deal("E", "200"), ReasonChoice::None),
        (w.sales_lead("F lead").kind(Kind::Lead), ReasonChoice::None),
    ];
    for (builder, reason) in lost {
        let id = builder.create(&mut conn).id;
        lose(&mut conn, w.sales, id, reason);
    }
    // Open records, and a lost one of team Asia that only the unfiltered report counts.
    w.sales_deal("Open", "9000").create(&mut conn);
    let asia = w.other_lead("Asia lost").create(&mut conn).id;
    lose(
        &mut conn,
        w.other_sales,
        asia,
        ReasonChoice::Existing(stock),
    );
    drop(conn);

    let manager = app.client_as("manager").await;
    check_rows(
        &manager,
        "/reporting/lost-reasons",
        &[
            ("Too expensive", 3),
            ("Not enough stock", 2),
            ("No reason", 2),
        ],
    )
    .await;
    let today = chrono::Utc::now().date_naive().format("%Y-%m-%d");
    let filtered = format!(
        "/reporting/lost-reasons?from={today}&to={today}&team={}&salesperson={}",
        w.europe, w.sales
    );
    check_rows(
        &manager,
        &filtered,
        &[
            ("Too expensive", 3),
            ("No reason", 2),
            ("Not enough stock", 1),
        ],
    )
    .await;
    let later = "/reporting/lost-reasons?from=2099-01-01";
    let page = manager.get(later).await;
    assert!(rows(&page.body).is_empty(), "nothing closed in 2099");
    let list = manager
        .get("/opportunities?filter=lost&reason=none&closed_from=2099-01-01")
        .await;
    assert_eq!(total(&list.body), 0, "the period cuts the list too");
    assert!(list.body.contains("id=\"closed-period\""));
}
