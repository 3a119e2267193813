//! The statistics grids, drawn from the template: merged header cells, merged row labels,
//! editable cells marked by the live checks, spreadsheet keys, block paste.

use std::collections::HashMap;

use egui::text::{CCursor, CCursorRange};
use egui::{
    Align2, Color32, FontId, Id, Key, Modifiers, Rect, Sense, Stroke, StrokeKind, pos2, vec2,
};

use crate::core::template::{BlockDecl, TableDecl, Template};
use crate::core::{CellEdit, Finding, Level, Report, Rule};

/// How the checks see a cell.
#[derive(Clone, Debug, Default)]
pub struct CellMark {
    /// The worst level among the findings that involve it.
    pub level: Option<Level>,
    /// Whether a finding names this cell as the one to correct.
    pub culprit: bool,
    /// The messages of those findings.
    pub messages: Vec<String>,
    /// The value a finding proposes for this cell.
    pub fix: Option<String>,
    /// Only involved through a root-cause finding that names another cell: shown faintly, so
    /// the eye goes to the one cell to correct.
    pub faint: bool,
    /// Open comments on the cell: 「作者：内容」.
    pub comments: Vec<String>,
    /// While comparing with another version: the cell's text there, when it differs.
    pub compared: Option<String>,
}

/// Marks for every cell some finding involves. The summary of unfilled cells marks nothing:
/// blanks are shown as blanks, not as errors.
pub fn marks(findings: &[Finding]) -> HashMap<String, CellMark> {
    let mut out: HashMap<String, CellMark> = HashMap::new();
    for f in findings {
        if f.rule == Rule::C5 && f.focus.is_none() {
            continue;
        }
        let root_cause = !f.explains.is_empty();
        for id in &f.cells {
            let fresh = !out.contains_key(id);
            let m = out.entry(id.clone()).or_default();
            let culprit_here = f.focus.as_deref() == Some(id.as_str());
            m.faint = if fresh {
                root_cause && !culprit_here
            } else {
                m.faint && root_cause && !culprit_here
            };
            m.level = Some(match m.level {
                Some(Level::Error) => Level::Error,
                _ => f.level,
            });
            let culprit = f.focus.as_deref() == Some(id.as_str());
            if culprit {
                m.culprit = true;
                if m.fix.is_none() {
                    m.fix = f.expected.clone();
                }
            }
            let mut msg = f.message.clone();
            if culprit && let Some(v) = &f.expected {
                msg.push_str(&format!("（建议改为 {v}）"));
            }
            if !m.messages.contains(&msg) {
                m.messages.push(msg);
            }
        }
    }
    out
}

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

const HEADER_FILL: Color32 = Color32::from_rgb(0xEE, 0xF1, 0xF5);
const LINE: Color32 = Color32::from_rgb(0x9A, 0xA3, 0xAE);
const ERROR_FILL: Color32 = Color32::from_rgb(0xFF, 0xE4, 0xE4);
const CULPRIT_FILL: Color32 = Color32::from_rgb(0xFF, 0xB8, 0xB8);
const ERROR_LINE: Color32 = Color32::from_rgb(0xD0, 0x30, 0x30);
const CULPRIT_LINE: Color32 = Color32::from_rgb(0xA0, 0x00, 0x00);
const FAINT_FILL: Color32 = Color32::from_rgb(0xFF, 0xF2, 0xF2);
const WARN_FILL: Color32 = Color32::from_rgb(0xFF, 0xF4, 0xD0);
const COMPARE_LINE: Color32 = Color32::from_rgb(0x1F, 0x5F, 0xD0);
const COMMENT_MARK: Color32 = Color32::from_rgb(0xE0, 0x8A, 0x00);

/// One navigable row of cells: its cell ids, left to right.
type NavRow = Vec<String>;

fn nav_rows(t: &Template, table: &TableDecl) -> Vec<NavRow> {
    let mut rows = Vec::new();
    for block in &table.blocks {
        for row in &block.rows {
            rows.push(
                block
                    .columns
                    .iter()
                    .filter_map(|c| {
                        t.find(table.id, row.id, c.id)
                            .map(|i| t.cells[i].id.clone())
                    })
                    .collect(),
            );
        }
    }
    rows
}

/// Where a navigation key moves from (row, col).
fn step(rows: &[NavRow], r: usize, c: usize, key: Key, shift: bool) -> Option<(usize, usize)> {
    let clamp = |r: usize, c: usize| (r, c.min(rows[r].len().saturating_sub(1)));
    match (key, shift) {
        (Key::Tab, false) | (Key::ArrowRight, _) => {
            if c + 1 < rows[r].len() {
                Some((r, c + 1))
            } else if key == Key::Tab && r + 1 < rows.len() {
                Some((r + 1, 0))
            } else {
                None
            }
        }
        (Key::Tab, true) | (Key::ArrowLeft, _) => {
            if c > 0 {
                Some((r, c - 1))
            } else if key == Key::Tab && r > 0 {
                Some((r - 1, rows[r - 1].len().saturating_sub(1)))
            } else {
                None
            }
        }
        (Key::Enter, false) | (Key::ArrowDown, _) => (r + 1 < rows.len()).then(|| clamp(r + 1, c)),
        (Key::Enter, true) | (Key::ArrowUp, _) => (r > 0).then(|| clamp(r - 1, c)),
        _ => None,
    }
}

