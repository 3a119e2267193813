//! 批量核对: a folder of reports checked in the background (the window stays responsive, the
//! run shows its progress and can be cancelled), the overview as a sortable table with only
//! the rows in view drawn, the findings of the report picked under it; a click on a finding
//! opens the report at its cell, and the overview is exported as a page or a sheet.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::app::asks::{PathPurpose, Pending};
use crate::app::{NianbaoApp, View, theme};
use crate::batch::{Batch, BatchFinding, BatchRow, Progress, Verdict};

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortBy {
    /// 结论, in the order the office acts (to return first).
    Verdict,
    /// 机关.
    Agency,
    /// 错误.
    Errors,
    /// 提醒.
    Warnings,
    /// 文件.
    File,
}

/// A batch review in the window: running or done.
pub struct BatchView {
    /// The folder checked.
    pub folder: PathBuf,
    progress: Arc<Progress>,
    running: Option<Receiver<Result<Option<Batch>, String>>>,
    /// The overview, once the run is done.
    pub result: Option<Batch>,
    /// Why the run ended without an overview (cancelled, unreadable folder).
    pub stopped: Option<String>,
    sort: (SortBy, bool),
    /// The row picked (index into the overview's rows).
    pub selected: Option<usize>,
}

impl BatchView {
    /// Starts checking `folder` on a thread of its own.
    pub fn start(folder: &Path) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let p = Arc::clone(&progress);
        let files = vec![folder.to_path_buf()];
        std::thread::spawn(move || {
            let out = crate::batch::run_with(&files, &[], &p).map_err(|e| e.to_string());
            // The window may be gone: nobody to tell.
            let _ = tx.send(out);
        });
        BatchView {
            folder: folder.to_path_buf(),
            progress,
            running: Some(rx),
            result: None,
            stopped: None,
            sort: (SortBy::Verdict, true),
            selected: None,
        }
    }

    /// Takes the result when the run has ended; whether it is still running.
    pub fn poll(&mut self) -> bool {
        let Some(rx) = &self.running else {
            return false;
        };
        match rx.try_recv() {
            Err(TryRecvError::Empty) => true,
            Ok(Ok(Some(b))) => {
                self.result = Some(b);
                self.running = None;
                false
            }
            Ok(Ok(None)) => {
                self.stopped = Some("已取消批量核对".into());
                self.running = None;
                false
            }
            Ok(Err(e)) => {
                self.stopped = Some(format!("无法批量核对：{e}"));
                self.running = None;
                false
            }
            Err(TryRecvError::Disconnected) => {
                self.stopped = Some("批量核对意外中止".into());
                self.running = None;
                false
            }
        }
    }

    /// Asks the run to stop at the next file.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
    }

    /// The rows in the order shown.
    fn order(&self) -> Vec<usize> {
        let Some(b) = &self.result else {
            return Vec::new();
        };
        let mut idx: Vec<usize> = (0..b.rows.len()).collect();
        let (by, up) = self.sort;
        idx.sort_by(|&x, &y| {
            let (a, c) = (&b.rows[x], &b.rows[y]);
            let o = match by {
                SortBy::Verdict => a.verdict.rank().cmp(&c.verdict.rank()),
                SortBy::Agency => a.agency.cmp(&c.agency),
                SortBy::Errors => a.errors.cmp(&c.errors),
                SortBy::Warnings => a.warnings.cmp(&c.warnings),
                SortBy::File => a.file.cmp(&c.file),
            };
            let o = if up { o } else { o.reverse() };
            o.then(a.file.cmp(&c.file))
        });
        idx
    }
}

fn verdict_color(v: Verdict) -> egui::Color32 {
    match v {
        Verdict::Return => theme::ERROR_TEXT,
        Verdict::Incomplete | Verdict::Unreadable => theme::WARNING_TEXT,
        Verdict::Publishable => theme::OK_TEXT,
    }
}

/// What the user asked for in the view this frame.
enum Act {
    Select(usize),
    Open(usize),
    Finding(usize, BatchFinding),
    Sort(SortBy),
    Cancel,
    Export(bool),
}

impl NianbaoApp {
    /// 文件 → 批量核对文件夹…: checks `folder` in the background and shows the overview.
    pub fn start_batch(&mut self, folder: &Path) {
        self.batch = Some(BatchView::start(folder));
        self.view = View::Batch;
        self.set_info(format!("正在批量核对 {}", folder.display()));
    }

