//! `kill -9` between the write and the delivery: the real binary writes the event with the
//! lead, is killed while the receiver is down, and delivers it after a restart.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use leadbook::domain::models::api_tokens;
use leadbook::domain::webhooks::{EndpointInput, deliveries, endpoints};
use serde_json::json;

use super::receiver::{Answer, Receiver};
use crate::api_support::real_server::{Server, free_port};
use crate::support::{World, actor, fresh_database};

async fn serve(database: &str, port: u16) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_leadbook"))
        .arg("--database")
        .arg(database)
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .env("LEADBOOK_WEBHOOK_RETRY_BASE_MS", "200")
        .env("LEADBOOK_WEBHOOK_POLL_MS", "50")
        .stdout(Stdio::null())
        .spawn()
        .expect("start leadbook");
    let server = Server(child);
    for _ in 0..400 {
        if reqwest::get(format!("http://127.0.0.1:{port}/login"))
            .await
            .is_ok()
        {
            return server;
        }
        tokio_sleep(50).await;
    }
    panic!("leadbook did not start");
}

async fn tokio_sleep(ms: u64) {
    actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
}

#[actix_web::test]
async fn an_event_written_before_a_kill_9_is_delivered_after_the_restart() {
    let (database, _guard) = fresh_database();
    let pool = leadbook::db::connect(&database, 2).expect("database");
    let world = World::create(&mut pool.get().unwrap());
    let manager = actor(&mut pool.get().unwrap(), world.manager);
    let token = api_tokens::create(&mut pool.get().unwrap(), world.sales, "test").unwrap();
    // The receiver's port, with nobody listening yet.
    let hook_port = free_port();
    let input = EndpointInput {
        url: format!("http://127.0.0.1:{hook_port}/hook"),
        events: vec!["lead.created".into()],
        active: true,
    };
    let (endpoint, secret) = endpoints::create(&mut pool.get().unwrap(), &manager, &input).unwrap();
    let port = free_port();
    let server = serve(&database, port).await;
    let made = reqwest::Client::new()
        .post(format!("http://127.0.0.1:{port}/api/v1/leads"))
        .header("authorization", format!("Bearer {token}"))
        .json(&json!({"title": "Survives a crash"}))
        .send()
        .await
        .expect("create");
    assert_eq!(made.status(), 201);
    let lead: serde_json::Value = made.json().await.unwrap();
    let deliveries_now =
        || deliveries::list_for(&mut pool.get().unwrap(), &manager, endpoint.id, 10).unwrap();
    let start = Instant::now();
    while deliveries_now()[0].attempts == 0 && start.elapsed() < Duration::from_secs(10) {
        tokio_sleep(20).await;
    }
    let before = deliveries_now();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].status, "pending", "{before:?}");
    assert!(before[0].attempts >= 1, "tried while the receiver was down");
    drop(server); // SIGKILL
    let receiver = Receiver::on(
        std::net::TcpListener::bind(("127.0.0.1", hook_port)).expect("the receiver's port"),
        |_| Answer::Status(200),
    );
    let _server = serve(&database, free_port()).await;
    let got = receiver.wait_for(1, Duration::from_secs(40));
    assert_eq!(got.len(), 1, "delivered after the restart");
    assert!(got[0].signed_with(&secret));
    assert_eq!(got[0].json()["data"]["lead"]["id"], lead["lead"]["id"]);
    let start = Instant::now();
    while deliveries_now()[0].status != "delivered" && start.elapsed() < Duration::from_secs(5) {
        tokio_sleep(20).await;
    }
    assert_eq!(deliveries_now()[0].status, "delivered");
}
