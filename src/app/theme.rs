//! The window's colours, named once: text and cell colours say what a thing is (an error, a
//! warning, a verified note, a compared value), so every panel shows it the same way.

use egui::Color32;

/// Text of an error: a failing relation, an invalid field, a failed save.
pub const ERROR_TEXT: Color32 = Color32::from_rgb(0xB0, 0x10, 0x10);
/// Text of a warning to look at.
pub const WARNING_TEXT: Color32 = Color32::from_rgb(0x9A, 0x6A, 0x00);
/// Text of something settled: 已核实, 定稿.
pub const OK_TEXT: Color32 = Color32::from_rgb(0x1F, 0x6F, 0x30);
/// An open comment.
pub const COMMENT_TEXT: Color32 = Color32::from_rgb(0x8A, 0x50, 0x00);
/// What differs from the compared version (text and the cell frame).
pub const COMPARED: Color32 = Color32::from_rgb(0x1F, 0x5F, 0xD0);

/// Grid: header cells and row labels.
pub const HEADER_FILL: Color32 = Color32::from_rgb(0xEE, 0xF1, 0xF5);
/// Grid: cell borders.
pub const GRID_LINE: Color32 = Color32::from_rgb(0x9A, 0xA3, 0xAE);
/// Grid: a cell some error involves.
pub const ERROR_FILL: Color32 = Color32::from_rgb(0xFF, 0xE4, 0xE4);
/// Grid: the one cell an error names to correct.
pub const CULPRIT_FILL: Color32 = Color32::from_rgb(0xFF, 0xB8, 0xB8);
/// Grid: frame of a cell some error involves.
pub const ERROR_LINE: Color32 = Color32::from_rgb(0xD0, 0x30, 0x30);
/// Grid: frame of the cell to correct.
pub const CULPRIT_LINE: Color32 = Color32::from_rgb(0xA0, 0x00, 0x00);
/// Grid: a cell involved only through another cell's root cause.
pub const FAINT_FILL: Color32 = Color32::from_rgb(0xFF, 0xF2, 0xF2);
/// Grid: a cell a warning involves.
pub const WARN_FILL: Color32 = Color32::from_rgb(0xFF, 0xF4, 0xD0);
/// Grid: the corner mark of a commented cell.
pub const COMMENT_MARK: Color32 = Color32::from_rgb(0xE0, 0x8A, 0x00);
/// Grid: the 「—」 of a cell the template leaves empty.
pub const PLACEHOLDER: Color32 = Color32::from_gray(170);
/// Text of something dealt with (a resolved comment), shown but out of the way.
pub const SETTLED_TEXT: Color32 = Color32::from_gray(140);
