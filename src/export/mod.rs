//! What leaves nianbao: the sign-off PDF, the machine-readable JSON copy, the web page, the
//! Word file and the spreadsheet. One way out: [`render`] makes any of them, [`write`] puts it
//! on disk; the CLI and the window only choose the path and tell the user.

pub mod docx;
pub mod html;
pub mod json;
pub mod layout;
pub mod pdf;
pub mod xlsx;

use std::path::Path;

use thiserror::Error;

use crate::core::Report;
use crate::store::{Backup, StoreError, write_atomic};

/// A file made from a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The PDF for signature and seal.
    Pdf,
    /// The 审核稿 PDF: the comments, verified warnings and history in an appendix.
    ReviewPdf,
    /// The machine-readable JSON copy.
    Json,
    /// The web page for the agency's site.
    Html,
    /// The Word file.
    Docx,
    /// The three tables as a spreadsheet.
    Xlsx,
}

impl Format {
    /// How messages name the file: 「PDF」, 「机读副本」, 「Word 文件」…
    pub fn noun(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::ReviewPdf => "审核稿 PDF",
            Format::Json => "机读副本",
            Format::Html => "网页",
            Format::Docx => "Word 文件",
            Format::Xlsx => "电子表格",
        }
    }

    /// 「导出 PDF」, 「导出网页」: a space only before Latin letters.
    fn after_verb(self) -> String {
        let noun = self.noun();
        if noun.starts_with(|c: char| c.is_ascii()) {
            format!(" {noun}")
        } else {
            noun.to_string()
        }
    }

    /// What the user is told when the file is written.
    pub fn written(self, path: &Path) -> String {
        format!("已导出{} {}", self.after_verb(), path.display())
    }

    /// What the user is told when it is not: the reason, said once.
    pub fn failed(self, e: &ExportError) -> String {
        format!("无法导出{}：{e}", self.after_verb())
    }
}

/// Why a file could not be made or written.
#[derive(Debug, Error)]
pub enum ExportError {
    /// A bundled font is missing.
    #[error(transparent)]
    FontMissing(#[from] crate::fonts::FontMissing),
    /// A font file could not be read as a font.
    #[error("无法读取字体 {0}")]
    BadFont(String),
    /// The file could not be written, or the copy encoded.
    #[error(transparent)]
    Write(#[from] StoreError),
    /// A font could not be cut down to the glyphs the report uses.
    #[error("字体子集化失败：{0}")]
    Subset(String),
    /// The PDF as printpdf wrote it could not be finished (metadata, font names).
    #[error("PDF 无法完成：{0}")]
    Pdf(#[from] lopdf::Error),
    /// The PDF could not be written into memory.
    #[error("PDF 无法写出：{0}")]
    PdfWrite(#[from] std::io::Error),
    /// The Word writer refused.
    #[error(transparent)]
    Docx(#[from] docx::DocxError),
    /// The spreadsheet writer refused.
    #[error(transparent)]
    Sheet(#[from] xlsx::SheetError),
}

/// The bytes of `report` in `format`. The PDF uses the official fonts where installed.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Pdf | Format::ReviewPdf => {
            let fonts = pdf::PdfFonts::load()?;
            let edition = if format == Format::ReviewPdf {
                layout::Edition::Review
            } else {
                layout::Edition::SignOff
            };
            pdf::export_pdf_with(report, &fonts, edition)
        }
        Format::Json => Ok(json::to_json(report)?.into_bytes()),
        Format::Html => Ok(html::to_html(report).into_bytes()),
        Format::Docx => Ok(docx::to_docx(report)?),
        Format::Xlsx => Ok(xlsx::to_xlsx(report)?),
    }
}

/// Renders `report` in `format` and writes it to `path` atomically.
pub fn write(report: &Report, format: Format, path: &Path) -> Result<(), ExportError> {
    let bytes = render(report, format)?;
    write_bytes(&bytes, path)
}

/// Writes made bytes to `path` atomically (an export replaces the file it names).
pub fn write_bytes(bytes: &[u8], path: &Path) -> Result<(), ExportError> {
    Ok(write_atomic(path, bytes, Backup::None)?)
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
