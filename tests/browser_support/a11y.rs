//! The accessibility check: axe-core run in the page, its serious and critical violations.
//!
//! axe-core comes from npm, pinned by `tests/browser/a11y/package-lock.json`; `.ci/run`
//! installs it with `npm ci --prefix tests/browser/a11y`. Missing, it **fails** the test (as
//! a missing chromedriver does), unless `LEADBOOK_E2E=0`: then the check is skipped.

use std::io::Write;
use std::path::PathBuf;

use super::{Browser, test_name};

/// Where `npm ci` puts axe-core's browser build.
fn axe_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/a11y/node_modules/axe-core/axe.min.js")
}

/// axe-core's source; `None` when it is missing and `LEADBOOK_E2E=0` allows skipping.
fn axe_source() -> Option<String> {
    let path = axe_path();
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) if std::env::var("LEADBOOK_E2E").is_ok_and(|v| v == "0") => {
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED the accessibility check of {}: axe-core not installed and LEADBOOK_E2E=0",
                test_name()
            );
            None
        }
        Err(e) => panic!(
            "axe-core not found at {} ({e}). Install it with \
             `npm ci --prefix tests/browser/a11y`, or set LEADBOOK_E2E=0 to skip.",
            path.display()
        ),
    }
}

/// Runs axe on the whole document and returns its serious and critical violations, one line
/// each: rule, impact, help and the first elements concerned.
const RUN: &str = r#"
var done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
  done(r.violations
    .filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
    .map(function (v) {
      return v.id + " (" + v.impact + "): " + v.help + " at " +
        v.nodes.slice(0, 4).map(function (n) { return n.target.join(" "); }).join(" | ");
    }));
}).catch(function (e) { done(["axe failed: " + e]); });
"#;

impl Browser {
    /// The serious and critical accessibility violations of the current page (empty when
    /// there are none, or when the check is skipped).
    pub async fn a11y_violations(&self) -> Vec<String> {
        let Some(source) = axe_source() else {
            return Vec::new();
        };
        self.driver
            .execute(source, Vec::new())
            .await
            .expect("load axe-core into the page");
        let found = self
            .driver
            .execute_async(RUN, Vec::new())
            .await
            .expect("run axe-core")
            .json()
            .clone();
        serde_json::from_value(found).expect("axe's answer: a list of lines")
    }

    /// Fails the test with the page's serious or critical violations, if any.
    pub async fn assert_accessible(&self, page: &str) {
        let violations = self.a11y_violations().await;
        assert!(
            violations.is_empty(),
            "{page}: axe-core finds {} serious or critical violation(s):\n{}",
            violations.len(),
            violations.join("\n")
        );
    }
}
