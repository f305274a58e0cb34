//! CSV import of leads and opportunities: the same rules at this door as at every other
//! one (`LeadInput::parse`, the duplicate finder, `update_by` for existing records).
//!
//! - [`source`]: the file (BOM, `,`/`;` detection, row numbers);
//! - [`mapping`]: which column feeds which field (the export's header maps itself);
//! - [`rows`]: one row → a checked lead, or its errors by row and column;
//! - [`matcher`]: external-id and duplicate matches; [`update`]: writing into a match;
//! - [`writer`]: the batch writes by [`Policy`]; [`export`]: the CSV the import reads back;
//! - [`jobs`]: the web page's background job and its status row.
//!
//! **Transaction unit.** Rows are checked first and only valid rows are written. They are
//! written in batches, each batch in one write transaction: [`BATCH`] rows under `create`,
//! [`MATCHED_BATCH`] under `skip`/`merge` (each row is matched first, and other users must
//! not wait long for the write lock). A batch is written whole or not at all, and a
//! failure stops the import after the last whole batch. A *large* load (`create` policy, asked
//! for by the CLI for big files) is one transaction for the whole file, all or nothing: the
//! leads' and the match keys' look-up indexes are dropped and built once at the end (the
//! leads' under SQLite's bulk settings, a 256 MB page cache and in-memory sorts; the key
//! index after they are restored: sorting its 7 M keys in memory was no faster on the
//! benchmark and took 400 MB more), the new leads' match keys are computed on the checking
//! threads beside the row checks and appended batch by batch by the writer, and
//! [`after_large_load`] refreshes what else needs it.
//!
//! **Threads.** A reader thread reads the file and checks each batch on every core (up to
//! four); the calling thread only writes, so checking and writing overlap. On the 1,000,000
//! row benchmark (BENCHMARKS.md) the writer is the bottleneck: ≈ 38 s of inserts (the checks
//! take ≈ 7 s beside them), then ≈ 42 s of index builds (leads 12 s, match keys 9 s, list
//! search 21 s) and ≈ 7 s of commit. The log names the end of each phase.

mod cells;
pub mod export;
pub mod header_names;
pub mod jobs;
mod lookups;
pub mod mapping;
pub mod matcher;
pub mod rows;
pub mod source;
pub mod update;
pub mod writer;

use std::io::BufRead;
use std::sync::mpsc;

use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::enums::text_enum;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::ids::UserId;
use crate::domain::models::leads::{Kind, bulk};
use crate::domain::similarity::keys;

use crate::i18n::Msg;
pub use lookups::Lookups;
pub use mapping::{Field, Mapping};
pub use rows::{CellError, Prepared};
pub use source::Source;

/// Rows read and checked at a time (one progress step), and rows per write transaction
/// under `create`.
pub const BATCH: usize = 2_000;
/// Rows per write transaction under `skip` and `merge`, where each row is matched first:
/// short transactions, so other users' writes wait milliseconds, not seconds.
pub const MATCHED_BATCH: usize = 100;
/// Files with at least this many rows are imported as one large load under `create` (see
/// the module header), by `leadbook import` and, on SQLite, by the web page.
pub const LARGE_IMPORT: usize = 50_000;
/// At most this many row errors are kept in a report (the count is always exact).
pub const MAX_ERRORS: usize = 1_000;
/// At most this many skipped rows are listed in a report.
pub const MAX_SKIPPED: usize = 1_000;

text_enum! {
    /// What to do with a row that duplicates a stored lead: leave the stored lead alone and
    /// skip the row, fill its blanks from the row (and add its tags and messengers), or
    /// create a new lead anyway (external-id matches still update).
    Policy, "duplicate policy" { Skip => "skip", Merge => "merge", Create => "create" }
}

impl Policy {
    /// `create`, `skip` or `merge` (also `update`), as a form field's error.
    pub fn read(raw: &str) -> DomainResult<Policy> {
        let raw = if raw.trim().eq_ignore_ascii_case("update") {
            "merge"
        } else {
            raw
        };
        Policy::parse(raw).map_err(|e| DomainError::invalid("policy", e))
    }
}

