//! An image-only PDF's bytes: its pages' images decoded within the size limits, or a reason.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = nianbao::ocr::page_images(bytes);
});
