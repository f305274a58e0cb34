//! Settings from command-line flags and the environment (flags win).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::domain::models::sessions::SessionPolicy;
use crate::i18n::{Lang, Msg};

/// The shortest session key accepted: actix signs with 32 bytes and encrypts with 32.
pub const MIN_KEY_BYTES: usize = 64;
/// The longest session lifetime or idle timeout accepted (a year): beyond is a typo.
const MAX_SESSION: Duration = Duration::from_secs(366 * 24 * 3600);

/// A session key given in the environment. Its `Debug` shows only the length, so a logged
/// configuration does not leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(pub Vec<u8>);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey({} bytes)", self.0.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// A SQLite file path, or a `postgres://` URL (with the `postgres` feature).
    pub database: String,
    pub bind: SocketAddr,
    /// Send the session cookie only over HTTPS. Off by default so that a plain-http local
    /// start works; turn it on behind TLS.
    pub secure_cookies: bool,
    /// Connections in the pool.
    pub pool_size: u32,
    /// The absolute lifetime and idle timeout of a signed-in session.
    pub sessions: SessionPolicy,
    /// Take the client address from the reverse proxy's `X-Forwarded-For`/`Forwarded`.
    pub trust_proxy: bool,
    /// The session key from `LEADBOOK_SECRET_KEY`, if set.
    pub secret_key: Option<SecretKey>,
    /// A file holding the session key (`--secret-key-file`, `LEADBOOK_SECRET_KEY_FILE`).
    pub secret_key_file: Option<PathBuf>,
    /// The language of the command line's messages (see [`environment_language`]).
    pub language: Lang,
    /// The bearer token of `GET /metrics` from `LEADBOOK_METRICS_TOKEN`, if set.
    pub metrics_token: Option<SecretKey>,
    /// A file holding it (`--metrics-token-file`, `LEADBOOK_METRICS_TOKEN_FILE`).
    pub metrics_token_file: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: "leadbook.db".into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            pool_size: 8,
            sessions: SessionPolicy::default(),
            trust_proxy: false,
            secret_key: None,
            secret_key_file: None,
            language: Lang::En,
            metrics_token: None,
            metrics_token_file: None,
        }
    }
}

impl Config {
    /// Reads `LEADBOOK_DATABASE`, `LEADBOOK_BIND`, `LEADBOOK_SECURE_COOKIES`,
    /// `LEADBOOK_POOL_SIZE`, `LEADBOOK_SESSION_MAX_AGE`, `LEADBOOK_SESSION_IDLE`,
    /// `LEADBOOK_TRUST_PROXY`, `LEADBOOK_SECRET_KEY`, `LEADBOOK_SECRET_KEY_FILE`,
    /// `LEADBOOK_METRICS_TOKEN`, `LEADBOOK_METRICS_TOKEN_FILE`, then the flags `--database`,
    /// `--bind`, `--secure-cookies`, `--session-max-age`, `--session-idle`, `--trust-proxy`,
    /// `--secret-key-file`, `--metrics-token-file`. (The key and the token themselves have no
    /// flag: a command line is visible to every local user.) Returns the config and the
    /// arguments it did not consume.
    /// A refusal is written in the environment's language.
    pub fn from_env_and_args(
        env: impl Fn(&str) -> Option<String>,
        args: Vec<String>,
    ) -> Result<(Config, Vec<String>), String> {
        let language = environment_language(&env);
        Config::read(&env, args, language).map_err(|msg| msg.render(language.code()))
    }

