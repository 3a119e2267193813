//! A statistics table on the page: the block's grid ([`crate::core::geometry`]) drawn with
//! ruled cells, header rows repeated after a page break and a split row label repeated.

use super::{BLOCK_H, BLOCK_W, Face, LEFT, LINE, Layout, Rule, TOP, Text, break_lines};
use crate::core::Report;
use crate::core::geometry::{BlockGrid, Content, Placed, block_grid, edges, print_widths};
use crate::core::template::TableDecl;

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
struct Measured {
    grid: BlockGrid,
    /// Column edges, `LEFT` first.
    x: Vec<f32>,
    /// A value column's width.
    data_w: f32,
    head_h: Vec<f32>,
    row_h: Vec<f32>,
    /// Each value cell of the grid with its text, in reading order.
    values: Vec<(Placed, String)>,
}

impl Measured {
    fn head_total(&self) -> f32 {
        self.head_h.iter().sum()
    }

    /// One past the last body row that must stay on a page with body row `r`: the rows a
    /// value cell starting there is merged over.
    fn together(&self, r: usize) -> usize {
        let row = self.grid.head_rows + r;
        let span = self
            .values
            .iter()
            .filter(|(p, _)| p.row == row)
            .map(|(p, _)| p.rows)
            .max()
            .unwrap_or(1);
        (r + span).min(self.row_h.len())
    }

    /// The height of body rows `r..end`.
    fn height(&self, r: usize, end: usize) -> f32 {
        self.row_h[r..end].iter().sum()
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

    fn measure(&self, report: &Report, table: &TableDecl, b: usize, ty: Type) -> Measured {
        let t = report.template();
        let block = &table.blocks[b];
        let groups = report.groups_in_force(&report.values());
        let grid = block_grid(t, table, b).as_printed(t, table, b, &groups);
        let widths = print_widths(&table.look, block.columns.len(), BLOCK_W);
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
        let values: Vec<(Placed, String)> = grid
            .cells
            .iter()
            .filter_map(|p| match p.content {
                Content::Value(idx) => Some((
                    *p,
                    idx.map(|i| report.shown_text(&groups, i).to_string())
                        .unwrap_or_default(),
                )),
                _ => None,
            })
            .collect();
        // Body rows: as tall as their own label (the innermost that starts there and spans one
        // row) or any of their one-row values needs.
        let row_h = (grid.head_rows..grid.rows)
            .map(|r| {
                let label_lines = grid
                    .row(r)
                    .filter(|p| p.rows == 1 && matches!(p.content, Content::Label(_)))
                    .last()
                    .map_or(1, |p| {
                        let Content::Label(text) = p.content else {
                            return 1;
                        };
                        let w = x[p.col + p.cols] - x[p.col];
                        self.wrap_at(text, w, ty.size, ty.pad).len().max(1)
                    });
                let value_lines = values
                    .iter()
                    .filter(|(p, _)| p.row == r && p.rows == 1)
                    .map(|(_, v)| self.fit(v, data_w, ty).1)
                    .max()
                    .unwrap_or(1);
                label_lines.max(value_lines) as f32 * ty.line_h + 2.0 * ty.pad
            })
            .collect();
        Measured {
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
        let rows = m.row_h.len();
        let mut r = 0;
        while r < rows {
            // A new page when not even the header and one row (or one merged value's rows)
            // fit.
            if self.room() < m.head_total() + m.height(r, m.together(r)) {
                self.new_page();
            }
            let top = self.y;
            self.head(m, top, ty);
            let mut y = top + m.head_total();
            let first = r;
            while r < rows {
                // The rows of a merged value stay on one page, unless even a page cannot
                // hold them: then they go row by row.
                let mut end = m.together(r);
                if r == first && y + m.height(r, end) > TOP + BLOCK_H + 0.01 {
                    end = r + 1;
                }
                if y + m.height(r, end) > TOP + BLOCK_H + 0.01 {
                    break;
                }
                y += m.height(r, end);
                r = end;
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

    /// Values of body rows `first..end`, right-aligned; a value merged over rows is clipped to
    /// the page's part of it and set there.
    fn values(&mut self, m: &Measured, first: usize, end: usize, ry: &[f32], ty: Type) {
        for (p, text) in &m.values {
            let r0 = p.row - m.grid.head_rows;
            let r1 = r0 + p.rows;
            if r1 <= first || r0 >= end {
                continue;
            }
            let (r0, r1) = (r0.max(first), r1.min(end));
            let (size, _) = self.fit(text, m.data_w, ty);
            let cell = CellBox {
                x0: m.x[p.col],
                y0: ry[r0 - first],
                x1: m.x[p.col + p.cols],
                y1: ry[r1 - first],
                text,
                size,
                right: true,
            };
            self.cell_box(&cell, ty);
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
