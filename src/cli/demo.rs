//! `leadbook demo`: loads the deterministic demo data (in the company language `--lang`
//! names: en, it, ru or vi), and writes the true duplicate pairs when asked.

use leadbook::config::Config;

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
    let report = leadbook::demo::load_in(
        &mut conn,
        &leadbook::demo::DemoOptions { leads, duplicates },
        lang,
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
