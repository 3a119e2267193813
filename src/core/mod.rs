//! The pure core: no UI, no PDF, no dialogs. It compiles and tests alone.

pub mod autosum;
pub mod carry;
pub mod checks;
pub mod diff;
pub mod geometry;
pub mod merge;
pub mod printed;
pub mod prose;
pub mod report;
pub mod review;
pub mod review_model;
pub mod template;
pub mod values;
pub mod wording;

pub use autosum::{CellEdit, apply_edits, autosum, autosum_edits};
pub use checks::{Finding, Level, REPORT_LEVEL, TextSpan, check, check_with_previous, tally};
pub use printed::{GroupLayout, PrintedGroup};
pub use report::{
    ImportNote, IssueDate, MetaField, Metadata, PartText, RegisterCount, Report, Section,
    TextField, Tier,
};
pub use template::{FormatVersion, Rule, Template, ValueKind};
pub use values::{CellValue, Number, parse_cell};
