//! What the application counts and times for `GET /metrics`: the metric names and their
//! help texts, the Prometheus recorder (installed once per process, only when metrics are
//! enabled), and the small recording functions the domain, the import runner and the
//! webhook worker call. Without the recorder (metrics off, the command line, the domain
//! tests) every record is a no-op.
//!
//! Labels carry no ids and nothing personal: a route's pattern, a method, a status, an
//! outcome.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::config::{Config, SecretKey};
use crate::i18n::Msg;
use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

pub const HTTP_REQUESTS: &str = "leadbook_http_requests_total";
pub const HTTP_DURATION: &str = "leadbook_http_request_duration_seconds";
pub const POOL_CONNECTIONS: &str = "leadbook_db_pool_connections";
pub const POOL_IDLE: &str = "leadbook_db_pool_idle_connections";
pub const FINDER_LOOKUPS: &str = "leadbook_finder_lookups_total";
pub const FINDER_LOOKUP_DURATION: &str = "leadbook_finder_lookup_duration_seconds";
pub const FINDER_SCANS: &str = "leadbook_finder_scans_total";
pub const FINDER_SCAN_DURATION: &str = "leadbook_finder_scan_duration_seconds";
pub const IMPORT_JOBS: &str = "leadbook_import_jobs_finished_total";
pub const IMPORT_ROWS: &str = "leadbook_import_rows_total";
pub const WEBHOOK_DELIVERIES: &str = "leadbook_webhook_deliveries_total";
pub const WEBHOOK_DURATION: &str = "leadbook_webhook_delivery_duration_seconds";

/// Buckets of the request and lookup histograms (seconds): a page takes milliseconds.
const FAST_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Buckets of the database-wide scan (seconds): it takes seconds to minutes.
const SCAN_BUCKETS: &[f64] = &[
    0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the Prometheus recorder on the first call (every test server of a test process
/// shares it) and describes the metrics; returns the handle that renders them.
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(FAST_BUCKETS)
            .and_then(|b| {
                b.set_buckets_for_metric(Matcher::Full(FINDER_SCAN_DURATION.into()), SCAN_BUCKETS)
            })
            .expect("the histogram buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        if let Err(e) = metrics::set_global_recorder(recorder) {
            log::warn!("metrics: another recorder is installed: {e}");
        }
        describe();
        handle
    })
}

/// The handle, when [`install`] ran.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE.get()
}

/// The HELP and unit of every metric.
fn describe() {
    describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests answered, by method, route pattern and status."
    );
    describe_histogram!(
        HTTP_DURATION,
        Unit::Seconds,
        "Time to answer an HTTP request, by route pattern."
    );
    describe_gauge!(
        POOL_CONNECTIONS,
        "Database connections the pool holds (at scrape time)."
    );
    describe_gauge!(
        POOL_IDLE,
        "Database connections of the pool not in use (at scrape time)."
    );
    describe_counter!(
        FINDER_LOOKUPS,
        "Duplicate-finder look-ups of one record (Similar Leads, a record's warnings, the API)."
    );
    describe_histogram!(
        FINDER_LOOKUP_DURATION,
        Unit::Seconds,
        "Time of one duplicate-finder look-up."
    );
    describe_counter!(
        FINDER_SCANS,
        "Database-wide duplicate scans (duplicates page, API, dedupe-scan)."
    );
    describe_histogram!(
        FINDER_SCAN_DURATION,
        Unit::Seconds,
        "Time of one database-wide duplicate scan."
    );
    describe_counter!(
        IMPORT_JOBS,
        "Import jobs of the web page that ended, by outcome (done, failed)."
    );
    describe_counter!(
        IMPORT_ROWS,
        "Rows of finished imports, by result (created, updated, merged, unchanged, skipped, invalid)."
    );
    describe_counter!(
        WEBHOOK_DELIVERIES,
        "Webhook delivery attempts, by outcome (delivered, retry, failed)."
    );
    describe_histogram!(
        WEBHOOK_DURATION,
        Unit::Seconds,
        "Time of one webhook delivery attempt (the POST)."
    );
}

/// Seconds since `started`.
fn since(started: Instant) -> f64 {
    started.elapsed().as_secs_f64()
}

