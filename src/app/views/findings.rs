//! The left column (the parts, with their counts of errors and warnings) and the findings
//! panel (every finding, a click to go to it, 「改为 N」, 已核实).

use egui::RichText;

use crate::app::command::Command;
use crate::app::{Highlight, NianbaoApp, View, theme};
use crate::core::review::verification;
use crate::core::template::PartNo;
use crate::core::wording::{REPORT_INFO, part_heading};
use crate::core::{CellEdit, Finding, Level, REPORT_LEVEL, TextField};
use crate::session::Edit;

impl NianbaoApp {
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

    pub(in crate::app) fn nav_ui(&mut self, ui: &mut egui::Ui) {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
        ui.add_space(6.0);
        ui.label(RichText::new(self.doc.report.title()).strong());
        ui.label(
            RichText::new(self.doc.report.meta.format.document())
                .small()
                .weak(),
        );
        ui.separator();
        let mut entries = vec![(View::Meta, REPORT_INFO.to_string(), REPORT_LEVEL)];
        for p in &self.doc.report.template().parts {
            entries.push((
                View::Part(p.number.get()),
                p.heading.to_string(),
                p.number.get(),
            ));
        }
        let counts = self.part_counts();
        for (view, label, part) in entries {
            let (e, w) = counts.get(usize::from(part)).copied().unwrap_or((0, 0));
            let text = match (e, w) {
                (0, 0) => RichText::new(label),
                (0, w) => RichText::new(format!("{label}（提醒 {w}）")).color(theme::WARNING_TEXT),
                (e, 0) => RichText::new(format!("{label}（错误 {e}）")).color(theme::ERROR_TEXT),
                (e, w) => {
                    RichText::new(format!("{label}（错误 {e}，提醒 {w}）")).color(theme::ERROR_TEXT)
                }
            };
            if ui.selectable_label(self.view == view, text).clicked() {
                self.view = view;
            }
        }
        // Back to the overview after opening one of its reports.
        if self.batch.is_some() {
            ui.separator();
            if ui
                .selectable_label(self.view == View::Batch, "批量核对结果")
                .clicked()
            {
                self.view = View::Batch;
            }
        }
    }

    pub(in crate::app) fn findings_ui(&mut self, ui: &mut egui::Ui) {
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
                    let heading = part_heading(template, f.part);
                    ui.add_space(4.0);
                    ui.label(RichText::new(heading).strong());
                }
                let color = match f.level {
                    Level::Error => theme::ERROR_TEXT,
                    Level::Warning => theme::WARNING_TEXT,
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
                            self.queue(Command::Fix {
                                cell: cell.clone(),
                                value: v.clone(),
                            });
                        }
                    });
                    self.finding_review_ui(ui, f);
                    self.scan_crops_ui(ui, f);
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
                Some(Highlight {
                    part: REPORT_LEVEL,
                    field: TextField::Intro,
                    start: span.start,
                    end: span.end,
                })
            } else {
                PartNo::new(f.part)
                    .and_then(|p| self.doc.report.part(p).locate(span.start, span.end))
                    .map(|(field, start, end)| Highlight {
                        part: f.part,
                        field,
                        start,
                        end,
                    })
            };
            return;
        }
        if let Some(cell) = f.focus.clone().or_else(|| f.cells.first().cloned()) {
            self.nav.focus_request = Some(cell);
        }
    }

    /// The 已核实 line or button under a warning in the findings panel.
    pub(in crate::app) fn finding_review_ui(&mut self, ui: &mut egui::Ui, f: &Finding) {
        if f.is_error() {
            return;
        }
        match verification(&self.doc.report, f).cloned() {
            Some(v) => {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(format!(
                            "已核实：{}（{}，{}）",
                            v.note,
                            v.by,
                            crate::core::wording::short_time(&v.at)
                        ))
                        .color(theme::OK_TEXT)
                        .small(),
                    );
                    if ui.small_button("取消核实").clicked() {
                        self.queue(Command::Unverify(Box::new(f.clone())));
                    }
                });
            }
            None => {
                if ui
                    .small_button("标为已核实…")
                    .on_hover_text("说明为什么这条提醒不需要修改；数字变化后会重新提醒")
                    .clicked()
                {
                    self.queue(Command::AskVerify(Box::new(f.clone())));
                }
            }
        }
    }

    /// Sets a cell to the value a finding proposes, as one undoable step.
    pub(in crate::app) fn fix(&mut self, cell: &str, value: &str) {
        let old = self.doc.report.cell_text(cell).to_string();
        self.apply_step(Edit::Cells(vec![CellEdit {
            id: cell.to_string(),
            old,
            new: value.to_string(),
        }]));
    }
}
