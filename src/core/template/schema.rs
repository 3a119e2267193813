//! What a template is: parts, tables of blocks with their merged header cells, rows and
//! columns, every cell with its stable id, and the arithmetic relations between cells.

use std::collections::HashMap;

use super::{CellId, FormatVersion, PartNo, Rule, ValueKind};

/// One of the six mandated parts.
#[derive(Clone, Debug)]
pub struct PartDecl {
    /// Which part.
    pub number: PartNo,
    /// The official heading, e.g. 「一、总体情况」.
    pub heading: &'static str,
    /// Whether the part is prose (一, 五, 六) or a table (二, 三, 四).
    pub is_prose: bool,
}

/// A header cell of a printed table, placed like an HTML `<th>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderCell {
    /// The printed text.
    pub text: &'static str,
    /// Columns it spans (label columns count too).
    pub col_span: usize,
    /// Header rows it spans.
    pub row_span: usize,
}

pub(super) const fn th(text: &'static str, col_span: usize, row_span: usize) -> HeaderCell {
    HeaderCell {
        text,
        col_span,
        row_span,
    }
}

/// A data column.
#[derive(Clone, Debug)]
pub struct ColumnDecl {
    /// Stable id inside its table, e.g. `total`.
    pub id: &'static str,
    /// The printed leaf label, e.g. 「总计」.
    pub label: &'static str,
    /// The printed group above the leaf, where the header has one (表四's 「复议后起诉」).
    pub group: Option<&'static str>,
    /// What the cells of this column hold.
    pub kind: ValueKind,
}

/// A data row.
#[derive(Clone, Debug)]
pub struct RowDecl {
    /// Stable id inside its table, e.g. `denied_3`.
    pub id: &'static str,
    /// The printed labels from the outermost merged label to the row's own, e.g.
    /// [「三、本年度办理结果」, 「（三）不予公开」, 「1.属于国家秘密」].
    pub path: Vec<&'static str>,
}

impl RowDecl {
    /// The row's own printed label.
    pub fn label(&self) -> &'static str {
        self.path.last().copied().unwrap_or("")
    }

    /// A short name for messages: the sub-row number prefixed with its group's number,
    /// e.g. 「（三）1.属于国家秘密」 or 「（七）总计」.
    pub fn short(&self) -> String {
        match self.path.as_slice() {
            [.., group, leaf] if self.path.len() >= 3 => {
                let prefix = group.find('）').map(|i| &group[..i + '）'.len_utf8()]);
                match prefix {
                    Some(p) if group.starts_with('（') => format!("{p}{leaf}"),
                    _ => (*leaf).to_string(),
                }
            }
            _ => self.label().to_string(),
        }
    }
}

/// A block of a table: a title (table 二 has four or five), columns and rows.
#[derive(Clone, Debug)]
pub struct BlockDecl {
    /// Stable id inside its table.
    pub id: &'static str,
    /// The block title row, e.g. 「第二十条第（一）项」.
    pub title: Option<&'static str>,
    /// The header rows below the title (label columns included).
    pub header: Vec<Vec<HeaderCell>>,
    /// The data columns, left to right.
    pub columns: Vec<ColumnDecl>,
    /// The data rows, top to bottom.
    pub rows: Vec<RowDecl>,
}

/// A header cell placed on the header grid: rows `row..row_end`, columns `col..col_end`
/// (label columns count as columns).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedHeader {
    /// The printed text.
    pub text: &'static str,
    /// First header row.
    pub row: usize,
    /// One past the last header row.
    pub row_end: usize,
    /// First column.
    pub col: usize,
    /// One past the last column.
    pub col_end: usize,
}

impl BlockDecl {
    /// Places the header cells like an HTML table: each cell takes the next free slot of its
    /// row, and spans reserve the slots below and to the right. `columns` is the whole width
    /// (label columns + data columns); spans are clipped to it.
    pub fn place_header(&self, columns: usize) -> Vec<PlacedHeader> {
        let rows = self.header.len();
        let mut taken = vec![vec![false; columns]; rows];
        let mut out = Vec::new();
        for (r, cells) in self.header.iter().enumerate() {
            let mut c = 0;
            for h in cells {
                while c < columns && taken[r][c] {
                    c += 1;
                }
                let col_end = (c + h.col_span).min(columns);
                let row_end = (r + h.row_span).min(rows);
                for row in taken.iter_mut().take(row_end).skip(r) {
                    for slot in row.iter_mut().take(col_end).skip(c) {
                        *slot = true;
                    }
                }
                out.push(PlacedHeader {
                    text: h.text,
                    row: r,
                    row_end,
                    col: c,
                    col_end,
                });
                c = col_end;
            }
        }
        out
    }
}

