//! Slows down password guessing without letting a stranger lock someone out.
//!
//! - `PER_CLIENT` failures for one phone from one address within `WINDOW` lock
//!   that address out for that phone.
//! - `PER_PHONE` failures from anywhere lock the phone for every device that
//!   never signed in to it (a distributed guess) — but a device that did (it
//!   shows its device token) is counted on its own and never locked by others.
//!
//! Memory is bounded: phones are checked for shape before they get here, and
//! each table holds at most `capacity` keys. When a table is full of live
//! entries, attempts under keys it does not know yet are refused (429) rather
//! than tracked or forgotten: forgetting would let a flood wipe a lock, and
//! not tracking would let a guess go uncounted.

use crate::clock::Clock;
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

const PER_CLIENT: u32 = 5;
const PER_PHONE: u32 = 50;
/// Fifteen minutes, on the app's clock (tests move it past a lock).
const WINDOW_SECS: i64 = 15 * 60;
const DEFAULT_CAPACITY: usize = 100_000;

/// Where a sign-in attempt comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A device that signed in to this phone's account before (its user id
    /// from the device token; the token's owner must be the phone's owner).
    Trusted(shared::UserId),
    /// Anything else, known by its address.
    Address(Option<IpAddr>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Client(String, Origin),
    Phone(String),
}

struct Counts {
    map: HashMap<Key, (u32, DateTime<Utc>)>,
    capacity: usize,
    /// "Now", for this call.
    now: DateTime<Utc>,
}

impl Counts {
    fn live(&self, since: DateTime<Utc>) -> bool {
        self.now - since < Duration::seconds(WINDOW_SECS)
    }

    fn failures(&self, key: &Key) -> u32 {
        match self.map.get(key) {
            Some((n, since)) if self.live(*since) => *n,
            _ => 0,
        }
    }

    fn wait(&self, key: &Key) -> u64 {
        self.map
            .get(key)
            .map(|(_, since)| {
                let left = Duration::seconds(WINDOW_SECS) - (self.now - *since);
                left.num_seconds().max(1) as u64
            })
            .unwrap_or(1)
    }

    /// Room for a key not tracked yet, purging expired entries when full.
    fn has_room(&mut self, new_keys: usize) -> bool {
        if self.map.len() + new_keys <= self.capacity {
            return true;
        }
        let now = self.now;
        self.map
            .retain(|_, (_, since)| now - *since < Duration::seconds(WINDOW_SECS));
        self.map.len() + new_keys <= self.capacity
    }

    fn bump(&mut self, key: Key) {
        let now = self.now;
        let entry = self.map.entry(key).or_insert((0, now));
        if now - entry.1 >= Duration::seconds(WINDOW_SECS) {
            *entry = (0, now);
        }
        entry.0 += 1;
    }
}

pub struct LoginThrottle {
    counts: Mutex<Counts>,
    clock: Clock,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        LoginThrottle::new(Clock::system(), DEFAULT_CAPACITY)
    }
}

/// Why an attempt is refused, with the seconds to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Locked(u64),
    Busy,
}

impl LoginThrottle {
    /// A throttle whose windows run on `clock` (the app's).
    pub fn new(clock: Clock, capacity: usize) -> Self {
        LoginThrottle {
            counts: Mutex::new(Counts {
                map: HashMap::new(),
                capacity,
                now: clock.now(),
            }),
            clock,
        }
    }

    pub fn with_capacity(capacity: usize) -> Self {
        LoginThrottle::new(Clock::system(), capacity)
    }

