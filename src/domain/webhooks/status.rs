//! A delivery's status, as stored.

/// Waiting for its first or next attempt.
pub const PENDING: &str = "pending";
/// A receiver answered 2xx.
pub const DELIVERED: &str = "delivered";
/// Given up after a day of retries.
pub const FAILED: &str = "failed";
