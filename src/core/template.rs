//! The two official report formats, declared once as data.
//!
//! Everything else (checks, autosum, the grids, the PDF tables, the JSON copy) reads these
//! declarations. A third format version is a new `fn` here plus a test; nothing else changes.
//!
//! Labels are the official ones, verbatim (spec §1–4).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Which official format a report follows.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum FormatVersion {
    /// 国办公开办函〔2021〕30号, for reports on 2021 and later.
    #[serde(rename = "gov2021")]
    Gov2021,
    /// 国办公开办函〔2019〕60号 (试行), for reports on 2019 and 2020.
    #[serde(rename = "gov2019")]
    Gov2019,
}

impl FormatVersion {
    /// All versions, newest first.
    pub const ALL: [FormatVersion; 2] = [FormatVersion::Gov2021, FormatVersion::Gov2019];

    /// The stable id used in files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            FormatVersion::Gov2021 => "gov2021",
            FormatVersion::Gov2019 => "gov2019",
        }
    }

    /// Parses a stable id (`gov2021`, `gov2019`).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.id() == id)
    }

    /// The issuing document, for messages.
    pub fn document(self) -> &'static str {
        match self {
            FormatVersion::Gov2021 => "国办公开办函〔2021〕30号（2021年格式）",
            FormatVersion::Gov2019 => "国办公开办函〔2019〕60号（2019年试行格式）",
        }
    }

    /// The template of this version.
    pub fn template(self) -> &'static Template {
        match self {
            FormatVersion::Gov2021 => &GOV2021,
            FormatVersion::Gov2019 => &GOV2019,
        }
    }
}

impl fmt::Display for FormatVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// What a cell holds; decides how its text is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum ValueKind {
    /// A non-negative whole number (件数, 数量).
    Count,
    /// A signed whole number (本年增/减): 「增45」, 「减3」, 「-18」.
    SignedChange,
    /// Money in 万元, up to six decimals.
    Wan,
    /// Money in 元, two decimals.
    Yuan,
}

impl ValueKind {
    /// The unit the header already gives, which a cell may repeat (and is asked to drop).
    pub fn unit(self) -> Option<&'static str> {
        match self {
            ValueKind::Count | ValueKind::SignedChange => None,
            ValueKind::Wan => Some("万元"),
            ValueKind::Yuan => Some("元"),
        }
    }

    /// How many decimals the kind allows.
    pub fn max_decimals(self) -> u32 {
        match self {
            ValueKind::Count | ValueKind::SignedChange => 0,
            ValueKind::Wan => 6,
            ValueKind::Yuan => 2,
        }
    }

    /// A short Chinese description, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            ValueKind::Count => "非负整数",
            ValueKind::SignedChange => "整数（可带正负号或“增”“减”）",
            ValueKind::Wan => "金额（万元，最多六位小数）",
            ValueKind::Yuan => "金额（元，最多两位小数）",
        }
    }
}

/// Which check (or arithmetic relation) a finding comes from.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum Rule {
    /// 表三 every row: 总计 = sum of the applicant columns.
    R1,
    /// 表三 every column: （七）总计 = sum of the result rows.
    R2,
    /// 表三 every column: 一 + 二 = （七）总计 + 四.
    R3,
    /// 表四 each group: 总计 = the four results.
    R4,
    /// A cell's value is not of its kind (or is blank).
    C5,
    /// Format version vs year; labels and cells of the template.
    C6,
    /// All six parts present and non-empty.
    C7,
    /// gov2021: part 六 reports the 信息处理费.
    C8,
    /// Part 一 longer than 1000 characters.
    C9,
    /// Part 一 misses one of the five aspects.
    C10,
    /// Date of issue after the deadline.
    C11,
    /// Numbers in the prose disagree with the tables.
    C12,
    /// 上年结转 vs last year's 结转下年度.
    C13,
    /// 现行有效件数 roll-forward.
    C14,
    /// Part 五 nearly identical to last year's.
    C15,
    /// 其他处理 a large share of all results.
    C16,
    /// gov2019: 上一年项目数量 + 本年增/减 < 0.
    C17,
    /// No 统计期限 sentence, or no agency name and date at the end.
    C18,
    /// Import: a whole table was not found in the imported text.
    I1,
    /// Import: a row of a table was not found (or had no numbers).
    I2,
    /// Import: a row had more or fewer numbers than the template has cells.
    I3,
    /// Import: text or numbers that could not be placed (kept in the part they followed).
    I4,
    /// Import: title, year or format could not be read and was guessed.
    I5,
    /// Import: fewer than half of the table cells could be placed.
    I6,
}