/// What a check or an import found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    /// Data rows read.
    pub rows: usize,
    /// Rows with at least one error (never written).
    pub invalid: usize,
    pub created: usize,
    /// Stored leads updated by an external-id match.
    pub updated: usize,
    /// Stored leads a duplicate row was merged into.
    pub merged: usize,
    /// Rows matching a stored lead (by external id or as a duplicate under `merge`) that
    /// had nothing new for it: nothing written.
    #[serde(default)]
    pub unchanged: usize,
    pub skipped: usize,
    /// The first [`MAX_ERRORS`] errors, by row then column.
    pub errors: Vec<CellError>,
    /// The first [`MAX_SKIPPED`] skipped rows: (row, the stored lead it matched).
    pub skipped_rows: Vec<(usize, i32)>,
    /// The row of the last error seen, so a row with several errors counts once.
    #[serde(skip)]
    last_error_row: usize,
}

impl Report {
    /// Records an error of a row (a row counts once as invalid, on its first error).
    pub fn error(&mut self, e: CellError) {
        if self.last_error_row != e.row {
            self.invalid += 1;
            self.last_error_row = e.row;
        }
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(e);
        }
    }

    pub fn skip(&mut self, row: usize, matched: i32) {
        self.skipped += 1;
        if self.skipped_rows.len() < MAX_SKIPPED {
            self.skipped_rows.push((row, matched));
        }
    }

    /// Rows that passed the checks.
    pub fn valid(&self) -> usize {
        self.rows - self.invalid
    }
}

/// How to run an import.
#[derive(Debug, Clone)]
pub struct Options {
    pub policy: Policy,
    /// The kind of rows without a `kind` column.
    pub kind: Kind,
    /// One transaction, indexes and keys rebuilt at the end (only with `create`).
    pub large: bool,
}

/// Called after each batch with the rows handled so far; outside any transaction unless the
/// load is large.
pub type Progress<'a> = &'a mut dyn FnMut(&mut DbConn, usize) -> DomainResult<()>;

/// Checks a batch of raw rows on every core (parsing phones and names is the costly part);
/// with `with_keys` (a large load) the valid rows' match keys are computed there too, so the
/// writer thread only inserts.
fn check_all(
    rows: Vec<source::RawRow>,
    lookups: &Lookups,
    mapping: &Mapping,
    headers: &[String],
    with_keys: bool,
) -> Vec<Result<Prepared, Vec<CellError>>> {
    let one = |raw: source::RawRow| match raw.cells {
        Ok(cells) => rows::prepare(lookups, mapping, headers, raw.row, &cells).map(|mut p| {
            if with_keys {
                p.keys = Some(keys::compute(&matcher::profile_of(&p, None)));
            }
            p
        }),
        Err(message) => Err(vec![rows::unreadable(raw.row, message)]),
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if threads < 2 || rows.len() < 256 {
        return rows.into_iter().map(one).collect();
    }
    let size = rows.len().div_ceil(threads);
    let mut parts: Vec<Vec<source::RawRow>> = Vec::new();
    let mut rest = rows;
    while !rest.is_empty() {
        let tail = rest.split_off(rest.len().min(size));
        parts.push(rest);
        rest = tail;
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(one).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join().unwrap_or_else(|_| {
                    vec![Err(vec![rows::unreadable(
                        0,
                        Msg::new("msg.import.checking_failed"),
                    )])]
                })
            })
            .collect()
    })
}

/// Reads the rows in batches of checked rows, on a thread of its own, so parsing (phone
/// numbers, names) runs beside the database writes.
fn checked_batches<R: BufRead + Send>(
    source: &mut Source<R>,
    mapping: &Mapping,
    lookups: &Lookups,
    with_keys: bool,
    mut each: impl FnMut(usize, Vec<Result<Prepared, Vec<CellError>>>) -> DomainResult<()>,
) -> DomainResult<()> {
    let headers = source.headers.clone();
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<Result<Prepared, Vec<CellError>>>>(2);
        let reader = scope.spawn(move || {
            let mut raw = Vec::with_capacity(BATCH);
            loop {
                let next = source.next_row();
                let end = next.is_none();
                raw.extend(next);
                if raw.len() == BATCH || (end && !raw.is_empty()) {
                    let rows = std::mem::replace(&mut raw, Vec::with_capacity(BATCH));
                    if tx
                        .send(check_all(rows, lookups, mapping, &headers, with_keys))
                        .is_err()
                    {
                        return;
                    }
                }
                if end {
                    return;
                }
            }
        });
        let mut seen = 0;
        let mut outcome = Ok(());
        for batch in &rx {
            seen += batch.len();
            outcome = each(seen, batch);
            if outcome.is_err() {
                break;
            }
        }
        drop(rx);
        reader
            .join()
            .map_err(|_| DomainError::Internal("the CSV reader failed".into()))?;
        outcome
    })
}

