//! 文件 → 从登记台账生成表三…: the register counted for the draft's year, shown before anything
//! changes — the columns found (to confirm where the header was unsure), every value of the
//! mapped columns with the category it counts as (an editable table: a value no rule maps is
//! given one by hand, a rule can be overridden), the table as it would be beside the draft's
//! current one with the differences marked, the rows left out — and 「填入草稿」 as one undoable
//! edit. The clerk's mapping is kept for the agency and used again next year.

use std::path::{Path, PathBuf};

use egui::RichText;
use egui_extras::{Column, TableBuilder};

use crate::app::asks::Modal;
use crate::app::{NianbaoApp, View, theme};
use crate::core::CellEdit;
use crate::core::template::CellId;
use crate::register::{
    How, Mapping, Tally, carried_differences, filled_cells, read_rows, record, tally_with,
    value_choices, value_label,
};
use crate::session::Edit;

/// The dialog's state: the register's rows (in memory only while the dialog is open), the
/// clerk's mapping and the count it gives.
pub struct TallyState {
    /// The register file.
    pub path: PathBuf,
    rows: Vec<Vec<String>>,
    /// The clerk's mapping, as edited in the dialog.
    pub mapping: Mapping,
    /// The count with that mapping.
    pub tally: Tally,
    /// Where the mapping is kept for the agency (`None`: nowhere, as in tests).
    keep_at: Option<PathBuf>,
    /// Where the register's 二 differs from last year's report's 四.
    differences: Vec<String>,
}

impl std::fmt::Debug for TallyState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The rows hold personal data: never in a debug print.
        f.debug_struct("TallyState")
            .field("path", &self.path)
            .field("rows", &self.rows.len())
            .finish_non_exhaustive()
    }
}

/// What the dialog's buttons ask for.
enum Answer {
    Fill,
    KeepMapping,
    Cancel,
}

/// The file a mapping is kept in for an agency: one per agency, in the state folder.
fn mapping_file(state_dir: &Path, agency: &str) -> PathBuf {
    let name: String = agency
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let name = if name.is_empty() {
        "未填写机关".to_string()
    } else {
        name
    };
    state_dir
        .join("register-mappings")
        .join(format!("{name}.ron"))
}

impl NianbaoApp {
    /// Counts the register at `path` for the draft's year (with the mapping kept for the
    /// agency, if any) and shows the result.
    pub fn tally_register(&mut self, path: &Path) {
        if let Some(why) = self.doc.locked_reason() {
            self.set_error(why.into());
            return;
        }
        let rows = match read_rows(path, None) {
            Ok(r) => r,
            Err(e) => {
                self.set_error(format!("无法统计登记台账 {}：{e}", path.display()));
                return;
            }
        };
        let keep_at = self
            .state_dir
            .as_ref()
            .map(|d| mapping_file(d, &self.doc.report.meta.agency));
        let mut kept_note = None;
        let mapping = match keep_at.as_deref().filter(|p| p.exists()) {
            Some(p) => match Mapping::load(p) {
                Ok(m) => m,
                Err(e) => {
                    kept_note = Some(format!("保存的映射未使用：{e}"));
                    Mapping::default()
                }
            },
            None => Mapping::default(),
        };
        let mut state = TallyState {
            path: path.to_path_buf(),
            rows,
            mapping,
            tally: Tally::default(),
            keep_at,
            differences: Vec::new(),
        };
        if let Err(e) = self.recount(&mut state) {
            self.set_error(format!("无法统计登记台账 {}：{e}", path.display()));
            return;
        }
        if let Some(n) = kept_note {
            self.set_error(n);
        }
        self.modal = Some(Modal::Tally(Box::new(state)));
    }

    /// Counts again after the mapping changed.
    fn recount(&self, s: &mut TallyState) -> Result<(), crate::register::RegisterError> {
        s.tally = tally_with(&s.rows, self.doc.report.meta.year, &s.mapping)?;
        s.differences = match &self.doc.previous {
            Some((last, _)) => carried_differences(&s.tally, last),
            None => Vec::new(),
        };
        Ok(())
    }

    /// Fills the table from the tally, as one step that 撤销 takes back; the draft keeps which
    /// register rows stand behind each cell.
    fn fill_from_tally(&mut self, s: &TallyState) {
        let t = &s.tally;
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
        match record(t, &s.path) {
            Ok(count) => {
                let counted = &mut self.doc.report.counted_from;
                counted.retain(|c| c.table != count.table);
                counted.push(count);
            }
            Err(e) => self.set_error(format!("未记下台账出处：{e}")),
        }
        self.apply_step(Edit::Cells(edits));
        let part = self
            .doc
            .report
            .template()
            .table(&t.table)
            .map(|tb| tb.part.get())
            .unwrap_or(3);
        self.view = View::Part(part);
        let name = t.table_short();
        self.set_info(format!("已从登记台账填入{name}（改动 {n} 格，可撤销）"));
    }

