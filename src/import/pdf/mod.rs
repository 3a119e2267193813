//! PDF files → the lines the text import reads.
//!
//! A PDF holds glyphs at positions and drawn lines, not paragraphs and tables. This reads both
//! (lopdf parses the file and decodes the text through each font's ToUnicode map) and rebuilds:
//! - **ruled tables**: the drawn horizontal and vertical rules give each cell its box; the text
//!   inside one box is one cell, however many lines it wraps over (「（二）部分公开（区分处理的，只计
//!   这一情 / 形，不计其他情形）」). Cells whose boxes start at the same height form a row, written
//!   as one tab-separated line; a merged cell is written once, in the row where it starts.
//! - **everything else**: glyph runs on one baseline form a line (a wide gap becomes a tab, so
//!   an unruled table's columns still separate); a line that fills the measure and a next line
//!   that is not indented are one paragraph, also across a page break.
//! - **page furniture** is dropped: folios (「— 3 —」, 「第 3 页」), a bare page number, and
//!   nianbao's own draft marks (「草稿」, 「待审核」…) in the top or bottom margin.
//!
//! Every walk is bounded: pages, operators per page, glyph runs, and nesting of form XObjects.

use std::collections::BTreeMap;

mod content;
mod fonts;
mod geometry;
mod lines;

use content::*;
use fonts::*;
use geometry::*;
use lines::*;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object};

/// Why a PDF cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Not a PDF, or damaged beyond reading.
    #[error("不是有效的 PDF 文件，或文件已损坏（{0}）")]
    Invalid(String),
    /// Encrypted with a password.
    #[error(
        "这份 PDF 已加密，无法读取其中的文字：请用原来的软件导出一份未加密的 PDF，或改用 Word 文档、网页版本导入"
    )]
    Encrypted,
    /// Pages but no text: a scan or images.
    #[error(
        "这份 PDF 没有文字层（可能是扫描件或图片），无法导入：本工具不做文字识别（OCR），请找到报告的 Word 文档、网页或带文字的 PDF"
    )]
    NoText,
    /// Far more pages than any report has.
    #[error("这份 PDF 有 {0} 页，超过可导入的上限 {MAX_PAGES} 页（年度报告通常不超过 30 页）")]
    TooManyPages(usize),
}

/// Pages read at the most.
pub const MAX_PAGES: usize = 300;
/// Content operators read over the whole file at the most (form XObjects included, however
/// often they are painted); the rest is left out. A long report has about 50 000.
const MAX_OPS: usize = 2_000_000;
/// Glyphs kept over the whole file at the most (a long report has about 30 000).
const MAX_RUNS: usize = 1_000_000;
/// Rules × glyphs compared on one page at the most (a dense report page: 3 000 × 1 500).
const MAX_CELL_WORK: usize = 50_000_000;
/// How deep form XObjects may nest.
const MAX_DEPTH: usize = 6;

/// Whether bytes are a PDF file.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
}

/// A text run: glyphs shown by one operator, at their start position (page space, y up).
#[derive(Clone, Debug)]
struct Run {
    x: f32,
    y: f32,
    size: f32,
    text: String,
    /// How far the glyphs advance, in page space (from the fonts' widths).
    width: f32,
}

fn char_width(c: char, size: f32) -> f32 {
    if (c as u32) < 0x2000 {
        size * 0.5
    } else {
        size
    }
}

/// An axis-aligned rule: horizontal at `pos` = y from `from` to `to` (x), or vertical at `pos` = x.
#[derive(Clone, Copy, Debug)]
struct Rule {
    horizontal: bool,
    pos: f32,
    from: f32,
    to: f32,
}

/// What one page gave.
#[derive(Default)]
struct Page {
    height: f32,
    runs: Vec<Run>,
    rules: Vec<Rule>,
}

/// Reads a PDF into lines for the text import.
pub fn to_text(bytes: &[u8]) -> Result<String, PdfError> {
    let doc = Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => PdfError::Encrypted,
        other => PdfError::Invalid(other.to_string()),
    })?;
    if doc.is_encrypted() {
        return Err(PdfError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(PdfError::TooManyPages(pages.len()));
    }
    if pages.is_empty() {
        return Err(PdfError::Invalid("没有页面".into()));
    }
    let mut budget = Budget {
        glyphs: MAX_RUNS,
        ops: MAX_OPS,
    };
    let mut read = Vec::new();
    for id in pages.values() {
        read.push(read_page(&doc, *id, &mut budget));
    }
    if read
        .iter()
        .all(|p| p.runs.iter().all(|r| r.text.trim().is_empty()))
    {
        return Err(PdfError::NoText);
    }
    Ok(lines_of(&read).join("\n"))
}