impl Rule {
    /// The id printed in messages and files (`R1`, `C5`, …).
    pub fn id(self) -> &'static str {
        match self {
            Rule::R1 => "R1",
            Rule::R2 => "R2",
            Rule::R3 => "R3",
            Rule::R4 => "R4",
            Rule::C5 => "C5",
            Rule::C6 => "C6",
            Rule::C7 => "C7",
            Rule::C8 => "C8",
            Rule::C9 => "C9",
            Rule::C10 => "C10",
            Rule::C11 => "C11",
            Rule::C12 => "C12",
            Rule::C13 => "C13",
            Rule::C14 => "C14",
            Rule::C15 => "C15",
            Rule::C16 => "C16",
            Rule::C17 => "C17",
            Rule::C18 => "C18",
            Rule::I1 => "I1",
            Rule::I2 => "I2",
            Rule::I3 => "I3",
            Rule::I4 => "I4",
            Rule::I5 => "I5",
            Rule::I6 => "I6",
        }
    }
}

impl Rule {
    /// What the rule checks, in a few Chinese words.
    pub fn title(self) -> &'static str {
        match self {
            Rule::R1 => "行合计",
            Rule::R2 => "列合计",
            Rule::R3 => "勾稽关系",
            Rule::R4 => "复议诉讼合计",
            Rule::C5 => "单元格取值",
            Rule::C6 => "格式版本",
            Rule::C7 => "六部分齐全",
            Rule::C8 => "信息处理费",
            Rule::C9 => "总体情况篇幅",
            Rule::C10 => "总体情况要素",
            Rule::C11 => "成文日期",
            Rule::C12 => "正文与表格",
            Rule::C13 => "上年结转",
            Rule::C14 => "现行有效件数",
            Rule::C15 => "与上年雷同",
            Rule::C16 => "其他处理占比",
            Rule::C17 => "项目数量增减",
            Rule::C18 => "统计期限与落款",
            Rule::I1 => "导入：缺表",
            Rule::I2 => "导入：缺行",
            Rule::I3 => "导入：格数不符",
            Rule::I4 => "导入：未识别内容",
            Rule::I5 => "导入：标题与格式",
            Rule::I6 => "导入：大部分表格未填入",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One of the six mandated parts.
#[derive(Clone, Debug)]
pub struct PartDecl {
    /// 1..=6.
    pub number: u8,
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

const fn th(text: &'static str, col_span: usize, row_span: usize) -> HeaderCell {
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
    /// The part it belongs to (2, 3 or 4).
    pub part: u8,
    /// How many columns the row labels take (0 for 表四).
    pub label_columns: usize,
    /// The blocks, top to bottom.
    pub blocks: Vec<BlockDecl>,
}

impl TableDecl {
    /// The part's number as printed before a label, e.g. 「三、」.
    pub fn prefix(&self) -> &'static str {
        PART_NUMERALS[usize::from(self.part) - 1]
    }
}

/// Chinese numerals of the six parts followed by 「、」.
pub const PART_NUMERALS: [&str; 6] = ["一、", "二、", "三、", "四、", "五、", "六、"];

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
    /// The relations as declared.
    pub relation_decls: Vec<RelationDecl>,
    /// Every cell, in reading order (table, block, row, column).
    pub cells: Vec<CellDecl>,
    /// The relations, expanded.
    pub relations: Vec<Relation>,
    /// For each cell, the indices of the relations that read it.
    pub cell_relations: Vec<Vec<usize>>,
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
    pub fn part_of(&self, idx: CellIdx) -> u8 {
        self.tables[self.cells[idx].table].part
    }

    /// Index of the cell at (table, row id, column id).
    pub fn find(&self, table: &str, row: &str, col: &str) -> Option<CellIdx> {
        self.cell_index(&format!("{table}.{row}.{col}"))
    }

    fn build(
        version: FormatVersion,
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
                            id: format!("{}.{}.{}", table.id, row.id, col.id),
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
            parts: parts(),
            tables,
            relation_decls: Vec::new(),
            cells,
            relations: Vec::new(),
            cell_relations: Vec::new(),
            by_id_order: Vec::new(),
            by_id,
        };
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
        t.relation_decls = relation_decls;
        t.cell_relations = cell_relations;
        t
    }

