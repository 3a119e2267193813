//! What leaves nianbao: the sign-off PDF, the web page and the machine-readable JSON copy.

pub mod docx;
pub mod grid;
pub mod html;
pub mod json;
pub mod layout;
pub mod pdf;
pub mod xlsx;

use thiserror::Error;

/// Why a PDF could not be made.
#[derive(Debug, Error)]
pub enum ExportError {
    /// A bundled font is missing.
    #[error(transparent)]
    FontMissing(#[from] crate::fonts::FontMissing),
    /// A font file could not be read as a font.
    #[error("无法读取字体 {0}")]
    BadFont(String),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] crate::store::StoreError),
    /// The PDF writer refused.
    #[error("无法生成 PDF：{0}")]
    Pdf(String),
}

/// The date an exported file records as made (its metadata, not its text): the report's
/// 成文日期, or 1 January after its year when it has none, so that the same draft always gives
/// the same file. The year is kept to four digits.
pub(crate) fn file_date(report: &crate::core::Report) -> (i32, u8, u8) {
    let (y, m, d) = match report.meta.issue_date {
        Some(d) => (d.year, d.month, d.day),
        None => (report.meta.year.saturating_add(1), 1, 1),
    };
    (y.clamp(0, 9999), m, d)
}

/// Text without control characters, which a Word file or a spreadsheet cannot hold.
pub(crate) fn without_controls(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect()
}
