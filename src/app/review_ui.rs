//! The reviewer's side of the window: status, warnings marked 已核实, comments, the 修订记录,
//! and comparing with another version of the draft.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use super::grid::CellMark;
use super::prompt::{Answer, Prompt, prompt};
use super::{NianbaoApp, View};
use crate::core::review::{
    self, Anchor, ReportDiff, Status, anchor_label, describe_entry, verification,
};
use crate::core::{Finding, Report, TextField};

/// Dialogs and state of the review features.
#[derive(Default)]
pub struct ReviewState {
    /// 设置 → 我的姓名: the name being typed.
    pub name_dialog: Option<String>,
    /// A comment being written: what it is about and its text.
    pub comment_dialog: Option<(Anchor, String)>,
    /// A warning being marked 已核实: the finding and the note.
    pub verify_dialog: Option<(Finding, String)>,
    /// A status change that needs a reason (reopening a 定稿 draft).
    pub status_dialog: Option<(Status, String)>,
    /// The version compared with, and what differs.
    pub compare: Option<(PathBuf, ReportDiff)>,
    /// The other version's report (for old values of paragraphs).
    pub compare_report: Option<Report>,
    /// The document generation the comparison was computed for.
    compared_generation: u64,
    /// What the user asked for when the name prompt interrupted: done once the name is given,
    /// handed back to its own prompt (with what was typed) if the name prompt is cancelled.
    after_name: Option<AfterName>,
    /// The words last selected in a part's text (part, words), for 为所选文字添加批注.
    selection: Option<(u8, String)>,
}

/// A review action waiting for the user's name.
enum AfterName {
    Status(Status, Option<String>),
    Verify(Finding, String),
    Comment(Anchor, String),
}

const OK_TEXT: Color32 = Color32::from_rgb(0x1F, 0x6F, 0x30);

impl NianbaoApp {
    /// The name the user acts under (设置 → 我的姓名).
    pub fn user(&self) -> &str {
        &self.prefs.name
    }

    /// Sets the user's name and keeps it for the next start.
    pub fn set_user(&mut self, name: &str) {
        self.prefs.name = name.trim().to_string();
        self.save_prefs();
    }

    /// True (and the name prompt opens) when no name is set yet; `then` runs once it is.
    fn need_name(&mut self, then: impl FnOnce() -> AfterName) -> bool {
        if self.prefs.name.trim().is_empty() {
            self.review.name_dialog = Some(String::new());
            self.review.after_name = Some(then());
            self.set_info("请先填写您的姓名（审核记录中显示），填写后继续".into());
            return true;
        }
        false
    }

    /// The name prompt was answered: carry on with what it interrupted, or give it back.
    fn resume_after_name(&mut self, named: bool) {
        let Some(action) = self.review.after_name.take() else {
            return;
        };
        match (action, named) {
            (AfterName::Status(to, reason), true) => self.change_status(to, reason.as_deref()),
            (AfterName::Verify(f, note), true) => self.verify_finding(&f, &note),
            (AfterName::Comment(anchor, text), true) => self.add_comment(anchor, &text),
            (AfterName::Status(to, Some(reason)), false) => {
                self.review.status_dialog = Some((to, reason));
            }
            (AfterName::Status(_, None), false) => {}
            (AfterName::Verify(f, note), false) => self.review.verify_dialog = Some((f, note)),
            (AfterName::Comment(anchor, text), false) => {
                self.review.comment_dialog = Some((anchor, text));
            }
        }
    }

    /// Moves the draft to another status; leaving 定稿 asks for a reason first.
    pub fn request_status(&mut self, to: Status) {
        if self.doc.report.review.status == Status::Final && to != Status::Final {
            self.review.status_dialog = Some((to, String::new()));
            return;
        }
        self.change_status(to, None);
    }

