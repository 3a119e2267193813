//! The window: navigation of the six parts, the editors and grids, the findings panel, files.
//!
//! UI state only. Edits go through [`document::Document::apply`]; file work goes through
//! [`crate::core::store`]; nothing here parses or checks.

pub mod document;
pub mod fonts;
pub mod grid;
mod prompt;
pub mod recovery;
pub mod review_ui;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Color32, Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};

use crate::core::template::PART_NUMERALS;
use crate::core::{
    CellEdit, Finding, FormatVersion, IssueDate, Level, REPORT_LEVEL, Report, TextField, Tier,
    autosum_edits, load, save,
};
use document::{Document, Edit};
use grid::{GridCommand, GridNav};
use prompt::{Answer, Prompt, prompt};
use recovery::Recovery;

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
}

/// Something that must wait for the user to decide about unsaved changes.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Open(PathBuf),
    OpenDialog,
    Import(PathBuf),
    ImportDialog,
    New(FormatVersion, i32),
    Close,
}

/// The answer to 「当前草稿尚未保存」.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Save,
    Discard,
    Cancel,
}

/// A path typed by hand when the machine has no file dialog.
#[derive(Clone, Debug, PartialEq)]
enum PathPurpose {
    Open,
    Import,
    Compare,
    Previous,
    SaveAs,
    ExportJson,
    ExportPdf,
}

/// Preferences kept between runs.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Prefs {
    recent: Vec<PathBuf>,
    /// Who acts: shown in the history, on comments and 已核实 marks.
    #[serde(default)]
    name: String,
}

/// The application.
pub struct NianbaoApp {
    /// The open document.
    pub doc: Document,
    /// What the centre shows.
    pub view: View,
    /// Whether the findings panel is open.
    pub show_findings: bool,
    nav: GridNav,
    status: Option<(String, bool)>,
    pending: Option<Pending>,
    confirm_close: bool,
    path_input: Option<(PathPurpose, String)>,
    new_dialog: Option<(FormatVersion, i32)>,
    date_text: String,
    recovery: Option<Recovery>,
    offer_recovery: Option<recovery::Recovered>,
    last_autosave: Instant,
    prefs: Prefs,
    last_focus: Option<egui::Id>,
    /// A sentence to select in a text editor: (part or [`REPORT_LEVEL`] for the lead, field,
    /// char range).
    highlight: Option<(u8, TextField, usize, usize)>,
    title: String,
    /// Whether to try the system file dialog (off in tests: there is no desktop there).
    pub use_file_dialogs: bool,
    /// Status, comments, verification and comparison dialogs.
    pub review: review_ui::ReviewState,
}

impl NianbaoApp {
    /// An app showing `report`; `state_dir` keeps recovery copies and recent files (`None`: keep
    /// nothing, as in tests).
    pub fn new(report: Report, path: Option<PathBuf>, state_dir: Option<PathBuf>) -> Self {
        let recovery = state_dir.as_ref().map(Recovery::new);
        let prefs = state_dir
            .as_ref()
            .and_then(|d| std::fs::read_to_string(d.join("prefs.ron")).ok())
            .and_then(|t| ron::from_str(&t).ok())
            .unwrap_or_default();
        let offer_recovery = recovery.as_ref().and_then(|r| match r.read() {
            Some(Ok(rec)) => Some(rec),
            Some(Err(_)) => {
                // An unreadable recovery copy cannot be offered; keep it aside, never crash.
                None
            }
            None => None,
        });
        let date_text = report
            .meta
            .issue_date
            .map(|d| d.to_string())
            .unwrap_or_default();
        let mut app = NianbaoApp {
            doc: Document::new(report, path.clone()),
            view: View::Part(3),
            show_findings: true,
            nav: GridNav::default(),
            status: None,
            pending: None,
            confirm_close: false,
            path_input: None,
            new_dialog: None,
            date_text,
            recovery,
            offer_recovery,
            last_autosave: Instant::now(),
            prefs,
            last_focus: None,
            highlight: None,
            title: String::new(),
            use_file_dialogs: state_dir.is_some(),
            review: review_ui::ReviewState::default(),
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
            let _ = crate::core::store::write_atomic(
                &rec.dir().join("prefs.ron"),
                text.as_bytes(),
                false,
            );
        }
    }

    /// Opens a draft as the user asked (menu, recent files, drag-and-drop): with unsaved changes,
    /// asks first.
    pub fn open_or_ask(&mut self, path: &Path) {
        self.request(Pending::Open(path.to_path_buf()));
    }