    /// Expands one declaration. The declarations are static data checked by the tests, so a
    /// missing id is a programming error and panics at first use.
    fn expand(&self, decl: &RelationDecl) -> Vec<Relation> {
        let cell = |table: &str, row: &str, col: &str| -> CellIdx {
            self.find(table, row, col)
                .unwrap_or_else(|| panic!("relation names unknown cell {table}.{row}.{col}"))
        };
        let block_of = |table: &str| -> (usize, &BlockDecl) {
            let ti = self
                .tables
                .iter()
                .position(|t| t.id == table)
                .unwrap_or_else(|| panic!("relation names unknown table {table}"));
            (ti, &self.tables[ti].blocks[0])
        };
        match decl {
            RelationDecl::RowSums {
                rule,
                table,
                total,
                parts,
                desc,
            } => {
                let (ti, block) = block_of(table);
                block
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(ri, row)| {
                        let t = cell(table, row.id, total);
                        Relation {
                            rule: *rule,
                            table: ti,
                            block: 0,
                            lhs: vec![t],
                            rhs: parts.iter().map(|c| cell(table, row.id, c)).collect(),
                            derived: Some(t),
                            axis: Axis::Row(ri),
                            lhs_desc: self.column_of(t).label,
                            rhs_desc: desc,
                        }
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
                let (ti, block) = block_of(table);
                block
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(ci, col)| {
                        let t = cell(table, total, col.id);
                        Relation {
                            rule: *rule,
                            table: ti,
                            block: 0,
                            lhs: vec![t],
                            rhs: parts.iter().map(|r| cell(table, r, col.id)).collect(),
                            derived: Some(t),
                            axis: Axis::Column(ci),
                            lhs_desc: total_desc,
                            rhs_desc: desc,
                        }
                    })
                    .collect()
            }
            RelationDecl::ColumnBalance {
                rule,
                table,
                left,
                right,
                derived,
                left_desc,
                right_desc,
            } => {
                let (ti, block) = block_of(table);
                block
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(ci, col)| Relation {
                        rule: *rule,
                        table: ti,
                        block: 0,
                        lhs: left.iter().map(|r| cell(table, r, col.id)).collect(),
                        rhs: right.iter().map(|r| cell(table, r, col.id)).collect(),
                        derived: Some(cell(table, derived, col.id)),
                        axis: Axis::Column(ci),
                        lhs_desc: left_desc,
                        rhs_desc: right_desc,
                    })
                    .collect()
            }
            RelationDecl::GroupSums {
                rule,
                table,
                row,
                groups,
                desc,
            } => {
                let (ti, block) = block_of(table);
                groups
                    .iter()
                    .map(|(total, parts)| {
                        let first = parts.first().copied().unwrap_or(total);
                        let gi = block
                            .columns
                            .iter()
                            .position(|c| c.id == first)
                            .unwrap_or(0);
                        let t = cell(table, row, total);
                        Relation {
                            rule: *rule,
                            table: ti,
                            block: 0,
                            lhs: vec![t],
                            rhs: parts.iter().map(|c| cell(table, row, c)).collect(),
                            derived: Some(t),
                            axis: Axis::Group(gi),
                            lhs_desc: self.column_of(t).label,
                            rhs_desc: desc,
                        }
                    })
                    .collect()
            }
        }
    }
}