    pub(in crate::app) fn batch_ui(&mut self, ui: &mut egui::Ui) {
        let Some(view) = self.batch.as_mut() else {
            ui.label("还没有批量核对：文件 → 批量核对文件夹…");
            return;
        };
        let was_running = view.running.is_some();
        let running = view.poll();
        if was_running && !running {
            let done = match (&view.result, &view.stopped) {
                (Some(b), _) => format!("批量核对完成：{} 份", b.rows.len()),
                (None, Some(why)) => why.clone(),
                (None, None) => String::new(),
            };
            self.status = Some((done, false));
        }
        let Some(view) = self.batch.as_mut() else {
            return;
        };
        ui.heading("批量核对");
        ui.label(RichText::new(view.folder.display().to_string()).weak());
        let mut act = None;
        if running {
            let total = view.progress.total.load(Ordering::Relaxed).max(1);
            let done = view.progress.done.load(Ordering::Relaxed).min(total);
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(done as f32 / total as f32)
                        .desired_width(320.0)
                        .text(format!("已核对 {done}/{total} 份")),
                );
                if ui.button("取消").clicked() {
                    act = Some(Act::Cancel);
                }
            });
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        if let Some(why) = &view.stopped {
            ui.label(RichText::new(why).color(theme::WARNING_TEXT));
        }
        if let Some(b) = &view.result {
            let [ok, back, compare, unreadable] = crate::batch::counts(b);
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "共 {} 份：有错误需退回 {back}，导入未完成需对照原文 {compare}，无法读取 {unreadable}，可发布 {ok}",
                    b.rows.len()
                ));
                if ui.button("导出审核结果（网页）…").clicked() {
                    act = Some(Act::Export(true));
                }
                if ui.button("导出审核结果（电子表格）…").clicked() {
                    act = Some(Act::Export(false));
                }
            });
            ui.add_space(4.0);
            let order = view.order();
            let table_h = (ui.available_height() * 0.55).max(160.0);
            ui.push_id("batch-table", |ui| {
                overview_table(ui, b, &order, view.selected, table_h, &mut act);
            });
            if let Some(i) = view.selected
                && let Some(r) = b.rows.get(i)
            {
                ui.separator();
                findings_list(ui, i, r, &mut act);
            }
        }
        match act {
            Some(Act::Cancel) => view.cancel(),
            Some(Act::Select(i)) => view.selected = Some(i),
            Some(Act::Sort(by)) => {
                view.sort = if view.sort.0 == by {
                    (by, !view.sort.1)
                } else {
                    (by, true)
                };
            }
            Some(Act::Open(i)) => {
                view.selected = Some(i);
                let file = view.result.as_ref().map(|b| PathBuf::from(&b.rows[i].file));
                if let Some(f) = file {
                    self.open_from_batch(&f, None);
                }
            }
            Some(Act::Finding(i, f)) => {
                let file = view.result.as_ref().map(|b| PathBuf::from(&b.rows[i].file));
                if let Some(file) = file {
                    self.open_from_batch(&file, Some(&f));
                }
            }
            Some(Act::Export(html)) => self.ask_target(PathPurpose::ExportBatch(html)),
            None => {}
        }
    }

    /// Opens a report of the overview (a published one is imported as a draft), at a finding's
    /// cell when one was clicked. With unsaved changes it asks first, and then opens the report
    /// at its start.
    fn open_from_batch(&mut self, file: &Path, finding: Option<&BatchFinding>) {
        if self.doc.is_dirty() {
            self.request(Pending::Open(file.to_path_buf()));
            return;
        }
        if crate::import::is_published_report(file) {
            // Published: opened to look at, read-only; 导入为草稿 makes it editable.
            match crate::import::import_file(file) {
                Ok(report) => {
                    let blank = crate::core::Report::new(report.meta.format, report.meta.year);
                    let mut doc = crate::session::Document::restored(blank, report, None);
                    doc.read_only = Some(crate::session::document::ReadOnly::Published);
                    self.set_document(doc);
                    self.set_info(format!("已只读打开已发布的报告 {}", file.display()));
                }
                Err(e) => {
                    self.set_error(format!("无法打开：{e}"));
                    return;
                }
            }
        } else {
            self.open_path(file);
        }
        let Some(f) = finding else {
            self.view = View::Meta;
            return;
        };
        self.view = if f.part == 0 {
            View::Meta
        } else {
            View::Part(f.part)
        };
        if !f.cell.is_empty() {
            self.nav.focus_request = Some(f.cell.clone());
        }
    }

    /// Writes the overview where the user said.
    pub(in crate::app) fn export_batch(&mut self, path: &Path) {
        let Some(b) = self.batch.as_ref().and_then(|v| v.result.as_ref()) else {
            return;
        };
        match crate::batch::write(b, path) {
            Ok(()) => self.set_info(format!("已导出审核结果 {}", path.display())),
            Err(e) => self.set_error(format!("无法导出审核结果：{e}")),
        }
    }
}

