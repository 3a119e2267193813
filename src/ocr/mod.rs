//! Scanned reports (issue 31), read offline: the pixels of an image-only PDF's pages
//! (`pixels`), straightened when put on the glass askew (`deskew`), the table's ruling lines and cells found in them, merged cells included
//! (`grid`), each cell and each line of text outside the tables read by PaddleOCR's PP-OCRv4
//! recognition model through tract-onnx (`recognize`, pure Rust), and the page written as a web
//! page (`page`) that the web-page import places like any published report. The import notes
//! how many cells were read, which numbers were read with little confidence, and whether the
//! tables' arithmetic verified the reading.
//!
//! A finer scan is reduced to 150 dpi first (`page::normalized`), the darkest of each 2×2
//! block kept so that hairline rules survive. The window shows each value's crop beside a
//! failing relation (`app::views::scan`).
//!
//! Not yet here: JBIG2 and CCITT Group 3 images (refused with a message naming the
//! encoding); CCITT Group 4, what office scanners write, is read.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub mod deskew;
pub mod grid;
#[cfg(feature = "ocr")]
mod page;
mod pixels;
#[cfg(feature = "ocr")]
mod recognize;

#[cfg(feature = "ocr")]
pub use page::{CellReading, PageReading, read_page, read_scan};
pub use pixels::{MAX_PIXELS, MAX_SIDE, PageImage, page_images};
#[cfg(feature = "ocr")]
pub use recognize::{MODEL_FILE, Reading, Recognizer, model_path, tight_crop};

/// How far the reading of a scan has got, shared with whoever shows it (the window's
/// progress bar), and the way to stop it.
#[derive(Debug, Default)]
pub struct Progress {
    pages: AtomicUsize,
    page: AtomicUsize,
    lines: AtomicUsize,
    done: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    /// A reading of `pages` pages begins.
    pub fn start(&self, pages: usize) {
        self.pages.store(pages, Ordering::Relaxed);
    }

    /// The page (from 1) now read.
    pub fn at_page(&self, page: usize) {
        self.page.store(page, Ordering::Relaxed);
        self.lines.store(0, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    /// The page being read has `n` more lines to read.
    pub fn add_lines(&self, n: usize) {
        self.lines.fetch_add(n, Ordering::Relaxed);
    }

    /// `n` more lines were read; whether to go on.
    pub fn advance(&self, n: usize) -> bool {
        self.done.fetch_add(n, Ordering::Relaxed);
        !self.is_cancelled()
    }

    /// Asks the reading to stop.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the reading was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// How much of the whole is read, 0 to 1.
    pub fn fraction(&self) -> f32 {
        let pages = self.pages.load(Ordering::Relaxed).max(1) as f32;
        let page = self.page.load(Ordering::Relaxed).max(1) as f32;
        let lines = self.lines.load(Ordering::Relaxed);
        let within = if lines == 0 {
            0.0
        } else {
            self.done.load(Ordering::Relaxed).min(lines) as f32 / lines as f32
        };
        ((page - 1.0 + within) / pages).clamp(0.0, 1.0)
    }

    /// Where it stands, in a line: 「第 2/3 页：已识别 120/300 处」.
    pub fn describe(&self) -> String {
        let pages = self.pages.load(Ordering::Relaxed);
        if pages == 0 {
            return "正在读取扫描图像…".into();
        }
        format!(
            "第 {}/{pages} 页：已识别 {}/{} 处文字",
            self.page.load(Ordering::Relaxed).max(1),
            self.done.load(Ordering::Relaxed),
            self.lines.load(Ordering::Relaxed)
        )
    }
}

/// Why a scan could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// The PDF could not be read.
    #[error("无法读取 PDF：{0}")]
    Pdf(String),
    /// An image larger than the limits.
    #[error("扫描图像过大（{width}×{height} 像素，上限为每边 {MAX_SIDE}、共 {MAX_PIXELS} 像素）")]
    TooLarge {
        /// Its width in pixels.
        width: u64,
        /// Its height in pixels.
        height: u64,
    },
    /// An encoding no reader here decodes.
    #[error("扫描图像的编码 {0} 暂不能读取")]
    Encoding(String),
    /// Image data that does not decode.
    #[error("扫描图像已损坏或不完整：{0}")]
    Damaged(String),
    /// The recognition model was not found or does not load.
    #[error("文字识别模型无法使用：{0}")]
    Model(String),
    /// The reading was stopped by the user.
    #[error("已取消文字识别")]
    Cancelled,
}
