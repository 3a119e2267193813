//! The bundled CJK font, found on disk and installed into egui.
//!
//! The font is a separate file in `fonts/` (not compiled in) so it can be replaced and so the
//! binary stays small.

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The GUI face: Noto Sans CJK SC, GBK subset (see `fonts/README.md`).
pub const GUI_FONT: &str = "NotoSansSC-Regular-GBK.otf";
/// Symbols Noto Sans CJK SC lacks (≒ among the GBK characters).
pub const SYMBOL_FONT: &str = "DejaVuSans-Symbols.ttf";

/// Folders searched for the fonts, in order.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("NIANBAO_FONTS") {
        dirs.push(PathBuf::from(d));
    }
    if let Ok(exe) = std::env::current_exe()
        && let Some(bin) = exe.parent()
    {
        dirs.push(bin.join("fonts"));
        // target/release/nianbao → the source tree's fonts/.
        if let Some(root) = bin.parent().and_then(Path::parent) {
            dirs.push(root.join("fonts"));
        }
    }
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
    dirs
}

/// Reads a bundled font file; the error says where it looked.
pub fn read_font(name: &str) -> Result<Vec<u8>, String> {
    let dirs = font_dirs();
    for d in &dirs {
        if let Ok(bytes) = std::fs::read(d.join(name)) {
            return Ok(bytes);
        }
    }
    let tried = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join("、");
    Err(format!(
        "找不到字体文件 {name}（已查找：{tried}），中文可能无法显示"
    ))
}

/// Sets up a context the way the app wants it: the CJK font and a light theme (a document tool
/// shows paper-like tables). The app and the tests both call this before the first frame.
pub fn setup(ctx: &egui::Context, font: Vec<u8>) {
    install(ctx, font, read_font(SYMBOL_FONT).ok());
    ctx.set_theme(egui::Theme::Light);
}

/// Installs the CJK face first in both families, keeping egui's defaults as fallbacks, and the
/// symbol face last.
pub fn install(ctx: &egui::Context, bytes: Vec<u8>, symbols: Option<Vec<u8>>) {
    let mut fonts = egui::FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sc".to_owned(),
        Arc::new(egui::FontData::from_owned(bytes)),
    );
    fonts
        .families
        .entry(egui::FontFamily::Proportional)
        .or_default()
        .insert(0, "noto_sc".to_owned());
    fonts
        .families
        .entry(egui::FontFamily::Monospace)
        .or_default()
        .push("noto_sc".to_owned());
    if let Some(sym) = symbols {
        fonts.font_data.insert(
            "dejavu_symbols".to_owned(),
            Arc::new(egui::FontData::from_owned(sym)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push("dejavu_symbols".to_owned());
        }
    }
    ctx.set_fonts(fonts);
}
