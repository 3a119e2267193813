//! The window: the eframe glue, the app's state and the frame's layout. The rest lives by
//! concern: [`command`] (what the user can ask for, declared once), `file_actions` and
//! `review_actions` (what those requests do), `menu`, `views` (each panel's drawing), `dialogs`
//! (the one open dialog), [`grid`] (the statistics grids), [`theme`] (named colours).
//!
//! UI state only: edits go through [`crate::session::Document::apply`], files through
//! [`crate::store`] and [`crate::import`], checks run in [`crate::core`].

mod asks;
pub mod command;
mod dialogs;
mod file_actions;
pub mod fonts;
pub mod grid;
pub mod ime;
mod menu;
mod prompt;
mod review_actions;
pub mod theme;
mod views;

use std::path::{Path, PathBuf};

use crate::core::template::PartNo;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::core::{FormatVersion, Report, TextField, autosum_edits};
use crate::session::{Document, Edit, Recovery};
use asks::Modal;
use asks::Pending;
use command::Command;
use grid::GridNav;
pub use review_actions::ReviewState;

/// How often a recovery copy is written while there are unsaved changes.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(10);
/// Recent files kept.
pub const RECENT_MAX: usize = 8;
/// Part 一 should stay within this many characters (gov2021).
pub const PART1_LIMIT: usize = 1000;

/// What the centre shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// 报告信息: agency, year, format, date, contact, lead.
    Meta,
    /// One of the six parts, 1..=6.
    Part(u8),
    /// 批注列表.
    Comments,
    /// 修订记录.
    History,
    /// 批量核对: the overview of a folder of reports.
    Batch,
}

/// Preferences kept between runs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Prefs {
    recent: Vec<PathBuf>,
    /// Who acts: shown in the history, on comments and 已核实 marks.
    #[serde(default)]
    name: String,
}

/// Words to select in a text editor, as a finding or a comment asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Highlight {
    /// The part, or [`crate::core::REPORT_LEVEL`] for the lead.
    part: u8,
    /// The field of that part.
    field: TextField,
    /// First character.
    start: usize,
    /// One past the last character.
    end: usize,
}

/// The application.
pub struct NianbaoApp {
    /// The open document.
    pub doc: Document,
    /// What the centre shows.
    pub view: View,
    /// Whether the findings panel is open.
    pub show_findings: bool,
    pub nav: GridNav,
    status: Option<(String, bool)>,
    /// The open dialog, if any.
    modal: Option<Modal>,
    /// What was asked for during this frame, carried out after it is drawn.
    queued: Vec<Command>,
    confirm_close: bool,
    /// The 成文日期 field as typed (it may not be a date yet).
    date_text: String,
    recovery: Option<Recovery>,
    /// The lock on the open draft's file, held while it is open here (see
    /// [`crate::store::DraftLock`]).
    draft_lock: Option<crate::store::DraftLock>,
    last_autosave: Instant,
    prefs: Prefs,
    last_focus: Option<egui::Id>,
    /// A sentence to select in a text editor.
    highlight: Option<Highlight>,
    title: String,
    /// Whether to try the system file dialog (off in tests: there is no desktop there).
    pub use_file_dialogs: bool,
    /// The comparison with another version, and the review features' other state.
    pub review: ReviewState,
    /// The reports a 汇总 made in this window was summed from, while its draft is open: its
    /// spreadsheet then also has a row per agency and cell.
    merge_inputs: Option<Vec<(String, Report)>>,
    /// The batch review shown in [`View::Batch`], running or done.
    pub batch: Option<views::BatchView>,
    /// A scan being read by OCR, on a thread of its own.
    pub scan_job: Option<views::ScanJob>,
    /// The pages of the scan the open draft was read from (for the cells' crops).
    pub scan: Option<views::ScanView>,
    /// The per-user state folder (recovery copies, preferences, the registers' mappings);
    /// `None` keeps nothing, as in tests.
    state_dir: Option<PathBuf>,
}

