//! The Backups settings: where backups go, how many are kept, whether one is taken daily,
//! and after how many days finished imports (with their files) are removed. Stored as rows
//! of the settings table, like every company setting.

use std::path::Path;

use crate::db::{DbConn, write_tx};
use crate::domain::access::Actor;
use crate::domain::audit::{self, Action, Origin, Target, TargetKind};
use crate::domain::error::{DomainResult, Validator};
use crate::domain::models::settings::{get, put};
use crate::i18n::Msg;

const FOLDER: &str = "backup_folder";
const KEEP: &str = "backup_keep";
const DAILY: &str = "backup_daily";
const RETENTION: &str = "import_retention_days";

/// Most backups kept, and longest retention, the form accepts.
const MAX_KEEP: u32 = 1000;
const MAX_DAYS: u32 = 36_500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupConfig {
    /// An absolute folder; empty until an admin chooses one.
    pub folder: String,
    /// How many of this feature's backups the folder keeps (at least 1).
    pub keep: u32,
    /// Whether the housekeeping thread takes one a day.
    pub daily: bool,
    /// Finished imports older than this many days are removed; 0 keeps them forever.
    pub import_retention_days: u32,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig {
            folder: String::new(),
            keep: 7,
            daily: false,
            import_retention_days: 0,
        }
    }
}

/// What the form gives, as typed.
#[derive(Debug, Clone, Default)]
pub struct BackupInput {
    pub folder: String,
    pub keep: String,
    pub daily: bool,
    /// Empty means keep forever.
    pub import_retention_days: String,
}

pub fn load(conn: &mut DbConn) -> DomainResult<BackupConfig> {
    let defaults = BackupConfig::default();
    let number =
        |v: Option<String>, default: u32| v.and_then(|v| v.parse().ok()).unwrap_or(default);
    Ok(BackupConfig {
        folder: get(conn, FOLDER)?.unwrap_or_default(),
        keep: number(get(conn, KEEP)?, defaults.keep),
        daily: get(conn, DAILY)?.is_some_and(|v| v == "true"),
        import_retention_days: number(get(conn, RETENTION)?, 0),
    })
}

/// Saves the Backups settings (admins): all fields checked first; any error saves nothing.
/// Saves the backup settings (admins), recording which of them changed as
/// `settings_changed` by `origin` in the same transaction.
pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    origin: &Origin,
    input: &BackupInput,
) -> DomainResult<BackupConfig> {
    actor.require_admin()?;
    let mut v = Validator::new();
    let folder = v.check("folder", folder(input.folder.trim(), input.daily));
    let keep = v.check("keep", number(&input.keep, 1, MAX_KEEP, "backup.keep"));
    let days = v.check(
        "import_retention_days",
        number(
            &input.import_retention_days,
            0,
            MAX_DAYS,
            "backup.retention_days",
        ),
    );
    v.finish()?;
    let config = BackupConfig {
        folder: folder.unwrap_or_default(),
        keep: keep.unwrap_or(1),
        daily: input.daily,
        import_retention_days: days.unwrap_or(0),
    };
    write_tx(conn, |conn| {
        let before = load(conn)?;
        put(conn, FOLDER, &config.folder)?;
        put(conn, KEEP, &config.keep.to_string())?;
        put(conn, DAILY, if config.daily { "true" } else { "false" })?;
        put(conn, RETENTION, &config.import_retention_days.to_string())?;
        let after = load(conn)?;
        let changed = changed(&before, &after);
        if !changed.is_empty() {
            let target = Target::of(TargetKind::Settings, [] as [i32; 0]).with("keys", changed);
            audit::record(conn, origin, Action::SettingsChanged, target)?;
        }
        Ok(after)
    })
}

/// The names of the backup settings that differ (the audit's details: names, not values).
fn changed(before: &BackupConfig, after: &BackupConfig) -> Vec<&'static str> {
    [
        (FOLDER, before.folder != after.folder),
        (KEEP, before.keep != after.keep),
        (DAILY, before.daily != after.daily),
        (
            RETENTION,
            before.import_retention_days != after.import_retention_days,
        ),
    ]
    .into_iter()
    .filter_map(|(name, differs)| differs.then_some(name))
    .collect()
}

/// An absolute folder that exists and takes files; empty is allowed while daily backups
/// are off.
fn folder(raw: &str, daily: bool) -> Result<String, Msg> {
    if raw.is_empty() {
        return if daily {
            Err(Msg::new("msg.backup_folder_required"))
        } else {
            Ok(String::new())
        };
    }
    let path = Path::new(raw);
    if !path.is_absolute() {
        return Err(Msg::new("msg.backup_folder_relative").text("folder", raw));
    }
    if !path.is_dir() {
        return Err(Msg::new("msg.backup_folder_missing").text("folder", raw));
    }
    writable(path)
        .then(|| raw.to_string())
        .ok_or_else(|| Msg::new("msg.backup_folder_not_writable").text("folder", raw))
}

/// Whether a file can be created in `folder` (permissions alone do not tell: read-only
/// mounts, ACLs).
pub(super) fn writable(folder: &Path) -> bool {
    let probe = folder.join(format!(".leadbook-probe-{}", std::process::id()));
    let created = std::fs::File::create(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    created
}

/// A whole number from `low` to `high`; empty is `low` when `low` is 0 (no limit).
fn number(raw: &str, low: u32, high: u32, what: &str) -> Result<u32, Msg> {
    let raw = raw.trim();
    if raw.is_empty() && low == 0 {
        return Ok(0);
    }
    raw.parse::<u32>()
        .ok()
        .filter(|n| (low..=high).contains(n))
        .ok_or_else(|| {
            Msg::new("msg.value.whole_number_between")
                .label("what", what)
                .text("low", low.to_string())
                .text("high", high.to_string())
        })
}
