//! Benchmark of the similarity rules on a database file.
//!
//! ```text
//! cargo run --release --example bench_similar -- DB [--generate N] [--rebuild] [--samples K] [--no-scan]
//! ```
//!
//! `--generate N` bulk-inserts N synthetic leads first (a duplicate planted every 50th lead),
//! `--rebuild` recomputes every match key (`similarity::rebuild_all`); then `similar_to` is
//! timed on K random leads (p50/p99), the database-wide scan is timed, and the peak memory
//! (VmHWM) is printed.

use std::time::Instant;

use leadbook::db::{self, DbConn, schema::leads};
use leadbook::domain::access::Actor;
use leadbook::domain::ids::{LeadId, UserId};
use leadbook::domain::models::leads::{Address, Details, NewLead};
use leadbook::domain::models::stages;
use leadbook::domain::models::users::Role;
use leadbook::domain::similarity::{self, normalise};
use leadbook::with_inner;

const FIRST: &[&str] = &[
    "Mario", "Anna", "Luca", "Giulia", "Marco", "Sara", "Paolo", "Elena", "Ivan", "Olga", "Sergey",
    "Natalia", "Dmitry", "Irina", "Minh", "Linh", "Hung", "Lan", "Robin", "Emma", "Oliver",
    "Sofia", "Noah", "Mia", "Liam", "Chloe", "Hugo", "Lea", "Jonas", "Clara",
];
const LAST_STEMS: &[&str] = &[
    "Ross",
    "Bianch",
    "Ferr",
    "Russ",
    "Colomb",
    "Ricc",
    "Marin",
    "Gall",
    "Conti",
    "Brun",
    "Petrov",
    "Ivanov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Volkov",
    "Nguyen",
    "Tran",
    "Pham",
    "Hoang",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Martin",
    "Bernard",
    "Dubois",
    "Muller",
    "Schmidt",
];
const CITIES: &[&str] = &[
    "Milano", "Roma", "Torino", "Moskva", "Hanoi", "London", "Paris", "Berlin",
];

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn synthetic(i: u64, at: chrono::NaiveDateTime) -> NewLead {
    let first = FIRST[(i % FIRST.len() as u64) as usize];
    let stem = LAST_STEMS[((i / 30) % LAST_STEMS.len() as u64) as usize];
    let variant = (i / 900) % 400;
    const SYL: [&str; 10] = ["ko", "la", "mi", "sa", "to", "ve", "ri", "nu", "de", "go"];
    let last = format!(
        "{stem}{}{}{}",
        SYL[((variant / 4) % 10) as usize],
        SYL[((variant / 40) % 10) as usize],
        ["i", "o", "a", "e"][(variant % 4) as usize]
    );
    let name = format!("{first} {last}");
    let email = format!(
        "{}.{}{}@{}",
        first.to_lowercase(),
        last.to_lowercase(),
        i,
        if i.is_multiple_of(3) {
            "gmail.com"
        } else {
            "company.example"
        }
    );
    let phone = format!("+39333{:07}", i % 10_000_000);
    let city = CITIES[(i % CITIES.len() as u64) as usize];
    NewLead {
        kind: leadbook::domain::models::leads::Kind::Lead,
        title: format!("Request {i}"),
        contact_name_key: normalise::name_key(&name),
        contact_name: Some(name),
        company_name: None,
        company_name_key: None,
        email_norm: Some(email.clone()),
        email: Some(email),
        phone_e164: Some(phone.clone()),
        phone: Some(phone),
        mobile: None,
        mobile_e164: None,
        address: Address {
            city: Some(city.into()),
            country: Some("IT".into()),
            ..Address::default()
        },
        details: Details::default(),
        description: None,
        expected_revenue: 0,
        probability: 10,
        priority: 0,
        stage_id: None,
        salesperson_id: None,
        team_id: None,
        partner_id: None,
        active: true,
        lost_reason_id: None,
        source_channel: leadbook::domain::models::leads::Channel::Import,
        merged_into_id: None,
        created_by: None,
        created_at: at,
        updated_at: at,
        converted_at: None,
        closed_at: None,
    }
}

