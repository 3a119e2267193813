//! Text copied out of a report: imported (with notes) and checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let report = nianbao::import::import_text(text);
    let _ = nianbao::core::check(&report);
});