    fn read(
        env: &impl Fn(&str) -> Option<String>,
        args: Vec<String>,
        language: Lang,
    ) -> Result<(Config, Vec<String>), Msg> {
        let mut config = Config::from_env(env, language)?;
        let mut rest = Vec::new();
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            match flag.as_str() {
                "--database"
                | "--bind"
                | "--session-max-age"
                | "--session-idle"
                | "--secret-key-file"
                | "--metrics-token-file" => {
                    let value = inline
                        .or_else(|| it.next())
                        .ok_or_else(|| Msg::new("cli.needs_value").text("flag", flag.as_str()))?;
                    match flag.as_str() {
                        "--database" => config.database = value,
                        "--bind" => config.bind = parse_bind(&value)?,
                        "--session-max-age" => {
                            config.sessions.max_age = parse_duration(&flag, &value)?;
                        }
                        "--session-idle" => config.sessions.idle = parse_duration(&flag, &value)?,
                        "--metrics-token-file" => {
                            config.metrics_token_file = Some(PathBuf::from(value));
                        }
                        _ => config.secret_key_file = Some(PathBuf::from(value)),
                    }
                }
                "--secure-cookies" => config.secure_cookies = true,
                "--trust-proxy" => config.trust_proxy = true,
                _ => rest.push(arg),
            }
        }
        Ok((config, rest))
    }

    /// The settings of the environment (see [`Config::from_env_and_args`]).
    fn from_env(env: &impl Fn(&str) -> Option<String>, language: Lang) -> Result<Config, Msg> {
        let mut config = Config {
            language,
            ..Config::default()
        };
        if let Some(db) = env("LEADBOOK_DATABASE").filter(|s| !s.is_empty()) {
            config.database = db;
        }
        if let Some(bind) = env("LEADBOOK_BIND").filter(|s| !s.is_empty()) {
            config.bind = parse_bind(&bind)?;
        }
        if let Some(secure) = env("LEADBOOK_SECURE_COOKIES") {
            config.secure_cookies = is_on(&secure);
        }
        if let Some(trust) = env("LEADBOOK_TRUST_PROXY") {
            config.trust_proxy = is_on(&trust);
        }
        if let Some(raw) = env("LEADBOOK_SESSION_MAX_AGE").filter(|s| !s.is_empty()) {
            config.sessions.max_age = parse_duration("LEADBOOK_SESSION_MAX_AGE", &raw)?;
        }
        if let Some(raw) = env("LEADBOOK_SESSION_IDLE").filter(|s| !s.is_empty()) {
            config.sessions.idle = parse_duration("LEADBOOK_SESSION_IDLE", &raw)?;
        }
        if let Some(raw) = env("LEADBOOK_SECRET_KEY").filter(|s| !s.trim().is_empty()) {
            config.secret_key = Some(SecretKey(key_bytes(&raw).map_err(|e| {
                Msg::new("cli.config.about")
                    .text("what", "LEADBOOK_SECRET_KEY")
                    .text("error", e.render(language.code()))
            })?));
        }
        if let Some(file) = env("LEADBOOK_SECRET_KEY_FILE").filter(|s| !s.is_empty()) {
            config.secret_key_file = Some(PathBuf::from(file));
        }
        if let Some(size) = env("LEADBOOK_POOL_SIZE") {
            config.pool_size = size.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                Msg::new("cli.config.not_positive")
                    .text("what", "LEADBOOK_POOL_SIZE")
                    .text("raw", size.as_str())
            })?;
        }
        if let Some(raw) = env("LEADBOOK_METRICS_TOKEN").filter(|s| !s.trim().is_empty()) {
            config.metrics_token = Some(SecretKey(raw.trim().as_bytes().to_vec()));
        }
        if let Some(file) = env("LEADBOOK_METRICS_TOKEN_FILE").filter(|s| !s.is_empty()) {
            config.metrics_token_file = Some(PathBuf::from(file));
        }
        Ok(config)
    }

    /// The session key the configuration gives (`LEADBOOK_SECRET_KEY`, else the key file),
    /// or `None` to use the one kept in the database. Setting both is an error, as the
    /// intent is unclear.
    /// A refusal is written in the configuration's language.
    pub fn session_key(&self) -> Result<Option<Vec<u8>>, String> {
        let code = self.language.code();
        match (&self.secret_key, &self.secret_key_file) {
            (Some(_), Some(_)) => Err(Msg::new("cli.config.two_keys").render(code)),
            (Some(key), None) => Ok(Some(key.0.clone())),
            (None, Some(path)) => {
                let file = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Msg::new("cli.config.key_file_unreadable")
                        .text("file", file.as_str())
                        .text("error", e.to_string())
                        .render(code)
                })?;
                key_bytes(&text).map(Some).map_err(|e| {
                    Msg::new("cli.config.key_file")
                        .text("file", file.as_str())
                        .text("error", e.render(code))
                        .render(code)
                })
            }
            (None, None) => Ok(None),
        }
    }
}

