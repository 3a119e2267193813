//! A group of rows that the original printed as one: table 三's （六）其他处理 kept as the 2019
//! format's single row in a 2021 report, or one value cell merged across its three sub-rows.
//! The printed numbers are the group's total; they cannot be shared out among the sub-rows, so
//! the sub-rows stay blank (or exactly 0 where the total is 0) and the group's numbers stand in
//! for them in the arithmetic, in C5 and in the exports until the clerk fills the sub-rows.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::report::Report;
use super::template::{CellIdx, Template};
use super::values::CellValue;

/// How the original printed the group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum GroupLayout {
    /// One row with the group's own label, as the 2019 format has it.
    OneRow,
    /// The sub-rows' labels, each value cell merged across them.
    Merged,
}

/// A group of rows printed as one, with the numbers the original printed for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrintedGroup {
    /// The table's id, e.g. `t3`.
    pub table: String,
    /// The group's label as the template prints it, e.g. 「（六）其他处理」.
    pub group: String,
    /// How the original printed it.
    pub layout: GroupLayout,
    /// Value column id → the text the original printed there.
    pub values: BTreeMap<String, String>,
}

/// One value column of a printed group.
#[derive(Clone, Debug)]
pub struct PrintedColumn<'a> {
    /// The column's position in its block.
    pub col: usize,
    /// The template cells of the sub-rows in this column, top to bottom.
    pub cells: Vec<CellIdx>,
    /// What the original printed for the group here.
    pub text: &'a str,
    /// That text as a count, if it is one.
    pub value: Option<i64>,
}

impl PrintedGroup {
    /// The block rows (indexes) of the group's sub-rows in the first block of its table.
    pub fn rows(&self, t: &Template) -> Vec<usize> {
        let Some(table) = t.table(&self.table) else {
            return Vec::new();
        };
        table.blocks[0]
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.path.len() >= 2 && r.path[r.path.len() - 2] == self.group)
            .map(|(i, _)| i)
            .collect()
    }

    /// The group's value columns, each with its sub-row cells and the printed number.
    pub fn columns(&self, t: &Template) -> Vec<PrintedColumn<'_>> {
        let Some(table) = t.table(&self.table) else {
            return Vec::new();
        };
        let block = &table.blocks[0];
        let rows = self.rows(t);
        block
            .columns
            .iter()
            .enumerate()
            .filter_map(|(ci, col)| {
                let text = self.values.get(col.id)?.as_str();
                let cells: Option<Vec<CellIdx>> = rows
                    .iter()
                    .map(|&r| t.find(table.id, block.rows[r].id, col.id))
                    .collect();
                Some(PrintedColumn {
                    col: ci,
                    cells: cells?,
                    text,
                    value: text.trim().parse::<i64>().ok().filter(|v| *v >= 0),
                })
            })
            .collect()
    }

    /// Whether the printed numbers still stand for the sub-rows: each of them is blank, or the
    /// group's number is 0 and the sub-rows hold exactly 0. Once the clerk fills a sub-row with
    /// anything else, the template's own rows are what the report says.
    pub fn in_force(&self, t: &Template, values: &[CellValue]) -> bool {
        let columns = self.columns(t);
        !columns.is_empty()
            && columns.iter().all(|c| {
                c.cells
                    .iter()
                    .all(|&i| matches!(values[i], CellValue::Unfilled))
                    || (c.value == Some(0) && c.cells.iter().all(|&i| values[i].arith() == Some(0)))
            })
    }
}

impl Report {
    /// The printed groups whose numbers still stand for their sub-rows (see
    /// [`PrintedGroup::in_force`]).
    pub fn groups_in_force<'a>(&'a self, values: &[CellValue]) -> Vec<&'a PrintedGroup> {
        let t = self.template();
        self.printed_groups
            .iter()
            .filter(|g| g.in_force(t, values))
            .collect()
    }

    /// The text a published copy shows in a value cell: the group's printed number in the
    /// first sub-row of a group in force, the typed text everywhere else.
    pub fn shown_text<'a>(&'a self, groups: &[&'a PrintedGroup], idx: CellIdx) -> &'a str {
        let t = self.template();
        for g in groups {
            for c in g.columns(t) {
                if c.cells.first() == Some(&idx) {
                    return c.text.trim();
                }
            }
        }
        self.cell_text(&t.cells[idx].id).trim()
    }
}
