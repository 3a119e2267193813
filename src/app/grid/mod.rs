//! The statistics grids, drawn from the template: merged header cells, merged row labels,
//! editable cells marked by the live checks, spreadsheet keys, block paste.

use std::collections::HashMap;

use egui::{Align2, Color32, FontId, Id, Rect, Sense, Stroke, StrokeKind, pos2, vec2};

use super::theme::{
    COMMENT_MARK, COMMENT_TEXT, COMPARED as COMPARE_LINE, CULPRIT_FILL, CULPRIT_LINE, ERROR_FILL,
    ERROR_LINE, ERROR_TEXT, FAINT_FILL, GRID_LINE as LINE, HEADER_FILL, PLACEHOLDER, WARN_FILL,
    WARNING_TEXT,
};
use crate::core::geometry::{BlockGrid, Content, block_grid, edges};
use crate::core::review::Anchor;
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
    /// Write a comment on a cell or on the whole table.
    Comment(Anchor),
}

/// Keyboard state of the grids, kept across frames.
#[derive(Default)]
pub struct GridNav {
    /// Cell to focus (and select) this frame.
    pub focus_request: Option<String>,
    /// The selected cell: the bar above the table names it, says what the checks found and
    /// offers its 「改为 N」. It stays while the pointer goes to that button (the cell loses focus
    /// on that press) and changes when another cell is selected.
    pub selected: Option<String>,
    /// The cell just entered by a click: the click's release would place the caret, but a
    /// spreadsheet selects the whole cell so that typing replaces it.
    pub entered: Option<String>,
    /// A cell to bring into view (keyboard moves, a finding's click).
    pub scroll_to: Option<String>,
    /// The draft is 定稿: cells can be read and commented, not edited.
    pub read_only: bool,
    /// What a blank cell shows instead of 「未填」 (last year's 现行有效件数, the C14 hint).
    pub hints: std::collections::HashMap<String, String>,
    /// Where the selected cell's block showed its cells last frame: the table's visible area
    /// less the frozen header and row labels (screen coordinates).
    pub visible_cells: Option<Rect>,
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

/// The table's geometry for a view `view_width` wide: on a narrow screen the row labels give up
/// width (down to half) so that at least five number columns show beside them.
fn layout_for(table: &TableDecl, view_width: f32) -> Layout {
    let look = &table.look;
    let mut geo = Layout {
        label_widths: look.screen_label_widths.to_vec(),
        data_width: look.screen_value_width,
        header_height: look.screen_header_height,
        row_height: look.screen_row_height,
    };
    let labels: f32 = geo.label_widths.iter().sum();
    let columns = table
        .blocks
        .iter()
        .map(|b| b.columns.len())
        .max()
        .unwrap_or(0);
    let shown = columns.min(5) as f32 * geo.data_width;
    if labels > 0.0 && view_width < labels + shown {
        let scale = ((view_width - shown) / labels).clamp(0.5, 1.0);
        for w in &mut geo.label_widths {
            *w = (*w * scale).round();
        }
    }
    geo
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
        nav.selected = Some(id.clone());
        nav.scroll_to = Some(id);
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
            out.push(GridCommand::Comment(Anchor::Table(table.id.to_string())));
        }
    });
    // A comment on the whole table shows above it, as a cell's shows in its corner.
    if let Some(m) = marks.get(table.id)
        && !m.comments.is_empty()
    {
        for c in &m.comments {
            ui.label(egui::RichText::new(format!("■ 本表批注 {c}")).color(COMMENT_TEXT));
        }
    }
    ui.add_space(4.0);
    cell_bar(ui, report, marks, nav, &mut out);
    ui.add_space(4.0);
    // What is seen, not what earlier wide content stretched the panel to.
    let geo = layout_for(table, ui.available_width().min(ui.clip_rect().width()));
    let mut view = None;
    egui::ScrollArea::both()
        .id_salt(("grid", table.id))
        .auto_shrink(false)
        .show(ui, |ui| {
            let ctx = TableCtx {
                report,
                table,
                geo: &geo,
                marks,
            };
            for b in 0..table.blocks.len() {
                let shown = block_ui(ui, &ctx, b, nav, &mut out);
                view = view.or(shown);
                ui.add_space(10.0);
            }
        });
    nav.visible_cells = view;
    out
}

