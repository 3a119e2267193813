//! The one table geometry: a statistics block placed on a grid, as every front end draws it —
//! the block's title, the header cells with their spans as the template declares them, the row
//! labels (a group's label spanning its rows, a row's own label the rest of the label columns)
//! and one value cell per column — and the columns' widths from the table's declared
//! [`TableLook`]. The window, the PDF, the web page, the Word file and the spreadsheet all draw
//! from it, so their merged cells are the same.

use crate::core::printed::{GroupLayout, PrintedGroup};
use crate::core::template::{CellIdx, TableDecl, TableLook, Template};

/// What a placed cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// The block's title, across the whole width.
    Title(&'static str),
    /// A column header.
    Header(&'static str),
    /// A row label (a group's or the row's own).
    Label(&'static str),
    /// A value cell of the template (`None` where the template has no cell there).
    Value(Option<CellIdx>),
}

/// One cell of the grid: rows `row..row + rows`, columns `col..col + cols`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    /// First grid row.
    pub row: usize,
    /// First grid column.
    pub col: usize,
    /// Rows spanned (at least 1).
    pub rows: usize,
    /// Columns spanned (at least 1).
    pub cols: usize,
    /// What it holds.
    pub content: Content,
}

/// One block of a table on its grid.
#[derive(Clone, Debug)]
pub struct BlockGrid {
    /// Columns: label columns and value columns.
    pub width: usize,
    /// Rows of the head (the title and the header rows); the body rows follow.
    pub head_rows: usize,
    /// All rows.
    pub rows: usize,
    /// The cells in reading order (by row, then column).
    pub cells: Vec<Placed>,
}

impl BlockGrid {
    /// The grid as the original printed it where a printed group stands for its sub-rows (see
    /// [`PrintedGroup`]): one value cell per column merged across the sub-rows, or (the 2019
    /// layout) one row under the group's own label. The value cell kept is the first
    /// sub-row's: [`crate::core::Report::shown_text`] gives the group's number for it.
    pub fn as_printed(
        mut self,
        t: &Template,
        table: &TableDecl,
        block: usize,
        groups: &[&PrintedGroup],
    ) -> BlockGrid {
        if block != 0 {
            return self;
        }
        for g in groups.iter().filter(|g| g.table == table.id) {
            let rows = g.rows(t);
            let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
                continue;
            };
            let n = last + 1 - first;
            let (top, end) = (self.head_rows + first, self.head_rows + last + 1);
            let inside = |p: &Placed| p.row >= top && p.row < end;
            self.cells
                .retain(|p| !(matches!(p.content, Content::Value(_)) && inside(p) && p.row > top));
            match g.layout {
                GroupLayout::Merged => {
                    for p in &mut self.cells {
                        if matches!(p.content, Content::Value(_)) && p.row == top {
                            p.rows = n;
                        }
                    }
                }
                GroupLayout::OneRow => {
                    let depth = table.blocks[0].rows[first].path.len().saturating_sub(2);
                    let width = table.label_columns;
                    self.cells.retain(|p| {
                        !(matches!(p.content, Content::Label(_)) && inside(p) && p.col > depth)
                    });
                    for p in &mut self.cells {
                        if p.row == top && p.col == depth && matches!(p.content, Content::Label(_))
                        {
                            p.rows = 1;
                            p.cols = width.saturating_sub(depth).max(1);
                        } else if p.row >= end {
                            p.row -= n - 1;
                        } else if p.row < top && p.row + p.rows > top {
                            p.rows -= n - 1;
                        }
                    }
                    self.rows -= n - 1;
                }
            }
        }
        self.cells.sort_by_key(|p| (p.row, p.col));
        self
    }

    /// The cells that start in grid row `row`, left to right.
    pub fn row(&self, row: usize) -> impl Iterator<Item = &Placed> {
        self.cells.iter().filter(move |p| p.row == row)
    }

    /// For each grid slot, the index in `cells` of the cell covering it.
    pub fn owners(&self) -> Vec<Vec<Option<usize>>> {
        let mut owner = vec![vec![None; self.width]; self.rows];
        for (i, p) in self.cells.iter().enumerate() {
            for row in owner.iter_mut().skip(p.row).take(p.rows) {
                for slot in row.iter_mut().skip(p.col).take(p.cols) {
                    *slot = Some(i);
                }
            }
        }
        owner
    }
}

impl BlockGrid {
    /// The head's cells (the title and the header cells), in reading order.
    pub fn head(&self) -> impl Iterator<Item = &Placed> {
        self.cells
            .iter()
            .filter(|p| matches!(p.content, Content::Title(_) | Content::Header(_)))
    }