fn parts() -> Vec<PartDecl> {
    [
        ("一、总体情况", true),
        ("二、主动公开政府信息情况", false),
        ("三、收到和处理政府信息公开申请情况", false),
        ("四、政府信息公开行政复议、行政诉讼情况", false),
        ("五、存在的主要问题及改进情况", true),
        ("六、其他需要报告的事项", true),
    ]
    .into_iter()
    .zip(1u8..)
    .map(|((heading, is_prose), number)| PartDecl {
        number,
        heading,
        is_prose,
    })
    .collect()
}

fn col(id: &'static str, label: &'static str, kind: ValueKind) -> ColumnDecl {
    ColumnDecl {
        id,
        label,
        group: None,
        kind,
    }
}

fn row(id: &'static str, path: &[&'static str]) -> RowDecl {
    RowDecl {
        id,
        path: path.to_vec(),
    }
}

/// A block of table 二: title row, 「信息内容」 + columns, one label column.
fn t2_block(
    id: &'static str,
    title: &'static str,
    columns: Vec<ColumnDecl>,
    rows: Vec<RowDecl>,
) -> BlockDecl {
    let mut header = vec![th("信息内容", 1, 1)];
    header.extend(columns.iter().map(|c| th(c.label, 1, 1)));
    BlockDecl {
        id,
        title: Some(title),
        header: vec![header],
        columns,
        rows,
    }
}

use ValueKind::{Count, SignedChange, Wan, Yuan};

fn table2_gov2021() -> TableDecl {
    TableDecl {
        id: "t2",
        part: 2,
        label_columns: 1,
        blocks: vec![
            t2_block(
                "item1",
                "第二十条第（一）项",
                vec![
                    col("issued", "本年制发件数", Count),
                    col("repealed", "本年废止件数", Count),
                    col("in_force", "现行有效件数", Count),
                ],
                vec![
                    row("rules", &["规章"]),
                    row("normative", &["行政规范性文件"]),
                ],
            ),
            t2_block(
                "item5",
                "第二十条第（五）项",
                vec![col("decisions", "本年处理决定数量", Count)],
                vec![row("permits", &["行政许可"])],
            ),
            t2_block(
                "item6",
                "第二十条第（六）项",
                vec![col("decisions", "本年处理决定数量", Count)],
                vec![
                    row("penalties", &["行政处罚"]),
                    row("enforcement", &["行政强制"]),
                ],
            ),
            t2_block(
                "item8",
                "第二十条第（八）项",
                vec![col("amount", "本年收费金额（单位：万元）", Wan)],
                vec![row("fees", &["行政事业性收费"])],
            ),
        ],
    }
}

fn table2_gov2019() -> TableDecl {
    let items = || {
        vec![
            col("last_year", "上一年项目数量", Count),
            col("change", "本年增/减", SignedChange),
            col("decisions", "处理决定数量", Count),
        ]
    };
    TableDecl {
        id: "t2",
        part: 2,
        label_columns: 1,
        blocks: vec![
            t2_block(
                "item1",
                "第二十条第（一）项",
                vec![
                    col("made", "本年新制作数量", Count),
                    col("published", "本年新公开数量", Count),
                    col("public_total", "对外公开总数量", Count),
                ],
                vec![row("rules", &["规章"]), row("normative", &["规范性文件"])],
            ),
            t2_block(
                "item5",
                "第二十条第（五）项",
                items(),
                vec![
                    row("permits", &["行政许可"]),
                    row("services", &["其他对外管理服务事项"]),
                ],
            ),
            t2_block(
                "item6",
                "第二十条第（六）项",
                items(),
                vec![
                    row("penalties", &["行政处罚"]),
                    row("enforcement", &["行政强制"]),
                ],
            ),
            t2_block(
                "item8",
                "第二十条第（八）项",
                vec![
                    col("last_year", "上一年项目数量", Count),
                    col("change", "本年增/减", SignedChange),
                ],
                vec![row("fees", &["行政事业性收费"])],
            ),
            t2_block(
                "item9",
                "第二十条第（九）项",
                vec![
                    col("projects", "采购项目数量", Count),
                    col("amount", "采购总金额", Yuan),
                ],
                vec![row("procurement", &["政府集中采购"])],
            ),
        ],
    }
}

