//! `leadbook dedupe-scan` and `leadbook dedupe-train`: the duplicate finder's pairs as CSV,
//! and its model re-estimated from the database.

use leadbook::config::Config;

use super::{check_options, open, option};

pub fn dedupe_scan(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--csv"])?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let pairs = match option(options, "--csv")? {
        Some(path) => {
            let file =
                std::fs::File::create(path).map_err(|e| format!("cannot write {path}: {e}"))?;
            leadbook::domain::similarity::scan_to_csv(&mut conn, std::io::BufWriter::new(file))
        }
        None => leadbook::domain::similarity::scan_to_csv(&mut conn, std::io::stdout().lock()),
    }
    .map_err(|e| e.to_string())?;
    eprintln!(
        "{pairs} probable duplicate pairs found in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn dedupe_train(config: &Config, rekey: bool) -> Result<(), String> {
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    if rekey {
        let records =
            leadbook::domain::similarity::rebuild_all(&mut conn).map_err(|e| e.to_string())?;
        eprintln!(
            "match keys of {records} records rebuilt in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    let model = leadbook::domain::similarity::train::train(&mut conn).map_err(|e| e.to_string())?;
    eprintln!(
        "model estimated on {} records and {} candidate pairs ({} merges, {} rejections) in {:.1}s",
        model.records,
        model.pairs,
        model.merges,
        model.rejections,
        started.elapsed().as_secs_f64()
    );
    for (field, level, m, u, weight) in model.table() {
        println!(
            "{:<9} {:<15} m {m:.4}  u {u:.2e}  weight {weight:+.1}",
            field.code(),
            level
        );
    }
    Ok(())
}
