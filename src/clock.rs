//! The current time, for the review history. The core never reads the clock: callers pass the
//! time in, so the core stays pure and the tests deterministic.

/// Now, in local time, as RFC 3339 to the second (e.g. 「2026-01-20T09:30:00+08:00」).
pub fn now() -> String {
    let now = jiff::Zoned::now();
    now.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}
