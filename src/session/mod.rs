//! An editing session without a window: the open [`document::Document`] (edits, undo, the
//! findings kept current) and its [`recovery`] copies. The window drives it through egui; the
//! command line and the tests drive it directly.

pub mod document;
pub mod recovery;

pub use document::{Document, Edit};
pub use recovery::Recovery;
