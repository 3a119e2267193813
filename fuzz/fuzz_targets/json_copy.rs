//! A machine-readable copy: read back or refused with a reason; what reads is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(report) = nianbao::export::json::from_json(text, std::path::Path::new("fuzz.json")) {
        let _ = nianbao::core::check(&report);
    }
});
