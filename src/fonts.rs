//! The bundled font files: where they are and how to read them. Shared by the window and
//! the PDF export; no egui here.

use std::path::PathBuf;

use thiserror::Error;

/// A bundled font file that is not where it should be.
#[derive(Debug, Error)]
#[error(
    "找不到字体文件 {name}（已查找：{tried}）。请安装 nianbao 软件包，或把随程序发布的 fonts 文件夹放在 nianbao 程序旁边，或用环境变量 NIANBAO_FONTS 指明字体文件夹"
)]
pub struct FontMissing {
    /// The file name.
    pub name: String,
    /// The folders searched, joined with 「、」.
    pub tried: String,
}

/// The GUI face: Noto Sans CJK SC, GBK subset (see `fonts/README.md`).
pub const GUI_FONT: &str = "NotoSansSC-Regular-GBK.otf";
/// Symbols Noto Sans CJK SC lacks (≒ among the GBK characters).
pub const SYMBOL_FONT: &str = "DejaVuSans-Symbols.ttf";

/// Folders searched for the fonts, in order (see [`crate::resources`]).
pub fn font_dirs() -> Vec<PathBuf> {
    crate::resources::font_dirs()
}

/// Reads a bundled font file; the error says where it looked.
pub fn read_font(name: &str) -> Result<Vec<u8>, FontMissing> {
    let path = font_path(name)?;
    std::fs::read(&path).map_err(|_| FontMissing {
        name: name.to_string(),
        tried: path.display().to_string(),
    })
}

/// Where a bundled font is, without reading it (the PDF export reads a face only when a page
/// uses it).
pub fn font_path(name: &str) -> Result<std::path::PathBuf, FontMissing> {
    let dirs = font_dirs();
    for d in &dirs {
        let p = d.join(name);
        if p.is_file() {
            return Ok(p);
        }
    }
    let tried = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join("、");
    Err(FontMissing {
        name: name.to_string(),
        tried,
    })
}
