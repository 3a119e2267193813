//! The menu bar and the status line. Menu items are [`Command`]s: their labels and shortcuts
//! come from the command's one declaration.

use egui::RichText;

use super::asks::Pending;
use super::command::Command;
use super::{NianbaoApp, theme};
use crate::core::review::{self, Status};

impl NianbaoApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                self.command_button(ui, Command::New, true);
                self.command_button(ui, Command::Open, true);
                self.command_button(ui, Command::Import, true);
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
                self.command_button(ui, Command::Save, true);
                self.command_button(ui, Command::SaveAs, true);
                ui.separator();
                self.command_button(ui, Command::ExportPdf, true);
                self.command_button(ui, Command::ExportReviewPdf, true);
                self.command_button(ui, Command::ExportHtml, true);
                self.command_button(ui, Command::ExportDocx, true);
                self.command_button(ui, Command::ExportXlsx, true);
                self.command_button(ui, Command::ExportJson, true);
                ui.separator();
                self.command_button(ui, Command::Merge, true);
                self.command_button(ui, Command::BatchReview, true);
                self.command_button(ui, Command::Tally, !self.doc.is_locked());
                self.command_button(ui, Command::TallyCases, !self.doc.is_locked());
            });
            ui.menu_button("编辑", |ui| {
                let (undo, redo) = (self.doc.can_undo(), self.doc.can_redo());
                self.command_button(ui, Command::Undo, undo);
                self.command_button(ui, Command::Redo, redo);
                ui.separator();
                let editable = !self.doc.is_locked();
                self.command_button(ui, Command::AutosumAll, editable);
            });
            self.review_menu(ui);
            let (e, w, v) =
                crate::core::review::tally_reviewed(&self.doc.report, &self.doc.findings);
            let label = Command::ToggleFindings.label();
            let label = if v > 0 {
                format!("{label}（错误 {e}，提醒 {w}，已核实 {v}）")
            } else {
                format!("{label}（错误 {e}，提醒 {w}）")
            };
            if ui.selectable_label(self.show_findings, label).clicked() {
                self.queue(Command::ToggleFindings);
            }
        });
    }

    fn review_menu(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("审核", |ui| {
            let status = self.doc.report.review.status;
            ui.label(format!("当前状态：{}", status.chinese()));
            ui.separator();
            for to in [
                Status::Submitted,
                Status::Returned,
                Status::Final,
                Status::Drafting,
            ] {
                let command = Command::SetStatus(to);
                let label = if status == Status::Final && to != Status::Final {
                    format!("重新打开：{}…", to.chinese())
                } else {
                    command.label().to_string()
                };
                self.command_button_labelled(ui, label, command, review::can_move(status, to));
            }
            ui.separator();
            self.command_button(ui, Command::Compare, true);
            let comparing = self.review.compare.is_some();
            self.command_button(ui, Command::EndCompare, comparing);
            ui.separator();
            self.command_button(ui, Command::ShowComments, true);
            self.command_button(ui, Command::ShowHistory, true);
            self.command_button(ui, Command::ExportReviewPdf, true);
            ui.separator();
            self.command_button(ui, Command::SetName, true);
        });
    }

    pub(super) fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.status {
                Some((msg, true)) => {
                    ui.label(RichText::new(msg).color(theme::ERROR_TEXT));
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
}
