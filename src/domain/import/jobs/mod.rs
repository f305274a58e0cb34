//! The web page's import job: the uploaded file kept in a status row (`import_jobs`) while
//! the user maps its columns, then checked and imported in the background. The row's
//! `state`, `done` and `total` are what the progress bar polls.
//!
//! States: `uploaded` (mapping page) → `checking` → `checked` (the validate-first report,
//! with a confirm button) → `importing` → `done` (the import report); `failed` on an
//! internal error; `interrupted` when the process running the check or the import died
//! (marked so by [`recover`] when the server starts), with Run again and Discard.
//!
//! **All or nothing.** The import of a file is one write transaction, the job's `done` state
//! and report included: a crash leaves no row of the file and the job in `importing`, which
//! the next start turns into `interrupted`. While it runs, other writes wait for it (as
//! during `leadbook import` of a large file), and its progress is counted in this process's
//! memory, since the transaction's own writes are invisible to the pages polling it.
//!
//! The file is dropped from the row when the job ends (done or failed) and with the row when
//! the job is discarded; the report stays with a done job. Only managers and admins import;
//! a job is seen by the user who started it and by admins (anyone else gets "not found").

mod queue;
mod recovery;
mod retention;
mod runner;
mod state;

pub use queue::{choose, confirm, discard, find, preview, upload};
pub use recovery::{Recovery, recover};
pub use retention::{PurgeReport, purge_finished_before};
pub use runner::{report_counts, run};
pub use state::{Job, JobState, MAX_UPLOAD, PREVIEW_ROWS};