    /// The counts, as of now.
    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        counts.now = self.clock.now();
        counts
    }

    fn keys(phone: &str, origin: Origin) -> (Key, Option<Key>) {
        let client = Key::Client(phone.to_string(), origin);
        match origin {
            Origin::Trusted(_) => (client, None),
            Origin::Address(_) => (client, Some(Key::Phone(phone.to_string()))),
        }
    }

    /// Whether this attempt may go ahead.
    pub fn check(&self, phone: &str, origin: Origin) -> Result<(), Refusal> {
        let mut counts = self.counts();
        let (client, phone_key) = Self::keys(phone, origin);
        if counts.failures(&client) >= PER_CLIENT {
            return Err(Refusal::Locked(counts.wait(&client)));
        }
        if let Some(k) = &phone_key {
            if counts.failures(k) >= PER_PHONE {
                return Err(Refusal::Locked(counts.wait(k)));
            }
        }
        let unknown = [Some(&client), phone_key.as_ref()]
            .into_iter()
            .flatten()
            .filter(|k| !counts.map.contains_key(k))
            .count();
        if !counts.has_room(unknown) {
            return Err(Refusal::Busy);
        }
        Ok(())
    }

    pub fn record_failure(&self, phone: &str, origin: Origin) {
        let mut counts = self.counts();
        let (client, phone_key) = Self::keys(phone, origin);
        for key in [Some(client), phone_key].into_iter().flatten() {
            if counts.map.contains_key(&key) || counts.has_room(1) {
                counts.bump(key);
            }
        }
    }

    /// A success clears this client's count; the phone-wide count keeps running.
    pub fn record_success(&self, phone: &str, origin: Origin) {
        let mut counts = self.counts();
        counts.map.remove(&Self::keys(phone, origin).0);
    }

    /// Keys held, for tests of the memory bound.
    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.counts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .map
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Origin {
        Origin::Address(Some(IpAddr::from([10, 0, 0, last])))
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
    fn many_failures_from_many_clients_lock_the_phone_but_not_a_trusted_device() {
        let t = LoginThrottle::default();
        for i in 0..PER_PHONE {
            t.record_failure("139", ip((i % 200) as u8));
        }
        assert!(matches!(t.check("139", ip(250)), Err(Refusal::Locked(_))));
        assert_eq!(t.check("139", Origin::Trusted(shared::UserId(7))), Ok(()));
        // The trusted device is still limited on its own count.
        for _ in 0..PER_CLIENT {
            t.record_failure("139", Origin::Trusted(shared::UserId(7)));
        }
        assert!(t.check("139", Origin::Trusted(shared::UserId(7))).is_err());
    }

    #[test]
    fn a_lock_ends_when_its_window_has_passed_on_the_apps_clock() {
        let clock = Clock::manual(Utc::now());
        let t = LoginThrottle::new(clock.clone(), 100);
        for _ in 0..PER_CLIENT {
            t.record_failure("139", ip(1));
        }
        assert_eq!(
            t.check("139", ip(1)),
            Err(Refusal::Locked(WINDOW_SECS as u64))
        );
        clock.advance(Duration::seconds(WINDOW_SECS - 60));
        assert_eq!(t.check("139", ip(1)), Err(Refusal::Locked(60)));
        clock.advance(Duration::seconds(60));
        assert_eq!(t.check("139", ip(1)), Ok(()));
        // A new failure starts a new count, not the old one plus one.
        t.record_failure("139", ip(1));
        assert_eq!(t.check("139", ip(1)), Ok(()));
    }

    #[test]
    fn memory_stays_bounded_and_a_flood_cannot_wipe_a_lock() {
        let t = LoginThrottle::with_capacity(100);
        for _ in 0..PER_CLIENT {
            t.record_failure("13900000001", ip(1));
        }
        for i in 0..10_000u32 {
            let phone = format!("13{i:09}");
            if t.check(&phone, ip(2)).is_ok() {
                t.record_failure(&phone, ip(2));
            }
        }
        assert!(t.tracked() <= 100, "{} keys", t.tracked());
        assert!(
            t.check("13900000001", ip(1)).is_err(),
            "the lock outlived the flood"
        );
        assert_eq!(t.check("13800000000", ip(3)), Err(Refusal::Busy));
    }
}