    /// Changes the status now (with the reason, when reopening a 定稿 draft).
    pub fn change_status(&mut self, to: Status, reason: Option<&str>) {
        if self.need_name(|| AfterName::Status(to, reason.map(str::to_string))) {
            return;
        }
        let (by, at) = (self.prefs.name.clone(), crate::clock::now());
        match self
            .doc
            .review(|r| review::set_status(r, to, &by, &at, reason))
        {
            Ok(()) => self.set_info(format!("状态已改为“{}”，请保存", to.chinese())),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Marks a warning 已核实 with a note.
    pub fn verify_finding(&mut self, f: &Finding, note: &str) {
        if self.need_name(|| AfterName::Verify(f.clone(), note.to_string())) {
            return;
        }
        let (by, at) = (self.prefs.name.clone(), crate::clock::now());
        match self.doc.review(|r| review::verify(r, f, note, &by, &at)) {
            Ok(()) => self.set_info("已标为已核实".into()),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Adds a comment.
    pub fn add_comment(&mut self, anchor: Anchor, text: &str) {
        if self.need_name(|| AfterName::Comment(anchor.clone(), text.to_string())) {
            return;
        }
        let (by, at) = (self.prefs.name.clone(), crate::clock::now());
        match self
            .doc
            .review(|r| review::add_comment(r, anchor, &by, &at, text))
        {
            Ok(_) => self.set_info("已添加批注".into()),
            Err(e) => self.set_error(e.to_string()),
        }
    }

    /// Compares the open draft with another version: every changed cell and paragraph is
    /// highlighted, with the other version's text on hover.
    pub fn compare_with(&mut self, path: &Path) {
        match crate::import::load_or_import(path) {
            Ok(other) => {
                let d = review::diff(&other, &self.doc.report);
                let n = d.cells.len() + d.paragraphs.len() + d.meta.len();
                self.set_info(if n == 0 {
                    format!("与 {} 相同", path.display())
                } else {
                    format!(
                        "与 {} 对比：{} 格、{} 段、{} 项报告信息不同（蓝框标出）",
                        path.display(),
                        d.cells.len(),
                        d.paragraphs.len(),
                        d.meta.len()
                    )
                });
                self.review.compare = Some((path.to_path_buf(), d));
                self.review.compare_report = Some(other);
                self.review.compared_generation = self.doc.generation;
            }
            Err(e) => self.set_error(format!("无法对比：{e}")),
        }
    }

    /// Keeps the comparison current after edits.
    pub(super) fn refresh_compare(&mut self) {
        if self.review.compared_generation == self.doc.generation {
            return;
        }
        if let (Some((_, d)), Some(other)) = (&mut self.review.compare, &self.review.compare_report)
        {
            *d = review::diff(other, &self.doc.report);
        }
        self.review.compared_generation = self.doc.generation;
    }

    /// Adds open comments and compared values to the grid's marks.
    pub(super) fn decorate_marks(&self, marks: &mut HashMap<String, CellMark>) {
        for c in &self.doc.report.review.comments {
            if let Anchor::Cell(id) = &c.anchor
                && !c.resolved
            {
                marks
                    .entry(id.clone())
                    .or_default()
                    .comments
                    .push(format!("{}：{}", c.author, c.text));
            }
        }
        if let Some((_, d)) = &self.review.compare {
            for c in &d.cells {
                marks.entry(c.id.clone()).or_default().compared = Some(c.old.clone());
            }
        }
    }

    pub(super) fn review_menu(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("审核", |ui| {
            let status = self.doc.report.review.status;
            ui.label(format!("当前状态：{}", status.chinese()));
            ui.separator();
            let moves: [(Status, &str); 4] = [
                (Status::Submitted, "提交审核（待审核）"),
                (Status::Returned, "退回修改"),
                (Status::Final, "定稿（需无错误）"),
                (Status::Drafting, "改回起草"),
            ];
            for (to, label) in moves {
                let label = if status == Status::Final && to != Status::Final {
                    format!("重新打开：{}…", to.chinese())
                } else {
                    label.to_string()
                };
                if ui
                    .add_enabled(status != to, egui::Button::new(label))
                    .clicked()
                {
                    self.request_status(to);
                    ui.close();
                }
            }
            ui.separator();
            if ui.button("与另一版本对比…").clicked() {
                self.ask_compare();
                ui.close();
            }
            if ui
                .add_enabled(self.review.compare.is_some(), egui::Button::new("结束对比"))
                .clicked()
            {
                self.review.compare = None;
                self.review.compare_report = None;
                ui.close();
            }
            ui.separator();
            if ui.button("批注列表").clicked() {
                self.view = View::Comments;
                ui.close();
            }
            if ui.button("修订记录").clicked() {
                self.view = View::History;
                ui.close();
            }
            ui.separator();
            if ui.button("设置我的姓名…").clicked() {
                self.review.name_dialog = Some(self.prefs.name.clone());
                ui.close();
            }
        });
    }

    /// The 已核实 line or button under a warning in the findings panel.
    pub(super) fn finding_review_ui(&mut self, ui: &mut egui::Ui, f: &Finding) {
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
                            crate::clock::readable(&v.at)
                        ))
                        .color(OK_TEXT)
                        .small(),
                    );
                    if ui.small_button("取消核实").clicked() {
                        let _ = self.doc.review(|r| {
                            review::unverify(r, f);
                            Ok(())
                        });
                    }
                });
            }
            None => {
                if ui
                    .small_button("标为已核实…")
                    .on_hover_text("说明为什么这条提醒不需要修改；数字变化后会重新提醒")
                    .clicked()
                {
                    self.review.verify_dialog = Some((f.clone(), String::new()));
                }
            }
        }
    }

    /// Under a prose part: its paragraph comments, a button to add one, and (while comparing)
    /// the paragraphs that differ from the other version.
    pub(super) fn prose_review_ui(&mut self, ui: &mut egui::Ui, part: u8) {
        ui.add_space(10.0);
        ui.separator();
        let paras = review::paragraphs(&self.doc.report, part);
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
                self.review.comment_dialog = Some((anchor, String::new()));
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
                self.review.comment_dialog = Some((anchor, String::new()));
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
                    let resp = ui
                        .label(RichText::new(&p.marked).color(Color32::from_rgb(0x1F, 0x5F, 0xD0)));
                    if let Some(old) = &p.old {
                        resp.on_hover_text(format!("对比稿原文：{old}"));
                    }
                }
            }
        }
    }

    /// A part's text fields (part 1..=6) and their text, in order.
    fn prose_fields(&self, part: u8) -> Vec<(TextField, &str)> {
        let Some(text) = usize::from(part)
            .checked_sub(1)
            .and_then(|i| self.doc.report.parts.get(i))
        else {
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
    fn selected_words(&mut self, ctx: &egui::Context, part: u8) -> Option<String> {
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
    fn find_words(&self, part: u8, words: &str) -> Option<(TextField, usize, usize)> {
        let fields = self.prose_fields(part);
        fields.into_iter().find_map(|(field, value)| {
            let at = value.find(words)?;
            let start = value[..at].chars().count();
            Some((field, start, start + words.chars().count()))
        })
    }

    fn comment_row(&mut self, ui: &mut egui::Ui, c: &review::Comment) {
        ui.push_id(("comment", c.id), |ui| {
            ui.horizontal_wrapped(|ui| {
                let what = anchor_label(&self.doc.report, &c.anchor);
                let text = format!(
                    "#{} {}（{}，{}）：{}",
                    c.id,
                    what,
                    c.author,
                    crate::clock::readable(&c.at),
                    c.text
                );
                if c.resolved {
                    ui.label(RichText::new(format!("{text}〔已解决〕")).weak());
                    if ui.small_button("重新打开").clicked() {
                        let _ = self
                            .doc
                            .review(|r| Ok(review::resolve_comment(r, c.id, false)));
                    }
                } else {
                    ui.label(RichText::new(text).color(Color32::from_rgb(0x8A, 0x50, 0x00)));
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
    pub(super) fn comments_ui(&mut self, ui: &mut egui::Ui) {
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
    pub(super) fn history_ui(&mut self, ui: &mut egui::Ui) {
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

    pub(super) fn review_dialogs(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if let Some(mut name) = self.review.name_dialog.take() {
            let asked = Prompt {
                id: "name",
                heading: "我的姓名",
                intro: &["审核记录、批注和修订记录中用这个名字："],
                field: "姓名",
                rows: 1,
                width: 240.0,
                ok: "确定",
                missing: "请填写姓名",
            };
            match prompt(&ctx, &asked, &mut name) {
                Answer::Ok => {
                    self.set_user(&name);
                    self.resume_after_name(true);
                }
                Answer::Cancel => self.resume_after_name(false),
                Answer::Open => self.review.name_dialog = Some(name),
            }
        }
        if let Some((anchor, mut text)) = self.review.comment_dialog.take() {
            let place = anchor_label(&self.doc.report, &anchor);
            let asked = Prompt {
                id: "comment",
                heading: "添加批注",
                intro: &[&place],
                field: "批注内容",
                rows: 3,
                width: 420.0,
                ok: "添加",
                missing: "请填写批注内容",
            };
            match prompt(&ctx, &asked, &mut text) {
                Answer::Ok => self.add_comment(anchor, &text),
                Answer::Cancel => {}
                Answer::Open => self.review.comment_dialog = Some((anchor, text)),
            }
        }
        if let Some((finding, mut note)) = self.review.verify_dialog.take() {
            let asked = Prompt {
                id: "verify",
                heading: "标为已核实",
                intro: &[
                    &finding.message,
                    "核实说明（例如“经核实，文中数字为清理后口径”）：",
                ],
                field: "核实说明",
                rows: 1,
                width: 420.0,
                ok: "确定",
                missing: "请填写核实说明",
            };
            match prompt(&ctx, &asked, &mut note) {
                Answer::Ok => self.verify_finding(&finding, &note),
                Answer::Cancel => {}
                Answer::Open => self.review.verify_dialog = Some((finding, note)),
            }
        }
        if let Some((to, mut reason)) = self.review.status_dialog.take() {
            let why = format!(
                "定稿为只读。改为“{}”需要填写理由，理由记入修订记录：",
                to.chinese()
            );
            let asked = Prompt {
                id: "reopen",
                heading: "重新打开定稿",
                intro: &[&why],
                field: "重新打开的理由",
                rows: 1,
                width: 420.0,
                ok: "重新打开",
                missing: "请填写理由",
            };
            match prompt(&ctx, &asked, &mut reason) {
                Answer::Ok => self.change_status(to, Some(&reason)),
                Answer::Cancel => {}
                Answer::Open => self.review.status_dialog = Some((to, reason)),
            }
        }
    }
}
