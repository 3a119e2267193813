//! A register of applications (or of cases) as CSV bytes: counted for a year, or refused with a
//! reason; what it fills is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let rows = nianbao::register::csv_rows(bytes);
    if let Ok(t) = nianbao::register::tally(&rows, 2025) {
        let mut report =
            nianbao::core::Report::new(nianbao::core::FormatVersion::Gov2021, 2025);
        for (id, v) in nianbao::register::filled_cells(&t, &report) {
            report.set_cell(&id, v);
        }
        let _ = nianbao::core::check(&report);
    }
});
