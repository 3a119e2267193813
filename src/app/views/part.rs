//! One of the six parts: its prose editors (with a finding's sentence selected on request),
//! or its statistics grid; and under the prose, its paragraph comments and compared changes.

use std::collections::HashMap;

use egui::RichText;

use crate::app::Highlight;
use crate::app::command::Command;
use crate::app::grid;
use crate::app::{NianbaoApp, PART1_LIMIT, theme};
use crate::core::TextField;
use crate::core::review::{self, Anchor};
use crate::core::template::PartNo;
use crate::session::Edit;

impl NianbaoApp {
    /// The editor id of a prose field (part 1..=6, or [`REPORT_LEVEL`] for the lead).
    pub fn text_id(part: u8, field: TextField) -> egui::Id {
        egui::Id::unique(("nianbao-text", part, field))
    }

    /// Before an editor is drawn: if a finding asked for it, focus it and select the sentence.
    pub(in crate::app) fn apply_highlight(
        &mut self,
        ui: &egui::Ui,
        part: u8,
        field: TextField,
    ) -> bool {
        let Some(Highlight {
            part: p,
            field: f,
            start,
            end,
        }) = self.highlight
        else {
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

    pub(in crate::app) fn part_ui(&mut self, ui: &mut egui::Ui, number: u8) {
        let template = self.doc.report.template();
        let Some(no) = PartNo::new(number) else {
            return;
        };
        let decl = template.part(no);
        ui.heading(decl.heading);
        ui.add_space(6.0);
        let locked = self.doc.is_locked();
        if let Some(why) = self.doc.locked_reason() {
            ui.label(RichText::new(why).color(theme::OK_TEXT));
        }
        if decl.is_prose {
            ui.add_enabled_ui(!locked, |ui| self.prose_ui(ui, no));
            self.last_year_text_ui(ui, no);
            self.prose_review_ui(ui, number);
            return;
        }
        let Some(table) = template.table_of_part(no) else {
            return;
        };
        let mut marks: HashMap<String, grid::CellMark> = grid::marks(&self.doc.findings);
        self.decorate_marks(&mut marks);
        self.nav.read_only = locked;
        self.nav.hints = self.last_year_hints();
        let cmds = grid::table_ui(ui, &self.doc.report, table, &marks, &mut self.nav);
        for c in cmds {
            self.queue(Command::Grid(c));
        }
    }

    /// Last year's 现行有效件数 in its blank cells: the figure C14 rolls forward from.
    fn last_year_hints(&self) -> HashMap<String, String> {
        let Some((last, _)) = &self.doc.previous else {
            return HashMap::new();
        };
        crate::core::carry::in_force_last_year(&self.doc.report, last)
            .into_iter()
            .map(|(id, v)| (id, format!("上年 {v}")))
            .collect()
    }

    /// Last year's text of this part, read-only under the editor: what the clerk writes from,
    /// never copied (identical text is what evaluators penalise, C15).
    fn last_year_text_ui(&mut self, ui: &mut egui::Ui, p: PartNo) {
        let Some((last, _)) = &self.doc.previous else {
            return;
        };
        let text = last.part(p).full_text();
        if text.trim().is_empty() {
            return;
        }
        ui.add_space(8.0);
        egui::CollapsingHeader::new(format!(
            "上年度（{}年）这一部分的文字（只读）",
            last.meta.year
        ))
        .id_salt(("last-year", p.get()))
        .default_open(false)
        .show(ui, |ui| {
            ui.set_max_width(ui.available_width().clamp(300.0, 820.0));
            ui.label(RichText::new(text).color(theme::SETTLED_TEXT));
        });
    }

    pub(in crate::app) fn prose_ui(&mut self, ui: &mut egui::Ui, p: PartNo) {
        let part = self.doc.report.part(p).clone();
        let heading = p.numeral();
        if p == PartNo::ALL[0] {
            let n = part
                .full_text()
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
            let text = format!("字数：{n} / {PART1_LIMIT}");
            let rich = if n > PART1_LIMIT {
                RichText::new(format!("{text}（超出篇幅）")).color(theme::ERROR_TEXT)
            } else {
                RichText::new(text).weak()
            };
            ui.label(rich);
        }
        let width = ui.available_width().clamp(300.0, 820.0);
        let number = p.get();
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
            self.queue(Command::Edit(Edit::Intro(p, intro)));
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
                        self.queue(Command::Edit(Edit::Heading(p, s, h)));
                    }
                    if ui
                        .small_button("删除")
                        .on_hover_text("删除这一小节（可撤销）")
                        .clicked()
                    {
                        self.queue(Command::EditAlone(Edit::RemoveSection(p, s)));
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
                    self.queue(Command::Edit(Edit::Body(p, s, b)));
                }
            });
        }
        ui.add_space(8.0);
        if ui.button("添加小节").clicked() {
            self.queue(Command::EditAlone(Edit::AddSection(p)));
        }
    }

    /// Under a prose part: its paragraph comments, a button to add one, and (while comparing)
    /// the paragraphs that differ from the other version.
    pub(in crate::app) fn prose_review_ui(&mut self, ui: &mut egui::Ui, part: u8) {
        ui.add_space(10.0);
        ui.separator();
        let paras = self.doc.report.paragraphs(part);
        ui.horizontal(|ui| {
            ui.label("段落批注：");
            let id = ui.make_persistent_id(("comment-para", part));
            let mut chosen: usize = ui.data(|d| d.get_temp(id)).unwrap_or(0);
            if chosen >= paras.len() {
                chosen = 0;
            }
            let short = |i: usize| -> String {
                paras.get(i).map_or_else(String::new, |p| {
                    format!(
                        "第 {} 段：{}",
                        i + 1,
                        p.chars().take(14).collect::<String>()
                    )
                })
            };
            let combo = egui::ComboBox::from_id_salt(("para", part))
                .selected_text(short(chosen))
                .show_ui(ui, |ui| {
                    for i in 0..paras.len() {
                        ui.selectable_value(&mut chosen, i, short(i));
                    }
                });
            let _ = combo.response.accessible_name("选择段落");
            ui.data_mut(|d| d.insert_temp(id, chosen));
            if ui
                .add_enabled(!paras.is_empty(), egui::Button::new("为该段添加批注…"))
                .clicked()
            {
                let anchor = review::paragraph_anchor(&self.doc.report, part, chosen);
                self.queue(Command::AskComment(anchor));
            }
            let quote = self
                .selected_words(ui.ctx(), part)
                .and_then(|w| review::quote_anchor(&self.doc.report, part, &w));
            if ui
                .add_enabled(quote.is_some(), egui::Button::new("为所选文字添加批注…"))
                .on_disabled_hover_text("先在上面的正文中选中要批注的文字（同一段内）")
                .clicked()
                && let Some(anchor) = quote
            {
                self.queue(Command::AskComment(anchor));
            }
        });
        let comments: Vec<_> = self
            .doc
            .report
            .review
            .comments
            .iter()
            .filter(|c| matches!(&c.anchor, Anchor::Paragraph { part: p, .. } if *p == part))
            .cloned()
            .collect();
        for c in comments {
            self.comment_row(ui, &c);
        }
        if let Some((path, d)) = &self.review.compare {
            let changed: Vec<_> = d
                .paragraphs
                .iter()
                .filter(|p| p.part == part)
                .cloned()
                .collect();
            if !changed.is_empty() {
                ui.add_space(6.0);
                ui.label(
                    RichText::new(format!(
                        "与 {} 相比改动的段落（[-删去-] {{+加入+}}）：",
                        path.file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                    ))
                    .strong(),
                );
                for p in changed {
                    let resp = ui.label(RichText::new(&p.marked).color(theme::COMPARED));
                    if let Some(old) = &p.old {
                        resp.on_hover_text(format!("对比稿原文：{old}"));
                    }
                }
            }
        }
    }

    /// A part's text fields (part 1..=6) and their text, in order.
    pub(in crate::app) fn prose_fields(&self, part: u8) -> Vec<(TextField, &str)> {
        let Some(text) = PartNo::new(part).map(|p| self.doc.report.part(p)) else {
            return Vec::new();
        };
        std::iter::once((TextField::Intro, text.intro.as_str()))
            .chain(text.sections.iter().enumerate().flat_map(|(i, s)| {
                [
                    (TextField::Heading(i), s.heading.as_str()),
                    (TextField::Body(i), s.body.as_str()),
                ]
            }))
            .collect()
    }

    /// The words last selected in one of the part's text fields. egui keeps a selection only
    /// while its field has the keyboard, and clicking a button takes the keyboard away, so the
    /// selection is remembered while a field of this part has it, and forgotten when the
    /// selection in a field with the keyboard is empty again.
    pub(in crate::app) fn selected_words(
        &mut self,
        ctx: &egui::Context,
        part: u8,
    ) -> Option<String> {
        let focused = ctx.memory(|m| m.focused());
        let current = self
            .prose_fields(part)
            .into_iter()
            .find_map(|(field, value)| {
                let id = Self::text_id(part, field);
                if focused != Some(id) {
                    return None;
                }
                let range = egui::TextEdit::load_state(ctx, id)
                    .and_then(|s| s.cursor.char_range())
                    .map(|r| r.as_sorted_char_range());
                let words: String = range.map_or_else(String::new, |r| {
                    value
                        .chars()
                        .skip(r.start.0)
                        .take(r.end.0.saturating_sub(r.start.0))
                        .collect()
                });
                Some(words)
            });
        match current {
            Some(words) if !words.trim().is_empty() => {
                self.review.selection = Some((part, words));
            }
            Some(_) => self.review.selection = None,
            None => {}
        }
        self.review
            .selection
            .as_ref()
            .filter(|(p, _)| *p == part)
            .map(|(_, w)| w.clone())
    }

    /// Where some words are in a part's text fields: the field and the character range.
    pub(in crate::app) fn find_words(
        &self,
        part: u8,
        words: &str,
    ) -> Option<(TextField, usize, usize)> {
        let fields = self.prose_fields(part);
        fields.into_iter().find_map(|(field, value)| {
            let at = value.find(words)?;
            let start = value[..at].chars().count();
            Some((field, start, start + words.chars().count()))
        })
    }
}
