//! Input rules both sides apply: the client as you type, the server before
//! anything reaches the database.

/// Longest password accepted. Argon2 hashes whatever it is given, so an
/// unbounded password is a way to burn the server's CPU.
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A mainland mobile number: 11 digits starting with 1.
pub fn is_phone(s: &str) -> bool {
    s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit())
}

/// A photo link an order may carry: `https` with a host, nothing else
/// (`javascript:`, `data:`, `file:` and plain `http` are refused).
pub fn is_photo_link(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && s.len() <= 500
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_eleven_digits_starting_with_one() {
        assert!(is_phone("13900000001"));
        for bad in [
            "",
            "1390000000",
            "139000000011",
            "23900000001",
            "1390000000x",
            "１３９００００００01",
        ] {
            assert!(!is_phone(bad), "{bad:?}");
        }
    }

    #[test]
    fn only_https_links_with_a_host_are_photos() {
        assert!(is_photo_link("https://img.example.cn/a.jpg"));
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "file:///etc/passwd",
            "http://img.example.cn/a.jpg",
            "https://",
            "https:///a.jpg",
            "HTTPS://x/\" onerror=\"x",
            "https://x/a b.jpg",
        ] {
            assert!(!is_photo_link(bad), "{bad:?}");
        }
    }
}
