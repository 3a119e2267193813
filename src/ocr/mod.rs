//! Scanned reports (issue 31), the first pieces: the pixels of an image-only PDF's pages, and
//! the text of one cell or line read by PaddleOCR's PP-OCRv4 recognition model through
//! tract-onnx (pure Rust, offline), with its confidence.
//!
//! Not yet here: the table's ruling lines and cells found in the pixels, and what is read
//! placed in a draft. Until they are, the importer still refuses an image-only PDF with its
//! message.

mod pixels;
#[cfg(feature = "ocr")]
mod recognize;

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