/// The bar above a table: the selected cell's name, what the checks say about it, and its
/// 「改为 N」. It sits outside the grid so it covers no cell, and keeps one line's height.
fn cell_bar(
    ui: &mut egui::Ui,
    report: &Report,
    marks: &HashMap<String, CellMark>,
    nav: &mut GridNav,
    out: &mut Vec<GridCommand>,
) {
    let t = report.template();
    egui::Frame::new()
        .fill(HEADER_FILL)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_min_height(22.0);
            ui.horizontal(|ui| {
                let selected = nav
                    .selected
                    .as_deref()
                    .and_then(|id| t.cell_index(id))
                    .map(|i| &t.cells[i]);
                let Some(decl) = selected else {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(
                                "选中一个单元格，这里显示它的名称、检查结果和建议的改正；方向键、Tab、回车移动，Ctrl+V 粘贴整块",
                            )
                            .weak(),
                        )
                        .truncate(),
                    );
                    return;
                };
                let mark = marks.get(&decl.id);
                if let Some(fix) = mark.and_then(|m| m.fix.clone())
                    && report.cell_text(&decl.id).trim() != fix
                    && ui
                        .add_enabled(!nav.read_only, egui::Button::new(format!("改为 {fix}")))
                        .on_hover_text("改成使勾稽关系成立的数值（可撤销）")
                        .clicked()
                {
                    out.push(GridCommand::Edit(CellEdit {
                        id: decl.id.clone(),
                        old: report.cell_text(&decl.id).to_string(),
                        new: fix,
                    }));
                    // The typing goes on in the cell.
                    nav.focus_request = Some(decl.id.clone());
                }
                let messages = mark.map(|m| m.messages.as_slice()).unwrap_or_default();
                let text = match messages.first() {
                    // Most messages begin with the cell's name already.
                    Some(first) if first.starts_with(decl.label.as_str()) => format!("选中 {first}"),
                    Some(first) => format!("选中 {}：{first}", decl.label),
                    None => format!("选中 {}", decl.label),
                };
                let color = match mark.and_then(|m| m.level) {
                    Some(Level::Error) => ERROR_TEXT,
                    Some(Level::Warning) => WARNING_TEXT,
                    None => ui.visuals().text_color(),
                };
                let resp = ui.add(
                    egui::Label::new(egui::RichText::new(text).color(color)).truncate(),
                );
                if messages.len() > 1 {
                    resp.on_hover_text(messages.join("\n"));
                }
            });
        });
}

fn paint_box(p: &egui::Painter, rect: Rect, fill: Color32, text: &str, align_left: bool) {
    p.rect_filled(rect, 0.0, fill);
    p.rect_stroke(rect, 0.0, Stroke::new(1.0, LINE), StrokeKind::Inside);
    if text.is_empty() {
        return;
    }
    let font = FontId::proportional(13.0);
    let wrap = (rect.width() - 8.0).max(10.0);
    let color = Color32::from_gray(20);
    let galley = p.layout(text.to_owned(), font, color, wrap);
    let size = galley.size();
    // A label spanning many rows (or a heading many columns) is centred on the part of it in
    // view, so that it can still be read while its rows scroll past.
    let seen = rect.intersect(p.clip_rect());
    let seen = if seen.height() >= size.y && seen.width() >= size.x.min(rect.width()) {
        seen
    } else {
        rect
    };
    let x = if align_left {
        rect.left() + 4.0
    } else {
        (seen.center().x - size.x / 2.0).max(rect.left() + 2.0)
    };
    let pos = pos2(x, seen.center().y - size.y / 2.0);
    p.with_clip_rect(rect.intersect(p.clip_rect()))
        .galley(pos, galley, color);
}

/// What every block of one table is drawn from.
struct TableCtx<'a> {
    report: &'a Report,
    table: &'a TableDecl,
    geo: &'a Layout,
    marks: &'a HashMap<String, CellMark>,
}

/// One block measured for the screen, in coordinates relative to its top-left corner.
struct BlockFrame<'a> {
    block: &'a BlockDecl,
    grid: BlockGrid,
    label_cols: usize,
    /// Column edges.
    col_x: Vec<f32>,
    title_h: f32,
    /// Header row edges, starting at `title_h`.
    header_y: Vec<f32>,
    header_h: f32,
    /// Body row edges.
    row_y: Vec<f32>,
    origin: egui::Pos2,
    clip: Rect,
    /// How far the header rides down to stay in view while the rows pass under it.
    dy: f32,
    /// How far the labels ride right while the columns pass under them.
    dx: f32,
}

