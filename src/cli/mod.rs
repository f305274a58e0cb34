//! The `leadbook` command's subcommands, one file each (`main.rs` parses the arguments and
//! dispatches here), and what they share: the usage text, opening the database, reading
//! options.

mod accounts;
mod backup;
mod dedupe;
mod demo;
mod import;
mod say;
mod serve;

use leadbook::config::Config;
use leadbook::db;

pub use accounts::{token_create, user_create};
pub use backup::{backup, restore};
pub use dedupe::{dedupe_counts, dedupe_scan, dedupe_train};
pub use demo::demo;
pub use import::import_csv;
pub use say::{set_language, t_with};
pub use serve::serve;

/// The help text: every subcommand with its options.
pub const USAGE: &str = "\
Usage: leadbook [--database FILE|URL] [--bind ADDR] [--secure-cookies] [--trust-proxy]
                [--session-max-age DURATION] [--session-idle DURATION]
                [--secret-key-file FILE] [--metrics-token-file FILE] [COMMAND]

Commands:
  serve                                   run the web app (default)
  migrate                                 create or update the database schema
  demo [--leads N] [--duplicates F] [--truth FILE] [--lang en|it|ru|vi]
                                          load deterministic demo data; a share F (0-1)
                                          of the persons gets 1-4 corrupted copies, and
                                          FILE receives the true duplicate pairs as CSV;
                                          names, language, currency and country are the
                                          company's of --lang (default en)
  user create --login L --role R [--name N] [--email E]
                                          create a user; the password is read from stdin
  token create --login L [--name N]       print a new API token for that user
  import FILE.csv [--policy create|skip|merge] [--as LOGIN] [--kind lead|opportunity] [--check]
                                          import leads from CSV (UTF-8, comma or semicolon)
                                          as LOGIN (default: the first admin, else manager);
                                          a duplicate is skipped (default), merged into its
                                          match, or created anyway; prints a report
                                          (--check: only check every row, write nothing)
  dedupe-scan [--csv FILE]                write probable duplicate pairs with their match
                                          probability, cluster and weighted reasons as CSV
                                          (to FILE, or standard output)
  dedupe-train [--rekey]                  re-estimate the duplicate finder's model from the
                                          database and the users' merge/reject decisions
                                          (--rekey: first rebuild every record's match keys,
                                          after an upgrade that added key kinds)
  dedupe-counts [--all]                   compute the stored duplicate count (the kanban's
                                          badge) of every lead that has none (pages compute
                                          missing ones themselves); --all: recompute all
  backup FILE                             write a consistent copy of the SQLite database to
                                          FILE (never overwritten), also while serve runs;
                                          PostgreSQL: prints how to use pg_dump
  restore FILE                            replace the SQLite database with the backup FILE
                                          after checking it (stop the server first); the
                                          current one is kept as DB.before-restore-TIME
";

/// Creates or updates the database schema.
pub fn migrate(config: &Config) -> Result<(), String> {
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let applied = db::migrate(&mut conn).map_err(|e| e.to_string())?;
    println!(
        "{}",
        say::counted(
            "cli.migrated",
            applied,
            &[("database", config.database.clone())]
        )
    );
    Ok(())
}

fn open(config: &Config) -> Result<db::DbPool, String> {
    db::connect(&config.database, config.pool_size).map_err(|e| e.to_string())
}

/// The value after `--name` in `options`.
fn option<'a>(options: &[&'a str], name: &str) -> Result<Option<&'a str>, String> {
    match options.iter().position(|o| *o == name) {
        Some(i) => options
            .get(i + 1)
            .map(|v| Some(*v))
            .ok_or_else(|| say::t_with("cli.needs_value", &[("flag", name.to_string())])),
        None => Ok(None),
    }
}

fn check_options(options: &[&str], known: &[&str]) -> Result<(), String> {
    let mut it = options.iter();
    while let Some(flag) = it.next() {
        if !known.contains(flag) {
            let refusal = say::t_with("cli.unknown_option", &[("option", flag.to_string())]);
            return Err(format!("{refusal}\n\n{USAGE}"));
        }
        it.next();
    }
    Ok(())
}
