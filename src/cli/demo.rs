//! `leadbook demo`: loads the deterministic demo data (in the company language `--lang`
//! names: en, it, ru or vi), and writes the true duplicate pairs when asked.

use leadbook::config::Config;

use super::say::{num, t_with};
use super::{check_options, open, option};

pub fn demo(config: &Config, options: &[&str]) -> Result<(), String> {
    check_options(options, &["--leads", "--duplicates", "--truth", "--lang"])?;
    let lang = match option(options, "--lang")? {
        Some(code) => leadbook::i18n::Lang::from_code(code)
            .ok_or_else(|| format!("--lang: '{code}' is not one of en, it, ru, vi"))?,
        None => leadbook::i18n::Lang::En,
    };
    let leads: usize = match option(options, "--leads")? {
        Some(n) => n
            .parse()
            .map_err(|_| t_with("cli.demo.not_number", &[("raw", n.to_string())]))?,
        None => leadbook::demo::DemoOptions::default().leads,
    };
    let duplicates: f64 = match option(options, "--duplicates")? {
        Some(f) => f
            .parse()
            .ok()
            .filter(|f| (0.0..=1.0).contains(f))
            .ok_or_else(|| t_with("cli.demo.not_share", &[("raw", f.to_string())]))?,
        None => 0.0,
    };
    // Open the truth file first: a path that cannot be written fails before the load.
    let truth = match option(options, "--truth")? {
        Some(path) => Some((
            path,
            std::fs::File::create(path).map_err(|e| cannot_write(path, &e))?,
        )),
        None => None,
    };
    let pool = open(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let report = leadbook::demo::load_in(
        &mut conn,
        &leadbook::demo::DemoOptions { leads, duplicates },
        lang,
    )
    .map_err(|e| e.to_string())?;
    let values = [
        ("leads", num(report.leads)),
        ("groups", num(report.planted.len())),
        ("secs", format!("{:.1}", started.elapsed().as_secs_f64())),
    ];
    println!("{}", t_with("cli.demo.loaded", &values));
    if let Some((path, file)) = truth {
        let pairs = report
            .write_truth(std::io::BufWriter::new(file))
            .map_err(|e| cannot_write(path, &e))?;
        let values = [
            ("pairs", num(pairs)),
            ("persons", num(report.truth.len())),
            ("file", path.to_string()),
        ];
        println!("{}", t_with("cli.demo.truth", &values));
    }
    let logins: Vec<&str> = leadbook::demo::DEMO_LOGINS.iter().map(|l| l.0).collect();
    let values = [
        ("logins", logins.join(", ")),
        ("password", leadbook::demo::DEMO_PASSWORD.to_string()),
    ];
    println!("{}", t_with("cli.demo.logins", &values));
    Ok(())
}

/// The refusal of a file that cannot be written.
pub(super) fn cannot_write(path: &str, e: &std::io::Error) -> String {
    t_with(
        "cli.cannot_write",
        &[("file", path.to_string()), ("error", e.to_string())],
    )
}
