//! A statistics table on the page: the block's grid ([`crate::core::geometry`]) drawn with
//! ruled cells, header rows repeated after a page break and a split row label repeated.

use super::{BLOCK_H, BLOCK_W, Face, LEFT, LINE, Layout, Rule, TOP, Text, break_lines};
use crate::core::Report;
use crate::core::geometry::{BlockGrid, Content, block_grid, edges, print_widths};
use crate::core::template::{BlockDecl, TableDecl};

/// The type of a table: its size, line pitch and the padding inside a cell.
#[derive(Clone, Copy)]
struct Type {
    size: f32,
    line_h: f32,
    pad: f32,
}

/// One ruled box and the text set in it.
struct CellBox<'t> {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    text: &'t str,
    /// The size this text is set at (a long number is set smaller than the table's type).
    size: f32,
    /// Numbers are right-aligned.
    right: bool,
}

/// A block measured for the page: its grid, its column edges and the heights of its rows.
struct Measured<'a> {
    block: &'a BlockDecl,
    grid: BlockGrid,
    /// Column edges, `LEFT` first.
    x: Vec<f32>,
    /// A value column's width.
    data_w: f32,
    head_h: Vec<f32>,
    row_h: Vec<f32>,
    /// The text of each value cell, by body row and column.
    values: Vec<Vec<String>>,
}

impl Measured<'_> {
    fn head_total(&self) -> f32 {
        self.head_h.iter().sum()
    }
}