impl BlockFrame<'_> {
    fn width(&self) -> f32 {
        self.col_x.last().copied().unwrap_or(0.0)
    }

    fn height(&self) -> f32 {
        self.row_y.last().copied().unwrap_or(0.0)
    }

    fn label_w(&self) -> f32 {
        self.col_x[self.label_cols]
    }

    fn cell_rect(&self, c0: usize, c1: usize, y0: f32, y1: f32) -> Rect {
        Rect::from_min_max(
            self.origin + vec2(self.col_x[c0], y0),
            self.origin + vec2(self.col_x[c1], y1),
        )
    }

    /// The area below the header as it stands now.
    fn body_clip(&self) -> Rect {
        let top = self.origin.y + self.title_h + self.header_h + self.dy;
        Rect::from_min_max(
            pos2(self.clip.left(), self.clip.top().max(top)),
            self.clip.max,
        )
    }

    /// Where the header is drawn now.
    fn header_now(&self) -> Rect {
        Rect::from_min_max(
            pos2(self.origin.x, self.origin.y + self.title_h + self.dy),
            pos2(
                self.origin.x + self.width(),
                self.origin.y + self.title_h + self.header_h + self.dy,
            ),
        )
    }
}

/// Draws one block (its title, header, row labels and cells). Returns the area where its cells
/// are visible when the selected cell is in it.
fn block_ui(
    ui: &mut egui::Ui,
    ctx: &TableCtx,
    b: usize,
    nav: &mut GridNav,
    out: &mut Vec<GridCommand>,
) -> Option<Rect> {
    let frame = measure_block(ui, ctx, b);
    let painter = ui.painter().clone();
    if let Some(title) = frame.block.title {
        let rect = frame.cell_rect(0, frame.col_x.len() - 1, 0.0, frame.title_h);
        paint_box(&painter, rect, HEADER_FILL, title, true);
    }
    let selected_here = cells_ui(ui, ctx, &frame, nav, out);
    // Drawn after the cells so that, pushed right and down, they cover them.
    labels_ui(&painter, &frame);
    header_ui(&painter, &frame);
    cover_ui(ui, ctx, &frame);
    selected_here.then(|| {
        Rect::from_min_max(
            pos2(
                frame
                    .clip
                    .left()
                    .max(frame.origin.x + frame.dx + frame.label_w()),
                frame.clip.top().max(frame.header_now().bottom()),
            ),
            frame.clip.max,
        )
    })
}

/// Measures block `b`, allocates its space and works out how far its header and labels ride.
fn measure_block<'a>(ui: &mut egui::Ui, ctx: &TableCtx<'a>, b: usize) -> BlockFrame<'a> {
    let (table, geo) = (ctx.table, ctx.geo);
    let block = &table.blocks[b];
    let grid = block_grid(ctx.report.template(), table, b);
    let label_cols = table.label_columns;
    let mut widths = geo.label_widths.clone();
    widths.extend(std::iter::repeat_n(geo.data_width, block.columns.len()));
    let col_x = edges(0.0, &widths);
    let title_h = if block.title.is_some() {
        geo.row_height
    } else {
        0.0
    };
    let header_y = header_rows_y(ui, &grid, &col_x, geo, title_h);
    let header_h = header_y.last().copied().unwrap_or(title_h) - title_h;
    // A row is as tall as its own (wrapped) label needs.
    let heights: Vec<f32> = block
        .rows
        .iter()
        .map(|row| {
            let depth = row.path.len().saturating_sub(1);
            let w = if label_cols == 0 {
                0.0
            } else {
                col_x[label_cols] - col_x[depth.min(label_cols)]
            };
            if w > 0.0 {
                let galley = ui.painter().layout(
                    row.label().to_owned(),
                    FontId::proportional(13.0),
                    Color32::BLACK,
                    (w - 8.0).max(10.0),
                );
                (galley.size().y + 10.0).max(geo.row_height)
            } else {
                geo.row_height
            }
        })
        .collect();
    let row_y = edges(title_h + header_h, &heights);
    let width = col_x.last().copied().unwrap_or(0.0);
    let height = row_y.last().copied().unwrap_or(0.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let origin = rect.min;
    let clip = ui.clip_rect();
    let last_row = row_y.len().saturating_sub(2);
    let dy = (clip.top() - (origin.y + title_h))
        .clamp(0.0, (row_y[last_row] - title_h - header_h).max(0.0));
    let dx = if label_cols > 0 {
        (clip.left() - origin.x).clamp(0.0, (width - col_x[label_cols] - geo.data_width).max(0.0))
    } else {
        0.0
    };
    BlockFrame {
        block,
        grid,
        label_cols,
        col_x,
        title_h,
        header_y,
        header_h,
        row_y,
        origin,
        clip,
        dy,
        dx,
    }
}