/// One statistics table (二, 三 or 四).
#[derive(Clone, Debug)]
pub struct TableDecl {
    /// Stable id: `t2`, `t3`, `t4`.
    pub id: &'static str,
    /// The part it belongs to (二, 三 or 四).
    pub part: PartNo,
    /// How many columns the row labels take (0 for 表四).
    pub label_columns: usize,
    /// The blocks, top to bottom.
    pub blocks: Vec<BlockDecl>,
    /// How it is drawn, on screen and on the page.
    pub look: TableLook,
}

/// How a table is drawn, declared with the table: the window and every printed format read
/// these widths instead of knowing tables by their ids. The spans, row depths and label
/// columns come from the declaration itself (the `geometry` module).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableLook {
    /// The label columns' shares of the printed width, outermost first (one per label
    /// column); the value columns share the rest equally.
    pub print_label_shares: &'static [f32],
    /// A dense table (表四's fifteen columns) is printed in the smaller face.
    pub dense: bool,
    /// The label columns' widths on screen, in points, outermost first.
    pub screen_label_widths: &'static [f32],
    /// A value column's width on screen.
    pub screen_value_width: f32,
    /// A header row's least height on screen.
    pub screen_header_height: f32,
    /// A body row's least height on screen.
    pub screen_row_height: f32,
}

impl TableDecl {
    /// The part's number as printed before a label, e.g. 「三、」.
    pub fn prefix(&self) -> &'static str {
        self.part.numeral()
    }
}

/// Where a cell sits in the template.
#[derive(Clone, Debug)]
pub struct CellDecl {
    /// Stable id, `table.row.column`, e.g. `t3.total.total`.
    pub id: String,
    /// Index into [`Template::tables`].
    pub table: usize,
    /// Index into the table's blocks.
    pub block: usize,
    /// Index into the block's rows.
    pub row: usize,
    /// Index into the block's columns.
    pub col: usize,
    /// What it holds.
    pub kind: ValueKind,
    /// The printed name used in messages, e.g. 「三、（七）总计 · 总计」.
    pub label: String,
}

/// Index of a cell in [`Template::cells`].
pub type CellIdx = usize;

/// What a relation sums over, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Along one row (R1): the index is the row in the block.
    Row(usize),
    /// Down one column (R2, R3): the index is the column in the block.
    Column(usize),
    /// Within a header group of one row (R4): the index is the group's first column.
    Group(usize),
}

/// A concrete arithmetic relation: `sum(lhs) == sum(rhs)`.
#[derive(Clone, Debug)]
pub struct Relation {
    /// Which declared rule it comes from.
    pub rule: Rule,
    /// The table it lives in.
    pub table: usize,
    /// The block it lives in.
    pub block: usize,
    /// Left side cells.
    pub lhs: Vec<CellIdx>,
    /// Right side cells.
    pub rhs: Vec<CellIdx>,
    /// The cell autosum derives from the others, if any (a total).
    pub derived: Option<CellIdx>,
    /// What it runs along.
    pub axis: Axis,
    /// How messages name the left side, e.g. 「总计」 or 「一 + 二」.
    pub lhs_desc: &'static str,
    /// How messages name the right side, e.g. 「各类申请人」.
    pub rhs_desc: &'static str,
}

impl Relation {
    /// Every cell the relation reads.
    pub fn cells(&self) -> impl Iterator<Item = CellIdx> + '_ {
        self.lhs.iter().chain(self.rhs.iter()).copied()
    }
}

