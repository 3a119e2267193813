//! 文件 → 从登记台账生成表三…: the register counted for the draft's year, shown before anything
//! changes — table 三's summary rows, the rows left out and the values no rule maps — and
//! 「填入草稿」 as one undoable edit.

use std::path::{Path, PathBuf};

use egui::RichText;

use crate::app::asks::Modal;
use crate::app::{NianbaoApp, View, theme};
use crate::core::CellEdit;
use crate::register::{SUMMARY_COLUMNS, SUMMARY_ROWS, Tally, filled_cells, tally_file};
use crate::session::Edit;

impl NianbaoApp {
    /// Counts the register at `path` for the draft's year and shows the result.
    pub fn tally_register(&mut self, path: &Path) {
        if let Some(why) = self.doc.locked_reason() {
            self.set_error(why.into());
            return;
        }
        match tally_file(path, self.doc.report.meta.year, None) {
            Ok(t) => self.modal = Some(Modal::Tally(Box::new((path.to_path_buf(), t)))),
            Err(e) => self.set_error(format!("无法统计登记台账 {}：{e}", path.display())),
        }
    }

    /// Fills table 三 from the tally, as one step that 撤销 takes back.
    fn fill_from_tally(&mut self, t: &Tally) {
        let edits: Vec<CellEdit> = filled_cells(t, &self.doc.report)
            .into_iter()
            .filter(|(id, v)| self.doc.report.cell_text(id) != v)
            .map(|(id, new)| CellEdit {
                old: self.doc.report.cell_text(&id).to_string(),
                id,
                new,
            })
            .collect();
        let n = edits.len();
        self.apply_step(Edit::Cells(edits));
        self.view = View::Part(3);
        self.set_info(format!("已从登记台账填入表三（改动 {n} 格，可撤销）"));
    }

    /// The dialog; gives back the modal to keep open.
    pub(in crate::app) fn tally_dialog(
        &mut self,
        ctx: &egui::Context,
        state: Box<(PathBuf, Tally)>,
    ) -> Option<Modal> {
        let (path, t) = &*state;
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("tally")).show(ctx, |ui| {
            ui.set_max_width(760.0);
            ui.heading("从登记台账生成表三");
            ui.label(
                RichText::new(format!(
                    "{}：{}年度用了 {} 行，其他年度的 {} 行未计入",
                    path.display(),
                    t.year,
                    t.used,
                    t.other_years
                ))
                .weak(),
            );
            summary_grid(ui, t);
            egui::ScrollArea::vertical()
                .max_height(180.0)
                .show(ui, |ui| {
                    for l in &t.left_out {
                        ui.label(
                            RichText::new(format!("未使用：第 {} 行，{}", l.row, l.reason))
                                .color(theme::WARNING_TEXT),
                        );
                    }
                    for (col, value, rows) in &t.unmapped {
                        let list: Vec<String> = rows.iter().map(usize::to_string).collect();
                        ui.label(
                            RichText::new(format!(
                                "无法归类：{col}“{value}”（第 {} 行），这些行未计入",
                                list.join("、")
                            ))
                            .color(theme::WARNING_TEXT),
                        );
                    }
                });
            ui.horizontal(|ui| {
                if ui.button("填入草稿").clicked() {
                    answer = Some(true);
                }
                if ui.button("取消").clicked() {
                    answer = Some(false);
                }
            });
        });
        match answer {
            Some(true) => {
                self.fill_from_tally(t);
                None
            }
            Some(false) => None,
            None => Some(Modal::Tally(state)),
        }
    }
}

/// 一、二、（七）总计、四 by applicant column.
fn summary_grid(ui: &mut egui::Ui, t: &Tally) {
    egui::Grid::new("tally-grid").striped(true).show(ui, |ui| {
        ui.label("");
        for (label, _) in SUMMARY_COLUMNS {
            ui.strong(label);
        }
        ui.end_row();
        for (label, row) in SUMMARY_ROWS {
            ui.label(label);
            for (_, col) in SUMMARY_COLUMNS {
                ui.label(t.count(row, col).to_string());
            }
            ui.end_row();
        }
    });
}
