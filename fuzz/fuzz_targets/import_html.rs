//! A saved web page: imported (with notes) and checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|html: &str| {
    let report = nianbao::import::import_html(html);
    let _ = nianbao::core::check(&report);
});