    /// The row labels, column by column and top to bottom within a column: the order a
    /// drawing that lays the outer labels first wants.
    pub fn labels(&self) -> Vec<&Placed> {
        let mut labels: Vec<&Placed> = self
            .cells
            .iter()
            .filter(|p| matches!(p.content, Content::Label(_)))
            .collect();
        labels.sort_by_key(|p| (p.col, p.row));
        labels
    }
}

/// The columns' widths of a block printed `width` wide: the label columns take their declared
/// shares, the value columns the rest in equal parts.
pub fn print_widths(look: &TableLook, values: usize, width: f32) -> Vec<f32> {
    let labels: Vec<f32> = look
        .print_label_shares
        .iter()
        .map(|share| width * share)
        .collect();
    let used: f32 = labels.iter().sum();
    let value = (width - used) / values.max(1) as f32;
    labels
        .into_iter()
        .chain(std::iter::repeat_n(value, values))
        .collect()
}

/// The columns' widths of a block on screen, in points: the declared widths.
pub fn screen_widths(look: &TableLook, values: usize) -> Vec<f32> {
    look.screen_label_widths
        .iter()
        .copied()
        .chain(std::iter::repeat_n(look.screen_value_width, values))
        .collect()
}

/// Left edges of columns `widths` wide starting at `left`, and the right edge last.
pub fn edges(left: f32, widths: &[f32]) -> Vec<f32> {
    let mut x = vec![left];
    for w in widths {
        let last = x.last().copied().unwrap_or(left);
        x.push(last + w);
    }
    x
}

/// Block `block` of `table` on its grid.
pub fn block_grid(t: &Template, table: &TableDecl, block: usize) -> BlockGrid {
    let b = &table.blocks[block];
    let label_cols = table.label_columns;
    let width = label_cols + b.columns.len();
    let mut cells = Vec::new();
    let title_rows = usize::from(b.title.is_some());
    if let Some(title) = b.title {
        cells.push(Placed {
            row: 0,
            col: 0,
            rows: 1,
            cols: width,
            content: Content::Title(title),
        });
    }
    for h in b.place_header(width) {
        cells.push(Placed {
            row: title_rows + h.row,
            col: h.col,
            rows: h.row_end - h.row,
            cols: h.col_end - h.col,
            content: Content::Header(h.text),
        });
    }
    let head_rows = title_rows + b.header.len();
    for (r, row) in b.rows.iter().enumerate() {
        let grid_row = head_rows + r;
        for depth in 0..label_cols.min(row.path.len()) {
            // A label starts here unless the row above shares it (same group path).
            let starts_here = r == 0
                || b.rows[r - 1].path.len() <= depth + 1
                || row.path.len() <= depth + 1
                || b.rows[r - 1].path[..=depth] != row.path[..=depth];
            if !starts_here {
                continue;
            }
            let last = depth + 1 == row.path.len();
            let mut rows = 1;
            if !last {
                while r + rows < b.rows.len()
                    && b.rows[r + rows].path.len() > depth + 1
                    && b.rows[r + rows].path[..=depth] == row.path[..=depth]
                {
                    rows += 1;
                }
            }
            cells.push(Placed {
                row: grid_row,
                col: depth,
                rows,
                cols: if last { label_cols - depth } else { 1 },
                content: Content::Label(row.path[depth]),
            });
        }
        for (c, col) in b.columns.iter().enumerate() {
            cells.push(Placed {
                row: grid_row,
                col: label_cols + c,
                rows: 1,
                cols: 1,
                content: Content::Value(t.find(table.id, row.id, col.id)),
            });
        }
    }
    cells.sort_by_key(|p| (p.row, p.col));
    BlockGrid {
        width,
        head_rows,
        rows: head_rows + b.rows.len(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::template::FormatVersion;

    #[test]
    fn every_slot_is_covered_once_and_every_cell_is_placed() {
        for version in [FormatVersion::Gov2021, FormatVersion::Gov2019] {
            let t = version.template();
            let mut values = 0;
            for table in &t.tables {
                for b in 0..table.blocks.len() {
                    let g = block_grid(t, table, b);
                    let mut covered = vec![vec![0u8; g.width]; g.rows];
                    for p in &g.cells {
                        assert!(p.rows >= 1 && p.cols >= 1);
                        for row in covered.iter_mut().skip(p.row).take(p.rows) {
                            for slot in row.iter_mut().skip(p.col).take(p.cols) {
                                *slot += 1;
                            }
                        }
                        if let Content::Value(Some(_)) = p.content {
                            values += 1;
                        }
                    }
                    assert!(
                        covered.iter().flatten().all(|&n| n == 1),
                        "{} block {b}: {covered:?}",
                        table.id
                    );
                }
            }
            assert_eq!(values, t.cells.len());
        }
    }
}
