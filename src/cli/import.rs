//! `leadbook import`: a CSV file imported (or only checked) as a user, with a report of
//! every row that was not created.

use std::io::Write;

use leadbook::config::Config;
use leadbook::db;
use leadbook::domain::audit::{self, Action, Origin, Target};
use leadbook::domain::import::jobs::report_counts;
use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
use leadbook::domain::models::leads::Kind;
use leadbook::domain::models::{stages, users};

use super::accounts::no_such_login;
use super::say::{num, t, t_with};
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
        let f = std::fs::File::open(file).map_err(|e| {
            t_with(
                "cli.cannot_read",
                &[("file", file.to_string()), ("error", e.to_string())],
            )
        })?;
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
            let values = [("done", num(done)), ("total", num(total))];
            eprintln!("{}", t_with("cli.import.progress", &values));
            last = std::time::Instant::now();
        }
        Ok(())
    };
    let report = if check_only {
        import::check(
            &mut conn,
            user.id,
            &mut source,
            &mapping,
            kind,
            &mut progress,
        )
    } else {
        audited_import(&mut conn, &actor, total, |c| {
            import::import(c, &actor, &mut source, &mapping, &options, &mut progress)
        })
    }
    .map_err(|e| e.to_string())?;
    print_report(&report, check_only)?;
    let large = options.large && policy == Policy::Create && !check_only;
    print_timing(
        &report,
        started.elapsed().as_secs_f64(),
        policy,
        check_only,
        large,
    );
    Ok(())
}

/// How long it took, at what rate, with which policy (on standard error).
/// Runs `import` between its two audit records (started, finished with the counts), from
/// the command line, as the user it imports for.
fn audited_import(
    conn: &mut db::DbConn,
    actor: &leadbook::domain::access::Actor,
    total: usize,
    import: impl FnOnce(&mut db::DbConn) -> Result<import::Report, leadbook::domain::DomainError>,
) -> Result<import::Report, leadbook::domain::DomainError> {
    let origin = Origin::command_line();
    let target = || Target::none().with("as_user", actor.id.0);
    audit::record(
        conn,
        &origin,
        Action::ImportStarted,
        target().with("rows", total),
    )?;
    let report = import(conn)?;
    let target = report_counts(target(), &report);
    audit::record(conn, &origin, Action::ImportFinished, target)?;
    Ok(report)
}

fn print_timing(report: &import::Report, secs: f64, policy: Policy, check_only: bool, large: bool) {
    let key = if check_only {
        "cli.import.timing_checked"
    } else {
        "cli.import.timing_imported"
    };
    let values = [
        ("secs", format!("{secs:.1}")),
        (
            "rate",
            format!("{:.0}", report.rows as f64 / secs.max(0.001)),
        ),
        ("policy", policy.as_str().to_string()),
        (
            "large",
            if large {
                t("cli.import.large_load")
            } else {
                String::new()
            },
        ),
    ];
    eprintln!("{}", t_with(key, &values));
}

/// The user to import as: `login`, else the first active admin, else manager.
fn importer(conn: &mut db::DbConn, login: Option<&str>) -> Result<users::User, String> {
    Ok(match login {
        Some(login) => users::find_by_login(conn, login).map_err(|_| no_such_login(login))?,
        None => {
            let everyone = users::list(conn).map_err(|e| e.to_string())?;
            let first = |role| everyone.iter().find(|u| u.role == role && u.active);
            first(users::Role::Admin)
                .or_else(|| first(users::Role::Manager))
                .cloned()
                .ok_or_else(|| t("cli.import.no_importer"))?
        }
    })
}

/// Prints the report: the counts, every error, and every row skipped as a duplicate.
fn print_report(report: &import::Report, check_only: bool) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    let line = |out: &mut std::io::StdoutLock, text: String| {
        writeln!(out, "{text}").map_err(|e| e.to_string())
    };
    let counts = [
        ("rows", num(report.rows)),
        ("valid", num(report.valid())),
        ("invalid", num(report.invalid)),
        ("created", num(report.created)),
        ("updated", num(report.updated)),
        ("merged", num(report.merged)),
        ("unchanged", num(report.unchanged)),
        ("skipped", num(report.skipped)),
    ];
    let key = if check_only {
        "cli.import.checked"
    } else {
        "cli.import.report"
    };
    line(&mut out, t_with(key, &counts))?;
    for e in &report.errors {
        let column = if e.column.is_empty() { "-" } else { &e.column };
        let values = [
            ("row", e.row.to_string()),
            ("column", column.to_string()),
            ("error", super::say::msg(&e.message)),
        ];
        line(&mut out, t_with("cli.import.row_error", &values))?;
    }
    if report.invalid > report.errors.len() {
        line(&mut out, t("cli.import.more_errors"))?;
    }
    for (row, lead) in &report.skipped_rows {
        let values = [("row", row.to_string()), ("lead", lead.to_string())];
        line(&mut out, t_with("cli.import.row_skipped", &values))?;
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
        let values = [("columns", ignored.join(", "))];
        eprintln!("{}", t_with("cli.import.ignored", &values));
    }
}