impl NianbaoApp {
    /// An app showing `report`; `state_dir` keeps recovery copies and recent files (`None`: keep
    /// nothing, as in tests).
    pub fn new(report: Report, path: Option<PathBuf>, state_dir: Option<PathBuf>) -> Self {
        // A slot of its own: a second window never offers (or overwrites) the first one's copy.
        let recovery = state_dir.as_ref().map(Recovery::claim);
        let prefs = state_dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("prefs.ron")).ok())
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default();
        // An unreadable recovery copy cannot be offered; it is kept aside, never a crash.
        let offer_recovery = recovery
            .as_ref()
            .and_then(|r| r.read())
            .and_then(Result::ok)
            .map(|r| Modal::Recovery(Box::new(r)));
        let date_text = date_text(&report);
        let mut app = NianbaoApp {
            doc: Document::new(report, path.clone()),
            view: View::Part(3),
            show_findings: true,
            nav: GridNav::default(),
            status: None,
            modal: offer_recovery,
            queued: Vec::new(),
            confirm_close: false,
            date_text,
            recovery,
            draft_lock: None,
            last_autosave: Instant::now(),
            prefs,
            last_focus: None,
            highlight: None,
            title: String::new(),
            use_file_dialogs: state_dir.is_some(),
            review: ReviewState::default(),
            merge_inputs: None,
            batch: None,
            scan_job: None,
            scan: None,
            state_dir: state_dir.clone(),
        };
        if let Some(p) = path {
            app.remember(&p);
        }
        app
    }

    /// Opens the window's first view on a file given on the command line — a draft, a JSON copy,
    /// or a published report to import — or on a blank report that says why not.
    pub fn open_startup(path: &Path, state_dir: Option<PathBuf>) -> Self {
        let blank = crate::core::Report::new(FormatVersion::Gov2021, 2024);
        let mut app = NianbaoApp::new(blank, None, state_dir);
        app.open_path(path);
        app
    }

    /// The window's first view when no file was given and the sample is not installed: a
    /// blank report, and a line that says so.
    pub fn blank_startup(state_dir: Option<PathBuf>) -> Self {
        let blank = crate::core::Report::new(FormatVersion::Gov2021, 2024);
        let mut app = NianbaoApp::new(blank, None, state_dir);
        app.set_error(
            "没有找到自带的示例报告（nianbao 软件包或 samples 文件夹不完整），已打开空白报告"
                .into(),
        );
        app
    }

    fn set_error(&mut self, msg: String) {
        self.status = Some((msg, true));
    }

    fn set_info(&mut self, msg: String) {
        self.status = Some((msg, false));
    }

    /// The message line (text, is_error), as shown at the bottom.
    pub fn status(&self) -> Option<(&str, bool)> {
        self.status.as_ref().map(|(m, e)| (m.as_str(), *e))
    }

    fn remember(&mut self, path: &Path) {
        let p = path.to_path_buf();
        self.prefs.recent.retain(|x| x != &p);
        self.prefs.recent.insert(0, p);
        self.prefs.recent.truncate(RECENT_MAX);
        self.save_prefs();
    }

    fn save_prefs(&self) {
        if let Some(rec) = &self.recovery
            && let Ok(text) = ron::ser::to_string_pretty(&self.prefs, ron::ser::PrettyConfig::new())
        {
            let _ = std::fs::create_dir_all(rec.dir());
            let _ = crate::store::write_atomic(
                &rec.dir().join("prefs.ron"),
                text.as_bytes(),
                crate::store::Backup::None,
            );
        }
    }

    /// The recent files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.prefs.recent
    }

    /// Replaces the open document; the date field shows the new report's date of issue.
    fn set_document(&mut self, doc: Document) {
        // The draft that was open here is let go; whoever opens the new one takes its lock.
        self.draft_lock = None;
        self.date_text = date_text(&doc.report);
        self.doc = doc;
        self.merge_inputs = None;
        self.scan = None;
    }

    /// Applies an edit as an undo step of its own (not merged with the typing around it).
    pub(super) fn apply_step(&mut self, edit: Edit) {
        self.doc.end_typing();
        self.doc.apply(edit);
        self.doc.end_typing();
    }

    /// Derives the totals of a table (or all) as one undoable step.
    pub fn autosum(&mut self, table: Option<&str>) {
        if self.doc.read_only.is_some() {
            self.set_error(self.doc.locked_reason().unwrap_or_default().into());
            return;
        }
        if self.doc.is_locked() {
            self.set_error("定稿为只读：需要修改请在“审核”菜单中重新打开（需填写理由）".into());
            return;
        }
        let edits = autosum_edits(&self.doc.report, table);
        let n = edits.len();
        self.apply_step(Edit::Cells(edits));
        self.set_info(if n == 0 {
            "合计数已经正确，无需改动".to_string()
        } else {
            format!("已重新计算 {n} 个合计数（可撤销）")
        });
    }

    /// Draws the whole window into `ui` (the eframe wrapper and the tests both call this).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let focus = ui.memory(|m| m.focused());
        if focus != self.last_focus {
            self.doc.end_typing();
            self.last_focus = focus;
        }
        // A dialog is modal: keys and dropped files wait until it is answered.
        if self.modal.is_none() && self.scan_job.is_none() {
            self.read_shortcuts(ui);
            self.dropped_files(ui);
        }

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("nav")
            .resizable(false)
            // Narrower on a laptop screen, where the table needs the room.
            .exact_size((ui.available_width() * 0.22).clamp(200.0, 262.0))
            .show(ui, |ui| self.nav_ui(ui));
        if self.show_findings {
            egui::Panel::right("findings")
                .default_size(250.0)
                .min_size(200.0)
                .show(ui, |ui| self.findings_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.view != View::Batch && self.doc.path.as_deref().is_some_and(is_bundled_sample) {
                self.sample_banner(ui);
            }
            if self.view != View::Batch
                && self.doc.read_only == Some(crate::session::document::ReadOnly::Published)
            {
                self.published_banner(ui);
            }
            // A table scrolls inside its own area, under a header that stays in view.
            match self.view {
                View::Part(p)
                    if PartNo::new(p)
                        .and_then(|p| self.doc.report.template().table_of_part(p))
                        .is_some() =>
                {
                    self.part_ui(ui, p);
                    return;
                }
                View::Comments => {
                    self.comments_ui(ui);
                    return;
                }
                View::History => {
                    self.history_ui(ui);
                    return;
                }
                View::Batch => {
                    self.batch_ui(ui);
                    return;
                }
                _ => {}
            }
            egui::ScrollArea::both()
                .auto_shrink(false)
                .show(ui, |ui| match self.view {
                    View::Meta => {
                        let locked = self.doc.is_locked();
                        ui.add_enabled_ui(!locked, |ui| self.meta_ui(ui));
                    }
                    View::Part(p) => self.part_ui(ui, p),
                    View::Comments => self.comments_ui(ui),
                    View::History => self.history_ui(ui),
                    View::Batch => self.batch_ui(ui),
                });
        });
        self.run_queued();
        self.dialogs_ui(ui);
        self.scan_job_ui(&ui.ctx().clone());
        self.refresh_compare();
    }

    fn dropped_files(&mut self, ui: &mut egui::Ui) {
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A published report (Word, web page, text) is imported; anything else opens as a draft.
        if let Some(p) = dropped.into_iter().next() {
            self.request(if crate::import::is_published_report(&p) {
                Pending::Import(p)
            } else {
                Pending::Open(p)
            });
        }
    }

    /// Writes a recovery copy when due; called once per frame.
    pub fn autosave_tick(&mut self) {
        if self.last_autosave.elapsed() < AUTOSAVE_EVERY {
            return;
        }
        self.last_autosave = Instant::now();
        if let Some(rec) = &self.recovery
            && self.doc.is_dirty()
            && let Err(e) = rec.write(&self.doc.report, self.doc.path.as_deref())
        {
            self.set_error(format!("无法写入恢复副本：{e}"));
        }
    }

    fn window_title(&self) -> String {
        let dirty = if self.doc.is_dirty() { " *" } else { "" };
        let status = self.doc.report.review.status.chinese();
        format!(
            "{}{dirty}（{status}）— nianbao 年报",
            self.doc.display_name()
        )
    }
}

