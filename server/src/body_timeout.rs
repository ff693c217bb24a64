//! A deadline on reading request bodies. actix-web times out a request's head,
//! not its body: a client that sends headers and then a byte now and then
//! would hold a worker's attention for ever. Here the body must keep coming
//! (at most `idle` between chunks) and be complete within `total`.

use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::HttpMessage;
use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::time::{sleep, Instant, Sleep};

#[derive(Debug, Clone, Copy)]
pub struct BodyTimeout {
    pub idle: Duration,
    pub total: Duration,
}

impl BodyTimeout {
    /// Wraps the request's body in the deadline. Requests that carry no body
    /// (most GETs) are left alone: no timers on the hot path for nothing.
    pub fn apply(self, req: &mut ServiceRequest) {
        let headers = req.headers();
        let has_body = headers.contains_key(header::TRANSFER_ENCODING)
            || headers
                .get(header::CONTENT_LENGTH)
                .is_some_and(|v| v.as_bytes() != b"0");
        if !has_body {
            return;
        }
        let inner = req.take_payload();
        let timed = TimedPayload {
            inner,
            idle: self.idle,
            idle_timer: Box::pin(sleep(self.idle)),
            total_timer: Box::pin(sleep(self.total)),
        };
        req.set_payload(Payload::Stream {
            payload: Box::pin(timed),
        });
    }
}

struct TimedPayload {
    inner: Payload,
    idle: Duration,
    idle_timer: Pin<Box<Sleep>>,
    total_timer: Pin<Box<Sleep>>,
}

pub fn is_timeout(e: &PayloadError) -> bool {
    matches!(e, PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut)
}

impl Stream for TimedPayload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(item) => {
                let idle = this.idle;
                this.idle_timer.as_mut().reset(Instant::now() + idle);
                Poll::Ready(item)
            }
            Poll::Pending => {
                if this.idle_timer.as_mut().poll(cx).is_ready()
                    || this.total_timer.as_mut().poll(cx).is_ready()
                {
                    Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body did not arrive in time",
                    )))))
                } else {
                    Poll::Pending
                }
            }
        }
    }
}
