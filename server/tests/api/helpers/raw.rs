//! Requests written by hand on a plain socket: paths as they are (an HTTP
//! library tidies `..` away), bodies that announce one thing and send
//! another.

/// Sends `head`, then `body` in chunked encoding (when not empty), and
/// returns the answer as far as it came: all of it when the server closes the
/// connection, else what arrived before it paused. Waits at most 10 s for the
/// first byte (less than the 15 s a request body may pause).
pub async fn raw_request(addr: &str, head: String, body: Vec<u8>) -> String {
    let addr = addr.to_string();
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        use std::time::Duration;
        let mut socket = std::net::TcpStream::connect(&addr).expect("connect");
        socket
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a timeout");
        socket.write_all(head.as_bytes()).expect("the head");
        for chunk in body.chunks(64 * 1024) {
            // The server may answer and close before it has read it all.
            let sent = write!(socket, "{:x}\r\n", chunk.len())
                .and_then(|()| socket.write_all(chunk))
                .and_then(|()| socket.write_all(b"\r\n"));
            if sent.is_err() {
                break;
            }
        }
        if !body.is_empty() {
            let _ = socket.write_all(b"0\r\n\r\n");
        }
        let mut answer = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = socket.read(&mut buf) {
            if n == 0 {
                break;
            }
            answer.extend_from_slice(&buf[..n]);
            // Once it answers, a pause means it said all it will.
            let _ = socket.set_read_timeout(Some(Duration::from_millis(300)));
        }
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .expect("the socket task")
}

/// `GET {path}` exactly as written.
pub async fn raw_get(addr: &str, path: &str) -> String {
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    raw_request(addr, head, Vec::new()).await
}
