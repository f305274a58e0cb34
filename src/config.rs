//! Settings from command-line flags and the environment (flags win).

use std::net::SocketAddr;

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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database: "leadbook.db".into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            pool_size: 8,
        }
    }
}

impl Config {
    /// Reads `LEADBOOK_DATABASE`, `LEADBOOK_BIND`, `LEADBOOK_SECURE_COOKIES`,
    /// `LEADBOOK_POOL_SIZE`, then the flags `--database`, `--bind`, `--secure-cookies`.
    /// Returns the config and the arguments it did not consume.
    pub fn from_env_and_args(
        env: impl Fn(&str) -> Option<String>,
        args: Vec<String>,
    ) -> Result<(Config, Vec<String>), String> {
        let mut config = Config::default();
        if let Some(db) = env("LEADBOOK_DATABASE").filter(|s| !s.is_empty()) {
            config.database = db;
        }
        if let Some(bind) = env("LEADBOOK_BIND").filter(|s| !s.is_empty()) {
            config.bind = parse_bind(&bind)?;
        }
        if let Some(secure) = env("LEADBOOK_SECURE_COOKIES") {
            config.secure_cookies = matches!(secure.as_str(), "1" | "true" | "yes" | "on");
        }
        if let Some(size) = env("LEADBOOK_POOL_SIZE") {
            config.pool_size =
                size.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    format!("LEADBOOK_POOL_SIZE: '{size}' is not a positive number")
                })?;
        }
        let mut rest = Vec::new();
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            match flag.as_str() {
                "--database" | "--bind" => {
                    let value = inline
                        .or_else(|| it.next())
                        .ok_or_else(|| format!("{flag} needs a value"))?;
                    if flag == "--database" {
                        config.database = value;
                    } else {
                        config.bind = parse_bind(&value)?;
                    }
                }
                "--secure-cookies" => config.secure_cookies = true,
                _ => rest.push(arg),
            }
        }
        Ok((config, rest))
    }
}

fn parse_bind(raw: &str) -> Result<SocketAddr, String> {
    raw.parse()
        .map_err(|_| format!("'{raw}' is not an address such as 127.0.0.1:8080"))
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
    fn a_bad_bind_address_is_reported() {
        let err = Config::from_env_and_args(|_| None, vec!["--bind=nowhere".into()]).unwrap_err();
        assert!(err.contains("nowhere"));
    }
}
