//! 报告信息: agency, year, format, date of issue, contact, tier, last year's report, the lead.

use egui::RichText;

use crate::app::command::Command;
use crate::app::{NianbaoApp, theme};
use crate::core::wording::{LEAD, REPORT_INFO};
use crate::core::{FormatVersion, IssueDate, MetaField, Metadata, REPORT_LEVEL, TextField, Tier};
use crate::session::Edit;

impl NianbaoApp {
    pub(in crate::app) fn meta_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading(REPORT_INFO);
        ui.add_space(6.0);
        let mut meta = self.doc.report.meta.clone();
        let mut changed: Option<MetaField> = None;
        egui::Grid::new("meta")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let rows = [
                    identity_rows(ui, &mut meta),
                    self.date_row(ui, &mut meta),
                    kind_rows(ui, &mut meta),
                    self.previous_row(ui),
                    self.lead_row(ui, &mut meta),
                ];
                // One field changes at a time; the last one the form saw wins.
                changed = rows.into_iter().flatten().last();
            });
        if let Some(field) = changed {
            self.queue(Command::Edit(Edit::Meta(field, Box::new(meta))));
        }
    }

    /// 成文日期: kept as typed while it is no date.
    fn date_row(&mut self, ui: &mut egui::Ui, meta: &mut Metadata) -> Option<MetaField> {
        let mut changed = None;
        ui.label("成文日期");
        ui.horizontal(|ui| {
            // Away from the field, it shows the draft's own value (after an undo, say); in it,
            // exactly what is being typed.
            let id = egui::Id::unique("nianbao-issue-date");
            if !ui.memory(|m| m.has_focus(id)) {
                self.date_text = super::super::date_text(&self.doc.report);
            }
            let resp = ui
                .add(
                    egui::TextEdit::singleline(&mut self.date_text)
                        .id(id)
                        .hint_text("2025-01-20")
                        .desired_width(140.0),
                )
                .accessible_name("成文日期");
            if resp.changed() {
                // What is typed is what is kept: a date while it parses, the text itself
                // (reported as invalid) while it does not.
                let t = self.date_text.trim();
                let parsed = IssueDate::parse(t);
                meta.issue_date = parsed;
                meta.issue_date_typed = (parsed.is_none() && !t.is_empty()).then(|| t.to_string());
                changed = Some(MetaField::IssueDate);
            }
            let t = self.date_text.trim();
            if !t.is_empty() && IssueDate::parse(t).is_none() {
                ui.label(
                    RichText::new("日期无效，请写成 2025-01-20 或 2025年1月20日")
                        .color(theme::ERROR_TEXT),
                );
            }
        });
        ui.end_row();
        changed
    }

    /// 上年报告: chosen or cleared here; it is no field of the report.
    fn previous_row(&mut self, ui: &mut egui::Ui) -> Option<MetaField> {
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
        None
    }

    /// The lead paragraph, where a finding's click may have sent the caret.
    fn lead_row(&mut self, ui: &mut egui::Ui, meta: &mut Metadata) -> Option<MetaField> {
        ui.label(LEAD);
        let jump = self.apply_highlight(ui, REPORT_LEVEL, TextField::Intro);
        let resp = ui
            .add(
                egui::TextEdit::multiline(&mut meta.lead)
                    .id(Self::text_id(REPORT_LEVEL, TextField::Intro))
                    .desired_rows(5)
                    .desired_width(520.0),
            )
            .accessible_name(LEAD);
        if jump {
            resp.scroll_to_me(Some(egui::Align::Center));
        }
        ui.end_row();
        resp.changed().then_some(MetaField::Lead)
    }
}

/// 机关名称, 报告年度 and 格式版本.
fn identity_rows(ui: &mut egui::Ui, meta: &mut Metadata) -> Option<MetaField> {
    let mut changed = None;
    ui.label("机关名称");
    if ui
        .add(egui::TextEdit::singleline(&mut meta.agency).desired_width(420.0))
        .accessible_name("机关名称")
        .changed()
    {
        changed = Some(MetaField::Agency);
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
        changed = Some(MetaField::Year);
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
        changed = Some(MetaField::Format);
    }
    ui.end_row();
    changed
}

/// 联系方式 and 报告机关类别.
fn kind_rows(ui: &mut egui::Ui, meta: &mut Metadata) -> Option<MetaField> {
    let mut changed = None;
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
        changed = Some(MetaField::Contact);
    }
    ui.end_row();
    ui.label("报告机关类别");
    if choice(ui, "报告机关类别", &mut meta.tier, &Tier::ALL, |t| {
        t.chinese()
    }) {
        changed = Some(MetaField::Tier);
    }
    ui.end_row();
    changed
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
