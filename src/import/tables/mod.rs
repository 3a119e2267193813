//! Reading tables 二, 三 and 四 out of text: cut the lines into cells (whatever the layout),
//! tell labels from numbers, and place each row's numbers by its label.

use std::collections::{BTreeMap, HashMap};

mod infer;
mod labels;
mod place;
mod tokens;

use labels::*;
use place::*;
use tokens::*;

use super::clean::{self, normalize_label};
use crate::core::report::ImportNote;
use crate::core::template::{CellId, TableDecl, Template};
use crate::core::{FormatVersion, Rule};

/// What the tables gave.
pub struct Tables {
    /// The format the labels match best.
    pub format: FormatVersion,
    /// Cell id → text as typed.
    pub cells: BTreeMap<String, String>,
    /// What could not be placed.
    pub notes: Vec<ImportNote>,
    /// Lines of prose found among the tables of parts 二, 三, 四, kept in their part.
    pub prose: [Vec<String>; 3],
    /// Groups of rows the original printed as one.
    pub printed: Vec<crate::core::PrintedGroup>,
}

fn row_cells(table: &TableDecl, bi: usize, ri: usize) -> Vec<String> {
    let block = &table.blocks[bi];
    let row = &block.rows[ri];
    block
        .columns
        .iter()
        .map(|c| CellId::new(table.id, row.id, c.id).key())
        .collect()
}

fn table_cells(table: &TableDecl) -> Vec<String> {
    (0..table.blocks.len())
        .flat_map(|bi| (0..table.blocks[bi].rows.len()).map(move |ri| (bi, ri)))
        .flat_map(|(bi, ri)| row_cells(table, bi, ri))
        .collect()
}

/// Reads the tables out of the lines of parts 二, 三 and 四.
pub fn read_tables(parts: &[Vec<String>], year: i32) -> Tables {
    let mut prose: [Vec<String>; 3] = Default::default();
    let mut toks = Vec::new();
    // One layout for all three tables: table 四 alone is a single row of numbers.
    let all: Vec<String> = parts.iter().flatten().cloned().collect();
    let layout = detect_layout(&all);
    // A row label of either format, exactly (to share wrapped label lines between rows).
    let indexes: Vec<LabelIndex> = FormatVersion::ALL
        .iter()
        .map(|f| LabelIndex::new(f.template()))
        .collect();
    let is_label = |text: &str| {
        let norm = normalize_label(text);
        !norm.is_empty()
            && indexes.iter().any(|ix| {
                ix.exact
                    .get(&norm)
                    .is_some_and(|v| v.iter().any(|l| matches!(l, Label::Row(..))))
            })
    };
    for (i, lines) in parts.iter().enumerate().take(3) {
        for t in tokenize(lines, layout, &is_label, &mut prose[i]) {
            toks.push((i + 2, t));
        }
        toks.push((i + 2, Tok::RowEnd));
    }
    let readings: Vec<(FormatVersion, Reading)> = FormatVersion::ALL
        .iter()
        .map(|&f| {
            let t = f.template();
            (f, read_with(t, &toks, &LabelIndex::new(t)))
        })
        .collect();
    let fallback = super::default_format(year);
    let best = readings
        .iter()
        .map(|(f, r)| (r.matched, *f == fallback))
        .max()
        .unwrap_or((0, true));
    let (format, mut reading) = readings
        .into_iter()
        .find(|(f, r)| (r.matched, *f == fallback) == best)
        .unwrap_or_else(|| {
            let t = fallback.template();
            (fallback, read_with(t, &toks, &LabelIndex::new(t)))
        });
    let printed = infer::other_group(format.template(), &toks, &mut reading);
    // Text that is no label stays in the text of its part, so nothing typed is lost.
    for (part, s) in reading.unplaced {
        prose[part.saturating_sub(2).min(2)].push(s);
    }
    Tables {
        format,
        cells: reading.cells,
        notes: reading.notes,
        prose,
        printed: printed.into_iter().collect(),
    }
}
