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

/// Runs the `nianbao` binary with these arguments.
pub fn nianbao(args: &[&str]) -> std::process::Output {
    match std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
    {
        Ok(o) => o,
        Err(e) => panic!("cannot run nianbao: {e}"),
    }
}

/// A command's standard output as text.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A path as a command-line argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}
pub mod pdf;
