//! `leadbook import`: a CSV file imported (or only checked) as a user, with a report of
//! every row that was not created.

use std::io::Write;

use leadbook::config::Config;
use leadbook::db;
use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{stages, users};

use super::{check_options, open, option};

pub fn import_csv(config: &Config, file: &str, options: &[&str]) -> Result<(), String> {
    let check_only = options.contains(&"--check");
    let options: Vec<&str> = options
        .iter()
        .copied()
        .filter(|o| *o != "--check")
        .collect();
    let options = options.as_slice();
    check_options(options, &["--policy", "--as", "--kind"])?;
    let policy =
        Policy::read(option(options, "--policy")?.unwrap_or("skip")).map_err(|e| e.to_string())?;
    let kind =
        Kind::parse(option(options, "--kind")?.unwrap_or("lead")).map_err(|m| m.to_string())?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    stages::ensure_defaults(&mut conn).map_err(|e| e.to_string())?;
    let user = importer(&mut conn, option(options, "--as")?)?;
    let teams = users::team_ids(&mut conn, user.id).map_err(|e| e.to_string())?;
    let actor = leadbook::domain::access::Actor::new(&user, teams);
    let reader = || -> Result<_, String> {
        let f = std::fs::File::open(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        Ok(std::io::BufReader::with_capacity(1 << 16, f))
    };
    let total = Source::open(reader()?)
        .map_err(|e| e.to_string())?
        .count_rest();
    let mut source = Source::open(reader()?).map_err(|e| e.to_string())?;
    let mapping = Mapping::guess(&source.headers);
    warn_ignored(&source.headers, &mapping);
    let options = Options {
        policy,
        kind,
        large: total >= import::LARGE_IMPORT,
    };
    let started = std::time::Instant::now();
    let mut last = std::time::Instant::now();
    let mut progress = |_: &mut db::DbConn, done: usize| {
        if last.elapsed().as_secs() >= 5 {
            eprintln!("{done} of {total} rows read");
            last = std::time::Instant::now();
        }
        Ok(())
    };
    let report = if check_only {
        import::check(&mut conn, &mut source, &mapping, kind, &mut progress)
    } else {
        import::import(
            &mut conn,
            &actor,
            &mut source,
            &mapping,
            &options,
            &mut progress,
        )
    }
    .map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    print_report(&report, check_only)?;
    eprintln!(
        "{} in {secs:.1}s ({:.0} rows/s, policy {}{})",
        if check_only { "checked" } else { "imported" },
        report.rows as f64 / secs.max(0.001),
        policy.as_str(),
        if options.large && policy == Policy::Create && !check_only {
            ", large load: one transaction, indexes built at the end, match keys appended"
        } else {
            ""
        }
    );
    Ok(())
}

/// The user to import as: `login`, else the first active admin, else manager.
fn importer(conn: &mut db::DbConn, login: Option<&str>) -> Result<users::User, String> {
    Ok(match login {
        Some(login) => users::find_by_login(conn, login)
            .map_err(|_| format!("no user with login '{login}'"))?,
        None => {
            let everyone = users::list(conn).map_err(|e| e.to_string())?;
            let first = |role| everyone.iter().find(|u| u.role == role && u.active);
            first(users::Role::Admin)
                .or_else(|| first(users::Role::Manager))
                .cloned()
                .ok_or("no admin or manager to import as; pass --as LOGIN")?
        }
    })
}

/// Prints the report: the counts, every error, and every row skipped as a duplicate.
fn print_report(report: &import::Report, check_only: bool) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    let line = |out: &mut std::io::StdoutLock, text: String| {
        writeln!(out, "{text}").map_err(|e| e.to_string())
    };
    if check_only {
        line(
            &mut out,
            format!(
                "{} rows read: {} valid, {} invalid (checked only, nothing written)",
                report.rows,
                report.valid(),
                report.invalid
            ),
        )?;
    } else {
        line(
            &mut out,
            format!(
                "{} rows read: {} created, {} updated (same external_id), {} merged into a \
             duplicate, {} unchanged, {} skipped as duplicates, {} invalid",
                report.rows,
                report.created,
                report.updated,
                report.merged,
                report.unchanged,
                report.skipped,
                report.invalid
            ),
        )?;
    }
    for e in &report.errors {
        let column = if e.column.is_empty() { "-" } else { &e.column };
        line(&mut out, format!("row {}, {column}: {}", e.row, e.message))?;
    }
    if report.invalid > report.errors.len() {
        line(&mut out, "(more errors not listed)".to_string())?;
    }
    for (row, lead) in &report.skipped_rows {
        line(
            &mut out,
            format!("row {row}: skipped, duplicate of lead #{lead}"),
        )?;
    }
    Ok(())
}

/// Warns about the file's columns that map to no field.
fn warn_ignored(headers: &[String], mapping: &Mapping) {
    let ignored: Vec<&str> = headers
        .iter()
        .zip(&mapping.columns)
        .filter(|(_, f)| f.is_none())
        .map(|(h, _)| h.as_str())
        .collect();
    if !ignored.is_empty() {
        eprintln!("ignoring columns: {}", ignored.join(", "));
    }
}