/// Handles the keys for the focused cell of this table before the cells are drawn, so the
/// text field never sees them.
fn handle_keys(ui: &mut egui::Ui, rows: &[NavRow], nav: &mut GridNav, out: &mut Vec<GridCommand>) {
    let Some(focused) = ui.memory(|m| m.focused()) else {
        return;
    };
    let Some((r, c)) = rows.iter().enumerate().find_map(|(r, row)| {
        row.iter()
            .position(|id| cell_egui_id(id) == focused)
            .map(|c| (r, c))
    }) else {
        return;
    };
    let cell_id = rows[r][c].clone();

    // A block pasted from a spreadsheet: tabs or line breaks inside.
    let pasted = ui.input_mut(|i| {
        let mut found = None;
        i.events.retain(|e| match e {
            egui::Event::Paste(text)
                if text.trim_end_matches(['\r', '\n']).contains(['\t', '\n']) =>
            {
                found = Some(text.clone());
                false
            }
            _ => true,
        });
        found
    });
    if let Some(text) = pasted {
        out.push(GridCommand::Paste { at: cell_id, text });
        return;
    }

    let caret = egui::TextEdit::load_state(ui.ctx(), focused)
        .and_then(|s| s.cursor.char_range())
        .map(|r| (r.primary.index.0, r.secondary.index.0));
    let text_len = |ui: &egui::Ui| {
        ui.data(|d| d.get_temp::<usize>(focused.with("len")))
            .unwrap_or(0)
    };
    // Shift variants first: matching ignores an extra Shift.
    let keys = [
        (Key::Tab, Modifiers::SHIFT, true),
        (Key::Tab, Modifiers::NONE, false),
        (Key::Enter, Modifiers::SHIFT, true),
        (Key::Enter, Modifiers::NONE, false),
        (Key::ArrowUp, Modifiers::NONE, false),
        (Key::ArrowDown, Modifiers::NONE, false),
        (Key::ArrowLeft, Modifiers::NONE, false),
        (Key::ArrowRight, Modifiers::NONE, false),
    ];
    for (key, mods, shift) in keys {
        // Left/right move between cells only when the caret is at that edge of the text.
        let at_edge = match key {
            Key::ArrowLeft => caret.is_none_or(|(p, s)| p == 0 && s == 0),
            Key::ArrowRight => {
                let n = text_len(ui);
                caret.is_none_or(|(p, s)| p >= n && s >= n)
            }
            _ => true,
        };
        if !at_edge {
            continue;
        }
        if ui.input_mut(|i| i.consume_key(mods, key)) {
            if let Some((nr, nc)) = step(rows, r, c, key, shift) {
                nav.focus_request = Some(rows[nr][nc].clone());
            }
            return;
        }
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
                .button("计算合计")
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

fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(0),
        CCursor::new(text.chars().count()),
    )));
    state.store(ctx, id);
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
                    .color(Color32::from_gray(170)),
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
                    tip.push(format!("对比稿中为：{}", crate::core::review::blank(old)));
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

/// Splits a pasted block into cell edits starting at `at`; cells that fall outside the table
/// are returned as a count, never silently dropped.
pub fn paste_edits(t: &Template, report: &Report, at: &str, text: &str) -> (Vec<CellEdit>, usize) {
    let Some(start) = t.cell_index(at) else {
        return (Vec::new(), 0);
    };
    let table = &t.tables[t.cells[start].table];
    let rows = nav_rows(t, table);
    let Some((r0, c0)) = rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| row.iter().position(|id| id == at).map(|c| (r, c)))
    else {
        return (Vec::new(), 0);
    };
    let mut edits = Vec::new();
    let mut outside = 0;
    let body = text.trim_end_matches(['\r', '\n']);
    for (dr, line) in body.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        for (dc, value) in line.split('\t').enumerate() {
            match rows.get(r0 + dr).and_then(|row| row.get(c0 + dc)) {
                Some(id) => {
                    let new = value.trim().to_string();
                    let old = report.cell_text(id).to_string();
                    if old != new {
                        edits.push(CellEdit {
                            id: id.clone(),
                            old,
                            new,
                        });
                    }
                }
                None => outside += 1,
            }
        }
    }
    (edits, outside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::FormatVersion;

    #[test]
    fn paste_fills_a_block_and_counts_the_rest() {
        let r = Report::new(FormatVersion::Gov2021, 2024);
        let t = r.template();
        let (edits, outside) = paste_edits(t, &r, "t3.new.legal", "1\t2\t3\r\n4\t5\t6\r\n");
        // 法律服务机构, 其他, 总计 exist; nothing is to the right of 总计.
        let ids: Vec<&str> = edits.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "t3.new.legal",
                "t3.new.other",
                "t3.new.total",
                "t3.carried_in.legal",
                "t3.carried_in.other",
                "t3.carried_in.total"
            ]
        );
        assert_eq!(outside, 0);
        let (_, outside) = paste_edits(t, &r, "t3.new.other", "1\t2\t3");
        assert_eq!(outside, 1);
    }

    #[test]
    fn navigation_steps() {
        let t = FormatVersion::Gov2021.template();
        let rows = nav_rows(t, t.table("t3").expect("t3"));
        assert_eq!(step(&rows, 0, 6, Key::Tab, false), Some((1, 0)));
        assert_eq!(step(&rows, 1, 0, Key::Tab, true), Some((0, 6)));
        assert_eq!(step(&rows, 0, 3, Key::Enter, false), Some((1, 3)));
        assert_eq!(step(&rows, 0, 3, Key::Enter, true), None);
        assert_eq!(step(&rows, 0, 6, Key::ArrowRight, false), None);
    }
}