    /// The dialog; gives back the modal to keep open.
    pub(in crate::app) fn tally_dialog(
        &mut self,
        ctx: &egui::Context,
        mut state: Box<TallyState>,
    ) -> Option<Modal> {
        let mut answer = None;
        let mut changed = false;
        let current = &self.doc.report;
        egui::Modal::new(egui::Id::unique("tally")).show(ctx, |ui| {
            // One size whatever is shown or hovered: the dialog is centred, and a size that
            // changed with a scroll bar would move the buttons under the pointer.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
            let width = (ctx.content_rect().width() - 80.0).clamp(400.0, 1100.0);
            ui.set_width(width);
            let t = &state.tally;
            ui.heading(format!("从登记台账生成{}", t.table_short()));
            ui.label(
                RichText::new(format!(
                    "{}：{}年度用了 {} 行，其他年度的 {} 行未计入",
                    state.path.display(),
                    t.year,
                    t.used,
                    t.other_years
                ))
                .weak(),
            );
            let height = (ctx.content_rect().height() - 220.0).max(200.0);
            egui::ScrollArea::both()
                .auto_shrink([false, false])
                .max_height(height)
                .min_scrolled_height(height)
                .show(ui, |ui| {
                    changed |= columns_ui(ui, &mut state);
                    ui.separator();
                    changed |= values_ui(ui, &mut state);
                    ui.separator();
                    for d in &state.differences {
                        ui.label(RichText::new(d).color(theme::ERROR_TEXT));
                    }
                    let t = &state.tally;
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
                                "无法归类：{col}“{value}”（第 {} 行），这些行未计入；可在上表中指定",
                                list.join("、")
                            ))
                            .color(theme::WARNING_TEXT),
                        );
                    }
                    ui.separator();
                    preview_ui(ui, &state.tally, current);
                });
            ui.horizontal(|ui| {
                if ui.button("填入草稿").clicked() {
                    answer = Some(Answer::Fill);
                }
                if let Some(p) = &state.keep_at
                    && ui
                        .add_enabled(!state.mapping.is_empty(), egui::Button::new("保存映射"))
                        .on_hover_text(format!("明年按同样的映射统计：{}", p.display()))
                        .clicked()
                {
                    answer = Some(Answer::KeepMapping);
                }
                if ui.button("取消").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if changed && let Err(e) = self.recount(&mut state) {
            self.set_error(format!("无法统计登记台账：{e}"));
        }
        match answer {
            Some(Answer::Fill) => {
                self.keep_mapping(&state);
                self.fill_from_tally(&state);
                None
            }
            Some(Answer::KeepMapping) => {
                self.keep_mapping(&state);
                Some(Modal::Tally(state))
            }
            Some(Answer::Cancel) => None,
            None => Some(Modal::Tally(state)),
        }
    }

    /// Keeps the clerk's mapping for the agency (nothing to keep: nothing written).
    fn keep_mapping(&mut self, s: &TallyState) {
        let Some(p) = &s.keep_at else {
            return;
        };
        if s.mapping.is_empty() {
            return;
        }
        if let Some(dir) = p.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            self.set_error(format!("映射无法保存到 {}：{e}", dir.display()));
            return;
        }
        match s.mapping.save(p) {
            Ok(()) => self.set_info(format!("映射已保存，明年统计时自动使用：{}", p.display())),
            Err(e) => self.set_error(format!("映射无法保存：{e}")),
        }
    }
}

/// The columns found, each with a choice of the header row's columns; an unsure one is marked
/// 「请确认」. Gives whether a choice changed.
fn columns_ui(ui: &mut egui::Ui, s: &mut TallyState) -> bool {
    let mut changed = false;
    ui.strong("台账的列");
    let headers = s.tally.columns.headers.clone();
    let roles = s.tally.columns.roles();
    egui::Grid::new("tally-columns")
        .num_columns(3)
        .show(ui, |ui| {
            for (role, col) in roles {
                let name = role.chinese();
                ui.label(name);
                let shown = col
                    .and_then(|c| headers.get(c))
                    .map(|h| format!("第 {} 列：{h}", col.unwrap_or(0) + 1))
                    .unwrap_or_else(|| "（未找到）".into());
                let combo = egui::ComboBox::from_id_salt(("tally-column", name))
                    .selected_text(shown)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        for (i, h) in headers.iter().enumerate() {
                            if h.is_empty() {
                                continue;
                            }
                            if ui
                                .selectable_label(col == Some(i), format!("第 {} 列：{h}", i + 1))
                                .clicked()
                            {
                                s.mapping.columns.insert(name.to_string(), h.clone());
                                changed = true;
                            }
                        }
                    });
                combo.response.accessible_name(format!("{name}所在的列"));
                if s.tally.columns.unsure.iter().any(|u| u == name) {
                    ui.label(RichText::new("请确认：表头不够明确").color(theme::WARNING_TEXT));
                } else if s.mapping.columns.contains_key(name) {
                    ui.label(RichText::new("已确认").weak());
                } else {
                    ui.label("");
                }
                ui.end_row();
            }
        });
    changed
}