/// The 成文日期 field's text: the date, or what was typed when it is not one.
pub(super) fn date_text(report: &Report) -> String {
    match (&report.meta.issue_date, &report.meta.issue_date_typed) {
        (Some(d), _) => d.to_string(),
        (None, Some(typed)) => typed.clone(),
        (None, None) => String::new(),
    }
}

impl eframe::App for NianbaoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if ui.ctx().input(|i| i.viewport().close_requested()) && !self.confirm_close {
            if self.doc.is_dirty() {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Pending::Close));
            } else if let Some(r) = &self.recovery {
                r.clear();
            }
        }
        self.ui(ui);
        if self.confirm_close {
            if let Some(r) = &self.recovery {
                r.clear();
            }
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        let title = self.window_title();
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.autosave_tick();
        // Wake up for the next autosave even when the user is idle.
        ui.ctx().request_repaint_after(AUTOSAVE_EVERY);
    }
}

/// The bundled sample report the app opens by default, where it is installed.
pub fn sample_path() -> Option<PathBuf> {
    crate::resources::sample(crate::resources::SAMPLE)
}

/// Whether `path` is one of the samples shipped with nianbao (not a copy of one elsewhere).
pub fn is_bundled_sample(path: &Path) -> bool {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    crate::resources::SAMPLES
        .iter()
        .filter_map(|name| crate::resources::sample(name))
        .any(|sample| canonical(path) == canonical(&sample))
}

