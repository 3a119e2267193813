//! All integration tests, in one binary: one link instead of twenty keeps the test build
//! small and fast (each separate test binary linked the whole GUI stack again).

mod common;

mod app_ui;
mod autosum;
mod batch;
mod c12_corpus;
mod carry;
mod cli;
mod concurrent;
mod docx_export;
mod fonts;
mod fuzz_seeds;
mod html_export;
mod import;
mod import_pdf;
mod install;
mod json_copy;
mod kill;
mod labels;
mod merge;
#[cfg(feature = "ocr")]
mod ocr;
mod pdf_export;
mod previous;
mod props;
mod prose_checks;
mod real_reports;
mod recovery;
mod register;
mod review;
mod seeds;
mod store;
mod values;
mod xlsx_export;