/// The block's editable cells; brings the cell asked for into view. Whether the selected cell
/// is in this block.
fn cells_ui(
    ui: &mut egui::Ui,
    ctx: &TableCtx,
    f: &BlockFrame,
    nav: &mut GridNav,
    out: &mut Vec<GridCommand>,
) -> bool {
    let t = ctx.report.template();
    let mut selected_here = false;
    for (ri, row) in f.block.rows.iter().enumerate() {
        for (ci, col) in f.block.columns.iter().enumerate() {
            let Some(idx) = t.find(ctx.table.id, row.id, col.id) else {
                continue;
            };
            let decl = &t.cells[idx];
            let c = f.label_cols + ci;
            let rect = f.cell_rect(c, c + 1, f.row_y[ri], f.row_y[ri + 1]);
            selected_here |= nav.selected.as_deref() == Some(decl.id.as_str());
            cell_ui(
                ui,
                ctx.report,
                decl,
                rect,
                ctx.marks.get(&decl.id),
                nav,
                out,
            );
            if nav.scroll_to.as_deref() == Some(decl.id.as_str()) {
                // The frozen header and labels cover the top and left of the view: the cell
                // must come out from under them, not just onto the screen.
                let clear = Rect::from_min_max(
                    pos2(rect.left() - f.label_w(), rect.top() - f.header_h - 4.0),
                    rect.max + vec2(4.0, 4.0),
                );
                ui.scroll_to_rect(clear, None);
                nav.scroll_to = None;
            }
        }
    }
    selected_here
}

/// Row labels: each label once, spanning the rows that share it; the last spans the rest of
/// the label columns.
fn labels_ui(painter: &egui::Painter, f: &BlockFrame) {
    if f.label_cols == 0 {
        return;
    }
    let body_clip = f.body_clip();
    let p = painter.with_clip_rect(body_clip);
    for cell in f.grid.labels() {
        let Content::Label(text) = cell.content else {
            continue;
        };
        let r0 = cell.row - f.grid.head_rows;
        // A row's own label reaches the last label column; a group's takes one column.
        let last = cell.col + cell.cols == f.label_cols;
        let rect = f
            .cell_rect(
                cell.col,
                cell.col + cell.cols,
                f.row_y[r0],
                f.row_y[r0 + cell.rows],
            )
            .translate(vec2(f.dx, 0.0));
        paint_box(&p, rect, Color32::WHITE, text, last);
    }
    if f.dx > 0.0 {
        let edge = f.origin.x + f.dx + f.label_w();
        p.line_segment(
            [
                pos2(edge + 1.0, body_clip.top()),
                pos2(edge + 1.0, f.origin.y + f.height()),
            ],
            Stroke::new(2.0, LINE),
        );
    }
}

/// The header, last: over the cells when it rides down, its corner over the labels.
fn header_ui(painter: &egui::Painter, f: &BlockFrame) {
    let title_rows = usize::from(f.block.title.is_some());
    for h in f.grid.head() {
        let Content::Header(text) = h.content else {
            continue;
        };
        let (row, row_end) = (h.row - title_rows, h.row - title_rows + h.rows);
        let col_end = h.col + h.cols;
        let (y0, y1) = (f.header_y[row], f.header_y[row_end]);
        let shift = if col_end <= f.label_cols {
            vec2(f.dx, f.dy)
        } else {
            vec2(0.0, f.dy)
        };
        let r = f.cell_rect(h.col, col_end, y0, y1).translate(shift);
        let p = if col_end <= f.label_cols {
            painter.clone()
        } else {
            // Columns scrolled under the frozen labels stay under them.
            painter.with_clip_rect(Rect::from_min_max(
                pos2(
                    f.clip.left().max(f.origin.x + f.dx + f.label_w()),
                    f.clip.top(),
                ),
                f.clip.max,
            ))
        };
        paint_box(&p, r, HEADER_FILL, text, false);
    }
    if f.dy > 0.0 {
        let now = f.header_now();
        painter.line_segment(
            [
                now.left_bottom() + vec2(0.0, 1.0),
                now.right_bottom() + vec2(0.0, 1.0),
            ],
            Stroke::new(2.0, LINE),
        );
    }
}

/// What covers cells (the header riding down, the labels riding right) takes their clicks and
/// hovers too.
fn cover_ui(ui: &mut egui::Ui, ctx: &TableCtx, f: &BlockFrame) {
    let block_id = Id::unique(("nianbao-block", ctx.table.id, f.block.title));
    if f.dy > 0.0 {
        ui.interact(
            f.header_now().intersect(f.clip),
            block_id.with("header"),
            Sense::click(),
        );
    }
    if f.dx > 0.0 {
        let labels_now = Rect::from_min_max(
            pos2(f.origin.x + f.dx, f.body_clip().top()),
            pos2(f.origin.x + f.dx + f.label_w(), f.origin.y + f.height()),
        );
        ui.interact(
            labels_now.intersect(f.clip),
            block_id.with("labels"),
            Sense::click(),
        );
    }
}

