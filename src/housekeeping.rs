//! The housekeeping thread `serve` starts: about once an hour it takes the daily backup when
//! the newest is a day old, prunes the folder to the number kept, and removes finished
//! imports past the retention limit ([`crate::domain::backup::housekeeping`]). It logs
//! counts and file names only, nothing personal.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::db::DbPool;
use crate::domain::backup;

/// How often a pass runs: an hour, or `LEADBOOK_HOUSEKEEPING_MS` (tests make it short).
pub fn interval_from_env(env: impl Fn(&str) -> Option<String>) -> Duration {
    env("LEADBOOK_HOUSEKEEPING_MS")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map_or(Duration::from_secs(3600), Duration::from_millis)
}

/// The running thread; dropping it stops it at its next wake-up.
pub struct Housekeeper {
    stop: Arc<AtomicBool>,
}

impl Drop for Housekeeper {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts the thread on `pool`; its first pass runs one `interval` after the start.
pub fn start(pool: DbPool, interval: Duration) -> Housekeeper {
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("housekeeping".into())
        .spawn(move || {
            while sleep(interval, &stopped) {
                pass(&pool);
            }
        })
        .map_err(|e| log::error!("cannot start the housekeeping thread: {e}"))
        .ok();
    Housekeeper { stop }
}

/// Sleeps `interval` in short steps; false once asked to stop.
fn sleep(interval: Duration, stop: &AtomicBool) -> bool {
    let until = Instant::now() + interval;
    while Instant::now() < until {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(interval.min(Duration::from_millis(500)));
    }
    !stop.load(Ordering::Relaxed)
}

fn pass(pool: &DbPool) {
    let done = pool.get().map_err(|e| e.to_string()).and_then(|mut c| {
        backup::housekeeping(&mut c, crate::domain::now()).map_err(|e| e.to_string())
    });
    match done {
        Ok(done) => {
            if let Some(file) = &done.backup {
                log::info!(
                    "housekeeping: backup {} ({} bytes)",
                    file.path.display(),
                    file.size
                );
            }
            if !done.pruned.is_empty() {
                log::info!("housekeeping: {} old backups removed", done.pruned.len());
            }
            if !done.purged.job_ids.is_empty() {
                log::info!(
                    "housekeeping: import jobs removed: {:?}",
                    done.purged.job_ids
                );
            }
        }
        Err(e) => log::warn!("housekeeping: {e}"),
    }
}
