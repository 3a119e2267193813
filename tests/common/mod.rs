//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use nianbao::core::{Report, load};

/// A file in `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A file in `assets/`.
pub fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

/// Loads a draft that the test suite ships; a failure is a broken fixture.
pub fn fixture(path: &Path) -> Report {
    match load(path) {
        Ok(r) => r,
        Err(e) => panic!("fixture {} does not load: {e}", path.display()),
    }
}
