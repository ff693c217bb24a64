//! JSON in the browser: parsed and written by its own `JSON.parse` and
//! `JSON.stringify`, read into and out of Rust values by serde-wasm-bindgen —
//! no JSON parser of our own in the wasm. Used by the API client, the session
//! kept in storage and the live stream alike (so none of them depends on
//! another for it).

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `text` read as `T` (an empty text is `null`).
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let text = if text.is_empty() { "null" } else { text };
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_string())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as JSON text.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    let v = serde_wasm_bindgen::to_value(value).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&v)
        .map(String::from)
        .map_err(|_| "cannot write JSON".to_string())
}
