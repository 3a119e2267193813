//! 批注列表 and 修订记录.

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::app::{Highlight, NianbaoApp, View, theme};
use crate::core::review::{self, Anchor};
use crate::core::wording::{anchor_label, comment_line, entry_changes, short_time};

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
                        self.highlight = Some(Highlight {
                            part: *part,
                            field,
                            start,
                            end,
                        });
                    }
                    // A cell or a table: go to it (the cell gets the keyboard).
                    let target = match &c.anchor {
                        Anchor::Cell(id) => self.doc.report.template().cell_index(id).map(|i| {
                            (
                                self.doc.report.template().part_of(i).get(),
                                Some(id.clone()),
                            )
                        }),
                        Anchor::Table(t) => self
                            .doc
                            .report
                            .template()
                            .table(t)
                            .map(|d| (d.part.get(), None)),
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

    /// Where a comment is, to go to: its part, and the cell to select or the words to highlight.
    fn go_to_anchor(&mut self, anchor: &Anchor) {
        let t = self.doc.report.template();
        match anchor {
            Anchor::Cell(id) => {
                if let Some(i) = t.cell_index(id) {
                    self.view = View::Part(t.part_of(i).get());
                    self.nav.focus_request = Some(id.clone());
                }
            }
            Anchor::Table(table) => {
                if let Some(d) = t.table(table) {
                    self.view = View::Part(d.part.get());
                }
            }
            Anchor::Paragraph { part, quote, .. } => {
                if *part == 0 {
                    self.view = View::Meta;
                    return;
                }
                self.view = View::Part(*part);
                if let Some(q) = quote
                    && let Some((field, start, end)) = self.find_words(*part, q)
                {
                    self.highlight = Some(Highlight {
                        part: *part,
                        field,
                        start,
                        end,
                    });
                }
            }
        }
    }

    /// 批注列表: one row a comment, columns a reviewer can widen; a click on a row goes to what
    /// it is about.
    pub(in crate::app) fn comments_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("批注");
        ui.label(
            RichText::new(
                "批注不打印在定稿 PDF 中；审核稿（审核 → 导出审核稿 PDF）把它们印在附录。点击一行转到批注的位置。",
            )
            .weak(),
        );
        ui.add_space(6.0);
        let comments = self.doc.report.review.comments.clone();
        if comments.is_empty() {
            ui.label("还没有批注。在单元格上点右键、在表格上方或正文下方都可以添加。");
            return;
        }
        let report = self.doc.report.clone();
        let mut go = None;
        let mut resolve = None;
        // Narrower than its columns (a laptop screen), the table scrolls sideways.
        egui::ScrollArea::horizontal()
            .id_salt("comments-x")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("comments")
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::auto().at_least(36.0))
                    .column(Column::initial(160.0).at_least(80.0).clip(true))
                    .column(Column::initial(230.0).at_least(120.0).clip(true))
                    .column(Column::initial(64.0).at_least(50.0).clip(true))
                    .column(Column::initial(112.0).at_least(60.0).clip(true))
                    .column(Column::remainder().at_least(150.0).clip(true))
                    .header(24.0, |mut h| {
                        for name in ["编号", "位置", "内容", "批注人", "时间", "状态"]
                        {
                            h.col(|ui| {
                                ui.strong(name);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(26.0, comments.len(), |mut row| {
                            let c = &comments[row.index()];
                            let color = if c.resolved {
                                theme::SETTLED_TEXT
                            } else {
                                theme::COMMENT_TEXT
                            };
                            row.col(|ui| {
                                ui.add(egui::Label::new(format!("#{}", c.id)).selectable(false));
                            });
                            row.col(|ui| {
                                ui.add(
                                    egui::Label::new(anchor_label(&report, &c.anchor))
                                        .truncate()
                                        .selectable(false),
                                );
                            });
                            row.col(|ui| {
                                let r = ui.add(
                                    egui::Label::new(RichText::new(&c.text).color(color))
                                        .truncate()
                                        .selectable(false),
                                );
                                r.on_hover_text(&c.text);
                            });
                            row.col(|ui| {
                                ui.add(egui::Label::new(&c.author).truncate().selectable(false));
                            });
                            row.col(|ui| {
                                ui.add(egui::Label::new(short_time(&c.at)).selectable(false));
                            });
                            row.col(|ui| {
                                if c.resolved {
                                    ui.label(RichText::new("已解决").weak());
                                    if ui.small_button("重新打开").clicked() {
                                        resolve = Some((c.id, false));
                                    }
                                } else {
                                    if ui
                                        .small_button("转到")
                                        .on_hover_text("转到批注的单元格、表格或文字")
                                        .clicked()
                                    {
                                        go = Some(c.anchor.clone());
                                    }
                                    if ui.small_button("标为已解决").clicked() {
                                        resolve = Some((c.id, true));
                                    }
                                }
                            });
                            if row.response().clicked() {
                                go = Some(c.anchor.clone());
                            }
                        });
                    });
            });
        if let Some((id, done)) = resolve {
            let _ = self
                .doc
                .review(|r| Ok(review::resolve_comment(r, id, done)));
        } else if let Some(anchor) = go {
            self.go_to_anchor(&anchor);
        }
    }

    /// 修订记录: newest first, one row an entry; a click on an entry that changed cells goes to
    /// the first of them.
    pub(in crate::app) fn history_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("修订记录");
        ui.add_space(6.0);
        let report = self.doc.report.clone();
        let entries = &report.review.history;
        if entries.is_empty() {
            ui.label("还没有记录：每次保存和每次改变状态都会记在这里。");
            return;
        }
        let mut go = None;
        egui::ScrollArea::horizontal()
            .id_salt("history-x")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("history")
                    .striped(true)
                    .resizable(true)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::initial(112.0).at_least(60.0).clip(true))
                    .column(Column::initial(70.0).at_least(50.0).clip(true))
                    .column(Column::initial(200.0).at_least(100.0).clip(true))
                    .column(Column::initial(64.0).at_least(50.0).clip(true))
                    .column(Column::remainder().at_least(160.0).clip(true))
                    .header(24.0, |mut h| {
                        for name in ["时间", "人员", "事件", "状态", "改动"] {
                            h.col(|ui| {
                                ui.strong(name);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(26.0, entries.len(), |mut row| {
                            // Newest first.
                            let e = &entries[entries.len() - 1 - row.index()];
                            row.col(|ui| {
                                ui.add(egui::Label::new(short_time(&e.at)).selectable(false));
                            });
                            row.col(|ui| {
                                ui.add(egui::Label::new(&e.by).truncate().selectable(false));
                            });
                            row.col(|ui| {
                                ui.add(egui::Label::new(&e.event).truncate().selectable(false));
                            });
                            row.col(|ui| {
                                ui.add(egui::Label::new(e.status.chinese()).selectable(false));
                            });
                            let changes = entry_changes(&report, e);
                            row.col(|ui| {
                                let r =
                                    ui.add(egui::Label::new(&changes).truncate().selectable(false));
                                if !changes.is_empty() {
                                    r.on_hover_text(&changes);
                                }
                            });
                            if row.response().clicked()
                                && let Some(c) = e.cells.first()
                            {
                                go = Some(Anchor::Cell(c.id.clone()));
                            }
                        });
                    });
            });
        if let Some(anchor) = go {
            self.go_to_anchor(&anchor);
        }
    }
}
