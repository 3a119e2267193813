//! 批注列表 and 修订记录.

use egui::RichText;

use crate::app::{NianbaoApp, View, theme};
use crate::core::review::{self, Anchor};
use crate::core::wording::{comment_line, describe_entry};

impl NianbaoApp {
    pub(in crate::app) fn comment_row(&mut self, ui: &mut egui::Ui, c: &review::Comment) {
        ui.push_id(("comment", c.id), |ui| {
            ui.horizontal_wrapped(|ui| {
                let text = comment_line(&self.doc.report, c);
                if c.resolved {
                    ui.label(RichText::new(text).weak());
                    if ui.small_button("重新打开").clicked() {
                        let _ = self
                            .doc
                            .review(|r| Ok(review::resolve_comment(r, c.id, false)));
                    }
                } else {
                    ui.label(RichText::new(text).color(theme::COMMENT_TEXT));
                    if let Anchor::Paragraph {
                        part,
                        quote: Some(q),
                        ..
                    } = &c.anchor
                        && let Some((field, start, end)) = self.find_words(*part, q)
                        && ui
                            .small_button("在正文中选中")
                            .on_hover_text("转到该部分并选中所引文字")
                            .clicked()
                    {
                        self.view = View::Part(*part);
                        self.highlight = Some((*part, field, start, end));
                    }
                    // A cell or a table: go to it (the cell gets the keyboard).
                    let target = match &c.anchor {
                        Anchor::Cell(id) => self
                            .doc
                            .report
                            .template()
                            .cell_index(id)
                            .map(|i| (self.doc.report.template().part_of(i), Some(id.clone()))),
                        Anchor::Table(t) => {
                            self.doc.report.template().table(t).map(|d| (d.part, None))
                        }
                        Anchor::Paragraph { .. } => None,
                    };
                    if let Some((part, cell)) = target
                        && ui
                            .small_button("转到")
                            .on_hover_text("转到批注的单元格或表格")
                            .clicked()
                    {
                        self.view = View::Part(part);
                        if let Some(cell) = cell {
                            self.nav.focus_request = Some(cell);
                        }
                    }
                    if ui.small_button("标为已解决").clicked() {
                        let _ = self
                            .doc
                            .review(|r| Ok(review::resolve_comment(r, c.id, true)));
                    }
                }
            });
        });
    }

    /// 批注列表.
    pub(in crate::app) fn comments_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("批注");
        ui.label(
            RichText::new(
                "批注不打印在定稿 PDF 中；审核稿（命令行 export --review-copy）把它们印在附录。",
            )
            .weak(),
        );
        ui.add_space(6.0);
        let comments = self.doc.report.review.comments.clone();
        if comments.is_empty() {
            ui.label("还没有批注。在单元格上点右键、在表格上方或正文下方都可以添加。");
        }
        for c in comments {
            self.comment_row(ui, &c);
        }
    }

    /// 修订记录.
    pub(in crate::app) fn history_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("修订记录");
        ui.add_space(6.0);
        let report = self.doc.report.clone();
        if report.review.history.is_empty() {
            ui.label("还没有记录：每次保存和每次改变状态都会记在这里。");
        }
        for (i, e) in report.review.history.iter().enumerate().rev() {
            ui.push_id(("history", i), |ui| {
                ui.label(describe_entry(&report, e));
            });
        }
    }
}
