//! The bundled CJK font, found on disk and installed into egui.
//!
//! The font is a separate file in `fonts/` (not compiled in) so it can be replaced and so the
//! binary stays small.

use std::sync::Arc;

pub use crate::fonts::{GUI_FONT, SYMBOL_FONT, font_dirs, read_font};

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