fn is_on(raw: &str) -> bool {
    matches!(raw.trim(), "1" | "true" | "yes" | "on")
}

/// A key written as hex or base64 (standard or URL-safe, padded or not), of at least
/// [`MIN_KEY_BYTES`] bytes. Generate one with `openssl rand -hex 64`.
pub fn decode_key(text: &str) -> Result<Vec<u8>, String> {
    key_bytes(text).map_err(|msg| msg.to_string())
}

/// [`decode_key`], its refusal as a catalogue text.
fn key_bytes(text: &str) -> Result<Vec<u8>, Msg> {
    use base64::Engine;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let text = text.trim();
    let bytes = hex::decode(text)
        .ok()
        .or_else(|| {
            [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
                .iter()
                .find_map(|engine| engine.decode(text).ok())
        })
        .ok_or_else(|| Msg::new("cli.config.key_not_hex"))?;
    if bytes.len() < MIN_KEY_BYTES {
        return Err(Msg::new("cli.config.key_too_short")
            .count("count", i64::try_from(bytes.len()).unwrap_or(i64::MAX))
            .text("min", MIN_KEY_BYTES.to_string()));
    }
    Ok(bytes)
}

/// A duration such as `12h`, `90m`, `45s`, `7d` or a number of seconds.
fn parse_duration(what: &str, raw: &str) -> Result<Duration, Msg> {
    let raw = raw.trim();
    let (number, unit) = match raw.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => raw.split_at(at),
        None => (raw, "s"),
    };
    let scale = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 24 * 3600,
        _ => 0,
    };
    let seconds = number.parse::<u64>().ok().filter(|n| *n > 0 && scale > 0);
    seconds
        .map(|n| Duration::from_secs(n.saturating_mul(scale)))
        .filter(|d| *d <= MAX_SESSION)
        .ok_or_else(|| {
            Msg::new("cli.config.not_duration")
                .text("what", what)
                .text("raw", raw)
        })
}

fn parse_bind(raw: &str) -> Result<SocketAddr, Msg> {
    raw.parse()
        .map_err(|_| Msg::new("cli.config.not_address").text("raw", raw))
}