/// One editable cell: its fill and frame from the checks, its text field, its tooltip and its
/// context menu.
fn cell_ui(
    ui: &mut egui::Ui,
    report: &Report,
    decl: &crate::core::template::CellDecl,
    rect: Rect,
    mark: Option<&CellMark>,
    nav: &mut GridNav,
    out: &mut Vec<GridCommand>,
) {
    let (fill, stroke) = match mark {
        Some(m) if m.culprit && m.level == Some(Level::Error) => {
            (CULPRIT_FILL, Stroke::new(2.5, CULPRIT_LINE))
        }
        Some(m) if m.faint => (FAINT_FILL, Stroke::new(1.0, LINE)),
        Some(m) if m.level == Some(Level::Error) => (ERROR_FILL, Stroke::new(1.5, ERROR_LINE)),
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
        .hint_text(
            egui::RichText::new(match (nav.hints.get(&decl.id), decl.kind.unit()) {
                (Some(h), _) => h.clone(),
                (None, Some(u)) => format!("未填（{u}）"),
                (None, None) => "未填".to_string(),
            })
            .color(PLACEHOLDER),
        )
        .event_filter(egui::EventFilter {
            tab: true,
            horizontal_arrows: true,
            vertical_arrows: true,
            ..Default::default()
        });
    // Room between the number and the borders, as in a spreadsheet.
    let mut resp = ui
        .put(rect.shrink2(vec2(7.0, 2.0)), edit)
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
        nav.selected = Some(decl.id.clone());
        nav.entered = Some(decl.id.clone());
        // A click on a cell half out of view brings it in.
        nav.scroll_to = Some(decl.id.clone());
    } else if resp.clicked() && nav.entered.as_deref() == Some(decl.id.as_str()) {
        select_all(ui.ctx(), egui_id, &text);
        nav.entered = None;
    }
    if resp.changed() {
        out.push(GridCommand::Edit(CellEdit {
            id: decl.id.clone(),
            old: report.cell_text(&decl.id).to_string(),
            new: text.clone(),
        }));
    }
    let mut tip = Vec::new();
    if let Some(m) = mark {
        tip.extend(m.messages.iter().cloned());
        if let Some(old) = &m.compared {
            tip.push(format!("对比稿中为：{}", crate::core::wording::blank(old)));
        }
        tip.extend(m.comments.iter().map(|c| format!("批注 {c}")));
    }
    // A cell counted from the register says which of its rows stand behind it.
    tip.extend(
        report
            .counted_from
            .iter()
            .filter_map(|c| c.describe(&decl.id, &text)),
    );
    // A cell read from a scan says what was read and how sure.
    if let Some(c) = report.scanned.get(&decl.id) {
        tip.push(format!(
            "扫描件第 {} 页识别为“{}”，把握 {}%{}",
            c.page,
            c.read,
            c.confidence,
            if c.confirmed {
                "，已对照原件确认"
            } else {
                ""
            }
        ));
    }
    if !tip.is_empty() {
        resp = resp.on_hover_text(tip.join("\n"));
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
            out.push(GridCommand::Comment(Anchor::Cell(id.clone())));
            ui.close();
        }
    });
}

/// Where each header row starts (and, last, where the header ends): a row is as tall as the
/// wrapped text of its one-row cells needs.
fn header_rows_y(
    ui: &egui::Ui,
    grid: &BlockGrid,
    col_x: &[f32],
    geo: &Layout,
    top: f32,
) -> Vec<f32> {
    let title_rows = usize::from(grid.head().any(|p| matches!(p.content, Content::Title(_))));
    let mut need = vec![geo.header_height; grid.head_rows - title_rows];
    for h in grid.head() {
        let Content::Header(text) = h.content else {
            continue;
        };
        if h.rows == 1 {
            let w = col_x[h.col + h.cols] - col_x[h.col] - 8.0;
            let galley = ui.painter().layout(
                text.to_owned(),
                FontId::proportional(13.0),
                Color32::BLACK,
                w.max(10.0),
            );
            let row = h.row - title_rows;
            need[row] = need[row].max(galley.size().y + 10.0);
        }
    }
    let mut ys = vec![top];
    for n in need {
        let last = ys.last().copied().unwrap_or(top);
        ys.push(last + n);
    }
    ys
}
