//! A draft file's text: loaded or refused with a reason; what loads is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(report) = nianbao::store::from_ron(text, std::path::Path::new("fuzz.ron")) {
        let _ = nianbao::core::check(&report);
    }
});
