//! The cell parser, with every kind of cell: any text gives a value or a reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::core::{ValueKind, parse_cell};

fuzz_target!(|text: &str| {
    for kind in [
        ValueKind::Count,
        ValueKind::SignedChange,
        ValueKind::Wan,
        ValueKind::Yuan,
    ] {
        let _ = parse_cell(text, kind);
    }
});
