//! The grid's keyboard: arrows, Tab and Enter move like a spreadsheet; Ctrl+V pastes a block.

use egui::text::{CCursor, CCursorRange};
use egui::{Id, Key, Modifiers};

use super::{GridCommand, GridNav, cell_egui_id};
use crate::core::template::{TableDecl, Template};
use crate::core::{CellEdit, Report};

/// One navigable row of cells: its cell ids, left to right.
pub(super) type NavRow = Vec<String>;

pub(super) fn nav_rows(t: &Template, table: &TableDecl) -> Vec<NavRow> {
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
pub(super) fn handle_keys(
    ui: &mut egui::Ui,
    rows: &[NavRow],
    nav: &mut GridNav,
    out: &mut Vec<GridCommand>,
) {
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

pub(super) fn select_all(ctx: &egui::Context, id: Id, text: &str) {
    let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(0),
        CCursor::new(text.chars().count()),
    )));
    state.store(ctx, id);
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
    use crate::core::template::{CellId, PartNo};

    /// Table 三 of the 2021 format, and a cell of it by row and column.
    fn table3() -> (&'static crate::core::Template, &'static TableDecl) {
        let t = FormatVersion::Gov2021.template();
        let t3 = PartNo::new(3)
            .and_then(|p| t.table_of_part(p))
            .expect("table 三");
        (t, t3)
    }

    #[test]
    fn paste_fills_a_block_and_counts_the_rest() {
        let r = Report::new(FormatVersion::Gov2021, 2024);
        let (t, t3) = table3();
        let id = |row: &str, col: &str| CellId::new(t3.id, row, col).key();
        let (edits, outside) = paste_edits(t, &r, &id("new", "legal"), "1\t2\t3\r\n4\t5\t6\r\n");
        // 法律服务机构, 其他, 总计 exist; nothing is to the right of 总计.
        let ids: Vec<&str> = edits.iter().map(|e| e.id.as_str()).collect();
        let want = [
            id("new", "legal"),
            id("new", "other"),
            id("new", "total"),
            id("carried_in", "legal"),
            id("carried_in", "other"),
            id("carried_in", "total"),
        ];
        assert_eq!(ids, want.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(outside, 0);
        let (_, outside) = paste_edits(t, &r, &id("new", "other"), "1\t2\t3");
        assert_eq!(outside, 1);
    }

    #[test]
    fn navigation_steps() {
        let (t, t3) = table3();
        let rows = nav_rows(t, t3);
        assert_eq!(step(&rows, 0, 6, Key::Tab, false), Some((1, 0)));
        assert_eq!(step(&rows, 1, 0, Key::Tab, true), Some((0, 6)));
        assert_eq!(step(&rows, 0, 3, Key::Enter, false), Some((1, 3)));
        assert_eq!(step(&rows, 0, 3, Key::Enter, true), None);
        assert_eq!(step(&rows, 0, 6, Key::ArrowRight, false), None);
    }
}
