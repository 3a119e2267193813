//! A Word file's bytes: imported and checked, or refused with a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(report) = nianbao::import::import_docx(bytes) {
        let _ = nianbao::core::check(&report);
    }
});
