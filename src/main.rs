//! The `leadbook` command: `serve` (default), `migrate`, `demo`, `user create`,
//! `token create`. Flags and environment variables are described in `README.md`.

use std::io::{BufRead, Write};
use std::net::TcpListener;
use std::process::ExitCode;

use actix_web::cookie::Key;
use leadbook::config::Config;
use leadbook::db;
use leadbook::domain::import::jobs;
use leadbook::domain::models::{api_tokens, settings, stages, users};

/// mimalloc instead of the system allocator: the import's checking threads and its writer
/// allocate and free millions of short strings across threads, where glibc's arenas spent a
/// fifth of the CPU time (BENCHMARKS.md, CSV import).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
Usage: leadbook [--database FILE|URL] [--bind ADDR] [--secure-cookies] [--trust-proxy]
                [--session-max-age DURATION] [--session-idle DURATION]
                [--secret-key-file FILE] [COMMAND]

Commands:
  serve                                   run the web app (default)
  migrate                                 create or update the database schema
  demo [--leads N] [--duplicates F] [--truth FILE]
                                          load deterministic demo data; a share F (0-1)
                                          of the persons gets 1-4 corrupted copies, and
                                          FILE receives the true duplicate pairs as CSV
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
";

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("leadbook: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let (config, rest) = Config::from_env_and_args(|k| std::env::var(k).ok(), args)?;
    let words: Vec<&str> = rest.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["serve"] => serve(&config),
        ["migrate"] => {
            let pool = open(&config)?;
            let mut conn = pool.get().map_err(|e| e.to_string())?;
            let applied = db::migrate(&mut conn).map_err(|e| e.to_string())?;
            println!(
                "database {} is up to date ({applied} migrations applied now)",
                config.database
            );
            Ok(())
        }
        ["demo", options @ ..] => demo(&config, options),
        ["user", "create", options @ ..] => user_create(&config, options),
        ["token", "create", options @ ..] => token_create(&config, options),
        ["dedupe-scan", options @ ..] => dedupe_scan(&config, options),
        ["dedupe-train"] => dedupe_train(&config, false),
        ["dedupe-train", "--rekey"] => dedupe_train(&config, true),
        ["import", file, options @ ..] => import_csv(&config, file, options),
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command '{}'\n\n{USAGE}", rest.join(" "))),
    }
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
            .ok_or_else(|| format!("{name} needs a value")),
        None => Ok(None),
    }
}

fn check_options(options: &[&str], known: &[&str]) -> Result<(), String> {
    let mut it = options.iter();
    while let Some(flag) = it.next() {
        if !known.contains(flag) {
            return Err(format!("unknown option '{flag}'\n\n{USAGE}"));
        }
        it.next();
    }
    Ok(())
}

/// PostgreSQL keeps a killed process's connection, and the lock on its running import,
/// until it has rolled its transaction back: look again every half second for two minutes,
/// so that such a job turns `interrupted` soon after the start instead of at the next one.
/// A job that another live instance runs stays held all along and is left alone.
fn recover_later(pool: db::DbPool) {
    std::thread::spawn(move || {
        for _ in 0..240 {
            std::thread::sleep(std::time::Duration::from_millis(500));
            let recovery = pool
                .get()
                .map_err(|e| e.to_string())
                .and_then(|mut conn| jobs::recover(&mut conn).map_err(|e| e.to_string()));
            match recovery {
                Ok(recovery) if recovery.held == 0 => return,
                Ok(_) => {}
                Err(e) => log::warn!("looking for interrupted imports: {e}"),
            }
        }
    });
}

fn serve(config: &Config) -> Result<(), String> {
    let pool = open(config)?;
    let configured = config.session_key()?;
    let key = {
        let mut conn = pool.get().map_err(|e| e.to_string())?;
        stages::ensure_defaults(&mut conn).map_err(|e| e.to_string())?;
        // Imports left running by a previous process that died: offer Run again / Discard.
        let recovery = jobs::recover(&mut conn).map_err(|e| e.to_string())?;
        if recovery.held > 0 {
            recover_later(pool.clone());
        }
        match configured {
            Some(key) => key,
            None => settings::session_key(&mut conn).map_err(|e| e.to_string())?,
        }
    };
    let key = Key::try_from(key.as_slice()).map_err(|e| format!("session key: {e}"))?;
    // The first phone parse loads metadata, and the first unknown login would make the
    // dummy password hash: do both before the first request.
    let _ = leadbook::domain::values::Phone::parse("+393331234567", "IT");
    users::prepare_dummy_hash();
    let listener = TcpListener::bind(config.bind)
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "Leadbook is running on http://{address}/  (database: {})",
        config.database
    );
    let state = leadbook::web::AppState { pool };
    let options = leadbook::web::WebOptions {
        secure_cookies: config.secure_cookies,
        sessions: config.sessions,
        trust_proxy: config.trust_proxy,
    };
    actix_web::rt::System::new().block_on(async move {
        leadbook::web::server_with(state, key, options, listener)
            .map_err(|e| e.to_string())?
            .await
            .map_err(|e| e.to_string())
    })
}

