//! Browser tests live in `tests/`: they drive Debian's headless Chromium through
//! chromedriver against the real server serving the real release build of the
//! client (`frontend/dist`, built by `scripts/build-client`).
