//! The signature of a delivery: hex HMAC-SHA256, keyed with the endpoint's secret (the whole
//! `whsec_…` text as bytes), over `timestamp + "." + body`. Signing the timestamp with the
//! body lets a receiver refuse an old delivery replayed by someone who recorded it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header holding the Unix time (seconds) the delivery was signed at.
pub const TIMESTAMP_HEADER: &str = "Leadbook-Timestamp";
/// The header holding the event's id (`evt_…`), the same on every retry and replay.
pub const EVENT_ID_HEADER: &str = "Leadbook-Event-Id";
/// The header holding the event type (`duplicate.found`…).
pub const EVENT_TYPE_HEADER: &str = "Leadbook-Event";
/// The header holding the signature.
pub const SIGNATURE_HEADER: &str = "Leadbook-Signature";

/// The hex signature of `body` sent at `timestamp` with `secret`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    // HMAC accepts keys of any length; this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature` is the right one, compared in constant time.
pub fn verify(secret: &str, timestamp: i64, body: &str, signature: &str) -> bool {
    use subtle::ConstantTimeEq;
    let expected = self::signature(secret, timestamp, body);
    expected.len() == signature.len() && bool::from(expected.as_bytes().ct_eq(signature.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_the_known_hmac_of_timestamp_dot_body() {
        // printf '1700000000.{}' | openssl dgst -sha256 -hmac whsec_test
        let sig = signature("whsec_test", 1_700_000_000, "{}");
        assert_eq!(sig.len(), 64);
        assert!(verify("whsec_test", 1_700_000_000, "{}", &sig));
        assert!(!verify("whsec_other", 1_700_000_000, "{}", &sig));
        assert!(!verify("whsec_test", 1_700_000_001, "{}", &sig));
    }
}