fn demo(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--leads", "--duplicates", "--truth"])?;
    let leads: usize = match option(options, "--leads")? {
        Some(n) => n
            .parse()
            .map_err(|_| format!("--leads: '{n}' is not a number"))?,
        None => leadbook::demo::DemoOptions::default().leads,
    };
    let duplicates: f64 = match option(options, "--duplicates")? {
        Some(f) => f
            .parse()
            .ok()
            .filter(|f| (0.0..=1.0).contains(f))
            .ok_or_else(|| format!("--duplicates: '{f}' is not a share between 0 and 1"))?,
        None => 0.0,
    };
    // Open the truth file first: a path that cannot be written fails before the load.
    let truth = match option(options, "--truth")? {
        Some(path) => Some((
            path,
            std::fs::File::create(path).map_err(|e| format!("cannot write {path}: {e}"))?,
        )),
        None => None,
    };
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let report = leadbook::demo::load(
        &mut conn,
        &leadbook::demo::DemoOptions { leads, duplicates },
    )
    .map_err(|e| e.to_string())?;
    println!(
        "loaded {} leads and opportunities with {} planted duplicate groups in {:.1}s",
        report.leads,
        report.planted.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some((path, file)) = truth {
        let pairs = report
            .write_truth(std::io::BufWriter::new(file))
            .map_err(|e| format!("cannot write {path}: {e}"))?;
        println!(
            "{pairs} true duplicate pairs ({} persons with more than one lead) written to {path}",
            report.truth.len()
        );
    }
    let logins: Vec<&str> = leadbook::demo::DEMO_LOGINS.iter().map(|l| l.0).collect();
    println!(
        "demo logins: {} (password: {})",
        logins.join(", "),
        leadbook::demo::DEMO_PASSWORD
    );
    Ok(())
}

fn user_create(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--login", "--role", "--name", "--email"])?;
    let login = option(options, "--login")?.ok_or("--login is required")?;
    let role = option(options, "--role")?.ok_or("--role is required")?;
    let name = option(options, "--name")?.unwrap_or(login);
    let email = option(options, "--email")?.unwrap_or("");
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| format!("cannot read the password from stdin: {e}"))?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    let input = users::UserInput {
        login: login.into(),
        name: name.into(),
        email: email.into(),
        role: role.into(),
        language: "en".into(),
        password: password.clone(),
        password_confirm: password,
    };
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let user = users::create(&mut conn, &input).map_err(|e| e.to_string())?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "created {} ({}) with id {}",
        user.login,
        user.role.as_str(),
        user.id
    )
    .map_err(|e| e.to_string())
}

fn token_create(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--login", "--name"])?;
    let login = option(options, "--login")?.ok_or("--login is required")?;
    let name = option(options, "--name")?.unwrap_or("");
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let user = users::find_by_login(&mut conn, login)
        .map_err(|_| format!("no user with login '{login}'"))?;
    let token = api_tokens::create(&mut conn, user.id, name).map_err(|e| e.to_string())?;
    println!("{token}");
    Ok(())
}

fn dedupe_scan(config: &Config, options: &[&str]) -> Result<(), String> {
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

fn dedupe_train(config: &Config, rekey: bool) -> Result<(), String> {
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

fn import_csv(config: &Config, file: &str, options: &[&str]) -> Result<(), String> {
    use leadbook::domain::import::{self, Mapping, Options, Policy, Source};
    use leadbook::domain::models::leads::Kind;
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
    let kind = Kind::parse(option(options, "--kind")?.unwrap_or("lead"))?;
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    stages::ensure_defaults(&mut conn).map_err(|e| e.to_string())?;
    let user = match option(options, "--as")? {
        Some(login) => users::find_by_login(&mut conn, login)
            .map_err(|_| format!("no user with login '{login}'"))?,
        None => {
            let everyone = users::list(&mut conn).map_err(|e| e.to_string())?;
            let first = |role| everyone.iter().find(|u| u.role == role && u.active);
            first(users::Role::Admin)
                .or_else(|| first(users::Role::Manager))
                .cloned()
                .ok_or("no admin or manager to import as; pass --as LOGIN")?
        }
    };
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
    let ignored: Vec<&str> = source
        .headers
        .iter()
        .zip(&mapping.columns)
        .filter(|(_, f)| f.is_none())
        .map(|(h, _)| h.as_str())
        .collect();
    if !ignored.is_empty() {
        eprintln!("ignoring columns: {}", ignored.join(", "));
    }
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
