//! The webhook worker: a thread `serve` starts, never a request. It takes due deliveries
//! from the database ([`crate::domain::webhooks::deliveries`]), POSTs each signed JSON on
//! a thread of its own (at most [`WorkerOptions::parallel`] at once, so one hanging
//! receiver holds one slot, not the others), and notes the outcome. All its state is in the
//! database: a killed server's claimed deliveries are taken again once their lease ends.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::db::DbPool;
use crate::domain::webhooks::deliveries::{self, Attempt, Backoff, Claimed};
use crate::domain::webhooks::signing;

/// How the worker runs.
#[derive(Debug, Clone, Copy)]
pub struct WorkerOptions {
    pub backoff: Backoff,
    /// How often it looks for due deliveries.
    pub poll: Duration,
    /// The longest a receiver may take to answer.
    pub timeout: Duration,
    /// Deliveries sent at once.
    pub parallel: usize,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            backoff: Backoff::default(),
            poll: Duration::from_millis(500),
            timeout: Duration::from_secs(10),
            parallel: 8,
        }
    }
}

impl WorkerOptions {
    /// The defaults, with `LEADBOOK_WEBHOOK_RETRY_BASE_MS` (the first retry's delay in
    /// milliseconds; tests make it short) and `LEADBOOK_WEBHOOK_POLL_MS`.
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> WorkerOptions {
        let millis = |key: &str| {
            env(key)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|n| *n > 0)
                .map(Duration::from_millis)
        };
        let mut options = WorkerOptions::default();
        if let Some(base) = millis("LEADBOOK_WEBHOOK_RETRY_BASE_MS") {
            options.backoff.base = base;
        }
        if let Some(poll) = millis("LEADBOOK_WEBHOOK_POLL_MS") {
            options.poll = poll;
        }
        options
    }
}

/// The running worker; dropping it stops it (deliveries under way finish first).
pub struct Worker {
    stop: Arc<AtomicBool>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts the worker on `pool`.
pub fn start(pool: DbPool, options: WorkerOptions) -> Worker {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("webhooks".into())
        .spawn(move || run(&pool, options, &stopped))
        .map_err(|e| log::error!("cannot start the webhook worker: {e}"))
        .ok();
    Worker { stop }
}

fn run(pool: &DbPool, options: WorkerOptions, stop: &AtomicBool) {
    let agent = agent(options.timeout);
    let busy = Arc::new(AtomicUsize::new(0));
    // A claim outlives the longest attempt (the timeout bounds the whole request), so a live
    // worker never loses its delivery, and a dead one's comes back soon.
    let lease = options.timeout + Duration::from_secs(5);
    while !stop.load(Ordering::Relaxed) {
        let free = options
            .parallel
            .saturating_sub(busy.load(Ordering::Relaxed));
        if free > 0 {
            let claimed = pool.get().map_err(|e| e.to_string()).and_then(|mut c| {
                deliveries::claim_due(&mut c, i64::try_from(free).unwrap_or(1), lease)
                    .map_err(|e| e.to_string())
            });
            match claimed {
                Ok(claimed) => {
                    for delivery in claimed {
                        busy.fetch_add(1, Ordering::Relaxed);
                        let (pool, agent, busy) = (pool.clone(), agent.clone(), busy.clone());
                        let backoff = options.backoff;
                        std::thread::spawn(move || {
                            deliver(&pool, &agent, &delivery, &backoff);
                            busy.fetch_sub(1, Ordering::Relaxed);
                        });
                    }
                }
                Err(e) => log::warn!("webhooks: looking for due deliveries: {e}"),
            }
        }
        std::thread::sleep(options.poll);
    }
}

/// The HTTP client: a whole-request timeout, redirects not followed (a receiver answers
/// itself), any status read as an answer rather than an error.
fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("Leadbook-Webhooks/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Sends one delivery and notes the outcome.
fn deliver(pool: &DbPool, agent: &ureq::Agent, delivery: &Claimed, backoff: &Backoff) {
    let started = std::time::Instant::now();
    let attempt = send(agent, delivery);
    let took = started.elapsed();
    if let Attempt::NoAnswer(e) = &attempt {
        log::info!("webhook delivery {} to {}: {e}", delivery.id, delivery.url);
    }
    let noted = pool.get().map_err(|e| e.to_string()).and_then(|mut c| {
        deliveries::finish(&mut c, delivery.id, &attempt, backoff).map_err(|e| e.to_string())
    });
    match noted {
        Ok(status) => crate::telemetry::webhook_delivery(outcome_label(status), took),
        // The lease runs out and the delivery is sent again: at least once, never lost.
        Err(e) => log::warn!(
            "webhook delivery {}: cannot note the outcome: {e}",
            delivery.id
        ),
    }
}

/// The metrics' outcome of an attempt, from the status it left the delivery in: still
/// pending means it will be tried again.
fn outcome_label(status: &str) -> &'static str {
    match status {
        deliveries::DELIVERED => "delivered",
        deliveries::FAILED => "failed",
        _ => "retry",
    }
}

/// One signed POST.
pub fn send(agent: &ureq::Agent, delivery: &Claimed) -> Attempt {
    let timestamp = chrono::Utc::now().timestamp();
    let signature = signing::signature(&delivery.secret, timestamp, &delivery.payload);
    let answer = agent
        .post(&delivery.url)
        .header("Content-Type", "application/json")
        .header(signing::TIMESTAMP_HEADER, timestamp.to_string())
        .header(signing::EVENT_ID_HEADER, &delivery.event_id)
        .header(signing::EVENT_TYPE_HEADER, &delivery.event_type)
        .header(signing::SIGNATURE_HEADER, signature)
        .send(delivery.payload.as_bytes());
    match answer {
        Ok(response) => Attempt::Answered(response.status().as_u16()),
        Err(e) => Attempt::NoAnswer(e.to_string()),
    }
}