    /// The recent files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.prefs.recent
    }

    /// Replaces the open document; the date field shows the new report's date of issue.
    fn set_document(&mut self, doc: Document) {
        self.date_text = doc
            .report
            .meta
            .issue_date
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.doc = doc;
    }

    /// Opens a draft, replacing the current one (the caller has dealt with unsaved changes).
    pub fn open_path(&mut self, path: &Path) {
        // `nianbao 年报.docx`, or 打开 on a published report: nothing to open, something to import.
        if crate::import::is_published_report(path) {
            self.import_path(path);
            return;
        }
        match crate::export::json::load_any(path) {
            Ok(report) => {
                self.set_document(Document::new(report, Some(path.to_path_buf())));
                self.remember(path);
                self.set_info(format!("已打开 {}", path.display()));
            }
            Err(e) => self.set_error(format!("{e}（当前草稿未受影响）")),
        }
    }

    /// Saves to `path`; returns whether it worked.
    pub fn save_to(&mut self, path: &Path) -> bool {
        let written = self
            .doc
            .prepared_for_save(&self.prefs.name, &crate::clock::now());
        match save(&written, path) {
            Ok(()) => {
                self.doc.saved_as(written, path.to_path_buf());
                self.remember(path);
                if let Some(r) = &self.recovery {
                    r.clear();
                }
                self.set_info(format!("已保存到 {}", path.display()));
                true
            }
            Err(e) => {
                self.set_error(e.to_string());
                false
            }
        }
    }

    fn save(&mut self) -> bool {
        match self.doc.path.clone() {
            Some(p) => self.save_to(&p),
            None => {
                self.save_as();
                // Saved through the dialog, or waiting for a typed path.
                !self.doc.is_dirty()
            }
        }
    }

    /// Loads last year's report for C13–C15; a file that cannot be read is reported and the
    /// current comparison kept.
    pub fn set_previous_path(&mut self, path: &Path) {
        // Last year's report is often only the published one (Word, web page).
        match crate::import::load_or_import(path) {
            Ok(r) => {
                let year = r.meta.year;
                self.doc.set_previous(Some((r, path.to_path_buf())));
                self.set_info(format!("已载入上年度（{year}年）报告 {}", path.display()));
            }
            Err(e) => self.set_error(format!("无法读取上年度报告：{e}")),
        }
    }

    /// Asks where to write (the system dialog, or the path field where there is none) and
    /// then does `purpose` there.
    fn ask_target(&mut self, purpose: PathPurpose) {
        let (filter, ext) = match purpose {
            PathPurpose::SaveAs
            | PathPurpose::Open
            | PathPurpose::Import
            | PathPurpose::Compare
            | PathPurpose::Previous => ("nianbao 草稿", "ron"),
            PathPurpose::ExportJson => ("JSON", "json"),
            PathPurpose::ExportPdf => ("PDF", "pdf"),
        };
        let name = format!("{}.{ext}", self.doc.report.title());
        if self.use_file_dialogs && dialogs_available() {
            let asked = Instant::now();
            let picked = rfd::FileDialog::new()
                .add_filter(filter, &[ext])
                .set_file_name(name.clone())
                .save_file();
            if let Some(p) = picked {
                self.write_target(&purpose, &p);
                return;
            }
            if !no_dialog_shown(asked) {
                return; // the user cancelled
            }
        }
        // No dialog on this machine: offer a path field, next to the current file.
        let suggestion = self
            .doc
            .path
            .as_ref()
            .map(|p| p.with_extension(ext).display().to_string())
            .unwrap_or(name);
        self.path_input = Some((purpose, suggestion));
    }

    fn write_target(&mut self, purpose: &PathPurpose, path: &Path) {
        match purpose {
            PathPurpose::Open => self.open_path(path),
            PathPurpose::Import => self.import_path(path),
            PathPurpose::Compare => self.compare_with(path),
            PathPurpose::Previous => self.set_previous_path(path),
            PathPurpose::SaveAs => {
                self.save_to(path);
            }
            PathPurpose::ExportJson => self.export_json_to(path),
            PathPurpose::ExportPdf => self.export_pdf_to(path),
        }
    }

    fn save_as(&mut self) {
        self.ask_target(PathPurpose::SaveAs);
    }

    fn export_pdf(&mut self) {
        self.ask_target(PathPurpose::ExportPdf);
    }

    fn export_json(&mut self) {
        self.ask_target(PathPurpose::ExportJson);
    }

    /// Writes the machine-readable copy.
    pub fn export_json_to(&mut self, path: &Path) {
        let written = crate::export::json::to_json(&self.doc.report)
            .and_then(|text| crate::core::store::write_atomic(path, text.as_bytes(), false));
        match written {
            Ok(()) => self.set_info(format!("已导出机读副本 {}", path.display())),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Writes the PDF and opens it with the system viewer where there is one.
    pub fn export_pdf_to(&mut self, path: &Path) {
        let bytes = crate::export::pdf::PdfFonts::load()
            .and_then(|fonts| crate::export::pdf::export_pdf(&self.doc.report, &fonts));
        let written = bytes.and_then(|b| {
            crate::core::store::write_atomic(path, &b, false).map_err(|e| e.to_string())
        });
        match written {
            Ok(()) => {
                self.set_info(format!("已导出 PDF {}", path.display()));
                if self.use_file_dialogs {
                    open_with_viewer(path);
                }
            }
            Err(e) => self.set_error(format!("无法导出 PDF：{e}")),
        }
    }

    /// Imports a published report (text or saved web page) as a new, unsaved draft; what the
    /// import could not place shows in the findings panel.
    pub fn import_path(&mut self, path: &Path) {
        match crate::import::import_file(path) {
            Ok(report) => {
                let blank = Report::new(report.meta.format, report.meta.year);
                let notes = report.import_notes.len();
                self.set_document(Document::restored(blank, report, None));
                self.view = View::Meta;
                self.show_findings = true;
                self.set_info(if notes == 0 {
                    format!("已导入 {}，请核对后保存", path.display())
                } else {
                    format!(
                        "已导入 {}：有 {notes} 处内容未能放入表格，见核对结果中的“导入”提醒",
                        path.display()
                    )
                });
            }
            Err(e) => self.set_error(format!("无法导入：{e}（当前草稿未受影响）")),
        }
    }

    /// Asks for a file to read — the system dialog, or the path field where there is none —
    /// and then does `purpose` with it.
    fn pick_file(&mut self, purpose: PathPurpose) {
        const DRAFTS: (&str, &[&str]) = ("nianbao 草稿或机读副本", &["ron", "json"]);
        const PUBLISHED: (&str, &[&str]) = (
            "已发布的报告（Word、网页或文本）",
            &["pdf", "docx", "html", "htm", "txt"],
        );
        // Opening, comparing and last year's report take a published report too (imported
        // in memory); the first filter is the one shown.
        let filters: &[(&str, &[&str])] = match purpose {
            PathPurpose::Import => &[PUBLISHED],
            _ => &[DRAFTS, PUBLISHED],
        };
        if self.use_file_dialogs && dialogs_available() {
            let asked = Instant::now();
            let dialog = filters
                .iter()
                .fold(rfd::FileDialog::new(), |d, (what, exts)| {
                    d.add_filter(*what, exts)
                });
            if let Some(p) = dialog.pick_file() {
                self.write_target(&purpose, &p);
                return;
            }
            if !no_dialog_shown(asked) {
                return; // the user cancelled
            }
        }
        self.path_input = Some((purpose, String::new()));
    }

    fn ask_compare(&mut self) {
        self.pick_file(PathPurpose::Compare);
    }

    fn pick_previous(&mut self) {
        self.pick_file(PathPurpose::Previous);
    }

    /// Runs an action now, or asks about unsaved changes first.
    fn request(&mut self, action: Pending) {
        if self.doc.is_dirty() {
            self.pending = Some(action);
        } else {
            self.perform(action);
        }
    }

    fn perform(&mut self, action: Pending) {
        match action {
            Pending::Open(p) => self.open_path(&p),
            Pending::OpenDialog => self.pick_file(PathPurpose::Open),
            Pending::Import(p) => self.import_path(&p),
            Pending::ImportDialog => self.pick_file(PathPurpose::Import),
            Pending::New(format, year) => {
                self.doc = Document::new(Report::new(format, year), None);
                self.date_text.clear();
                self.view = View::Meta;
                self.set_info(format!("已新建 {year} 年度报告（{}）", format.document()));
            }
            Pending::Close => self.confirm_close = true,
        }
        if let Some(r) = &self.recovery
            && !self.doc.is_dirty()
        {
            r.clear();
        }
    }

    fn apply(&mut self, edit: Edit) {
        self.doc.apply(edit);
    }

    fn run_grid_command(&mut self, cmd: GridCommand) {
        match cmd {
            GridCommand::Edit(e) => self.apply(Edit::Cells(vec![e])),
            GridCommand::Paste { at, text } => {
                let (edits, outside) =
                    grid::paste_edits(self.doc.report.template(), &self.doc.report, &at, &text);
                let n = edits.len();
                self.doc.end_typing();
                self.apply(Edit::Cells(edits));
                self.doc.end_typing();
                if outside > 0 {
                    self.set_error(format!(
                        "已粘贴 {n} 格；另有 {outside} 格超出表格范围，未粘贴（请检查粘贴的起始单元格）"
                    ));
                } else {
                    self.set_info(format!("已粘贴 {n} 格"));
                }
            }
            GridCommand::Autosum(table) => self.autosum(Some(table)),
            GridCommand::Comment(target) => {
                let anchor = if target.contains('.') {
                    crate::core::review::Anchor::Cell(target)
                } else {
                    crate::core::review::Anchor::Table(target)
                };
                self.review.comment_dialog = Some((anchor, String::new()));
            }
        }
    }

    /// Derives the totals of a table (or all) as one undoable step.
    pub fn autosum(&mut self, table: Option<&str>) {
        let edits = autosum_edits(&self.doc.report, table);
        let n = edits.len();
        self.doc.end_typing();
        self.apply(Edit::Cells(edits));
        self.doc.end_typing();
        self.set_info(if n == 0 {
            "合计数已经正确，无需改动".to_string()
        } else {
            format!("已重新计算 {n} 个合计数（可撤销）")
        });
    }

    fn fix(&mut self, cell: &str, value: &str) {
        let old = self.doc.report.cell_text(cell).to_string();
        self.doc.end_typing();
        self.apply(Edit::Cells(vec![CellEdit {
            id: cell.to_string(),
            old,
            new: value.to_string(),
        }]));
        self.doc.end_typing();
    }

    /// Counts (errors, warnings) for one part (or [`REPORT_LEVEL`]).
    /// Errors and warnings still to look at, per part (index 0 is the report level; warnings
    /// marked 已核实 are not counted). One pass over the findings.
    pub fn part_counts(&self) -> [(usize, usize); 7] {
        let mut counts = [(0, 0); 7];
        for f in &self.doc.findings {
            let Some(c) = counts.get_mut(usize::from(f.part)) else {
                continue;
            };
            if f.is_error() {
                c.0 += 1;
            } else if crate::core::review::verification(&self.doc.report, f).is_none() {
                c.1 += 1;
            }
        }
        counts
    }

    fn shortcuts(&mut self, ui: &mut egui::Ui) {
        let cmd = Modifiers::COMMAND;
        let shift_cmd = Modifiers::COMMAND | Modifiers::SHIFT;
        let pressed = |ui: &mut egui::Ui, m: Modifiers, k: Key| {
            ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(m, k)))
        };
        // Shift variants first: plain Ctrl+S would also match Ctrl+Shift+S.
        if pressed(ui, shift_cmd, Key::S) {
            self.save_as();
        } else if pressed(ui, cmd, Key::S) {
            self.save();
        }
        if pressed(ui, shift_cmd, Key::Z) || pressed(ui, cmd, Key::Y) {
            self.doc.redo();
        } else if pressed(ui, cmd, Key::Z) {
            self.doc.undo();
        }
        if pressed(ui, cmd, Key::P) {
            self.export_pdf();
        }
        if pressed(ui, cmd, Key::O) {
            self.request(Pending::OpenDialog);
        }
        if pressed(ui, cmd, Key::N) {
            self.new_dialog = Some((FormatVersion::Gov2021, self.doc.report.meta.year + 1));
        }
    }

    /// Draws the whole window into `ui` (the eframe wrapper and the tests both call this).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let focus = ui.memory(|m| m.focused());
        if focus != self.last_focus {
            self.doc.end_typing();
            self.last_focus = focus;
        }
        self.shortcuts(ui);
        self.dropped_files(ui);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("nav")
            .resizable(false)
            .exact_size(262.0)
            .show(ui, |ui| self.nav_ui(ui));
        if self.show_findings {
            egui::Panel::right("findings")
                .default_size(250.0)
                .min_size(200.0)
                .show(ui, |ui| self.findings_ui(ui));
        }
        egui::CentralPanel::default().show(ui, |ui| {
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
                });
        });
        self.dialogs_ui(ui);
        self.review_dialogs(ui);
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

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                if ui.button("新建…  Ctrl+N").clicked() {
                    self.new_dialog = Some((FormatVersion::Gov2021, self.doc.report.meta.year + 1));
                    ui.close();
                }
                if ui.button("打开…  Ctrl+O").clicked() {
                    self.request(Pending::OpenDialog);
                    ui.close();
                }
                if ui.button("导入已发布的报告（Word、网页或文本）…").clicked() {
                    self.request(Pending::ImportDialog);
                    ui.close();
                }
                ui.menu_button("最近打开", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.label("（无）");
                    }
                    for p in self.prefs.recent.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            self.request(Pending::Open(p));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                if ui.button("保存  Ctrl+S").clicked() {
                    self.save();
                    ui.close();
                }
                if ui.button("另存为…  Ctrl+Shift+S").clicked() {
                    self.save_as();
                    ui.close();
                }
                ui.separator();
                if ui.button("导出 PDF…  Ctrl+P").clicked() {
                    self.export_pdf();
                    ui.close();
                }
                if ui.button("导出机读副本（JSON）…").clicked() {
                    self.export_json();
                    ui.close();
                }
            });
            ui.menu_button("编辑", |ui| {
                if ui
                    .add_enabled(self.doc.can_undo(), egui::Button::new("撤销  Ctrl+Z"))
                    .clicked()
                {
                    self.doc.undo();
                    ui.close();
                }
                if ui
                    .add_enabled(self.doc.can_redo(), egui::Button::new("重做  Ctrl+Y"))
                    .clicked()
                {
                    self.doc.redo();
                    ui.close();
                }
                ui.separator();
                if ui.button("计算全部合计").clicked() {
                    self.autosum(None);
                    ui.close();
                }
            });
            self.review_menu(ui);
            let (e, w, v) =
                crate::core::review::tally_reviewed(&self.doc.report, &self.doc.findings);
            let label = if v > 0 {
                format!("核对结果（错误 {e}，提醒 {w}，已核实 {v}）")
            } else {
                format!("核对结果（错误 {e}，提醒 {w}）")
            };
            if ui.selectable_label(self.show_findings, label).clicked() {
                self.show_findings = !self.show_findings;
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.status {
                Some((msg, true)) => {
                    ui.label(RichText::new(msg).color(Color32::from_rgb(0xB0, 0x10, 0x10)));
                }
                Some((msg, false)) => {
                    ui.label(msg);
                }
                None => {
                    ui.label(RichText::new("就绪").weak());
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let dirty = if self.doc.is_dirty() {
                    "（未保存）"
                } else {
                    ""
                };
                ui.label(format!("{}{dirty}", self.doc.display_name()));
            });
        });
    }

    fn nav_ui(&mut self, ui: &mut egui::Ui) {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        ui.add_space(6.0);
        ui.label(RichText::new(self.doc.report.title()).strong());
        ui.label(
            RichText::new(self.doc.report.meta.format.document())
                .small()
                .weak(),
        );
        ui.separator();
        let mut entries = vec![(View::Meta, "报告信息".to_string(), REPORT_LEVEL)];
        for p in &self.doc.report.template().parts {
            entries.push((View::Part(p.number), p.heading.to_string(), p.number));
        }
        let counts = self.part_counts();
        for (view, label, part) in entries {
            let (e, w) = counts.get(usize::from(part)).copied().unwrap_or((0, 0));
            let text = match (e, w) {
                (0, 0) => RichText::new(label),
                (0, w) => RichText::new(format!("{label}（提醒 {w}）"))
                    .color(Color32::from_rgb(0x9A, 0x6A, 0x00)),
                (e, 0) => RichText::new(format!("{label}（错误 {e}）"))
                    .color(Color32::from_rgb(0xB0, 0x10, 0x10)),
                (e, w) => RichText::new(format!("{label}（错误 {e}，提醒 {w}）"))
                    .color(Color32::from_rgb(0xB0, 0x10, 0x10)),
            };
            if ui.selectable_label(self.view == view, text).clicked() {
                self.view = view;
            }
        }
    }

    fn findings_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(6.0);
        ui.heading("核对结果");
        let findings: Vec<Finding> = self.doc.findings.clone();
        if findings.is_empty() {
            ui.label("没有错误，没有提醒。");
            return;
        }
        let template = self.doc.report.template();
        egui::ScrollArea::vertical().show(ui, |ui| {
            let mut current = None;
            for (i, f) in findings.iter().enumerate() {
                if current != Some(f.part) {
                    current = Some(f.part);
                    let heading = if f.part == REPORT_LEVEL {
                        "报告信息".to_string()
                    } else {
                        template.parts[usize::from(f.part) - 1].heading.to_string()
                    };
                    ui.add_space(4.0);
                    ui.label(RichText::new(heading).strong());
                }
                let color = match f.level {
                    Level::Error => Color32::from_rgb(0xB0, 0x10, 0x10),
                    Level::Warning => Color32::from_rgb(0x9A, 0x6A, 0x00),
                };
                ui.push_id(i, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{} {}", f.level.chinese(), f.rule))
                                .color(color)
                                .strong(),
                        );
                        if ui
                            .add(egui::Label::new(&f.message).sense(egui::Sense::click()))
                            .on_hover_text("点击定位")
                            .clicked()
                        {
                            self.go_to(f);
                        }
                        if let (Some(cell), Some(v)) = (&f.focus, &f.expected)
                            && self.doc.report.cell_text(cell).trim() != v
                            && ui.small_button(format!("改为 {v}")).clicked()
                        {
                            let (cell, v) = (cell.clone(), v.clone());
                            self.fix(&cell, &v);
                        }
                    });
                    self.finding_review_ui(ui, f);
                });
            }
        });
    }

    /// Selects a finding's part and focuses its cell.
    pub fn go_to(&mut self, f: &Finding) {
        self.view = if f.part == REPORT_LEVEL {
            View::Meta
        } else {
            View::Part(f.part)
        };
        if let Some(span) = f.span {
            self.highlight = if f.part == REPORT_LEVEL {
                Some((REPORT_LEVEL, TextField::Intro, span.start, span.end))
            } else {
                self.doc.report.parts[usize::from(f.part) - 1]
                    .locate(span.start, span.end)
                    .map(|(field, s, e)| (f.part, field, s, e))
            };
            return;
        }
        if let Some(cell) = f.focus.clone().or_else(|| f.cells.first().cloned()) {
            self.nav.focus_request = Some(cell);
        }
    }

    /// The editor id of a prose field (part 1..=6, or [`REPORT_LEVEL`] for the lead).
    pub fn text_id(part: u8, field: TextField) -> egui::Id {
        egui::Id::unique(("nianbao-text", part, field))
    }

    /// Before an editor is drawn: if a finding asked for it, focus it and select the sentence.
    fn apply_highlight(&mut self, ui: &egui::Ui, part: u8, field: TextField) -> bool {
        let Some((p, f, start, end)) = self.highlight else {
            return false;
        };
        if p != part || f != field {
            return false;
        }
        if ui.input(|i| i.pointer.any_pressed() || i.pointer.any_released()) {
            // The click that asked for it would take the focus away again: next frame.
            ui.ctx().request_repaint();
            return false;
        }
        let id = Self::text_id(part, field);
        let mut state = egui::TextEdit::load_state(ui.ctx(), id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::two(
                egui::text::CCursor::new(start),
                egui::text::CCursor::new(end),
            )));
        state.store(ui.ctx(), id);
        ui.memory_mut(|m| m.request_focus(id));
        self.highlight = None;
        true
    }

    fn meta_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("报告信息");
        ui.add_space(6.0);
        let mut meta = self.doc.report.meta.clone();
        let mut changed: Option<&'static str> = None;
        egui::Grid::new("meta")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("机关名称");
                if ui
                    .add(egui::TextEdit::singleline(&mut meta.agency).desired_width(420.0))
                    .accessible_name("机关名称")
                    .changed()
                {
                    changed = Some("agency");
                }
                ui.end_row();
                ui.label("报告年度");
                if ui
                    .add(
                        egui::DragValue::new(&mut meta.year)
                            .range(2000..=2100)
                            .suffix(" 年"),
                    )
                    .accessible_name("报告年度")
                    .changed()
                {
                    changed = Some("year");
                }
                ui.end_row();
                ui.label("格式版本");
                if choice(
                    ui,
                    "格式版本",
                    &mut meta.format,
                    &FormatVersion::ALL,
                    |v| v.document(),
                ) {
                    changed = Some("format");
                }
                ui.end_row();
                ui.label("成文日期");
                ui.horizontal(|ui| {
                    let resp = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.date_text)
                                .hint_text("2025-01-20")
                                .desired_width(140.0),
                        )
                        .accessible_name("成文日期");
                    if resp.changed() {
                        let t = self.date_text.trim();
                        if t.is_empty() {
                            meta.issue_date = None;
                            changed = Some("date");
                        } else if let Some(d) = IssueDate::parse(t) {
                            meta.issue_date = Some(d);
                            changed = Some("date");
                        }
                    }
                    let t = self.date_text.trim();
                    if !t.is_empty() && IssueDate::parse(t).is_none() {
                        ui.label(
                            RichText::new("日期无效，请写成 2025-01-20 或 2025年1月20日")
                                .color(Color32::from_rgb(0xB0, 0x10, 0x10)),
                        );
                    }
                });
                ui.end_row();
                ui.label("联系方式");
                if ui
                    .add(
                        egui::TextEdit::multiline(&mut meta.contact)
                            .desired_rows(2)
                            .desired_width(520.0),
                    )
                    .accessible_name("联系方式")
                    .changed()
                {
                    changed = Some("contact");
                }
                ui.end_row();
                ui.label("报告机关类别");
                if choice(ui, "报告机关类别", &mut meta.tier, &Tier::ALL, |t| {
                    t.chinese()
                }) {
                    changed = Some("tier");
                }
                ui.end_row();
                ui.label("上年报告");
                ui.horizontal(|ui| {
                    let shown = self.doc.previous.as_ref().map_or_else(
                        || "（未选择：不核对上年结转、现行有效件数和雷同）".to_string(),
                        |(r, p)| format!("{}年 · {}", r.meta.year, p.display()),
                    );
                    ui.label(shown);
                    if ui.button("选择…").clicked() {
                        self.pick_previous();
                    }
                    if self.doc.previous.is_some() && ui.button("清除").clicked() {
                        self.doc.set_previous(None);
                    }
                });
                ui.end_row();
                ui.label("导语");
                let jump = self.apply_highlight(ui, REPORT_LEVEL, TextField::Intro);
                let resp = ui
                    .add(
                        egui::TextEdit::multiline(&mut meta.lead)
                            .id(Self::text_id(REPORT_LEVEL, TextField::Intro))
                            .desired_rows(5)
                            .desired_width(520.0),
                    )
                    .accessible_name("导语");
                if jump {
                    resp.scroll_to_me(Some(egui::Align::Center));
                }
                if resp.changed() {
                    changed = Some("lead");
                }
                ui.end_row();
            });
        if let Some(field) = changed {
            self.apply(Edit::Meta(field, Box::new(meta)));
        }
    }

    fn part_ui(&mut self, ui: &mut egui::Ui, number: u8) {
        let template = self.doc.report.template();
        let Some(decl) = template.parts.get(usize::from(number) - 1) else {
            return;
        };
        ui.heading(decl.heading);
        ui.add_space(6.0);
        let locked = self.doc.is_locked();
        if locked {
            ui.label(
                RichText::new("定稿，只读。需要修改请在“审核”菜单中重新打开（需填写理由）。")
                    .color(Color32::from_rgb(0x1F, 0x6F, 0x30)),
            );
        }
        if decl.is_prose {
            ui.add_enabled_ui(!locked, |ui| self.prose_ui(ui, usize::from(number) - 1));
            self.prose_review_ui(ui, number);
            return;
        }
        let Some(table) = template.tables.iter().find(|t| t.part == number) else {
            return;
        };
        let mut marks: HashMap<String, grid::CellMark> = grid::marks(&self.doc.findings);
        self.decorate_marks(&mut marks);
        self.nav.read_only = locked;
        let cmds = grid::table_ui(ui, &self.doc.report, table, &marks, &mut self.nav);
        for c in cmds {
            self.run_grid_command(c);
        }
    }

    fn prose_ui(&mut self, ui: &mut egui::Ui, p: usize) {
        let part = self.doc.report.parts[p].clone();
        let heading = PART_NUMERALS[p];
        if p == 0 {
            let n = part
                .full_text()
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            let text = format!("字数：{n} / {PART1_LIMIT}");
            let rich = if n > PART1_LIMIT {
                RichText::new(format!("{text}（超出篇幅）"))
                    .color(Color32::from_rgb(0xB0, 0x10, 0x10))
            } else {
                RichText::new(text).weak()
            };
            ui.label(rich);
        }
        let width = ui.available_width().clamp(300.0, 820.0);
        let number = (p + 1) as u8;
        let mut intro = part.intro.clone();
        let jump = self.apply_highlight(ui, number, TextField::Intro);
        let resp = ui
            .add(
                egui::TextEdit::multiline(&mut intro)
                    .id(Self::text_id(number, TextField::Intro))
                    .desired_rows(if part.sections.is_empty() { 16 } else { 3 })
                    .desired_width(width)
                    .hint_text("在此输入正文，可分为若干小节"),
            )
            .accessible_name(format!("{heading}正文"));
        if jump {
            resp.scroll_to_me(Some(egui::Align::Center));
        }
        if resp.changed() {
            self.apply(Edit::Intro(p, intro));
        }
        for (s, sec) in part.sections.iter().enumerate() {
            ui.add_space(8.0);
            ui.push_id(("section", p, s), |ui| {
                ui.horizontal(|ui| {
                    let mut h = sec.heading.clone();
                    self.apply_highlight(ui, number, TextField::Heading(s));
                    if ui
                        .add(
                            egui::TextEdit::singleline(&mut h)
                                .id(Self::text_id(number, TextField::Heading(s)))
                                .desired_width(width - 80.0)
                                .hint_text("（一）小节标题"),
                        )
                        .accessible_name(format!("{heading}第{}小节标题", s + 1))
                        .changed()
                    {
                        self.apply(Edit::Heading(p, s, h));
                    }
                    if ui
                        .small_button("删除")
                        .on_hover_text("删除这一小节（可撤销）")
                        .clicked()
                    {
                        self.doc.end_typing();
                        self.apply(Edit::RemoveSection(p, s));
                    }
                });
                let mut b = sec.body.clone();
                let jump = self.apply_highlight(ui, number, TextField::Body(s));
                let resp = ui
                    .add(
                        egui::TextEdit::multiline(&mut b)
                            .id(Self::text_id(number, TextField::Body(s)))
                            .desired_rows(4)
                            .desired_width(width),
                    )
                    .accessible_name(format!("{heading}第{}小节正文", s + 1));
                if jump {
                    resp.scroll_to_me(Some(egui::Align::Center));
                }
                if resp.changed() {
                    self.apply(Edit::Body(p, s, b));
                }
            });
        }
        ui.add_space(8.0);
        if ui.button("添加小节").clicked() {
            self.doc.end_typing();
            self.apply(Edit::AddSection(p));
        }
    }

    fn dialogs_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if let Some(rec) = self.offer_recovery.take() {
            let mut keep = Some(rec);
            egui::Modal::new(egui::Id::unique("recovery")).show(&ctx, |ui| {
                ui.heading("发现未保存的修改");
                let from = keep
                    .as_ref()
                    .and_then(|r| r.original.as_ref())
                    .map_or_else(|| "未命名草稿".to_string(), |p| p.display().to_string());
                ui.label(format!("上次退出时，{from} 有尚未保存的修改。要恢复吗？"));
                ui.horizontal(|ui| {
                    if ui.button("恢复").clicked()
                        && let Some(r) = keep.take()
                    {
                        // Dirty against the file it belongs to, so the user is asked to save.
                        let saved = r
                            .original
                            .as_ref()
                            .and_then(|p| load(p).ok())
                            .unwrap_or_else(|| {
                                Report::new(r.report.meta.format, r.report.meta.year)
                            });
                        self.set_document(Document::restored(saved, r.report, r.original));
                        self.set_info("已恢复上次未保存的修改，请及时保存".into());
                    }
                    if ui.button("放弃").clicked() {
                        keep = None;
                        if let Some(r) = &self.recovery {
                            r.clear();
                        }
                    }
                });
            });
            self.offer_recovery = keep;
        }
        if let Some(action) = self.pending.clone() {
            let mut decided = None;
            egui::Modal::new(egui::Id::unique("unsaved")).show(&ctx, |ui| {
                ui.heading("当前草稿尚未保存");
                ui.label(format!("{} 有未保存的修改。", self.doc.display_name()));
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        decided = Some(Choice::Save);
                    }
                    if ui.button("不保存").clicked() {
                        decided = Some(Choice::Discard);
                    }
                    if ui.button("取消").clicked() {
                        decided = Some(Choice::Cancel);
                    }
                });
            });
            match decided {
                // A failed or redirected save (no path yet) keeps the question open.
                Some(Choice::Save) if self.save() => {
                    self.pending = None;
                    self.perform(action);
                }
                Some(Choice::Discard) => {
                    self.pending = None;
                    if let Some(r) = &self.recovery {
                        r.clear();
                    }
                    self.perform(action);
                }
                Some(Choice::Cancel) => self.pending = None,
                Some(Choice::Save) | None => {}
            }
        }
        if let Some((purpose, mut text)) = self.path_input.take() {
            let asked = Prompt {
                id: "path",
                heading: match purpose {
                    PathPurpose::Open => "打开草稿",
                    PathPurpose::Import => "导入已发布的报告（.docx / .html / .txt）",
                    PathPurpose::Compare => "与另一版本对比",
                    PathPurpose::Previous => "选择上年度报告",
                    PathPurpose::SaveAs => "另存为",
                    PathPurpose::ExportJson => "导出机读副本（JSON）",
                    PathPurpose::ExportPdf => "导出 PDF",
                },
                intro: &["本机没有可用的文件对话框，请直接输入文件路径："],
                field: "文件路径",
                rows: 1,
                width: 480.0,
                ok: "确定",
                missing: "请输入文件路径",
            };
            match prompt(&ctx, &asked, &mut text) {
                Answer::Ok => self.write_target(&purpose, &PathBuf::from(text.trim())),
                Answer::Cancel => {}
                Answer::Open => self.path_input = Some((purpose, text)),
            }
        }
        if let Some((mut format, mut year)) = self.new_dialog.take() {
            let mut keep = true;
            let mut create = false;
            egui::Modal::new(egui::Id::unique("new")).show(&ctx, |ui| {
                ui.heading("新建年度报告");
                egui::Grid::new("newgrid").show(ui, |ui| {
                    ui.label("报告年度");
                    ui.add(egui::DragValue::new(&mut year).range(2019..=2100))
                        .accessible_name("新报告年度");
                    ui.end_row();
                    ui.label("格式版本");
                    ui.vertical(|ui| {
                        for v in FormatVersion::ALL {
                            ui.radio_value(&mut format, v, v.document());
                        }
                    });
                    ui.end_row();
                });
                ui.horizontal(|ui| {
                    if ui.button("新建").clicked() {
                        create = true;
                    }
                    if ui.button("取消").clicked() {
                        keep = false;
                    }
                });
            });
            if create {
                self.request(Pending::New(format, year));
                keep = false;
            }
            if keep {
                self.new_dialog = Some((format, year));
            }
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

impl eframe::App for NianbaoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        if ui.ctx().input(|i| i.viewport().close_requested()) && !self.confirm_close {
            if self.doc.is_dirty() {
                ui.ctx()
                    .send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.pending = Some(Pending::Close);
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

/// Whether a system file dialog can appear at all. On Linux rfd needs a desktop portal (over
/// the D-Bus session bus) or `zenity`; without either it returns `None` silently.
fn dialogs_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("zenity").is_file()));
    bus || zenity
}