const RESULTS: &str = "三、本年度办理结果";
const DENIED: &str = "（三）不予公开";
const UNABLE: &str = "（四）无法提供";
const UNHANDLED: &str = "（五）不予处理";
const OTHER: &str = "（六）其他处理";

/// The printed relation in the top-left header cell of table 三.
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

fn table3(version: FormatVersion) -> TableDecl {
    let mut rows = vec![
        row("new", &["一、本年新收政府信息公开申请数量"]),
        row("carried_in", &["二、上年结转政府信息公开申请数量"]),
        row("granted", &[RESULTS, "（一）予以公开"]),
        row(
            "partly",
            &[
                RESULTS,
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ],
        ),
        row("denied_1", &[RESULTS, DENIED, "1.属于国家秘密"]),
        row("denied_2", &[RESULTS, DENIED, "2.其他法律行政法规禁止公开"]),
        row("denied_3", &[RESULTS, DENIED, "3.危及“三安全一稳定”"]),
        row("denied_4", &[RESULTS, DENIED, "4.保护第三方合法权益"]),
        row("denied_5", &[RESULTS, DENIED, "5.属于三类内部事务信息"]),
        row("denied_6", &[RESULTS, DENIED, "6.属于四类过程性信息"]),
        row("denied_7", &[RESULTS, DENIED, "7.属于行政执法案卷"]),
        row("denied_8", &[RESULTS, DENIED, "8.属于行政查询事项"]),
        row("unable_1", &[RESULTS, UNABLE, "1.本机关不掌握相关政府信息"]),
        row("unable_2", &[RESULTS, UNABLE, "2.没有现成信息需要另行制作"]),
        row("unable_3", &[RESULTS, UNABLE, "3.补正后申请内容仍不明确"]),
        row("unhandled_1", &[RESULTS, UNHANDLED, "1.信访举报投诉类申请"]),
        row("unhandled_2", &[RESULTS, UNHANDLED, "2.重复申请"]),
        row("unhandled_3", &[RESULTS, UNHANDLED, "3.要求提供公开出版物"]),
        row(
            "unhandled_4",
            &[RESULTS, UNHANDLED, "4.无正当理由大量反复申请"],
        ),
        row(
            "unhandled_5",
            &[RESULTS, UNHANDLED, "5.要求行政机关确认或重新出具已获取信息"],
        ),
    ];
    match version {
        FormatVersion::Gov2021 => rows.extend([
            row(
                "other_1",
                &[
                    RESULTS,
                    OTHER,
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                ],
            ),
            row(
                "other_2",
                &[
                    RESULTS,
                    OTHER,
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ],
            ),
            row("other_3", &[RESULTS, OTHER, "3.其他"]),
        ]),
        FormatVersion::Gov2019 => rows.push(row("other", &[RESULTS, OTHER])),
    }
    rows.push(row("total", &[RESULTS, "（七）总计"]));
    rows.push(row("carried_out", &["四、结转下年度继续办理"]));

    let columns = vec![
        col("natural", "自然人", Count),
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("business", "商业企业", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("research", "科研机构", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("nonprofit", "社会公益组织", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("legal", "法律服务机构", Count)
        },
        ColumnDecl {
            group: Some("法人或其他组织"),
            ..col("other", "其他", Count)
        },
        col("total", "总计", Count),
    ];
    TableDecl {
        id: "t3",
        part: 3,
        label_columns: 3,
        blocks: vec![BlockDecl {
            id: "main",
            title: None,
            header: vec![
                vec![th(T3_NOTE, 3, 3), th("申请人情况", 7, 1)],
                vec![
                    th("自然人", 1, 2),
                    th("法人或其他组织", 5, 1),
                    th("总计", 1, 2),
                ],
                vec![
                    th("商业企业", 1, 1),
                    th("科研机构", 1, 1),
                    th("社会公益组织", 1, 1),
                    th("法律服务机构", 1, 1),
                    th("其他", 1, 1),
                ],
            ],
            columns,
            rows,
        }],
    }
}

/// The table 三 rows that R2 sums into （七）总计.
fn t3_result_rows(version: FormatVersion) -> Vec<&'static str> {
    let mut v = vec!["granted", "partly"];
    v.extend([
        "denied_1",
        "denied_2",
        "denied_3",
        "denied_4",
        "denied_5",
        "denied_6",
        "denied_7",
        "denied_8",
        "unable_1",
        "unable_2",
        "unable_3",
        "unhandled_1",
        "unhandled_2",
        "unhandled_3",
        "unhandled_4",
        "unhandled_5",
    ]);
    match version {
        FormatVersion::Gov2021 => v.extend(["other_1", "other_2", "other_3"]),
        FormatVersion::Gov2019 => v.push("other"),
    }
    v
}

/// The three groups of table 四: (id prefix, printed group).
const T4_GROUPS: [(&str, &str); 3] = [
    ("review", "行政复议"),
    ("suit_direct", "未经复议直接起诉"),
    ("suit_after", "复议后起诉"),
];

/// The five columns of each group of table 四: (id suffix, label).
const T4_LEAVES: [(&str, &str); 5] = [
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
];

fn t4_col_id(group: usize, leaf: usize) -> &'static str {
    // Fifteen fixed ids; spelled out so they are `'static` and greppable.
    const IDS: [[&str; 5]; 3] = [
        [
            "review_upheld",
            "review_corrected",
            "review_other",
            "review_pending",
            "review_total",
        ],
        [
            "suit_direct_upheld",
            "suit_direct_corrected",
            "suit_direct_other",
            "suit_direct_pending",
            "suit_direct_total",
        ],
        [
            "suit_after_upheld",
            "suit_after_corrected",
            "suit_after_other",
            "suit_after_pending",
            "suit_after_total",
        ],
    ];
    IDS[group][leaf]
}

