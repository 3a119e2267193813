//! Scanned reports (issue 31), read offline: the pixels of an image-only PDF's pages
//! (`pixels`), straightened when put on the glass askew (`deskew`), the table's ruling lines and cells found in them, merged cells included
//! (`grid`), each cell and each line of text outside the tables read by PaddleOCR's PP-OCRv4
//! recognition model through tract-onnx (`recognize`, pure Rust), and the page written as a web
//! page (`page`) that the web-page import places like any published report. The import notes
//! how many cells were read, which numbers were read with little confidence, and whether the
//! tables' arithmetic verified the reading.
//!
//! Not yet here: CCITT and JBIG2 images, the crops shown in the window beside a failing
//! relation.

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
}