fn overview_table(
    ui: &mut egui::Ui,
    b: &Batch,
    order: &[usize],
    selected: Option<usize>,
    height: f32,
    act: &mut Option<Act>,
) {
    egui::ScrollArea::horizontal()
        .id_salt("batch-x")
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("batch")
                .striped(true)
                .resizable(true)
                .max_scroll_height(height)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(150.0).at_least(90.0).clip(true))
                .column(Column::initial(220.0).at_least(100.0).clip(true))
                .column(Column::initial(50.0).at_least(40.0))
                .column(Column::initial(50.0).at_least(40.0))
                .column(Column::initial(50.0).at_least(40.0))
                .column(Column::initial(120.0).at_least(60.0).clip(true))
                .column(Column::remainder().at_least(160.0).clip(true))
                .header(24.0, |mut h| {
                    for (name, by) in [
                        ("结论", Some(SortBy::Verdict)),
                        ("机关", Some(SortBy::Agency)),
                        ("年度", None),
                        ("错误", Some(SortBy::Errors)),
                        ("提醒", Some(SortBy::Warnings)),
                        ("扫描件", None),
                        ("文件", Some(SortBy::File)),
                    ] {
                        h.col(|ui| match by {
                            Some(by) => {
                                if ui
                                    .button(RichText::new(name).strong())
                                    .on_hover_text("点击排序")
                                    .clicked()
                                {
                                    *act = Some(Act::Sort(by));
                                }
                            }
                            None => {
                                ui.strong(name);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(24.0, order.len(), |mut row| {
                        let i = order[row.index()];
                        let r: &BatchRow = &b.rows[i];
                        row.set_selected(selected == Some(i));
                        row.col(|ui| {
                            ui.add(
                                egui::Label::new(
                                    RichText::new(r.verdict.chinese())
                                        .color(verdict_color(r.verdict)),
                                )
                                .selectable(false),
                            );
                        });
                        row.col(|ui| {
                            let who = if r.agency.is_empty() {
                                "（未填写机关名称）"
                            } else {
                                r.agency.as_str()
                            };
                            ui.add(egui::Label::new(who).truncate().selectable(false));
                        });
                        row.col(|ui| {
                            if r.year != 0 {
                                ui.add(egui::Label::new(r.year.to_string()).selectable(false));
                            }
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(r.errors.to_string()).selectable(false));
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(r.warnings.to_string()).selectable(false));
                        });
                        row.col(|ui| {
                            if let Some(scan) = &r.scan {
                                let color = if scan.unsure > 0 {
                                    theme::WARNING_TEXT
                                } else {
                                    ui.visuals().text_color()
                                };
                                ui.add(
                                    egui::Label::new(RichText::new(scan.short()).color(color))
                                        .truncate()
                                        .selectable(false),
                                )
                                .on_hover_text(scan.describe());
                            }
                        });
                        row.col(|ui| {
                            ui.add(egui::Label::new(&r.file).truncate().selectable(false));
                        });
                        let resp = row.response();
                        if resp.double_clicked() {
                            *act = Some(Act::Open(i));
                        } else if resp.clicked() {
                            *act = Some(Act::Select(i));
                        }
                    });
                });
        });
}

fn findings_list(ui: &mut egui::Ui, i: usize, r: &BatchRow, act: &mut Option<Act>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} 的问题（点击转到）", r.file)).strong());
        if r.verdict != Verdict::Unreadable && ui.button("打开这份报告").clicked() {
            *act = Some(Act::Open(i));
        }
    });
    for n in &r.notes {
        ui.label(RichText::new(n).color(theme::WARNING_TEXT));
    }
    egui::ScrollArea::vertical()
        .id_salt("batch-findings")
        .show(ui, |ui| {
            for (k, f) in r.findings.iter().enumerate() {
                let color = if f.level == crate::core::Level::Error {
                    theme::ERROR_TEXT
                } else {
                    theme::WARNING_TEXT
                };
                ui.push_id(k, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{} {}", f.level.chinese(), f.rule.id()))
                                .color(color)
                                .strong(),
                        );
                        if ui
                            .add(egui::Label::new(&f.message).sense(egui::Sense::click()))
                            .on_hover_text("打开这份报告并转到这一处")
                            .clicked()
                        {
                            *act = Some(Act::Finding(i, f.clone()));
                        }
                    });
                });
            }
        });
}