fn table4() -> TableDecl {
    let mut columns = Vec::new();
    for (gi, (_, group)) in T4_GROUPS.iter().enumerate() {
        for (li, (_, leaf)) in T4_LEAVES.iter().enumerate() {
            columns.push(ColumnDecl {
                id: t4_col_id(gi, li),
                label: leaf,
                group: Some(group),
                kind: Count,
            });
        }
    }
    let leaves = |span: usize| T4_LEAVES.iter().map(move |(_, l)| th(l, 1, span));
    let top = vec![th("行政复议", 5, 1), th("行政诉讼", 10, 1)];
    let mut middle: Vec<HeaderCell> = leaves(2).collect();
    middle.push(th("未经复议直接起诉", 5, 1));
    middle.push(th("复议后起诉", 5, 1));
    let bottom: Vec<HeaderCell> = leaves(1).chain(leaves(1)).collect();
    TableDecl {
        id: "t4",
        part: 4,
        label_columns: 0,
        blocks: vec![BlockDecl {
            id: "main",
            title: None,
            header: vec![top, middle, bottom],
            columns,
            rows: vec![row("cases", &[])],
        }],
    }
}

fn t4_relation() -> RelationDecl {
    RelationDecl::GroupSums {
        rule: Rule::R4,
        table: "t4",
        row: "cases",
        groups: (0..3)
            .map(|g| (t4_col_id(g, 4), (0..4).map(|l| t4_col_id(g, l)).collect()))
            .collect(),
        desc: "结果维持、结果纠正、其他结果、尚未审结",
    }
}

fn t3_relations(version: FormatVersion) -> Vec<RelationDecl> {
    vec![
        RelationDecl::RowSums {
            rule: Rule::R1,
            table: "t3",
            total: "total",
            parts: vec![
                "natural",
                "business",
                "research",
                "nonprofit",
                "legal",
                "other",
            ],
            desc: "各类申请人",
        },
        RelationDecl::ColumnSums {
            rule: Rule::R2,
            table: "t3",
            total: "total",
            parts: t3_result_rows(version),
            total_desc: "（七）总计",
            desc: "各项办理结果",
        },
        RelationDecl::ColumnBalance {
            rule: Rule::R3,
            table: "t3",
            left: vec!["new", "carried_in"],
            right: vec!["total", "carried_out"],
            derived: "carried_out",
            left_desc: "一 + 二",
            right_desc: "（七）总计 + 四",
        },
    ]
}