/// A relation as declared: compact, by row and column ids, expanded into [`Relation`]s.
#[derive(Clone, Debug)]
pub enum RelationDecl {
    /// For every row of the block: `total` column = sum of `parts` columns.
    RowSums {
        /// Rule id.
        rule: Rule,
        /// Table id.
        table: &'static str,
        /// The total column.
        total: &'static str,
        /// The summed columns.
        parts: Vec<&'static str>,
        /// How messages name the summed columns.
        desc: &'static str,
    },
    /// For every column of the block: `total` row = sum of `parts` rows.
    ColumnSums {
        /// Rule id.
        rule: Rule,
        /// Table id.
        table: &'static str,
        /// The total row.
        total: &'static str,
        /// The summed rows.
        parts: Vec<&'static str>,
        /// How messages name the total row.
        total_desc: &'static str,
        /// How messages name the summed rows.
        desc: &'static str,
    },
    /// For every column: sum of `left` rows = sum of `right` rows; `derived` (one of `right`)
    /// is what autosum may fill in when it is blank.
    ColumnBalance {
        /// Rule id.
        rule: Rule,
        /// Table id.
        table: &'static str,
        /// Left rows.
        left: Vec<&'static str>,
        /// Right rows.
        right: Vec<&'static str>,
        /// The row autosum fills when blank.
        derived: &'static str,
        /// How messages name the left side.
        left_desc: &'static str,
        /// How messages name the right side.
        right_desc: &'static str,
    },
    /// In one row, for each group: the group's total column = the group's part columns.
    GroupSums {
        /// Rule id.
        rule: Rule,
        /// Table id.
        table: &'static str,
        /// The row.
        row: &'static str,
        /// (total column, part columns) for each group.
        groups: Vec<(&'static str, Vec<&'static str>)>,
        /// How messages name the summed columns.
        desc: &'static str,
    },
}

/// One official format, complete.
#[derive(Debug)]
pub struct Template {
    /// Which version this is.
    pub version: FormatVersion,
    /// The six parts, in order.
    pub parts: Vec<PartDecl>,
    /// Tables 二, 三, 四.
    pub tables: Vec<TableDecl>,
    /// Every cell, in reading order (table, block, row, column).
    pub cells: Vec<CellDecl>,
    /// The relations, expanded.
    pub relations: Vec<Relation>,
    /// For each cell, the indices of the relations that read it.
    pub cell_relations: Vec<Vec<usize>>,
    /// Part 六 must state the 信息处理费 (C8): the 2021 format asks for it.
    pub requires_fee_statement: bool,
    /// The 总计 cells of table 三's （六）其他处理 rows, for C16 (see
    /// [`Template::other_result_totals`]).
    pub other_totals: Vec<CellIdx>,
    /// Table 二's rows counted with last year's number and the change, for C17.
    pub item_count_rows: Vec<&'static str>,
    /// Table 二's rows with documents in force, issued and repealed, for C14.
    pub in_force_rows: Vec<&'static str>,
    /// Cell indices in the order of their ids, to walk a report's sorted cell map in step.
    pub by_id_order: Vec<CellIdx>,
    by_id: HashMap<String, CellIdx>,
}

impl Template {
    /// Looks a cell up by its stable id.
    pub fn cell_index(&self, id: &str) -> Option<CellIdx> {
        self.by_id.get(id).copied()
    }

    /// The cell with this stable id.
    pub fn cell(&self, id: &str) -> Option<&CellDecl> {
        self.cell_index(id).map(|i| &self.cells[i])
    }

    /// The table with this id (`t2`, `t3`, `t4`).
    pub fn table(&self, id: &str) -> Option<&TableDecl> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// A part's declaration.
    pub fn part(&self, p: PartNo) -> &PartDecl {
        &self.parts[p.index()]
    }

    /// The table of a part, if that part is a table.
    pub fn table_of_part(&self, part: PartNo) -> Option<&TableDecl> {
        self.tables.iter().find(|t| t.part == part)
    }

    /// The row declaration of a cell.
    pub fn row_of(&self, idx: CellIdx) -> &RowDecl {
        let c = &self.cells[idx];
        &self.tables[c.table].blocks[c.block].rows[c.row]
    }

    /// The column declaration of a cell.
    pub fn column_of(&self, idx: CellIdx) -> &ColumnDecl {
        let c = &self.cells[idx];
        &self.tables[c.table].blocks[c.block].columns[c.col]
    }

    /// The part (1..=6) a cell belongs to.
    pub fn part_of(&self, idx: CellIdx) -> PartNo {
        self.tables[self.cells[idx].table].part
    }