impl Layout<'_> {
    /// A table of the template: merged header cells, merged row labels, header rows repeated
    /// after a page break, a split row label repeated.
    pub(super) fn table(&mut self, report: &Report, table: &TableDecl) {
        let size = if table.look.dense { 10.5 } else { 12.0 };
        let ty = Type {
            size,
            line_h: size * 1.35,
            pad: 3.0,
        };
        for b in 0..table.blocks.len() {
            let block = self.measure(report, table, b, ty);
            self.block(&block, ty);
            self.y += LINE * 0.5;
        }
    }

    /// Lines of `text` in a box `w` wide at `size`.
    fn wrap_at(&self, text: &str, w: f32, size: f32, pad: f32) -> Vec<String> {
        let adv = |c: char| self.m.advance(Face::Fang, c) * size;
        break_lines(text, (w - 2.0 * pad).max(size), 0.0, &adv)
    }

    /// A number is never broken: one too wide for its cell is set smaller until it fits. Other
    /// text wraps, and its row grows. Returns the size and the lines.
    fn fit(&self, text: &str, data_w: f32, ty: Type) -> (f32, usize) {
        let numeric = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+' | '%'));
        if numeric {
            let w: f32 = text
                .chars()
                .map(|c| self.m.advance(Face::Fang, c) * ty.size)
                .sum();
            let room = data_w - 2.0 * ty.pad;
            let shrunk = if w > room {
                ty.size * room / w
            } else {
                ty.size
            };
            (shrunk.max(4.0), 1)
        } else {
            (
                ty.size,
                self.wrap_at(text, data_w, ty.size, ty.pad).len().max(1),
            )
        }
    }

    fn measure<'a>(
        &self,
        report: &Report,
        table: &'a TableDecl,
        b: usize,
        ty: Type,
    ) -> Measured<'a> {
        let t = report.template();
        let block = &table.blocks[b];
        let grid = block_grid(t, table, b);
        let widths = print_widths(&table.look, block.columns.len(), BLOCK_W);
        let label_cols = table.label_columns;
        let data_w = widths.last().copied().unwrap_or(BLOCK_W);
        let x = edges(LEFT, &widths);
        let mut head_h = vec![ty.line_h + 2.0 * ty.pad; grid.head_rows];
        for p in grid.head() {
            let (Content::Title(text) | Content::Header(text)) = p.content else {
                continue;
            };
            if p.rows == 1 {
                let n = self
                    .wrap_at(text, x[p.col + p.cols] - x[p.col], ty.size, ty.pad)
                    .len()
                    .max(1) as f32;
                head_h[p.row] = head_h[p.row].max(n * ty.line_h + 2.0 * ty.pad);
            }
        }
        let values: Vec<Vec<String>> = block
            .rows
            .iter()
            .map(|row| {
                block
                    .columns
                    .iter()
                    .map(|col| {
                        t.find(table.id, row.id, col.id)
                            .map(|i| report.cell_text(&t.cells[i].id).trim().to_string())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        // Body rows: as tall as their label or any of their values needs.
        let row_h = block
            .rows
            .iter()
            .zip(&values)
            .map(|(row, texts)| {
                let depth = row
                    .path
                    .len()
                    .saturating_sub(1)
                    .min(label_cols.saturating_sub(1));
                let w = if label_cols == 0 {
                    data_w
                } else {
                    x[label_cols] - x[depth]
                };
                let label_lines = self.wrap_at(row.label(), w, ty.size, ty.pad).len().max(1);
                let value_lines = texts
                    .iter()
                    .map(|v| self.fit(v, data_w, ty).1)
                    .max()
                    .unwrap_or(1);
                label_lines.max(value_lines) as f32 * ty.line_h + 2.0 * ty.pad
            })
            .collect();
        Measured {
            block,
            grid,
            x,
            data_w,
            head_h,
            row_h,
            values,
        }
    }

    /// The block, page by page: on each page the head, then as many rows as fit.
    fn block(&mut self, m: &Measured, ty: Type) {
        let rows = m.block.rows.len();
        let mut r = 0;
        while r < rows {
            // A new page when not even the header and one row fit.
            if self.room() < m.head_total() + m.row_h[r] {
                self.new_page();
            }
            let top = self.y;
            self.head(m, top, ty);
            let mut y = top + m.head_total();
            let first = r;
            while r < rows && y + m.row_h[r] <= TOP + BLOCK_H + 0.01 {
                y += m.row_h[r];
                r += 1;
            }
            let ry = edges(top + m.head_total(), &m.row_h[first..r]);
            self.labels(m, first, r, &ry, ty);
            self.values(m, first, r, &ry, ty);
            self.y = y;
            if r < rows {
                self.new_page();
            }
        }
    }

    fn head(&mut self, m: &Measured, top: f32, ty: Type) {
        let hy = edges(top, &m.head_h);
        for p in m.grid.head() {
            let (Content::Title(text) | Content::Header(text)) = p.content else {
                continue;
            };
            let cell = CellBox {
                x0: m.x[p.col],
                y0: hy[p.row],
                x1: m.x[p.col + p.cols],
                y1: hy[p.row + p.rows],
                text,
                size: ty.size,
                right: false,
            };
            self.cell_box(&cell, ty);
        }
    }

    /// Row labels of body rows `first..end` (on this page), merged over the rows that share
    /// them here; a label that began on the page before is repeated.
    fn labels(&mut self, m: &Measured, first: usize, end: usize, ry: &[f32], ty: Type) {
        for p in m.grid.labels() {
            let Content::Label(text) = p.content else {
                continue;
            };
            let r0 = p.row - m.grid.head_rows;
            let r1 = r0 + p.rows;
            if r1 <= first || r0 >= end {
                continue;
            }
            let (r0, r1) = (r0.max(first), r1.min(end));
            let cell = CellBox {
                x0: m.x[p.col],
                y0: ry[r0 - first],
                x1: m.x[p.col + p.cols],
                y1: ry[r1 - first],
                text,
                size: ty.size,
                right: false,
            };
            self.cell_box(&cell, ty);
        }
    }

    /// Values of body rows `first..end`, right-aligned.
    fn values(&mut self, m: &Measured, first: usize, end: usize, ry: &[f32], ty: Type) {
        let label_cols = m.x.len() - 1 - m.block.columns.len();
        for (k, texts) in m.values[first..end].iter().enumerate() {
            for (ci, text) in texts.iter().enumerate() {
                let (size, _) = self.fit(text, m.data_w, ty);
                let c = label_cols + ci;
                let cell = CellBox {
                    x0: m.x[c],
                    y0: ry[k],
                    x1: m.x[c + 1],
                    y1: ry[k + 1],
                    text,
                    size,
                    right: true,
                };
                self.cell_box(&cell, ty);
            }
        }
    }

    fn cell_box(&mut self, b: &CellBox, ty: Type) {
        let rule = |a: (f32, f32), c: (f32, f32)| Rule {
            x1: a.0,
            y1: a.1,
            x2: c.0,
            y2: c.1,
            width: 0.75,
        };
        let (x0, y0, x1, y1) = (b.x0, b.y0, b.x1, b.y1);
        let page = self.page();
        page.rules.push(rule((x0, y0), (x1, y0)));
        page.rules.push(rule((x0, y1), (x1, y1)));
        page.rules.push(rule((x0, y0), (x0, y1)));
        page.rules.push(rule((x1, y0), (x1, y1)));
        let lines = self.wrap_at(b.text, x1 - x0, b.size, ty.pad);
        let block_h = lines.len() as f32 * ty.line_h;
        let mut y = y0 + ((y1 - y0) - block_h) / 2.0;
        for line in lines {
            let w = self.width(Face::Fang, b.size, &line);
            let x = if b.right {
                x1 - ty.pad - w
            } else if w + 2.0 * ty.pad < x1 - x0 && b.text.chars().count() < 12 {
                x0 + (x1 - x0 - w) / 2.0
            } else {
                x0 + ty.pad
            };
            self.page().texts.push(Text {
                x,
                y: y + b.size * 1.05,
                size: b.size,
                face: Face::Fang,
                text: line,
                spacing: 0.0,
            });
            y += ty.line_h;
        }
    }
}
