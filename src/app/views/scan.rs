//! A scan in the window (issue 31): its reading runs on a thread of its own with a progress bar
//! and 取消 (a page takes seconds), and once it is open, the findings panel shows beside each
//! failing relation and each unsure number the crop of every cell involved, cut from the page
//! as read, with the value read, a field to correct it and 确认 — each an undoable step.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::RichText;

use crate::app::{NianbaoApp, View, theme};
use crate::core::report::ScannedCell;
use crate::core::{CellEdit, Finding, Report, Rule};
use crate::ocr::Progress;
use crate::session::{Document, Edit};

type Outcome = Result<(Report, Vec<image::GrayImage>), String>;

/// A scan being read.
pub struct ScanJob {
    /// The file read.
    pub path: PathBuf,
    /// How far it got; also how to stop it.
    pub progress: Arc<Progress>,
    done: Receiver<Outcome>,
}

/// The pages of the scan the open draft was read from, kept while it is open, and the crops
/// already made into textures.
pub struct ScanView {
    pages: Vec<image::GrayImage>,
    textures: HashMap<(u16, [u32; 4]), egui::TextureHandle>,
}

/// The crops shown under one finding at the most (a row of table 三 has seven cells, a
/// column relation a few more).
const CROPS_SHOWN: usize = 16;

impl NianbaoApp {
    /// Starts reading a scan on a thread of its own; the draft open here stays until it is done.
    pub(in crate::app) fn start_scan(&mut self, path: &Path, bytes: Vec<u8>) {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let p = Arc::clone(&progress);
        std::thread::spawn(move || {
            let out = crate::import::import_scan_with_pages(&bytes, &p).map_err(|e| e.to_string());
            // The window may be gone: nobody to tell.
            let _ = tx.send(out);
        });
        self.scan_job = Some(ScanJob {
            path: path.to_path_buf(),
            progress,
            done: rx,
        });
    }

    /// Whether a scan is being read.
    pub fn scan_running(&self) -> bool {
        self.scan_job.is_some()
    }

    /// The progress dialog while a scan is read, and the draft it gives when done.
    pub(in crate::app) fn scan_job_ui(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.scan_job else {
            return;
        };
        match job.done.try_recv() {
            Err(TryRecvError::Empty) => {}
            Ok(out) => {
                let path = job.path.clone();
                self.scan_job = None;
                self.scan_done(&path, out);
                return;
            }
            Err(TryRecvError::Disconnected) => {
                self.scan_job = None;
                self.set_error("文字识别意外中断（当前草稿未受影响）".into());
                return;
            }
        }
        let (fraction, line, cancelled) = (
            job.progress.fraction(),
            job.progress.describe(),
            job.progress.is_cancelled(),
        );
        let name = job
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let progress = Arc::clone(&job.progress);
        egui::Modal::new(egui::Id::unique("scan-progress")).show(ctx, |ui| {
            ui.set_width(420.0);
            ui.heading("正在识别扫描件");
            ui.label(format!(
                "{name}：扫描件没有文字层，正在逐格识别（OCR），每页需数秒。"
            ));
            ui.add(egui::ProgressBar::new(fraction).show_percentage());
            ui.label(RichText::new(line).small());
            ui.add_space(6.0);
            if cancelled {
                ui.label("正在取消…");
            } else if ui.button("取消").clicked() {
                progress.cancel();
            }
        });
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }

    fn scan_done(&mut self, path: &Path, out: Outcome) {
        match out {
            Ok((report, pages)) => {
                let report = match crate::import::a_report(report, path) {
                    Ok(r) => r,
                    Err(e) => {
                        self.set_error(format!("无法导入：{e}（当前草稿未受影响）"));
                        return;
                    }
                };
                let blank = Report::new(report.meta.format, report.meta.year);
                let low = crate::batch::ScanStatus::of(&report).map_or(0, |s| s.unsure);
                self.set_document(Document::restored(blank, report, None));
                self.scan = Some(ScanView {
                    pages,
                    textures: HashMap::new(),
                });
                self.view = View::Meta;
                self.show_findings = true;
                self.set_info(format!(
                    "已由扫描件识别导入 {}：识别把握较低的 {low} 格已在核对结果中列出，各格可与原件截图对照",
                    path.display()
                ));
            }
            Err(e) => self.set_error(format!("无法导入：{e}（当前草稿未受影响）")),
        }
    }

