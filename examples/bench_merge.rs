//! Benchmark of the merge: 10 records carrying 1,000 chatter messages in total (100 each,
//! a third with tracked changes), merged in one transaction; then the merge is undone.
//!
//! ```text
//! cargo run --release --example bench_merge -- [--runs K]
//! ```
//!
//! Each run builds a fresh set of records in a temporary SQLite database; the median and
//! the slowest of K runs (default 7) are printed for the merge and for its undo.

use std::time::{Duration, Instant};

use leadbook::db;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::Owner;
use leadbook::domain::models::chatter::{self, Change, MessageKind};
use leadbook::domain::models::leads::{self, AddressInput, Kind, LeadInput};
use leadbook::domain::models::stages;
use leadbook::domain::models::users::{self, UserInput};
use leadbook::domain::wizards::merge::Merge;
use leadbook::domain::wizards::merge::undo;

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|r| r.parse().ok())
        .unwrap_or(7usize);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let pool = db::connect(path.to_str().ok_or("path")?, 2)?;
    let conn = &mut pool.get()?;
    stages::ensure_defaults(conn)?;
    let user = users::create(
        conn,
        &Actor::operator(),
        &UserInput {
            login: "bench".into(),
            name: "Bench Admin".into(),
            email: "bench@leadbook.test".into(),
            role: "admin".into(),
            language: "en".into(),
            password: "correct horse battery".into(),
            password_confirm: "correct horse battery".into(),
        },
    )?;
    let actor = Actor::new(&user, Vec::new());
    let (mut merges, mut undos) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let mut ids = Vec::new();
        for r in 0..10 {
            let input = LeadInput {
                title: format!("Run {run} record {r}"),
                contact_name: format!("Contact {r}"),
                email: format!("c{r}.run{run}@bench.test"),
                address: AddressInput {
                    city: if r % 2 == 0 {
                        "Paris".into()
                    } else {
                        String::new()
                    },
                    ..AddressInput::default()
                },
                description: format!("Notes of record {r}"),
                tags: format!("run{run}, r{r}"),
                ..LeadInput::default()
            };
            let lead = leads::create(conn, user.id, Kind::Lead, &input)?;
            for m in 0..100 {
                let changes = if m % 3 == 0 {
                    vec![Change::new("probability", Some("10"), Some("20"))]
                } else {
                    Vec::new()
                };
                chatter::post(
                    conn,
                    Owner::Lead(lead.id),
                    Some(user.id),
                    MessageKind::Note,
                    &format!("Message {m} on record {r}"),
                    &changes,
                )?;
            }
            ids.push(lead.id);
        }
        let started = Instant::now();
        let done = Merge::new(ids).apply(conn, &actor)?;
        merges.push(started.elapsed());
        let started = Instant::now();
        undo::undo(conn, &actor, done.merge_id)?;
        undos.push(started.elapsed());
    }
    let (m50, mmax) = median(merges);
    let (u50, umax) = median(undos);
    println!("merge of 10 records / 1,000 messages, {runs} runs: median {m50:?}, slowest {mmax:?}");
    println!("undo of that merge, {runs} runs: median {u50:?}, slowest {umax:?}");
    Ok(())
}