impl NianbaoApp {
    /// Over a published report opened from the batch review: read-only, and the way to edit it.
    fn published_banner(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new("已发布的报告，只读打开以便核对。需要修改：")
                    .color(theme::COMPARED),
            );
            if ui.button("导入为草稿").clicked() {
                self.doc.read_only = None;
                self.set_info("已导入为草稿，请核对后保存（另存为）".into());
            }
        });
        ui.separator();
    }

    /// Over the bundled sample: what it is, and how to start one's own report.
    fn sample_banner(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(
                    "这是自带的示例报告（虚构的机关，数据齐全、核对无误），用来熟悉本工具。编写本机关的报告：",
                )
                .color(theme::COMPARED),
            );
            if ui.button(command::Command::New.label()).clicked() {
                self.queue(command::Command::New);
            }
            if ui.button("导入上年度已发布的报告…").clicked() {
                self.queue(command::Command::Import);
            }
        });
        ui.separator();
    }
}

/// The window could not be opened (no display, no OpenGL).
#[derive(Debug, thiserror::Error)]
#[error("无法打开窗口：{0}")]
pub struct WindowError(#[from] eframe::Error);

/// The window's icon: the one the desktop entry names (assets/icons).
fn window_icon() -> egui::IconData {
    let png = include_bytes!("../../assets/icons/hicolor/64x64/apps/nianbao.png");
    eframe::icon_data::from_png_bytes(png).unwrap_or_default()
}

/// Opens the window; `file` is a draft to open instead of the sample.
pub fn run(file: Option<PathBuf>) -> Result<(), WindowError> {
    let started = Instant::now();
    let state_dir = Recovery::default_dir();
    let font = fonts::read_font(fonts::GUI_FONT);
    let path = file.or_else(sample_path);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("nianbao 年报")
            .with_inner_size([1400.0, 860.0])
            .with_drag_and_drop(true)
            .with_icon(window_icon()),
        ..Default::default()
    };
    eframe::run_native(
        "nianbao",
        options,
        Box::new(move |cc| {
            // NIANBAO_KEEP_IME=0 turns the fix off, to compare with egui's own behaviour.
            if std::env::var_os("NIANBAO_KEEP_IME").is_none_or(|v| v != "0") {
                cc.egui_ctx.add_plugin(ime::KeepImeContext::default());
            }
            let mut font_error = None;
            match font {
                Ok(bytes) => fonts::setup(&cc.egui_ctx, bytes),
                Err(e) => font_error = Some(e),
            }
            let mut app = match &path {
                Some(p) => NianbaoApp::open_startup(p, state_dir),
                None => NianbaoApp::blank_startup(state_dir),
            };
            if let Some(e) = font_error {
                app.set_error(e.to_string());
            }
            if std::env::var_os("NIANBAO_TIMING").is_some() {
                eprintln!("nianbao: app created after {:?}", started.elapsed());
            }
            Ok(Box::new(TimedApp {
                app,
                started,
                frames: 0,
            }))
        }),
    )
    .map_err(WindowError::from)
}

/// Prints the time to the first presented frame when `NIANBAO_TIMING` is set.
struct TimedApp {
    app: NianbaoApp,
    started: Instant,
    frames: u32,
}

impl eframe::App for TimedApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        self.frames += 1;
        // The second pass starts after the first frame has been presented.
        if self.frames == 2 && std::env::var_os("NIANBAO_TIMING").is_some() {
            eprintln!(
                "nianbao: first frame presented after {:?}",
                self.started.elapsed()
            );
        }
    }
}