/// Checks every row without writing anything: the validate-first report. Numbers are read
/// as `importer` will import them.
pub fn check<R: BufRead + Send>(
    conn: &mut DbConn,
    importer: UserId,
    source: &mut Source<R>,
    mapping: &Mapping,
    kind: Kind,
    progress: Progress,
) -> DomainResult<Report> {
    mapping.require_title()?;
    let lookups = Lookups::load(conn, kind, Some(importer))?;
    let mut report = Report::default();
    checked_batches(source, mapping, &lookups, false, |seen, batch| {
        for checked in batch {
            report.rows += 1;
            if let Err(errors) = checked {
                for e in errors {
                    report.error(e);
                }
            }
        }
        progress(conn, seen)
    })?;
    Ok(report)
}

/// Imports the valid rows of `source` as `actor` (a manager or an admin) and reports the
/// invalid ones. See the module header for the transaction unit.
pub fn import<R: BufRead + Send>(
    conn: &mut DbConn,
    actor: &Actor,
    source: &mut Source<R>,
    mapping: &Mapping,
    options: &Options,
    progress: Progress,
) -> DomainResult<Report> {
    actor.require_manager()?;
    mapping.require_title()?;
    let lookups = Lookups::load(conn, options.kind, Some(actor.id))?;
    let large = options.large && options.policy == Policy::Create;
    let per_tx = match options.policy {
        Policy::Create => BATCH,
        Policy::Skip | Policy::Merge => MATCHED_BATCH,
    };
    let mut writer = writer::Writer::new(actor.id, options.policy, large, lookups.country.clone());
    let mut report = Report::default();
    let mut run = |conn: &mut DbConn, report: &mut Report| {
        checked_batches(source, mapping, &lookups, large, |seen, batch| {
            let mut valid = Vec::with_capacity(batch.len());
            for checked in batch {
                report.rows += 1;
                match checked {
                    Ok(p) => valid.push(p),
                    Err(errors) => errors.into_iter().for_each(|e| report.error(e)),
                }
            }
            if large {
                writer.write(conn, valid, report)?;
            } else {
                let mut rest = valid;
                while !rest.is_empty() {
                    let tail = rest.split_off(rest.len().min(per_tx));
                    write_tx(conn, |conn| writer.write(conn, rest, report))?;
                    rest = tail;
                }
            }
            progress(conn, seen)
        })
    };
    if large {
        let started = std::time::Instant::now();
        // Operators see in the log where a slow load spends its time.
        let phase =
            |what: &str| log::info!("import: {what} at {:.1} s", started.elapsed().as_secs_f64());
        write_tx(conn, |conn| {
            let first = bulk::next_id(conn)?;
            // The key index is built last, once SQLite's bulk settings (an in-memory sort)
            // are back to normal: sorting 7 M keys in memory was no faster on the 1 M-row
            // benchmark (76–86 s either way) and raised the peak from 620 MB to 1 GB.
            keys::without_lookup_indexes(conn, |conn| {
                let dropped = bulk::start_large_load(conn, &["leads_external_id"])?;
                run(conn, &mut report)?;
                phase("rows written");
                bulk::finish_large_load(conn, dropped)?;
                phase("lead indexes built");
                Ok(())
            })?;
            phase("match-key index built");
            after_large_load(conn, first)?;
            phase("search index built");
            Ok::<(), DomainError>(())
        })?;
        phase("committed");
    } else {
        run(conn, &mut report)?;
    }
    crate::domain::similarity::train::after_import(conn, report.created)?;
    Ok(report)
}

/// What a large load must refresh once it is written, `first` being the first lead id it
/// inserted: the list search's index, in one pass (indexing batch by batch doubled the
/// time of a 1 M-row load). The duplicate finder's match keys are already appended batch
/// by batch; the running totals are kept by triggers.
pub fn after_large_load(conn: &mut DbConn, first: i32) -> DomainResult<()> {
    crate::domain::listing::search::index_since(conn, first)?;
    Ok(())
}