fn generate(conn: &mut DbConn, n: u64) {
    stages::ensure_defaults(conn).expect("stages");
    let at = chrono::Utc::now().naive_utc();
    db::write_tx(conn, |conn| {
        let mut batch = Vec::with_capacity(500);
        for i in 0..n {
            let mut row = synthetic(i, at);
            if i % 50 == 49 {
                // A planted duplicate of lead i - 7: same person, upper-case email, phone as mobile.
                let orig = synthetic(i - 7, at);
                row.contact_name = orig.contact_name;
                row.contact_name_key = orig.contact_name_key;
                row.email = orig.email.map(|e| e.to_uppercase());
                row.email_norm = orig.email_norm;
                row.mobile = orig.phone_e164.clone();
                row.mobile_e164 = orig.phone_e164;
            }
            batch.push(row);
            if batch.len() == 500 || i + 1 == n {
                with_inner!(conn, |c| diesel::RunQueryDsl::execute(
                    diesel::insert_into(leads::table).values(&batch),
                    c
                ))?;
                batch.clear();
            }
        }
        Ok::<_, diesel::result::Error>(())
    })
    .expect("bulk insert");
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "VmHWM: unknown".into())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1).filter(|a| !a.starts_with("--")) else {
        eprintln!("usage: bench_similar DB [--generate N] [--rebuild] [--samples K] [--no-scan]");
        std::process::exit(2);
    };
    let pool = db::connect(path, 2).expect("open the database");
    let mut conn = pool.get().expect("connection");
    if let Some(n) = arg(&args, "--generate").and_then(|n| n.parse().ok()) {
        let t = Instant::now();
        generate(&mut conn, n);
        println!("generated {n} leads in {:.1} s", t.elapsed().as_secs_f64());
    }
    if args.iter().any(|a| a == "--rebuild") {
        let t = Instant::now();
        let n = similarity::rebuild_all(&mut conn).expect("rebuild");
        println!(
            "rebuild_all: {n} records keyed in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let admin = Actor {
        id: UserId(1),
        role: Role::Admin,
        teams: Vec::new(),
    };
    let max: i32 = {
        use diesel::prelude::*;
        leads::table
            .select(diesel::dsl::max(leads::id))
            .first::<Option<i32>>(&mut *conn)
            .expect("max id")
            .unwrap_or(0)
    };
    let samples: usize = arg(&args, "--samples")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    if max > 0 {
        // Warm-up: the phone library loads its metadata on first use.
        let _ = similarity::similar_to(&mut conn, &admin, LeadId(max));
        let mut times = Vec::with_capacity(samples);
        let mut found = 0;
        let mut explain: usize = arg(&args, "--explain")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        for _ in 0..samples {
            let id = LeadId(rand::random_range(1..=max));
            let t = Instant::now();
            let result = similarity::similar_to(&mut conn, &admin, id);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if let Ok(m) = result {
                for d in m.iter().filter(|m| m.is_duplicate()) {
                    found += 1;
                    if explain > 0 {
                        explain -= 1;
                        println!(
                            "  lead {} ~ {}: {}% {}",
                            id.0,
                            d.record.id,
                            d.score,
                            d.reason_text()
                        );
                    }
                }
            }
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "similar_to over {samples} random leads of {max}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({found} duplicates found)",
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
    if !args.iter().any(|a| a == "--no-scan") {
        let t = Instant::now();
        let clusters = similarity::scan(&mut conn, &admin, 200).expect("scan");
        println!(
            "scan: {:.1} s, {} clusters shown (best {}%)",
            t.elapsed().as_secs_f64(),
            clusters.len(),
            clusters.first().map_or(0, |c| c.score)
        );
    }
    println!("{}", peak_rss());
}