    /// The ids of the rows of `table` that have every one of `columns`.
    pub fn rows_with(&self, table: &str, columns: &[&str]) -> Vec<&'static str> {
        let Some(t) = self.table(table) else {
            return Vec::new();
        };
        t.blocks
            .iter()
            .filter(|b| columns.iter().all(|c| b.columns.iter().any(|x| x.id == *c)))
            .flat_map(|b| b.rows.iter().map(|r| r.id))
            .collect()
    }

    /// The printed label of a row (its last path element).
    pub fn row_label(&self, table: &str, row: &str) -> Option<&'static str> {
        self.table(table)?
            .blocks
            .iter()
            .flat_map(|b| &b.rows)
            .find(|r| r.id == row)
            .map(|r| r.label())
    }

    /// The 总计 cells of table 三's （六）其他处理 rows (three in 2021, one in 2019), for C16.
    pub fn other_result_totals(&self) -> Vec<String> {
        let Some(t3) = self.table("t3") else {
            return Vec::new();
        };
        t3.blocks
            .iter()
            .flat_map(|b| &b.rows)
            .filter(|r| r.path.get(1).is_some_and(|g| g.starts_with("（六）")))
            .map(|r| CellId::new(t3.id, r.id, "total").key())
            .collect()
    }

    /// Index of the cell at (table, row id, column id).
    pub fn find(&self, table: &str, row: &str, col: &str) -> Option<CellIdx> {
        self.cell_index(&CellId::new(table, row, col).key())
    }

    /// Numbers every cell, indexes the ids and expands the relations.
    pub(super) fn build(
        version: FormatVersion,
        parts: Vec<PartDecl>,
        tables: Vec<TableDecl>,
        relation_decls: Vec<RelationDecl>,
    ) -> Template {
        let mut cells = Vec::new();
        for (ti, table) in tables.iter().enumerate() {
            for (bi, block) in table.blocks.iter().enumerate() {
                for (ri, row) in block.rows.iter().enumerate() {
                    for (ci, col) in block.columns.iter().enumerate() {
                        let row_part = row.short();
                        let mut name = String::from(table.prefix());
                        name.push_str(&row_part);
                        // 表四 has no row labels: its column group names the cell instead.
                        if let (Some(g), true) = (col.group, row_part.is_empty()) {
                            name.push_str(g);
                        }
                        name.push_str(" · ");
                        name.push_str(col.label);
                        cells.push(CellDecl {
                            id: CellId::new(table.id, row.id, col.id).key(),
                            table: ti,
                            block: bi,
                            row: ri,
                            col: ci,
                            kind: col.kind,
                            label: name,
                        });
                    }
                }
            }
        }
        let by_id: HashMap<String, CellIdx> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        assert_eq!(by_id.len(), cells.len(), "cell ids must be unique");
        let mut t = Template {
            version,
            parts,
            tables,
            requires_fee_statement: version.requires_fee_statement(),
            other_totals: Vec::new(),
            item_count_rows: Vec::new(),
            in_force_rows: Vec::new(),
            cells,
            relations: Vec::new(),
            cell_relations: Vec::new(),
            by_id_order: Vec::new(),
            by_id,
        };
        // What the cross-checks read on every keystroke, found once.
        t.other_totals = t
            .other_result_totals()
            .iter()
            .filter_map(|id| t.cell_index(id))
            .collect();
        t.item_count_rows = t.rows_with("t2", &["last_year", "change"]);
        t.in_force_rows = t.rows_with("t2", &["in_force", "issued", "repealed"]);
        let mut order: Vec<CellIdx> = (0..t.cells.len()).collect();
        order.sort_by(|&a, &b| t.cells[a].id.cmp(&t.cells[b].id));
        t.by_id_order = order;
        let relations = relation_decls
            .iter()
            .flat_map(|d| t.expand(d))
            .collect::<Vec<_>>();
        let mut cell_relations = vec![Vec::new(); t.cells.len()];
        for (ri, rel) in relations.iter().enumerate() {
            for c in rel.cells() {
                cell_relations[c].push(ri);
            }
        }
        t.relations = relations;
        t.cell_relations = cell_relations;
        t
    }

    /// Expands one declaration. The declarations are static data checked by the tests, so a
    /// missing id is a programming error and panics at first use.
    fn expand(&self, decl: &RelationDecl) -> Vec<Relation> {
        match decl {
            RelationDecl::RowSums {
                rule,
                table,
                total,
                parts,
                desc,
            } => {
                let (ti, block) = self.first_block(table);
                block
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(ri, row)| {
                        let t = self.declared(table, row.id, total);
                        let parts = parts.iter().map(|c| self.declared(table, row.id, c));
                        let label = self.column_of(t).label;
                        sum(*rule, ti, t, parts.collect(), Axis::Row(ri), (label, desc))
                    })
                    .collect()
            }
            RelationDecl::ColumnSums {
                rule,
                table,
                total,
                parts,
                total_desc,
                desc,
            } => {
                let (ti, block) = self.first_block(table);
                block
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(ci, col)| {
                        let t = self.declared(table, total, col.id);
                        let parts = parts.iter().map(|r| self.declared(table, r, col.id));
                        sum(
                            *rule,
                            ti,
                            t,
                            parts.collect(),
                            Axis::Column(ci),
                            (total_desc, desc),
                        )
                    })
                    .collect()
            }
            RelationDecl::ColumnBalance { .. } => self.expand_balance(decl),
            RelationDecl::GroupSums { .. } => self.expand_groups(decl),
        }
    }

    /// A cell a relation declares. The declarations are static data checked by the tests.
    fn declared(&self, table: &str, row: &str, col: &str) -> CellIdx {
        self.find(table, row, col)
            .unwrap_or_else(|| panic!("relation names unknown cell {table}.{row}.{col}"))
    }

    /// The table a relation declares, and its first (only) block.
    fn first_block(&self, table: &str) -> (usize, &BlockDecl) {
        let ti = self
            .tables
            .iter()
            .position(|t| t.id == table)
            .unwrap_or_else(|| panic!("relation names unknown table {table}"));
        (ti, &self.tables[ti].blocks[0])
    }

    /// For every column: the left rows' sum = the right rows' sum.
    fn expand_balance(&self, decl: &RelationDecl) -> Vec<Relation> {
        let RelationDecl::ColumnBalance {
            rule,
            table,
            left,
            right,
            derived,
            left_desc,
            right_desc,
        } = decl
        else {
            return Vec::new();
        };
        let (ti, block) = self.first_block(table);
        block
            .columns
            .iter()
            .enumerate()
            .map(|(ci, col)| Relation {
                rule: *rule,
                table: ti,
                block: 0,
                lhs: left
                    .iter()
                    .map(|r| self.declared(table, r, col.id))
                    .collect(),
                rhs: right
                    .iter()
                    .map(|r| self.declared(table, r, col.id))
                    .collect(),
                derived: Some(self.declared(table, derived, col.id)),
                axis: Axis::Column(ci),
                lhs_desc: left_desc,
                rhs_desc: right_desc,
            })
            .collect()
    }

    /// In one row, for each group: its total column = its part columns.
    fn expand_groups(&self, decl: &RelationDecl) -> Vec<Relation> {
        let RelationDecl::GroupSums {
            rule,
            table,
            row,
            groups,
            desc,
        } = decl
        else {
            return Vec::new();
        };
        let (ti, block) = self.first_block(table);
        groups
            .iter()
            .map(|(total, parts)| {
                let first = parts.first().copied().unwrap_or(total);
                let gi = block
                    .columns
                    .iter()
                    .position(|c| c.id == first)
                    .unwrap_or(0);
                let t = self.declared(table, row, total);
                let parts = parts.iter().map(|c| self.declared(table, row, c)).collect();
                let label = self.column_of(t).label;
                sum(*rule, ti, t, parts, Axis::Group(gi), (label, desc))
            })
            .collect()
    }
}

/// A total and the cells it sums, along a row, down a column or within a group; `desc` names
/// the two sides in messages.
fn sum(
    rule: Rule,
    table: usize,
    total: CellIdx,
    parts: Vec<CellIdx>,
    axis: Axis,
    desc: (&'static str, &'static str),
) -> Relation {
    Relation {
        rule,
        table,
        block: 0,
        lhs: vec![total],
        rhs: parts,
        derived: Some(total),
        axis,
        lhs_desc: desc.0,
        rhs_desc: desc.1,
    }
}
