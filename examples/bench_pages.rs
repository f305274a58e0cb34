//! Times the queries behind the busiest pages on an existing database (not a test):
//! the pipeline (kanban, also with a search), the first list page, a filtered list page and
//! a search, each the median of 20 runs through the domain functions the web handlers call.
//!
//! ```text
//! cargo run --release --example bench_pages -- /path/to/leadbook.db [login] [search]
//! ```
//! `login` picks the user whose rights apply (default: the first admin); `search` is the
//! text searched (default "ivan").

use std::time::{Duration, Instant};

use leadbook::db;
use leadbook::domain::access::Actor;
use leadbook::domain::ids::LeadId;
use leadbook::domain::listing::LeadFilter;
use leadbook::domain::listing::pipeline::{self, CARDS_PER_COLUMN};
use leadbook::domain::listing::query;
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::users::{self, Role};
use leadbook::domain::similarity;

const RUNS: usize = 20;

fn median(mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache once
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn pairs(query: &str) -> Vec<(String, String)> {
    serde_html_form::from_str(query).unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: bench_pages <database file> [login] [search]");
        std::process::exit(2);
    };
    let pool = db::connect(path, 1)?;
    let mut conn = pool.get()?;
    let user = match args.get(1) {
        Some(login) => users::find_by_login(&mut conn, login)?,
        None => users::list(&mut conn)?
            .into_iter()
            .find(|u| u.role == Role::Admin)
            .ok_or("no admin user")?,
    };
    let actor = Actor::new(&user, users::team_ids(&mut conn, user.id)?);
    let search = args.get(2).cloned().unwrap_or_else(|| "ivan".into());
    let filter = |q: &str| LeadFilter::parse(&pairs(q), Kind::Opportunity, &actor, true);
    let total: i64 = {
        use diesel::prelude::*;
        leadbook::db::schema::leads::table
            .count()
            .get_result(&mut conn)?
    };
    println!(
        "database: {path} ({total} leads), as {} ({:?})",
        user.login, user.role
    );

    let kanban = filter("");
    let limit = |_: i32| CARDS_PER_COLUMN;
    let t = median(|| {
        pipeline::kanban(&mut conn, &actor, &kanban, &limit).expect("kanban");
    });
    println!("pipeline (kanban, /pipeline):            {:>8.1} ms", ms(t));
    // The cards' similar-records badges must say what each record's Similar Leads says.
    let columns = pipeline::kanban(&mut conn, &actor, &kanban, &limit)?;
    let cards: Vec<&pipeline::Card> = columns.iter().flat_map(|c| c.cards.iter()).collect();
    for card in &cards {
        let expected = similarity::count_similar(&mut conn, &actor, LeadId(card.id))?;
        assert_eq!(card.similar, expected, "badge of card {}", card.id);
    }
    println!(
        "  badges checked: {} cards, {} with a badge, each equal to its Similar Leads count",
        cards.len(),
        cards.iter().filter(|c| c.similar > 0).count()
    );

    let kanban_searched = filter(&format!("q={search}"));
    let t = median(|| {
        pipeline::kanban(&mut conn, &actor, &kanban_searched, &limit).expect("kanban");
    });
    println!(
        "pipeline searched (/pipeline?q={search}):  {:>8.1} ms",
        ms(t)
    );

    let first = filter("");
    let t = median(|| {
        query::list(&mut conn, &actor, &first).expect("list");
    });
    println!("first list page (/opportunities):        {:>8.1} ms", ms(t));

    let filtered = filter("filter=won&sort=revenue&dir=desc");
    let t = median(|| {
        query::list(&mut conn, &actor, &filtered).expect("filtered");
    });
    println!(
        "filtered list (?filter=won&sort=revenue):  {:>6.1} ms",
        ms(t)
    );

    let searched = filter(&format!("filter=all&q={search}"));
    let t = median(|| {
        query::list(&mut conn, &actor, &searched).expect("search");
    });
    println!(
        "search (?q={search}):                     {:>8.1} ms",
        ms(t)
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
