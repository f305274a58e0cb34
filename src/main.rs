//! The `leadbook` command: `serve` (default), `migrate`, `demo`, `user create`,
//! `token create`. Flags and environment variables are described in `README.md`.

mod cli;

use std::process::ExitCode;

use leadbook::config::Config;

use cli::USAGE;

/// mimalloc instead of the system allocator: the import's checking threads and its writer
/// allocate and free millions of short strings across threads, where glibc's arenas spent a
/// fifth of the CPU time (BENCHMARKS.md, CSV import).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    cli::set_language(config.language);
    let words: Vec<&str> = rest.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["serve"] => cli::serve(&config),
        ["migrate"] => cli::migrate(&config),
        ["demo", options @ ..] => cli::demo(&config, options),
        ["user", "create", options @ ..] => cli::user_create(&config, options),
        ["token", "create", options @ ..] => cli::token_create(&config, options),
        ["dedupe-scan", options @ ..] => cli::dedupe_scan(&config, options),
        ["dedupe-train"] => cli::dedupe_train(&config, false),
        ["dedupe-train", "--rekey"] => cli::dedupe_train(&config, true),
        ["dedupe-counts"] => cli::dedupe_counts(&config, false),
        ["dedupe-counts", "--all"] => cli::dedupe_counts(&config, true),
        ["import", file, options @ ..] => cli::import_csv(&config, file, options),
        ["backup", file] => cli::backup(&config, file),
        ["restore", file] => cli::restore(&config, file),
        ["help" | "--help" | "-h"] => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            let refusal = cli::t_with("cli.unknown_command", &[("command", rest.join(" "))]);
            Err(format!("{refusal}\n\n{USAGE}"))
        }
    }
}
