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