/// Opens a file with the desktop's viewer, if the machine has one; silently does nothing
/// otherwise (the status line already says where the file is).
fn open_with_viewer(path: &Path) {
    let opener = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// rfd answers `None` both when the user cancels and, silently and at once, when the machine
/// has no file dialog at all (no desktop portal, no zenity). Nobody cancels a dialog within
/// a quarter of a second, so a quick `None` means there was none to show.
fn no_dialog_shown(asked: Instant) -> bool {
    asked.elapsed() < Duration::from_millis(250)
}

/// The bundled sample report the app opens by default.
pub fn sample_path() -> PathBuf {
    let candidates = fonts::font_dirs()
        .into_iter()
        .filter_map(|d| d.parent().map(|p| p.join("assets/sample-gov2021.ron")));
    candidates
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample-gov2021.ron"))
}

/// Opens the window; `file` is a draft to open instead of the sample.
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    let started = Instant::now();
    let state_dir = Recovery::default_dir();
    let font = fonts::read_font(fonts::GUI_FONT);
    let path = file.unwrap_or_else(sample_path);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("nianbao 年报")
            .with_inner_size([1400.0, 860.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "nianbao",
        options,
        Box::new(move |cc| {
            let mut font_error = None;
            match font {
                Ok(bytes) => fonts::setup(&cc.egui_ctx, bytes),
                Err(e) => font_error = Some(e),
            }
            let mut app = NianbaoApp::open_startup(&path, state_dir);
            if let Some(e) = font_error {
                app.set_error(e);
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
    .map_err(|e| format!("无法打开窗口：{e}"))
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

/// A drop-down of `all`, named `name` for screen readers (its visible label sits in the form's
/// first column). True when the user picked another value.
fn choice<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    name: &'static str,
    value: &mut T,
    all: &[T],
    label: impl Fn(T) -> &'static str,
) -> bool {
    let mut changed = false;
    let combo = egui::ComboBox::from_id_salt(name)
        .selected_text(label(*value))
        .show_ui(ui, |ui| {
            for &v in all {
                changed |= ui.selectable_value(value, v, label(v)).changed();
            }
        });
    let _ = combo.response.accessible_name(name);
    changed
}
