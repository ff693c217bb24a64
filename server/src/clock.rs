//! "Now", as the app reads it. Production reads the system clock; tests hold a
//! manual clock they set and advance, so deadlines and jobs are tested without
//! sleeping. Browser tests use a shifted clock: it runs with the system clock
//! (the page's "3 minutes ago" stays true) but can be moved ahead by hours or
//! days. Everything about orders (placed, due, overdue, figures, points) reads
//! this clock; token lifetimes stay on the system clock, which their library
//! checks.

use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<Kind>>>);

#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Stands still at this moment until set or advanced.
    Manual(DateTime<Utc>),
    /// The system clock plus this much.
    Shifted(Duration),
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that stands still at `at` until set or advanced.
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock(Some(Arc::new(Mutex::new(Kind::Manual(at)))))
    }

    /// The system clock, until advanced: then that much ahead of it.
    pub fn shifted() -> Clock {
        Clock(Some(Arc::new(Mutex::new(Kind::Shifted(Duration::zero())))))
    }

    fn kind(&self) -> Option<Kind> {
        self.0
            .as_ref()
            .map(|k| *k.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.kind() {
            None => Utc::now(),
            Some(Kind::Manual(at)) => at,
            Some(Kind::Shifted(by)) => Utc::now() + by,
        }
    }

    /// Moves a manual clock to `at`; the system clock ignores it, a shifted
    /// one jumps there and runs on.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(k) = &self.0 {
            let mut k = k.lock().unwrap_or_else(|p| p.into_inner());
            *k = match *k {
                Kind::Manual(_) => Kind::Manual(at),
                Kind::Shifted(_) => Kind::Shifted(at - Utc::now()),
            };
        }
    }

    /// Moves a manual or shifted clock forward; the system clock ignores it.
    pub fn advance(&self, by: Duration) {
        if let Some(k) = &self.0 {
            let mut k = k.lock().unwrap_or_else(|p| p.into_inner());
            *k = match *k {
                Kind::Manual(at) => Kind::Manual(at + by),
                Kind::Shifted(d) => Kind::Shifted(d + by),
            };
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind() {
            None => f.write_str("Clock::system"),
            Some(Kind::Manual(at)) => write!(f, "Clock::manual({at})"),
            Some(Kind::Shifted(by)) => write!(f, "Clock::shifted({by})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = Utc::now() - Duration::days(3);
        let c = Clock::manual(start);
        assert_eq!(c.now(), start);
        c.advance(Duration::hours(2));
        assert_eq!(c.now(), start + Duration::hours(2));
        let shared = c.clone();
        shared.set(start);
        assert_eq!(c.now(), start, "clones share one clock");
        assert!(Clock::system().now() > start);
    }

    #[test]
    fn a_shifted_clock_runs_ahead_of_the_system_clock() {
        let c = Clock::shifted();
        let before = Utc::now();
        c.advance(Duration::days(2));
        let now = c.now();
        assert!(now >= before + Duration::days(2));
        assert!(now < Utc::now() + Duration::days(2) + Duration::seconds(5));
    }
}
