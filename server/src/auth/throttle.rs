//! Slows down password guessing without letting a stranger lock someone out:
//! `PER_CLIENT` failures for one phone from one address within `WINDOW` lock
//! that address out for that phone; `PER_PHONE` failures from anywhere lock
//! the phone for everyone (a distributed guess). Both answer 429.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PER_CLIENT: u32 = 5;
const PER_PHONE: u32 = 50;
const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_TRACKED: usize = 100_000;

#[derive(Default)]
struct Counts(HashMap<String, (u32, Instant)>);

impl Counts {
    fn locked(&self, key: &str, limit: u32) -> Option<u64> {
        match self.0.get(key) {
            Some((n, since)) if *n >= limit && since.elapsed() < WINDOW => {
                Some((WINDOW - since.elapsed()).as_secs().max(1))
            }
            _ => None,
        }
    }

    fn bump(&mut self, key: String) {
        if self.0.len() >= MAX_TRACKED {
            self.0.retain(|_, (_, since)| since.elapsed() < WINDOW);
        }
        let entry = self.0.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }
}

#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<(Counts, Counts)>,
}

fn client_key(phone: &str, client: Option<IpAddr>) -> String {
    match client {
        Some(ip) => format!("{phone}@{ip}"),
        None => phone.to_string(),
    }
}

impl LoginThrottle {
    /// `Err(seconds to wait)` while this phone is locked for this client.
    pub fn check(&self, phone: &str, client: Option<IpAddr>) -> Result<(), u64> {
        let guard = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let (per_client, per_phone) = &*guard;
        match per_client
            .locked(&client_key(phone, client), PER_CLIENT)
            .or_else(|| per_phone.locked(phone, PER_PHONE))
        {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, phone: &str, client: Option<IpAddr>) {
        let mut guard = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        guard.0.bump(client_key(phone, client));
        guard.1.bump(phone.to_string());
    }

    /// A success clears this client's count; the phone-wide count keeps running.
    pub fn record_success(&self, phone: &str, client: Option<IpAddr>) {
        let mut guard = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        guard.0 .0.remove(&client_key(phone, client));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn five_failures_lock_that_client_only_and_success_clears() {
        let t = LoginThrottle::default();
        for _ in 0..PER_CLIENT {
            assert!(t.check("139", ip(1)).is_ok());
            t.record_failure("139", ip(1));
        }
        assert!(t.check("139", ip(1)).is_err());
        assert!(
            t.check("139", ip(2)).is_ok(),
            "another client may still sign in"
        );
        assert!(t.check("138", ip(1)).is_ok(), "another phone is unaffected");
        t.record_success("139", ip(1));
        assert!(t.check("139", ip(1)).is_ok());
    }

    #[test]
    fn many_failures_from_many_clients_lock_the_phone() {
        let t = LoginThrottle::default();
        for i in 0..PER_PHONE {
            t.record_failure("139", ip((i % 200) as u8));
        }
        assert!(t.check("139", ip(250)).is_err());
    }
}
