//! Autosum: derive the totals from their parts, as an ordinary (undoable) edit.
//!
//! Totals (R1's 总计 column, R2's （七）总计 row, R4's 总计 cells) are always recomputed.
//! 四、结转下年度继续办理 is derived from R3 only where the clerk left it blank.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::report::Report;
use super::template::CellIdx;
use super::values::CellValue;

/// One cell's change: what it held and what it will hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellEdit {
    /// Stable cell id.
    pub id: String,
    /// The text before.
    pub old: String,
    /// The text after ("" makes it unfilled).
    pub new: String,
}

/// The edits autosum would make, for every table (`None`) or for one (`Some("t3")`).
pub fn autosum_edits(report: &Report, table: Option<&str>) -> Vec<CellEdit> {
    let t = report.template();
    let values = report.values();
    let mut ints: Vec<Option<i64>> = values.iter().map(CellValue::arith).collect();
    let blank: Vec<bool> = values.iter().map(|v| *v == CellValue::Unfilled).collect();
    let in_scope = |table_idx: usize| table.is_none_or(|id| t.tables[table_idx].id == id);

    let mut changed: Vec<CellIdx> = Vec::new();
    let mut balanced: HashSet<CellIdx> = HashSet::new();
    let sum = |ints: &[Option<i64>], cells: &[CellIdx]| -> Option<i64> {
        cells
            .iter()
            .try_fold(0i64, |acc, &c| ints[c].and_then(|v| acc.checked_add(v)))
    };
    // The relations form an acyclic graph (parts → totals), so a few passes reach the fixpoint;
    // the bound only guards against a malformed template.
    for _ in 0..=t.relations.len() {
        let mut any = false;
        for rel in t.relations.iter().filter(|r| in_scope(r.table)) {
            let Some(d) = rel.derived else { continue };
            let new = if rel.lhs == [d] {
                sum(&ints, &rel.rhs)
            } else if blank[d] && !balanced.contains(&d) && rel.rhs.contains(&d) {
                let others: Vec<CellIdx> = rel.rhs.iter().copied().filter(|&c| c != d).collect();
                match (sum(&ints, &rel.lhs), sum(&ints, &others)) {
                    (Some(l), Some(o)) if l >= o => {
                        balanced.insert(d);
                        Some(l - o)
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some(v) = new
                && (ints[d] != Some(v) || blank[d])
            {
                let first_time = !changed.contains(&d);
                if ints[d] != Some(v) || first_time {
                    ints[d] = Some(v);
                    if first_time {
                        changed.push(d);
                    }
                    any = true;
                }
            }
        }
        if !any {
            break;
        }
    }
    changed.sort_unstable();
    changed
        .into_iter()
        .filter_map(|c| {
            let id = &t.cells[c].id;
            let old = report.cell_text(id).to_string();
            let new = ints[c]?.to_string();
            (old.trim() != new).then(|| CellEdit {
                id: id.clone(),
                old,
                new,
            })
        })
        .collect()
}

/// Applies edits (autosum's or the UI's) to a report.
pub fn apply_edits(report: &mut Report, edits: &[CellEdit]) {
    for e in edits {
        report.set_cell(&e.id, e.new.clone());
    }
}

/// Runs autosum on a report in place; returns what changed.
pub fn autosum(report: &mut Report, table: Option<&str>) -> Vec<CellEdit> {
    let edits = autosum_edits(report, table);
    apply_edits(report, &edits);
    edits
}
