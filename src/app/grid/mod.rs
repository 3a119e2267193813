//! The statistics grids, drawn from the template: merged header cells, merged row labels,
//! editable cells marked by the live checks, spreadsheet keys, block paste.

use std::collections::HashMap;

use egui::{Align2, Color32, FontId, Id, Rect, Sense, Stroke, StrokeKind, pos2, vec2};

use super::theme::{
    COMMENT_MARK, COMPARED as COMPARE_LINE, CULPRIT_FILL, CULPRIT_LINE, ERROR_FILL, ERROR_LINE,
    FAINT_FILL, GRID_LINE as LINE, HEADER_FILL, PLACEHOLDER, WARN_FILL,
};
use crate::core::template::{BlockDecl, TableDecl};
use crate::core::{CellEdit, Level, Report};

mod keys;
mod marks;

pub use keys::paste_edits;
use keys::{handle_keys, nav_rows, select_all};
pub use marks::{CellMark, marks};

/// What the grid asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum GridCommand {
    /// Set one cell's text.
    Edit(CellEdit),
    /// Paste a tab/newline separated block with its top-left at this cell.
    Paste {
        /// The cell the block starts at.
        at: String,
        /// The clipboard text.
        text: String,
    },
    /// Derive the totals of this table.
    Autosum(&'static str),
    /// Write a comment on a cell (by id) or, for a table id, on the table.
    Comment(String),
}

/// Keyboard state of the grids, kept across frames.
#[derive(Default)]
pub struct GridNav {
    /// Cell to focus (and select) this frame.
    pub focus_request: Option<String>,
    /// The failing cell whose 「改为 N」 button is shown under it. It stays while the pointer
    /// goes to the button (the cell loses focus on that press) and goes when another cell is
    /// selected.
    pub fix_popup: Option<String>,
    /// The cell just entered by a click: the click's release would place the caret, but a
    /// spreadsheet selects the whole cell so that typing replaces it.
    pub entered: Option<String>,
    /// The draft is 定稿: cells can be read and commented, not edited.
    pub read_only: bool,
}

/// The egui id of a cell's text field.
pub fn cell_egui_id(cell_id: &str) -> Id {
    Id::unique(("nianbao-cell", cell_id))
}

/// Geometry of one table.
struct Layout {
    label_widths: Vec<f32>,
    data_width: f32,
    header_height: f32,
    row_height: f32,
}

fn layout_for(table: &TableDecl) -> Layout {
    match table.id {
        "t2" => Layout {
            label_widths: vec![220.0],
            data_width: 150.0,
            header_height: 30.0,
            row_height: 28.0,
        },
        "t3" => Layout {
            label_widths: vec![78.0, 100.0, 232.0],
            data_width: 64.0,
            header_height: 40.0,
            row_height: 28.0,
        },
        _ => Layout {
            label_widths: vec![],
            data_width: 54.0,
            header_height: 34.0,
            row_height: 30.0,
        },
    }
}

/// Draws one statistics table and returns what the user asked for.
pub fn table_ui(
    ui: &mut egui::Ui,
    report: &Report,
    table: &TableDecl,
    marks: &HashMap<String, CellMark>,
    nav: &mut GridNav,
) -> Vec<GridCommand> {
    let t = report.template();
    let mut out = Vec::new();
    let rows = nav_rows(t, table);
    handle_keys(ui, &rows, nav, &mut out);
    // A click elsewhere in this frame (e.g. on a finding) would take the focus away again at
    // the end of the frame, so such a request waits for the next one.
    let clicking = ui.input(|i| i.pointer.any_pressed() || i.pointer.any_released());
    if clicking && nav.focus_request.is_some() {
        ui.ctx().request_repaint();
    }
    if let Some(id) = nav.focus_request.clone()
        && rows.iter().any(|r| r.contains(&id))
        && !clicking
    {
        let egui_id = cell_egui_id(&id);
        ui.memory_mut(|m| {
            m.request_focus(egui_id);
            m.move_focus(egui::FocusDirection::None);
        });
        select_all(ui.ctx(), egui_id, report.cell_text(&id));
        nav.focus_request = None;
    }

    let has_relations = t.relations.iter().any(|r| t.tables[r.table].id == table.id);
    ui.horizontal(|ui| {
        if has_relations
            && ui
                .add_enabled(!nav.read_only, egui::Button::new("计算合计"))
                .on_hover_text("按勾稽关系重新计算本表的合计数；结转下年度一行只在未填写时计算")
                .clicked()
        {
            out.push(GridCommand::Autosum(table.id));
        }
        if ui
            .button("为本表添加批注…")
            .on_hover_text("批注不打印在定稿中，只出现在审核稿的附录里")
            .clicked()
        {
            out.push(GridCommand::Comment(table.id.to_string()));
        }
    });
    ui.add_space(4.0);
    let geo = layout_for(table);
    for block in &table.blocks {
        block_ui(ui, report, table, block, &geo, marks, nav, &mut out);
        ui.add_space(10.0);
    }
    out
}

