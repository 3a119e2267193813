//! nianbao (年报): authoring, checking and exporting the yearly
//! 政府信息公开工作年度报告.
//!
//! [`core`] is the pure model (templates as data, report, checks, autosum, drafts);
//! [`store`] reads and writes drafts on disk (atomically, with a backup);
//! [`resources`] finds the fonts and samples from where the program is installed;
//! [`batch`] checks a folder of reports at once and writes the overview;
//! [`session`] is an open draft with undo and recovery copies, without a window;
//! [`app`] is the eframe/egui window; [`cli`] is the headless front end that reviewers batch
//! and tests drive.

pub mod app;
pub mod batch;
pub mod cli;
pub mod clock;
pub mod core;
pub mod export;
pub mod fonts;
pub mod import;
pub mod ocr;
pub mod platform;
pub mod register;
pub mod resources;
pub mod session;
pub mod store;
