//! Makes the 1,000,000-row file for the import benchmark: every lead of a database,
//! exported in the format `leadbook import` reads back, with an external id (`crm-ID`) added
//! to every row that has none, so a second import of the same file updates instead of
//! duplicating.
//!
//! ```text
//! cargo run --release --example import_bench -- /tmp/bench1m2.db /tmp/import1m.csv
//! /usr/bin/time -v target/release/leadbook --database /tmp/fresh.db import /tmp/import1m.csv --policy create
//! ```

use std::io::Write;
use std::time::Instant;

use diesel::prelude::*;
use leadbook::db::schema::leads;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(db), Some(out)) = (args.first(), args.get(1)) else {
        return Err("usage: import_bench DATABASE OUT.csv".into());
    };
    let pool = leadbook::db::connect(db, 1)?;
    let mut conn = pool.get()?;
    let started = Instant::now();
    let ids: Vec<leadbook::domain::ids::LeadId> = leads::table
        .filter(leads::merged_into_id.is_null())
        .order(leads::id)
        .select(leads::id)
        .load(&mut conn)?;
    let plain = format!("{out}.plain");
    let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&plain)?);
    let n = leadbook::domain::import::export::write_csv(&mut conn, &ids, &mut file)?;
    file.flush()?;
    drop(file);
    // Column 1 is external_id: give every record one, as a file from another system has.
    let mut reader = csv::Reader::from_path(&plain)?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(out)?,
    ));
    writer.write_record(reader.headers()?)?;
    for record in reader.records() {
        let record = record?;
        let mut cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.get(1).is_some_and(String::is_empty) {
            cells[1] = format!("crm-{}", cells[0]);
        }
        writer.write_record(&cells)?;
    }
    writer.flush()?;
    std::fs::remove_file(&plain)?;
    println!(
        "exported {n} leads to {out} in {:.1}s ({} MB)",
        started.elapsed().as_secs_f64(),
        std::fs::metadata(out)?.len() / 1_000_000
    );
    Ok(())
}