fn template(version: FormatVersion) -> Template {
    let t2 = match version {
        FormatVersion::Gov2021 => table2_gov2021(),
        FormatVersion::Gov2019 => table2_gov2019(),
    };
    let mut relations = t3_relations(version);
    relations.push(t4_relation());
    Template::build(version, vec![t2, table3(version), table4()], relations)
}

static GOV2021: LazyLock<Template> = LazyLock::new(|| template(FormatVersion::Gov2021));
static GOV2019: LazyLock<Template> = LazyLock::new(|| template(FormatVersion::Gov2019));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_counts_match_the_spec() {
        let t21 = FormatVersion::Gov2021.template();
        let t19 = FormatVersion::Gov2019.template();
        let count = |t: &Template, id: &str| {
            t.cells
                .iter()
                .filter(|c| t.tables[c.table].id == id)
                .count()
        };
        assert_eq!(count(t21, "t2"), 10);
        assert_eq!(count(t19, "t2"), 22);
        assert_eq!(count(t21, "t3"), 25 * 7);
        assert_eq!(count(t19, "t3"), 23 * 7);
        assert_eq!(count(t21, "t4"), 15);
        assert_eq!(count(t19, "t4"), 15);
    }

    #[test]
    fn relations_expand() {
        let t = FormatVersion::Gov2021.template();
        let n = |r: Rule| t.relations.iter().filter(|x| x.rule == r).count();
        assert_eq!(n(Rule::R1), 25);
        assert_eq!(n(Rule::R2), 7);
        assert_eq!(n(Rule::R3), 7);
        assert_eq!(n(Rule::R4), 3);
        // R2 sums 21 result rows in gov2021, 19 in gov2019 (三 spans them plus （七）).
        let r2 = t
            .relations
            .iter()
            .find(|x| x.rule == Rule::R2)
            .map(|r| r.rhs.len());
        assert_eq!(r2, Some(21));
        let t19 = FormatVersion::Gov2019.template();
        let r2 = t19
            .relations
            .iter()
            .find(|x| x.rule == Rule::R2)
            .map(|r| r.rhs.len());
        assert_eq!(r2, Some(19));
    }

    #[test]
    fn labels_for_messages() {
        let t = FormatVersion::Gov2021.template();
        let label = |id: &str| t.cell(id).map(|c| c.label.clone());
        assert_eq!(
            label("t3.total.total").as_deref(),
            Some("三、（七）总计 · 总计")
        );
        assert_eq!(
            label("t3.denied_1.business").as_deref(),
            Some("三、（三）1.属于国家秘密 · 商业企业")
        );
        assert_eq!(
            label("t4.cases.suit_after_total").as_deref(),
            Some("四、复议后起诉 · 总计")
        );
        assert_eq!(
            label("t2.permits.decisions").as_deref(),
            Some("二、行政许可 · 本年处理决定数量")
        );
    }

    #[test]
    fn header_spans_cover_the_columns() {
        for v in FormatVersion::ALL {
            for table in &v.template().tables {
                for block in &table.blocks {
                    let width = table.label_columns.max(usize::from(table.id == "t2"))
                        + block.columns.len();
                    // Every slot of the header grid is covered exactly once.
                    let mut grid = vec![vec![0u8; width]; block.header.len()];
                    for h in block.place_header(width) {
                        assert!(
                            h.col_end - h.col >= 1 && h.row_end - h.row >= 1,
                            "{}",
                            h.text
                        );
                        for row in &mut grid[h.row..h.row_end] {
                            for slot in &mut row[h.col..h.col_end] {
                                *slot += 1;
                            }
                        }
                    }
                    assert!(
                        grid.iter().all(|r| r.iter().all(|x| *x == 1)),
                        "{} {}",
                        table.id,
                        block.id
                    );
                }
            }
        }
    }
}
