//! Times the demo loader on a fresh temporary SQLite file.
//!
//! `cargo run --release --example demo_bench -- 1000000`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let leads: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.sqlite3");
    let pool = leadbook::db::connect(&path.to_string_lossy(), 1)?;
    let mut conn = pool.get()?;
    let started = Instant::now();
    let report = leadbook::demo::load(
        &mut conn,
        &leadbook::demo::DemoOptions {
            leads,
            ..Default::default()
        },
    )?;
    let elapsed = started.elapsed();
    println!(
        "loaded {} leads ({} opportunities, {} lost, {} archived, {} unassigned), {} partners in {:.2?}",
        report.leads,
        report.opportunities,
        report.lost,
        report.archived,
        report.unassigned,
        report.partners,
        elapsed
    );
    for group in &report.planted {
        println!(
            "planted {:?}: leads {:?} partners {:?}",
            group.kind, group.leads, group.partners
        );
    }
    let size = std::fs::metadata(&path)?.len();
    println!("database file: {} MB", size / 1_000_000);
    Ok(())
}