/// Every value of the mapped columns: its rows, the category it counts as (chosen here for a
/// value no rule maps, or to override a rule) and how. Gives whether a choice changed.
fn values_ui(ui: &mut egui::Ui, s: &mut TallyState) -> bool {
    let mut changed = false;
    ui.strong("值的归类（未归类的值可在此指定）");
    let values = s.tally.values.clone();
    TableBuilder::new(ui)
        .id_salt("tally-values")
        .striped(true)
        .max_scroll_height(220.0)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(90.0))
        .column(Column::exact(200.0).clip(true))
        .column(Column::exact(50.0))
        .column(Column::exact(300.0))
        // No remainder column: in a dialog that sizes itself, it would grow every frame.
        .column(Column::exact(110.0))
        .header(22.0, |mut h| {
            for name in ["列", "台账中的值", "行数", "计入", "方式"] {
                h.col(|ui| {
                    ui.strong(name);
                });
            }
        })
        .body(|body| {
            body.rows(26.0, values.len(), |mut row| {
                let v = &values[row.index()];
                row.col(|ui| {
                    ui.label(&v.role);
                });
                row.col(|ui| {
                    ui.label(&v.value);
                });
                row.col(|ui| {
                    ui.label(v.rows.len().to_string());
                });
                row.col(|ui| {
                    if v.how == Some(How::Name) {
                        ui.label(format!(
                            "{}（按名称）",
                            v.to.as_deref()
                                .map(|id| value_label(&v.role, id))
                                .unwrap_or_default()
                        ));
                        return;
                    }
                    let shown = match &v.to {
                        Some(id) => value_label(&v.role, id),
                        None => "（无法归类，未计入）".to_string(),
                    };
                    let text = if v.to.is_none() {
                        RichText::new(shown).color(theme::WARNING_TEXT)
                    } else {
                        RichText::new(shown)
                    };
                    let combo = egui::ComboBox::from_id_salt(("tally-value", &v.role, &v.value))
                        .selected_text(text)
                        .width(290.0)
                        .height(420.0)
                        .show_ui(ui, |ui| {
                            for id in value_choices(&v.role) {
                                if ui
                                    .selectable_label(
                                        v.to.as_deref() == Some(id),
                                        value_label(&v.role, id),
                                    )
                                    .clicked()
                                {
                                    s.mapping.set_value(&v.role, &v.value, Some(id));
                                    changed = true;
                                }
                            }
                            if v.how == Some(How::Manual)
                                && ui
                                    .selectable_label(false, "按规则（取消手动指定）")
                                    .clicked()
                            {
                                s.mapping.set_value(&v.role, &v.value, None);
                                changed = true;
                            }
                        });
                    combo
                        .response
                        .accessible_name(format!("{}“{}”计入", v.role, v.value));
                });
                row.col(|ui| {
                    ui.label(v.how.map(How::chinese).unwrap_or("—"));
                });
            });
        });
    changed
}

/// The table as the register fills it, cell by cell; a cell that differs from the draft's
/// current value shows both, marked.
fn preview_ui(ui: &mut egui::Ui, t: &Tally, current: &crate::core::Report) {
    let Some(table) = current.template().table(&t.table) else {
        return;
    };
    let block = &table.blocks[0];
    let differ = filled_cells(t, current)
        .iter()
        .filter(|(id, v)| current.cell_text(id) != v)
        .count();
    ui.strong(format!(
        "预览：台账统计的{}（与草稿现有数值不同的 {differ} 格标为橙色，括号中为草稿现值）",
        t.table_name()
    ));
    {
        egui::Grid::new("tally-preview")
            .striped(true)
            .min_col_width(40.0)
            .show(ui, |ui| {
                ui.label("");
                for col in &block.columns {
                    ui.label(RichText::new(col.label).small().strong());
                }
                ui.end_row();
                for row in &block.rows {
                    ui.label(RichText::new(row.label()).small());
                    for col in &block.columns {
                        let id = CellId::new(&t.table, row.id, col.id).key();
                        let v = t.cells.get(&id).copied().unwrap_or(0).to_string();
                        let now = current.cell_text(&id);
                        if now.trim() == v {
                            ui.label(v);
                        } else {
                            let was = if now.trim().is_empty() {
                                "空"
                            } else {
                                now.trim()
                            };
                            ui.label(
                                RichText::new(format!("{v}（{was}）"))
                                    .color(theme::WARNING_TEXT)
                                    .strong(),
                            );
                        }
                    }
                    ui.end_row();
                }
            });
    }
}
