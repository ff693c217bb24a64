//! Slows down password guessing: after `MAX_FAILURES` failed logins for one
//! phone within `WINDOW`, further attempts get 429 until the window passes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_FAILURES: u32 = 5;
const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_TRACKED: usize = 100_000;

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl LoginThrottle {
    /// `Err(seconds to wait)` while the phone is locked out.
    pub fn check(&self, phone: &str) -> Result<(), u64> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(phone) {
            Some((n, since)) if *n >= MAX_FAILURES && since.elapsed() < WINDOW => {
                Err((WINDOW - since.elapsed()).as_secs().max(1))
            }
            _ => Ok(()),
        }
    }

    pub fn record_failure(&self, phone: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = map.entry(phone.to_string()).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }

    pub fn record_success(&self, phone: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(phone);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_five_failures_and_success_clears() {
        let t = LoginThrottle::default();
        for _ in 0..MAX_FAILURES {
            assert!(t.check("139").is_ok());
            t.record_failure("139");
        }
        assert!(t.check("139").is_err());
        assert!(t.check("138").is_ok());
        t.record_success("139");
        assert!(t.check("139").is_ok());
    }
}