/// One answered HTTP request.
pub fn http_request(method: &'static str, route: String, status: u16, took: Duration) {
    metrics::histogram!(HTTP_DURATION, "route" => route.clone()).record(took.as_secs_f64());
    let status = status.to_string();
    metrics::counter!(HTTP_REQUESTS, "method" => method, "route" => route, "status" => status)
        .increment(1);
}

/// The pool's size and idle connections, as the scrape sees them.
pub fn pool_state(connections: u32, idle: u32) {
    metrics::gauge!(POOL_CONNECTIONS).set(connections);
    metrics::gauge!(POOL_IDLE).set(idle);
}

/// A duplicate-finder look-up of one record that began at `started`.
pub fn finder_lookup(started: Instant) {
    metrics::counter!(FINDER_LOOKUPS).increment(1);
    metrics::histogram!(FINDER_LOOKUP_DURATION).record(since(started));
}

/// A database-wide duplicate scan that began at `started`.
pub fn finder_scan(started: Instant) {
    metrics::counter!(FINDER_SCANS).increment(1);
    metrics::histogram!(FINDER_SCAN_DURATION).record(since(started));
}

/// An import job that ended: `outcome` is `done` or `failed`.
pub fn import_finished(outcome: &'static str) {
    metrics::counter!(IMPORT_JOBS, "outcome" => outcome).increment(1);
}

/// The rows of a finished import, by result (`created`, `updated`, …).
pub fn import_rows(counts: &[(&'static str, usize)]) {
    for (result, n) in counts {
        metrics::counter!(IMPORT_ROWS, "result" => *result).increment(*n as u64);
    }
}

/// One webhook delivery attempt: `outcome` is `delivered`, `retry` or `failed`.
pub fn webhook_delivery(outcome: &'static str, took: Duration) {
    metrics::counter!(WEBHOOK_DELIVERIES, "outcome" => outcome).increment(1);
    metrics::histogram!(WEBHOOK_DURATION).record(took.as_secs_f64());
}

/// The metrics token the configuration gives (`LEADBOOK_METRICS_TOKEN`, else the file of
/// `--metrics-token-file`/`LEADBOOK_METRICS_TOKEN_FILE`, trimmed), or `None`: metrics off.
/// Setting both, or a token file that cannot be read or is empty, is an error, written in
/// the configuration's language.
pub fn configured_token(config: &Config) -> Result<Option<SecretKey>, String> {
    let code = config.language.code();
    match (&config.metrics_token, &config.metrics_token_file) {
        (Some(_), Some(_)) => Err(Msg::new("metrics.two_tokens").render(code)),
        (Some(token), None) => Ok(Some(token.clone())),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let token = text.trim();
            if token.is_empty() {
                let file = path.display().to_string();
                return Err(Msg::new("metrics.token_file")
                    .text("file", file)
                    .render(code));
            }
            Ok(Some(SecretKey(token.as_bytes().to_vec())))
        }
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metrics_token_comes_from_the_environment_or_a_file() {
        let read = |env: &dyn Fn(&str) -> Option<String>, args: Vec<String>| {
            let (config, _) = Config::from_env_and_args(env, args).unwrap();
            configured_token(&config)
        };
        assert_eq!(read(&|_| None, vec![]), Ok(None));
        let env = |k: &str| (k == "LEADBOOK_METRICS_TOKEN").then(|| " s3cret\n".to_string());
        let token = read(&env, vec![]).unwrap().unwrap();
        assert_eq!(token.0, b"s3cret");
        assert!(!format!("{token:?}").contains("s3cret"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "from-file\n").unwrap();
        let args = vec![format!("--metrics-token-file={}", file.display())];
        let token = read(&|_| None, args.clone()).unwrap().unwrap();
        assert_eq!(token.0, b"from-file");
        assert!(
            read(&env, args)
                .unwrap_err()
                .contains("LEADBOOK_METRICS_TOKEN")
        );
        std::fs::write(&file, "  \n").unwrap();
        let env_file =
            |k: &str| (k == "LEADBOOK_METRICS_TOKEN_FILE").then(|| file.display().to_string());
        assert!(read(&env_file, vec![]).unwrap_err().contains("token"));
    }
}