fn paint_box(ui: &egui::Ui, rect: Rect, fill: Color32, text: &str, align_left: bool) {
    let p = ui.painter();
    p.rect_filled(rect, 0.0, fill);
    p.rect_stroke(rect, 0.0, Stroke::new(1.0, LINE), StrokeKind::Inside);
    if text.is_empty() {
        return;
    }
    let font = FontId::proportional(13.0);
    let wrap = (rect.width() - 8.0).max(10.0);
    let galley = p.layout(text.to_owned(), font, ui.visuals().text_color(), wrap);
    let size = galley.size();
    let x = if align_left {
        rect.left() + 4.0
    } else {
        rect.center().x - size.x / 2.0
    };
    let pos = pos2(x, rect.center().y - size.y / 2.0);
    p.with_clip_rect(rect)
        .galley(pos, galley, ui.visuals().text_color());
}

#[allow(clippy::too_many_arguments)]
fn block_ui(
    ui: &mut egui::Ui,
    report: &Report,
    table: &TableDecl,
    block: &BlockDecl,
    geo: &Layout,
    marks: &HashMap<String, CellMark>,
    nav: &mut GridNav,
    out: &mut Vec<GridCommand>,
) {
    let t = report.template();
    let label_cols = geo.label_widths.len();
    let mut col_x = vec![0.0f32];
    for w in geo
        .label_widths
        .iter()
        .copied()
        .chain(std::iter::repeat_n(geo.data_width, block.columns.len()))
    {
        let last = col_x.last().copied().unwrap_or(0.0);
        col_x.push(last + w);
    }
    let width = col_x.last().copied().unwrap_or(0.0);
    let title_h = if block.title.is_some() {
        geo.row_height
    } else {
        0.0
    };
    let ncols = col_x.len() - 1;
    let header_y = header_rows_y(ui, block, &col_x, geo, title_h);
    let header_h = header_y.last().copied().unwrap_or(title_h) - title_h;
    // A row is as tall as its own (wrapped) label needs.
    let mut row_y = vec![title_h + header_h];
    for row in &block.rows {
        let depth = row.path.len().saturating_sub(1);
        let w = if label_cols == 0 {
            0.0
        } else {
            col_x[label_cols] - col_x[depth.min(label_cols)]
        };
        let h = if w > 0.0 {
            let galley = ui.painter().layout(
                row.label().to_owned(),
                FontId::proportional(13.0),
                Color32::BLACK,
                (w - 8.0).max(10.0),
            );
            (galley.size().y + 10.0).max(geo.row_height)
        } else {
            geo.row_height
        };
        let last = row_y.last().copied().unwrap_or(0.0);
        row_y.push(last + h);
    }
    let height = row_y.last().copied().unwrap_or(0.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let origin = rect.min;
    let cell_rect = |c0: usize, c1: usize, y0: f32, y1: f32| {
        Rect::from_min_max(origin + vec2(col_x[c0], y0), origin + vec2(col_x[c1], y1))
    };

    if let Some(title) = block.title {
        paint_box(
            ui,
            cell_rect(0, col_x.len() - 1, 0.0, title_h),
            HEADER_FILL,
            title,
            true,
        );
    }
    for h in block.place_header(ncols) {
        let (y0, y1) = (header_y[h.row], header_y[h.row_end]);
        paint_box(
            ui,
            cell_rect(h.col, h.col_end, y0, y1),
            HEADER_FILL,
            h.text,
            false,
        );
    }

    // Row labels: each label once, spanning the rows that share it; the last spans the rest of
    // the label columns.
    if label_cols > 0 {
        for depth in 0..label_cols {
            let mut r = 0;
            while r < block.rows.len() {
                let path = &block.rows[r].path;
                if depth >= path.len() {
                    r += 1;
                    continue;
                }
                let mut end = r + 1;
                while end < block.rows.len()
                    && block.rows[end].path.len() > depth + 1
                    && path.len() > depth + 1
                    && block.rows[end].path[..=depth] == path[..=depth]
                {
                    end += 1;
                }
                let last = depth + 1 == path.len();
                let c_end = if last { label_cols } else { depth + 1 };
                let rect = cell_rect(depth, c_end, row_y[r], row_y[end]);
                paint_box(ui, rect, Color32::WHITE, path[depth], last);
                r = end;
            }
        }
    }

    // The data cells.
    for (ri, row) in block.rows.iter().enumerate() {
        for (ci, col) in block.columns.iter().enumerate() {
            let Some(idx) = t.find(table.id, row.id, col.id) else {
                continue;
            };
            let decl = &t.cells[idx];
            let rect = cell_rect(
                label_cols + ci,
                label_cols + ci + 1,
                row_y[ri],
                row_y[ri + 1],
            );
            let mark = marks.get(&decl.id);
            let (fill, stroke) = match mark {
                Some(m) if m.culprit && m.level == Some(Level::Error) => {
                    (CULPRIT_FILL, Stroke::new(2.5, CULPRIT_LINE))
                }
                Some(m) if m.faint => (FAINT_FILL, Stroke::new(1.0, LINE)),
                Some(m) if m.level == Some(Level::Error) => {
                    (ERROR_FILL, Stroke::new(1.5, ERROR_LINE))
                }
                Some(m) if m.level == Some(Level::Warning) => (WARN_FILL, Stroke::new(1.0, LINE)),
                _ => (Color32::WHITE, Stroke::new(1.0, LINE)),
            };
            ui.painter().rect_filled(rect, 0.0, fill);
            let mut text = report.cell_text(&decl.id).to_string();
            let egui_id = cell_egui_id(&decl.id);
            let edit = egui::TextEdit::singleline(&mut text)
                .id(egui_id)
                .interactive(!nav.read_only)
                .frame(egui::Frame::NONE)
                .align(Align2::RIGHT_CENTER)
                .margin(egui::Margin::symmetric(4, 2))
                .hint_text(
                    egui::RichText::new(match decl.kind.unit() {
                        Some(u) => format!("未填（{u}）"),
                        None => "未填".to_string(),
                    })
                    .color(PLACEHOLDER),
                )
                .event_filter(egui::EventFilter {
                    tab: true,
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    ..Default::default()
                });
            let mut resp = ui
                .put(rect.shrink(1.5), edit)
                .accessible_name(decl.label.clone());
            ui.painter()
                .rect_stroke(rect, 0.0, stroke, StrokeKind::Inside);
            if let Some(m) = mark {
                // A changed cell (while comparing) gets a blue frame; a commented one a corner.
                if m.compared.is_some() {
                    ui.painter().rect_stroke(
                        rect.shrink(2.0),
                        0.0,
                        Stroke::new(2.0, COMPARE_LINE),
                        StrokeKind::Inside,
                    );
                }
                if !m.comments.is_empty() {
                    let c = rect.right_top();
                    ui.painter().add(egui::Shape::convex_polygon(
                        vec![c, c + vec2(-9.0, 0.0), c + vec2(0.0, 9.0)],
                        COMMENT_MARK,
                        Stroke::NONE,
                    ));
                }
            }
            ui.data_mut(|d| d.insert_temp(egui_id.with("len"), text.chars().count()));
            if resp.gained_focus() {
                select_all(ui.ctx(), egui_id, &text);
                nav.fix_popup = Some(decl.id.clone());
                nav.entered = Some(decl.id.clone());
            } else if resp.clicked() && nav.entered.as_deref() == Some(decl.id.as_str()) {
                select_all(ui.ctx(), egui_id, &text);
                nav.entered = None;
            }
            // One click to the value that makes the failing relations hold.
            if nav.fix_popup.as_deref() == Some(decl.id.as_str())
                && let Some(fix) = mark.and_then(|m| m.fix.clone())
                && report.cell_text(&decl.id).trim() != fix
            {
                egui::Area::new(egui_id.with("fix"))
                    .order(egui::Order::Foreground)
                    // Above the cell: the tooltip with the reason opens below it.
                    .pivot(Align2::RIGHT_BOTTOM)
                    .fixed_pos(rect.right_top() - vec2(0.0, 2.0))
                    .show(ui.ctx(), |ui| {
                        if ui
                            .button(format!("改为 {fix}"))
                            .on_hover_text("改成使勾稽关系成立的数值（可撤销）")
                            .clicked()
                        {
                            out.push(GridCommand::Edit(CellEdit {
                                id: decl.id.clone(),
                                old: report.cell_text(&decl.id).to_string(),
                                new: fix.clone(),
                            }));
                            nav.fix_popup = None;
                        }
                    });
            }
            if resp.changed() {
                out.push(GridCommand::Edit(CellEdit {
                    id: decl.id.clone(),
                    old: report.cell_text(&decl.id).to_string(),
                    new: text.clone(),
                }));
            }
            if let Some(m) = mark {
                let mut tip = m.messages.clone();
                if let Some(old) = &m.compared {
                    tip.push(format!("对比稿中为：{}", crate::core::wording::blank(old)));
                }
                tip.extend(m.comments.iter().map(|c| format!("批注 {c}")));
                let tip = tip.join("\n");
                if !tip.is_empty() {
                    resp = resp.on_hover_text(tip);
                }
            }
            let fix = mark.and_then(|m| m.fix.clone());
            let id = decl.id.clone();
            let old = report.cell_text(&decl.id).to_string();
            let read_only = nav.read_only;
            resp.context_menu(|ui| {
                if let Some(fix) = &fix
                    && ui
                        .add_enabled(!read_only, egui::Button::new(format!("改为 {fix}")))
                        .clicked()
                {
                    out.push(GridCommand::Edit(CellEdit {
                        id: id.clone(),
                        old: old.clone(),
                        new: fix.clone(),
                    }));
                    ui.close();
                }
                if ui.button("添加批注…").clicked() {
                    out.push(GridCommand::Comment(id.clone()));
                    ui.close();
                }
            });
        }
    }
}

/// Where each header row starts (and, last, where the header ends): a row is as tall as the
/// wrapped text of its one-row cells needs.
fn header_rows_y(
    ui: &egui::Ui,
    block: &BlockDecl,
    col_x: &[f32],
    geo: &Layout,
    top: f32,
) -> Vec<f32> {
    let mut need = vec![geo.header_height; block.header.len()];
    for h in block.place_header(col_x.len() - 1) {
        if h.row_end == h.row + 1 {
            let w = col_x[h.col_end] - col_x[h.col] - 8.0;
            let galley = ui.painter().layout(
                h.text.to_owned(),
                FontId::proportional(13.0),
                Color32::BLACK,
                w.max(10.0),
            );
            need[h.row] = need[h.row].max(galley.size().y + 10.0);
        }
    }
    let mut ys = vec![top];
    for n in need {
        let last = ys.last().copied().unwrap_or(top);
        ys.push(last + n);
    }
    ys
}
