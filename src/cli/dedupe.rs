//! `leadbook dedupe-scan`, `dedupe-train` and `dedupe-counts`: the duplicate finder's pairs
//! as CSV, its model re-estimated from the database, the stored duplicate counts filled.

use leadbook::config::Config;

use super::demo::cannot_write;
use super::say::{num, t_with};
use super::{check_options, open, option};

pub fn dedupe_scan(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--csv"])?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let pairs = match option(options, "--csv")? {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| cannot_write(path, &e))?;
            leadbook::domain::similarity::scan_to_csv(&mut conn, std::io::BufWriter::new(file))
        }
        None => leadbook::domain::similarity::scan_to_csv(&mut conn, std::io::stdout().lock()),
    }
    .map_err(|e| e.to_string())?;
    let values = [("pairs", num(pairs)), ("secs", seconds(started))];
    eprintln!("{}", t_with("cli.dedupe.scanned", &values));
    Ok(())
}

pub fn dedupe_train(config: &Config, rekey: bool) -> Result<(), String> {
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    if rekey {
        let records =
            leadbook::domain::similarity::rebuild_all(&mut conn).map_err(|e| e.to_string())?;
        let values = [("records", num(records)), ("secs", seconds(started))];
        eprintln!("{}", t_with("cli.dedupe.rekeyed", &values));
    }
    let model = leadbook::domain::similarity::train::train(&mut conn).map_err(|e| e.to_string())?;
    let count = |n: i64| num(usize::try_from(n).unwrap_or_default());
    let values = [
        ("records", count(model.records)),
        ("pairs", count(model.pairs)),
        ("merges", count(model.merges)),
        ("rejections", count(model.rejections)),
        ("secs", seconds(started)),
    ];
    eprintln!("{}", t_with("cli.dedupe.trained", &values));
    for (field, level, m, u, weight) in model.table() {
        println!(
            "{:<9} {:<15} m {m:.4}  u {u:.2e}  weight {weight:+.1}",
            field.code(),
            level
        );
    }
    Ok(())
}

/// `leadbook dedupe-counts [--all]`: computes the stored duplicate count (the kanban's
/// badge) of every lead that has none; `--all` first clears them all (after a change of
/// the finder's rules). Pages compute missing counts themselves: this only warms them.
pub fn dedupe_counts(config: &Config, all: bool) -> Result<(), String> {
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let stored = leadbook::domain::similarity::badges::fill_all;
    if all {
        leadbook::domain::similarity::stored::forget_all(&mut conn).map_err(|e| e.to_string())?;
    }
    let records = stored(&mut conn, 1000).map_err(|e| e.to_string())?;
    let values = [("records", num(records)), ("secs", seconds(started))];
    eprintln!("{}", t_with("pipespeed.counted", &values));
    Ok(())
}

/// The seconds since `started`, with one decimal.
fn seconds(started: std::time::Instant) -> String {
    format!("{:.1}", started.elapsed().as_secs_f64())
}
