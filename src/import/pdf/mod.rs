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
    /// Pages but no text, and no scan read (no page image, or OCR turned off or not built in).
    #[error(
        "这份 PDF 没有文字层，也没有做文字识别（OCR）：没有扫描图像，或识别已关闭（--no-ocr），或此版本未包含识别。请找到报告的 Word 文档、网页或带文字的 PDF"
    )]
    NoText,
    /// A scan that could not be read.
    #[error("这份 PDF 是扫描件，文字识别（OCR）未能完成：{0}")]
    Scan(String),
    /// Far more pages than any report has.
    #[error("这份 PDF 有 {0} 页，超过可导入的上限 {MAX_PAGES} 页（年度报告通常不超过 30 页）")]
    TooManyPages(usize),
    /// A compressed stream that inflates beyond any report's (a decompression bomb).
    #[error(
        "PDF 中有过大的压缩内容（一段内容解压后超过 {} MB，或全部内容超过 {} MB；年度报告远小于此），未读取",
        MAX_STREAM >> 20,
        MAX_INFLATED >> 20
    )]
    TooLargeStream,
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
/// What one compressed stream (a page's content, a form, a font's map, an object stream) may
/// inflate to at the most; it is checked while inflating, before the memory is taken. A dense
/// report page has under 1 MB of content.
pub const MAX_STREAM: usize = 32 << 20;
/// What all the streams of a file may inflate to together.
pub const MAX_INFLATED: usize = 128 << 20;
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
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..Default::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => PdfError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            PdfError::TooLargeStream
        }
        other => PdfError::Invalid(lopdf_chinese(&other)),
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
        inflated: MAX_INFLATED,
        too_large: false,
    };
    let mut read = Vec::new();
    for id in pages.values() {
        read.push(read_page(&doc, *id, &mut budget));
        if budget.too_large {
            return Err(PdfError::TooLargeStream);
        }
    }
    if read
        .iter()
        .all(|p| p.runs.iter().all(|r| r.text.trim().is_empty()))
    {
        return Err(PdfError::NoText);
    }
    Ok(lines_of(&read).join("\n"))
}

/// What lopdf could not read, in Chinese (its own messages are English).
fn lopdf_chinese(e: &lopdf::Error) -> String {
    use lopdf::Error as E;
    match e {
        E::Xref(_) | E::MissingXrefEntry | E::InvalidOffset(_) => {
            "交叉引用表无法解析，文件可能不完整或已损坏".into()
        }
        E::Parse(_) | E::IndirectObject { .. } | E::ObjectIdMismatch => {
            "文件结构无法解析，可能不是 PDF 或已损坏".into()
        }
        E::Decompress(_) | E::InvalidStream(_) | E::InvalidObjectStream(_) => {
            "压缩内容无法解压，文件已损坏".into()
        }
        E::ObjectNotFound(_) | E::DictKey(_) | E::ObjectType { .. } | E::DictType { .. } => {
            "缺少必需的对象，文件已损坏".into()
        }
        E::ReferenceCycle(_) | E::ReferenceLimit | E::RecursionLimit => {
            "对象之间循环引用，文件已损坏".into()
        }
        E::UnsupportedSecurityHandler(_) | E::Decryption(_) | E::InvalidPassword => {
            "使用了不支持的加密方式".into()
        }
        E::IO(io) => crate::store::io_chinese(io),
        _ => "文件无法解析，可能已损坏".into(),
    }
}