    /// Under a finding about cells read from a scan: each cell's crop beside its value, to
    /// correct in place or confirm as read.
    pub(in crate::app) fn scan_crops_ui(&mut self, ui: &mut egui::Ui, f: &Finding) {
        let relation = matches!(f.rule, Rule::R1 | Rule::R2 | Rule::R3 | Rule::R4);
        if !(relation || f.rule == Rule::I8) || self.scan.is_none() {
            return;
        }
        let cells: Vec<(String, ScannedCell)> = f
            .cells
            .iter()
            .filter_map(|id| {
                self.doc
                    .report
                    .scanned
                    .get(id)
                    .map(|c| (id.clone(), c.clone()))
            })
            .take(CROPS_SHOWN)
            .collect();
        if cells.is_empty() {
            return;
        }
        let t = self.doc.report.template();
        let editable = self.doc.read_only.is_none() && !self.doc.is_locked();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("对照扫描原件：").small().strong());
            egui::Grid::new(("scan-crops", &f.message))
                .num_columns(4)
                .spacing([6.0, 4.0])
                .show(ui, |ui| {
                    for (id, c) in &cells {
                        let short = t.cell(id).map_or(id.as_str(), |d| d.label.as_str());
                        match self.crop_texture(ui.ctx(), c) {
                            Some(tex) => {
                                let size = tex.size_vec2();
                                // Shown at the page's own scale, no taller than a line or two.
                                let scale = (36.0 / size.y).min(1.0);
                                ui.add(
                                    egui::Image::new(&tex)
                                        .fit_to_exact_size(size * scale)
                                        .alt_text(format!("扫描截图 · {short}")),
                                )
                                .on_hover_text(format!("{short}：扫描件第 {} 页", c.page));
                            }
                            None => {
                                ui.label("（无截图）");
                            }
                        }
                        let sure = c.confidence >= crate::core::report::SURE_PERCENT;
                        ui.label(
                            RichText::new(format!("读作 {} · {}%", c.read, c.confidence))
                                .small()
                                .color(if sure {
                                    theme::OK_TEXT
                                } else {
                                    theme::WARNING_TEXT
                                }),
                        )
                        .on_hover_text(short);
                        let mut value = self.doc.report.cell_text(id).to_string();
                        let edit = ui
                            .add_enabled(
                                editable,
                                egui::TextEdit::singleline(&mut value)
                                    .id_salt(("scan-value", id))
                                    .desired_width(56.0),
                            )
                            .accessible_name(format!("对照原件 · {short}"));
                        if edit.changed() {
                            let old = self.doc.report.cell_text(id).to_string();
                            self.doc.apply(Edit::Cells(vec![CellEdit {
                                id: id.clone(),
                                old,
                                new: value,
                            }]));
                        }
                        if c.confirmed {
                            ui.label(RichText::new("已确认").small().color(theme::OK_TEXT));
                        } else if ui
                            .add_enabled(editable, egui::Button::new("确认").small())
                            .on_hover_text("已对照扫描原件，读数无误")
                            .clicked()
                        {
                            self.apply_step(Edit::ConfirmScanned(vec![id.clone()]));
                        }
                        ui.end_row();
                    }
                });
        });
    }

    /// The crop of a cell as a texture, made once.
    fn crop_texture(
        &mut self,
        ctx: &egui::Context,
        c: &ScannedCell,
    ) -> Option<egui::TextureHandle> {
        let view = self.scan.as_mut()?;
        let key = (c.page, c.bounds);
        if let Some(t) = view.textures.get(&key) {
            return Some(t.clone());
        }
        let page = view.pages.get(usize::from(c.page).checked_sub(1)?)?;
        let [x0, y0, x1, y1] = c.bounds;
        let (x1, y1) = (x1.min(page.width()), y1.min(page.height()));
        if x1 <= x0 || y1 <= y0 {
            return None;
        }
        let crop = image::imageops::crop_imm(page, x0, y0, x1 - x0, y1 - y0).to_image();
        let image = egui::ColorImage::from_gray(
            [crop.width() as usize, crop.height() as usize],
            crop.as_raw(),
        );
        let tex = ctx.load_texture(
            format!("scan-{}-{x0}-{y0}", c.page),
            image,
            egui::TextureOptions::LINEAR,
        );
        view.textures.insert(key, tex.clone());
        Some(tex)
    }
}