/// The language of the command line's messages: the first of `LC_ALL`, `LC_MESSAGES` and
/// `LANG` that is set and not empty (the POSIX order), read as a locale name (`ru_RU.UTF-8`
/// is Russian); English when it names none of Leadbook's languages (`C`, `POSIX`, `de_DE`).
pub fn environment_language(env: &impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| env(name).filter(|v| !v.trim().is_empty()))
        .and_then(|name| {
            let base = name.split(['.', '@']).next().unwrap_or_default();
            Lang::from_code(&base.replace('_', "-"))
        })
        .unwrap_or(Lang::En)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_environment() {
        let env = |k: &str| match k {
            "LEADBOOK_DATABASE" => Some("env.db".to_string()),
            "LEADBOOK_BIND" => Some("0.0.0.0:9000".to_string()),
            _ => None,
        };
        let args = vec!["--database".into(), "flag.db".into(), "serve".into()];
        let (config, rest) = Config::from_env_and_args(env, args).unwrap();
        assert_eq!(config.database, "flag.db");
        assert_eq!(config.bind.port(), 9000);
        assert_eq!(rest, vec!["serve".to_string()]);
    }

    #[test]
    fn session_limits_and_proxy_trust_come_from_flags_or_the_environment() {
        let env = |k: &str| match k {
            "LEADBOOK_SESSION_MAX_AGE" => Some("8h".to_string()),
            "LEADBOOK_SESSION_IDLE" => Some("1800".to_string()),
            "LEADBOOK_TRUST_PROXY" => Some("1".to_string()),
            _ => None,
        };
        let (config, _) = Config::from_env_and_args(env, vec![]).unwrap();
        assert_eq!(config.sessions.max_age, Duration::from_secs(8 * 3600));
        assert_eq!(config.sessions.idle, Duration::from_secs(1800));
        assert!(config.trust_proxy);
        let args = vec![
            "--session-idle=15m".into(),
            "--session-max-age".into(),
            "1d".into(),
        ];
        let (config, _) = Config::from_env_and_args(|_| None, args).unwrap();
        assert_eq!(config.sessions.idle, Duration::from_secs(900));
        assert_eq!(config.sessions.max_age, Duration::from_secs(86400));
        assert!(!config.trust_proxy);
        let defaults = Config::default().sessions;
        assert_eq!(defaults.max_age, Duration::from_secs(12 * 3600));
        assert_eq!(defaults.idle, Duration::from_secs(2 * 3600));
        for bad in ["0", "soon", "5w", "-3h", "400d"] {
            let err = Config::from_env_and_args(|_| None, vec![format!("--session-idle={bad}")])
                .unwrap_err();
            assert!(err.contains("--session-idle"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_session_key_comes_as_hex_or_base64_and_must_be_long_enough() {
        use base64::Engine;
        let key: Vec<u8> = (0..64).collect();
        assert_eq!(decode_key(&hex::encode(&key)).unwrap(), key);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&key);
        assert_eq!(decode_key(&format!("{b64}\n")).unwrap(), key);
        assert!(
            decode_key(&hex::encode([7u8; 32]))
                .unwrap_err()
                .contains("32 bytes")
        );
        assert!(decode_key("not a key!").is_err());
        let env = |k: &str| (k == "LEADBOOK_SECRET_KEY").then(|| hex::encode(&key));
        let (config, _) = Config::from_env_and_args(env, vec![]).unwrap();
        assert_eq!(config.session_key().unwrap(), Some(key.clone()));
        assert!(!format!("{config:?}").contains(&hex::encode(&key)[..16]));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("key");
        std::fs::write(&file, hex::encode(&key)).unwrap();
        let args = vec!["--secret-key-file".into(), file.display().to_string()];
        let (config, _) = Config::from_env_and_args(|_| None, args.clone()).unwrap();
        assert_eq!(config.session_key().unwrap(), Some(key.clone()));
        let (both, _) = Config::from_env_and_args(env, args).unwrap();
        assert!(both.session_key().is_err());
        assert_eq!(Config::default().session_key().unwrap(), None);
    }

    #[test]
    fn a_bad_bind_address_is_reported() {
        let err = Config::from_env_and_args(|_| None, vec!["--bind=nowhere".into()]).unwrap_err();
        assert!(err.contains("nowhere"));
    }

    #[test]
    fn the_language_comes_from_lc_all_then_lc_messages_then_lang() {
        let language = |vars: &[(&str, &str)]| {
            environment_language(&|k: &str| {
                vars.iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(language(&[("LANG", "ru_RU.UTF-8")]), Lang::Ru);
        let all = [
            ("LC_ALL", "it_IT"),
            ("LC_MESSAGES", "vi_VN"),
            ("LANG", "ru_RU"),
        ];
        assert_eq!(language(&all), Lang::It);
        let messages = [
            ("LC_ALL", ""),
            ("LC_MESSAGES", "vi_VN.UTF-8"),
            ("LANG", "ru"),
        ];
        assert_eq!(language(&messages), Lang::Vi);
        assert_eq!(language(&[("LANG", "C.UTF-8")]), Lang::En);
        assert_eq!(language(&[("LANG", "de_DE@euro")]), Lang::En);
        assert_eq!(language(&[]), Lang::En);
    }
}
